"""Load layer: article files and tables become the ``articles`` table.

Every input record either becomes an article or a rejection with its reason; nothing is
dropped silently. ``load_summary(articles)`` reconciles the counts and ``rejects(articles)``
lists the rejections.
"""

from __future__ import annotations

import contextlib
import glob
import hashlib
import os
import re
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from functools import partial
from collections.abc import Iterator, Mapping
from datetime import date as Date
from pathlib import Path
from typing import Literal

import numpy as np
import pandas as pd
import pyarrow as pa

from newsframe.errors import ArticleError, ConfigError, check_choice
from newsframe.parallel import fork_context, workers
from newsframe.progress import counter_bar

ARTICLE_COLUMNS = [
    "article_id", "date", "title", "text", "source", "url", "n_words", "content_hash", "duplicate_of",
]
REJECT_COLUMNS = ["path", "record", "reason"]
TEXT_SUFFIXES = frozenset({".txt", ".text", ""})
TABLE_SUFFIXES = frozenset({".csv", ".jsonl", ".ndjson", ".parquet"})
MAX_BYTES = 10_000_000  # a news article is a few KB; anything this large is not one
PARALLEL_MIN_FILES = 1_000  # below this, starting worker processes costs more than it saves
CHUNK_FILES = 500  # most files a worker reads per task
ERRORS = ("collect", "raise")

# `date 2021-12-15 Headline`: the word, an ISO-looking date, then the headline.
_HEADER = re.compile(r"[ \t]*date[ \t]+(\d{4}-\d{1,2}-\d{1,2})(?:[ \t]+(.*))?[ \t]*$")
_NEWLINES = re.compile(r"\r\n?")


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
    content = (_NEWLINES.sub("\n", decoded) if "\r" in decoded else decoded).strip()
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


def load_articles(
    source: str | Path,
    *,
    since: str | Date | None = None,
    until: str | Date | None = None,
    errors: Literal["collect", "raise"] = "collect",
    columns: Mapping[str, str] | None = None,
    max_bytes: int = MAX_BYTES,
    n_jobs: int | None = None,
    progress: bool | None = None,
) -> pd.DataFrame:
    """Load articles from a file, a folder (recursive), a glob, or a CSV / JSONL / Parquet table.

    Returns the ``articles`` table, one row per article sorted by ``source``: ``article_id``
    (16 hex digits from the source path, or the table's ``id`` column; stable across runs and
    machines), ``date`` (datetime64, NaT where absent), ``title``, ``text`` (the body),
    ``source`` (path relative to the corpus root, ``path#row`` for tables, or the table's own
    ``source`` column), ``url``, ``n_words`` (white-space separated words of the body),
    ``content_hash`` (of title and body), ``duplicate_of`` (``article_id`` of the first
    identical article, else NA), then any other table columns as metadata.

    Inputs that cannot become articles are rejected with a reason (``errors="collect"``, see
    ``rejects``) or raise ``ArticleError`` at the first one (``errors="raise"``). ``since`` and
    ``until`` keep articles dated within the window, both days included. ``columns`` maps the
    canonical names (``id``, ``text``, ``title``, ``date``, ``source``, ``url``) to a table's
    own column names. From ``PARALLEL_MIN_FILES`` files on, ``n_jobs`` processes (default: all
    cores) read them; the result does not depend on ``n_jobs``.

    >>> from newsframe.config import SAMPLE_DIR
    >>> articles = load_articles(SAMPLE_DIR, since="2021-01-01")
    >>> articles.loc[0, ["date", "title"]].tolist()
    [Timestamp('2021-12-15 00:00:00'), 'In a phone call with Xi, Putin praises’model’ Russia-China relations.']
    """
    batches = iter_batches(source, batch_size=None, since=since, until=until, errors=errors, columns=columns,
                           max_bytes=max_bytes, n_jobs=n_jobs, progress=progress)
    return next(batches)


