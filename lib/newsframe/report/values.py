"""Notebook parameter values: the type a parameter cell declares, the values a parameter allows,
and a value given as text (``-p NAME VALUE``) or as Python read and checked against both, so a
wrong value is refused before any kernel starts."""

from __future__ import annotations

import ast
import importlib
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import yaml

from newsframe.errors import ConfigError
from newsframe.load.tables import CANONICAL

# The values a parameter of this name may take in any notebook: the constant of the library module
# that uses it (a list parameter of that name: each item), imported when such a parameter is
# checked (newsframe.sentiment takes seconds to import). ``Literal[...]`` annotations give their own.
PARAMETER_CHOICES: dict[str, str] = {
    "period": "newsframe.periods:CHOICES",
    "scorer": "newsframe.sentiment:SCORERS",
    "scorers": "newsframe.sentiment:SCORERS",
    "level": "newsframe.actors:LEVELS",
}
NULLS = frozenset({"null", "none", "~", ""})  # text read as None for an Optional parameter
_NAMES = {"str": "text", "int": "a whole number", "float": "a number", "bool": "true or false"}
_NAMES |= {"list": "a list", "dict": "a mapping"}


class _NoDatesSafeLoader(yaml.SafeLoader):
    """YAML's safe loader with dates left as text, as ``papermill -y`` reads (not imported from
    Papermill: it takes seconds to import, and values are checked before anything heavy)."""


