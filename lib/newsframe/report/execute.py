"""Executing one notebook: Papermill runs it in a kernel of its own (whose own output goes to the
run log), and nbconvert renders it to HTML without what the kernel printed to stderr."""

from __future__ import annotations

import logging
import os
import threading
import time
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import IO, Any

import nbformat
import papermill
from jupyter_client import AsyncKernelManager
from papermill.exceptions import PapermillExecutionError

from newsframe.files import PARTIAL, write_atomic
from newsframe.progress import PROGRESS_ENV
from newsframe.report.html import contents, render_html, report_header
from newsframe.report.runlog import move_stderr


def execute_notebook(
    path: Path,
    run_dir: Path,
    entry: Mapping,
    *,
    run: Mapping,
    kernel: str | None = None,
    with_code: bool = False,
    progress: dict | bool = False,
    log: IO[str] | None = None,
) -> dict[str, Any]:
    """Run one notebook into ``run_dir`` and render its HTML; return the updates of its
    ``run.json`` ``entry`` (status, error, file names, times). Every failure is recorded there,
    never raised; an interrupt (``KeyboardInterrupt``) is raised, with no status given, so the
    notebook stays unfinished rather than ``ok`` even when its HTML was being rendered.

    While it runs, the executed notebook is ``NN-name.partial.ipynb`` (Papermill saves it cell
    by cell); it is renamed to ``NN-name.ipynb`` when done, also when it failed. The kernel
    process writes its own stdout and stderr to ``log`` (the run log) when given; what the cells
    print to stderr (warnings, progress bars) stays in the ``.ipynb`` and goes to the run log
    instead of the HTML.
    """
    started = time.monotonic()
    partial = run_dir / f"{path.stem}{PARTIAL}.ipynb"
    error = None
    try:
        with unknown_parameter_warnings_dropped():
            papermill.execute_notebook(
                path,
                partial,
                parameters=entry["parameters"],
                kernel_name=kernel,
                # The kernel starts in the notebook's folder. Papermill's own `cwd` would chdir this
                # whole process, and notebooks run on threads (--jobs): the chdirs would race.
                resources={"metadata": {"path": str(path.parent)}},
                progress_bar=progress,
                **({"kernel_manager_class": kernel_manager(log)} if log is not None else {}),
            )
    except PapermillExecutionError as failure:
        error = {"type": failure.ename, "message": failure.evalue, "cell": failure.exec_count}
    except Exception as failure:  # kernel died or did not start, bad notebook file, ...
        error = {"type": type(failure).__name__, "message": str(failure), "cell": None}
    ipynb = None
    if partial.exists():
        partial.replace(run_dir / f"{path.stem}.ipynb")
        ipynb = f"{path.stem}.ipynb"
    outcome: dict[str, Any] = {
        "status": "ok" if error is None else "failed",
        "error": error,
        "ipynb": ipynb,
        "html": None,
    }
    try:
        nb = move_stderr(nbformat.read(run_dir / ipynb if ipynb else path, as_version=4), name=path.stem)
        header = report_header(run, {**entry, **outcome}, contents=contents(nb))
        page = render_html(nb, title=path.stem, header=header, with_code=with_code)
        write_atomic(run_dir / f"{path.stem}.html", page)
        outcome["html"] = f"{path.stem}.html"
    except Exception as failure:
        outcome.update(
            status="failed",
            error=error
            or {"type": type(failure).__name__, "message": f"HTML rendering failed: {failure}", "cell": None},
        )
    return {**outcome, "ended": _now(), "seconds": round(time.monotonic() - started, 2)}


def kernel_manager(log: IO[str]) -> type[AsyncKernelManager]:
    """A kernel manager class whose kernels write their own stdout and stderr (start-up notices
    such as "Kernel is running over TCP without encryption", crashes) to ``log``, not to the
    terminal (or the cron log) of the run. What the cells print still reaches the notebook; progress
    bars are switched off (``NEWSFRAME_PROGRESS=0``).
    """

    class RunLogKernelManager(AsyncKernelManager):
        async def start_kernel(self, **kw: Any) -> None:  # type: ignore[override]
            # Progress bars belong to an interactive session; in a shared report they are noise.
            env = {**os.environ, **kw.pop("env", {}), PROGRESS_ENV: "0"}
            await super().start_kernel(**{"stdout": log, "stderr": log, "env": env, **kw})

    return RunLogKernelManager


# --- Papermill's "unknown parameter" warning ------------------------------------------------


class _DropUnknownParameterWarning(logging.Filter):
    # Papermill's regex inspection misses PEP 604 annotations (`since: str | None = None`,
    # nteract/papermill#695) and then warns that the parameter is unknown although injection
    # works; the runner checks parameters itself with `plan_parameters`.
    def __init__(self) -> None:
        super().__init__()
        self.users = 0  # notebooks executing with the filter on, across worker threads
        self.lock = threading.Lock()

    def filter(self, record: logging.LogRecord) -> bool:
        return not record.getMessage().startswith("Passed unknown parameter")


_DROP_UNKNOWN_PARAMETER = _DropUnknownParameterWarning()


@contextmanager
def unknown_parameter_warnings_dropped() -> Iterator[None]:
    """Drop Papermill's "Passed unknown parameter" warnings for the block, and only there.

    The filter is on the ``papermill`` logger while at least one notebook is executing (they
    run in threads), and the logger is left as it was when the last one ends.

    >>> papermill_logger = logging.getLogger("papermill")
    >>> before = list(papermill_logger.filters)
    >>> with unknown_parameter_warnings_dropped():
    ...     bool(papermill_logger.filter(logging.makeLogRecord({"msg": "Passed unknown parameter: since"})))
    False
    >>> papermill_logger.filters == before
    True
    """
    logger, drop = logging.getLogger("papermill"), _DROP_UNKNOWN_PARAMETER
    with drop.lock:
        if drop.users == 0:
            logger.addFilter(drop)
        drop.users += 1
    try:
        yield
    finally:
        with drop.lock:
            drop.users -= 1
            if drop.users == 0:
                logger.removeFilter(drop)


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="milliseconds")
