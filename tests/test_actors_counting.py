"""Tests for newsframe.actors.counting: counts, co-occurrence and actor-targeted sentiment."""

from __future__ import annotations

import pandas as pd
import pytest

from actors_fixtures import ARTICLES, MENTIONS, SCORED
from newsframe import schemas
from newsframe.actors import actor_sentences, actor_sentiment, cooccurrence, count_mentions
from newsframe.errors import ConfigError


def test_count_mentions_overall():
    counts = count_mentions(MENTIONS, ARTICLES).set_index("actor")
    assert counts.loc["Russia", ["mentions", "articles"]].tolist() == [3, 2]
    assert counts.loc["Russia", "pct_articles"] == pytest.approx(50.0)


def test_count_mentions_by_period_uses_articles_of_that_period():
    counts = count_mentions(MENTIONS, ARTICLES, period="month")
    china = counts.query("actor == 'China'").set_index("period")
    assert china.loc[pd.Timestamp("2021-01-01"), "pct_articles"] == pytest.approx(50.0)
    assert china.loc[pd.Timestamp("2021-02-01"), "pct_articles"] == pytest.approx(100.0)
    assert len(counts) == counts["actor"].nunique() * 2  # every actor in every month, zeros included


def test_count_mentions_rejects_bad_period():
    with pytest.raises(ConfigError, match="'day', 'week', 'month'"):
        count_mentions(MENTIONS, ARTICLES, period="fortnight")


@pytest.mark.parametrize(
    "level, expected",
    [
        ("sentence", [["China", "Russia", 2, 1], ["Russia", "Xi Jinping", 1, 1]]),
        ("article", [["China", "Russia", 1, 1], ["Russia", "Xi Jinping", 1, 1]]),
    ],
    ids=["sentence", "article"],
)
def test_cooccurrence_levels(level, expected):
    assert cooccurrence(MENTIONS, level=level).values.tolist() == expected


def test_cooccurrence_min_weight_and_bad_level():
    assert cooccurrence(MENTIONS, min_weight=2)[["source", "target"]].values.tolist() == [["China", "Russia"]]
    with pytest.raises(ConfigError, match="'sentence', 'article'"):
        cooccurrence(MENTIONS, level="paragraph")


def test_actor_sentences_join_on_article_and_sentence():
    evidence = actor_sentences(MENTIONS, SCORED)
    russia = evidence.query("actor == 'Russia'")
    assert russia[["article_id", "sentence", "text", "polarity"]].values.tolist() == [
        ["a", 1, "one", 0.5],
        ["a", 2, "two", -0.1],
        ["b", 1, "three", 0.2],
    ]


def test_actor_sentiment_mean_and_interval():
    summary = actor_sentiment(actor_sentences(MENTIONS, SCORED)).set_index("actor")
    russia = summary.loc["Russia"]
    assert russia["sentences"] == 3 and russia["articles"] == 2 and russia["mean"] == pytest.approx(0.2)
    # the bootstrap resamples articles (issue 13): a (0.5, -0.1) and b (0.2) both average 0.2,
    # so every resample's mean is 0.2 and the interval collapses (a t interval over the three
    # sentences treated them as independent)
    assert russia["ci_low"] == pytest.approx(0.2) and russia["ci_high"] == pytest.approx(0.2)
    assert pd.isna(summary.loc["Xi Jinping", "ci_low"])  # one sentence: no interval


def test_actor_sentiment_by_period_and_errors():
    evidence = actor_sentences(MENTIONS, SCORED)
    by_month = actor_sentiment(evidence, articles=ARTICLES, period="month")
    assert set(by_month.query("actor == 'China'")["period"].astype(str)) == {"2021-01-01", "2021-02-01"}
    with pytest.raises(ConfigError, match="polarity"):
        actor_sentiment(evidence, score="happiness")
    with pytest.raises(ConfigError, match="articles"):
        actor_sentiment(evidence, period="month")


# --- one schema per table: non-empty results in the schema's dtypes --------------------------

