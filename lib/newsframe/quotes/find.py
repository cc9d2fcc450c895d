"""``find_quotes``: the quotes table of an articles table (quotations, their speakers and how found)."""

from __future__ import annotations

from collections import defaultdict

import numpy as np
import pandas as pd

from newsframe import schemas
from newsframe.quotes.marks import quote_spans
from newsframe.quotes.speakers import TextSpeakers
from newsframe.text import PARTS, iter_articles, locate_sentences, split_sentences

QUOTE_COLUMNS = schemas.columns("quotes")


def find_quotes(
    articles: pd.DataFrame,
    mentions: pd.DataFrame,
    *,
    sentences: pd.DataFrame | None = None,
    min_words: int = 3,
) -> pd.DataFrame:
    """Direct quotations in the titles and bodies of ``articles``, with their speakers.

    Takes an articles table (``article_id``, ``title``, ``text``), its ``mentions`` table
    (``article_id``, ``part``, ``actor``, ``type``, ``start``, ``end``, and ``alias``, ``kind``
    when present) and optionally its ``sentences`` (``split_sentences`` runs otherwise). Returns
    one row per quotation of at least ``min_words`` words (shorter ones are mostly scare quotes):
    ``article_id``, ``quote`` (0-based within the article), ``sentence`` (where it opens),
    ``part``, ``start``, ``end`` (offsets of the quoted text into the ``title`` or ``text``),
    ``text``, ``n_words``, ``speaker`` (a dictionary actor's name, or the name as the text gives
    it, NA when none), ``speaker_type``, ``actor`` (the dictionary actor, NA for other speakers),
    ``how`` (``name``, ``pronoun``, ``role noun``, ``according to`` or ``continued``) and ``cue``.

    >>> arts = pd.DataFrame({"article_id": ["a"], "title": [""], "text": [
    ...     "“We will meet in Beijing,” Putin said. Dmitry Lukashov, an analyst, told reporters: "
    ...     "“Relations are strong.” “They will grow,” he added."]})
    >>> ments = pd.DataFrame({"article_id": ["a"], "part": ["body"], "actor": ["Vladimir Putin"],
    ...                       "type": ["person"], "start": [27], "end": [32]})
    >>> find_quotes(arts, ments)[["text", "speaker", "actor", "how"]].values.tolist()  # doctest: +NORMALIZE_WHITESPACE
    [['We will meet in Beijing', 'Vladimir Putin', 'Vladimir Putin', 'name'],
     ['Relations are strong.', 'Dmitry Lukashov', <NA>, 'name'],
     ['They will grow', 'Dmitry Lukashov', <NA>, 'pronoun']]
    """
    if sentences is None:
        sentences = split_sentences(articles)
    # plain dicts of lists: pandas groupby iteration costs more than the quote search itself
    by_part: dict[tuple, list[tuple]] = defaultdict(list)
    aliases = mentions["alias"] if "alias" in mentions else mentions["actor"]
    kinds = mentions["kind"] if "kind" in mentions else pd.Series("name", index=mentions.index)
    columns = [mentions[c] for c in ("article_id", "part", "start", "end", "actor", "type")] + [aliases, kinds]
    for row in zip(*(c.tolist() for c in columns)):
        by_part[row[:2]].append(row[2:])
    starts_of: dict[tuple, list] = defaultdict(list)
    for article_id, part, start in zip(*(sentences[c].tolist() for c in ("article_id", "part", "start"))):
        starts_of[(article_id, part)].append(start)
    rows = []
    empty = np.array([], dtype=int)
    for article_id, title, body in iter_articles(articles):
        number = 0
        for part, text in zip(PARTS, (title, body), strict=True):
            spans = quote_spans(text) if text else []
            if not spans:
                continue
            key = (article_id, part)
            starts = np.sort(np.asarray(starts_of.get(key, empty)))
            found = TextSpeakers(text, sorted(by_part.get(key, [])), spans, starts).speakers()
            for span, (speaker, cue) in zip(spans, found, strict=True):
                quoted = text[span.start : span.end]
                n_words = len(quoted.split())
                if n_words < min_words:
                    continue
                rows.append(
                    (article_id, number, part, span.start, span.end, quoted, n_words)
                    + ((speaker.name, speaker.type, speaker.actor, speaker.how, cue) if speaker else (None,) * 5)
                )
                number += 1
    columns = [c for c in QUOTE_COLUMNS if c != "sentence"]
    table = pd.DataFrame(rows, columns=columns).astype(
        {c: t for c, t in schemas.dtypes("quotes").items() if c != "sentence"}
    )
    return schemas.conform(locate_sentences(table, sentences), "quotes")
