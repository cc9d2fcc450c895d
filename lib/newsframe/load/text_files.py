"""Article text files: the seed format (``date YYYY-MM-DD Headline``, then the body) read and parsed."""

from __future__ import annotations

import os
import re
from datetime import date as Date
from pathlib import Path

import pandas as pd

from newsframe.errors import ArticleError
from newsframe.load.dates import day_in_range, outside_range
from newsframe.load.reading import decode, read_file

TEXT_SUFFIXES = frozenset({".txt", ".text", ""})

# `date 2021-12-15 Headline`: the word, an ISO-looking date, then the headline.
_HEADER = re.compile(r"[ \t]*date[ \t]+(\d{4}-\d{1,2}-\d{1,2})(?:[ \t]+(.*))?[ \t]*$")
NEWLINES = re.compile(r"\r\n?")
_WIDE = (b"\xff\xfe", b"\xfe\xff", b"\x00\x00\xfe\xff")  # byte-order marks of UTF-16 and UTF-32: NUL bytes expected


def parse_article(
    data: bytes, *, path: str | Path = "<bytes>", encoding: str | None = None
) -> tuple[pd.Timestamp, str, str]:
    """Parse one seed-format article from raw bytes into ``(date, title, text)``.

    The first non-empty line is the header: ``date YYYY-MM-DD Headline`` (leading white space
    allowed) or just the headline, then the body. The bytes are decoded as ``encoding``, else as
    UTF-8 or the encoding detected (see ``newsframe.load.reading.decode``). Raises
    ``ArticleError`` naming ``path`` and the reason for empty, binary or undecodable input,
    headless input, an impossible date or one outside the range newsframe can hold, or no body.

    >>> parse_article(b"  date 2021-12-15 Xi calls Putin.\\n\\nThey spoke.")
    (Timestamp('2021-12-15 00:00:00'), 'Xi calls Putin.', 'They spoke.')
    >>> parse_article(b"Ad sales boost profit\\n\\nTime Warner said...")[0]
    NaT
    """
    return parse_text(*_decode(data, path=str(path), encoding=encoding), path=str(path))[:3]


def parse_text(decoded: str, encoding: str, *, path: str) -> tuple[pd.Timestamp, str, str, str]:
    """``parse_article`` of text already decoded from ``encoding``: ``(date, title, text, encoding)``.

    >>> parse_text("date 2021-12-15 Title\\r\\n\\r\\nBody.", "utf-8", path="a.txt")
    (Timestamp('2021-12-15 00:00:00'), 'Title', 'Body.', 'utf-8')
    """
    if "\x00" in decoded:
        raise ArticleError(path, "binary file (contains NUL characters), not text")
    content = (NEWLINES.sub("\n", decoded) if "\r" in decoded else decoded).strip()
    if not content:
        raise ArticleError(path, "empty file")
    header, _, body = content.partition("\n")
    body = body.strip()
    match = _HEADER.fullmatch(header)
    if match:
        day, title = match.groups()
        try:
            calendar_day = Date.fromisoformat(day if len(day) == 10 else _zero_pad(day))
        except ValueError:
            raise ArticleError(path, f"impossible date {day!r} in header line") from None
        if not day_in_range(calendar_day):
            raise ArticleError(path, outside_range(day))
        when, title = pd.Timestamp(calendar_day), (title or "").strip()
    else:
        when, title = pd.NaT, header.strip()
    if not body:
        raise ArticleError(path, "header line with no body")
    return when, title, body, encoding


def read_text_file(
    root: Path, relative: str, *, max_bytes: int, encoding: str | None = None
) -> tuple[pd.Timestamp, str, str, str]:
    """``(date, title, text, encoding)`` of the file ``relative`` under ``root``; raises
    ``ArticleError`` for a file that is not a regular file, is over ``max_bytes`` or cannot be read.

    >>> from newsframe.config import SEED_ARTICLE
    >>> read_text_file(SEED_ARTICLE.parent, SEED_ARTICLE.name, max_bytes=10_000)[::3]
    (Timestamp('2021-12-15 00:00:00'), 'utf-8')
    """
    data = read_file(f"{root}{os.sep}{relative}", relative, max_bytes=max_bytes)
    return parse_text(*_decode(data, path=relative, encoding=encoding), path=relative)


def _decode(data: bytes, *, path: str, encoding: str | None) -> tuple[str, str]:
    wide = data.startswith(_WIDE) or (encoding or "").startswith(("utf-16", "utf-32"))
    if b"\x00" in data and not wide:
        raise ArticleError(path, "binary file (contains NUL bytes), not text")
    return decode(data, path=path, encoding=encoding)


def _zero_pad(day: str) -> str:
    year, month, dom = day.split("-")
    return f"{year}-{int(month):02d}-{int(dom):02d}"
