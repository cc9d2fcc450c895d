"""Tests for newsframe.sentiment.lexicons: AFINN exactly as the afinn package scores it, the
recommended "news" score by its formula, name masking, the scorer registry, and zero shares."""

from __future__ import annotations

import math
from concurrent.futures import ProcessPoolExecutor

import numpy as np
import pandas as pd
import pytest
from afinn import Afinn
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

from newsframe import parallel, schemas, sentiment
from newsframe.errors import ConfigError
from newsframe.sentiment import (
    check_scorers,
    lexicons,
    score_articles,
    score_column,
    score_sentences,
    score_texts,
    scoring,
)
from newsframe.sentiment.tone import zero_share
from newsframe.text import split_sentences

AFINN = Afinn()
VADER = SentimentIntensityAnalyzer()
WORDS = sorted(AFINN._dict)  # the package's own word list, to draw test texts from

CASES = {
    "empty": "",
    "no sentiment": "The minister spoke in Brussels on Tuesday.",
    "plain": "The talks were a great success.",
    "mixed": "A good deal, not a bad one.",
    "phrase beats words": "No fun at all.",
    "phrase with apostrophe": "I can't stand it.",
    "curly apostrophe": "I can’t stand it.",
    "hyphenated": "A self-confident, well-established and short-sighted plan.",
    "long hyphenated": "A once-in-a-lifetime chance.",
    "word inside a word": "Goodness, the goodwill was ungood.",
    "capitals": "WHAT A TERRIBLE, HORRIBLE DAY",
    "whitespace": "does\tnot\n\n work   at all",
    "several spaces in a phrase": "It is  not  good.",
    "digits and underscores": "good_bad 4good bad4 good2go",
    "unicode": "Ünited: a naïve, wonderful café — great!",
    "dotted capital I": "İstanbul is lovely.",
    "repeated": "bad bad bad bad bad bad bad bad bad bad",
    "strongly positive": "Outstanding, superb, breathtaking, wonderful, amazing.",
    "names": "The Supreme Court and the Justice Department like Hope Hicks.",
}


def scaled(total: float) -> float:
    return total / math.sqrt(total * total + 15)


@pytest.mark.parametrize("text", CASES.values(), ids=CASES.keys())
def test_afinn_equals_the_afinn_package(text):
    assert lexicons.afinn_sum(text) == AFINN.score(text)
    assert lexicons.afinn(text) == scaled(AFINN.score(text))


def test_afinn_column_is_the_package_score_scaled():
    texts = list(CASES.values())
    scored = score_texts(texts, scorers=["afinn"], n_jobs=1)
    assert scored.columns.tolist() == ["afinn"]
    assert scored["afinn"].tolist() == [scaled(AFINN.score(t)) for t in texts]


fragments = st.one_of(
    st.sampled_from(WORDS),
    st.sampled_from(["not", "no", "the", "Supreme", "Court", "-", "'", "’", "_", "x", "2", "É", "İ", "!"]),
    st.text(max_size=4),
)
separators = st.sampled_from(["", " ", "  ", "-", "\n", ", ", ". ", "'"])


@settings(
    max_examples=300, deadline=None, derandomize=True, database=None, suppress_health_check=[HealthCheck.too_slow]
)
@given(st.lists(st.tuples(fragments, separators), max_size=12), st.sampled_from([str, str.upper, str.title]))
def test_afinn_equals_the_package_on_generated_text(parts, case):
    text = case("".join(fragment + separator for fragment, separator in parts))
    assert lexicons.afinn_sum(text) == AFINN.score(text)
    assert -1 < lexicons.afinn(text) < 1
    assert -1 <= lexicons.news(text) <= 1


@pytest.mark.parametrize("text", CASES.values(), ids=CASES.keys())
def test_news_is_its_formula(text):
    masked = lexicons.mask_names(text)
    expected = 0.5 * VADER.polarity_scores(masked)["compound"] + 0.5 * scaled(AFINN.score(masked))
    assert lexicons.news(text) == pytest.approx(expected, abs=1e-15)
    assert lexicons.NEWS_WEIGHTS == {"vader": 0.5, "afinn": 0.5}


def test_news_ignores_names_but_not_the_same_words():
    assert lexicons.news("They met at the Supreme Court.") == 0
    assert lexicons.news("They met at the supreme court.") > 0
    assert lexicons.news("Talks fail in bitter dispute.") < 0


@pytest.mark.parametrize(
    ("text", "masked"),
    [
        ("He said the Supreme Court would act.", "He said the _ _ would act."),
        ("Great news for the team. Great Britain agreed to it.", "Great news for the team. Great _ agreed to it."),
        ("She said: Good riddance.", "She said: Good riddance."),
        ("He called it “Great” and (Fine) — Super.", "He called it “Great” and (Fine) — Super."),
        ("the United Nations' vote, then Jean-Luc Picard’s ship.", "the _ _' vote, then _ _ ship."),
        ("Supreme Court Backs Trump On Travel Ban", "Supreme Court Backs Trump On Travel Ban"),
        ("A NATO summit in the EU", "A NATO summit in the EU"),
        ("", ""),
    ],
)
def test_mask_names(text, masked):
    assert lexicons.mask_names(text) == masked


