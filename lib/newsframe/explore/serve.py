"""``newsframe explore``: the explorer notebook served as a local web page with Voilà, on
127.0.0.1 only and behind a token, with the corpus written into a copy of its parameters cell."""

from __future__ import annotations

import secrets
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from newsframe.config import NOTEBOOKS_DIR
from newsframe.errors import ConfigError

NOTEBOOK = NOTEBOOKS_DIR / "07-explore.ipynb"
HOST = "127.0.0.1"
TIMEOUT = 1800  # seconds a cell may run: the first open of a large corpus loads and reads it


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on now.

    >>> 1024 <= free_port() <= 65535
    True
    """
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind((HOST, 0))
        return int(sock.getsockname()[1])


def write_notebook(folder: str | Path, parameters: dict[str, Any], *, notebook: str | Path = NOTEBOOK) -> Path:
    """A copy of the explorer notebook in ``folder`` with ``parameters`` injected after its
    parameters cell (as Papermill does), named ``explore.ipynb``.

    >>> import json, tempfile
    >>> path = write_notebook(tempfile.mkdtemp(), {"corpus": "/data/news", "query": "oil"})
    >>> cells = json.loads(path.read_text())["cells"]
    >>> injected = [c for c in cells if "injected-parameters" in c["metadata"].get("tags", [])]
    >>> "".join(injected[0]["source"]).splitlines()[-2:]
    ['corpus = "/data/news"', 'query = "oil"']
    """
    import nbformat
    from papermill.iorw import load_notebook_node
    from papermill.parameterize import parameterize_notebook

    source = Path(notebook)
    if not source.is_file():
        raise ConfigError(f"the explorer notebook {source} is missing")
    nb = parameterize_notebook(load_notebook_node(str(source)), parameters)
    out = Path(folder) / "explore.ipynb"
    nbformat.write(nb, out)
    return out


def voila_command(notebook: str | Path, *, port: int, token: str) -> list[str]:
    """The Voilà command line that serves ``notebook`` on 127.0.0.1 only, behind ``token``, without
    opening a browser.

    >>> voila_command("explore.ipynb", port=8866, token="abc")[3:6]
    ['--no-browser', '--port=8866', '--Voila.ip=127.0.0.1']
    """
    return [
        sys.executable,
        "-m",
        "voila",
        "--no-browser",
        f"--port={port}",
        f"--Voila.ip={HOST}",
        f"--token={token}",
        f"--VoilaExecutor.timeout={TIMEOUT}",
        "--show_tracebacks=True",
        str(notebook),
    ]


def serve(
    corpus: str,
    *,
    port: int | None = None,
    query: str | None = None,
    actors: str | None = None,
    since: str | None = None,
    until: str | None = None,
    token: str | None = None,
    announce: Any = print,
) -> int:
    """Fill the store for ``corpus``, then serve the explorer with Voilà until interrupted; print
    its URL (with the token) first. Returns Voilà's exit status."""
    from newsframe.config import corpus_path
    from newsframe.store import build

    build(
        corpus_path(corpus), actors=actors and corpus_path(actors), progress=True
    )  # the page then only reads the store
    port = port or free_port()
    token = token or secrets.token_urlsafe(16)
    parameters = {"corpus": corpus, "query": query, "actors": actors, "since": since, "until": until}
    with tempfile.TemporaryDirectory(prefix="newsframe-explore-") as folder:
        notebook = write_notebook(folder, {k: v for k, v in parameters.items() if v is not None})
        process = subprocess.Popen(voila_command(notebook, port=port, token=token), cwd=folder)
        try:
            if listening(port, process):
                announce(f"newsframe explorer: http://{HOST}:{port}/?token={token}  (Ctrl-C stops it)", flush=True)
            elif process.poll() is None:
                announce(f"newsframe explorer: Voila is not listening on port {port} yet; see its messages", flush=True)
            return process.wait()
        finally:
            stop(process)


def listening(port: int, process: subprocess.Popen, *, timeout: float = 120) -> bool:
    """Wait until something listens on ``port`` of 127.0.0.1 (True), or ``process`` has exited or
    ``timeout`` seconds have passed (False)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline and process.poll() is None:
        with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
            if sock.connect_ex((HOST, port)) == 0:
                return True
        time.sleep(0.2)
    return False


def stop(process: subprocess.Popen, *, timeout: float = 10) -> None:
    """Terminate ``process`` (and wait for it), killing it when it does not exit within ``timeout`` seconds."""
    if process.poll() is None:
        process.terminate()
        try:
            process.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
