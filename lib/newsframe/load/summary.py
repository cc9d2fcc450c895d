"""Accounting for a load: the inputs it rejected, and the counts that reconcile inputs with articles."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

import pandas as pd

from newsframe import schemas

REJECT_COLUMNS = schemas.columns("rejects")


class Rejected:
    """The rejections of a load, kept in ``articles.attrs["rejects"]``: an immutable handle.

    pandas deep-copies ``attrs`` on every operation (each column access, each ``.loc``); a list
    of thousands of rejections there made every operation on the articles table slow. The handle
    copies as itself, so an operation costs the same however many inputs were rejected.

    >>> import copy
    >>> handle = Rejected([{"path": "a.pdf", "record": None, "reason": "not an article"}])
    >>> len(handle), copy.deepcopy(handle) is handle
    (1, True)
    """

    __slots__ = ("_records",)

    def __init__(self, records: Iterable[Mapping[str, Any]] = ()) -> None:
        self._records = tuple(tuple(record[column] for column in REJECT_COLUMNS) for record in records)

    def __len__(self) -> int:
        return len(self._records)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Rejected) and self._records == other._records

    def __hash__(self) -> int:
        return hash(self._records)

    def __copy__(self) -> Rejected:
        return self

    def __deepcopy__(self, memo: dict[int, Any]) -> Rejected:
        return self

    def __repr__(self) -> str:
        return f"<{len(self):,} rejected inputs>"

    def table(self) -> pd.DataFrame:
        """The ``rejects`` table: ``path``, ``record``, ``reason``."""
        return schemas.conform(pd.DataFrame(list(self._records), columns=REJECT_COLUMNS), "rejects")


def rejects(articles: pd.DataFrame) -> pd.DataFrame:
    """The inputs a load rejected: ``path``, ``record`` (row of a table, else NA), ``reason``.

    >>> from newsframe.config import SAMPLE_DIR
    >>> from newsframe.load import load_articles
    >>> rejects(load_articles(SAMPLE_DIR)).columns.tolist()
    ['path', 'record', 'reason']
    """
    return articles.attrs.get("rejects", Rejected()).table()


def load_summary(articles: pd.DataFrame) -> pd.DataFrame:
    """How the inputs of a load were accounted for: inputs = articles + rejected + outside window.

    Returns one row per outcome with columns ``outcome`` and ``count``.

    >>> from newsframe.config import SAMPLE_DIR
    >>> from newsframe.load import load_articles
    >>> summary = load_summary(load_articles(SAMPLE_DIR))
    >>> summary["outcome"].tolist()
    ['inputs', 'articles', 'rejected', 'outside window', 'duplicates (kept, flagged)']
    """
    attrs = articles.attrs
    counts = {
        "inputs": attrs.get("inputs", len(articles)),
        "articles": len(articles),
        "rejected": len(attrs.get("rejects", ())),
        "outside window": attrs.get("outside_window", 0),
        "duplicates (kept, flagged)": int(articles["duplicate_of"].notna().sum()),
    }
    return schemas.conform(pd.DataFrame({"outcome": list(counts), "count": list(counts.values())}), "load_summary")
