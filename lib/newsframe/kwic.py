"""Keyword in context and collocations: where and with which words a term occurs.

Both search the headline and the body (after any dateline) of each article with the phrase
matching of ``newsframe.text.find_phrase``: case-insensitive tokens, never across punctuation,
``*`` for any ending. Method and caveats: ``docs/word-frequency.md``.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Collection, Iterable
from itertools import accumulate
from typing import Literal

import numpy as np
import pandas as pd

from newsframe import schemas
from newsframe.errors import ConfigError, check_choice
from newsframe.stats import chi2_sf_1df
from newsframe.stats import g2 as log_likelihood
from newsframe.text import (
    body_start,
    find_phrase,
    iter_articles,
    may_contain,
    phrase_patterns,
    raw_token_spans,
    sentence_spans,
    stopword_set,
)

Mode = Literal["words", "sentence"]
MODES = ("words", "sentence")
Measure = Literal["g2", "pmi"]
MEASURES = ("g2", "pmi")
KWIC_COLUMNS = schemas.columns("kwic")
COLLOCATION_COLUMNS = schemas.columns("collocations")
_SPACE = re.compile(r"\s+")


def kwic(
    articles: pd.DataFrame,
    phrases: str | Iterable[str],
    *,
    window: int = 8,
    mode: Mode = "words",
    progress: bool | None = None,
) -> pd.DataFrame:
    """Every occurrence of a word or phrase with its left and right context.

    Takes an articles table (``article_id``, ``title``, ``text``, optional ``date``) and one or
    more phrases. Returns ``article_id``, ``title``, ``date``, ``term`` (the phrase as given),
    ``part`` (``"title"`` or ``"body"``), ``sentence`` (index as in ``split_sentences``; only
    filled in sentence mode), ``start`` / ``end`` (offsets of the match in the title or body),
    ``left``, ``match`` (the text as written) and ``right``. Context is ``window`` words each
    side (``mode="words"``) or the rest of the sentence (``mode="sentence"``); white space in it
    is collapsed. Rows come grouped by phrase, in the order given. Article text is returned as
    data: display it escaped (pandas does). Columns and types: the ``kwic`` schema.

    >>> arts = pd.DataFrame({"article_id": ["a"], "title": ["Oil falls"], "date": [pd.NaT],
    ...                      "text": ["Prices eased. OPEC said oil output rose, and oil fell."]})
    >>> kwic(arts, "oil", window=2)[["part", "left", "match", "right"]].values.tolist()
    [['title', '', 'Oil', 'falls'], ['body', 'OPEC said', 'oil', 'output rose,'], ['body', 'rose, and', 'oil', 'fell.']]
    >>> kwic(arts, "oil output", mode="sentence")[["sentence", "left", "right"]].values.tolist()
    [[2, 'OPEC said', 'rose, and oil fell.']]
    """
    check_choice("mode", mode, MODES)
    patterns = phrase_patterns(phrases, allow_empty=True)
    if window < 0:
        raise ConfigError(f"window must be zero or more words; got {window}")
    rows: list[tuple] = []
    # The article's own date, time of day included (iter_articles(dates=True) gives the day only).
    dates = articles["date"] if "date" in articles else pd.Series(pd.NaT, index=articles.index)
    records = zip(iter_articles(articles, progress=progress, desc="keyword in context"), dates, strict=True)
    for (article_id, title, text), date in records:
        sentences = None
        for part, content, offset in (("title", title, 0), ("body", text, body_start(text))):
            if not may_contain(content, patterns.values()):
                continue
            spans, tokens = raw_token_spans(content, offset)
            words = [span for span, token in zip(spans, tokens, strict=True) if token]
            ordinal = list(accumulate(1 if token else 0 for token in tokens))  # words up to each token
            for phrase, pattern in patterns.items():
                for i in find_phrase(tokens, pattern):
                    start, end = spans[i][0], spans[i + len(pattern) - 1][1]
                    sentence = pd.NA
                    if mode == "words":
                        before, after = ordinal[i] - 1, ordinal[i] - 1 + len(pattern)
                        left_at = words[max(before - window, 0)][0] if window and before else start
                        right_at = (
                            words[min(after + window, len(words)) - 1][1] if window and after < len(words) else end
                        )
                        right_at = _through_punctuation(content, right_at)
                    elif part == "title":
                        left_at, right_at, sentence = 0, len(content), 0
                    else:
                        if sentences is None:
                            sentences = sentence_spans(content)
                        index, (left_at, right_at) = next(
                            (j, s) for j, s in enumerate(sentences) if s[0] <= start < s[1]
                        )
                        sentence = index + (1 if title.strip() else 0)
                    rows.append(
                        (
                            article_id,
                            title,
                            date,
                            phrase,
                            part,
                            sentence,
                            start,
                            end,
                            _clean(content[left_at:start]),
                            content[start:end],
                            _clean(content[end:right_at]),
                        )
                    )
    order = {phrase: i for i, phrase in enumerate(patterns)}
    rows.sort(key=lambda row: order[row[3]])  # grouped by phrase in the order given, then article order
    return schemas.conform(pd.DataFrame(rows, columns=KWIC_COLUMNS), "kwic")


def collocations(
    articles: pd.DataFrame,
    phrases: str | Iterable[str],
    *,
    window: int = 5,
    min_count: int = 3,
    stopwords: Collection[str] | None = None,
    measure: Measure = "g2",
    progress: bool | None = None,
) -> pd.DataFrame:
    """Words that occur near a word or phrase (or each of several) more often than chance, ranked by G² or PMI.

    Counts the words within ``window`` word positions either side of each occurrence (in the
    same headline or body; stopwords take positions but are not counted as collocates, nor
    are numbers). Returns ``term`` (the phrase as given), ``collocate``, ``count`` (co-occurrences,
    at least ``min_count``), ``collocate_count`` (its frequency in the corpus), ``expected``
    (co-occurrences expected by chance), ``pmi`` (log2 of observed over expected), ``g2``
    (log-likelihood of the window-by-corpus 2x2 table) and ``p_value``, grouped by phrase in the
    order given and sorted by ``measure`` within each. Only collocates seen more often than
    expected are kept; no phrases give an empty table. The corpus is read once for all phrases.

    >>> arts = pd.DataFrame({"article_id": list("abc"), "title": ["", "", ""],
    ...     "text": ["Crude oil prices rose.", "Crude oil output fell.", "Gold prices rose sharply."]})
    >>> collocations(arts, "oil", window=1, min_count=2)[["collocate", "count"]].values.tolist()
    [['crude', 2]]
    >>> collocations(arts, ["oil", "prices"], window=1, min_count=2)[["term", "collocate"]].values.tolist()
    [['oil', 'crude'], ['prices', 'rose']]
    """
    check_choice("measure", measure, MEASURES)
    patterns = phrase_patterns(phrases, allow_empty=True)
    stop = stopword_set() if stopwords is None else frozenset(w.lower() for w in stopwords)
    frequency: Counter = Counter()
    near: dict[str, Counter] = {phrase: Counter() for phrase in patterns}
    in_windows = dict.fromkeys(patterns, 0)
    positions = 0
    for _, title, text in iter_articles(articles, progress=progress, desc="collocations"):
        for content, offset in ((title, 0), (text, body_start(text))):
            words = [t for t in raw_token_spans(content, offset)[1] if t]
            positions += len(words)
            frequency.update(words)
            if not may_contain(content, patterns.values()):
                continue
            for phrase, pattern in patterns.items():
                for i in find_phrase(words, pattern):
                    around = words[max(i - window, 0) : i] + words[i + len(pattern) : i + len(pattern) + window]
                    in_windows[phrase] += len(around)
                    near[phrase].update(around)
    tables = [
        _collocation_table(phrase, near[phrase], frequency, in_windows[phrase], positions, min_count, stop, measure)
        for phrase in patterns
    ]
    table = pd.concat(tables, ignore_index=True) if tables else schemas.empty("collocations")
    return schemas.conform(table, "collocations")


def _collocation_table(
    phrase: str,
    near: Counter,
    frequency: Counter,
    in_windows: int,
    positions: int,
    min_count: int,
    stop: frozenset[str],
    measure: str,
) -> pd.DataFrame:
    """The collocations rows of one phrase, from its window counts and the corpus's word counts."""
    rows = [
        (w, c, frequency[w])
        for w, c in near.items()
        if c >= min_count and w not in stop and any(ch.isalpha() for ch in w)
    ]
    table = pd.DataFrame(rows, columns=["collocate", "count", "collocate_count"])
    o11 = table["count"].to_numpy(float)
    r1, c1, n = float(in_windows), table["collocate_count"].to_numpy(float), float(max(positions, 1))
    expected = r1 * c1 / n
    observed = np.stack([o11, r1 - o11, c1 - o11, n - r1 - c1 + o11])
    expect = np.stack([expected, r1 * (n - c1) / n, (n - r1) * c1 / n, (n - r1) * (n - c1) / n])
    g2 = log_likelihood(observed, expect)
    with np.errstate(divide="ignore", invalid="ignore"):
        pmi = np.log2(o11 / expected)
    table = table.assign(term=phrase, expected=expected, pmi=pmi, g2=g2, p_value=chi2_sf_1df(g2))
    table = table.loc[table["count"] > table["expected"], COLLOCATION_COLUMNS]
    return table.sort_values([measure, "count", "collocate"], ascending=[False, False, True], kind="stable")


def _through_punctuation(content: str, at: int) -> int:
    """Extend a context end over punctuation that directly follows it (``fell.``, ``rose,``)."""
    end = at
    while end < len(content) and not content[end].isspace() and not content[end].isalnum():
        end += 1
    return end


def _clean(text: str) -> str:
    return _SPACE.sub(" ", text).strip()