# the mentions as the store and find_mentions give them (string keys, int32 sentence), and as a
# notebook may build them (object columns, int64 sentence): both come out in the schema
TYPED_MENTIONS = MENTIONS.astype({"article_id": "string", "sentence": "int32", "actor": "string", "type": "string"})


@pytest.mark.parametrize("mentions", [MENTIONS, TYPED_MENTIONS], ids=["plain", "typed"])
@pytest.mark.parametrize(
    "table, compute",
    [
        ("actor_counts", lambda m: count_mentions(m, ARTICLES)),
        ("actor_counts_by_period", lambda m: count_mentions(m, ARTICLES, period="month")),
        ("actor_counts_by_period", lambda m: count_mentions(m, ARTICLES, period="week")),
        ("cooccurrence", lambda m: cooccurrence(m)),
        ("cooccurrence", lambda m: cooccurrence(m, level="article")),
        ("actor_sentiment", lambda m: actor_sentiment(actor_sentences(m, SCORED))),
        (
            "actor_sentiment_by_period",
            lambda m: actor_sentiment(actor_sentences(m, SCORED), articles=ARTICLES, period="month"),
        ),
    ],
    ids=[
        "counts",
        "counts-by-month",
        "counts-by-week",
        "cooccurrence",
        "cooccurrence-article",
        "sentiment",
        "sentiment-by-period",
    ],
)
def test_results_follow_their_schema(table, compute, mentions):
    result = compute(mentions)
    assert not result.empty
    assert result.dtypes.astype(str).to_dict() == schemas.dtypes(table)


@pytest.mark.parametrize("mentions", [MENTIONS, TYPED_MENTIONS], ids=["plain", "typed"])
@pytest.mark.parametrize(
    "scored",
    [SCORED, SCORED.astype({"article_id": "string", "sentence": "int32", "text": "string"})],
    ids=["plain-scores", "typed-scores"],
)
def test_evidence_follows_its_schema_then_keeps_the_scored_columns(mentions, scored):
    evidence = actor_sentences(mentions, scored)
    leading = schemas.columns("actor_sentences")
    assert not evidence.empty
    assert list(evidence.columns) == [*leading, "text", "polarity"]
    assert evidence[leading].dtypes.astype(str).to_dict() == schemas.dtypes("actor_sentences")
    assert evidence[["text", "polarity"]].dtypes.tolist() == scored[["text", "polarity"]].dtypes.tolist()


# --- empty inputs give typed empty tables -------------------------------------------------

NO_MENTIONS = MENTIONS.iloc[:0]


@pytest.mark.parametrize("articles", [ARTICLES, ARTICLES.iloc[:0]], ids=["articles", "no-articles"])
@pytest.mark.parametrize(
    "table, compute",
    [
        ("actor_counts", lambda m, a: count_mentions(m, a)),
        ("actor_counts_by_period", lambda m, a: count_mentions(m, a, period="month")),
        ("cooccurrence", lambda m, a: cooccurrence(m)),
        ("cooccurrence", lambda m, a: cooccurrence(m, level="article")),
        ("actor_sentiment", lambda m, a: actor_sentiment(actor_sentences(m, SCORED))),
        (
            "actor_sentiment_by_period",
            lambda m, a: actor_sentiment(actor_sentences(m, SCORED), articles=a, period="month"),
        ),
    ],
    ids=["counts", "counts-by-period", "cooccurrence", "cooccurrence-article", "sentiment", "sentiment-by-period"],
)
def test_empty_mentions_give_typed_empty_tables(table, compute, articles):
    result = compute(NO_MENTIONS, articles)
    assert result.empty
    assert result.dtypes.astype(str).to_dict() == schemas.dtypes(table)


def test_empty_mentions_give_typed_evidence_with_the_scored_columns():
    evidence = actor_sentences(NO_MENTIONS, SCORED)
    assert evidence.empty
    assert list(evidence.columns) == [*schemas.columns("actor_sentences"), "text", "polarity"]
    assert evidence.dtypes.astype(str)[:5].to_dict() == schemas.dtypes("actor_sentences")


# --- issue 13: by group, periods chosen from the window, gaps, article-level intervals -------------


SECTIONED = ARTICLES.assign(source=["world/a.txt", "world/b.txt", "business/c.txt", "d.txt"])


