"""Sentences of an articles table, and the one loop over each article's headline and body.

Sentence boundaries come from sentencex (Wikimedia's rule-based segmenter, compiled, no
downloaded model): it knows abbreviations (``U.S.``, ``Mr.``, ``Sen.``, ``Feb.``), breaks at
paragraphs, and does not break inside quotation marks or brackets, so a quotation of several
sentences stays one. A few breaks it still makes are joined again: after a title before a name
(``Ms.``, ``Sen.``, ``Gov.``, ``St.``, an initial), inside a party tag (``D-W.Va.``), and after
an abbreviation followed by a lower-case word (``R-Pa. said``, ``Jr. of``). Offsets point into
the article's own ``title`` or ``text`` so every sentence can be traced back to its source.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

import numpy as np
import pandas as pd
import sentencex

from newsframe import schemas
from newsframe.progress import progress_bar

SENTENCE_COLUMNS = schemas.columns("sentences")
PARTS = ("title", "body")  # the parts of an article, in reading order

# a segment ending so never ends a sentence: a title before a name, or a middle initial ("George W.";
# not "S and P.", "World War I.")
_TITLE_END = re.compile(
    r"(?:^|[\s(\[“\"])(?:Mr|Mrs|Ms|Messrs|Dr|Sen|Sens|Rep|Reps|Gov|Gen|Lt|Col|Capt|Sgt|Adm|Prof|Rev|St)\.$"
    r"|(?:^|\s)(?:[A-Z][a-z]+|[A-Z]\.) [A-HJ-Z]\.$"
)
# an abbreviation (Jr., Pa., N.Y., D-Calif.): no sentence end when a lower-case word follows
_ABBREVIATION_END = re.compile(r"(?:^|[\s(\[-])(?:[A-Z][a-z]{0,3}|(?:[A-Za-z]\.)+[A-Za-z]{0,3})\.$")
# a party tag cut after its first part (D-W. | Va.)
_PARTY_TAG_CUT = re.compile(r"(?:^|[\s(\[,])[DRI]-(?:[A-Z][a-z]*\.)+$")
_TAG_REST = re.compile(r"[A-Z][a-z]{0,3}\.")


def iter_articles(
    articles: pd.DataFrame,
    *,
    dates: bool = False,
    progress: bool | None = False,
    desc: str = "articles",
) -> Iterator[tuple]:
    """``(article_id, title, body)`` of each article, missing text as ``""``; with ``dates=True``
    also its day (a normalised ``Timestamp``, None when undated). The one loop every per-article
    analysis runs, with a progress bar when ``progress`` asks for one.

    >>> arts = pd.DataFrame({"article_id": ["a"], "title": [None], "text": ["Oil rose."],
    ...                      "date": pd.to_datetime(["2021-12-15 10:00"])})
    >>> list(iter_articles(arts, dates=True))
    [('a', '', 'Oil rose.', Timestamp('2021-12-15 00:00:00'))]
    """
    columns = [articles["article_id"], articles["title"].fillna(""), articles["text"].fillna("")]
    if dates:
        when = articles["date"] if "date" in articles else pd.Series(pd.NaT, index=articles.index)
        columns.append([None if pd.isna(d) else pd.Timestamp(d).normalize() for d in when])
    return iter(progress_bar(zip(*columns), total=len(articles), desc=desc, unit="article", progress=progress))


def sentence_spans(text: str) -> list[tuple[int, int]]:
    """Character spans ``(start, end)`` of the sentences of ``text``.

    >>> text = "Mr. Xi met the U.S. envoy. Talks went well."
    >>> [text[a:b] for a, b in sentence_spans(text)]
    ['Mr. Xi met the U.S. envoy.', 'Talks went well.']
    """
    spans: list[tuple[int, int]] = []
    at = 0
    text = text or ""
    for segment in sentencex.segment("en", text or ""):
        if not segment:
            continue
        # segments cover the text in order, whitespace included; find() keeps offsets exact
        # even if a segment ever came back altered
        start = text.find(segment, at)
        if start < 0:
            raise ValueError(f"sentence segment not found in its text at offset {at}: {segment[:40]!r}")
        at = start + len(segment)
        stripped = segment.strip()
        if stripped:
            first = start + len(segment) - len(segment.lstrip())
            if spans and _glued(text, spans[-1], first):
                spans[-1] = (spans[-1][0], first + len(stripped))
            else:
                spans.append((first, first + len(stripped)))
    return spans


def _glued(text: str, before: tuple[int, int], start: int) -> bool:
    """Whether the break between the sentence ``before`` and the one at ``start`` is a false one."""
    if "\n" in text[before[1] : start]:
        return False  # a paragraph break is always a break
    tail = text[max(before[0], before[1] - 24) : before[1]]
    if _TITLE_END.search(tail) or before[1] - before[0] == 2 and tail[0].isupper():  # or just "E."
        return True
    following = text[start : start + 1]
    if following.islower() or following in (",", ";", ")"):
        return _ABBREVIATION_END.search(tail) is not None
    return _PARTY_TAG_CUT.search(tail) is not None and _TAG_REST.match(text, start) is not None


def split_sentences(articles: pd.DataFrame, *, progress: bool | None = None) -> pd.DataFrame:
    """One row per sentence of each article: the stable ``sentences`` table.

    Takes an articles table (``article_id``, ``title``, ``text``) and returns columns
    ``article_id``; ``sentence`` (0-based index within the article; the headline, when there is
    one, is sentence 0); ``part`` (``"title"`` or ``"body"``); ``start`` / ``end`` (character
    offsets into the article's ``title`` for the headline, into ``text`` for the body); ``text``.

    >>> arts = pd.DataFrame({"article_id": ["a"], "title": ["Xi calls Putin"],
    ...                      "text": ["They spoke. Both smiled."]})
    >>> split_sentences(arts)[["sentence", "part", "text"]].values.tolist()
    [[0, 'title', 'Xi calls Putin'], [1, 'body', 'They spoke.'], [2, 'body', 'Both smiled.']]
    """
    rows: dict[str, list] = {c: [] for c in SENTENCE_COLUMNS}
    for article_id, title, body in iter_articles(articles, progress=progress, desc="sentences"):
        index = 0
        stripped = title.strip()
        if stripped:
            start = title.index(stripped)
            _append(rows, article_id, index, "title", start, start + len(stripped), stripped)
            index += 1
        for start, end in sentence_spans(body):
            _append(rows, article_id, index, "body", start, end, body[start:end])
            index += 1
    return pd.DataFrame(rows).astype(schemas.dtypes("sentences"))


def _append(rows: dict[str, list], *values) -> None:
    for column, value in zip(SENTENCE_COLUMNS, values):
        rows[column].append(value)


def locate_sentences(table: pd.DataFrame, sentences: pd.DataFrame) -> pd.DataFrame:
    """``table`` (``article_id``, ``part``, ``start``) with the ``sentence`` (int32) whose span holds
    each row's ``start``: the one answer to "which sentence is this offset in". Rows keep their
    order; an offset before an article part's first sentence (leading space) belongs to it.

    >>> sents = pd.DataFrame({"article_id": ["a", "a"], "part": ["body", "body"], "start": [0, 12],
    ...                       "sentence": [1, 2]})
    >>> hits = pd.DataFrame({"article_id": ["a", "a"], "part": ["body", "body"], "start": [14, 3]})
    >>> locate_sentences(hits, sents)["sentence"].tolist()
    [2, 1]
    """
    keys = sentences[["article_id", "part", "start", "sentence"]].astype(
        {"article_id": "string", "part": "string", "start": "int64", "sentence": "int32"}
    )
    rows = table.drop(columns="sentence", errors="ignore").astype({"article_id": "string", "part": "string"})
    located = pd.merge_asof(
        rows.assign(_order=np.arange(len(rows)), start=rows["start"].astype("int64")).sort_values("start"),
        keys.sort_values("start"),
        on="start",
        by=["article_id", "part"],
        direction="backward",
    )
    missing = located["sentence"].isna()
    if missing.any():
        first = keys.groupby(["article_id", "part"])["sentence"].min()
        located.loc[missing, "sentence"] = [
            first.get((a, p), 0) for a, p in zip(located.loc[missing, "article_id"], located.loc[missing, "part"])
        ]
    located = located.sort_values("_order").drop(columns="_order").reset_index(drop=True)
    return located.astype({"sentence": "int32", "start": table["start"].dtype})
