"""Periods: choosing one for a window ("auto"), gaps in a time axis, undated articles."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from newsframe.errors import ConfigError
from newsframe.periods import (
    GAP_RUN,
    break_at_gaps,
    choose_period,
    count_undated,
    mark_gaps,
    period_axis,
    resolve_period,
)


@pytest.mark.parametrize(
    ("first", "last", "expected"),
    [
        ("2021-05-05", "2021-05-05", "day"),  # one article, or one day: by day
        ("2021-01-01", "2021-01-03", "day"),  # 3 days: fewer than 8 periods of anything, the finest
        ("2021-01-01", "2021-01-08", "day"),  # 8 days
        ("2021-01-01", "2021-03-01", "day"),  # 60 days
        ("2021-01-01", "2021-03-02", "week"),  # 61 days: 9 weeks
        ("2021-01-01", "2021-12-31", "week"),  # 53 weeks
        ("2020-01-01", "2021-12-31", "month"),  # 2 years: 24 months
        ("2012-01-01", "2021-12-31", "quarter"),  # 10 years: 120 months, 40 quarters
        ("1990-01-01", "2019-12-31", "year"),  # 30 years
        ("1800-01-01", "2021-12-31", "year"),  # more than 60 years: still by year
        ("1987-02-26", "2021-12-15", "year"),  # the bundled sample
    ],
)
def test_choose_period_gives_about_8_to_60_periods(first, last, expected):
    assert choose_period(pd.to_datetime([first, last])) == expected


@pytest.mark.parametrize(
    ("dates", "expected"),
    [
        ([], "day"),
        ([None, None], "day"),
        (["2021-01-01", None, "2021-01-20"], "day"),  # NaT ignored
        (pd.Series(pd.to_datetime(["2021-01-01", "2021-06-30"])), "week"),
        (pd.DatetimeIndex(["2021-01-01", "2023-06-30"]), "month"),
    ],
    ids=["none", "all-missing", "with-missing", "series", "index"],
)
def test_choose_period_inputs(dates, expected):
    assert choose_period(dates) == expected


@pytest.mark.parametrize(
    ("low", "high", "expected"),
    [(8, 60, "month"), (1, 12, "quarter"), (30, 800, "day"), (100, 120, "week")],
)
def test_choose_period_bounds(low, high, expected):
    dates = pd.to_datetime(["2020-01-01", "2021-12-31"])  # 731 days, 105 weeks, 24 months, 8 quarters
    assert choose_period(dates, low=low, high=high) == expected


def test_chosen_period_keeps_the_axis_within_bounds():
    rng = np.random.default_rng(3)
    for days in rng.integers(0, 40_000, size=50):
        dates = pd.to_datetime(["1950-01-01", pd.Timestamp("1950-01-01") + pd.Timedelta(days=int(days))])
        chosen = choose_period(dates)
        count = len(period_axis(dates, period=chosen))
        assert count <= 60 or chosen == "year"
        assert count >= 8 or chosen == "day"


@pytest.mark.parametrize(
    ("period", "expected"),
    [("auto", "week"), ("day", "day"), ("month", "month"), ("year", "year")],
)
def test_resolve_period(period, expected):
    assert resolve_period(period, pd.to_datetime(["2021-01-01", "2021-04-01"])) == expected


def test_resolve_period_names_every_choice():
    with pytest.raises(ConfigError, match="'day', 'week', 'month', 'quarter', 'year', 'auto'"):
        resolve_period("fortnight", [])


@pytest.mark.parametrize(
    ("empty", "expected"),
    [
        ([], []),
        ([False, False], [False, False]),
        ([True, True, True], [False] * 3),  # three empty periods: ordinary zeros
        ([True] * 4, [True] * 4),
        ([False, True, True, True, True, True, False], [False] + [True] * 5 + [False]),
        ([True, False, True, True, True, True], [False, False, True, True, True, True]),
        ([False, True, False, True, True, False], [False] * 6),
    ],
    ids=["nothing", "full", "short-run", "long-run", "inside", "two-runs", "scattered"],
)
def test_mark_gaps(empty, expected):
    assert mark_gaps(empty).tolist() == expected
    assert GAP_RUN == 4


def test_mark_gaps_min_run():
    assert mark_gaps([True, True, False, True], min_run=2).tolist() == [True, True, False, False]
    assert mark_gaps(pd.Series([True, True]), min_run=1).tolist() == [True, True]


def test_break_at_gaps_gives_nan_only_in_gaps():
    table = pd.DataFrame({"articles": [3, 0, 0, 0, 0, 0, 2, 0, 1], "gap": [False] + [True] * 5 + [False] * 3})
    drawn = break_at_gaps(table, "articles")
    assert drawn.dtype == "float64"
    assert drawn.isna().tolist() == table["gap"].tolist()
    assert drawn.iloc[7] == 0  # an ordinary empty period stays 0


@pytest.mark.parametrize(
    ("articles", "expected"),
    [
        (pd.DataFrame({"date": pd.to_datetime(["2021-01-01", None, None])}), 2),
        (pd.DataFrame({"date": pd.Series(dtype="datetime64[ns]")}), 0),
        (pd.DataFrame({"title": ["a", "b"]}), 2),
    ],
    ids=["some", "empty", "no-date-column"],
)
def test_count_undated(articles, expected):
    assert count_undated(articles) == expected
