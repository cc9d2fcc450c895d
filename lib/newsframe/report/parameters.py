"""Notebook parameters: find the report notebooks, read what each declares in its parameter cell,
and plan what each gets: every given value goes to a notebook that declares it, as its type."""

from __future__ import annotations

import ast
import io
import json
import tokenize
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any

import pandas as pd

from newsframe.config import NOTEBOOKS_DIR
from newsframe.errors import ConfigError
from newsframe.files import PARTIAL
from newsframe.report.values import parse_kind, read_parameter

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
    "columns": "--columns",
    "encoding": "--encoding",
}
# How the corpus is read: given, they must reach every notebook that reads the corpus (declares
# ``corpus``), or that notebook would read it otherwise than the runner and the store did.
LOADING_PARAMETERS = ("columns", "encoding")


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


def is_interactive(path: str | Path) -> bool:
    """Whether a notebook is interactive (its metadata sets ``newsframe.interactive``, as the
    explorer's does): reports list it with how to open it instead of running it.

    >>> [p.stem for p in find_notebooks() if is_interactive(p)]
    ['07-explore']
    """
    metadata = json.loads(Path(path).read_text(encoding="utf-8")).get("metadata", {})
    return bool(metadata.get("newsframe", {}).get("interactive"))


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
        source = _parameters_source(path)
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
    """The parameters each notebook gets: those of ``given`` (the options: corpus, window, actors,
    cache, columns, encoding) and ``extra`` (``-p``) that it declares, ``extra`` read as the type
    it declares (see ``read_parameter``).

    Refused with ``ConfigError`` before anything runs, so a typo is never silently ignored or
    found minutes later inside a notebook: a name of ``extra`` that no notebook declares (the
    message lists the valid names) or that has an option of its own (``corpus``, ``since``,
    ``until``, ``actors``, ``cache``, ``columns``, ``encoding``: ``run.json`` and the page headers
    record the options); a value not of the declared type or not among its choices; ``actors``
    given when no notebook takes it; ``columns`` or ``encoding`` given when a notebook that reads
    the corpus does not declare them.

    >>> import nbformat, tempfile
    >>> cell = nbformat.v4.new_code_cell('top: int = 10\\nnames: list = []', metadata={"tags": ["parameters"]})
    >>> path = Path(tempfile.mkdtemp()) / "01-demo.ipynb"; nbformat.write(nbformat.v4.new_notebook(cells=[cell]), path)
    >>> plan_parameters([path], given={"corpus": "data/sample"}, extra={"top": "3", "names": "Xi Jinping"})[path]
    {'top': 3, 'names': ['Xi Jinping']}
    >>> plan_parameters([path], given={}, extra={"tpo": 3})  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    newsframe.errors.ConfigError: no chosen notebook (01-demo) declares the parameter(s) tpo; valid names: names, ...
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
    table = notebook_parameters(paths)
    declared: dict[str, dict[str, str]] = {
        stem: dict(zip(rows["name"], rows["type"])) for stem, rows in table.groupby("notebook", sort=False)
    }
    known = set(table["name"])
    unknown = sorted(set(extra) - known)
    if "actors" in given and not known & set(ACTORS_PARAMETERS):
        unknown.append(" or ".join(ACTORS_PARAMETERS))
    if unknown:
        names = ", ".join(path.stem for path in paths)
        valid = ", ".join(sorted(known - set(OPTION_PARAMETERS))) or "none"
        raise ConfigError(
            f"no chosen notebook ({names}) declares the parameter(s) {', '.join(unknown)}; "
            f"valid names: {valid} (see `newsframe report --list`)"
        )
    for name in LOADING_PARAMETERS:
        deaf = [stem for stem, names in declared.items() if name in given and "corpus" in names and name not in names]
        if deaf:
            raise ConfigError(
                f"{OPTION_PARAMETERS[name]} cannot reach {', '.join(deaf)}: it reads the corpus but declares no "
                f"`{name}` parameter, so it would read the corpus otherwise; leave it out with --notebooks"
            )
    plan = {}
    for path in paths:
        types = declared.get(path.stem, {})
        values = {name: value for name, value in given.items() if name in types}
        for name, value in extra.items():
            if name in types:
                values[name] = read_parameter(name, value, parse_kind(types[name]), declared_by=path.stem)
        plan[path] = values
    return plan


def _parameters_source(path: Path) -> str:
    # The notebook's JSON, read without nbformat: its schema validation takes seconds to import,
    # and the parameters are checked before anything heavy is imported, to fail fast.
    try:
        nb = json.loads(path.read_text(encoding="utf-8"))
        cells = nb["cells"] if isinstance(nb, dict) and nb.get("nbformat", 0) >= 4 else None
    except (OSError, ValueError, KeyError) as error:
        raise ConfigError(f"cannot read the notebook {path}: {error}") from None
    if not isinstance(cells, list):
        raise ConfigError(f"cannot read the notebook {path}: not a Jupyter notebook of format 4")
    for cell in cells:
        if cell.get("cell_type") == "code" and "parameters" in cell.get("metadata", {}).get("tags", []):
            source = cell.get("source", "")
            return "".join(source) if isinstance(source, list) else str(source)
    return ""


def _literal_type(node: ast.expr) -> str:
    try:
        return type(ast.literal_eval(node)).__name__
    except ValueError:
        return ""
