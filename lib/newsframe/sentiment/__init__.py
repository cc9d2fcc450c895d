"""Sentiment: TextBlob scores per sentence and article, VADER as a second opinion, the words
behind each score, and timelines with bootstrap confidence intervals.

``scoring`` computes the scores the store keeps; ``tone`` reads them (timelines, extremes,
agreement of the two scorers). Every public name is importable from ``newsframe.sentiment``.
"""

from newsframe.sentiment.scoring import (
    ALL_SCORERS,
    MAIN_COLUMN,
    PARALLEL_MIN_CHARS,
    SCORE_COLUMNS,
    SCORERS,
    Scorer,
    check_scorers,
    evidence,
    score_articles,
    score_column,
    score_sentences,
    score_texts,
)
from newsframe.sentiment.scoring import _warm as _warm  # loads the lexicons; benchmarks/bench_store.py uses it
from newsframe.sentiment.tone import (
    agreement,
    correlation,
    disagreements,
    extremes,
    timeline,
    tone_by_group,
    zero_share,
)

__all__ = [
    "ALL_SCORERS",
    "zero_share",
    "tone_by_group",
    "MAIN_COLUMN",
    "PARALLEL_MIN_CHARS",
    "SCORERS",
    "SCORE_COLUMNS",
    "Scorer",
    "agreement",
    "check_scorers",
    "correlation",
    "disagreements",
    "evidence",
    "extremes",
    "score_articles",
    "score_column",
    "score_sentences",
    "score_texts",
    "timeline",
]
