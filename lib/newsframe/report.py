"""Report runner: execute the notebooks with Papermill, render each to one self-contained HTML
file, and keep every run in its own folder with a ``run.json`` and an index of all runs.

A run writes ``<out>/<run-id>/`` (run ids sort by time) holding each executed ``.ipynb``, its
``.html`` and ``run.json``; ``<out>/index.html`` lists every run, newest first, and
``<out>/latest`` is a symlink to the newest successful run. A notebook that fails still gets its
executed notebook and an HTML page showing the failing cell and traceback; the others still run.
Files appear by write-then-rename, so an interrupted run leaves ``run.json`` saying
``"incomplete"`` and never a half-written HTML; a lock file serialises the index updates of
runs sharing one ``<out>`` folder.
"""

from __future__ import annotations

import ast
import copy
import fcntl
import html
import io
import json
import logging
import os
import queue
import re
import secrets
import threading
import time
import tokenize
import zipfile
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date as Date
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

import nbformat
import pandas as pd
import papermill
import yaml
from nbconvert import HTMLExporter
from papermill.exceptions import PapermillExecutionError
from papermill.iorw import NoDatesSafeLoader
from tqdm.auto import tqdm

from newsframe.config import NOTEBOOKS_DIR, PACKAGE_DIR, REPORTS_DIR, corpus_path
from newsframe.errors import ConfigError
from newsframe.load import load_articles, load_summary
from newsframe.provenance import corpus_hash, library_versions

TEMPLATES_DIR = PACKAGE_DIR / "templates"
PARAMETER_COLUMNS = ["notebook", "name", "type", "default", "help"]
STATUS_COLUMNS = ["notebook", "status", "seconds", "error", "ipynb", "html"]
RUN_FILE = "run.json"
LOCK_FILE = ".newsframe-report.lock"
ACTORS_PARAMETERS = ("actors",)  # the notebook parameter(s) that --actors sets
PARTIAL = ".partial"  # suffix of files still being written; renamed away when complete

_RELATIVE = re.compile(r"(\d+)([dwmy])")
_UNITS = {"d": "days", "w": "weeks", "m": "months", "y": "years"}


class _DropUnknownParameterWarning(logging.Filter):
    # Papermill's regex inspection misses PEP 604 annotations (`since: str | None = None`,
    # nteract/papermill#695) and then warns that the parameter is unknown although injection
    # works; this module checks parameters itself with `notebook_parameters`.
    def filter(self, record: logging.LogRecord) -> bool:
        return not record.getMessage().startswith("Passed unknown parameter")


logging.getLogger("papermill").addFilter(_DropUnknownParameterWarning())


# --- inputs -------------------------------------------------------------------------------


def resolve_date(value: str | Date | None, *, today: Date | None = None) -> str | None:
    """A date as ``YYYY-MM-DD``: ISO dates pass through, relative windows count back from today.

    ``7d``, ``4w``, ``3m``, ``1y`` mean that many days, weeks, months or years before ``today``
    (the current date by default); ``0d`` is today.

    >>> resolve_date("4w", today=Date(2024, 3, 31)), resolve_date("3m", today=Date(2024, 3, 31))
    ('2024-03-03', '2023-12-31')
    >>> resolve_date("2021-12-15"), resolve_date(None)
    ('2021-12-15', None)
    """
    if value is None or isinstance(value, Date):
        return None if value is None else value.isoformat()
    text = str(value).strip()
    match = _RELATIVE.fullmatch(text.lower())
    if match:
        count, unit = match.groups()
        day = pd.Timestamp(today or Date.today()) - pd.DateOffset(**{_UNITS[unit]: int(count)})
        return f"{day:%Y-%m-%d}"
    try:
        return Date.fromisoformat(text).isoformat()
    except ValueError:
        raise ConfigError(
            f"cannot read {text!r} as a date: expected YYYY-MM-DD or a relative window such as 7d, 4w, 3m, 1y"
        ) from None


