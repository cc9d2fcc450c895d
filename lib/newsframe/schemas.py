"""Every table's columns and dtypes, written once; typed empty tables and conforming.

Each entry maps a table name to its columns in order and their pandas dtypes. Functions that
can find nothing return ``empty(name)`` rather than a frame without columns, so notebooks and
reports never meet a table that lacks the columns its documentation promises.

>>> empty("mentions").dtypes["start"]
dtype('int32')
>>> columns("terms")
['article_id', 'term', 'n', 'count']
"""

from __future__ import annotations

import pandas as pd

_SENTENCES = {
    "article_id": "string",
    "sentence": "int32",
    "part": "string",
    "start": "int32",
    "end": "int32",
    "text": "string",
}
_SENTENCE_SCORES = {
    "polarity": "float64",
    "subjectivity": "float64",
    "vader_compound": "float64",
    "vader_pos": "float64",
    "vader_neu": "float64",
    "vader_neg": "float64",
}

_KEYNESS = {
    "term": "string",
    "n": "int8",
    "count_target": "int64",
    "count_reference": "int64",
    "g2": "float64",
    "p_value": "float64",
    "q_value": "float64",
    "log_ratio": "float64",
}

SCHEMAS: dict[str, dict[str, str]] = {
    # --- load: files to articles -------------------------------------------------------------
    "articles": {
        "article_id": "string",
        "date": "datetime64[ns]",
        "title": "string",
        "text": "string",
        "source": "string",
        "url": "string",
        "n_words": "int64",
        "content_hash": "string",
        "duplicate_of": "string",
        "encoding": "string",  # the encoding the article's file was decoded from ("utf-8" for most)
    },
    "rejects": {"path": "string", "record": "Int64", "reason": "string"},
    "aliases": {
        "actor": "string",
        "type": "string",
        "country": "string",
        "alias": "string",
        "kind": "string",
        "case": "string",
        "since": "datetime64[ns]",
        "until": "datetime64[ns]",
    },
    "load_summary": {"outcome": "string", "count": "int64"},
    # --- extracted per article: what the store holds -------------------------------------------
    "sentences": _SENTENCES,
    "scored_sentences": {**_SENTENCES, **_SENTENCE_SCORES},
    "article_sentiment": {
        "article_id": "string",
        "n_sentences": "int64",
        "polarity": "float64",
        "subjectivity": "float64",
        "title_polarity": "float64",
        "title_subjectivity": "float64",
        "sign_differs": "boolean",
        "weighted_polarity": "float64",
        "weighted_subjectivity": "float64",
        "vader_compound": "float64",
        "title_vader_compound": "float64",
        "vader_sign_differs": "boolean",
    },
    "terms": {"article_id": "string", "term": "string", "n": "int8", "count": "int64"},
    "mentions": {
        "article_id": "string",
        "sentence": "int32",
        "part": "string",
        "actor": "string",
        "type": "string",
        "alias": "string",
        "kind": "string",
        "start": "int32",
        "end": "int32",
    },
    "quotes": {
        "article_id": "string",
        "quote": "int32",
        "sentence": "int32",
        "part": "string",
        "start": "int32",
        "end": "int32",
        "text": "string",
        "n_words": "int32",
        "speaker": "string",
        "speaker_type": "string",
        "actor": "string",
        "how": "string",
        "cue": "string",
    },
    # --- corpus-level analyses (added by the modules that compute them) -------------------------
    "findings": {"topic": "string", "finding": "string", "notebook": "string", "section": "string"},
    # analyses by group (section_of, or any column): newsframe.corpus, sentiment.tone,
    # actors.counting, frequency.analysis; `group` holds the group's label, `.attrs["by"]` its column
    "articles_by_group": {"group": "string", "articles": "int64", "share": "float64", "words": "int64"},
    "tone_by_group": {
        "group": "string",
        "n": "int64",
        "articles": "int64",
        "mean": "float64",
        "ci_low": "float64",
        "ci_high": "float64",
        "few": "bool",
    },
    "actor_counts_by_group": {
        "group": "string",
        "actor": "string",
        "type": "string",
        "mentions": "int64",
        "articles": "int64",
        "pct_articles": "float64",
    },
    "keyness_by_group": {"group": "string", **_KEYNESS},
    # newsframe.corpus
    "articles_over_time": {"period_start": "datetime64[ns]", "articles": "int64", "words": "int64", "gap": "bool"},
    "source_groups": {"group": "string", "articles": "int64", "share": "float64"},
    "duplicates": {
        "article_id": "string",
        "source": "string",
        "title": "string",
        "date": "datetime64[ns]",
        "duplicate_of": "string",
        "original_source": "string",
    },
    # newsframe.stories: one row per article; story_sizes one per story
    "stories": {"article_id": "string", "story_id": "string", "story_size": "int64", "similarity": "float64"},
    "story_sizes": {
        "story_id": "string",
        "title": "string",
        "articles": "int64",
        "exact_repeats": "int64",
        "first_date": "datetime64[ns]",
        "last_date": "datetime64[ns]",
    },
    # newsframe.provenance
    "provenance": {"field": "string", "value": "string"},
    # newsframe.sentiment.tone (and evidence, newsframe.sentiment.scoring)
    "evidence": {
        "article_id": "string",
        "sentence": "int32",
        "part": "string",
        "words": "string",
        "polarity": "float64",
        "subjectivity": "float64",
        "label": "string",
    },
    "extremes": {
        "side": "string",
        "rank": "int64",
        "article_id": "string",
        "date": "datetime64[ns]",
        "title": "string",
        "polarity": "float64",
    },
    "agreement": {"n": "int64", "pearson": "float64", "spearman": "float64", "sign_differs": "float64"},
    "disagreements": {
        "article_id": "string",
        "sentence": "int32",
        "text": "string",
        "polarity": "float64",
        "vader_compound": "float64",
        "gap": "float64",
    },
    "timeline": {
        "period": "datetime64[ns]",
        "n": "int64",
        "articles": "int64",
        "mean": "float64",
        "ci_low": "float64",
        "ci_high": "float64",
        "few": "bool",
        "gap": "bool",
    },
    # newsframe.frequency.analysis; term_frequencies(by=...) puts the grouping columns first
    "term_frequencies": {"term": "string", "n": "int8", "count": "int64", "docs": "int64"},
    "keyness": _KEYNESS,
    "term_trends": {
        "period": "datetime64[ns]",
        "term": "string",
        "count": "int64",
        "articles": "int64",
        "words": "int64",
        "per_1000_words": "float64",
        "gap": "bool",
    },
    # newsframe.kwic
    "kwic": {
        "article_id": "string",
        "title": "string",
        "date": "datetime64[ns]",
        "term": "string",
        "part": "string",
        "sentence": "Int32",
        "start": "int64",
        "end": "int64",
        "left": "string",
        "match": "string",
        "right": "string",
    },
    "collocations": {
        "term": "string",
        "collocate": "string",
        "count": "int64",
        "collocate_count": "int64",
        "expected": "float64",
        "pmi": "float64",
        "g2": "float64",
        "p_value": "float64",
    },
    # newsframe.actors.counting; actor_sentences is followed by every column of the scored sentences
    "actor_counts": {
        "actor": "string",
        "type": "string",
        "mentions": "int64",
        "articles": "int64",
        "pct_articles": "float64",
    },
    "actor_counts_by_period": {
        "actor": "string",
        "type": "string",
        "period": "datetime64[ns]",
        "mentions": "int64",
        "articles": "int64",
        "pct_articles": "float64",
        "gap": "bool",
    },
    "cooccurrence": {"source": "string", "target": "string", "weight": "int64", "articles": "int64"},
    "actor_sentences": {
        "actor": "string",
        "type": "string",
        "article_id": "string",
        "sentence": "int32",
        "mentions": "int64",
    },
    "actor_sentiment": {
        "actor": "string",
        "type": "string",
        "sentences": "int64",
        "articles": "int64",
        "mean": "float64",
        "ci_low": "float64",
        "ci_high": "float64",
    },
    "actor_sentiment_by_period": {
        "actor": "string",
        "type": "string",
        "period": "datetime64[ns]",
        "sentences": "int64",
        "articles": "int64",
        "mean": "float64",
        "ci_low": "float64",
        "ci_high": "float64",
    },
    # newsframe.actors.discovery
    "discovered_names": {
        "name": "string",
        "kind": "string",
        "mentions": "int64",
        "articles": "int64",
        "example": "string",
    },
    "share_of_voice": {
        "actor": "string",
        "type": "string",
        "mentions": "int64",
        "quotes": "int64",
        "articles_mentioned": "int64",
        "articles_quoted": "int64",
        "share_of_voice": "float64",
        "pct_of_quotes": "float64",
    },
}