def iter_batches(
    source: str | Path,
    *,
    batch_size: int | None = 1000,
    since: str | Date | None = None,
    until: str | Date | None = None,
    errors: Literal["collect", "raise"] = "collect",
    columns: Mapping[str, str] | None = None,
    max_bytes: int = MAX_BYTES,
    n_jobs: int | None = None,
    progress: bool | None = None,
) -> Iterator[pd.DataFrame]:
    """``load_articles`` a batch at a time, so memory grows with ``batch_size``, not the corpus.

    Yields articles tables of about ``batch_size`` input files each (all in one with ``None``;
    a table file's rows stay in one batch), each with the ``attrs`` of its own inputs, so
    ``load_summary`` and ``rejects`` work per batch and add up. ``duplicate_of`` looks across
    batches. Always yields at least one (possibly empty) table.

    >>> from newsframe.config import SAMPLE_DIR
    >>> [len(batch) for batch in iter_batches(SAMPLE_DIR, batch_size=200)]
    [200, 110]
    """
    check_choice("errors", errors, ERRORS)
    mapping = _column_mapping(columns)
    root, relatives = _resolve(source)
    first_of: dict[str, str] = {}  # content hash -> article_id of its first article
    groups = [relatives[i:i + batch_size] for i in range(0, len(relatives), batch_size)] if batch_size else []
    read_chunk = partial(_read_files, root=root, mapping=mapping, max_bytes=max_bytes,
                         stop_at_reject=errors == "raise")
    count = workers(n_jobs) if len(relatives) >= PARALLEL_MIN_FILES else 1
    with contextlib.ExitStack() as stack:
        pool = stack.enter_context(ProcessPoolExecutor(count, mp_context=fork_context())) if count > 1 else None
        bar = stack.enter_context(counter_bar(total=len(relatives), desc="loading", unit="file", progress=progress))
        for group in groups or [relatives]:
            size = min(CHUNK_FILES, max(1, -(-len(group) // (4 * count))))  # about 4 tasks per worker
            chunks = [group[i:i + size] for i in range(0, len(group), size)]
            read = _Read()
            for chunk, part in zip(chunks, pool.map(read_chunk, chunks) if pool else map(read_chunk, chunks)):
                if errors == "raise" and part.rejected:
                    first = part.rejected[0]
                    raise ArticleError(first["path"], first["reason"], record=first["record"])
                read.extend(part)
                bar.update(len(chunk))
            yield _batch(read, first_of, since=since, until=until, source=source, root=root)


def _batch(read: _Read, first_of: dict[str, str], *, since, until, source, root) -> pd.DataFrame:
    articles = _articles_table(read.files, read.table_rows, first_of)
    window = _window(articles, since=since, until=until)
    outside = int((~window).sum())
    if outside:
        articles = articles.loc[window].reset_index(drop=True)
    articles.attrs = {
        "source": str(source),
        "root": str(root),
        "since": None if since is None else str(since),
        "until": None if until is None else str(until),
        "inputs": read.inputs,
        "outside_window": outside,
        "rejects": read.rejected,
    }
    return articles


def rejects(articles: pd.DataFrame) -> pd.DataFrame:
    """The inputs a load rejected: ``path``, ``record`` (row of a table, else NA), ``reason``.

    >>> from newsframe.config import SAMPLE_DIR
    >>> rejects(load_articles(SAMPLE_DIR)).columns.tolist()
    ['path', 'record', 'reason']
    """
    table = pd.DataFrame(articles.attrs.get("rejects", []), columns=REJECT_COLUMNS)
    return table.astype({"path": "string", "record": "Int64", "reason": "string"})


def load_summary(articles: pd.DataFrame) -> pd.DataFrame:
    """How the inputs of a load were accounted for: inputs = articles + rejected + outside window.

    Returns one row per outcome with columns ``outcome`` and ``count``.

    >>> from newsframe.config import SAMPLE_DIR
    >>> summary = load_summary(load_articles(SAMPLE_DIR))
    >>> summary["outcome"].tolist()
    ['inputs', 'articles', 'rejected', 'outside window', 'duplicates (kept, flagged)']
    """
    attrs = articles.attrs
    counts = {
        "inputs": attrs.get("inputs", len(articles)),
        "articles": len(articles),
        "rejected": len(attrs.get("rejects", [])),
        "outside window": attrs.get("outside_window", 0),
        "duplicates (kept, flagged)": int(articles["duplicate_of"].notna().sum()),
    }
    return pd.DataFrame({"outcome": list(counts), "count": list(counts.values())})


def article_id(key: str) -> str:
    """The stable id of an article: 16 hex digits of BLAKE2b over its source key.

    >>> article_id("000_83ee76fa5dfcaf86.txt")
    'fb6c2072b097b66a'
    """
    return hashlib.blake2b(key.encode("utf-8"), digest_size=8).hexdigest()


def content_hash(title: str, text: str) -> str:
    """Hash of an article's title and body, equal for identical articles wherever they live."""
    return _hash(title, text.encode("utf-8"))


def _hash(title: str, body: bytes) -> str:
    digest = hashlib.blake2b(title.encode("utf-8"), digest_size=16)
    digest.update(b"\n\n")
    digest.update(body)
    return digest.hexdigest()


# --- sources ------------------------------------------------------------------------------


def _resolve(source: str | Path) -> tuple[Path, list[str]]:
    """The corpus root and the sorted paths (relative, POSIX) of its input files."""
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


def _read(root: Path, relative: str, *, mapping: dict[str, str], max_bytes: int) -> Iterator[tuple | dict | ArticleError]:
    """From one input file: ``(date, title, body)`` of an article file, dicts of table rows,
    or rejections."""
    suffix = os.path.splitext(relative)[1].lower()
    if relative.rpartition("/")[2].startswith("."):
        yield ArticleError(relative, "hidden file, not an article")
    elif suffix in TABLE_SUFFIXES:
        yield from _read_table(root / relative, relative, mapping=mapping)
    elif suffix not in TEXT_SUFFIXES:
        kinds = ", ".join(sorted(s for s in TEXT_SUFFIXES | TABLE_SUFFIXES if s))
        yield ArticleError(relative, f"unsupported file type {suffix!r} (expected {kinds} or no suffix)")
    else:
        try:
            with open(f"{root}{os.sep}{relative}", "rb") as handle:
                # read(max_bytes + 1) would allocate that much for every file: ask the size first
                if os.fstat(handle.fileno()).st_size > max_bytes:
                    raise ArticleError(relative, f"file larger than the limit of {max_bytes:,} bytes (max_bytes)")
                data = handle.read()
            yield parse_article(data, path=relative)
        except ArticleError as error:
            yield error
        except OSError as error:
            yield ArticleError(relative, f"cannot be read: {error.strerror or error}")


def _read_table(path: Path, relative: str, *, mapping: dict[str, str]) -> Iterator[dict | ArticleError]:
    try:
        table = _read_frame(path)
    except Exception as error:  # any parser failure becomes a rejection naming the file
        yield ArticleError(relative, f"cannot be read as a {path.suffix.lstrip('.')} table: {error}")
        return
    missing = mapping["text"] not in table.columns
    if missing:
        found = ", ".join(map(str, table.columns)) or "none"
        yield ArticleError(relative, f"no text column {mapping['text']!r} (columns: {found}); "
                                     f"map yours with columns={{'text': ...}}")
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
        record = {"article_id": article_id(key), "date": when, "title": _clean(get.get("title")),
                  "text": text, "source": _clean(get.get("source")) or f"{relative}#{row}",
                  "url": _clean(get.get("url")) or None}
        record.update({c: values[c] for c in extra if c not in record})
        yield record


def _read_frame(path: Path) -> pd.DataFrame:
    suffix = path.suffix.lower()
    if suffix == ".csv":
        return pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8-sig")
    if suffix == ".parquet":
        return pd.read_parquet(path)
    return pd.read_json(path, lines=True, dtype=False)


def _column_mapping(columns: Mapping[str, str] | None) -> dict[str, str]:
    names = ("id", "text", "title", "date", "source", "url")
    mapping = {name: name for name in names}
    unknown = set(columns or {}) - set(names)
    if unknown:
        raise ConfigError(f"columns keys must be among {', '.join(names)}; got {', '.join(sorted(unknown))}")
    mapping.update(columns or {})
    return mapping


def _clean(value: object) -> str:
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return ""
    return _NEWLINES.sub("\n", str(value)).strip()


def _zero_pad(day: str) -> str:
    year, month, dom = day.split("-")
    return f"{year}-{int(month):02d}-{int(dom):02d}"


# --- the table ----------------------------------------------------------------------------


class _Columns:
    """Article files gathered column by column. Bodies go straight into one growing UTF-8
    buffer that becomes the Arrow ``text`` column without a copy, so a load holds the text about
    once, not once per string object and again in Arrow."""

    def __init__(self) -> None:
        self.ids: list[str] = []
        self.dates: list[int] = []  # nanoseconds since 1970 (NaT's value when undated): cheap to pickle
        self.titles: list[str] = []
        self.data = bytearray()
        self.offsets: list[int] = [0]
        self.sources: list[str] = []
        self.hashes: list[str] = []
        self.words: list[int] = []

    def append(self, relative: str, when: pd.Timestamp, title: str, text: str) -> None:
        body = text.encode("utf-8")
        self.data += body
        self.offsets.append(len(self.data))
        self.ids.append(article_id(relative))
        self.dates.append(when.value)
        self.titles.append(title)
        self.sources.append(relative)
        self.hashes.append(_hash(title, body))
        self.words.append(len(text.split()))

    def extend(self, other: _Columns) -> None:
        """Append the files another reader gathered (a worker's chunk), in order."""
        shift = len(self.data)
        self.data += other.data
        self.offsets += [shift + offset for offset in other.offsets[1:]]
        for name in ("ids", "dates", "titles", "sources", "hashes", "words"):
            getattr(self, name).extend(getattr(other, name))

    def frame(self) -> pd.DataFrame:
        large = len(self.data) >= 2**31  # Arrow's plain strings take 32-bit offsets
        kind = pa.LargeStringArray if large else pa.StringArray
        offsets = pa.py_buffer(np.asarray(self.offsets, dtype=np.int64 if large else np.int32))
        text = kind.from_buffers(len(self.ids), offsets, pa.py_buffer(self.data))
        return pd.DataFrame({
            "article_id": self.ids, "date": np.array(self.dates, dtype=np.int64).view("datetime64[ns]"),
            "title": self.titles,
            "text": pd.arrays.ArrowStringArray(text), "source": self.sources, "url": None,
            "content_hash": self.hashes, "n_words": self.words,
        })


@dataclass
class _Read:
    """What reading a run of input files gave: article files, table rows, rejections, inputs."""

    files: _Columns = field(default_factory=_Columns)
    table_rows: list[dict] = field(default_factory=list)
    rejected: list[dict] = field(default_factory=list)
    inputs: int = 0

    def extend(self, other: _Read) -> None:
        self.files.extend(other.files)
        self.table_rows += other.table_rows
        self.rejected += other.rejected
        self.inputs += other.inputs


def _read_files(relatives: list[str], *, root: Path, mapping: dict[str, str], max_bytes: int,
                stop_at_reject: bool) -> _Read:
    """Read input files in order (in a worker process when loading in parallel)."""
    read = _Read()
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


def _articles_table(files: _Columns, table_rows: list[dict], first_of: dict[str, str]) -> pd.DataFrame:
    frame = files.frame()
    if table_rows:
        rows = pd.DataFrame.from_records(table_rows)
        rows = rows.assign(content_hash=[content_hash(t, x) for t, x in zip(rows["title"], rows["text"])],
                           n_words=[len(x.split()) for x in rows["text"]])
        frame = pd.concat([frame, rows], ignore_index=True).sort_values("source", kind="stable", ignore_index=True)
    frame = frame.astype({"article_id": "string", "title": "string", "text": "string", "source": "string",
                          "url": "string", "content_hash": "string"})
    first = [first_of.setdefault(h, i) for h, i in zip(frame["content_hash"].tolist(), frame["article_id"].tolist())]
    frame = frame.assign(
        date=pd.to_datetime(frame["date"]).astype("datetime64[ns]"),
        n_words=frame["n_words"].astype("int64"),
        duplicate_of=pd.Series(first, index=frame.index, dtype="string").where(lambda f: f != frame["article_id"]),
    )
    return frame[list(dict.fromkeys(ARTICLE_COLUMNS + list(frame.columns)))]


def _window(articles: pd.DataFrame, *, since: str | Date | None, until: str | Date | None) -> pd.Series:
    keep = pd.Series(True, index=articles.index)
    for bound, is_start in ((since, True), (until, False)):
        if bound is None:
            continue
        try:
            day = pd.Timestamp(bound).normalize()
        except ValueError:
            raise ConfigError(f"cannot read {bound!r} as a date (expected YYYY-MM-DD)") from None
        # whole days: `until` keeps everything dated on that day, whatever the time
        inside = articles["date"].ge(day) if is_start else articles["date"].lt(day + pd.Timedelta(days=1))
        keep &= inside.fillna(False).astype(bool)
    return keep