def test_count_mentions_by_section():
    counts = count_mentions(MENTIONS, SECTIONED, by="section")
    assert counts.attrs == {"by": "section"}
    russia = counts.query("actor == 'Russia'").set_index("group")
    assert russia.index.tolist() == ["(corpus root)", "business", "world"]  # every group, zeros included
    assert russia.loc["world", ["mentions", "articles", "pct_articles"]].tolist() == [3, 2, 100.0]
    assert russia.loc["business", ["mentions", "pct_articles"]].tolist() == [0, 0.0]
    assert counts["actor"].drop_duplicates().tolist() == ["China", "Russia", "Xi Jinping"]  # most mentioned first
    assert counts.dtypes.astype(str).to_dict() == schemas.dtypes("actor_counts_by_group")


def test_count_mentions_by_any_column_counts_undated_articles():
    articles = ARTICLES.assign(desk=["a", "a", "b", "b"])
    counts = count_mentions(MENTIONS, articles, by="desk").set_index(["actor", "group"])
    assert counts.loc[("China", "b"), "pct_articles"] == pytest.approx(50.0)  # c of c and the undated d


@pytest.mark.parametrize(
    ("options", "message"),
    [({"period": "month", "by": "section"}, "period or by"), ({"by": "desk"}, "no column 'desk'")],
    ids=["both", "no-column"],
)
def test_count_mentions_by_errors(options, message):
    with pytest.raises(ConfigError, match=message):
        count_mentions(MENTIONS, SECTIONED, **options)


@pytest.mark.parametrize("articles", [SECTIONED, SECTIONED.iloc[:0]], ids=["articles", "no-articles"])
def test_count_mentions_by_group_of_no_mentions_is_typed(articles):
    counts = count_mentions(NO_MENTIONS, articles, by="section")
    assert counts.empty and counts.dtypes.astype(str).to_dict() == schemas.dtypes("actor_counts_by_group")


def test_count_mentions_by_period_reports_period_undated_and_gaps():
    articles = pd.DataFrame(
        {"article_id": list("abcd"), "date": pd.to_datetime(["2021-01-05", "2021-02-01", "2021-09-30", None])}
    )
    mentions = pd.DataFrame({"article_id": list("abc"), "actor": ["China"] * 3, "type": ["country"] * 3})
    monthly = count_mentions(mentions, articles, period="month")
    assert monthly.attrs == {"period": "month", "undated": 1}
    assert monthly["mentions"].tolist() == [1, 1, 0, 0, 0, 0, 0, 0, 1]
    assert monthly["gap"].tolist() == [False, False] + [True] * 6 + [False]
    assert monthly["pct_articles"].isna().tolist() == monthly["gap"].tolist()
    assert count_mentions(mentions, articles, period="auto").attrs["period"] == "week"


def test_actor_sentiment_interval_resamples_articles():
    evidence = pd.DataFrame(
        {
            "actor": ["X"] * 6,
            "type": ["person"] * 6,
            "article_id": list("aaabbb"),
            "polarity": [0.1, 0.2, 0.3, 0.3, 0.4, 0.5],
        }
    )
    row = actor_sentiment(evidence, n_boot=500).iloc[0]
    assert (row["sentences"], row["articles"]) == (6, 2)
    assert (row["ci_low"], row["ci_high"]) == pytest.approx((0.2, 0.4))  # article means 0.2 and 0.4
    pd.testing.assert_frame_equal(actor_sentiment(evidence, n_boot=500), actor_sentiment(evidence, n_boot=500))
    assert actor_sentiment(evidence, n_boot=500, confidence=0.5, seed=3).iloc[0]["ci_low"] >= 0.2


def test_actor_sentiment_by_auto_period_reports_it():
    evidence = actor_sentences(MENTIONS, SCORED)
    by_time = actor_sentiment(evidence, articles=ARTICLES, period="auto")
    assert by_time.attrs == {"period": "day", "undated": 1}  # 29 days: by day
    assert by_time.dtypes.astype(str).to_dict() == schemas.dtypes("actor_sentiment_by_period")
