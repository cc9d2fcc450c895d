"""Running a report: check everything given before any work, load the corpus and fill the store
once, then execute the chosen notebooks into a new run folder, several at once in their own
kernels, and keep ``run.json`` (and ``run.log``) saying how it went."""

from __future__ import annotations

import logging
import queue
import shlex
import threading
import time
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from datetime import date as Date
from pathlib import Path
from typing import Any, TypeVar

import pandas as pd
from tqdm.auto import tqdm

from newsframe.actors import load_actors
from newsframe.config import BATCH_SIZE, NOTEBOOKS_DIR, REPORTS_DIR, corpus_path
from newsframe.errors import ConfigError, NewsframeError
from newsframe.files import PARTIAL, write_atomic
from newsframe.load import load_articles, load_summary
from newsframe.load.reading import check_encoding
from newsframe.provenance import corpus_hash, library_versions
from newsframe.report.changes import previous_run
from newsframe.report.html import error_text, render_front_page
from newsframe.report.parameters import ACTORS_PARAMETERS, find_notebooks, is_interactive, plan_parameters
from newsframe.report.runlog import RUN_LOG, run_log
from newsframe.report.runs import (
    RUN_FILE,
    check_reports_dir,
    new_run_dir,
    read_runs,
    update_index,
    write_record,
    zip_run,
)
from newsframe.report.values import parse_columns
from newsframe.report.window import resolve_window

