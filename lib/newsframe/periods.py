"""Calendar periods shared by every table by period: one set of names, one way to bin dates, one
rule for choosing a period (``"auto"``) and for the empty stretches of a time axis.

Conventions every table by period follows (``articles_over_time``, ``timeline``, ``term_trends``,
``count_mentions`` and ``actor_sentiment`` by period):

- **Period.** ``"day"``, ``"week"`` (from Monday), ``"month"``, ``"quarter"``, ``"year"`` or
  ``"auto"``; ``"auto"`` is resolved from the dates of the articles given (``choose_period``)
  and the period used is in ``table.attrs["period"]``.
- **Axis.** From the first to the last period that has data, every period in between included:
  empty periods before and after the data are never shown, whatever the window.
- **Gaps.** An empty period inside counts 0 (its means and rates are NaN). A run of ``GAP_RUN``
  (4) or more consecutive empty periods is a *gap*: its rows have ``gap = True`` (counts still 0),
  and ``break_at_gaps`` gives the values to draw so that a line chart breaks there instead of
  running along zero for years.
- **Undated articles.** Left out of every table by period; their number is in
  ``table.attrs["undated"]``. Overall tables (no period) count them.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Literal, get_args

import numpy as np
import pandas as pd

from newsframe.errors import check_choice

Period = Literal["day", "week", "month", "quarter", "year"]
PeriodChoice = Literal["auto", "day", "week", "month", "quarter", "year"]
PERIODS: tuple[str, ...] = get_args(Period)
CHOICES: tuple[str, ...] = (*PERIODS, "auto")
# pandas frequencies; W-SUN: weeks ending on Sunday, so every week starts on a Monday
FREQ = {"day": "D", "week": "W-SUN", "month": "M", "quarter": "Q", "year": "Y"}
GAP_RUN = 4  # this many consecutive empty periods or more make a gap


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
    known = _known(dates)
    if known.empty:
        return pd.DatetimeIndex([], dtype="datetime64[ns]")
    return period_range(known.min(), known.max(), period=period).start_time.astype("datetime64[ns]")


def choose_period(dates: pd.Series | pd.Index | list, *, low: int = 8, high: int = 60) -> Period:
    """The period that gives the window of ``dates`` about ``low`` to ``high`` periods.

    The rule: count the periods from the first to the last date for day, week, month, quarter
    and year; take the finest whose count lies within ``low``–``high``; if none does, the finest
    whose count is at most ``high`` (a short window: fewer than ``low`` days still goes by day);
    if none is, ``"year"``. So 8 days go by day, 3 months by week, 2 years by month, 30 years by
    year; a single date (one article), or no date at all, gives ``"day"``. NaT is ignored.

    >>> import pandas as pd
    >>> [choose_period(pd.to_datetime([first, last])) for first, last in
    ...  [("2021-01-01", "2021-01-08"), ("2021-01-01", "2021-03-31"), ("2020-01-01", "2021-12-31"),
    ...   ("1990-01-01", "2019-12-31"), ("2021-05-05", "2021-05-05")]]
    ['day', 'week', 'month', 'year', 'day']
    """
    known = _known(dates)
    if known.empty:
        return "day"
    first, last = core_span(known)
    counts = {p: pd.Period(last, FREQ[p]).ordinal - pd.Period(first, FREQ[p]).ordinal + 1 for p in PERIODS}
    inside = [p for p in PERIODS if low <= counts[p] <= high]
    fitting = [p for p in PERIODS if counts[p] <= high]
    chosen = inside[0] if inside else fitting[0] if fitting else "year"
    return chosen  # type: ignore[return-value]


def core_span(dates: pd.Series | pd.Index | list) -> tuple[pd.Timestamp, pd.Timestamp]:
    """The first and last date once isolated dates are set aside: a date counts as isolated when it
    lies further outside the 1st–99th percentile range of the dates than that range is long (one
    2021 article in a corpus of 1987 wire copy). ``(NaT, NaT)`` without dates.

    >>> dates = pd.to_datetime(["1987-03-01"] * 50 + ["1987-09-30"] * 50 + ["2021-12-15"])
    >>> [d.strftime("%Y-%m-%d") for d in core_span(dates)]
    ['1987-03-01', '1987-09-30']
    >>> [d.year for d in core_span(pd.to_datetime([f"{y}-06-01" for y in range(1990, 2021)]))]
    [1990, 2020]
    """
    known = _known(dates).sort_values()
    if known.empty:
        return (pd.NaT, pd.NaT)
    low, high = known[int(0.01 * (len(known) - 1))], known[int(np.ceil(0.99 * (len(known) - 1)))]
    reach = high - low
    core = known[(known >= low - reach) & (known <= high + reach)]
    return (core[0], core[-1])


def resolve_period(period: str, dates: pd.Series | pd.Index | list) -> Period:
    """``period`` itself, or ``choose_period(dates)`` for ``"auto"``; ``ConfigError`` for others.

    >>> resolve_period("auto", pd.to_datetime(["2021-01-01", "2021-01-20"])), resolve_period("year", [])
    ('day', 'year')
    """
    check_choice("period", period, CHOICES)
    return choose_period(dates) if period == "auto" else period  # type: ignore[return-value]


def mark_gaps(empty: Sequence[bool] | np.ndarray | pd.Series, *, min_run: int = GAP_RUN) -> np.ndarray:
    """True for each period in a run of at least ``min_run`` consecutive empty periods.

    ``empty`` flags the periods of an axis that have no data, in order.

    >>> mark_gaps([False, True, True, False, True, True, True, True, False]).astype(int).tolist()
    [0, 0, 0, 0, 1, 1, 1, 1, 0]
    """
    flags = np.asarray(empty, dtype=bool)
    gap = np.zeros(len(flags), dtype=bool)
    start = None
    for i, is_empty in enumerate([*flags, False]):
        if is_empty and start is None:
            start = i
        elif not is_empty and start is not None:
            gap[start:i] = i - start >= min_run
            start = None
    return gap


def break_at_gaps(table: pd.DataFrame, column: str) -> pd.Series:
    """``table[column]`` as floats with NaN on the rows of a gap: what to draw, so a line breaks there.

    >>> t = pd.DataFrame({"articles": [3, 0, 0, 0, 0, 2], "gap": [False, True, True, True, True, False]})
    >>> break_at_gaps(t, "articles").tolist()
    [3.0, nan, nan, nan, nan, 2.0]
    """
    return table[column].astype("float64").mask(table["gap"].astype(bool))


def count_undated(articles: pd.DataFrame) -> int:
    """Articles without a date (all of them when the table has no ``date`` column).

    >>> count_undated(pd.DataFrame({"date": pd.to_datetime(["2021-01-01", None])}))
    1
    """
    return int(articles["date"].isna().sum()) if "date" in articles else len(articles)


def _known(dates: pd.Series | pd.Index | list) -> pd.DatetimeIndex:
    return pd.DatetimeIndex(pd.to_datetime(pd.Series(dates, dtype="object"))).dropna()
