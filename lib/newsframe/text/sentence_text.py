"""The text of sentences, sliced from their articles: a notebook can read the sentences table
without its ``text`` column (the largest) and add the text only to the rows it shows."""

from __future__ import annotations

import pandas as pd


def with_sentence_text(table: pd.DataFrame, articles: pd.DataFrame) -> pd.DataFrame:
    """``table`` (rows of sentences: ``article_id``, ``part``, ``start``, ``end``) with a ``text``
    column: each sentence as ``split_sentences`` gives it, ``title[start:end]`` or ``text[start:end]``
    of its article. Rows keep their order and index; a row whose article is not in ``articles``
    raises a ``KeyError`` naming it.

    >>> arts = pd.DataFrame({"article_id": ["a"], "title": ["Xi calls Putin"], "text": ["They spoke. Both smiled."]})
    >>> rows = pd.DataFrame({"article_id": ["a", "a"], "part": ["body", "title"], "start": [12, 0], "end": [24, 14]})
    >>> with_sentence_text(rows, arts)["text"].tolist()
    ['Both smiled.', 'Xi calls Putin']
    """
    if table.empty:
        return table.assign(text=pd.Series(dtype="string", index=table.index))
    wanted = articles.loc[articles["article_id"].isin(set(table["article_id"])), ["article_id", "title", "text"]]
    by_id = wanted.set_index("article_id")
    missing = sorted(set(table["article_id"]) - set(by_id.index))
    if missing:
        raise KeyError(f"sentences of articles not in the articles table: {', '.join(map(str, missing[:5]))}")
    titles, bodies = by_id["title"].fillna("").to_dict(), by_id["text"].fillna("").to_dict()
    texts = [
        (titles if part == "title" else bodies)[article_id][int(start) : int(end)]
        for article_id, part, start, end in zip(table["article_id"], table["part"], table["start"], table["end"])
    ]
    return table.assign(text=pd.Series(texts, index=table.index, dtype="string"))
