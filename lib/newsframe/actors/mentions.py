"""Find every dictionary actor mentioned in the titles and bodies of articles: the ``mentions`` table.

One Aho–Corasick automaton (pyahocorasick) finds every alias in one pass over each title and
body. Word boundaries come for free: the automaton runs over a copy of the text in which every
non-word character is a space, and each alias is padded with spaces, so ``Xi`` cannot match
inside ``Xinjiang`` while ``Russia’s`` and ``Russia-China`` still match. Each hit is then checked
against the original text for case (``US`` is not ``us``), and overlapping hits keep the
leftmost-longest one (``Russian President`` beats ``Russian``). A per-article pass
(``newsframe.actors.context``) then drops hits inside longer names and resolves ambiguous aliases
(surnames) by the article. This is the extraction code the store fingerprints: it knows nothing
of counting or drawing.

The ``mentions`` table (``schemas.SCHEMAS["mentions"]``): ``article_id``, ``sentence``, ``part``,
``actor``, ``type``, ``alias``, ``kind``, ``start``, ``end``.
"""

from __future__ import annotations

import hashlib
import re
from typing import Any

import ahocorasick
import pandas as pd

from newsframe import schemas
from newsframe.actors.context import in_longer_name, resolve_article, role_holders, the_us_state
from newsframe.actors.dictionary import ALIAS_COLUMNS, AMBIGUOUS, UNRESOLVED, load_actors
from newsframe.text import PARTS, iter_articles, locate_sentences, split_sentences

MENTION_COLUMNS = schemas.columns("mentions")

