"""Running a report: execute the chosen notebooks with Papermill into a new run folder, several
at once in their own kernels, render each to HTML, and keep ``run.json`` saying how it went."""

from __future__ import annotations

import logging
import queue
import threading
import time
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from datetime import date as Date
from pathlib import Path
from typing import Any, TypeVar

import nbformat
import pandas as pd
import papermill
from papermill.exceptions import PapermillExecutionError
from tqdm.auto import tqdm

from newsframe.config import NOTEBOOKS_DIR, REPORTS_DIR, corpus_path
from newsframe.errors import ConfigError
from newsframe.files import PARTIAL, write_atomic
from newsframe.load import load_articles, load_summary
from newsframe.provenance import corpus_hash, library_versions
from newsframe.report.html import error_text, render_html, render_index, report_header
from newsframe.report.parameters import ACTORS_PARAMETERS, find_notebooks, plan_parameters, resolve_date
from newsframe.report.runs import RUN_FILE, check_reports_dir, new_run_dir, update_index, write_record, zip_run

STATUS_COLUMNS = ["notebook", "status", "seconds", "error", "ipynb", "html"]

Task = TypeVar("Task")


@dataclass(frozen=True)
class Run:
    """A finished (or interrupted) run: its folder and the contents of its ``run.json``.

    >>> run = Run(Path("r1"), {"status": "failed", "notebooks": [{"name": "01-x", "status": "failed", "seconds": 1.0,
    ...     "error": {"type": "ValueError", "message": "boom", "cell": 4}, "ipynb": "01-x.ipynb", "html": None}]})
    >>> run.ok, run.notebooks().loc[0, "error"]
    (False, 'ValueError: boom in cell [4]')
    """

    path: Path
    record: dict

    @property
    def ok(self) -> bool:
        return bool(self.record["status"] == "ok")

    def notebooks(self) -> pd.DataFrame:
        """One row per notebook: ``notebook``, ``status``, ``seconds``, ``error``, ``ipynb``, ``html``."""
        rows = [
            [n["name"], n["status"], n["seconds"], error_text(n["error"]), n["ipynb"], n["html"]]
            for n in self.record["notebooks"]
        ]
        return pd.DataFrame(rows, columns=STATUS_COLUMNS)


def run_report(
    *,
    corpus: str | Path = "data/sample",
    since: str | Date | None = None,
    until: str | Date | None = None,
    actors: str | Path | None = None,
    notebooks: Sequence[str] | None = None,
    notebooks_dir: str | Path = NOTEBOOKS_DIR,
    out: str | Path = REPORTS_DIR,
    jobs: int = 1,
    with_code: bool = False,
    kernel: str | None = None,
    parameters: Mapping[str, Any] | None = None,
    cache: bool = True,
    zip: bool = False,
    today: Date | None = None,
    progress: bool = True,
) -> Run:
    """Execute the report notebooks into a new run folder under ``out`` and render their HTML.

    ``corpus`` and ``actors`` are paths relative to the repository root unless absolute (as in
    the notebooks); ``since`` / ``until`` are dates or relative windows (see ``resolve_date``);
    ``parameters`` are further notebook parameters. ``actors`` sets the notebooks' ``actors``
    parameter; ``cache=False`` sets their ``cache`` parameter (analyses computed afresh, the
    Parquet store neither read nor written). Each notebook gets only the parameters it declares; a parameter
    that no chosen notebook declares raises ``ConfigError``. ``jobs`` notebooks run at once,
    each in its own kernel. Returns the ``Run``; a failed notebook makes
    ``run.record["status"]`` ``"failed"`` but never stops the others. ``out`` must be a folder
    newsframe made or may adopt (see ``check_reports_dir``); it is checked before anything is read.

    >>> run = run_report(corpus="data/sample", since="3m", jobs=2)  # doctest: +SKIP
    >>> run.notebooks()[["notebook", "status"]]  # doctest: +SKIP
    """
    started = _now()
    if jobs < 1:
        raise ConfigError(f"jobs must be at least 1; got {jobs}")
    paths = find_notebooks(Path(notebooks_dir).resolve(), names=notebooks)
    window = {"since": resolve_date(since, today=today), "until": resolve_date(until, today=today)}
    given: dict[str, Any] = {"corpus": str(corpus), **window}
    if actors is not None:
        given.update({name: str(actors) for name in ACTORS_PARAMETERS})
    if not cache:
        given["cache"] = False
    plan = plan_parameters(paths, given=given, extra=dict(parameters or {}))
    out = check_reports_dir(Path(out).resolve())

    articles = load_articles(corpus_path(corpus), since=window["since"], until=window["until"], progress=progress)
    counts = load_summary(articles).set_index("outcome")["count"]
    record: dict[str, Any] = {
        "run_id": None,
        "status": "incomplete",
        "started": started,
        "ended": None,
        "seconds": None,
        "parameters": {
            "corpus": str(corpus),
            **window,
            "actors": actors and str(actors),
            "window": {"since": since and str(since), "until": until and str(until)},
            "extra": dict(parameters or {}),
            "jobs": jobs,
            "with_code": with_code,
            "kernel": kernel,
        },
        "corpus": {
            "path": str(corpus),
            "hash": corpus_hash(articles),
            "articles": len(articles),
            "inputs": int(counts["inputs"]),
            "rejected": int(counts["rejected"]),
            "outside_window": int(counts["outside window"]),
            "duplicates": int(counts["duplicates (kept, flagged)"]),
        },
        "library_versions": library_versions(),
        "notebooks": [
            {
                "name": p.stem,
                "status": "pending",
                "started": None,
                "ended": None,
                "seconds": None,
                "parameters": plan[p],
                "error": None,
                "ipynb": None,
                "html": None,
            }
            for p in paths
        ],
    }
    run_dir = new_run_dir(out)
    record["run_id"] = run_dir.name
    run = Run(run_dir, record)
    lock = threading.Lock()
    stopping = threading.Event()  # interrupted: what worker threads finish afterwards is not recorded

    def save() -> None:
        with lock:
            write_record(run_dir, record)

    def execute(task: tuple[int, Path], slot: int) -> None:
        index, path = task
        entry = record["notebooks"][index]
        with lock:
            if stopping.is_set():
                return
            entry.update(status="running", started=_now())
            write_record(run_dir, record)
        outcome = execute_notebook(
            path,
            run_dir,
            entry,
            run=record,
            kernel=kernel,
            with_code=with_code,
            progress={"desc": path.stem, "position": slot + 1, "leave": False} if progress else False,
        )
        with lock:
            if stopping.is_set():
                return
            entry.update(outcome)
            write_record(run_dir, record)

    save()
    update_index(out)
    bar = tqdm(total=len(paths), desc=f"report {run_dir.name}", unit="notebook", disable=not progress)
    try:
        for task in run_tasks(list(enumerate(paths)), execute, jobs=jobs):
            entry = record["notebooks"][task[0]]
            bar.update()
            if entry["status"] != "ok" and progress:
                page = run_dir / (entry["html"] or entry["ipynb"] or RUN_FILE)
                bar.write(f"FAILED {entry['name']}: {error_text(entry['error'])} (see {page})")
        failed = any(n["status"] != "ok" for n in record["notebooks"])
        record.update(status="failed" if failed else "ok")
    except BaseException as interrupt:  # Ctrl-C, SIGTERM (raised as KeyboardInterrupt by the CLI)
        with lock:
            stopping.set()
            record.update(interrupted=type(interrupt).__name__)
            for entry in record["notebooks"]:
                if entry["status"] in ("pending", "running"):
                    executed = run_dir / f"{entry['name']}.ipynb"  # interrupted while its HTML was rendered
                    entry.update(status="incomplete", ipynb=executed.name if executed.exists() else None)
        for partial in run_dir.glob(f"*{PARTIAL}*"):
            if partial.suffix == PARTIAL:  # temp HTML/JSON of a worker thread, never a finished file
                partial.unlink(missing_ok=True)
        raise
    finally:
        bar.close()
        record.update(ended=_now(), seconds=round(_seconds(record["started"], _now()), 2))
        save()
        write_atomic(run_dir / "index.html", render_index([record], link_prefix=""))
        if zip and record["status"] != "incomplete":
            zip_run(run_dir)
        update_index(out)
    return run


