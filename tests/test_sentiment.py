"""Tests for newsframe.sentiment: exact TextBlob scores, VADER, parallel = serial, article
aggregates, evidence, rankings, agreement and timelines."""

from __future__ import annotations

import warnings
from concurrent.futures import ProcessPoolExecutor

import numpy as np
import pandas as pd
import papermill as pm
import pytest
from textblob import TextBlob
from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

from newsframe import parallel, schemas, sentiment
from newsframe.config import NOTEBOOKS_DIR
from newsframe.errors import ConfigError
from newsframe.sentiment import (
    agreement,
    disagreements,
    evidence,
    extremes,
    score_articles,
    score_column,
    score_sentences,
    score_texts,
    scoring,
    timeline,
)
from newsframe.sentiment.tone import tone_by_group
from newsframe.text import split_sentences

VADER = SentimentIntensityAnalyzer()

EDGE_TEXTS = {
    "plain": "The talks were a great success.",
    "negation": "The deal is not good at all.",
    "intensifier": "A very very bad result for the government.",
    "exclamation": "What a wonderful day!!!",
    "emoticon": "Markets rallied :-)",
    "irony": "A fine mess (!)",
    "empty": "",
    "whitespace": "   \n ",
    "no_sentiment_words": "The minister met the envoy on Tuesday.",
    "curly_quotes": "Putin praised Russia’s “model” relations.",
    "numbers": "1987 12.5 % 3,000",
    "non_english": "Die Gespräche waren schwierig.",
    "uppercase": "TERRIBLE LOSSES AT THE FRONT",
}


def articles_of(*rows: tuple[str, str | None, str]) -> pd.DataFrame:
    """A small articles table: (article_id, title, text) per row, dated one day apart."""
    ids, titles, texts = zip(*rows, strict=True)
    return pd.DataFrame(
        {
            "article_id": pd.array(ids, dtype="string"),
            "date": pd.date_range("2022-01-03", periods=len(rows), freq="D"),
            "title": pd.array(titles, dtype="string"),
            "text": pd.array(texts, dtype="string"),
        }
    )


@pytest.mark.parametrize("text", EDGE_TEXTS.values(), ids=EDGE_TEXTS.keys())
def test_scores_equal_textblob_and_vader_exactly(text):
    row = score_texts([text]).iloc[0]
    expected = TextBlob(text).sentiment
    vader = VADER.polarity_scores(text)
    assert (row["polarity"], row["subjectivity"]) == (expected.polarity, expected.subjectivity)
    assert (row["vader_compound"], row["vader_pos"], row["vader_neu"], row["vader_neg"]) == (
        vader["compound"],
        vader["pos"],
        vader["neu"],
        vader["neg"],
    )


def test_score_texts_keeps_index_and_gives_nan_for_missing_texts():
    texts = pd.Series(["Good news.", None, "Bad news."], index=[10, 20, 30], dtype="string")
    scored = score_texts(texts, scorers=["textblob"])
    assert scored.index.tolist() == [10, 20, 30]
    assert scored.columns.tolist() == ["polarity", "subjectivity"]
    assert scored.loc[20].isna().all()
    assert scored.loc[10, "polarity"] == TextBlob("Good news.").sentiment.polarity


def test_score_sentences_adds_columns_equal_to_textblob(tiny_articles):
    sentences = split_sentences(tiny_articles)
    before = sentences.copy()
    scored = score_sentences(sentences)
    pd.testing.assert_frame_equal(sentences, before)  # input untouched
    assert scored.columns.tolist() == [
        *before.columns,
        *sentiment.SCORE_COLUMNS["textblob"],
        *sentiment.SCORE_COLUMNS["vader"],
    ]
    expected = [tuple(TextBlob(t).sentiment) for t in sentences["text"]]
    assert list(zip(scored["polarity"], scored["subjectivity"], strict=True)) == expected


def test_scorers_choose_the_columns(tiny_articles):
    sentences = split_sentences(tiny_articles)
    assert score_sentences(sentences, scorers=["vader"]).columns[-4:].tolist() == sentiment.SCORE_COLUMNS["vader"]
    assert "vader_compound" not in score_sentences(sentences, scorers="textblob")


class CountingPool(ProcessPoolExecutor):
    """The pool newsframe.parallel.process_pool starts, counted."""

    started = 0

    def __init__(self, *args, **kwargs):
        type(self).started += 1
        super().__init__(*args, **kwargs)