def test_registry_knows_every_scorer():
    assert sentiment.SCORERS == ("textblob", "vader")  # what the store keeps
    assert scoring.ALL_SCORERS == ("textblob", "vader", "afinn", "news")
    for scorer in scoring.ALL_SCORERS:
        assert score_column(scorer) in scoring.SCORE_COLUMNS[scorer]
    assert check_scorers(["news", "afinn", "vader"]) == ("vader", "afinn", "news")
    with pytest.raises(ConfigError, match="scorer"):
        check_scorers(["newsy"])


def test_default_scores_are_the_stored_ones():
    stored = schemas.columns("scored_sentences")[len(schemas.columns("sentences")) :]
    assert stored == [c for s in sentiment.SCORERS for c in scoring.SCORE_COLUMNS[s]]


def test_all_scorers_together_keep_the_column_order(tiny_articles):
    sentences = split_sentences(tiny_articles)
    scored = score_sentences(sentences, scorers=scoring.ALL_SCORERS, n_jobs=1)
    expected = [c for s in scoring.ALL_SCORERS for c in scoring.SCORE_COLUMNS[s]]
    assert scored.columns.tolist()[-len(expected) :] == expected
    alone = score_sentences(sentences, scorers=["news"], n_jobs=1)
    assert scored["news"].tolist() == alone["news"].tolist() == [lexicons.news(t) for t in sentences["text"]]
    assert scored[["afinn", "news"]].dtypes.eq("float64").all()


def test_article_scores_for_afinn_and_news():
    articles = pd.DataFrame(
        {
            "article_id": ["a", "b", "c"],
            "title": ["Talks fail", None, "Supreme Court Hears Case"],
            "text": ["The deal is good. It is a terrible, terrible loss.", "Fine.", ""],
        }
    )
    scores = score_articles(articles, scorers=["afinn", "news"], n_jobs=1)
    columns = [f"{p}{c}{s}" for c in ("afinn", "news") for p, s in (("", ""), ("title_", ""), ("", "_sign_differs"))]
    assert scores.columns.tolist() == ["article_id", "n_sentences", *columns]
    assert scores[columns].dtypes.astype(str).tolist() == ["float64", "float64", "boolean"] * 2
    # the body: sentences weighted by their number of words (4 and 6)
    assert scores["news"][0] == pytest.approx(
        (4 * lexicons.news("The deal is good.") + 6 * lexicons.news("It is a terrible, terrible loss.")) / 10
    )
    assert scores["title_news"].tolist()[::2] == [
        lexicons.news("Talks fail"),
        lexicons.news("Supreme Court Hears Case"),
    ]
    assert scores["news_sign_differs"].isna().tolist() == [False, True, True]
    empty = score_articles(articles.iloc[:0], scorers=["news"], n_jobs=1)
    assert empty.columns.tolist() == ["article_id", "n_sentences", "news", "title_news", "news_sign_differs"]


def test_missing_and_empty_inputs():
    scored = score_texts([None, "A good day."], scorers=["afinn", "news"], n_jobs=1)
    assert scored.iloc[0].isna().all() and scored.iloc[1].notna().all()
    empty = score_texts([], scorers=["news"], n_jobs=1)
    assert empty.columns.tolist() == ["news"] and empty.dtypes["news"] == "float64"


class CountingPool(ProcessPoolExecutor):
    """The pool newsframe.parallel.process_pool starts, counted."""

    started = 0

    def __init__(self, *args, **kwargs):
        type(self).started += 1
        super().__init__(*args, **kwargs)


def test_parallel_news_identical_to_serial(tiny_articles, monkeypatch):
    sentences = split_sentences(pd.concat([tiny_articles] * 3, ignore_index=True))
    serial = score_sentences(sentences, scorers=["afinn", "news"], n_jobs=1)
    monkeypatch.setattr(scoring, "PARALLEL_MIN_CHARS", 0)
    monkeypatch.setattr(parallel, "ProcessPoolExecutor", CountingPool)
    CountingPool.started = 0
    in_pool = score_sentences(sentences, scorers=["afinn", "news"], n_jobs=2)
    assert CountingPool.started == 1
    pd.testing.assert_frame_equal(in_pool, serial)


def test_polarity_labels():
    scores = pd.Series([-0.01, 0.0, 0.3, 0.31, np.nan], index=list("abcde"))
    labels = lexicons.polarity_labels(scores)
    assert labels.tolist()[:4] == ["neg", "neutral", "neutral", "pos"] and labels.isna().tolist()[4]
    assert labels.index.tolist() == list("abcde")
    assert lexicons.polarity_labels(scores, neutral=(-0.5, 0.5)).tolist()[:4] == ["neutral"] * 4
    with pytest.raises(ValueError, match="low <= high"):
        lexicons.polarity_labels(scores, neutral=(0.5, -0.5))


def test_zero_share():
    table = pd.DataFrame({"title_news": [0.0, -0.2, 0.0, np.nan, 0.4]})
    assert zero_share(table, "title_news") == 0.5
    assert np.isnan(zero_share(table.iloc[3:4], "title_news"))
    with pytest.raises(ConfigError, match="no column"):
        zero_share(table, "news")