def execute_notebook(
    path: Path,
    run_dir: Path,
    entry: Mapping,
    *,
    run: Mapping,
    kernel: str | None = None,
    with_code: bool = False,
    progress: dict | bool = False,
) -> dict[str, Any]:
    """Run one notebook into ``run_dir`` and render its HTML; return the updates of its
    ``run.json`` ``entry`` (status, error, file names, times). Every failure is recorded there,
    never raised; an interrupt (``KeyboardInterrupt``) is raised, with no status given, so the
    notebook stays unfinished rather than ``ok`` even when its HTML was being rendered.

    While it runs, the executed notebook is ``NN-name.partial.ipynb`` (Papermill saves it cell
    by cell); it is renamed to ``NN-name.ipynb`` when done, also when it failed.
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
                cwd=path.parent,
                progress_bar=progress,
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
        nb = nbformat.read(run_dir / ipynb if ipynb else path, as_version=4)
        page = render_html(nb, title=path.stem, header=report_header(run, {**entry, **outcome}), with_code=with_code)
        write_atomic(run_dir / f"{path.stem}.html", page)
        outcome["html"] = f"{path.stem}.html"
    except Exception as failure:
        outcome.update(
            status="failed",
            error=error
            or {"type": type(failure).__name__, "message": f"HTML rendering failed: {failure}", "cell": None},
        )
    return {**outcome, "ended": _now(), "seconds": round(time.monotonic() - started, 2)}


def run_tasks(tasks: list[Task], work: Callable[[Task, int], None], *, jobs: int) -> Iterator[Task]:
    """Yield each task once ``work(task, slot)`` is done, running up to ``jobs`` at once.

    Workers are daemon threads, each driving its own kernel, so an interrupt in the main thread
    ends the run at once; orphaned kernels exit by themselves when their parent process goes.
    ``slot`` (0 to ``jobs - 1``) tells the worker apart, e.g. for its progress bar's line.

    >>> sorted(run_tasks([1, 2, 3], lambda task, slot: None, jobs=2))
    [1, 2, 3]
    """
    if jobs == 1:
        for task in tasks:
            work(task, 0)
            yield task
        return
    todo: queue.SimpleQueue[Task] = queue.SimpleQueue()
    done: queue.SimpleQueue[Task] = queue.SimpleQueue()
    for task in tasks:
        todo.put(task)

    def worker(slot: int) -> None:
        while True:
            try:
                task = todo.get_nowait()
            except queue.Empty:
                return
            try:
                work(task, slot)
            finally:
                done.put(task)

    for slot in range(min(jobs, len(tasks))):
        threading.Thread(target=worker, args=(slot,), daemon=True, name=f"newsframe-report-{slot}").start()
    for _ in tasks:
        yield done.get()


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


def _seconds(start: str, end: str) -> float:
    return (datetime.fromisoformat(end) - datetime.fromisoformat(start)).total_seconds()
