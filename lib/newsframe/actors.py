"""Actor mentions: who is in the news, with whom, how often, and in what tone.

An actor dictionary (YAML, loaded with ``yaml.safe_load``) becomes a tidy ``aliases`` table; one
Aho–Corasick automaton (pyahocorasick) finds every alias in one pass over each title and body.
Word boundaries come for free: the automaton runs over a copy of the text in which every
non-word character is a space, and each alias is padded with spaces, so ``Xi`` cannot match
inside ``Xinjiang`` while ``Russia’s`` and ``Russia-China`` still match. Each hit is then checked
against the original text for case (``US`` is not ``us``), and overlapping hits keep the
leftmost-longest one (``Russian President`` beats ``Russian``).

Tables (every one keyed by ``article_id`` and, where sentence-level, ``sentence``):

- ``aliases`` (``load_actors``): ``actor``, ``type``, ``country``, ``alias``, ``kind``
  (``name``, ``role``, ``metonym``, ``exclusion``), ``case`` (``exact``/``ignore``), ``since``,
  ``until`` (the dates a role holds, half-open).
- ``mentions`` (``find_mentions``): ``article_id``, ``sentence``, ``part``, ``actor``, ``type``,
  ``alias``, ``kind``, ``start``, ``end``.
"""

from __future__ import annotations

import html
import itertools
import re
from collections import Counter
from collections.abc import Iterable, Sequence
from datetime import date as Date
from pathlib import Path
from typing import Any, Literal

import ahocorasick
import numpy as np
import pandas as pd
import simplemma
import yaml
from scipy import stats

from newsframe.config import ACTORS_FILE
from newsframe.errors import ConfigError, check_choice
from newsframe.periods import Period, period_range, period_start
from newsframe.progress import progress_bar
from newsframe.text import split_sentences, stopword_set

TYPES = ("person", "country", "organisation", "group")
CASES = ("exact", "ignore")
LEVELS = ("sentence", "article")
ALIAS_COLUMNS = ["actor", "type", "country", "alias", "kind", "case", "since", "until"]
MENTION_COLUMNS = ["article_id", "sentence", "part", "actor", "type", "alias", "kind", "start", "end"]
UNRESOLVED = "role"  # the type of a role mention whose holder on the article's date is unknown

_SAFE_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # safe_load's loader, in C when libyaml is there
_NON_WORD = re.compile(r"[\W_]")
_SPACE = re.compile(r"\s")


class ActorDictionaryError(ConfigError):
    """An actor dictionary file that is not valid: names the ``path``, the ``entry`` and the ``reason``."""

    def __init__(self, path: str | Path, reason: str, *, entry: str | None = None) -> None:
        self.path = str(path)
        self.entry = entry
        self.reason = reason
        where = self.path if entry is None else f"{self.path}, {entry}"
        super().__init__(f"{where}: {reason}")


# --- the dictionary -------------------------------------------------------------------------


