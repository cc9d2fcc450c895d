"""A tiny analysed corpus held in memory, for the explorer's doctests and examples."""

from __future__ import annotations

from functools import cache

import pandas as pd

TEXTS = [
    ("a", "2021-01-05", "Oil falls", "Crude oil prices fell. NATO met in Brussels and agreed a good plan."),
    ("b", "2021-01-20", "Talks stall", "Trade talks stalled again, a sad loss for both sides."),
    ("c", "2021-02-03", "NATO summit", "Leaders praised NATO. Oil output rose."),
]


@cache
def _tables() -> tuple[pd.DataFrame, dict[str, pd.DataFrame]]:
    from newsframe.store import analyse

    articles = pd.DataFrame(
        {
            "article_id": pd.Series([t[0] for t in TEXTS], dtype="string"),
            "date": pd.to_datetime([t[1] for t in TEXTS]),
            "title": pd.Series([t[2] for t in TEXTS], dtype="string"),
            "text": pd.Series([t[3] for t in TEXTS], dtype="string"),
            "source": pd.Series([f"{t[0]}.txt" for t in TEXTS], dtype="string"),
            "content_hash": pd.Series([f"hash-{t[0]}" for t in TEXTS], dtype="string"),
        }
    )
    return articles, analyse(articles, cache=False, n_jobs=1, progress=False)


def tiny():  # noqa: ANN201 (a Corpus: imported here to keep this module free of import cycles)
    """Three short dated articles (two in January 2021, one in February) and their analysed tables,
    with monthly periods.

    >>> tiny().articles["title"].tolist()
    ['Oil falls', 'Talks stall', 'NATO summit']
    """
    from newsframe.explore.corpus import Corpus

    articles, tables = _tables()
    return Corpus(articles.copy(), {name: table.copy() for name, table in tables.items()}, period="month")
