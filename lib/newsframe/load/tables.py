"""Article tables: CSV, JSONL and Parquet files whose rows are articles, their columns mapped to canonical names."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any

import pandas as pd

from newsframe.errors import ArticleError, ConfigError
from newsframe.load.identity import article_id
from newsframe.load.text_files import NEWLINES

TABLE_SUFFIXES = frozenset({".csv", ".jsonl", ".ndjson", ".parquet"})
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


def read_table(path: Path, relative: str, *, mapping: dict[str, str]) -> Iterator[dict[str, Any] | ArticleError]:
    """The rows of one table file as article records (``article_id``, ``date``, ``title``, ``text``,
    ``source``, ``url``, then the table's other columns), or the rejection of a row or the file.

    >>> import tempfile
    >>> path = Path(tempfile.mkdtemp()) / "news.csv"
    >>> _ = path.write_text("text,section\\nA body.,world\\n,world\\n", encoding="utf-8")
    >>> [getattr(r, "reason", None) or r["section"] for r in read_table(path, "news.csv", mapping=column_mapping(None))]
    ['world', 'empty text']
    """
    try:
        table = _read_frame(path)
    except Exception as error:  # any parser failure becomes a rejection naming the file
        yield ArticleError(relative, f"cannot be read as a {path.suffix.lstrip('.')} table: {error}")
        return
    if mapping["text"] not in table.columns:
        found = ", ".join(map(str, table.columns)) or "none"
        yield ArticleError(
            relative, f"no text column {mapping['text']!r} (columns: {found}); map yours with columns={{'text': ...}}"
        )
        return
    canonical = {mapping[k]: k for k in mapping if mapping[k] in table.columns}
    extra = [c for c in table.columns if c not in canonical]
    for row, values in enumerate(table.to_dict("records"), start=1):
        get = {name: values.get(column) for column, name in canonical.items()}
        text = _clean(get.get("text"))
        if not text:
            yield ArticleError(relative, "empty text", record=row)
            continue
        raw_date = _clean(get.get("date"))
        when = pd.to_datetime(raw_date, errors="coerce") if raw_date else pd.NaT
        if raw_date and pd.isna(when):
            yield ArticleError(relative, f"unparseable date {raw_date!r}", record=row)
            continue
        if getattr(when, "tzinfo", None) is not None:
            when = when.tz_convert("UTC").tz_localize(None)
        key = _clean(get.get("id")) or f"{relative}#{row}"
        record = {
            "article_id": article_id(key),
            "date": when,
            "title": _clean(get.get("title")),
            "text": text,
            "source": _clean(get.get("source")) or f"{relative}#{row}",
            "url": _clean(get.get("url")) or None,
        }
        record.update({c: values[c] for c in extra if c not in record})
        yield record


def _read_frame(path: Path) -> pd.DataFrame:
    suffix = path.suffix.lower()
    if suffix == ".csv":
        return pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8-sig")
    if suffix == ".parquet":
        return pd.read_parquet(path)
    return pd.read_json(path, lines=True, dtype=False)


def _clean(value: object) -> str:
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return ""
    return NEWLINES.sub("\n", str(value)).strip()
