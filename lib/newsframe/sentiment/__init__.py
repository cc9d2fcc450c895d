"""Sentiment: TextBlob scores per sentence and article, VADER as a second opinion, the words
behind each score, and timelines with bootstrap confidence intervals.

``scoring`` computes the scores the store keeps; ``tone`` reads them (timelines, extremes,
agreement of the two scorers); ``labelling`` draws a sample of your sentences and labels them in
JupyterLab, and ``training`` trains your own scorer on those labels. Every public name is
importable from ``newsframe.sentiment``.
"""

from newsframe.sentiment.encoder import Encoder, load_encoder
from newsframe.sentiment.labelling import LabellingPanel, labelling_sample, read_progress, sample_strata
from newsframe.sentiment.scorer_files import load_scorer, resolve_scorer, save_scorer
from newsframe.sentiment.scoring import (
    ALL_SCORERS,
    MAIN_COLUMN,
    PARALLEL_MIN_CHARS,
    SCORE_COLUMNS,
    SCORERS,
    AnyScorer,
    Scorer,
    check_scorers,
    evidence,
    score_articles,
    score_column,
    score_sentences,
    score_texts,
    split_scorers,
)
from newsframe.sentiment.scoring import _warm as _warm  # loads the lexicons; benchmarks/bench_store.py uses it
from newsframe.sentiment.targeted import clause_span, score_mentions, target_features
from newsframe.sentiment.tone import (
    agreement,
    correlation,
    disagreements,
    extremes,
    timeline,
    tone_by_group,
    zero_share,
)
from newsframe.sentiment.training import (
    TrainedScorer,
    bootstrap_macro_f1,
    shortfall,
    train_scorer,
    with_scorer,
)

__all__ = [
    "Encoder",
    "load_encoder",
    "clause_span",
    "score_mentions",
    "target_features",
    "ALL_SCORERS",
    "AnyScorer",
    "LabellingPanel",
    "labelling_sample",
    "read_progress",
    "sample_strata",
    "TrainedScorer",
    "bootstrap_macro_f1",
    "load_scorer",
    "resolve_scorer",
    "save_scorer",
    "shortfall",
    "split_scorers",
    "train_scorer",
    "with_scorer",
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