def load_actors(path: str | Path | None = None, *, extend: str | Path | Sequence[str | Path] = ()) -> pd.DataFrame:
    """Load an actor dictionary (default ``data/actors.yml``), extended by user files, as the ``aliases`` table.

    A file holds ``actors`` (a list of entries with ``name``, ``type`` (one of person, country,
    organisation, group), optional ``country``, ``aliases``, ``metonyms`` and ``roles``), ``roles``
    (role name to its titles, e.g. ``US President: [US President, U.S. President]``), ``exclusions``
    (phrases that are never a mention, e.g. ``Baker Hughes``) and, in extending files, ``drop``
    (names of actors to remove). An alias is a string (matched case-sensitively) or a mapping
    ``{alias: ..., case: ignore}``; a role is ``{role: ..., since: YYYY-MM-DD, until: YYYY-MM-DD}``.
    An actor in a later file replaces the one of the same name. The name is always an alias.

    Returns one row per alias: ``actor``, ``type``, ``country``, ``alias``, ``kind`` (``name``,
    ``role``, ``metonym`` or ``exclusion``), ``case`` (``exact`` or ``ignore``), ``since``,
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
    actors: dict[str, tuple[Path, str, dict]] = {}  # name -> (file, entry label, entry)
    roles: dict[str, tuple[Path, list[str]]] = {}
    exclusions: dict[str, Path] = {}
    for number, file in enumerate(files):
        document = _read_yaml(file)
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
    for role, (file, titles) in roles.items():
        rows += [_row(role, UNRESOLVED, None, title, "role", "exact") for title in titles]
    rows += [_row(None, None, None, phrase, "exclusion", "exact") for phrase in exclusions]
    table = pd.DataFrame(rows, columns=ALIAS_COLUMNS)
    table = table.astype({c: "string" for c in ALIAS_COLUMNS[:6]}).assign(
        since=pd.to_datetime(table["since"]).astype("datetime64[ns]"),
        until=pd.to_datetime(table["until"]).astype("datetime64[ns]"),
    )
    where = {name: (file, label) for name, (file, label, _) in actors.items()}
    where |= {role: (file, f"roles: {role}") for role, (file, _) in roles.items()}
    _check_clashes(table, where)
    return table


def _read_yaml(file: Path) -> dict:
    try:
        document = yaml.load(file.read_text(encoding="utf-8"), Loader=_SAFE_LOADER)
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
        raise ActorDictionaryError(file, f"unknown top-level keys {sorted(unknown)}; "
                                         "expected actors, roles, exclusions, drop")
    return document


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
        raise ActorDictionaryError(file, f"unknown keys {sorted(unknown)}; expected name, type, country, "
                                         "aliases, metonyms, roles", entry=label)
    if entry.get("type") not in TYPES:
        raise ActorDictionaryError(file, f"type must be one of {', '.join(TYPES)}; got {entry.get('type')!r}",
                                   entry=label)
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
            raise ActorDictionaryError(file, f"a role is {{role: ..., since: YYYY-MM-DD, until: YYYY-MM-DD}}; "
                                             f"got {held!r}", entry=label)
        if held["role"] not in roles:
            raise ActorDictionaryError(file, f"unknown role {held['role']!r}; define its titles under `roles`",
                                       entry=label)
        since, until = _dates(file, label, held)
        rows += [_row(name, kind_type, country, title, "role", "exact", since, until)
                 for title in roles[held["role"]][1]]
    return rows


def _alias_row(file: Path, label: str, name: str, kind_type: str, country, alias: Any, kind: str) -> dict:
    """An alias is a string, or ``{alias, case, since, until}`` for case rules and dated aliases."""
    if not isinstance(alias, dict):
        alias = {"alias": alias}
    text, case = alias.get("alias"), alias.get("case", "exact")
    if set(alias) - {"alias", "case", "since", "until"} or case not in CASES:
        raise ActorDictionaryError(file, f"an alias is a string or a mapping with `alias`, `case` "
                                         f"({' or '.join(CASES)}), `since`, `until`; got {alias!r}", entry=label)
    if not isinstance(text, str) or not text.strip():
        raise ActorDictionaryError(file, f"an alias must be a non-empty string; got {text!r}", entry=label)
    return _row(name, kind_type, country, text.strip(), kind, case, *_dates(file, label, alias))


def _dates(file: Path, label: str, entry: dict) -> tuple[Date | None, Date | None]:
    since, until = (_date(file, label, entry.get(k)) for k in ("since", "until"))
    if since is not None and until is not None and until <= since:
        raise ActorDictionaryError(file, f"{entry.get('role') or entry.get('alias')!r} ends ({until}) before it "
                                         f"starts ({since})", entry=label)
    return since, until


def _row(actor, kind_type, country, alias, kind, case, since=None, until=None) -> dict:
    return dict(actor=actor, type=kind_type, country=country, alias=alias, kind=kind, case=case,
                since=since, until=until)


def _date(file: Path, label: str, value: Any) -> Date | None:
    if value is None or isinstance(value, Date):
        return value
    try:
        return Date.fromisoformat(str(value))
    except ValueError:
        raise ActorDictionaryError(file, f"cannot read {value!r} as a date (expected YYYY-MM-DD)", entry=label) from None


def _string_list(file: Path, value: Any, label: str) -> list[str]:
    if value is None:
        return []
    if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
        raise ActorDictionaryError(file, "expected a list of non-empty strings", entry=label)
    return [v.strip() for v in value]


def _check_clashes(table: pd.DataFrame, where: dict) -> None:
    """Several actors (or role titles) may share an alias only when all are dated, on disjoint dates."""
    fallback = table["type"].eq(UNRESOLVED).fillna(False)
    for mask in (fallback, ~fallback):
        subset = table[mask]
        folded = pd.Series([_fold(alias, case) for alias, case in zip(subset["alias"], subset["case"])],
                           index=subset.index)
        shared = subset["actor"].fillna("\x00").groupby(folded).transform("nunique") > 1
        for alias, group in subset[shared].groupby(folded[shared], sort=False):
            rows = list(group.itertuples(index=False))
            first = where.get(rows[0].actor, (ACTORS_FILE, None))
            undated = [r for r in rows if not _conditional(r)]
            if undated:
                actors = sorted({r.actor if pd.notna(r.actor) else "<exclusion>" for r in rows})
                raise ActorDictionaryError(first[0], f"alias {rows[0].alias!r} belongs to several actors or roles: "
                                                     f"{', '.join(actors)}; give it to one, or date every use",
                                           entry=first[1])
            for a, b in itertools.combinations(rows, 2):
                if a.actor != b.actor and _overlap(a, b):
                    file, label = where.get(b.actor, first)
                    raise ActorDictionaryError(file, f"alias {b.alias!r} held by both {a.actor} and {b.actor} on "
                                                     "overlapping dates", entry=label)


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


# --- mentions -------------------------------------------------------------------------------


def find_mentions(
    articles: pd.DataFrame,
    aliases: pd.DataFrame | None = None,
    *,
    sentences: pd.DataFrame | None = None,
    metonyms: bool = False,
    progress: bool | None = None,
) -> pd.DataFrame:
    """Every mention of a dictionary actor in the titles and bodies of ``articles``: the ``mentions`` table.

    Takes an articles table (``article_id``, ``title``, ``text``, ``date``), an ``aliases`` table
    (``load_actors()`` by default) and optionally its ``sentences`` table (``split_sentences``
    is run when not given). Returns ``article_id``, ``sentence``, ``part`` (``title``/``body``),
    ``actor``, ``type``, ``alias`` (as written in the text), ``kind`` (``name``, ``role``,
    ``metonym``), ``start``, ``end`` (character offsets into the article's ``title`` or ``text``).
    Role titles resolve by the article's ``date``; a role with no known holder then keeps the
    role name as ``actor`` with ``type`` ``"role"``; a role title directly followed by a person's
    name (``Russian President Vladimir Putin``) is left to the name. Metonyms (``Moscow``, ``the
    Kremlin``) count only with ``metonyms=True``. Titles in capitals match aliases in capitals.

    >>> arts = pd.DataFrame({"article_id": ["a"], "date": pd.to_datetime(["2021-12-15"]),
    ...     "title": ["Xi calls Putin"], "text": ["The US President spoke about Xinjiang and Russia’s role."]})
    >>> find_mentions(arts)[["sentence", "actor", "alias", "start"]].values.tolist()
    [[0, 'Xi Jinping', 'Xi', 0], [0, 'Vladimir Putin', 'Putin', 9], [1, 'Joe Biden', 'US President', 4], [1, 'Russia', 'Russia', 42]]
    """
    aliases = load_actors() if aliases is None else aliases
    if not metonyms:
        aliases = aliases[aliases["kind"].ne("metonym")]
    matcher = _Matcher(aliases)
    dates = articles["date"] if "date" in articles else pd.Series(pd.NaT, index=articles.index)
    rows: list[tuple] = []
    records = zip(articles["article_id"], articles["title"].fillna(""), articles["text"].fillna(""), dates)
    for article_id, title, body, when in progress_bar(records, total=len(articles), desc="mentions",
                                                      unit="article", progress=progress):
        when = None if pd.isna(when) else pd.Timestamp(when).normalize()
        for part, text in (("title", title), ("body", body)):
            rows += [(article_id, part, *hit) for hit in matcher.find(text, when)]
    columns = ["article_id", "part", "actor", "type", "alias", "kind", "start", "end"]
    found = pd.DataFrame(rows, columns=columns).astype(
        {"article_id": "string", "part": "string", "actor": "string", "type": "string", "alias": "string",
         "kind": "string", "start": "int32", "end": "int32"})
    if sentences is None:
        sentences = split_sentences(articles, progress=progress)
    return _with_sentence(found, sentences)[MENTION_COLUMNS]


def _with_sentence(table: pd.DataFrame, sentences: pd.DataFrame) -> pd.DataFrame:
    """Add the ``sentence`` whose span contains each row's ``start`` (same article and part)."""
    keys = sentences[["article_id", "part", "start", "sentence"]].astype(
        {"article_id": "string", "part": "string", "start": "int64", "sentence": "int32"})
    located = pd.merge_asof(
        table.assign(_order=np.arange(len(table)), start=table["start"].astype("int64")).sort_values("start"),
        keys.sort_values("start"), on="start", by=["article_id", "part"], direction="backward")
    # text before the first sentence (only leading space can be) belongs to that first sentence
    first = keys.groupby(["article_id", "part"])["sentence"].min()
    missing = located["sentence"].isna()
    if missing.any():
        fill = [first.get((a, p), 0) for a, p in zip(located.loc[missing, "article_id"], located.loc[missing, "part"])]
        located.loc[missing, "sentence"] = fill
    located = located.sort_values("_order").drop(columns="_order").reset_index(drop=True)
    return located.astype({"sentence": "int32", "start": "int32"})


class _Matcher:
    """One automaton over all aliases; ``find`` returns the mentions in one text."""

    def __init__(self, aliases: pd.DataFrame) -> None:
        self.rows = [tuple(None if pd.isna(v) else v for v in row)
                     for row in aliases[ALIAS_COLUMNS].itertuples(index=False, name=None)]
        self.automaton = ahocorasick.Automaton()
        keyed: dict[str, list[int]] = {}
        for number, row in enumerate(self.rows):
            keyed.setdefault(f" {_normalise(row[3])} ", []).append(number)
        for key, numbers in keyed.items():
            self.automaton.add_word(key, (len(key), numbers))
        if keyed:
            self.automaton.make_automaton()

    def spans(self, text: str, when: pd.Timestamp | None) -> list[tuple[int, int, tuple]]:
        """Leftmost-longest ``(start, end, alias row)`` hits, exclusions included."""
        if not text or self.automaton.kind != ahocorasick.AHOCORASICK:
            return []
        capitals = text.isupper()
        candidates = []
        for end, (length, numbers) in self.automaton.iter(f" {_normalise(text)} "):
            start = end - length + 1  # the padded key starts one space before the alias; padding shifts text by 1
            rows = [self.rows[n] for n in numbers if _same(text, start, self.rows[n], capitals)]
            chosen = _resolve(rows, when)
            if chosen is not None:
                candidates.append((start, start + len(chosen[3]), chosen))
        kept = []
        last_end = -1
        for start, end, row in sorted(candidates, key=lambda c: (c[0], c[0] - c[1])):
            if start >= last_end:
                kept.append((start, end, row))
                last_end = end
        return kept

    def find(self, text: str, when: pd.Timestamp | None) -> list[tuple]:
        """``(actor, type, alias as written, kind, start, end)`` for each mention in ``text``."""
        kept = self.spans(text, when)
        hits = []
        for index, (start, end, row) in enumerate(kept):
            if row[4] == "exclusion":
                continue
            if row[4] == "role" and index + 1 < len(kept):
                after_start, _, after = kept[index + 1]
                if after[1] == "person" and after[4] == "name" and not text[end:after_start].strip():
                    continue
            hits.append((row[0], row[1], text[start:end], row[4], start, end))
        return hits


def _normalise(text: str) -> str:
    """Lower case with every non-word character a space, the same length as ``text``."""
    lowered = text.lower()
    if len(lowered) != len(text):  # a few characters (e.g. İ) lower to two
        lowered = "".join(c if len(c.lower()) != 1 else c.lower() for c in text)
    return _NON_WORD.sub(" ", lowered)


def _same(text: str, start: int, row: tuple, capitals: bool) -> bool:
    alias = row[3]
    found = _SPACE.sub(" ", text[start:start + len(alias)]).replace("’", "'")
    alias = alias.replace("’", "'")
    if row[5] == "ignore":
        return found.lower() == alias.lower()
    return found == alias or (capitals and found == alias.upper())


def _resolve(rows: list[tuple], when: pd.Timestamp | None) -> tuple | None:
    """The one alias row a hit stands for: the dated alias or role holder valid on the article's date,
    else the undated alias (for a role, its unresolved fallback)."""
    dated = [r for r in rows if (r[4] == "role" and r[1] != UNRESOLVED) or r[6] is not None or r[7] is not None]
    current = [r for r in dated if when is not None and (r[6] is None or r[6] <= when) and (r[7] is None or when < r[7])]
    if current:
        return current[0]
    undated = [r for r in rows if r not in dated]
    return undated[0] if undated else None


# --- counts, co-occurrence, sentiment -------------------------------------------------------


def count_mentions(mentions: pd.DataFrame, articles: pd.DataFrame, *, period: Period | None = None) -> pd.DataFrame:
    """Mentions per actor as total mentions and as % of articles, overall or by period.

    Takes the ``mentions`` table and the ``articles`` it came from (``article_id``, ``date``).
    Returns ``actor``, ``type``, [``period``: first day of each day, week, month, quarter or
    year when ``period`` is given], ``mentions``, ``articles`` (articles mentioning the actor),
    ``pct_articles`` (100 × articles / all articles in the period), sorted by mentions. By
    period, every actor has a row for every period from the first to the last dated article:
    zero where it went unmentioned, ``pct_articles`` NaN where the period has no articles at all.
    Undated articles count only in the overall table.

    >>> arts = pd.DataFrame({"article_id": ["a", "b"], "date": pd.to_datetime(["2021-01-05", "2021-03-01"])})
    >>> ments = pd.DataFrame({"article_id": ["a", "a", "b"], "actor": ["China", "China", "Russia"],
    ...                       "type": ["country"] * 3})
    >>> count_mentions(ments, arts)[["actor", "mentions", "articles", "pct_articles"]].values.tolist()
    [['China', 2, 1, 50.0], ['Russia', 1, 1, 50.0]]
    >>> by_month = count_mentions(ments, arts, period="month")
    >>> by_month[by_month["actor"] == "Russia"][["period", "mentions", "pct_articles"]].values.tolist()
    [[Timestamp('2021-01-01 00:00:00'), 0, 0.0], [Timestamp('2021-02-01 00:00:00'), 0, nan], [Timestamp('2021-03-01 00:00:00'), 1, 100.0]]
    """
    frame = mentions[["article_id", "actor", "type"]]
    if period is None:
        counts = frame.groupby(["actor", "type"]).agg(mentions=("article_id", "size"),
                                                      articles=("article_id", "nunique")).reset_index()
        counts = counts.assign(pct_articles=100 * counts["articles"] / articles["article_id"].nunique())
        return counts.sort_values(["mentions", "actor"], ascending=[False, True], kind="stable").reset_index(drop=True)
    dated = _periods(articles, period)
    totals = dated.groupby("period")["article_id"].nunique()
    counts = (frame.merge(dated, on="article_id").groupby(["actor", "type", "period"])
              .agg(mentions=("article_id", "size"), articles=("article_id", "nunique")))
    if len(totals):
        axis = period_range(totals.index.min(), totals.index.max(), period=period).start_time
        actors = counts.index.droplevel("period").unique() if len(counts) else pd.MultiIndex.from_tuples(
            [], names=["actor", "type"])
        grid = pd.MultiIndex.from_tuples([(*a, p) for a in actors for p in axis], names=["actor", "type", "period"])
        counts = counts.reindex(grid, fill_value=0)
    counts = counts.reset_index()
    counts = counts.assign(pct_articles=100 * counts["articles"] / counts["period"].map(totals))
    order = counts.groupby("actor")["mentions"].transform("sum")
    return (counts.assign(_total=order).sort_values(["_total", "actor", "period"], ascending=[False, True, True],
                                                     kind="stable")
            .drop(columns="_total").reset_index(drop=True))


def _periods(articles: pd.DataFrame, period: Period) -> pd.DataFrame:
    """``article_id`` and the first day of its ``period``, for dated articles."""
    dated = articles.loc[articles["date"].notna()]
    return pd.DataFrame({"article_id": dated["article_id"].astype("string"),
                         "period": period_start(dated["date"], period=period)})


def cooccurrence(mentions: pd.DataFrame, *, level: Literal["sentence", "article"] = "sentence",
                 min_weight: int = 1) -> pd.DataFrame:
    """Pairs of actors mentioned together, as a weighted edge table.

    Takes the ``mentions`` table. Returns ``source``, ``target`` (actor names, ``source <
    target``), ``weight`` (number of sentences, or articles with ``level="article"``, that mention
    both), ``articles`` (articles in which they co-occur), for pairs with ``weight >=
    min_weight``, heaviest first.

    >>> ments = pd.DataFrame({"article_id": ["a"] * 3, "sentence": [1, 1, 2],
    ...                       "actor": ["Russia", "China", "Russia"]})
    >>> cooccurrence(ments).values.tolist()
    [['China', 'Russia', 1, 1]]
    """
    check_choice("level", level, LEVELS)
    unit = ["article_id", "sentence"] if level == "sentence" else ["article_id"]
    present = mentions[unit + ["actor"]].drop_duplicates()
    pairs = present.merge(present, on=unit, suffixes=("_a", "_b"))
    pairs = pairs[pairs["actor_a"] < pairs["actor_b"]]
    edges = (pairs.groupby(["actor_a", "actor_b"])
             .agg(weight=("article_id", "size"), articles=("article_id", "nunique"))
             .reset_index().rename(columns={"actor_a": "source", "actor_b": "target"}))
    edges = edges[edges["weight"] >= min_weight]
    return edges.sort_values(["weight", "source", "target"], ascending=[False, True, True]).reset_index(drop=True)


def draw_network(edges: pd.DataFrame, *, ax, min_weight: int = 1, max_nodes: int | None = 30, seed: int = 0):
    """Draw a co-occurrence edge table as a network on ``ax``: node size by weighted degree, edge width by weight.

    Takes ``source``, ``target``, ``weight`` (``cooccurrence``); keeps edges with ``weight >=
    min_weight`` among the ``max_nodes`` actors with the largest weighted degree (so the labels
    stay legible); the layout is networkx's spring layout with a fixed ``seed``. Returns the
    networkx graph drawn (empty when no edge passes ``min_weight``).

    >>> import matplotlib.pyplot as plt
    >>> edges = pd.DataFrame({"source": ["China"], "target": ["Russia"], "weight": [3]})
    >>> sorted(draw_network(edges, ax=plt.subplots()[1]).nodes)
    ['China', 'Russia']
    """
    import networkx as nx

    kept = edges[edges["weight"] >= min_weight]
    graph = nx.from_pandas_edgelist(kept, "source", "target", edge_attr="weight")
    if max_nodes is not None and graph.number_of_nodes() > max_nodes:
        strongest = sorted(graph.degree(weight="weight"), key=lambda pair: (-pair[1], pair[0]))[:max_nodes]
        graph = graph.subgraph(name for name, _ in strongest).copy()
        graph.remove_nodes_from([n for n, d in list(graph.degree()) if d == 0])
    if graph.number_of_edges() == 0:
        ax.text(0.5, 0.5, f"no pair co-occurs at least {min_weight} times", ha="center", va="center",
                transform=ax.transAxes)
        ax.set_axis_off()
        return graph
    layout = nx.spring_layout(graph, weight="weight", seed=seed, k=2 / np.sqrt(graph.number_of_nodes()))
    strength = dict(graph.degree(weight="weight"))
    top = max(strength.values())
    widths = [graph[a][b]["weight"] for a, b in graph.edges]
    nx.draw_networkx_edges(graph, layout, ax=ax, width=[0.5 + 4 * w / max(widths) for w in widths], alpha=0.4)
    nx.draw_networkx_nodes(graph, layout, ax=ax, node_size=[100 + 900 * strength[n] / top for n in graph.nodes],
                           node_color="tab:blue", alpha=0.7)
    nx.draw_networkx_labels(graph, layout, ax=ax, font_size=8)
    ax.set_xticks([])
    ax.set_yticks([])
    return graph


def actor_sentences(mentions: pd.DataFrame, scored: pd.DataFrame) -> pd.DataFrame:
    """The scored sentences that mention each actor: the evidence behind actor-targeted sentiment.

    Takes the ``mentions`` table and a scored sentences table (``article_id``, ``sentence``,
    ``text`` and score columns such as ``polarity``, ``vader_compound`` from
    ``newsframe.sentiment.score_sentences``), joined on (``article_id``, ``sentence``). Returns
    one row per (actor, sentence): ``actor``, ``type``, ``mentions`` (in that sentence), then
    every column of ``scored``.

    >>> ments = pd.DataFrame({"article_id": ["a", "a"], "sentence": [1, 1], "actor": ["Russia"] * 2,
    ...                       "type": ["country"] * 2})
    >>> scored = pd.DataFrame({"article_id": ["a"], "sentence": [1], "text": ["Russia, Russia."], "polarity": [0.5]})
    >>> actor_sentences(ments, scored)[["actor", "mentions", "polarity"]].values.tolist()
    [['Russia', 2, 0.5]]
    """
    keys = ["article_id", "sentence"]
    per_sentence = mentions.groupby(["actor", "type", *keys]).size().rename("mentions").reset_index()
    joined = per_sentence.astype({"article_id": "string"}).merge(
        scored.astype({"article_id": "string"}), on=keys, how="inner", validate="many_to_one")
    return joined.sort_values(["actor", *keys], kind="stable").reset_index(drop=True)


def actor_sentiment(
    evidence: pd.DataFrame,
    *,
    score: str = "polarity",
    articles: pd.DataFrame | None = None,
    period: Period | None = None,
    confidence: float = 0.95,
) -> pd.DataFrame:
    """Mean sentiment of the sentences that mention each actor, with a t confidence interval.

    Takes ``actor_sentences`` output and the ``score`` column to average. With ``articles``
    (``article_id``, ``date``) and a ``period`` (day, week, month, quarter, year) it is computed
    by period (``period`` then holds each period's first day; undated articles are left out). Returns
    ``actor``, ``type``, [``period``], ``sentences``, ``articles``, ``mean``, ``ci_low``,
    ``ci_high`` (NaN for fewer than two sentences), sorted by number of sentences.

    >>> ev = pd.DataFrame({"actor": ["Russia"] * 3, "type": ["country"] * 3, "article_id": ["a", "a", "b"],
    ...                    "polarity": [0.1, 0.2, 0.3]})
    >>> actor_sentiment(ev).round(3)[["actor", "sentences", "mean", "ci_low", "ci_high"]].values.tolist()
    [['Russia', 3, 0.2, -0.048, 0.448]]
    """
    if score not in evidence:
        numeric = [c for c in evidence.select_dtypes("number").columns if c not in ("sentence", "mentions")]
        raise ConfigError(f"score must be a column of the scored sentences, one of {numeric}; got {score!r}")
    if period is not None and articles is None:
        raise ConfigError("period needs the articles table (article_id, date): pass articles=...")
    keys = ["actor", "type"]
    frame = evidence.astype({"article_id": "string"})
    if period is not None:
        frame = frame.merge(_periods(articles, period), on="article_id")
        keys.append("period")
    summary = frame.groupby(keys, dropna=False).agg(
        sentences=(score, "count"), articles=("article_id", "nunique"), mean=(score, "mean"), sd=(score, "std"),
    ).reset_index()
    half = stats.t.ppf(0.5 + confidence / 2, summary["sentences"] - 1) * summary["sd"] / np.sqrt(summary["sentences"])
    half = half.where(summary["sentences"] > 1)
    summary = summary.assign(ci_low=summary["mean"] - half, ci_high=summary["mean"] + half).drop(columns="sd")
    return summary.sort_values(["sentences", "actor"], ascending=[False, True], kind="stable").reset_index(drop=True)


# --- discovery ------------------------------------------------------------------------------

_CONNECTORS = r"(?:of|the|for|and|de|du|la|von|van|der|al|bin)"
_NAME_WORD = r"[A-Z][\w&’'.-]*\w|[A-Z]"
_PHRASE = re.compile(rf"(?<![\w])(?:{_NAME_WORD})(?:[ ](?:{_CONNECTORS}[ ])?(?:{_NAME_WORD}))*")
_POSSESSIVE = re.compile(r"[’']s$")
_HONORIFICS = {"mr", "mrs", "ms", "dr", "prof", "sir", "sen", "rep", "gov", "gen"}
_OPENERS = ".!?:\"”"  # a word after one of these (or at the start of a text) opens a sentence
OPENER_SHARE = 0.8
_CALENDAR = {d.lower() for d in pd.date_range("2024-01-01", periods=12, freq="MS").strftime("%B")} | {
    d.lower() for d in pd.date_range("2024-01-01", periods=7).strftime("%A")} | {"reuter"}  # + Reuters' sign-off


def discover_names(
    articles: pd.DataFrame,
    aliases: pd.DataFrame | None = None,
    *,
    min_articles: int = 2,
    top_n: int | None = 50,
    nlp=None,
    progress: bool | None = None,
) -> pd.DataFrame:
    """Frequent capitalised names and phrases the dictionary does not cover, to extend it.

    Takes the ``articles`` table and an ``aliases`` table (``load_actors()`` by default); text
    that any alias, metonym, role title or exclusion matches is masked out, so ``Treasury
    Secretary Jane Doe`` offers ``Jane Doe`` when ``Treasury Secretary`` is a known title.
    Candidates are runs of capitalised words (joined by ``of``, ``the``, ``de``, ...) in
    bodies and in titles that are not all capitals; an opening stop word or honorific (``The``,
    ``Mr``, ``Sen``) is cut off, and single words are dropped when they are stop words or
    honorifics, when the corpus also writes them in lower case more often, or when they are
    English words (simplemma's dictionary) and at least ``OPENER_SHARE`` of their occurrences
    open a sentence (``However``, ``Speaking``; an unknown ``Poehl`` stays). With
    ``nlp`` (a loaded spaCy pipeline, optional and never required) the candidates are its
    PERSON, ORG, GPE and NORP entities instead. Returns ``name``, ``mentions``, ``articles``,
    ``example`` (a sentence-sized snippet around one occurrence), ranked by articles then
    mentions, with ``articles >= min_articles``, the first ``top_n``.

    >>> arts = pd.DataFrame({"article_id": ["a", "b"], "title": ["", ""],
    ...     "text": ["The Zentralbank said so.", "Smith met the Zentralbank board."]})
    >>> discover_names(arts)[["name", "articles"]].values.tolist()
    [['Zentralbank', 2]]
    """
    matcher = _Matcher(load_actors() if aliases is None else aliases)
    stop = stopword_set() | _CALENDAR
    not_names = stop | _HONORIFICS
    found: list[tuple[str, str, str, bool]] = []  # (name, article_id, snippet, opens a sentence)
    lower_words: Counter[str] = Counter()
    dates = articles["date"] if "date" in articles else pd.Series(pd.NaT, index=articles.index)
    records = zip(articles["article_id"], articles["title"].fillna(""), articles["text"].fillna(""), dates)
    texts = []
    for article_id, title, body, when in records:
        when = None if pd.isna(when) else pd.Timestamp(when).normalize()
        for part, text in (("title", title), ("body", body)):
            if text and not (part == "title" and text.isupper()):
                texts.append((article_id, _mask(text, matcher.spans(text, when))))
    docs = nlp.pipe(t for _, t in texts) if nlp is not None else itertools.repeat(None)
    for (article_id, text), doc in progress_bar(zip(texts, docs), total=len(texts), desc="discovery",
                                                unit="text", progress=progress):
        if doc is not None:
            matches = [(e.text, e.start_char, e.end_char) for e in doc.ents
                       if e.label_ in ("PERSON", "ORG", "GPE", "NORP") and "\x00" not in e.text]
        else:
            lower_words.update(w for w in re.findall(r"\b[a-z]\w+", text))
            matches = [(m.group(), m.start(), m.end()) for m in _PHRASE.finditer(text)]
        for name, start, end in matches:
            words = _POSSESSIVE.sub("", name.strip(" .-’'")).split(" ")
            # "The", "In" opening a sentence; "Mr" before a name
            while doc is None and len(words) > 1 and words[0].lower().rstrip(".") in not_names:
                words = words[1:]
            name = " ".join(words)
            if name:
                before = text[:start].rstrip()
                found.append((name, article_id, _snippet(text, start, end), not before or before[-1] in _OPENERS))
    table = pd.DataFrame(found, columns=["name", "article_id", "example", "opens"])
    if nlp is None:
        counts = table["name"].value_counts()
        single = ~table["name"].str.contains(" ")
        common = table["name"].map(lambda n: n.lower() in not_names or lower_words[n.lower()] >= counts[n])
        opener = (table.groupby("name")["opens"].transform("mean") >= OPENER_SHARE) & table["name"].map(
            lambda n: simplemma.is_known(n.lower(), lang="en"))
        table = table[~(single & (common | opener))]
    ranked = (table.groupby("name").agg(mentions=("article_id", "size"), articles=("article_id", "nunique"),
                                         example=("example", "first"))
              .reset_index().query("articles >= @min_articles")
              .sort_values(["articles", "mentions", "name"], ascending=[False, False, True]))
    return (ranked.head(top_n) if top_n else ranked).reset_index(drop=True)


def _mask(text: str, spans: Iterable[tuple]) -> str:
    """Replace the characters of known names by NUL, so no candidate runs through them."""
    chars = list(text)
    for start, end, _ in spans:
        chars[start:end] = "\x00" * (end - start)
    return "".join(chars)


def _snippet(text: str, start: int, end: int, width: int = 60) -> str:
    left, right = max(0, start - width), min(len(text), end + width)
    snippet = text[left:right].replace("\x00", "·").replace("\n", " ")
    return ("…" if left else "") + snippet + ("…" if right < len(text) else "")


# --- presentation ---------------------------------------------------------------------------


def highlight_html(text: str, mentions: pd.DataFrame) -> str:
    """``text`` as HTML with each mention wrapped in ``<mark>``; the text is escaped first, piece by piece.

    Takes one title or body and the mentions that point into it (``start``, ``end``, ``actor``,
    ``type``); returns an HTML string safe to display whatever the article contains.

    >>> ments = pd.DataFrame({"start": [0], "end": [2], "actor": ["Xi Jinping"], "type": ["person"]})
    >>> highlight_html("Xi <b>met</b> Putin", ments)
    '<mark title="Xi Jinping (person)">Xi</mark> &lt;b&gt;met&lt;/b&gt; Putin'
    """
    pieces, at = [], 0
    for row in mentions.sort_values("start").itertuples():
        if row.start < at:
            continue
        label = html.escape(f"{row.actor} ({row.type})", quote=True)
        pieces += [html.escape(text[at:row.start]), f'<mark title="{label}">{html.escape(text[row.start:row.end])}</mark>']
        at = row.end
    pieces.append(html.escape(text[at:]))
    return "".join(pieces)
