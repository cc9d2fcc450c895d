"""Discover frequent names the actor dictionary does not cover yet, to help extend it.

Known actors, roles, metonyms and exclusions are masked out of each title and body with the
mentions matcher; what is left is scanned for runs of capitalised words (or, optionally, a
spaCy pipeline's entities), filtered and ranked.
"""

from __future__ import annotations

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
from newsframe.text import PARTS, iter_articles, stopword_set

_CONNECTORS = r"(?:of|the|for|and|de|du|la|von|van|der|al|bin)"
_NAME_WORD = r"[A-Z][\w&’'.-]*\w|[A-Z]"
_PHRASE = re.compile(rf"(?<![\w])(?:{_NAME_WORD})(?:[ ](?:{_CONNECTORS}[ ])?(?:{_NAME_WORD}))*")
_POSSESSIVE = re.compile(r"[’']s$")
_HONORIFICS = {"mr", "mrs", "ms", "dr", "prof", "sir", "sen", "rep", "gov", "gen"}
_OPENERS = '.!?:"”'  # a word after one of these (or at the start of a text) opens a sentence
OPENER_SHARE = 0.8
_CALENDAR = (
    {d.lower() for d in pd.date_range("2024-01-01", periods=12, freq="MS").strftime("%B")}
    | {d.lower() for d in pd.date_range("2024-01-01", periods=7).strftime("%A")}
    | {"reuter"}
)  # + Reuters' sign-off


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
    texts = []
    for article_id, title, body, when in iter_articles(articles, dates=True):
        for part, text in zip(PARTS, (title, body), strict=True):
            if text and not (part == "title" and text.isupper()):
                texts.append((article_id, _mask(text, matcher.spans(text, when))))
    docs = nlp.pipe(t for _, t in texts) if nlp is not None else itertools.repeat(None)
    for (article_id, text), doc in progress_bar(
        zip(texts, docs, strict=False), total=len(texts), desc="discovery", unit="text", progress=progress
    ):
        if doc is not None:
            matches = [
                (e.text, e.start_char, e.end_char)
                for e in doc.ents
                if e.label_ in ("PERSON", "ORG", "GPE", "NORP") and "\x00" not in e.text
            ]
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
    if not found:
        return schemas.empty("discovered_names")
    table = pd.DataFrame(found, columns=["name", "article_id", "example", "opens"])
    if nlp is None:
        counts = table["name"].value_counts()
        single = ~table["name"].str.contains(" ")
        common = table["name"].map(lambda n: n.lower() in not_names or lower_words[n.lower()] >= counts[n])
        opener = (table.groupby("name")["opens"].transform("mean") >= OPENER_SHARE) & table["name"].map(
            lambda n: simplemma.is_known(n.lower(), lang="en")
        )
        table = table[~(single & (common | opener))]
    ranked = (
        table.groupby("name")
        .agg(mentions=("article_id", "size"), articles=("article_id", "nunique"), example=("example", "first"))
        .reset_index()
        .query("articles >= @min_articles")
        .sort_values(["articles", "mentions", "name"], ascending=[False, False, True])
    )
    if ranked.empty:
        return schemas.empty("discovered_names")
    return schemas.conform((ranked.head(top_n) if top_n else ranked).reset_index(drop=True), "discovered_names")


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