def columns(table: str) -> list[str]:
    """The columns of ``table``, in order."""
    return list(_schema(table))


def dtypes(table: str) -> dict[str, str]:
    """The ``{column: dtype}`` of ``table``."""
    return dict(_schema(table))


def empty(table: str) -> pd.DataFrame:
    """A table with no rows and every column of ``table`` in its dtype.

    >>> empty("rejects").dtypes.astype(str).to_dict()
    {'path': 'string', 'record': 'Int64', 'reason': 'string'}
    """
    return pd.DataFrame({name: pd.Series(dtype=dtype) for name, dtype in _schema(table).items()})


def conform(frame: pd.DataFrame, table: str) -> pd.DataFrame:
    """``frame`` with exactly the columns of ``table``, in order and in their dtypes.

    Missing columns raise ``KeyError`` naming them: a table that lacks a documented column is a
    bug, not something to fill in silently.

    >>> conform(pd.DataFrame({"count": [2], "outcome": ["inputs"]}), "load_summary").columns.tolist()
    ['outcome', 'count']
    """
    schema = _schema(table)
    if list(frame.columns) == list(schema) and all(
        have == pd.api.types.pandas_dtype(want) for have, want in zip(frame.dtypes, schema.values(), strict=True)
    ):
        return frame.copy(deep=False)  # already conforming: casting every column again costs ~7x more
    missing = [c for c in schema if c not in frame.columns]
    if missing:
        raise KeyError(f"{table} table lacks column(s) {', '.join(missing)}")
    return frame[list(schema)].astype(schema)


def _schema(table: str) -> dict[str, str]:
    try:
        return SCHEMAS[table]
    except KeyError:
        raise KeyError(f"no schema named {table!r}; known: {', '.join(sorted(SCHEMAS))}") from None
