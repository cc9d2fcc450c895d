"""HTML pages: each executed notebook as one self-contained, script-free page with its header,
and the index of runs; run values are escaped by the templates, never pasted into markup."""

from __future__ import annotations

import copy
import functools
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import quote

import jinja2

from newsframe.report.window import RELATIVE_WINDOW

if TYPE_CHECKING:
    import nbformat

TEMPLATES_DIR = Path(__file__).parent / "templates"
# what the findings count, by the run's ``unique`` parameter (see ``defaults.unique_articles``)
COUNTED = {"True": "exact repeats left out", "False": "every copy counted", "stories": "one article per story"}
INDEX_HEADS = ["run", "status", "started (UTC)", "duration", "corpus", "window", "articles", "notebooks"]


def render_html(
    nb: nbformat.NotebookNode, *, title: str = "Notebook", header: str = "", with_code: bool = False
) -> str:
    """One self-contained HTML page for an executed notebook.

    Figures are embedded, nothing is fetched from the network (no require.js, MathJax or
    widget scripts) and a Content-Security-Policy forbids any script and any remote resource,
    so HTML that slips into an output cannot run. Code cells are hidden unless ``with_code``,
    except a cell that raised, which is shown with its traceback. ``header`` is trusted HTML
    placed at the top (see ``report_header``).

    >>> import nbformat
    >>> nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell("1 + 1")])
    >>> page = render_html(nb, title="demo", header="<header>hello</header>")
    >>> "<header>hello</header>" in page, "<script" in page, "1 + 1" in page
    (True, False, False)
    """
    from nbconvert import HTMLExporter  # here, not above: seconds to import, and the index pages do not need it

    nb = copy.deepcopy(nb)
    for cell in nb.cells:
        failed = any(o.get("output_type") == "error" for o in cell.get("outputs", []))
        if cell.cell_type == "code" and not (with_code or failed):
            cell.metadata["transient"] = {"remove_source": True}
    exporter = HTMLExporter(
        template_name="newsframe", extra_template_basedirs=[str(TEMPLATES_DIR)], exclude_output_prompt=not with_code
    )
    body, _ = exporter.from_notebook_node(nb, resources={"newsframe_header": header, "metadata": {"name": title}})
    return str(body)


def report_header(run: Mapping, entry: Mapping, *, contents: Sequence[str] = ()) -> str:
    """The block at the top of a notebook's HTML: status, corpus, window and provenance, escaped,
    then the list of its sections (``contents``, their headings), each a link to it.

    ``run`` is a run's record (``run.json``) and ``entry`` the notebook's entry in it.

    >>> run = {"corpus": {"path": "<b>c</b>", "hash": "h", "articles": 0, "inputs": 1, "rejected": 0,
    ...                   "outside_window": 1}, "parameters": {}, "run_id": "r", "started": "s", "library_versions": {}}
    >>> header = report_header(run, {"name": "01", "status": "ok", "error": None, "parameters": {"since": None}})
    >>> "&lt;b&gt;c&lt;/b&gt;" in header, "<b>" in header, "No articles in this window" in header
    (True, False, True)
    """
    corpus, window = run["corpus"], run["parameters"]
    windowed = bool({"since", "until"} & set(entry["parameters"]))
    status = "ok" if entry["status"] == "ok" else f"FAILED: {error_text(entry['error'])}"
    rows = {
        "report": f"{entry['name']} · {status}",
        "corpus": f"{corpus['path']} · corpus hash {corpus['hash']}",
        "window": window_text(window) + ("" if windowed else " (not a parameter of this notebook)"),
        "articles": (
            f"{corpus['articles']:,} in window (of {corpus['inputs']:,} inputs: "
            f"{corpus['rejected']:,} rejected, {corpus['outside_window']:,} outside the window)"
        ),
        "parameters": ", ".join(f"{k}={v!r}" for k, v in entry["parameters"].items()) or "none",
        "run": f"{run['run_id']} · started {run['started']}",
        "libraries": ", ".join(f"{k} {v}" for k, v in run["library_versions"].items()),
    }
    sections = [{"title": title, "href": "#" + quote(anchor(title), safe="")} for title in contents]
    return _template("header.html.j2").render(
        name=entry["name"],
        rows=rows,
        empty=corpus["articles"] == 0 and windowed,
        failed=entry["status"] != "ok",
        sections=sections,
    )