def parse_value(text: str) -> Any:
    """A ``-p NAME VALUE`` value read as YAML, like ``papermill -y``: dates stay strings.

    >>> [parse_value(v) for v in ["10", "0.5", "true", "null", "[Xi, Putin]", "2021-12-15", "Xi"]]
    [10, 0.5, True, None, ['Xi', 'Putin'], '2021-12-15', 'Xi']
    """
    return yaml.load(text, Loader=NoDatesSafeLoader)


def find_notebooks(folder: str | Path = NOTEBOOKS_DIR, *, names: Sequence[str] | None = None) -> list[Path]:
    """The report notebooks of ``folder`` (``NN-name.ipynb``, in order), or the ``names`` chosen.

    A name may be the file name, its stem (``02-sentiment``), the number (``02``) or the name
    without its number (``sentiment``); an unknown name raises ``ConfigError`` listing the valid ones.
    """
    folder = Path(folder)
    available = sorted(p for p in folder.glob("[0-9][0-9]-*.ipynb") if not p.name.endswith(f"{PARTIAL}.ipynb"))
    if not names:
        if not available:
            raise ConfigError(f"no notebooks named NN-name.ipynb in {folder}")
        return available
    chosen: list[Path] = []
    for name in names:
        matches = [p for p in available if name in (p.name, p.stem, p.stem[:2], p.stem[3:])]
        if len(matches) != 1:
            valid = ", ".join(p.stem for p in available) or "none"
            raise ConfigError(f"no single notebook called {name!r} in {folder}; valid names: {valid}")
        chosen += [m for m in matches if m not in chosen]
    return chosen


def notebook_parameters(notebooks: Iterable[str | Path]) -> pd.DataFrame:
    """The parameters each notebook declares in its cell tagged ``parameters``.

    Returns one row per parameter: ``notebook`` (file stem), ``name``, ``type`` (the annotation
    as written, or the default's type), ``default`` (source text) and ``help`` (the line's
    comment). Read with ``ast``, not Papermill's inspection, which skips ``str | None``
    annotations (nteract/papermill#695).

    >>> import nbformat, tempfile
    >>> nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(
    ...     'since: str | None = None  # first day\\ntop = 10', metadata={"tags": ["parameters"]})])
    >>> path = Path(tempfile.mkdtemp()) / "01-demo.ipynb"; nbformat.write(nb, path)
    >>> notebook_parameters([path]).values.tolist()
    [['01-demo', 'since', 'str | None', 'None', 'first day'], ['01-demo', 'top', 'int', '10', '']]
    """
    rows = []
    for path in map(Path, notebooks):
        source = _parameters_source(nbformat.read(path, as_version=4))
        comments = {
            token.start[0]: token.string.lstrip("#").strip()
            for token in tokenize.generate_tokens(io.StringIO(source).readline)
            if token.type == tokenize.COMMENT
        }
        for node in ast.parse(source).body:
            if isinstance(node, ast.AnnAssign) and isinstance(node.target, ast.Name) and node.value is not None:
                name, kind = node.target.id, ast.unparse(node.annotation)
            elif isinstance(node, ast.Assign) and len(node.targets) == 1 and isinstance(node.targets[0], ast.Name):
                name, kind = node.targets[0].id, _literal_type(node.value)
            else:
                continue
            rows.append([path.stem, name, kind, ast.get_source_segment(source, node.value),
                         comments.get(node.end_lineno, "")])
    return pd.DataFrame(rows, columns=PARAMETER_COLUMNS)


def _parameters_source(nb: nbformat.NotebookNode) -> str:
    for cell in nb.cells:
        if cell.cell_type == "code" and "parameters" in cell.metadata.get("tags", []):
            return cell.source
    return ""


def _literal_type(node: ast.expr) -> str:
    try:
        return type(ast.literal_eval(node)).__name__
    except ValueError:
        return ""


