"""Part files: written atomically, each with the checksum of its bytes, and verified against it
when read; a part is hashed once per process while it stays unchanged on disk."""

from __future__ import annotations

import hashlib
import io
import time
from pathlib import Path

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

from newsframe.files import write_atomic


def arrow(frame: pd.DataFrame) -> pa.Table:
    """``frame`` as Arrow, without its ``attrs`` (an articles table's load accounts are not rows)."""
    bare = frame.copy(deep=False)
    bare.attrs = {}
    return pa.Table.from_pandas(bare, preserve_index=False)


def write_parquet(table: pd.DataFrame, path: Path) -> str:
    """Write ``table`` to ``path`` atomically (a reader never sees half a file); return the
    checksum of the bytes written. The table's ``attrs`` (an articles table's load accounts) stay
    behind: a part holds rows only."""
    buffer = io.BytesIO()
    pq.write_table(arrow(table), buffer)
    data = buffer.getvalue()
    write_atomic(path, data)
    return checksum(data)


def checksum(data: bytes) -> str:
    """The checksum a part file is verified with.

    >>> checksum(b"")
    'cae66941d9efbd404e4d88758ea67670'
    """
    return hashlib.blake2b(data, digest_size=16).hexdigest()


def part_problem(path: Path, expected: str) -> str | None:
    """What is wrong with the part file at ``path`` (missing, or not the bytes written), else None."""
    try:
        if _unchanged(path, expected) or verified_bytes(path, expected) is not None:
            return None
    except FileNotFoundError:
        return f"{path.parent.name}/{path.name} is missing"
    return f"{path.parent.name}/{path.name} is damaged (checksum differs)"


def verified_bytes(path: Path, expected: str) -> bytes | None:
    """The bytes of ``path`` when their checksum is ``expected``, else None. A file this process has
    already verified and that is unchanged on disk since (same inode, size and modification time,
    as git trusts its index) is not hashed again."""
    before = _identity(path)
    data = path.read_bytes()
    if _VERIFIED.get(path) == (before, expected):
        return data
    if checksum(data) != expected:
        return None
    if _identity(path) == before and time.time_ns() - before[2] > _SETTLED_NS:
        _VERIFIED[path] = (before, expected)
    return data


# Part files verified by this process: path -> (inode, size, mtime_ns) when verified, and the checksum it had.
# Only files older than _SETTLED_NS are remembered: modification times are coarse (a few ms), so a file
# rewritten in place just after it was verified could otherwise keep its size and time ("racy git").
_VERIFIED: dict[Path, tuple[tuple[int, int, int], str]] = {}
_SETTLED_NS = 2_000_000_000


def _identity(path: Path) -> tuple[int, int, int]:
    status = path.stat()
    return status.st_ino, status.st_size, status.st_mtime_ns


def _unchanged(path: Path, expected: str) -> bool:
    """Whether ``path`` was verified to hold ``expected`` by this process and is unchanged on disk since."""
    return _VERIFIED.get(path) == (_identity(path), expected)
