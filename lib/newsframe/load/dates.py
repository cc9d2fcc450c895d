"""Article dates: a table's date value parsed, and the days an article's date may fall on.

Dates are ``datetime64[ns]`` so that every table and notebook can compute with them in pandas;
that type holds 1677-09-21 00:12 to 2262-04-11 23:47. An article dated outside the whole days of
that range is rejected with a reason naming its date, rather than breaking the load or being
moved to another date.
"""

from __future__ import annotations

from datetime import date as Date

import pandas as pd

FIRST_DAY = Date(1677, 9, 22)
LAST_DAY = Date(2262, 4, 11)
_FIRST = pd.Timestamp(FIRST_DAY)


def outside_range(shown: str) -> str:
    """The reason for rejecting an article dated ``shown`` (the date as the input wrote it).

    >>> outside_range("2263-01-01")
    'date 2263-01-01 is outside the range newsframe can hold (1677-09-22 to 2262-04-11)'
    """
    return f"date {shown} is outside the range newsframe can hold ({FIRST_DAY} to {LAST_DAY})"


def day_in_range(day: Date) -> bool:
    """Whether a header's day is one newsframe can hold.

    >>> day_in_range(Date(2021, 12, 15)), day_in_range(Date(2263, 1, 1))
    (True, False)
    """
    return FIRST_DAY <= day <= LAST_DAY


def parse_date(raw: str) -> pd.Timestamp:
    """The date a table cell holds (time zones converted to UTC, then dropped), NaT when empty;
    ``ValueError`` with the reason when it is not a date or one outside the range.

    >>> parse_date("2021-12-16T10:00:00Z"), parse_date("")
    (Timestamp('2021-12-16 10:00:00'), NaT)
    >>> parse_date("2263-01-01")
    Traceback (most recent call last):
    ValueError: date 2263-01-01 is outside the range newsframe can hold (1677-09-22 to 2262-04-11)
    """
    if not raw:
        return pd.NaT
    try:
        when = pd.to_datetime(raw, errors="coerce")
        if not pd.isna(when) and when.tzinfo is not None:
            when = when.tz_convert("UTC").tz_localize(None)
    except Exception:  # whatever pandas makes of odd text, it is not a date
        when = pd.NaT
    if pd.isna(when):
        if _iso_day_outside(raw):  # pandas without non-nanosecond support gives NaT for these
            raise ValueError(outside_range(raw))
        raise ValueError(f"unparseable date {raw!r}")
    if not _FIRST <= when <= pd.Timestamp.max:
        raise ValueError(outside_range(raw))
    return when


def _iso_day_outside(raw: str) -> bool:
    try:
        return not day_in_range(Date.fromisoformat(raw[:10]))
    except ValueError:
        return False
