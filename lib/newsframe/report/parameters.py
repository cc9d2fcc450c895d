"""Notebook parameters: read what each report notebook declares, read the values given on the
command line, and check that every given value goes to some notebook that declares it."""

from __future__ import annotations

import ast
import io
import re
import tokenize
from collections.abc import Iterable, Mapping, Sequence
from datetime import date as Date
from pathlib import Path
from typing import Any

import nbformat
import pandas as pd
import yaml
from papermill.iorw import NoDatesSafeLoader

from newsframe.config import NOTEBOOKS_DIR
from newsframe.errors import ConfigError
from newsframe.files import PARTIAL

PARAMETER_COLUMNS = ["notebook", "name", "type", "default", "help"]
ACTORS_PARAMETERS = ("actors",)  # the notebook parameter(s) that --actors sets
# Parameters set by an option of their own, never by -p: run.json and the page headers record the
# options (the runner loads the corpus and window it names), so -p must not change them behind its back.
OPTION_PARAMETERS = {
    "corpus": "--corpus",
    "since": "--since",
    "until": "--until",
    **{name: "--actors" for name in ACTORS_PARAMETERS},
    "cache": "--no-cache",
}
RELATIVE_WINDOW = re.compile(r"(\d+)([dwmy])")  # 7d, 4w, 3m, 1y: that long before today

_UNITS = {"d": "days", "w": "weeks", "m": "months", "y": "years"}


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
    match = RELATIVE_WINDOW.fullmatch(text.lower())
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


def parse_value(text: str, *, name: str | None = None) -> Any:
    """A ``-p NAME VALUE`` value read as YAML, like ``papermill -y``: dates stay strings.

    A value that is not YAML raises ``ConfigError`` in one line (naming ``-p name`` if given).

    >>> [parse_value(v) for v in ["10", "0.5", "true", "null", "[Xi, Putin]", "2021-12-15", "Xi"]]
    [10, 0.5, True, None, ['Xi', 'Putin'], '2021-12-15', 'Xi']
    >>> parse_value("[1, 2", name="top_n")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    newsframe.errors.ConfigError: -p top_n: cannot read '[1, 2' as YAML (expected ',' or ']', but got ...); ...
    """
    try:
        return yaml.load(text, Loader=NoDatesSafeLoader)
    except yaml.YAMLError as error:
        problem = " ".join(str(getattr(error, "problem", None) or error).split())  # YAML's messages span lines
        where = f"-p {name}: " if name else ""
        raise ConfigError(
            f"{where}cannot read {text!r} as YAML ({problem}); give a number, true, false, null, a [list] or text"
        ) from None


def find_notebooks(folder: str | Path = NOTEBOOKS_DIR, *, names: Sequence[str] | None = None) -> list[Path]:
    """The report notebooks of ``folder`` (``NN-name.ipynb``, in order), or the ``names`` chosen.

    A name may be the file name, its stem (``02-sentiment``), the number (``02``) or the name
    without its number (``sentiment``); an unknown name raises ``ConfigError`` listing the valid ones.

    >>> [path.stem for path in find_notebooks(names=["01"])]
    ['01-corpus-overview']
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
                name, kind, value = node.target.id, ast.unparse(node.annotation), node.value
            elif isinstance(node, ast.Assign) and len(node.targets) == 1 and isinstance(node.targets[0], ast.Name):
                name, kind, value = node.targets[0].id, _literal_type(node.value), node.value
            else:
                continue
            rows.append(
                [
                    path.stem,
                    name,
                    kind,
                    ast.get_source_segment(source, value),
                    comments.get(node.end_lineno or node.lineno, ""),
                ]
            )
    return pd.DataFrame(rows, columns=PARAMETER_COLUMNS)


def plan_parameters(paths: Sequence[Path], *, given: Mapping[str, Any], extra: Mapping[str, Any]) -> dict[Path, dict]:
    """The parameters each notebook gets: those of ``given`` (corpus, window, actors, cache) and
    ``extra`` (``-p``) that it declares.

    A name of ``extra`` that no notebook declares, or ``actors`` given when no notebook takes
    it, raises ``ConfigError`` before anything runs, so a typo is never silently ignored; so does
    a name of ``extra`` that has an option of its own (``corpus``, ``since``, ``until``,
    ``actors``, ``cache``), as ``run.json`` and the page headers record the options.

    >>> import nbformat, tempfile
    >>> nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell('top = 10', metadata={"tags": ["parameters"]})])
    >>> path = Path(tempfile.mkdtemp()) / "01-demo.ipynb"; nbformat.write(nb, path)
    >>> plan_parameters([path], given={"corpus": "data/sample"}, extra={"top": 3})[path]
    {'top': 3}
    >>> plan_parameters([path], given={}, extra={"tpo": 3})  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    newsframe.errors.ConfigError: no chosen notebook (01-demo) declares the parameter(s) tpo; ...
    >>> plan_parameters([path], given={}, extra={"since": "2021-01-01"})  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    newsframe.errors.ConfigError: use --since instead of -p since ...
    """
    for name in extra:
        if name in OPTION_PARAMETERS:
            raise ConfigError(
                f"use {OPTION_PARAMETERS[name]} instead of -p {name} (the options are what run.json "
                f"and the report headers record)"
            )
    declared = notebook_parameters(paths).groupby("notebook")["name"].agg(set).to_dict()
    known: set[str] = set().union(*declared.values()) if declared else set()
    unknown = sorted(set(extra) - known)
    if "actors" in given and not known & set(ACTORS_PARAMETERS):
        unknown.append(" or ".join(ACTORS_PARAMETERS))
    if unknown:
        names = ", ".join(path.stem for path in paths)
        raise ConfigError(
            f"no chosen notebook ({names}) declares the parameter(s) {', '.join(unknown)}; "
            f"see `newsframe report --list`"
        )
    wanted = {**given, **extra}
    return {p: {k: v for k, v in wanted.items() if k in declared.get(p.stem, set())} for p in paths}


def _parameters_source(nb: nbformat.NotebookNode) -> str:
    for cell in nb.cells:
        if cell.cell_type == "code" and "parameters" in cell.metadata.get("tags", []):
            return str(cell.source)
    return ""


def _literal_type(node: ast.expr) -> str:
    try:
        return type(ast.literal_eval(node)).__name__
    except ValueError:
        return ""