def test_parallel_scores_identical_to_serial(tiny_articles, monkeypatch):
    sentences = split_sentences(pd.concat([tiny_articles] * 5, ignore_index=True))
    serial = score_sentences(sentences, n_jobs=1)
    monkeypatch.setattr(scoring, "PARALLEL_MIN_CHARS", 0)
    monkeypatch.setattr(parallel, "ProcessPoolExecutor", CountingPool)
    CountingPool.started = 0
    in_pool = score_sentences(sentences, n_jobs=2)
    assert CountingPool.started == 1  # the pool really ran
    pd.testing.assert_frame_equal(in_pool, serial)


def test_small_inputs_stay_serial(tiny_articles, monkeypatch):
    monkeypatch.setattr(parallel, "ProcessPoolExecutor", CountingPool)
    CountingPool.started = 0
    score_sentences(split_sentences(tiny_articles), n_jobs=2)
    assert CountingPool.started == 0


@pytest.mark.parametrize(
    "options",
    [{"n_jobs": 0}, {"n_jobs": -1}, {"n_jobs": 1.5}, {"scorers": ["textblob", "bert"]}, {"scorers": []}],
    ids=["zero_jobs", "negative_jobs", "fractional_jobs", "unknown_scorer", "no_scorer"],
)
def test_bad_options_raise_config_error(options):
    with pytest.raises(ConfigError):
        score_texts(["Good."], **options)


def test_unknown_scorer_message_lists_valid_values():
    with pytest.raises(ConfigError, match="'textblob', 'vader'"):
        score_column("bert")


def test_article_scores_match_textblob_on_body_and_headline(tiny_articles):
    scores = score_articles(tiny_articles)
    assert scores["article_id"].tolist() == tiny_articles["article_id"].tolist()
    for (_, article), (_, row) in zip(tiny_articles.iterrows(), scores.iterrows(), strict=True):
        assert (row["polarity"], row["subjectivity"]) == tuple(TextBlob(article["text"]).sentiment)
        assert row["title_polarity"] == TextBlob(article["title"]).sentiment.polarity


def test_headline_scores_come_from_the_sentences_title_rows_or_are_computed():
    arts = articles_of(
        ("a", "  A terrible, sad day \n", "Fine."), ("b", "What a great win!", "Fine."), ("c", "   ", "Fine.")
    )
    sentences = score_sentences(split_sentences(arts))
    full = score_articles(arts, sentences=sentences)
    # the title row of "b" is missing: its headline is scored directly, with the same result
    kept = ~sentences["article_id"].eq("b") | sentences["part"].ne("title")
    partial = score_articles(arts, sentences=sentences[kept])
    pd.testing.assert_frame_equal(partial, full)
    assert full["title_polarity"].tolist()[:2] == [TextBlob(t).sentiment.polarity for t in arts["title"][:2]]
    assert full["title_vader_compound"].tolist()[:2] == [
        VADER.polarity_scores(t)["compound"] for t in arts["title"][:2]
    ]
    assert np.isnan(full.loc[2, "title_polarity"]) and np.isnan(full.loc[2, "title_vader_compound"])


def test_weighted_polarity_is_word_weighted_mean_of_body_sentences():
    arts = articles_of(("a", "Headline", "It was good. It was a terrible, terrible day for all."))
    row = score_articles(arts).iloc[0]
    good, bad = TextBlob("It was good.").sentiment, TextBlob("It was a terrible, terrible day for all.").sentiment
    assert row["n_sentences"] == 2
    assert row["weighted_polarity"] == pytest.approx((3 * good.polarity + 8 * bad.polarity) / 11)
    assert row["weighted_subjectivity"] == pytest.approx((3 * good.subjectivity + 8 * bad.subjectivity) / 11)
    compound = [
        VADER.polarity_scores(s)["compound"] for s in ("It was good.", "It was a terrible, terrible day for all.")
    ]
    assert row["vader_compound"] == pytest.approx((3 * compound[0] + 8 * compound[1]) / 11)


