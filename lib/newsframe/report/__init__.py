"""Report runner: execute the notebooks with Papermill, render each to one self-contained HTML
file, and keep every run in its own folder with a ``run.json``, a ``run.log`` and an index of all runs.

A run writes ``<out>/<run-id>/`` (run ids sort by time) holding each executed ``.ipynb``, its
``.html``, ``run.json`` and ``run.log``; ``<out>/index.html`` lists every run, newest first, and
``<out>/latest`` is a symlink to the newest successful run. Everything given is checked before
any kernel starts; the corpus is loaded and the store filled once, before the notebooks. A
notebook that fails still gets its executed notebook and an HTML page showing the failing cell
and traceback; the others still run. Files appear by write-then-rename, so an interrupted run
leaves ``run.json`` saying ``"incomplete"`` and never a half-written HTML; a lock file
serialises the index updates of runs sharing one ``<out>`` folder. newsframe writes only into a
reports folder of its own (marked by a ``.newsframe-reports`` file) or one it may adopt
(missing, empty, or holding only a ``README.md`` / ``.gitignore``), never over a file it did not write.

One job per module: ``window`` (since / until from dates or relative windows), ``values``
(parameter types, choices, values given as text), ``parameters`` (what the notebooks declare,
what each gets), ``runner`` (a run: checks, corpus, store, notebooks), ``execute`` (one
notebook in its kernel), ``runlog`` (``run.log``), ``runs`` (the reports folder and its marker,
run folders, ``run.json``, index, ``latest``, zip) and ``html`` (the pages). Every name is
importable from ``newsframe.report``; all but the window's are imported on first use, because
the notebooks import ``resolve_window`` in every kernel and Papermill and nbconvert take
seconds to import.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

from newsframe.files import PARTIAL
from newsframe.report import startup  # noqa: F401  (before anything imports nbformat)
from newsframe.report.window import RELATIVE_WINDOW, resolve_date, resolve_window

if TYPE_CHECKING:
    from newsframe.report.execute import execute_notebook
    from newsframe.report.html import TEMPLATES_DIR, render_html, render_index, report_header
    from newsframe.report.parameters import (
        ACTORS_PARAMETERS,
        LOADING_PARAMETERS,
        OPTION_PARAMETERS,
        PARAMETER_COLUMNS,
        find_notebooks,
        notebook_parameters,
        plan_parameters,
    )
    from newsframe.report.runlog import RUN_LOG, move_stderr, run_log
    from newsframe.report.runner import STATUS_COLUMNS, Run, fill_store, run_report
    from newsframe.report.runs import (
        LOCK_FILE,
        REPORTS_MARKER,
        RUN_FILE,
        check_reports_dir,
        claim_reports_dir,
        read_runs,
        update_index,
        zip_run,
    )
    from newsframe.report.values import (
        PARAMETER_CHOICES,
        Kind,
        parameter_choices,
        parse_columns,
        parse_kind,
        parse_value,
        read_parameter,
    )

_MODULES = {
    "execute": ["execute_notebook"],
    "html": ["TEMPLATES_DIR", "render_html", "render_index", "report_header"],
    "parameters": [
        "ACTORS_PARAMETERS",
        "LOADING_PARAMETERS",
        "OPTION_PARAMETERS",
        "PARAMETER_COLUMNS",
        "find_notebooks",
        "notebook_parameters",
        "plan_parameters",
    ],
    "runlog": ["RUN_LOG", "move_stderr", "run_log"],
    "runner": ["STATUS_COLUMNS", "Run", "fill_store", "run_report"],
    "runs": [
        "LOCK_FILE",
        "REPORTS_MARKER",
        "RUN_FILE",
        "check_reports_dir",
        "claim_reports_dir",
        "read_runs",
        "update_index",
        "zip_run",
    ],
    "values": [
        "PARAMETER_CHOICES",
        "Kind",
        "parameter_choices",
        "parse_columns",
        "parse_kind",
        "parse_value",
        "read_parameter",
    ],
}
_HOME = {name: module for module, names in _MODULES.items() for name in names}

__all__ = [
    "ACTORS_PARAMETERS",
    "Kind",
    "LOADING_PARAMETERS",
    "LOCK_FILE",
    "OPTION_PARAMETERS",
    "PARAMETER_CHOICES",
    "PARAMETER_COLUMNS",
    "PARTIAL",
    "RELATIVE_WINDOW",
    "REPORTS_MARKER",
    "RUN_FILE",
    "RUN_LOG",
    "Run",
    "STATUS_COLUMNS",
    "TEMPLATES_DIR",
    "check_reports_dir",
    "claim_reports_dir",
    "execute_notebook",
    "fill_store",
    "find_notebooks",
    "move_stderr",
    "notebook_parameters",
    "parameter_choices",
    "parse_columns",
    "parse_kind",
    "parse_value",
    "plan_parameters",
    "read_parameter",
    "read_runs",
    "render_html",
    "render_index",
    "report_header",
    "resolve_date",
    "resolve_window",
    "run_log",
    "run_report",
    "update_index",
    "zip_run",
]


def __getattr__(name: str) -> Any:
    module = _HOME.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(f"{__name__}.{module}"), name)
    globals()[name] = value  # found directly next time
    return value


def __dir__() -> list[str]:
    return sorted({*globals(), *__all__})
