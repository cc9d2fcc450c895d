"""Report runner: execute the notebooks with Papermill, render each to one self-contained HTML
file, and keep every run in its own folder with a ``run.json`` and an index of all runs.

A run writes ``<out>/<run-id>/`` (run ids sort by time) holding each executed ``.ipynb``, its
``.html`` and ``run.json``; ``<out>/index.html`` lists every run, newest first, and
``<out>/latest`` is a symlink to the newest successful run. A notebook that fails still gets its
executed notebook and an HTML page showing the failing cell and traceback; the others still run.
Files appear by write-then-rename, so an interrupted run leaves ``run.json`` saying
``"incomplete"`` and never a half-written HTML; a lock file serialises the index updates of
runs sharing one ``<out>`` folder. newsframe writes only into a reports folder of its own
(marked by a ``.newsframe-reports`` file) or one it may adopt (missing, empty, or holding only a
``README.md`` / ``.gitignore``), never over a file it did not write.

One job per module: ``parameters`` (what the notebooks declare, the values given),
``runner`` (executing the notebooks), ``runs`` (the reports folder and its marker, run
folders, ``run.json``, index, ``latest``, zip) and ``html`` (the pages). Every name is
importable from ``newsframe.report``.
"""

from newsframe.files import PARTIAL
from newsframe.report.html import TEMPLATES_DIR, render_html, render_index, report_header
from newsframe.report.parameters import (
    ACTORS_PARAMETERS,
    OPTION_PARAMETERS,
    PARAMETER_COLUMNS,
    find_notebooks,
    notebook_parameters,
    parse_value,
    resolve_date,
)
from newsframe.report.runner import STATUS_COLUMNS, Run, run_report
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

__all__ = [
    "ACTORS_PARAMETERS",
    "LOCK_FILE",
    "OPTION_PARAMETERS",
    "PARAMETER_COLUMNS",
    "PARTIAL",
    "REPORTS_MARKER",
    "RUN_FILE",
    "STATUS_COLUMNS",
    "TEMPLATES_DIR",
    "Run",
    "check_reports_dir",
    "claim_reports_dir",
    "find_notebooks",
    "notebook_parameters",
    "parse_value",
    "read_runs",
    "render_html",
    "render_index",
    "report_header",
    "resolve_date",
    "run_report",
    "update_index",
    "zip_run",
]