@pytest.mark.parametrize(
    "title, body, expected",
    [
        ("A wonderful victory", "The losses were terrible.", True),
        ("A terrible defeat", "The result was wonderful.", True),
        ("A wonderful victory", "The result was wonderful.", False),
        ("Ministers meet", "The losses were terrible.", False),  # neutral headline: not opposite
        (None, "The losses were terrible.", pd.NA),
        ("   ", "The losses were terrible.", pd.NA),
    ],
    ids=["pos_title_neg_body", "neg_title_pos_body", "same_sign", "neutral_title", "no_title", "blank_title"],
)
def test_sign_differs_flags_opposite_headline_and_body(title, body, expected):
    row = score_articles(articles_of(("a", title, body)), scorers=["textblob"]).iloc[0]
    assert row["sign_differs"] is expected or row["sign_differs"] == expected
    if expected is pd.NA:
        assert np.isnan(row["title_polarity"])


def test_score_articles_reuses_given_sentences(tiny_articles):
    sentences = score_sentences(split_sentences(tiny_articles))
    pd.testing.assert_frame_equal(score_articles(tiny_articles, sentences=sentences), score_articles(tiny_articles))


def test_score_articles_rejects_unscored_sentences(tiny_articles):
    with pytest.raises(ConfigError, match="score_sentences"):
        score_articles(tiny_articles, sentences=split_sentences(tiny_articles))


def test_article_without_body_sentences_has_no_weighted_score():
    arts = articles_of(("a", "A good headline", "   "))
    row = score_articles(arts).iloc[0]
    assert row["n_sentences"] == 0
    assert np.isnan(row["weighted_polarity"]) and np.isnan(row["vader_compound"])
    assert row["vader_sign_differs"] is pd.NA


@pytest.mark.parametrize(
    "text", [t for t in EDGE_TEXTS.values() if t.strip()], ids=[k for k, t in EDGE_TEXTS.items() if t.strip()]
)
def test_evidence_explains_the_polarity(text):
    found = evidence(pd.DataFrame({"article_id": ["a"], "sentence": [0], "text": [text]}))
    expected = TextBlob(text).sentiment.polarity
    assessments = TextBlob(text).sentiment_assessments.assessments
    assert found["words"].tolist() == [" ".join(words) for words, *_ in assessments]
    assert found["polarity"].tolist() == [p for _, p, *_ in assessments]
    assert (found["polarity"].mean() if len(found) else 0.0) == pytest.approx(expected)


def test_evidence_names_the_words_and_keys():
    found = evidence(
        pd.DataFrame(
            {
                "article_id": ["a", "b"],
                "sentence": [3, 0],
                "part": ["body", "title"],
                "text": ["This is not good.", "Nothing here."],
            }
        )
    )
    assert found.columns.tolist() == ["article_id", "sentence", "part", "words", "polarity", "subjectivity", "label"]
    assert found[["article_id", "sentence", "words"]].values.tolist() == [["a", 3, "not good"]]


def test_extremes_rank_each_side_and_skip_zero():
    arts = articles_of(("a", "A", "x"), ("b", "B", "y"), ("c", "C", "z"), ("d", "D", "w"))
    scores = pd.DataFrame({"article_id": ["a", "b", "c", "d"], "polarity": [0.2, 0.9, -0.4, 0.0]})
    top = extremes(scores, arts, n=5)
    assert top[["side", "rank", "article_id", "title"]].values.tolist() == [
        ["positive", 1, "b", "B"],
        ["positive", 2, "a", "A"],
        ["negative", 1, "c", "C"],
    ]
    assert top["date"].tolist() == arts.set_index("article_id").loc[["b", "a", "c"], "date"].tolist()


def test_extremes_within_the_given_articles_only(tiny_articles):
    sentences = score_sentences(split_sentences(tiny_articles), scorers=["textblob"])
    one = tiny_articles.iloc[[1]]
    top = extremes(sentences, one, n=2)
    assert set(top["article_id"]) == {one["article_id"].iloc[0]}
    assert {"sentence", "text", "title", "date"} <= set(top.columns)


def test_extremes_of_nothing_is_an_empty_table():
    arts = articles_of(("a", "A", "x"))
    empty = extremes(pd.DataFrame({"article_id": pd.array([], dtype="string"), "polarity": []}), arts)
    assert empty.empty and empty.columns.tolist() == ["side", "rank", "article_id", "date", "title", "polarity"]


def test_agreement_statistics():
    scored = pd.DataFrame({"polarity": [0.5, -0.2, 0.0, 0.3, np.nan], "vader_compound": [0.6, 0.1, -0.4, 0.2, 0.5]})
    row = agreement(scored).iloc[0]
    assert row["n"] == 4
    assert row["pearson"] == pytest.approx(np.corrcoef([0.5, -0.2, 0.0, 0.3], [0.6, 0.1, -0.4, 0.2])[0, 1])
    assert row["spearman"] == pytest.approx(0.8)
    assert row["sign_differs"] == 0.25  # only -0.2 vs 0.1; 0.0 vs -0.4 is not opposite