STATUS_COLUMNS = ["notebook", "status", "seconds", "error", "ipynb", "html"]
_log = logging.getLogger(__name__)

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
    columns: str | Mapping[str, str] | None = None,
    encoding: str | None = None,
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
    the notebooks); ``since`` / ``until`` are dates or relative windows (see ``resolve_window``);
    ``columns`` maps the canonical column names to a table corpus's own (``"text=body,date=published"``
    or a mapping, as ``load_articles(columns=...)``) and ``encoding`` names the text encoding
    of its files; ``parameters`` are further notebook parameters, text read as the type each
    notebook declares (see ``plan_parameters``). ``actors`` sets the notebooks' ``actors`` parameter;
    ``cache=False`` sets their ``cache`` parameter (analyses computed afresh, the Parquet store
    neither read nor written). Each notebook gets only the parameters it declares.

    Everything given is checked before anything is written or any kernel starts (``ConfigError``
    in one line: an unknown parameter or notebook, a value of the wrong type or not among its
    choices, a bad date, ``columns``, encoding or actors file, a missing corpus, an ``out`` that
    is not a reports folder). Then the corpus is loaded once and, unless ``cache=False``, the store is
    filled with its analysed tables (with the run's actors) before the notebooks start, so they
    only read it. ``jobs`` notebooks run at once, each in its own kernel. Returns the ``Run``; a
    failed notebook makes ``run.record["status"]`` ``"failed"`` but never stops the others. What is
    said during the run (warnings, the kernels' own output, the store's notices) goes to the
    run folder's ``run.log``, not to the HTML or the terminal.

    >>> run = run_report(corpus="data/sample", since="3m", jobs=2)  # doctest: +SKIP
    >>> run.notebooks()[["notebook", "status"]]  # doctest: +SKIP
    """
    started = _now()
    if jobs < 1:
        raise ConfigError(f"jobs must be at least 1; got {jobs}")
    paths = find_notebooks(Path(notebooks_dir).resolve(), names=notebooks)
    interactive = [p.stem for p in paths if is_interactive(p)]  # listed with how to open them, not run
    paths = [p for p in paths if p.stem not in interactive]
    opened = shlex.quote(str(corpus))
    first, last = resolve_window(since, until, today=today)
    window = {"since": first, "until": last}
    mapping, encoding = parse_columns(columns), check_encoding(encoding)
    given: dict[str, Any] = {"corpus": str(corpus), **window}
    if actors is not None:
        given.update({name: str(actors) for name in ACTORS_PARAMETERS})
    if not cache:
        given["cache"] = False
    loading: dict[str, Any] = {
        name: value for name, value in (("columns", mapping), ("encoding", encoding)) if value is not None
    }
    plan = plan_parameters(paths, given={**given, **loading}, extra=dict(parameters or {}))
    # the actors file is read now, so that a bad one stops the run before it starts
    aliases = load_actors(extend=[] if actors is None else [corpus_path(actors)]) if actors or cache else None
    out = check_reports_dir(Path(out).resolve())

    articles = load_articles(
        corpus_path(corpus), since=window["since"], until=window["until"], progress=progress, **loading
    )
    counts = load_summary(articles).set_index("outcome")["count"]
    extra = {name: next(p[name] for p in plan.values() if name in p) for name in parameters or {}}
    record: dict[str, Any] = {
        "run_id": None,
        "status": "incomplete",
        "started": started,
        "ended": None,
        "seconds": None,
        "log": RUN_LOG,
        "parameters": {
            "corpus": str(corpus),
            **window,
            "actors": actors and str(actors),
            "window": {"since": since and str(since), "until": until and str(until)},
            "columns": mapping,
            "encoding": encoding,
            "extra": extra,
            "jobs": jobs,
            "with_code": with_code,
            "kernel": kernel,
            "cache": cache,
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
        "store": None,
        "interactive": [{"name": name, "command": f"newsframe explore --corpus {opened}"} for name in interactive],
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
    from newsframe.report.execute import execute_notebook  # Papermill: after the checks, which fail fast

    lock = threading.Lock()
    stopping = threading.Event()  # interrupted: what worker threads finish afterwards is not recorded

    def save() -> None:
        with lock:
            write_record(run_dir, record)

    with run_log(run_dir / RUN_LOG) as log:

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
                log=log,
            )
            with lock:
                if stopping.is_set():
                    return
                entry.update(outcome)
                write_record(run_dir, record)

        save()
        update_index(out)
        bar = None
        try:
            if cache and aliases is not None:
                record["store"] = fill_store(articles, aliases=aliases, progress=progress)
                save()
            previous = previous_run(read_runs(out), record)
            record.update(
                front_findings(
                    articles, aliases=aliases, cache=cache, parameters=extra, previous=previous, progress=progress
                )
            )
            save()
            bar = tqdm(total=len(paths), desc=f"report {run_dir.name}", unit="notebook", disable=not progress)
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
            if bar is not None:
                bar.close()
            record.update(ended=_now(), seconds=round(_seconds(record["started"], _now()), 2))
            save()
            write_atomic(run_dir / "index.html", render_front_page(record))
            if zip and record["status"] != "incomplete":
                zip_run(run_dir)
            update_index(out)
    return run


def fill_store(articles: pd.DataFrame, *, aliases: pd.DataFrame, progress: bool = True) -> dict[str, Any]:
    """Bring the Parquet store up to date with ``articles`` (analysed with ``aliases``), so the
    notebooks only read it; returns what ``run.json`` records under ``store``: ``articles``,
    ``enriched`` (analysed now), ``reused``, ``seconds``, ``ended``, and ``error`` (None, or why the store
    could not be filled: the notebooks then analyse what they need themselves, and say so).
    """
    from newsframe.store import Store  # imported once the checks are done, as it takes seconds

    started = time.monotonic()
    summary: dict[str, Any] = {"articles": len(articles), "enriched": None, "reused": None, "error": None}
    try:
        row = Store(aliases=aliases).update([articles], progress=progress, total=len(articles), batch_size=BATCH_SIZE)
        summary.update(enriched=int(row["enriched"].iloc[0]), reused=int(row["reused"].iloc[0]))
    except NewsframeError as error:  # a read-only or damaged store: not a reason to stop the run
        summary["error"] = str(error)
        _log.warning("the store could not be filled before the notebooks: %s", error)
    return {**summary, "seconds": round(time.monotonic() - started, 2), "ended": _now()}


def front_findings(
    articles: pd.DataFrame,
    *,
    aliases: pd.DataFrame | None,
    cache: bool,
    parameters: Mapping[str, Any],
    previous: Mapping[str, Any] | None = None,
    progress: bool = False,
) -> dict[str, Any]:
    """What ``run.json`` records for the front page: ``findings`` (what changed since the
    ``previous`` run over the corpus, when there is one, then the rows of ``report.findings``,
    with the notebooks' ``period`` and ``scorer`` when the run sets them), ``summary`` (what the
    next run compares with, ``report.changes.run_summary``) and ``findings_error`` (None, or why
    they could not be computed: the notebooks are not affected). The articles' story clusters
    (``stories.find_stories``, with a bar when ``progress``) are kept in the store for the notebooks."""
    from newsframe.report.changes import changes, run_summary
    from newsframe.report.findings import findings
    from newsframe.sentiment import score_column
    from newsframe.store import analyse, remembered
    from newsframe.stories import add_stories, find_stories

    try:
        # kept in the store, where notebook 01 reads them back
        stories = remembered(find_stories, articles, cache=cache, progress=progress)
        articles = articles.pipe(add_stories, stories=stories)
        tables = analyse(
            articles,
            aliases=aliases,
            tables=["article_sentiment", "terms", "mentions", "quotes"],
            cache=cache,
            progress=False,
        )
        score = score_column(parameters.get("scorer", "textblob"))
        unique = parameters.get("unique", True)
        table = findings(articles, tables, period=parameters.get("period", "auto"), score=score, unique=unique)
        summary = run_summary(articles, tables, score=score, unique=unique)
        if previous is not None:
            table = pd.concat([changes(summary, previous["summary"], previous_id=previous["run_id"]), table])
    except Exception as error:  # a finding that cannot be computed must not cost the user the notebooks
        _log.exception("the front page's findings could not be computed")
        message = f"Findings could not be computed: {type(error).__name__}: {error}"
        return {"findings": [], "summary": None, "findings_error": message}
    rows = table.astype(object).where(table.notna(), None).to_dict("records")
    return {"findings": rows, "summary": summary, "findings_error": None}


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


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="milliseconds")


def _seconds(start: str, end: str) -> float:
    return (datetime.fromisoformat(end) - datetime.fromisoformat(start)).total_seconds()