def contents(nb: nbformat.NotebookNode) -> list[str]:
    """The second-level headings of a notebook's Markdown cells, in order: its sections.

    >>> import nbformat
    >>> contents(nbformat.v4.new_notebook(cells=[nbformat.v4.new_markdown_cell("# T\\n\\n## Top actors\\ntext")]))
    ['Top actors']
    """
    lines = (line for cell in nb.cells if cell.cell_type == "markdown" for line in cell.source.splitlines())
    return [line[3:].strip() for line in lines if line.startswith("## ")]


def anchor(heading: str) -> str:
    """The id nbconvert gives a heading: its text with spaces as hyphens.

    >>> anchor("What is distinctive about the latest period?")
    'What-is-distinctive-about-the-latest-period?'
    """
    return heading.replace(" ", "-")


def render_index(runs: Sequence[Mapping], *, link_prefix: str | None = None) -> str:
    """An HTML page listing ``runs`` (newest first) with status, corpus, window and links.

    Links point to ``<run-id>/<notebook>.html``, or to ``<notebook>.html`` with ``link_prefix=""``
    (a run folder's own index). Every value is escaped and every link is a relative path; a value
    of the wrong kind (a hand-edited ``run.json``) shows as text or is left out, never raises.

    >>> run = {"run_id": "r1", "status": "ok", "corpus": {"path": "<i>news</i>"},
    ...        "notebooks": [{"name": "01-x", "status": "ok", "html": "01-x.html"}]}
    >>> page = render_index([run])
    >>> 'href="r1/01-x.html"' in page, "&lt;i&gt;news&lt;/i&gt;" in page, "<i>" in page
    (True, True, False)
    >>> "No runs yet" in render_index([])
    True
    """
    rows = []
    for run in runs:
        run_id, status, corpus = _text(run.get("run_id")), _text(run.get("status")), _mapping(run.get("corpus"))
        prefix = f"{run_id}/" if link_prefix is None else link_prefix
        cells = [
            run_id,
            status,
            _text(run.get("started")),
            seconds_text(run.get("seconds")),
            _text(corpus.get("path")),
            window_text(_mapping(run.get("parameters"))),
            _text(corpus.get("articles")),
        ]
        notebooks = run.get("notebooks")
        links = [
            {
                "status": _text(n.get("status")),
                "name": _text(n.get("name")),
                "href": _href(prefix + n["html"]) if isinstance(n.get("html"), str) and n["html"] else None,
            }
            for n in (notebooks if isinstance(notebooks, list) else [])
            if isinstance(n, Mapping)
        ]
        rows.append({"status": status, "cells": cells, "links": links})
    return _template("runs.html.j2").render(heads=INDEX_HEADS, runs=rows) + "\n"


