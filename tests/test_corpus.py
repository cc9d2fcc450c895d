"""Corpus overview tables: timeline with empty periods, source groups, duplicates."""

from __future__ import annotations

import pandas as pd
import pytest

from newsframe import schemas
from newsframe.corpus import (
    articles_by_group,
    articles_over_time,
    duplicates,
    group_labels,
    is_undated,
    section_of,
    source_groups,
)
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


# --- issue 13: any corpus, any window -------------------------------------------------------------


def dated(*dates: str | None, words: int = 10) -> pd.DataFrame:
    return pd.DataFrame({"date": pd.to_datetime(list(dates)), "n_words": words})


@pytest.mark.parametrize(
    ("dates", "period", "expected"),
    [
        (["2021-01-01", "2021-01-05"], "auto", "day"),
        (["2021-01-01", "2021-04-01"], "auto", "week"),
        (["2020-01-01", "2021-12-01"], "auto", "month"),
        (["2020-01-01", "2021-12-01"], "year", "year"),
        ([None], "auto", "day"),
    ],
)
def test_articles_over_time_reports_the_period_used(dates, period, expected):
    table = articles_over_time(dated(*dates), period=period)
    assert table.attrs["period"] == expected
    assert table["articles"].sum() == sum(d is not None for d in dates)


def test_articles_over_time_marks_long_empty_runs_as_gaps():
    # January, an empty February, March, five empty months, September
    table = articles_over_time(dated("2021-01-05", "2021-03-02", "2021-09-30"), period="month")
    assert table["articles"].tolist() == [1, 0, 1, 0, 0, 0, 0, 0, 1]  # counts stay 0 in every empty month
    assert table["gap"].tolist() == [False, False, False, True, True, True, True, True, False]


def test_articles_over_time_counts_undated_in_attrs(tiny_articles):
    table = articles_over_time(tiny_articles)
    assert table.attrs == {"period": "month", "undated": 1}
    assert table["articles"].sum() + table.attrs["undated"] == len(tiny_articles)


@pytest.mark.parametrize(
    ("columns", "expected"),
    [
        ({"source": ["business/001.txt", "business/002.txt", "tech/x/003.txt"]}, ["business", "business", "tech"]),
        ({"source": ["001.txt", "sport/1.txt"]}, ["(corpus root)", "sport"]),
        ({"source": ["news.csv#1", "news.csv#2"]}, ["news.csv", "news.csv"]),
        ({"source": ["Reuters", "AP"]}, ["Reuters", "AP"]),
        ({"source": ["a/1.txt", None]}, ["a", "(no source)"]),
        ({"source": ["a/1.txt", "b/2.txt"], "section": ["world", None]}, ["world", "(no section)"]),
    ],
    ids=["folders", "root", "table-rows", "source-values", "missing-source", "section-column"],
)
def test_section_of(columns, expected):
    sections = section_of(pd.DataFrame(columns, index=[5, 7, 9][: len(expected)]))
    assert sections.tolist() == expected
    assert sections.index.tolist() == [5, 7, 9][: len(expected)] and sections.name == "section"


@pytest.mark.parametrize(
    ("dates", "share", "expected"),
    [
        ([None, None, "2021-01-01"], 0.5, True),
        ([None, "2021-01-01"], 0.5, False),  # half: not mostly
        ([None, "2021-01-01", "2021-01-02"], 0.3, True),
        (["2021-01-01"], 0.5, False),
        ([], 0.5, False),
    ],
    ids=["mostly", "half", "share", "dated", "empty"],
)
def test_is_undated(dates, share, expected):
    articles = pd.DataFrame({"date": pd.to_datetime(pd.Series(dates, dtype="object"))})
    assert is_undated(articles, share=share) is expected


def test_articles_by_group_counts_sections_largest_first():
    articles = pd.DataFrame(
        {"source": ["tech/1.txt", "sport/2.txt", "tech/3.txt", "4.txt"], "n_words": [10, 20, 30, 40]}
    )
    table = articles_by_group(articles)
    assert table.values.tolist() == [["tech", 2, 0.5, 40], ["(corpus root)", 1, 0.25, 40], ["sport", 1, 0.25, 20]]
    assert table.attrs["by"] == "section"
    assert table.dtypes.astype(str).to_dict() == schemas.dtypes("articles_by_group")


def test_articles_by_group_by_any_column_and_errors():
    articles = pd.DataFrame({"outlet": ["AP", None, "AP"], "n_words": [1, 2, 3]})
    assert articles_by_group(articles, by="outlet").values.tolist() == [["AP", 2, 2 / 3, 4]]
    with pytest.raises(ConfigError, match="no column 'desk'"):
        articles_by_group(articles, by="desk")
    assert group_labels(articles, "outlet").tolist() == ["AP", pd.NA, "AP"]


@pytest.mark.parametrize("rows", [slice(None), slice(0, 0)], ids=["tiny", "empty"])
def test_articles_by_group_follows_its_schema(tiny_articles, rows):
    table = articles_by_group(tiny_articles.iloc[rows])
    assert table.dtypes.astype(str).to_dict() == schemas.dtypes("articles_by_group")
    assert table["articles"].sum() == len(tiny_articles.iloc[rows])