def test_agreement_of_too_few_sentences_is_nan():
    row = agreement(pd.DataFrame({"polarity": [0.5, 0.1], "vader_compound": [0.2, 0.3]})).iloc[0]
    assert row["n"] == 2 and np.isnan(row["pearson"]) and np.isnan(row["spearman"])


def test_disagreements_largest_gap_first():
    scored = pd.DataFrame(
        {
            "article_id": ["a"] * 3,
            "sentence": [0, 1, 2],
            "text": ["x", "y", "z"],
            "polarity": [0.5, 0.0, -0.8],
            "vader_compound": [0.4, -0.6, 0.3],
        }
    )
    top = disagreements(scored, n=2)
    assert top["sentence"].tolist() == [2, 1]
    assert top["gap"].tolist() == pytest.approx([1.1, -0.6])


def dated_scores(dates: list[str], values: list[float]) -> tuple[pd.DataFrame, pd.DataFrame]:
    ids = [f"a{i}" for i in range(len(dates))]
    arts = pd.DataFrame({"article_id": ids, "date": pd.to_datetime(dates)})
    return pd.DataFrame({"article_id": ids, "polarity": values}), arts


def test_timeline_keeps_empty_periods_and_flags_few():
    scores, arts = dated_scores(["2022-01-03", "2022-01-20", "2022-01-21", "2022-03-31"], [0.1, 0.2, 0.6, -0.3])
    line = timeline(scores, arts, period="month", min_count=2)
    assert line["period"].tolist() == list(pd.to_datetime(["2022-01-01", "2022-02-01", "2022-03-01"]))
    assert line["n"].tolist() == [3, 0, 1]
    assert line["mean"].iloc[0] == pytest.approx(0.3)
    assert np.isnan(line["mean"].iloc[1])
    assert line["few"].tolist() == [False, True, True]
    assert np.isnan(line["ci_low"].iloc[2])  # one article: no interval


def test_timeline_weeks_start_on_monday_and_axis_runs_from_first_to_last_data():
    # issue 13: a wider window no longer adds empty periods before and after the data
    scores, arts = dated_scores(["2022-01-05", "2022-01-09", "2022-01-10"], [0.1, 0.2, 0.3])
    line = timeline(scores, arts, period="week", since="2021-12-29", until="2022-01-20")
    assert line["period"].dt.day_name().eq("Monday").all()
    assert line["period"].iloc[0] == pd.Timestamp("2022-01-03")
    assert line["n"].tolist() == [2, 1]


def test_timeline_bootstrap_is_seeded_and_window_independent():
    rng = np.random.default_rng(1)
    dates = pd.date_range("2022-01-01", periods=60, freq="D").strftime("%Y-%m-%d").tolist()
    scores, arts = dated_scores(dates, rng.normal(0, 0.3, 60).tolist())
    first = timeline(scores, arts, period="month")
    pd.testing.assert_frame_equal(first, timeline(scores, arts, period="month"))
    wider = timeline(scores, arts, period="month", since="2021-10-01")
    pd.testing.assert_frame_equal(wider, first)  # no empty months before the data (issue 13)
    other = timeline(scores, arts, period="month", seed=1)
    assert not np.allclose(other["ci_low"].iloc[:2], first["ci_low"].iloc[:2])
    assert first["ci_low"].notna().sum() == 2  # January and February; March 1 alone has none
    assert (first["ci_low"] <= first["mean"]).sum() == 2 and (first["mean"] <= first["ci_high"]).sum() == 2


def test_timeline_interval_of_equal_values_collapses_to_that_value():
    scores, arts = dated_scores(["2022-01-03", "2022-01-04", "2022-01-05"], [0.4, 0.4, 0.4])
    row = timeline(scores, arts, n_boot=200).iloc[0]
    assert row["mean"] == pytest.approx(0.4)
    assert row["ci_low"] == pytest.approx(0.4) and row["ci_high"] == pytest.approx(0.4)


