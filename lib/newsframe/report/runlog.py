"""A run's log, ``run.log`` in its folder: everything said during a run that is not the report
itself (newsframe's notices, warnings of the libraries, what the kernels print to their stderr),
so that neither the shared HTML nor the terminal or cron log carries it."""

from __future__ import annotations

import copy
import logging
import warnings
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO, TYPE_CHECKING

if TYPE_CHECKING:
    import nbformat

RUN_LOG = "run.log"
LOGGERS = ("newsframe", "papermill")  # their records go to the run log while a run lasts

_log = logging.getLogger("newsframe.report")


@contextmanager
def run_log(path: str | Path) -> Iterator[IO[str]]:
    """Send newsframe's and Papermill's log records and every Python warning to ``path`` while
    the block runs; yields the open file, for the kernels' own stdout and stderr.

    Appends (kernels write to the same file); the loggers, their levels and the warning filters
    are as they were afterwards.

    >>> import tempfile, warnings
    >>> path = Path(tempfile.mkdtemp()) / RUN_LOG
    >>> with run_log(path):
    ...     warnings.warn("a library's notice", FutureWarning)
    ...     logging.getLogger("newsframe.store").info("store rebuilt")
    >>> [line.split(" ", 1)[1] for line in path.read_text().splitlines()]  # doctest: +ELLIPSIS
    ["WARNING py.warnings: FutureWarning: a library's notice (...)", 'INFO newsframe.store: store rebuilt']
    """
    with open(path, "a", encoding="utf-8", buffering=1) as stream, warnings.catch_warnings():
        handler = logging.StreamHandler(stream)
        handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s", "%H:%M:%S"))
        loggers = [logging.getLogger(name) for name in LOGGERS]
        levels = [logger.level for logger in loggers]
        for logger in loggers:
            logger.addHandler(handler)
        loggers[0].setLevel(logging.INFO)  # newsframe's notices, not only its warnings
        pywarnings = logging.getLogger("py.warnings")

        def show(
            message: Warning | str,
            category: type[Warning],
            filename: str,
            lineno: int,
            file: IO[str] | None = None,
            line: str | None = None,
        ) -> None:
            text = f"{category.__name__}: {message} ({filename}:{lineno})"
            handler.handle(pywarnings.makeRecord("py.warnings", logging.WARNING, filename, lineno, text, (), None))

        warnings.showwarning = show
        try:
            yield stream
        finally:
            for logger, level in zip(loggers, levels):
                logger.removeHandler(handler)
                logger.setLevel(level)
            handler.close()


def move_stderr(nb: nbformat.NotebookNode, *, name: str) -> nbformat.NotebookNode:
    """A copy of ``nb`` without what its cells printed to stderr (warnings, progress bars), which
    goes to the run log (the ``newsframe.report`` logger) instead, naming the notebook and cell.

    >>> import nbformat
    >>> cell = nbformat.v4.new_code_cell("x", execution_count=3, outputs=[
    ...     nbformat.v4.new_output("stream", name="stderr", text="FutureWarning: soon\\n"),
    ...     nbformat.v4.new_output("stream", name="stdout", text="42\\n")])
    >>> [o.name for o in move_stderr(nbformat.v4.new_notebook(cells=[cell]), name="01-x").cells[0].outputs]
    ['stdout']
    """
    nb = copy.deepcopy(nb)  # the executed notebook keeps everything
    for index, cell in enumerate(nb.cells):
        if cell.cell_type != "code":
            continue
        kept = []
        for output in cell.get("outputs", []):
            if output.get("output_type") == "stream" and output.get("name") == "stderr":
                lines = [line.rsplit("\r", 1)[-1] for line in str(output.get("text", "")).split("\n")]
                text = "\n".join(line for line in lines if line.strip())
                if text:
                    where = cell.get("execution_count") or f"#{index}"
                    _log.info("%s, cell [%s], stderr:\n%s", name, where, text)
            else:
                kept.append(output)
        cell.outputs = kept
    return nb