_SPACE = re.compile(r"\s")
# the mentions columns known before sentences are located
_FOUND = {c: t for c, t in schemas.dtypes("mentions").items() if c != "sentence"}
# Matchers by the content of their aliases: built once per process, not once per call (a store
# worker enriches batch after batch with the same dictionary; a matcher takes some 50 ms to build).
_MATCHERS: dict[str, _Matcher] = {}
_MATCHERS_KEPT = 4


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
    Kremlin``) count only with ``metonyms=True`` (without it they still keep the shorter names they
    contain from matching: ``Mexico City`` is not ``Mexico``). Titles in capitals match aliases in
    capitals. Names inside longer capitalised names that are not aliases (``Liberal Democrats``,
    ``Northern Ireland``, ``Japan Airlines``) are not mentions, and an ambiguous alias (a surname)
    counts only in context: see ``newsframe.actors.context``; its ``kind`` is ``name``.

    >>> arts = pd.DataFrame({"article_id": ["a"], "date": pd.to_datetime(["2021-12-15"]),
    ...     "title": ["Xi calls Putin"], "text": ["The US President spoke about Xinjiang and Russia’s role."]})
    >>> find_mentions(arts)[["sentence", "actor", "alias", "start"]].values.tolist()  # doctest: +NORMALIZE_WHITESPACE
    [[0, 'Xi Jinping', 'Xi', 0], [0, 'Vladimir Putin', 'Putin', 9], [1, 'Joe Biden', 'US President', 4],
     [1, 'Russia', 'Russia', 42]]
    """
    aliases = load_actors() if aliases is None else aliases
    if not metonyms:
        metonym = aliases["kind"].eq("metonym")
        aliases = aliases.assign(kind=aliases["kind"].mask(metonym, "exclusion"), actor=aliases["actor"].mask(metonym))
    matcher = _matcher_for(aliases)
    rows: list[tuple] = []
    for article_id, title, body, when in iter_articles(articles, dates=True, progress=progress, desc="mentions"):
        rows += [(article_id, *hit) for hit in matcher.find(title, body, when)]
    if not rows:
        return schemas.empty("mentions")
    found = pd.DataFrame(rows, columns=list(_FOUND)).astype(_FOUND)
    if sentences is None:
        sentences = split_sentences(articles, progress=progress)
    return schemas.conform(locate_sentences(found, sentences), "mentions")


def _matcher_for(aliases: pd.DataFrame) -> _Matcher:
    """The matcher of ``aliases``, built on first use and then reused for aliases of the same content.

    >>> aliases = load_actors()
    >>> _matcher_for(aliases) is _matcher_for(aliases.copy())
    True
    """
    table = aliases[ALIAS_COLUMNS]
    digest = hashlib.blake2b(str(table.dtypes.to_dict()).encode(), digest_size=16)
    digest.update(pd.util.hash_pandas_object(table, index=False).to_numpy().tobytes())
    key = digest.hexdigest()
    if key not in _MATCHERS:
        if len(_MATCHERS) >= _MATCHERS_KEPT:
            _MATCHERS.pop(next(iter(_MATCHERS)))
        _MATCHERS[key] = _Matcher(table)
    return _MATCHERS[key]


class _Matcher:
    """One automaton over all aliases; ``find`` returns the mentions in one text."""

    def __init__(self, aliases: pd.DataFrame) -> None:
        self.rows: list[tuple[Any, ...]] = [
            tuple(None if pd.isna(v) else v for v in row)
            for row in aliases[ALIAS_COLUMNS].itertuples(index=False, name=None)
        ]
        self.automaton = ahocorasick.Automaton()
        keyed: dict[str, list[int]] = {}
        for number, row in enumerate(self.rows):
            keyed.setdefault(f" {_normalise(row[3])} ", []).append(number)
        for key, numbers in keyed.items():
            # unique aliases before ambiguous ones, so the first row of a hit is unique when any is
            numbers.sort(key=lambda n: self.rows[n][4] == AMBIGUOUS)
            self.automaton.add_word(key, (len(key), numbers))
        if keyed:
            self.automaton.make_automaton()
        self.holders = role_holders(aliases)

    def candidates(self, text: str, when: pd.Timestamp | None) -> list[tuple[int, int, list[tuple]]]:
        """Leftmost-longest ``(start, end, alias rows valid on when)`` hits, exclusions included."""
        if not text or self.automaton.kind != ahocorasick.AHOCORASICK:
            return []
        capitals = text.isupper()
        found = []
        for end, (length, numbers) in self.automaton.iter(f" {_normalise(text)} "):
            start = end - length + 1  # the padded key starts one space before the alias; padding shifts text by 1
            rows = _resolve([self.rows[n] for n in numbers if _same(text, start, self.rows[n], capitals)], when)
            if rows:
                found.append((start, start + len(rows[0][3]), rows))
        kept = []
        last_end = -1
        for start, end, rows in sorted(found, key=lambda c: (c[0], c[0] - c[1])):
            if start >= last_end:
                kept.append((start, end, rows))
                last_end = end
        return kept

    def spans(self, text: str, when: pd.Timestamp | None) -> list[tuple[int, int, tuple]]:
        """Leftmost-longest ``(start, end, alias row)`` hits, exclusions included, before any context rule."""
        return [(start, end, rows[0]) for start, end, rows in self.candidates(text, when)]

    def find(self, title: str, body: str, when: pd.Timestamp | None) -> list[tuple]:
        """``(part, actor, type, alias as written, kind, start, end)`` for each mention in an article."""
        parts = []
        states: dict[str, bool] = {}  # countries named like a US state -> whether they are the state here

        def the_state(actor: str) -> bool:
            if actor not in states:
                states[actor] = the_us_state(actor, title, body)
            return states[actor]

        for text in (title, body):
            kept = self.candidates(text, when)
            starts, ends = {s for s, _, _ in kept}, {e for _, e, _ in kept}
            capitals = text.isupper()
            parts.append(
                [
                    (start, end, rows, text)
                    for start, end, rows in kept
                    if rows[0][4] != "exclusion"
                    and not in_longer_name(text, start, end, rows[0], capitals=capitals, starts=starts, ends=ends)
                    and not (rows[0][1] == "country" and the_state(rows[0][0]))
                ]
            )
        hits = []
        for part, text, resolved in zip(PARTS, (title, body), resolve_article(parts, when, self.holders), strict=True):
            for index, (start, end, row) in enumerate(resolved):
                if row[4] == "role" and index + 1 < len(resolved):
                    after_start, _, after = resolved[index + 1]
                    if after[1] == "person" and after[4] in ("name", AMBIGUOUS) and not text[end:after_start].strip():
                        continue
                kind = "name" if row[4] == AMBIGUOUS else row[4]
                hits.append((part, row[0], row[1], text[start:end], kind, start, end))
        return hits


def _normalise(text: str) -> str:
    """Lower case with every non-word character a space, the same length as ``text``.

    >>> _normalise("Russia’s Xi_Jinping, İzmir")
    'russia s xi jinping  İzmir'
    """
    lowered = text.lower()
    if len(lowered) != len(text):  # a few characters (e.g. İ) lower to two
        lowered = "".join(c if len(c.lower()) != 1 else c.lower() for c in text)
    return lowered.translate(_SPACES)


class _Spaces(dict):
    """A ``str.translate`` table: a space for each character that is not a word character (re's
    ``[\\W_]``: not ``str.isalnum()``), each character filled in when first met; some ten times
    faster than ``re.sub``."""

    def __missing__(self, code: int) -> int:
        self[code] = code if chr(code).isalnum() else 32
        return self[code]


_SPACES = _Spaces()


def _same(text: str, start: int, row: tuple, capitals: bool) -> bool:
    alias = row[3]
    found = _SPACE.sub(" ", text[start : start + len(alias)]).replace("’", "'")
    alias = alias.replace("’", "'")
    if row[5] == "ignore":
        return found.lower() == alias.lower()
    return found == alias or (capitals and found == alias.upper())


def _resolve(rows: list[tuple], when: pd.Timestamp | None) -> list[tuple]:
    """The alias rows a hit may stand for: the dated aliases or role holders valid on the article's
    date, else the undated aliases (for a role, its unresolved fallback). Several only for an
    ambiguous alias, resolved by the article."""
    dated = [r for r in rows if (r[4] == "role" and r[1] != UNRESOLVED) or r[6] is not None or r[7] is not None]
    current = [
        r for r in dated if when is not None and (r[6] is None or r[6] <= when) and (r[7] is None or when < r[7])
    ]
    return current or [r for r in rows if r not in dated]
