"""Progress bars: shown for inputs large enough to take a while, or when asked for."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TypeVar

from tqdm.auto import tqdm

T = TypeVar("T")
QUIET_BELOW = 500  # items; smaller inputs finish in well under a few seconds


def progress_bar(items: Iterable[T], *, total: int, desc: str, unit: str, progress: bool | None = None) -> Iterable[T]:
    """Wrap ``items`` in a tqdm bar: on when ``progress`` is True, off when False, and by default
    on only for ``total >= QUIET_BELOW``.

    >>> list(progress_bar([1, 2], total=2, desc="demo", unit="item"))
    [1, 2]
    """
    disable = total < QUIET_BELOW if progress is None else not progress
    return tqdm(items, total=total, desc=desc, unit=unit, disable=disable)
