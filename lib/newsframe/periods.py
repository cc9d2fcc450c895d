"""Calendar periods shared by every timeline: one set of names, one way to bin dates."""

from __future__ import annotations

from typing import Literal, get_args

import pandas as pd

from newsframe.errors import check_choice

Period = Literal["day", "week", "month", "quarter", "year"]
PERIODS: tuple[str, ...] = get_args(Period)
# pandas frequencies; W-SUN: weeks ending on Sunday, so every week starts on a Monday
FREQ = {"day": "D", "week": "W-SUN", "month": "M", "quarter": "Q", "year": "Y"}


def to_periods(dates: pd.Series, *, period: Period) -> pd.Series:
    """The calendar period of each date (a pandas ``Period`` series; NaT stays NaT).

    >>> to_periods(pd.Series(pd.to_datetime(["2021-12-15"])), period="week").dt.start_time.tolist()
    [Timestamp('2021-12-13 00:00:00')]
    """
    check_choice("period", period, PERIODS)
    return dates.dt.to_period(FREQ[period])


def period_range(first, last, *, period: Period) -> pd.PeriodIndex:
    """Every period from the one holding ``first`` to the one holding ``last``, empty ones included.

    >>> period_range("2021-01-05", "2021-03-02", period="month").start_time.strftime("%Y-%m").tolist()
    ['2021-01', '2021-02', '2021-03']
    """
    check_choice("period", period, PERIODS)
    return pd.period_range(pd.Period(first, FREQ[period]), pd.Period(last, FREQ[period]), freq=FREQ[period])


def period_start(dates: pd.Series, *, period: Period) -> pd.Series:
    """The first day of each date's period (datetime64[ns], as every period column; NaT stays NaT).

    >>> period_start(pd.Series(pd.to_datetime(["2021-12-15", None])), period="month").tolist()
    [Timestamp('2021-12-01 00:00:00'), NaT]
    """
    return to_periods(dates, period=period).dt.start_time.astype("datetime64[ns]")


def period_axis(dates: pd.Series | pd.Index | list, *, period: Period) -> pd.DatetimeIndex:
    """The first day of every period from the earliest to the latest of ``dates`` (NaT ignored),
    empty periods included: the one time axis of every table by period. Empty without dates.

    >>> dates = pd.Series(pd.to_datetime(["2021-03-02", None, "2021-01-05"]))
    >>> period_axis(dates, period="month").strftime("%Y-%m").tolist()
    ['2021-01', '2021-02', '2021-03']
    """
    check_choice("period", period, PERIODS)
    known = pd.DatetimeIndex(pd.to_datetime(pd.Series(dates, dtype="object"))).dropna()
    if known.empty:
        return pd.DatetimeIndex([], dtype="datetime64[ns]")
    return period_range(known.min(), known.max(), period=period).start_time.astype("datetime64[ns]")
