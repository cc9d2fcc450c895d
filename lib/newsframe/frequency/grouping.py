"""Term counts summed per group of articles (a period, a side of a comparison), piece by piece:
a terms table too large to hold whole (single words of a large corpus) is read part by part
(``newsframe.store.read_parts``) and only its sums are kept."""

from __future__ import annotations

from collections.abc import Iterable

import numpy as np
import pandas as pd

from newsframe.frequency.analysis import article_positions
from newsframe.frequency.terms import require_columns

COMBINE_EVERY = 16  # pieces summed apart before their sums are merged: memory against repeated work
KEYS = ["group", "term", "n"]


def group_term_counts(
    terms: pd.DataFrame | Iterable[pd.DataFrame], groups: pd.Series, *, n: int | None = None
) -> pd.DataFrame:
    """Per group of articles, each term's occurrences and the number of articles using it.

    ``terms`` is a terms table (``article_id``, ``term``, ``n``, ``count``: one row per article,
    term and order, as ``count_terms`` gives it) or pieces of one, each article's rows in one
    piece; ``groups`` maps article ids (its index) to a group label, NA for an article counted in
    no group. Rows of articles not in ``groups``, and of other orders than ``n`` when given, are
    left out. Returns ``group``, ``term``, ``n``, ``count`` (summed) and ``articles`` (rows, that is
    articles using the term), sorted by group, term and order; only the sums are ever held, so
    the pieces can stream from the store.

    >>> terms = pd.DataFrame({"article_id": ["a", "a", "b", "c"], "term": ["oil", "gas", "oil", "oil"],
    ...                       "n": 1, "count": [2, 1, 3, 5]})
    >>> groups = pd.Series(["x", "x", None], index=["a", "b", "c"])
    >>> group_term_counts(terms, groups).values.tolist()
    [['x', 'gas', 1, 1, 1], ['x', 'oil', 1, 5, 2]]
    """
    pieces = [terms] if isinstance(terms, pd.DataFrame) else terms
    codes, labels = pd.factorize(groups, sort=True)  # NA: -1
    of_article = np.append(codes, -1)  # the last: articles not in groups
    index = groups.index.astype("string")
    sums: list[pd.DataFrame] = []
    for piece in pieces:
        require_columns(piece, ["article_id", "term", "n", "count"], "terms")
        group = of_article[article_positions(piece["article_id"], index)]
        kept = group >= 0
        if n is not None:
            kept &= (piece["n"] == n).to_numpy()
        rows = piece.loc[kept, ["term", "n", "count"]].assign(group=group[kept], articles=1)
        sums.append(_summed(rows, sort=False))
        if len(sums) >= COMBINE_EVERY:
            sums = [_summed(pd.concat(sums), sort=False)]
    if not sums:
        empty = {"group": "int64", "term": "string", "n": "int64", "count": "int64", "articles": "int64"}
        sums = [pd.DataFrame({column: pd.Series(dtype=dtype) for column, dtype in empty.items()})]
    total = _summed(pd.concat(sums), sort=True)
    result = total.assign(group=labels.take(total["group"].to_numpy()) if len(labels) else total["group"])
    return result.astype({"term": "string", "n": "int64", "count": "int64", "articles": "int64"})


def _summed(rows: pd.DataFrame, *, sort: bool) -> pd.DataFrame:
    """``count`` and ``articles`` summed per group, term and order."""
    return rows.groupby(KEYS, sort=sort, as_index=False)[["count", "articles"]].sum()