def render_front_page(run: Mapping) -> str:
    """A run folder's front page (its ``index.html``): the corpus and window in one line, the
    findings of ``run["findings"]`` (see ``report.findings``), each with a link to the section
    that shows it, then the notebooks with their status. Every value is escaped; links are
    relative paths.

    >>> run = {"run_id": "r1", "status": "ok", "corpus": {"path": "<i>news</i>", "articles": 3}, "parameters": {},
    ...        "findings": [{"topic": "volume", "finding": "3 articles", "notebook": "01-x", "section": "Top"}],
    ...        "notebooks": [{"name": "01-x", "status": "ok", "html": "01-x.html", "seconds": 2.0, "error": None}]}
    >>> page = render_front_page(run)
    >>> 'href="01-x.html#Top"' in page, "&lt;i&gt;news&lt;/i&gt;" in page, "<i>" in page
    (True, True, False)
    """
    corpus, parameters = _mapping(run.get("corpus")), _mapping(run.get("parameters"))
    notebooks = [n for n in run.get("notebooks") or [] if isinstance(n, Mapping)]
    pages = {_text(n.get("name")): n["html"] for n in notebooks if isinstance(n.get("html"), str) and n["html"]}
    findings = []
    for finding in run.get("findings") or []:
        if not isinstance(finding, Mapping):
            continue
        page = pages.get(_text(finding.get("notebook")))
        section = finding.get("section")
        href = _href(page) + (f"#{quote(str(section), safe='')}" if section else "") if page else None
        findings.append({**{k: _text(finding.get(k)) for k in ("topic", "finding", "notebook")}, "href": href})
    articles = corpus.get("articles")
    line = " · ".join(
        [
            _text(corpus.get("path")),
            window_text(parameters),
            f"{articles:,} articles" if isinstance(articles, int) else "",
            f"run {_text(run.get('run_id'))}",
        ]
    )
    rows = [
        {
            "name": _text(n.get("name")),
            "status": _text(n.get("status")),
            "seconds": seconds_text(n.get("seconds")),
            "error": error_text(n.get("error")) if isinstance(n.get("error"), Mapping) else "",
            "href": _href(pages[_text(n.get("name"))]) if _text(n.get("name")) in pages else None,
        }
        for n in notebooks
    ]
    return (
        _template("run.html.j2").render(
            corpus=_text(corpus.get("path")),
            line=line,
            status=_text(run.get("status")),
            findings=findings,
            counted=COUNTED.get(str(_mapping(parameters.get("extra")).get("unique", True)), COUNTED["True"]),
            findings_error=_text(run.get("findings_error")),
            notebooks=rows,
            interactive=[
                {"name": _text(n.get("name")), "command": _text(n.get("command"))}
                for n in run.get("interactive") or []
                if isinstance(n, Mapping)
            ],
        )
        + "\n"
    )


def error_text(error: Mapping | None) -> str:
    """A notebook's error (from its ``run.json`` entry) in one line.

    >>> error_text({"type": "ValueError", "message": "boom", "cell": 4}), error_text(None)
    ('ValueError: boom in cell [4]', '')
    """
    if not error:
        return ""
    where = f" in cell [{error['cell']}]" if error.get("cell") is not None else ""
    return f"{error['type']}: {error['message']}{where}"


def window_text(parameters: Mapping) -> str:
    """A run's window in words, with the relative window it came from.

    >>> window_text({"since": "2024-03-03", "until": None, "window": {"since": "4w"}})
    '2024-03-03 to any date (since 4w before the run)'
    >>> window_text({})
    'all dates'
    """
    since, until = parameters.get("since"), parameters.get("until")
    asked = _mapping(parameters.get("window"))
    text = f"{since or 'any date'} to {until or 'any date'}" if since or until else "all dates"
    relative = [f"{k} {v}" for k, v in asked.items() if v and RELATIVE_WINDOW.fullmatch(str(v).lower())]
    return text + (f" ({', '.join(relative)} before the run)" if relative else "")


def seconds_text(seconds: object) -> str:
    """A duration for the index.

    >>> seconds_text(12.345), seconds_text(None), seconds_text("long")
    ('12.3 s', '', '')
    """
    return f"{seconds:.1f} s" if isinstance(seconds, int | float) and not isinstance(seconds, bool) else ""


def _text(value: object) -> str:
    return "" if value is None else str(value)


def _mapping(value: object) -> Mapping:
    return value if isinstance(value, Mapping) else {}


def _href(path: str) -> str:
    # Each segment percent-encoded: a link stays a relative path, whatever a run.json says
    # (``javascript:x`` becomes ``javascript%3Ax``, a file name).
    return "/".join(quote(part, safe="") for part in path.split("/"))


@functools.cache
def _environment() -> jinja2.Environment:
    return jinja2.Environment(
        loader=jinja2.FileSystemLoader(TEMPLATES_DIR / "newsframe"), autoescape=True, undefined=jinja2.StrictUndefined
    )


def _template(name: str) -> jinja2.Template:
    return _environment().get_template(name)
