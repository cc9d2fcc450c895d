"""Article text files: the seed format (``date YYYY-MM-DD Headline``, then the body) read and parsed."""

from __future__ import annotations

import os
import re
from datetime import date as Date
from pathlib import Path

import pandas as pd

from newsframe.errors import ArticleError

TEXT_SUFFIXES = frozenset({".txt", ".text", ""})

# `date 2021-12-15 Headline`: the word, an ISO-looking date, then the headline.
_HEADER = re.compile(r"[ \t]*date[ \t]+(\d{4}-\d{1,2}-\d{1,2})(?:[ \t]+(.*))?[ \t]*$")
NEWLINES = re.compile(r"\r\n?")


def parse_article(data: bytes, *, path: str | Path = "<bytes>") -> tuple[pd.Timestamp, str, str]:
    """Parse one seed-format article from raw bytes into ``(date, title, text)``.

    The first non-empty line is the header: ``date YYYY-MM-DD Headline`` (leading white space
    allowed) or just the headline, then the body. Raises ``ArticleError`` naming ``path`` and
    the reason for empty, binary, non-UTF-8 or headless input, an impossible date, or no body.

    >>> parse_article(b"  date 2021-12-15 Xi calls Putin.\\n\\nThey spoke.")
    (Timestamp('2021-12-15 00:00:00'), 'Xi calls Putin.', 'They spoke.')
    >>> parse_article(b"Ad sales boost profit\\n\\nTime Warner said...")[0]
    NaT
    """
    if b"\x00" in data:
        raise ArticleError(path, "binary file (contains NUL bytes), not UTF-8 text")
    bom = 3 if data.startswith(b"\xef\xbb\xbf") else 0
    try:
        decoded = data[bom:].decode("utf-8") if bom else data.decode("utf-8")
    except UnicodeDecodeError as error:
        offset = error.start + bom
        raise ArticleError(path, f"not valid UTF-8: byte 0x{data[offset]:02x} at offset {offset}") from None
    content = (NEWLINES.sub("\n", decoded) if "\r" in decoded else decoded).strip()
    if not content:
        raise ArticleError(path, "empty file")
    header, _, body = content.partition("\n")
    body = body.strip()
    match = _HEADER.fullmatch(header)
    if match:
        day, title = match.groups()
        try:
            when = pd.Timestamp(Date.fromisoformat(day if len(day) == 10 else _zero_pad(day)))
        except ValueError:
            raise ArticleError(path, f"impossible date {day!r} in header line") from None
        title = (title or "").strip()
    else:
        when, title = pd.NaT, header.strip()
    if not body:
        raise ArticleError(path, "header line with no body")
    return when, title, body


def read_text_file(root: Path, relative: str, *, max_bytes: int) -> tuple[pd.Timestamp, str, str]:
    """``parse_article`` of the file ``relative`` under ``root``; raises ``ArticleError`` for a file
    over ``max_bytes`` or one that cannot be read.

    >>> from newsframe.config import SEED_ARTICLE
    >>> read_text_file(SEED_ARTICLE.parent, SEED_ARTICLE.name, max_bytes=10_000)[0]
    Timestamp('2021-12-15 00:00:00')
    """
    try:
        with open(f"{root}{os.sep}{relative}", "rb") as handle:
            # read(max_bytes + 1) would allocate that much for every file: ask the size first
            if os.fstat(handle.fileno()).st_size > max_bytes:
                raise ArticleError(relative, f"file larger than the limit of {max_bytes:,} bytes (max_bytes)")
            data = handle.read()
    except OSError as error:
        raise ArticleError(relative, f"cannot be read: {error.strerror or error}") from None
    return parse_article(data, path=relative)


def _zero_pad(day: str) -> str:
    year, month, dom = day.split("-")
    return f"{year}-{int(month):02d}-{int(dom):02d}"
