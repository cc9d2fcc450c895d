"""Article tables: the rows of a CSV, JSON Lines, JSON or Parquet file become article records, their
columns mapped to canonical names and each field checked."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

import numpy as np
import pandas as pd

from newsframe.errors import ArticleError, ConfigError
from newsframe.load.dates import parse_date
from newsframe.load.identity import article_id
from newsframe.load.table_files import TABLE_SUFFIXES, read_table_file
from newsframe.load.text_files import NEWLINES

__all__ = ["CANONICAL", "TABLE_SUFFIXES", "column_mapping", "read_table"]

CANONICAL = ("id", "text", "title", "date", "source", "url")  # the names `columns=` may map


def column_mapping(columns: Mapping[str, str] | None) -> dict[str, str]:
    """Each canonical name mapped to the table's own column (itself unless ``columns`` says otherwise).

    >>> column_mapping({"text": "body"})["text"], column_mapping(None)["title"]
    ('body', 'title')
    """
    mapping = {name: name for name in CANONICAL}
    unknown = set(columns or {}) - set(CANONICAL)
    if unknown:
        raise ConfigError(f"columns keys must be among {', '.join(CANONICAL)}; got {', '.join(sorted(unknown))}")
    mapping.update(columns or {})
    return mapping


def read_table(
    path: str, relative: str, *, mapping: dict[str, str], encoding: str | None = None
) -> Iterator[dict[str, Any] | ArticleError]:
    """The rows of one table file as article records (``article_id``, ``date``, ``title``, ``text``,
    ``source``, ``url``, ``encoding``, then the table's other columns), or the rejection of a row or
    of the file.

    ``article_id`` is that of ``relative#id=<id>`` for a row with an ``id`` (so equal ids in two
    files stay apart; an id repeated within a file is rejected), else of ``relative#<row>``.
    A list of strings in ``text`` is joined with blank lines; any other list or object in a
    canonical field is rejected naming the field.

    >>> import tempfile, pathlib
    >>> path = pathlib.Path(tempfile.mkdtemp()) / "news.csv"
    >>> _ = path.write_text("text,section\\nA body.,world\\n,world\\n", encoding="utf-8")
    >>> records = read_table(str(path), "news.csv", mapping=column_mapping(None))
    >>> [getattr(r, "reason", None) or r["section"] for r in records]
    ['world', 'empty text']
    """
    try:
        table = read_table_file(path, relative, encoding=encoding)
        if not table.rows:
            raise ArticleError(relative, "no rows")
        if mapping["text"] not in table.columns and not all(isinstance(row, ArticleError) for row in table.rows):
            found = ", ".join(table.columns) or "none"
            raise ArticleError(
                relative,
                f"no text column {mapping['text']!r} (columns: {found}); map yours with columns={{'text': ...}}",
            )
    except ArticleError as error:
        yield error
        return
    canonical = {column: name for name, column in mapping.items()}
    first_of_id: dict[str, int] = {}
    for row in table.rows:
        if isinstance(row, ArticleError):
            yield row
            continue
        number, values = row
        try:
            fields = {name: _field(values.get(mapping[name]), mapping[name], name) for name in CANONICAL}
            if not fields["text"]:
                raise ValueError("empty text")
            when = parse_date(fields["date"])
        except ValueError as error:
            yield ArticleError(relative, str(error), record=number)
            continue
        identity = fields["id"]
        if identity and first_of_id.setdefault(identity, number) != number:
            yield ArticleError(
                relative, f"id {identity!r} repeats record {first_of_id[identity]} of this file", record=number
            )
            continue
        record = {
            "article_id": article_id(f"{relative}#id={identity}" if identity else f"{relative}#{number}"),
            "date": when,
            "title": fields["title"],
            "text": fields["text"],
            "source": fields["source"] or f"{relative}#{number}",
            "url": fields["url"] or None,
            "encoding": table.encoding,
        }
        record.update({c: v for c, v in values.items() if c not in canonical and c not in record})
        yield record


def _field(value: object, column: str, name: str) -> str:
    """A canonical field's text: cleaned scalars, a list of strings in ``text`` joined with blank
    lines; ``ValueError`` naming ``column`` for anything else."""
    if isinstance(value, np.ndarray):  # Parquet lists
        value = value.tolist()
    if isinstance(value, list | tuple):
        if name == "text" and all(isinstance(item, str) for item in value):
            return "\n\n".join(part for part in map(_clean, value) if part)
        kind = "a list with items that are not strings" if name == "text" else "a list"
        raise ValueError(f"field {column!r} holds {kind}, not a single value")
    if isinstance(value, dict):
        raise ValueError(f"field {column!r} holds an object, not a single value")
    if isinstance(value, bytes):
        try:
            value = value.decode("utf-8")
        except UnicodeDecodeError:
            raise ValueError(f"field {column!r} holds bytes that are not UTF-8 text") from None
    return _clean(value)


def _clean(value: object) -> str:
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return ""
    return NEWLINES.sub("\n", str(value)).strip()