def test_timeline_interval_of_two_values_spans_them():
    # Resampled means of (0, 1) are 0, 0.5 or 1 with chances 1/4, 1/2, 1/4: with 500 resamples
    # far more than 2.5% of them are 0 and 1, so the 95% interval is exactly [0, 1].
    scores, arts = dated_scores(["2022-01-03", "2022-01-04"], [0.0, 1.0])
    row = timeline(scores, arts, n_boot=500, seed=7).iloc[0]
    assert (row["ci_low"], row["mean"], row["ci_high"]) == (0.0, 0.5, 1.0)


def test_timeline_interval_lies_within_the_values_around_the_mean():
    scores, arts = dated_scores(["2022-01-03", "2022-01-04", "2022-01-05"], [0.0, 0.3, 0.9])
    row = timeline(scores, arts, n_boot=500, seed=7).iloc[0]
    assert row["mean"] == pytest.approx(0.4)
    assert 0.0 <= row["ci_low"] < row["mean"] < row["ci_high"] <= 0.9


def test_timeline_interval_narrows_with_more_articles_and_widens_with_confidence():
    def interval(n: int, confidence: float = 0.95) -> tuple[float, float]:
        scores, arts = dated_scores(["2022-01-03"] * n, [0.0, 1.0] * (n // 2))
        row = timeline(scores, arts, confidence=confidence).iloc[0]
        return row["ci_low"], row["ci_high"]

    widths = [high - low for low, high in map(interval, (4, 40, 400))]
    assert widths[0] > widths[1] > widths[2]
    # the standard deviation of 0/1 values is 0.5: a 95% interval about 2 * 1.96 * 0.5 / sqrt(n) wide
    assert widths[2] == pytest.approx(2 * 1.96 * 0.5 / np.sqrt(400), rel=0.15)
    (low90, high90), (low99, high99) = interval(40, 0.90), interval(40, 0.99)
    assert low99 < low90 < 0.5 < high90 < high99


def test_timeline_bootstrap_depends_only_on_seed_and_values():
    scores, arts = dated_scores(["2022-01-03", "2022-01-04", "2022-01-05", "2022-01-06"], [0.0, 0.3, 0.9, -0.5])
    runs = [timeline(scores, arts, n_boot=300, seed=seed).iloc[0] for seed in (5, 5, 6)]
    assert (runs[0]["ci_low"], runs[0]["ci_high"]) == (runs[1]["ci_low"], runs[1]["ci_high"])
    assert (runs[0]["ci_low"], runs[0]["ci_high"]) != (runs[2]["ci_low"], runs[2]["ci_high"])


def test_timeline_warns_about_undated_rows(tiny_articles):
    scores = score_articles(tiny_articles, scorers=["textblob"])
    with pytest.warns(UserWarning, match="1 of 6 rows without a date"):
        line = timeline(scores, tiny_articles, period="month")
    assert line["n"].sum() == 5


@pytest.mark.parametrize("window", [{}, {"since": "2022-01-01", "until": "2022-02-15"}], ids=["no_window", "window"])
def test_timeline_of_no_articles(window):
    scores, arts = dated_scores([], [])
    line = timeline(scores, arts, **window)
    assert line.columns.tolist() == ["period", "n", "articles", "mean", "ci_low", "ci_high", "few", "gap"]
    assert line["n"].sum() == 0 and len(line) == 0  # a window without data has no periods (issue 13)


def test_timeline_window_over_untyped_empty_tables():
    line = timeline(
        pd.DataFrame({"article_id": [], "polarity": []}),
        pd.DataFrame({"article_id": [], "date": []}),
        since="2022-01-01",
        until="2022-03-05",
    )
    assert line.empty  # the window alone adds no periods (issue 13)
    assert list(line.dtypes.astype(str).items()) == list(schemas.empty("timeline").dtypes.astype(str).items())


@pytest.mark.parametrize(
    "options",
    [{"period": "fortnight"}, {"column": "nope"}, {"confidence": 1.5}],
    ids=["period", "column", "confidence"],
)
def test_timeline_bad_options(options):
    scores, arts = dated_scores(["2022-01-03"], [0.1])
    with pytest.raises(ConfigError):
        timeline(scores, arts, **options)


EMPTY_SCORES = schemas.empty("article_sentiment")
EMPTY_SCORED = schemas.empty("scored_sentences")


@pytest.mark.parametrize(
    ("schema", "call"),
    [
        ("scored_sentences", lambda: score_sentences(schemas.empty("sentences"))),
        ("article_sentiment", lambda: score_articles(schemas.empty("articles"))),
        ("article_sentiment", lambda: score_articles(schemas.empty("articles"), sentences=EMPTY_SCORED)),
        ("evidence", lambda: evidence(EMPTY_SCORED)),
        ("evidence", lambda: evidence(pd.DataFrame({"article_id": [], "sentence": [], "part": [], "text": []}))),
        ("extremes", lambda: extremes(EMPTY_SCORES, schemas.empty("articles"))),
        (
            "extremes",
            lambda: extremes(
                pd.DataFrame({"article_id": [], "polarity": []}),
                pd.DataFrame({"article_id": [], "date": [], "title": []}),
            ),
        ),
        ("disagreements", lambda: disagreements(EMPTY_SCORED)),
        ("disagreements", lambda: disagreements(pd.DataFrame(columns=[*schemas.columns("scored_sentences")]))),
        ("timeline", lambda: timeline(EMPTY_SCORES, schemas.empty("articles"))),
        (
            "timeline",
            lambda: timeline(
                pd.DataFrame({"article_id": [], "polarity": []}), pd.DataFrame({"article_id": [], "date": []})
            ),
        ),
    ],
    ids=[
        "score_sentences",
        "score_articles",
        "score_articles_given_sentences",
        "evidence",
        "evidence_untyped",
        "extremes",
        "extremes_untyped",
        "disagreements",
        "disagreements_untyped",
        "timeline",
        "timeline_untyped",
    ],
)
def test_empty_input_gives_the_schema_columns_and_types(schema, call):
    result = call()
    assert result.empty
    assert list(result.dtypes.astype(str).items()) == list(schemas.empty(schema).dtypes.astype(str).items())


def test_empty_sentence_extremes_keep_the_sentence_columns_typed():
    result = extremes(EMPTY_SCORED, schemas.empty("articles"), column="vader_compound")
    assert result.dtypes.astype(str).to_dict() == {
        "side": "string",
        "rank": "int64",
        "article_id": "string",
        "sentence": "int32",
        "date": "datetime64[ns]",
        "title": "string",
        "vader_compound": "float64",
        "text": "string",
    }


def test_agreement_of_no_sentences_is_one_typed_row():
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # no numpy "mean of empty slice"
        result = agreement(EMPTY_SCORED)
    assert list(result.dtypes.astype(str).items()) == list(schemas.empty("agreement").dtypes.astype(str).items())
    assert result["n"].tolist() == [0] and result[["pearson", "spearman", "sign_differs"]].isna().all(axis=None)


NOTEBOOK = NOTEBOOKS_DIR / "02-sentiment.ipynb"


def test_notebook_declares_its_parameters():
    declared = pm.inspect_notebook(str(NOTEBOOK))
    assert {"corpus", "since", "until", "period", "scorer"} <= set(declared)
    assert declared["corpus"]["default"] == '"data/sample"'


# --- issue 13: periods, gaps, undated articles and article-level intervals ------------------------


def test_timeline_auto_period_gaps_and_undated_count():
    dates = ["2021-01-05", "2021-02-10", "2021-09-01", "2021-09-02"]
    scores, arts = dated_scores(dates, [0.1, 0.2, 0.3, 0.5])
    arts = pd.concat([arts, pd.DataFrame({"article_id": ["u"], "date": pd.to_datetime([None])})], ignore_index=True)
    line = timeline(scores, arts, period="auto", min_count=1)
    assert line.attrs == {"period": "week", "undated": 1}
    monthly = timeline(scores, arts, period="month", min_count=1)
    assert monthly["n"].tolist() == [1, 1, 0, 0, 0, 0, 0, 0, 2]  # January to September
    assert monthly["gap"].tolist() == [False, False] + [True] * 6 + [False]
    assert monthly["articles"].tolist() == monthly["n"].tolist()


def test_timeline_window_leaves_out_rows_outside_it():
    scores, arts = dated_scores(["2021-12-20", "2022-01-05", "2022-01-09", "2022-02-01"], [0.9, 0.1, 0.3, -0.5])
    line = timeline(scores, arts, period="month", since="2022-01-01", until="2022-01-31")
    assert line["period"].tolist() == [pd.Timestamp("2022-01-01")]
    assert line["n"].tolist() == [2] and line["mean"].iloc[0] == pytest.approx(0.2)


def test_timeline_of_sentences_resamples_articles():
    # two articles of three sentences each; each article averages 0.2 and 0.4
    arts = pd.DataFrame({"article_id": ["a", "b"], "date": pd.to_datetime(["2022-01-03", "2022-01-04"])})
    sentences = pd.DataFrame({"article_id": list("aaabbb"), "polarity": [0.1, 0.2, 0.3, 0.3, 0.4, 0.5]})
    row = timeline(sentences, arts, min_count=2, n_boot=500, seed=7).iloc[0]
    assert (row["n"], row["articles"], row["few"]) == (6, 2, False)
    assert row["mean"] == pytest.approx(0.3)
    # resampling articles: means 0.2, 0.3 or 0.4 only (resampling the six sentences would give others)
    assert (row["ci_low"], row["ci_high"]) == pytest.approx((0.2, 0.4))
    one = timeline(sentences[sentences["article_id"] == "a"], arts).iloc[0]
    assert one["n"] == 3 and np.isnan(one["ci_low"])  # one article: no interval


def test_timeline_article_scores_keep_their_intervals():
    # one row per article: the article bootstrap is the row bootstrap (same numbers as before issue 13)
    scores, arts = dated_scores(["2022-01-03", "2022-01-04", "2022-01-05", "2022-01-06"], [0.0, 0.3, 0.9, -0.5])
    row = timeline(scores, arts, n_boot=300, seed=5).iloc[0]
    values = np.array([0.0, 0.3, 0.9, -0.5])
    rng = np.random.default_rng([5, pd.Period("2022-01", "M").ordinal])
    expected = np.quantile(values[rng.integers(0, 4, size=(300, 4))].mean(axis=1), [0.025, 0.975])
    assert (row["ci_low"], row["ci_high"]) == tuple(expected)


def test_tone_by_group_per_section():
    arts = pd.DataFrame(
        {
            "article_id": list("abcde"),
            "source": ["tech/1.txt", "tech/2.txt", "sport/3.txt", "4.txt", "tech/5.txt"],
            "date": pd.to_datetime([None, "2021-01-01", None, None, None]),
        }
    )
    scores = pd.DataFrame({"article_id": list("abcde"), "polarity": [0.1, 0.3, -0.2, 0.0, np.nan]})
    table = tone_by_group(scores, arts, min_count=2, n_boot=200)
    assert table[["group", "n", "articles", "few"]].values.tolist() == [
        ["(corpus root)", 1, 1, True],
        ["sport", 1, 1, True],
        ["tech", 2, 2, False],  # the unscored article e is left out; undated articles count
    ]
    assert table["mean"].tolist() == pytest.approx([0.0, -0.2, 0.2])
    assert table["ci_low"].isna().tolist() == [True, True, False]
    assert table.attrs == {"by": "section"}
    assert table.dtypes.astype(str).to_dict() == schemas.dtypes("tone_by_group")
    again = tone_by_group(scores, arts, min_count=2, n_boot=200)
    pd.testing.assert_frame_equal(table, again)  # seeded per group


def test_tone_by_group_by_column_sentences_and_errors():
    arts = pd.DataFrame({"article_id": ["a", "b"], "desk": ["world", "world"]})
    sentences = pd.DataFrame({"article_id": list("aabb"), "vader_compound": [0.0, 0.4, 0.2, 0.2]})
    row = tone_by_group(sentences, arts, column="vader_compound", by="desk").iloc[0]
    assert (row["group"], row["n"], row["articles"]) == ("world", 4, 2)
    assert (row["ci_low"], row["ci_high"]) == pytest.approx((0.2, 0.2))  # both articles average 0.2
    with pytest.raises(ConfigError, match="no column 'polarity'"):
        tone_by_group(sentences, arts, by="desk")
    with pytest.raises(ConfigError, match="no column 'beat'"):
        tone_by_group(sentences, arts, column="vader_compound", by="beat")


@pytest.mark.parametrize(
    "call",
    [
        lambda: tone_by_group(EMPTY_SCORES, schemas.empty("articles")),
        lambda: tone_by_group(
            pd.DataFrame({"article_id": [], "polarity": []}), pd.DataFrame({"article_id": [], "source": []})
        ),
    ],
    ids=["typed", "untyped"],
)
def test_tone_by_group_of_nothing_is_typed(call):
    table = call()
    assert table.empty and table.dtypes.astype(str).to_dict() == schemas.dtypes("tone_by_group")