# --- the run ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Run:
    """A finished (or interrupted) run: its folder and the contents of its ``run.json``."""

    path: Path
    record: dict

    @property
    def ok(self) -> bool:
        return self.record["status"] == "ok"

    def notebooks(self) -> pd.DataFrame:
        """One row per notebook: ``notebook``, ``status``, ``seconds``, ``error``, ``ipynb``, ``html``."""
        rows = [[n["name"], n["status"], n["seconds"], _error_text(n["error"]), n["ipynb"], n["html"]]
                for n in self.record["notebooks"]]
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
    ``run.record["status"]`` ``"failed"`` but never stops the others.

    >>> run = run_report(corpus="data/sample", since="3m", jobs=2)  # doctest: +SKIP
    >>> run.notebooks()[["notebook", "status"]]  # doctest: +SKIP
    """
    started = _now()
    if jobs < 1:
        raise ConfigError(f"jobs must be at least 1; got {jobs}")
    paths = find_notebooks(Path(notebooks_dir).resolve(), names=notebooks)
    window = {"since": resolve_date(since, today=today), "until": resolve_date(until, today=today)}
    given = {"corpus": str(corpus), **window}
    if actors is not None:
        given.update({name: str(actors) for name in ACTORS_PARAMETERS})
    if not cache:
        given["cache"] = False
    plan = _plan_parameters(paths, given=given, extra=dict(parameters or {}))

    articles = load_articles(corpus_path(corpus), since=window["since"], until=window["until"], progress=progress)
    counts = load_summary(articles).set_index("outcome")["count"]
    record = {
        "run_id": None,
        "status": "incomplete",
        "started": started,
        "ended": None,
        "seconds": None,
        "parameters": {"corpus": str(corpus), **window, "actors": actors and str(actors),
                       "window": {"since": since and str(since), "until": until and str(until)},
                       "extra": dict(parameters or {}), "jobs": jobs, "with_code": with_code, "kernel": kernel},
        "corpus": {"path": str(corpus), "hash": corpus_hash(articles), "articles": len(articles),
                   "inputs": int(counts["inputs"]), "rejected": int(counts["rejected"]),
                   "outside_window": int(counts["outside window"]),
                   "duplicates": int(counts["duplicates (kept, flagged)"])},
        "library_versions": library_versions(),
        "notebooks": [{"name": p.stem, "status": "pending", "started": None, "ended": None, "seconds": None,
                       "parameters": plan[p], "error": None, "ipynb": None, "html": None} for p in paths],
    }
    out = Path(out).resolve()
    run_dir = _new_run_dir(out)
    record["run_id"] = run_dir.name
    run = Run(run_dir, record)
    lock = threading.Lock()

    def save() -> None:
        with lock:
            _write_atomic(run_dir / RUN_FILE, json.dumps(record, indent=2, default=str))

    def execute(task: tuple[int, Path], slot: int) -> None:
        index, path = task
        entry = record["notebooks"][index]
        with lock:
            entry.update(status="running", started=_now())
        save()
        _execute_one(path, run_dir, entry, run=record, kernel=kernel, with_code=with_code,
                     progress={"desc": path.stem, "position": slot + 1, "leave": False} if progress else False)
        save()

    save()
    update_index(out)
    bar = tqdm(total=len(paths), desc=f"report {run_dir.name}", unit="notebook", disable=not progress)
    try:
        for task in _run_tasks(list(enumerate(paths)), execute, jobs=jobs):
            entry = record["notebooks"][task[0]]
            bar.update()
            if entry["status"] != "ok" and progress:
                page = run_dir / (entry["html"] or entry["ipynb"] or RUN_FILE)
                bar.write(f"FAILED {entry['name']}: {_error_text(entry['error'])} (see {page})")
        failed = any(n["status"] != "ok" for n in record["notebooks"])
        record.update(status="failed" if failed else "ok")
    except BaseException as interrupt:  # Ctrl-C, SIGTERM (raised as KeyboardInterrupt by the CLI)
        record.update(interrupted=type(interrupt).__name__)
        for entry in record["notebooks"]:
            if entry["status"] in ("pending", "running"):
                entry["status"] = "incomplete"
        for partial in run_dir.glob(f"*{PARTIAL}*"):
            if partial.suffix == PARTIAL:  # temp HTML/JSON, never a finished file
                partial.unlink(missing_ok=True)
        raise
    finally:
        bar.close()
        record.update(ended=_now(), seconds=round(_seconds(record["started"], _now()), 2))
        save()
        _write_atomic(run_dir / "index.html", render_index([record], link_prefix=""))
        if zip and record["status"] != "incomplete":
            zip_run(run_dir)
        update_index(out)
    return run


def _plan_parameters(paths: list[Path], *, given: dict, extra: dict) -> dict[Path, dict]:
    declared = notebook_parameters(paths).groupby("notebook")["name"].agg(set).to_dict()
    known = set().union(*declared.values()) if declared else set()
    unknown = sorted(set(extra) - known)
    if "actors" in given and not known & set(ACTORS_PARAMETERS):
        unknown.append(" or ".join(ACTORS_PARAMETERS))
    if unknown:
        names = ", ".join(path.stem for path in paths)
        raise ConfigError(f"no chosen notebook ({names}) declares the parameter(s) {', '.join(unknown)}; "
                          f"see `newsframe report --list`")
    wanted = {**given, **extra}
    return {p: {k: v for k, v in wanted.items() if k in declared.get(p.stem, set())} for p in paths}


def _execute_one(path: Path, run_dir: Path, entry: dict, *, run: dict, kernel: str | None, with_code: bool,
                 progress: dict | bool) -> None:
    """Run one notebook and render its HTML; every failure is recorded in ``entry``, never raised."""
    started = time.monotonic()
    partial = run_dir / f"{path.stem}{PARTIAL}.ipynb"
    error = None
    try:
        papermill.execute_notebook(path, partial, parameters=entry["parameters"], kernel_name=kernel,
                                   cwd=path.parent, progress_bar=progress)
    except PapermillExecutionError as failure:
        error = {"type": failure.ename, "message": failure.evalue, "cell": failure.exec_count}
    except Exception as failure:  # kernel died or did not start, bad notebook file, ...
        error = {"type": type(failure).__name__, "message": str(failure), "cell": None}
    if partial.exists():
        partial.replace(run_dir / f"{path.stem}.ipynb")
        entry["ipynb"] = f"{path.stem}.ipynb"
    entry.update(status="ok" if error is None else "failed", error=error)
    try:
        nb = nbformat.read(run_dir / entry["ipynb"] if entry["ipynb"] else path, as_version=4)
        page = render_html(nb, title=path.stem, header=report_header(run, entry), with_code=with_code)
        _write_atomic(run_dir / f"{path.stem}.html", page)
        entry["html"] = f"{path.stem}.html"
    except Exception as failure:
        entry.update(status="failed", error=error or {"type": type(failure).__name__,
                                                      "message": f"HTML rendering failed: {failure}", "cell": None})
    entry.update(ended=_now(), seconds=round(time.monotonic() - started, 2))


def _run_tasks(tasks: list, work: Callable[[Any, int], None], *, jobs: int) -> Iterator:
    """Yield each task once ``work(task, slot)`` is done, running up to ``jobs`` at once.

    Workers are daemon threads, each driving its own kernel, so an interrupt in the main thread
    ends the run at once; orphaned kernels exit by themselves when their parent process goes.
    """
    if jobs == 1:
        for task in tasks:
            work(task, 0)
            yield task
        return
    todo: queue.SimpleQueue = queue.SimpleQueue()
    done: queue.SimpleQueue = queue.SimpleQueue()
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


# --- files --------------------------------------------------------------------------------


def _new_run_dir(out: Path) -> Path:
    """Create ``out/<run-id>``: UTC time to the microsecond (so ids sort by time) plus a random tag."""
    out.mkdir(parents=True, exist_ok=True)
    while True:
        run_id = f"{datetime.now(timezone.utc):%Y-%m-%dT%H%M%S.%fZ}-{secrets.token_hex(2)}"
        try:
            (out / run_id).mkdir()
            return out / run_id
        except FileExistsError:
            continue


def _write_atomic(path: Path, text: str) -> None:
    """Write ``text`` to a temporary file beside ``path`` and rename it: readers see all or nothing."""
    temporary = path.with_name(f".{path.name}.{os.getpid()}.{threading.get_ident()}{PARTIAL}")
    temporary.write_text(text, encoding="utf-8")
    temporary.replace(path)


@contextmanager
def _locked(out: Path) -> Iterator[None]:
    with open(out / LOCK_FILE, "a") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def read_runs(out: str | Path = REPORTS_DIR) -> list[dict]:
    """The ``run.json`` records of every run under ``out``, newest first (unreadable ones skipped
    with status ``"unreadable"``)."""
    records = []
    for path in sorted(Path(out).glob(f"*/{RUN_FILE}"), reverse=True):
        if path.parent.is_symlink():  # `latest`
            continue
        try:
            records.append(json.loads(path.read_text(encoding="utf-8")))
        except (OSError, ValueError) as error:
            records.append({"run_id": path.parent.name, "status": "unreadable", "error": str(error), "notebooks": []})
    return records


def update_index(out: str | Path = REPORTS_DIR) -> Path:
    """Rewrite ``out/index.html`` from every run's ``run.json`` and point ``out/latest`` at the
    newest successful run; holds a lock so concurrent runs take turns."""
    out = Path(out)
    with _locked(out):
        runs = read_runs(out)
        _write_atomic(out / "index.html", render_index(runs))
        newest_ok = next((r["run_id"] for r in runs if r["status"] == "ok"), None)
        if newest_ok:
            link = out / f".latest.{os.getpid()}{PARTIAL}"
            link.unlink(missing_ok=True)
            link.symlink_to(newest_ok, target_is_directory=True)
            link.replace(out / "latest")
    return out / "index.html"


def zip_run(run_dir: str | Path) -> Path:
    """Pack a run folder into ``<run-id>.zip`` beside it, for sending; returns the zip's path."""
    run_dir = Path(run_dir)
    target = run_dir.with_name(f"{run_dir.name}.zip")
    temporary = run_dir.with_name(f".{run_dir.name}.zip{PARTIAL}")
    with zipfile.ZipFile(temporary, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for path in sorted(run_dir.iterdir()):
            if path.is_file() and PARTIAL not in path.name:
                archive.write(path, f"{run_dir.name}/{path.name}")
    temporary.replace(target)
    return target


# --- HTML ---------------------------------------------------------------------------------


def render_html(nb: nbformat.NotebookNode, *, title: str = "Notebook", header: str = "", with_code: bool = False) -> str:
    """One self-contained HTML page for an executed notebook.

    Figures are embedded, nothing is fetched from the network (no require.js, MathJax or
    widget scripts) and a Content-Security-Policy forbids any script and any remote resource,
    so HTML that slips into an output cannot run. Code cells are hidden unless ``with_code``,
    except a cell that raised, which is shown with its traceback. ``header`` is trusted HTML
    placed at the top (see ``report_header``).
    """
    nb = copy.deepcopy(nb)
    for cell in nb.cells:
        failed = any(o.get("output_type") == "error" for o in cell.get("outputs", []))
        if cell.cell_type == "code" and not (with_code or failed):
            cell.metadata["transient"] = {"remove_source": True}
    exporter = HTMLExporter(template_name="newsframe", extra_template_basedirs=[str(TEMPLATES_DIR)],
                            exclude_output_prompt=not with_code)
    body, _ = exporter.from_notebook_node(nb, resources={"newsframe_header": header, "metadata": {"name": title}})
    return body


def report_header(run: dict, entry: dict) -> str:
    """The block at the top of a notebook's HTML: status, corpus, window and provenance, escaped."""
    corpus, window = run["corpus"], run["parameters"]
    windowed = bool({"since", "until"} & set(entry["parameters"]))
    status = "ok" if entry["status"] == "ok" else f"FAILED: {_error_text(entry['error'])}"
    rows = {
        "report": f"{entry['name']} · {status}",
        "corpus": f"{corpus['path']} · corpus hash {corpus['hash']}",
        "window": _window_text(window) + ("" if windowed else " (not a parameter of this notebook)"),
        "articles": (f"{corpus['articles']:,} in window (of {corpus['inputs']:,} inputs: "
                     f"{corpus['rejected']:,} rejected, {corpus['outside_window']:,} outside the window)"),
        "parameters": ", ".join(f"{k}={v!r}" for k, v in entry["parameters"].items()) or "none",
        "run": f"{run['run_id']} · started {run['started']}",
        "libraries": ", ".join(f"{k} {v}" for k, v in run["library_versions"].items()),
    }
    items = "".join(f"<dt>{html.escape(k)}</dt><dd>{html.escape(str(v))}</dd>" for k, v in rows.items())
    notes = ""
    if corpus["articles"] == 0 and windowed:
        notes += '<p class="nf-empty">No articles in this window: the tables and figures below are empty.</p>'
    if entry["status"] != "ok":
        notes += ('<p class="nf-failed">This notebook failed; the cell that raised and its traceback '
                  "are shown below.</p>")
    return f'<header class="nf-header"><h1>{html.escape(entry["name"])}</h1><dl>{items}</dl>{notes}</header>'


def render_index(runs: list[dict], *, link_prefix: str | None = None) -> str:
    """An HTML page listing ``runs`` (newest first) with status, corpus, window and links.

    Links point to ``<run-id>/<notebook>.html``, or to ``<notebook>.html`` with ``link_prefix=""``
    (a run folder's own index).
    """
    rows = []
    for run in runs:
        prefix = f"{run['run_id']}/" if link_prefix is None else link_prefix
        links = " ".join(
            f'<a class="nf-{html.escape(n["status"])}" href="{html.escape(prefix + n["html"])}">'
            f'{html.escape(n["name"])}</a>' if n.get("html") else
            f'<span class="nf-{html.escape(n["status"])}">{html.escape(n["name"])}</span>'
            for n in run.get("notebooks", [])
        )
        corpus = run.get("corpus", {})
        cells = [run["run_id"], run["status"], run.get("started", ""), _seconds_text(run.get("seconds")),
                 corpus.get("path", ""), _window_text(run.get("parameters", {})), corpus.get("articles", "")]
        tds = "".join(f"<td>{html.escape(str(c))}</td>" for c in cells)
        rows.append(f'<tr class="nf-{html.escape(run["status"])}">{tds}<td>{links}</td></tr>')
    heads = "".join(f"<th>{h}</th>" for h in
                    ["run", "status", "started (UTC)", "duration", "corpus", "window", "articles", "notebooks"])
    return (_INDEX_HEAD + f"<table><thead><tr>{heads}</tr></thead><tbody>{''.join(rows)}</tbody></table>"
            + ("" if rows else "<p>No runs yet.</p>") + "</body></html>\n")


_INDEX_HEAD = """<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:">
<title>newsframe reports</title>
<style>
body { font: 14px/1.4 system-ui, sans-serif; margin: 2em; }
table { border-collapse: collapse; } td, th { padding: .3em .6em; border-bottom: 1px solid #ddd; text-align: left; }
a { margin-right: .6em; } .nf-failed, .nf-unreadable { color: #b00020; } .nf-incomplete { color: #8a6d00; }
</style></head><body><h1>newsframe reports</h1>
<p>Newest first. Status <b>incomplete</b> means the run is still going or was interrupted.</p>
"""


# --- small helpers ------------------------------------------------------------------------


def _now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="milliseconds")


def _seconds(start: str, end: str) -> float:
    return (datetime.fromisoformat(end) - datetime.fromisoformat(start)).total_seconds()


def _seconds_text(seconds: float | None) -> str:
    return "" if seconds is None else f"{seconds:.1f} s"


def _window_text(parameters: Mapping) -> str:
    since, until = parameters.get("since"), parameters.get("until")
    asked = parameters.get("window") or {}
    text = f"{since or 'any date'} to {until or 'any date'}" if since or until else "all dates"
    relative = [f"{k} {v}" for k, v in asked.items() if v and _RELATIVE.fullmatch(str(v).lower())]
    return text + (f" ({', '.join(relative)} before the run)" if relative else "")


def _error_text(error: dict | None) -> str:
    if not error:
        return ""
    where = f" in cell [{error['cell']}]" if error.get("cell") is not None else ""
    return f"{error['type']}: {error['message']}{where}"
