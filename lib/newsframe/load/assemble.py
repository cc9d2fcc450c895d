"""Gathered articles become the ``articles`` table: article files collected column by column, table rows
added, duplicates flagged against every article seen before."""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd
import pyarrow as pa
from pandas.api.types import pandas_dtype

from newsframe import schemas
from newsframe.load.identity import article_id, body_hash, content_hash

ARTICLE_COLUMNS = schemas.columns("articles")
_DTYPES = {name: pandas_dtype(kind) for name, kind in schemas.dtypes("articles").items()}


class ArticleColumns:
    """Article files gathered column by column. Bodies go straight into one growing UTF-8
    buffer that becomes the Arrow ``text`` column without a copy, so a load holds the text about
    once, not once per string object and again in Arrow.

    >>> files = ArticleColumns()
    >>> files.append("a.txt", pd.Timestamp("2021-12-15"), "Title", "Two words.", "utf-8")
    >>> files.frame()[["source", "text", "n_words", "encoding"]].values.tolist()
    [['a.txt', 'Two words.', 2, 'utf-8']]
    """

    def __init__(self) -> None:
        self.ids: list[str] = []
        self.dates: list[int] = []  # nanoseconds since 1970 (NaT's value when undated): cheap to pickle
        self.titles: list[str] = []
        self.data = bytearray()
        self.offsets: list[int] = [0]
        self.sources: list[str] = []
        self.hashes: list[str] = []
        self.words: list[int] = []
        self.encodings: list[str] = []

    def append(self, relative: str, when: pd.Timestamp, title: str, text: str, encoding: str) -> None:
        """Add the article read from the file ``relative``."""
        body = text.encode("utf-8")
        self.data += body
        self.offsets.append(len(self.data))
        self.ids.append(article_id(relative))
        self.dates.append(when.value)
        self.titles.append(title)
        self.sources.append(relative)
        self.hashes.append(body_hash(title, body))
        self.words.append(len(text.split()))
        self.encodings.append(encoding)

    def extend(self, other: ArticleColumns) -> None:
        """Append the files another reader gathered (a worker's chunk), in order."""
        shift = len(self.data)
        self.data += other.data
        self.offsets += [shift + offset for offset in other.offsets[1:]]
        for name in ("ids", "dates", "titles", "sources", "hashes", "words", "encodings"):
            getattr(self, name).extend(getattr(other, name))

    def frame(self) -> pd.DataFrame:
        """The gathered files as a frame (``duplicate_of`` not yet known)."""
        large = len(self.data) >= 2**31  # Arrow's plain strings take 32-bit offsets
        kind = pa.LargeStringArray if large else pa.StringArray
        offsets = pa.py_buffer(np.asarray(self.offsets, dtype=np.int64 if large else np.int32))
        text = kind.from_buffers(len(self.ids), offsets, pa.py_buffer(self.data))
        return pd.DataFrame(
            {
                "article_id": self.ids,
                "date": np.array(self.dates, dtype=np.int64).view("datetime64[ns]"),
                "title": self.titles,
                "text": pd.arrays.ArrowStringArray(text),
                "source": self.sources,
                "url": None,
                "content_hash": self.hashes,
                "n_words": self.words,
                "encoding": self.encodings,
            }
        )


def articles_table(
    files: ArticleColumns, table_rows: list[dict[str, Any]], row_slots: list[int], first_of: dict[str, str]
) -> pd.DataFrame:
    """The ``articles`` table of ``files`` and ``table_rows`` in input order, then any metadata columns.

    Input order is that of the files read (sorted by path), a table's rows in the table's own
    order: ``row_slots`` gives, for each row, the number of article files read before its table.
    ``first_of`` maps each content hash seen so far (in earlier batches too) to its first
    ``article_id``; it is updated here, so ``duplicate_of`` looks across batches.

    >>> articles_table(ArticleColumns(), [], [], {}).dtypes.astype(str).to_dict() == schemas.dtypes("articles")
    True
    """
    frame = files.frame()
    if table_rows:
        rows = pd.DataFrame.from_records(table_rows)
        rows = rows.assign(
            content_hash=[content_hash(t, x) for t, x in zip(rows["title"], rows["text"], strict=True)],
            n_words=[len(x.split()) for x in rows["text"]],
        )
        # file i sorts at 2i + 1, a row read after `slot` files at 2 * slot: before the next file
        order = np.concatenate([2 * np.arange(len(frame)) + 1, 2 * np.asarray(row_slots, dtype=np.int64)])
        frame = pd.concat([frame, rows], ignore_index=True).iloc[np.argsort(order, kind="stable")]
        frame = frame.reset_index(drop=True)
    pairs = zip(frame["content_hash"].tolist(), frame["article_id"].tolist(), strict=True)
    first = pd.Series(
        [first_of.setdefault(content, identity) for content, identity in pairs], index=frame.index, dtype="string"
    )
    frame = frame.assign(date=pd.to_datetime(frame["date"]), duplicate_of=first.where(first != frame["article_id"]))
    frame = frame[list(dict.fromkeys(ARTICLE_COLUMNS + list(frame.columns)))]
    casts = {name: kind for name, kind in _DTYPES.items() if frame[name].dtype != kind}  # the others are already
    return frame.astype(casts) if casts else frame
