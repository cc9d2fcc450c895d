"""Corpus overview tables: timeline with empty periods, source groups, duplicates."""

from __future__ import annotations

import pandas as pd
import pytest

from newsframe import schemas
from newsframe.corpus import articles_over_time, duplicates, source_groups
from newsframe.errors import ConfigError


def test_timeline_fills_empty_months_with_zero(tiny_articles):
    timeline = articles_over_time(tiny_articles, period="month")
    assert timeline["period_start"].dt.strftime("%Y-%m").tolist() == ["2021-12", "2022-01", "2022-02", "2022-03"]
    assert timeline["articles"].tolist() == [1, 1, 2, 1]
    assert timeline["articles"].sum() == tiny_articles["date"].notna().sum()
    assert timeline.loc[0, "words"] == tiny_articles.loc[tiny_articles["date"].dt.year == 2021, "n_words"].sum()


def test_weekly_periods_start_on_monday(tiny_articles):
    timeline = articles_over_time(tiny_articles, period="week")
    assert (timeline["period_start"].dt.day_of_week == 0).all()
    assert timeline["articles"].sum() == 5
    assert (timeline["articles"] == 0).any()


def test_timeline_of_undated_or_empty_corpus_is_empty():
    empty = pd.DataFrame({"date": pd.Series(dtype="datetime64[ns]"), "n_words": pd.Series(dtype="int64")})
    assert articles_over_time(empty).empty


def test_bad_period_lists_valid_values(tiny_articles):
    with pytest.raises(ConfigError, match="'day', 'week', 'month', 'quarter', 'year'"):
        articles_over_time(tiny_articles, period="fortnight")


@pytest.mark.parametrize(
    ("sources", "expected"),
    [
        (["business/a.txt", "business/b.txt", "tech/c.txt"], {"business": 2, "tech": 1}),
        (["a.txt", "b.txt"], {"(corpus root)": 2}),
        (["news.csv#1", "news.csv#2"], {"news.csv": 2}),
        (["Reuters", "AP", "Reuters"], {"Reuters": 2, "AP": 1}),
        (["2021/jan/a.txt", "2021/feb/b.txt"], {"2021": 2}),
    ],
    ids=["folders", "root", "table-rows", "source-column", "depth-1"],
)
def test_source_groups(sources, expected):
    table = source_groups(pd.DataFrame({"source": sources}))
    assert dict(zip(table["group"], table["articles"], strict=True)) == expected
    assert table["share"].sum() == pytest.approx(1.0)


def test_duplicates_name_the_original(tiny_articles):
    table = duplicates(tiny_articles)
    assert table[["source", "original_source"]].values.tolist() == [["003_trade-talks-copy.txt", "002_trade-talks.txt"]]


@pytest.mark.parametrize("rows", [slice(None), slice(0, 0)], ids=["tiny", "empty"])
def test_overview_tables_follow_their_schemas(tiny_articles, rows):
    articles = tiny_articles.iloc[rows]
    for name, table in [
        ("articles_over_time", articles_over_time(articles)),
        ("source_groups", source_groups(articles)),
        ("duplicates", duplicates(articles)),
    ]:
        assert table.dtypes.astype(str).to_dict() == schemas.dtypes(name), name


def test_timeline_of_undated_articles_is_typed_and_empty(tiny_articles):
    timeline = articles_over_time(tiny_articles.assign(date=pd.NaT))
    pd.testing.assert_frame_equal(timeline, schemas.empty("articles_over_time"))
