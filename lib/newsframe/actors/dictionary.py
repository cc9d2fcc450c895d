"""The actor dictionary: read, check and flatten YAML actor files into the tidy ``aliases`` table.

A file (read with ``yaml.safe_load``'s loader, so it cannot run code, and refused before it is
built when its aliases would expand it beyond ``MAX_ALIAS_NODES``) lists actors, role titles
with dated holders, metonyms and exclusions; ``load_actors`` returns one row per alias:
``actor``, ``type``, ``country``, ``alias``, ``kind`` (``name``, ``ambiguous``, ``role``,
``metonym``, ``exclusion``), ``case`` (``exact``/``ignore``), ``since``, ``until`` (the dates a
role or dated alias holds, half-open). Anything invalid raises ``ActorDictionaryError`` naming the file
and the entry.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Sequence
from datetime import date as Date
from functools import lru_cache
from pathlib import Path
from typing import Any

import pandas as pd
import yaml

from newsframe import schemas
from newsframe.actors.countries import with_countries
from newsframe.config import ACTORS_FILE
from newsframe.errors import ActorDictionaryError

TYPES = ("person", "country", "organisation", "group")
CASES = ("exact", "ignore")
AMBIGUOUS = "ambiguous"  # the kind of a name alias that counts only in context (a surname: ``Brown``)
ALIAS_COLUMNS = schemas.columns("aliases")
UNRESOLVED = "role"  # the type of a role mention whose holder on the article's date is unknown
MAX_ALIAS_NODES = 1_000_000  # YAML nodes that aliases (*name) may add to a file once expanded

_SAFE_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # safe_load's loader, in C when libyaml is there
_SPACE = re.compile(r"\s")


def load_actors(path: str | Path | None = None, *, extend: str | Path | Sequence[str | Path] = ()) -> pd.DataFrame:
    """Load an actor dictionary (default: the packaged ``actors.yml``) and user files as the ``aliases`` table.

    A file holds ``actors`` (a list of entries with ``name``, ``type`` (one of person, country,
    organisation, group), optional ``country``, ``aliases``, ``metonyms`` and ``roles``), ``roles``
    (role name to its titles, e.g. ``US President: [US President, U.S. President]``), ``exclusions``
    (phrases that are never a mention, e.g. ``Baker Hughes``) and, in extending files, ``drop``
    (names of actors to remove). An alias is a string (matched case-sensitively) or a mapping
    ``{alias: ..., case: ignore, unique: false}``; a role is ``{role: ..., since: YYYY-MM-DD,
    until: YYYY-MM-DD}``. An actor in a later file replaces the one of the same name. The name is
    always an alias. A one-word alias of a person (a surname) is ambiguous unless marked
    ``unique: true``, any other alias is unique unless marked ``unique: false``: an ambiguous
    alias has ``kind`` ``ambiguous`` and counts only in context (see ``find_mentions``); several
    actors may share it.

    Returns one row per alias: ``actor``, ``type``, ``country``, ``alias``, ``kind`` (``name``,
    ``ambiguous``, ``role``, ``metonym`` or ``exclusion``), ``case`` (``exact`` or ``ignore``), ``since``,
    ``until`` (dates a role holds: ``since`` included, ``until`` excluded; NaT = open). Each role
    title also has an undated row whose ``actor`` is the role name and ``type`` is ``"role"``:
    the fallback when no holder is known for the article's date. Raises ``ActorDictionaryError``
    naming the file and entry for anything invalid.

    >>> aliases = load_actors()
    >>> putin = aliases[aliases["alias"].eq("Russian President") & aliases["since"].eq(pd.Timestamp("2012-05-07"))]
    >>> putin[["actor", "kind"]].values.tolist()
    [['Vladimir Putin', 'role']]
    """
    files = [Path(path) if path is not None else ACTORS_FILE]
    files += [Path(extend)] if isinstance(extend, (str, Path)) else [Path(f) for f in extend]
    try:
        stamps = tuple((str(f.resolve()), f.stat().st_mtime_ns, f.stat().st_size) for f in files)
    except OSError:
        return _load(tuple(files))  # names the file that cannot be read
    return _load_unchanged(tuple(files), stamps).copy()


@lru_cache(maxsize=8)
def _load_unchanged(files: tuple[Path, ...], stamps: tuple[tuple[str, int, int], ...]) -> pd.DataFrame:
    """``_load``, remembered while the files stay as they are (``stamps``: path, mtime, size): every
    notebook and analysis asks for the dictionary, and reading it takes about half a second."""
    return _load(files)


def _load(files: tuple[Path, ...]) -> pd.DataFrame:
    actors: dict[str, tuple[Path, str, dict]] = {}  # name -> (file, entry label, entry)
    roles: dict[str, tuple[Path, list[str]]] = {}
    exclusions: dict[str, Path] = {}
    for number, file in enumerate(files):
        document = with_countries(_read_yaml(file)) if number == 0 and file == ACTORS_FILE else _read_yaml(file)
        for name in _string_list(file, document.get("drop", []), "drop"):
            if number == 0:
                raise ActorDictionaryError(file, "`drop` only makes sense in a file that extends another", entry="drop")
            actors.pop(name, None)
        for index, entry in enumerate(document.get("actors") or []):
            label, name = _check_actor(file, index, entry)
            actors[name] = (file, label, entry)
        role_map = document.get("roles") or {}
        if not isinstance(role_map, dict):
            raise ActorDictionaryError(file, "`roles` must map each role name to a list of titles", entry="roles")
        for role, titles in role_map.items():
            roles[str(role)] = (file, _string_list(file, titles, f"roles: {role}"))
        for phrase in _string_list(file, document.get("exclusions", []), "exclusions"):
            exclusions[phrase] = file
    rows = []
    for name, (file, label, entry) in actors.items():
        rows += _actor_rows(file, label, name, entry, roles)
    for role, (_, titles) in roles.items():
        rows += [_row(role, UNRESOLVED, None, title, "role", "exact") for title in titles]
    rows += [_row(None, None, None, phrase, "exclusion", "exact") for phrase in exclusions]
    table = pd.DataFrame(rows, columns=ALIAS_COLUMNS)
    table = schemas.conform(
        table.assign(since=pd.to_datetime(table["since"]), until=pd.to_datetime(table["until"])), "aliases"
    )
    where = {name: (file, label) for name, (file, label, _) in actors.items()}
    where |= {role: (file, f"roles: {role}") for role, (file, _) in roles.items()}
    _check_clashes(table, where)
    return table


def _read_yaml(file: Path) -> dict:
    try:
        document = _safe_load(file, file.read_text(encoding="utf-8"))
    except OSError as error:
        raise ActorDictionaryError(file, f"cannot be read: {error.strerror or error}") from None
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        where = f"line {mark.line + 1}, column {mark.column + 1}: " if mark else ""
        raise ActorDictionaryError(file, f"{where}not valid YAML ({getattr(error, 'problem', error)})") from None
    except ValueError as error:  # e.g. an impossible date such as 2020-13-01
        raise ActorDictionaryError(file, f"not valid YAML ({error})") from None
    if document is None:
        return {}
    if not isinstance(document, dict):
        raise ActorDictionaryError(file, "expected a mapping with `actors`, `roles`, `exclusions` (and `drop`)")
    unknown = set(document) - {"actors", "roles", "exclusions", "drop"}
    if unknown:
        raise ActorDictionaryError(
            file, f"unknown top-level keys {sorted(unknown)}; expected actors, roles, exclusions, drop"
        )
    return document


def _safe_load(file: Path, text: str) -> Any:
    """``yaml.safe_load`` in two steps: compose the node graph, check what aliases would expand it to, build.

    Composing never expands an alias: ``*name`` is the very node that ``&name`` labelled, so a
    "billion laughs" file is a small graph until something walks it as a tree.
    """
    loader = _SAFE_LOADER(text)
    try:
        node = loader.get_single_node()
        if node is None:
            return None
        written, expanded = _node_counts(file, node)
        if expanded - written > MAX_ALIAS_NODES:
            raise ActorDictionaryError(
                file,
                f"refused before expanding it: its aliases (*name) would turn its "
                f"{written:,} YAML nodes into {expanded:,}, over the limit of "
                f"{MAX_ALIAS_NODES:,} nodes added by aliases (an alias bomb?)",
            )
        return loader.construct_document(node)
    finally:
        loader.dispose()


def _node_counts(file: Path, root: yaml.Node) -> tuple[int, int]:
    """The distinct nodes of the graph under ``root`` and the nodes of the tree it expands to.

    A depth-first walk without recursion (deep nesting cannot exhaust the stack), memoised by node
    identity, so each distinct node is visited once however many aliases point to it.
    """
    sizes: dict[int, int] = {}  # id(node) -> nodes in its expanded tree
    open_nodes: set[int] = set()  # the nodes whose children are being walked: the current path
    stack: list[tuple[yaml.Node, bool]] = [(root, False)]
    while stack:
        node, children_done = stack.pop()
        children = _children(node)
        if children_done:
            open_nodes.discard(id(node))
            sizes[id(node)] = 1 + sum(sizes[id(child)] for child in children)
        elif id(node) not in sizes:
            if id(node) in open_nodes:
                raise ActorDictionaryError(file, "refused: an alias (*name) refers to a node that contains it")
            open_nodes.add(id(node))
            stack.append((node, True))
            stack += [(child, False) for child in children if id(child) not in sizes]
    return len(sizes), sizes[id(root)]


def _children(node: yaml.Node) -> list[yaml.Node]:
    if isinstance(node, yaml.SequenceNode):
        return list(node.value)
    if isinstance(node, yaml.MappingNode):
        return [item for pair in node.value for item in pair]
    return []


def _check_actor(file: Path, index: int, entry: Any) -> tuple[str, str]:
    label = f"actors[{index}]"
    if not isinstance(entry, dict):
        raise ActorDictionaryError(file, "each actor must be a mapping with at least `name` and `type`", entry=label)
    name = entry.get("name")
    if not isinstance(name, str) or not name.strip():
        raise ActorDictionaryError(file, "missing `name` (a non-empty string)", entry=label)
    label = f"{label} ({name})"
    unknown = set(entry) - {"name", "type", "country", "aliases", "metonyms", "roles"}
    if unknown:
        raise ActorDictionaryError(
            file, f"unknown keys {sorted(unknown)}; expected name, type, country, aliases, metonyms, roles", entry=label
        )
    if entry.get("type") not in TYPES:
        raise ActorDictionaryError(
            file, f"type must be one of {', '.join(TYPES)}; got {entry.get('type')!r}", entry=label
        )
    if entry.get("country") is not None and not isinstance(entry["country"], str):
        raise ActorDictionaryError(file, "`country` must be a string", entry=label)
    return label, name.strip()


def _actor_rows(file: Path, label: str, name: str, entry: dict, roles: dict) -> list[dict]:
    kind_type, country = entry["type"], entry.get("country")
    rows = [_row(name, kind_type, country, name, "name", "exact")]
    for key, kind in (("aliases", "name"), ("metonyms", "metonym")):
        values = entry.get(key) or []
        if not isinstance(values, list):
            raise ActorDictionaryError(file, f"`{key}` must be a list", entry=label)
        for alias in values:
            rows.append(_alias_row(file, label, name, kind_type, country, alias, kind))
    for held in entry.get("roles") or []:
        if not isinstance(held, dict) or "role" not in held or set(held) - {"role", "since", "until"}:
            raise ActorDictionaryError(
                file, f"a role is {{role: ..., since: YYYY-MM-DD, until: YYYY-MM-DD}}; got {held!r}", entry=label
            )
        if held["role"] not in roles:
            raise ActorDictionaryError(
                file, f"unknown role {held['role']!r}; define its titles under `roles`", entry=label
            )
        since, until = _dates(file, label, held)
        rows += [
            _row(name, kind_type, country, title, "role", "exact", since, until) for title in roles[held["role"]][1]
        ]
    return rows


def _alias_row(file: Path, label: str, name: str, kind_type: str, country, alias: Any, kind: str) -> dict:
    """An alias is a string, or ``{alias, case, unique, since, until}`` for case rules, ambiguity and dates."""
    if not isinstance(alias, dict):
        alias = {"alias": alias}
    text, case, unique = alias.get("alias"), alias.get("case", "exact"), alias.get("unique")
    keys = {"alias", "case", "unique", "since", "until"}
    if set(alias) - keys or case not in CASES or not isinstance(unique, (bool, type(None))):
        raise ActorDictionaryError(
            file,
            f"an alias is a string or a mapping with `alias`, `case` "
            f"({' or '.join(CASES)}), `unique` (true or false), `since`, `until`; got {alias!r}",
            entry=label,
        )
    if not isinstance(text, str) or not text.strip():
        raise ActorDictionaryError(file, f"an alias must be a non-empty string; got {text!r}", entry=label)
    text = text.strip()
    if unique is None:
        unique = kind_type != "person" or _SPACE.search(text) is not None
    if kind == "name" and not unique:
        kind = AMBIGUOUS
    return _row(name, kind_type, country, text, kind, case, *_dates(file, label, alias))


def _dates(file: Path, label: str, entry: dict) -> tuple[Date | None, Date | None]:
    since, until = (_date(file, label, entry.get(k)) for k in ("since", "until"))
    if since is not None and until is not None and until <= since:
        raise ActorDictionaryError(
            file, f"{entry.get('role') or entry.get('alias')!r} ends ({until}) before it starts ({since})", entry=label
        )
    return since, until


def _row(actor, kind_type, country, alias, kind, case, since=None, until=None) -> dict:
    return dict(
        actor=actor, type=kind_type, country=country, alias=alias, kind=kind, case=case, since=since, until=until
    )


def _date(file: Path, label: str, value: Any) -> Date | None:
    if value is None or isinstance(value, Date):
        return value
    try:
        return Date.fromisoformat(str(value))
    except ValueError:
        raise ActorDictionaryError(
            file, f"cannot read {value!r} as a date (expected YYYY-MM-DD)", entry=label
        ) from None


def _string_list(file: Path, value: Any, label: str) -> list[str]:
    if value is None:
        return []
    if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
        raise ActorDictionaryError(file, "expected a list of non-empty strings", entry=label)
    return [v.strip() for v in value]


def _check_clashes(table: pd.DataFrame, where: dict) -> None:
    """Several actors (or role titles) may share an alias only when all are dated, on disjoint dates,
    or when it is ambiguous for all of them."""
    fallback = table["type"].eq(UNRESOLVED).fillna(False)
    for mask in (fallback, ~fallback):
        subset = table[mask]
        folded = pd.Series(
            [_fold(alias, case) for alias, case in zip(subset["alias"], subset["case"], strict=True)],
            index=subset.index,
        )
        shared = subset["actor"].fillna("\x00").groupby(folded).transform("nunique") > 1
        for _, group in subset[shared].groupby(folded[shared], sort=False):
            rows = list(group.itertuples(index=False))
            if all(r.kind == AMBIGUOUS for r in rows):
                continue  # resolved by context in each article
            first = where.get(rows[0].actor, (ACTORS_FILE, None))
            undated = [r for r in rows if not _conditional(r)]
            if undated:
                actors = sorted({r.actor if pd.notna(r.actor) else "<exclusion>" for r in rows})
                raise ActorDictionaryError(
                    first[0],
                    f"alias {rows[0].alias!r} belongs to several actors or roles: "
                    f"{', '.join(actors)}; give it to one, or date every use",
                    entry=first[1],
                )
            for a, b in itertools.combinations(rows, 2):
                if a.actor != b.actor and _overlap(a, b):
                    file, label = where.get(b.actor, first)
                    raise ActorDictionaryError(
                        file,
                        f"alias {b.alias!r} held by both {a.actor} and {b.actor} on overlapping dates",
                        entry=label,
                    )


def _conditional(row) -> bool:
    """A dated alias or a role held by someone: valid only on some dates, resolved by the article's."""
    return (row.kind == "role" and row.type != UNRESOLVED) or pd.notna(row.since) or pd.notna(row.until)


def _overlap(a, b) -> bool:
    a_ends_before = pd.notna(a.until) and pd.notna(b.since) and a.until <= b.since
    b_ends_before = pd.notna(b.until) and pd.notna(a.since) and b.until <= a.since
    return not (a_ends_before or b_ends_before)


def _fold(alias: str, case: str) -> str:
    folded = _SPACE.sub(" ", alias).replace("’", "'")
    return folded.lower() if case == "ignore" else folded