_NoDatesSafeLoader.yaml_implicit_resolvers = {
    first: [(tag, pattern) for tag, pattern in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


@dataclass(frozen=True)
class Kind:
    """What a parameter's annotation allows: a ``base`` type (``str``, ``int``, ``float``, ``bool``,
    ``list``, ``dict`` or ``any``), whether None is allowed, the type of a list's items, and choices."""

    base: str = "any"
    optional: bool = False
    item: Kind | None = None
    choices: tuple | None = None


def parse_kind(annotation: str) -> Kind:
    """The ``Kind`` of an annotation as written in a parameter cell (``""``: any value).

    >>> parse_kind("Optional[str]")
    Kind(base='str', optional=True, item=None, choices=None)
    >>> parse_kind("list[int]").item
    Kind(base='int', optional=False, item=None, choices=None)
    >>> parse_kind("Literal['day', 'week'] | None")
    Kind(base='str', optional=True, item=None, choices=('day', 'week'))
    """
    try:
        return _kind(ast.parse(annotation, mode="eval").body) if annotation.strip() else Kind()
    except SyntaxError:
        return Kind()


def parameter_choices(name: str, annotation: str = "") -> tuple | None:
    """The values the parameter ``name`` (annotated ``annotation``) may take, or None for any.

    >>> parameter_choices("scorer"), parameter_choices("top", "int"), parameter_choices("x", "Literal[1, 2]")
    (('textblob', 'vader'), None, (1, 2))
    """
    return _choices(name, parse_kind(annotation))


# a parameter of one of these names may also name a trained scorer file (.skops, notebook 06)
SCORER_FILE_PARAMETERS = frozenset({"scorer"})


def read_parameter(name: str, value: Any, kind: Kind, *, declared_by: str = "") -> Any:
    """``value`` as the parameter ``name`` of ``kind`` takes it, else ``ConfigError`` in one line.

    Text (from ``-p``) is read by the declared type: ``str`` takes it as it is, a list takes one
    item, items separated by commas, or a YAML list (``[a, b]``), a mapping takes ``k=v,k=v`` or a
    YAML mapping, other types read YAML (``10``, ``0.5``, ``true``); ``null`` (or nothing) is None
    where None is allowed. Values must then be of the declared type and among the choices of the
    name (``PARAMETER_CHOICES``) or of a ``Literal`` annotation.

    >>> read_parameter("focus_actors", "Vladimir Putin", parse_kind("list"))
    ['Vladimir Putin']
    >>> read_parameter("tracked_terms", "oil, trade", parse_kind("list")), read_parameter("top", "7", Kind("int"))
    (['oil', 'trade'], 7)
    >>> read_parameter("period", "mnth", Kind("str"))  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    newsframe.errors.ConfigError: -p period: 'mnth' is not one of day, week, month, quarter, year, auto
    >>> read_parameter("top", "ten", Kind("int"), declared_by="01-demo")
    Traceback (most recent call last):
    newsframe.errors.ConfigError: -p top: expected a whole number (int, as 01-demo declares it), got 'ten'
    """
    where = f"{kind.base}, as {declared_by} declares it" if declared_by else kind.base
    if isinstance(value, str):
        value = _from_text(name, value, kind)
    value = _checked(name, value, kind, where)
    choices = _choices(name, kind)
    for item in value if isinstance(value, list) else [value]:
        if name in SCORER_FILE_PARAMETERS and isinstance(item, str) and item.endswith(".skops"):
            _check_scorer_file(name, item)
        elif choices and item is not None and item not in choices:
            also = " or a trained scorer file (.skops)" if name in SCORER_FILE_PARAMETERS else ""
            raise ConfigError(f"-p {name}: {item!r} is not one of {', '.join(map(str, choices))}{also}")
    return value


def _check_scorer_file(name: str, item: str) -> None:
    """A trained scorer file must exist and load (skops, trusted types only), and the encoder it
    reads texts with (if any) be there, before any kernel starts."""
    from newsframe.config import corpus_path
    from newsframe.sentiment.encoder import check_encoder
    from newsframe.sentiment.scorer_files import load_scorer

    try:
        recorded = load_scorer(corpus_path(item)).metadata.get("encoder")
        if recorded:
            check_encoder(recorded["source"], recorded["digest"])
    except ConfigError as error:
        raise ConfigError(f"-p {name}: {error}") from None


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
        return yaml.load(text, Loader=_NoDatesSafeLoader)
    except yaml.YAMLError as error:
        problem = " ".join(str(getattr(error, "problem", None) or error).split())  # YAML's messages span lines
        where = f"-p {name}: " if name else ""
        raise ConfigError(
            f"{where}cannot read {text!r} as YAML ({problem}); give a number, true, false, null, a [list] or text"
        ) from None


def parse_columns(columns: str | Mapping[str, str] | None) -> dict[str, str] | None:
    """``--columns text=body,date=published`` as the mapping ``load_articles(columns=...)`` takes.

    Keys are the canonical names (id, text, title, date, source, url), each at most once; values
    are the table's own column names. Anything else raises ``ConfigError`` in one line.

    >>> parse_columns("text=body, date=published,title=headline")
    {'text': 'body', 'date': 'published', 'title': 'headline'}
    >>> parse_columns("text")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    newsframe.errors.ConfigError: --columns: expected NAME=COLUMN pairs separated by commas (...); got 'text'
    """
    if columns is None:
        return None
    example = "e.g. text=body,date=published"
    if isinstance(columns, str):
        pairs = [item.partition("=") for item in columns.split(",")]
        if not columns.strip() or any(not sep or not key.strip() or not value.strip() for key, sep, value in pairs):
            raise ConfigError(f"--columns: expected NAME=COLUMN pairs separated by commas ({example}); got {columns!r}")
        keys = [key.strip() for key, _, _ in pairs]
        if len(set(keys)) < len(keys):
            raise ConfigError(f"--columns: each name may be given once; got {columns!r}")
        mapping = {key.strip(): value.strip() for key, _, value in pairs}
    else:
        mapping = dict(columns)
    unknown = [key for key in mapping if key not in CANONICAL]
    if unknown:
        raise ConfigError(f"--columns: {unknown[0]!r} is not one of {', '.join(CANONICAL)} ({example})")
    bad = [key for key, value in mapping.items() if not isinstance(value, str) or not value.strip()]
    if bad:
        raise ConfigError(f"--columns: the column for {bad[0]!r} must be a column name ({example})")
    return mapping


def _choices(name: str, kind: Kind) -> tuple | None:
    if name in PARAMETER_CHOICES:
        module, constant = PARAMETER_CHOICES[name].split(":")
        return tuple(getattr(importlib.import_module(module), constant))
    return kind.choices or (kind.item.choices if kind.item else None)


def _kind(node: ast.expr) -> Kind:
    if isinstance(node, ast.Constant) and node.value is None:
        return Kind("none", optional=True)
    if isinstance(node, ast.Name | ast.Attribute):
        name = node.id if isinstance(node, ast.Name) else node.attr
        base = {"List": "list", "Sequence": "list", "Dict": "dict", "Mapping": "dict"}.get(name, name)
        return Kind(base if base in _NAMES else "any")
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.BitOr):
        return _union([_kind(node.left), _kind(node.right)])
    if isinstance(node, ast.Subscript):
        outer = _kind(node.value).base if not _named(node.value, "Optional", "Union", "Literal") else ""
        inner = list(node.slice.elts) if isinstance(node.slice, ast.Tuple) else [node.slice]
        if _named(node.value, "Optional"):
            return _union([_kind(inner[0]), Kind("none", optional=True)])
        if _named(node.value, "Union"):
            return _union([_kind(part) for part in inner])
        if _named(node.value, "Literal"):
            values = tuple(part.value for part in inner if isinstance(part, ast.Constant))
            bases = {type(v).__name__ for v in values if v is not None}
            base = bases.pop() if len(bases) == 1 and not bases & {"NoneType"} else "any"
            return Kind(base if base in _NAMES else "any", optional=None in values, choices=values)
        if outer == "list":
            return Kind("list", item=_kind(inner[0]))
        return Kind(outer)
    return Kind()


def _union(kinds: list[Kind]) -> Kind:
    optional = any(k.optional for k in kinds)
    real = [k for k in kinds if k.base != "none"]
    if len(real) == 1:
        only = real[0]
        return Kind(only.base, optional=optional, item=only.item, choices=only.choices)
    return Kind("any", optional=optional)


def _named(node: ast.expr, *names: str) -> bool:
    return (isinstance(node, ast.Name) and node.id in names) or (isinstance(node, ast.Attribute) and node.attr in names)


def _from_text(name: str, text: str, kind: Kind) -> Any:
    if kind.optional and text.strip().lower() in NULLS:
        return None
    if kind.base == "str":
        return text
    if kind.base == "list" and not text.lstrip().startswith("["):
        items = [item.strip() for item in text.split(",") if item.strip()]
        item_kind = kind.item or Kind("str")
        return [_from_text(name, item, item_kind) if item_kind.base != "any" else item for item in items]
    if kind.base == "dict" and "=" in text and not text.lstrip().startswith("{"):
        pairs = [item.partition("=") for item in text.split(",") if item.strip()]
        return {key.strip(): parse_value(value.strip(), name=name) for key, _, value in pairs}
    return parse_value(text, name=name)


def _checked(name: str, value: Any, kind: Kind, where: str) -> Any:
    if value is None:
        if kind.optional or kind.base in ("any", "none"):
            return None
        raise ConfigError(f"-p {name}: expected {_NAMES[kind.base]} ({where}), got null")
    base = kind.base
    fits = {
        "str": lambda v: isinstance(v, str),
        "int": lambda v: isinstance(v, int) and not isinstance(v, bool),
        "float": lambda v: isinstance(v, int | float) and not isinstance(v, bool),
        "bool": lambda v: isinstance(v, bool),
        "list": lambda v: isinstance(v, list | tuple),
        "dict": lambda v: isinstance(v, Mapping),
    }.get(base)
    if fits is not None and not fits(value):
        raise ConfigError(f"-p {name}: expected {_NAMES[base]} ({where}), got {value!r}")
    if base == "float":
        return float(value)
    if base == "list":
        item = kind.item or Kind()
        return [_checked(name, v, item, f"items of {where}") for v in value]
    return dict(value) if base == "dict" else value
