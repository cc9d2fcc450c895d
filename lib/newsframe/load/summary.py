"""Accounting for a load: the inputs it rejected, and the counts that reconcile inputs with articles."""

from __future__ import annotations

import pandas as pd

from newsframe import schemas

REJECT_COLUMNS = schemas.columns("rejects")


def rejects(articles: pd.DataFrame) -> pd.DataFrame:
    """The inputs a load rejected: ``path``, ``record`` (row of a table, else NA), ``reason``.

    >>> from newsframe.config import SAMPLE_DIR
    >>> from newsframe.load import load_articles
    >>> rejects(load_articles(SAMPLE_DIR)).columns.tolist()
    ['path', 'record', 'reason']
    """
    return schemas.conform(pd.DataFrame(articles.attrs.get("rejects", []), columns=REJECT_COLUMNS), "rejects")


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
        "rejected": len(attrs.get("rejects", [])),
        "outside window": attrs.get("outside_window", 0),
        "duplicates (kept, flagged)": int(articles["duplicate_of"].notna().sum()),
    }
    return schemas.conform(pd.DataFrame({"outcome": list(counts), "count": list(counts.values())}), "load_summary")
