"""The inputs of a load: the files a source names, and a run of them read (in a worker process when
loading in parallel) into article columns, table rows and rejections."""

from __future__ import annotations

import glob
import os
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd

from newsframe.errors import ArticleError, ConfigError
from newsframe.load.assemble import ArticleColumns
from newsframe.load.tables import TABLE_SUFFIXES, read_table
from newsframe.load.text_files import TEXT_SUFFIXES, read_text_file


def resolve(source: str | Path) -> tuple[Path, list[str]]:
    """The corpus root and the sorted paths (relative, POSIX) of the input files of a file, a folder
    (recursive) or a glob.

    >>> from newsframe.config import SAMPLE_DIR
    >>> root, relatives = resolve(SAMPLE_DIR)
    >>> root == SAMPLE_DIR, relatives[0]
    (True, '000_83ee76fa5dfcaf86.txt')
    """
    text = str(source)
    path = Path(source).expanduser()
    if path.is_dir():
        root = path.resolve()
        top = len(str(root)) + 1
        found = [os.path.join(folder, name)[top:] for folder, _, names in os.walk(root) for name in names]
        return root, sorted(p.replace(os.sep, "/") for p in found)  # os.walk lists no folders here
    if path.is_file():
        return path.resolve().parent, [path.name]
    if glob.has_magic(text):
        root = Path(re.split(r"[*?\[]", text, maxsplit=1)[0] or ".")
        root = (root if root.is_dir() else root.parent).resolve()
        matches = (Path(p).resolve() for p in glob.glob(text, recursive=True))
        return root, sorted(p.relative_to(root).as_posix() for p in matches if p.is_file())
    raise ConfigError(f"no such file, folder or glob match: {text}")


@dataclass
class Read:
    """What reading a run of input files gave: article files, table rows, rejections, inputs."""

    files: ArticleColumns = field(default_factory=ArticleColumns)
    table_rows: list[dict[str, Any]] = field(default_factory=list)
    rejected: list[dict[str, Any]] = field(default_factory=list)
    inputs: int = 0

    def extend(self, other: Read) -> None:
        """Add what another reader gave (the next chunk), in order."""
        self.files.extend(other.files)
        self.table_rows += other.table_rows
        self.rejected += other.rejected
        self.inputs += other.inputs


def read_files(
    relatives: list[str], *, root: Path, mapping: dict[str, str], max_bytes: int, stop_at_reject: bool
) -> Read:
    """Read input files in order, stopping at the first rejection when ``stop_at_reject``.

    >>> from newsframe.config import SAMPLE_DIR
    >>> from newsframe.load.tables import column_mapping
    >>> read = read_files(["000_83ee76fa5dfcaf86.txt", "missing.pdf"], root=SAMPLE_DIR, mapping=column_mapping(None),
    ...                   max_bytes=10_000, stop_at_reject=False)
    >>> read.inputs, len(read.files.ids), [r["path"] for r in read.rejected]
    (2, 1, ['missing.pdf'])
    """
    read = Read()
    for relative in relatives:
        for record in _read(root, relative, mapping=mapping, max_bytes=max_bytes):
            read.inputs += 1
            if isinstance(record, ArticleError):
                read.rejected.append({"path": record.path, "record": record.record, "reason": record.reason})
                if stop_at_reject:
                    return read
            elif isinstance(record, dict):
                read.table_rows.append(record)
            else:
                read.files.append(relative, *record)
    return read


def _read(
    root: Path, relative: str, *, mapping: dict[str, str], max_bytes: int
) -> Iterator[tuple[pd.Timestamp, str, str] | dict[str, Any] | ArticleError]:
    """From one input file: ``(date, title, body)`` of an article file, dicts of table rows, or rejections."""
    suffix = os.path.splitext(relative)[1].lower()
    if relative.rpartition("/")[2].startswith("."):
        yield ArticleError(relative, "hidden file, not an article")
    elif suffix in TABLE_SUFFIXES:
        yield from read_table(root / relative, relative, mapping=mapping)
    elif suffix not in TEXT_SUFFIXES:
        kinds = ", ".join(sorted(s for s in TEXT_SUFFIXES | TABLE_SUFFIXES if s))
        yield ArticleError(relative, f"unsupported file type {suffix!r} (expected {kinds} or no suffix)")
    else:
        try:
            article = read_text_file(root, relative, max_bytes=max_bytes)
        except ArticleError as error:
            yield error
        else:
            yield article
