"""Progress bars: shown for inputs large enough to take a while, or when asked for."""

from __future__ import annotations

import os
from collections.abc import Iterable
from typing import TypeVar

from tqdm.auto import tqdm

T = TypeVar("T")
QUIET_BELOW = 500  # items; smaller inputs finish in well under a few seconds
PROGRESS_ENV = "NEWSFRAME_PROGRESS"  # "0" turns every bar off (report kernels set it)


def shown(total: int | None, progress: bool | None) -> bool:
    """Whether a bar shows: as ``progress`` says, else never when ``NEWSFRAME_PROGRESS=0`` is set,
    else for ``total >= QUIET_BELOW`` or an unknown total.

    >>> shown(10, None), shown(10, True), shown(None, None)
    (False, True, True)
    """
    if progress is not None:
        return progress
    if os.environ.get(PROGRESS_ENV) == "0":
        return False
    return total is None or total >= QUIET_BELOW


def progress_bar(items: Iterable[T], *, total: int, desc: str, unit: str, progress: bool | None = None) -> Iterable[T]:
    """Wrap ``items`` in a tqdm bar (see ``shown`` for when it appears).

    >>> list(progress_bar([1, 2], total=2, desc="demo", unit="item"))
    [1, 2]
    """
    return tqdm(items, total=total, desc=desc, unit=unit, disable=not shown(total, progress))


def counter_bar(*, total: int | None, desc: str, unit: str, progress: bool | None = None) -> tqdm:
    """A tqdm bar advanced by hand with ``update(n)`` (see ``shown`` for when it appears).

    >>> with counter_bar(total=2, desc="demo", unit="item") as bar:
    ...     bar.update(2)
    """
    return tqdm(total=total, desc=desc, unit=unit, disable=not shown(total, progress))
