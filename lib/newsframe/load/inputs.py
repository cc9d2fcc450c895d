"""A run of input entries read (in a worker process when loading in parallel) into article columns,
table rows and rejections."""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd

from newsframe.errors import ArticleError
from newsframe.load.assemble import ArticleColumns
from newsframe.load.discover import Entry, resolve
from newsframe.load.tables import TABLE_SUFFIXES, read_table
from newsframe.load.text_files import TEXT_SUFFIXES, read_text_file

__all__ = ["Read", "not_an_article", "read_files", "resolve"]

# Files that come with a collection but are not articles: README, LICENSE and the like, in any
# case, with no suffix or a text one.
_NOT_ARTICLES = re.compile(
    r"(readme|licen[cs]e|copying|copyright|notice|authors|contributors|contributing|changelog|changes)"
    r"(\.(txt|text|md|markdown|rst))?",
    re.IGNORECASE,
)


def not_an_article(name: str) -> bool:
    """Whether a file name is one of a collection's README, LICENSE, COPYING ... files.

    >>> [not_an_article(n) for n in ("LICENSE", "readme.md", "Licence.txt", "readme-of-the-week.txt")]
    [True, True, True, False]
    """
    return _NOT_ARTICLES.fullmatch(name) is not None


@dataclass
class Read:
    """What reading a run of input entries gave: article files, table rows (each with the number of
    article files read before it, its place in input order), rejections, and the inputs counted."""

    files: ArticleColumns = field(default_factory=ArticleColumns)
    table_rows: list[dict[str, Any]] = field(default_factory=list)
    row_slots: list[int] = field(default_factory=list)
    rejected: list[dict[str, Any]] = field(default_factory=list)
    inputs: int = 0

    def extend(self, other: Read) -> None:
        """Add what another reader gave (the next chunk), in order."""
        before = len(self.files.ids)
        self.row_slots += [before + slot for slot in other.row_slots]
        self.files.extend(other.files)
        self.table_rows += other.table_rows
        self.rejected += other.rejected
        self.inputs += other.inputs


def read_files(
    entries: list[Entry],
    *,
    root: Path,
    mapping: dict[str, str],
    max_bytes: int,
    stop_at_reject: bool,
    encoding: str | None = None,
) -> Read:
    """Read input entries in order, stopping at the first rejection when ``stop_at_reject``.

    >>> from newsframe.config import SAMPLE_DIR
    >>> from newsframe.load.tables import column_mapping
    >>> read = read_files(["000_83ee76fa5dfcaf86.txt", "missing.pdf"], root=SAMPLE_DIR, mapping=column_mapping(None),
    ...                   max_bytes=10_000, stop_at_reject=False)
    >>> read.inputs, len(read.files.ids), [r["path"] for r in read.rejected]
    (2, 1, ['missing.pdf'])
    """
    read = Read()
    for entry in entries:
        for record in _read(root, entry, mapping=mapping, max_bytes=max_bytes, encoding=encoding):
            read.inputs += 1
            if isinstance(record, ArticleError):
                read.rejected.append({"path": record.path, "record": record.record, "reason": record.reason})
                if stop_at_reject:
                    return read
            elif isinstance(record, dict):
                read.table_rows.append(record)
                read.row_slots.append(len(read.files.ids))
            else:
                read.files.append(str(entry), *record)
    return read


def _read(
    root: Path, entry: Entry, *, mapping: dict[str, str], max_bytes: int, encoding: str | None
) -> Iterator[tuple[pd.Timestamp, str, str, str] | dict[str, Any] | ArticleError]:
    """From one input entry: ``(date, title, body, encoding)`` of an article file, dicts of table
    rows, or rejections."""
    if isinstance(entry, tuple):
        yield ArticleError(*entry)
        return
    relative = entry
    name = relative.rpartition("/")[2]
    suffix = os.path.splitext(name)[1].lower()
    if name.startswith("."):
        yield ArticleError(relative, "hidden file, not an article")
    elif not_an_article(name):
        yield ArticleError(relative, "not an article (a README, licence or similar file of the collection)")
    elif suffix in TABLE_SUFFIXES:
        yield from read_table(f"{root}{os.sep}{relative}", relative, mapping=mapping, encoding=encoding)
    elif suffix not in TEXT_SUFFIXES:
        kinds = ", ".join(sorted(s for s in TEXT_SUFFIXES | TABLE_SUFFIXES if s))
        yield ArticleError(relative, f"unsupported file type {suffix!r} (expected {kinds} or no suffix)")
    else:
        try:
            article = read_text_file(root, relative, max_bytes=max_bytes, encoding=encoding)
        except ArticleError as error:
            yield error
        else:
            yield article
