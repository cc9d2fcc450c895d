"""The window of a report: ``since`` and ``until`` as dates, from ISO dates or relative windows
(``7d``, ``4w``, ``3m``, ``1y`` before today), the same in the runner and in the notebooks.

Light on purpose (no Papermill, no nbconvert): notebooks import it in every kernel.
"""

from __future__ import annotations

import re
from datetime import date as Date

import pandas as pd

from newsframe.errors import ConfigError

RELATIVE_WINDOW = re.compile(r"(\d+)([dwmy])")  # 7d, 4w, 3m, 1y: that long before today

_UNITS = {"d": "days", "w": "weeks", "m": "months", "y": "years"}


def resolve_date(value: str | Date | None, *, today: Date | None = None) -> str | None:
    """A date as ``YYYY-MM-DD``: ISO dates pass through, relative windows count back from today.

    ``7d``, ``4w``, ``3m``, ``1y`` mean that many days, weeks, months or years before ``today``
    (the current date by default); ``0d`` is today.

    >>> resolve_date("4w", today=Date(2024, 3, 31)), resolve_date("3m", today=Date(2024, 3, 31))
    ('2024-03-03', '2023-12-31')
    >>> resolve_date("2021-12-15"), resolve_date(None)
    ('2021-12-15', None)
    """
    if value is None or isinstance(value, Date):
        return None if value is None else value.isoformat()
    text = str(value).strip()
    match = RELATIVE_WINDOW.fullmatch(text.lower())
    if match:
        count, unit = match.groups()
        day = pd.Timestamp(today or Date.today()) - pd.DateOffset(**{_UNITS[unit]: int(count)})
        return f"{day:%Y-%m-%d}"
    try:
        return Date.fromisoformat(text).isoformat()
    except ValueError:
        raise ConfigError(
            f"cannot read {text!r} as a date: expected YYYY-MM-DD or a relative window such as 7d, 4w, 3m, 1y"
        ) from None


def resolve_window(
    since: str | Date | None, until: str | Date | None, *, today: Date | None = None
) -> tuple[str | None, str | None]:
    """``(since, until)`` as ``YYYY-MM-DD`` (or None), relative windows counted back from ``today``.

    The first line of every notebook that takes a window, so ``since="4w"`` works there as on
    the command line: ``since, until = resolve_window(since, until)``. A ``since`` after
    ``until`` raises ``ConfigError`` (the window would hold no day).

    >>> resolve_window("4w", None, today=Date(2024, 3, 31))
    ('2024-03-03', None)
    >>> resolve_window("2024-03-01", "7d", today=Date(2024, 3, 31))
    ('2024-03-01', '2024-03-24')
    >>> resolve_window("2024-03-01", "2024-02-01")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    newsframe.errors.ConfigError: the window is empty: since 2024-03-01 is after until 2024-02-01; ...
    """
    first, last = resolve_date(since, today=today), resolve_date(until, today=today)
    if first is not None and last is not None and first > last:
        given = (("since", since), ("until", until))
        asked = "".join(f" ({name} {value})" for name, value in given if _relative(value))
        raise ConfigError(
            f"the window is empty: since {first} is after until {last}{asked}; swap them or widen the window"
        )
    return first, last


def _relative(value: str | Date | None) -> bool:
    return isinstance(value, str) and RELATIVE_WINDOW.fullmatch(value.strip().lower()) is not None
