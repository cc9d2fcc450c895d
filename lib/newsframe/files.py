"""Writing files safely: atomic replacement and an exclusive lock, the one copy of each."""

from __future__ import annotations

import contextlib
import errno
import fcntl
import os
import threading
from collections.abc import Iterator
from pathlib import Path

from newsframe.errors import DiskFullError

PARTIAL = ".partial"  # marks a file still being written; it never carries a final name


@contextlib.contextmanager
def atomic_path(path: str | Path) -> Iterator[Path]:
    """A temporary path beside ``path``, renamed to ``path`` when the block ends without error.

    Readers see the old file or the whole new one, never half of it; on an error the temporary
    file is removed and ``path`` is left as it was. A full disk raises ``DiskFullError``.

    >>> import tempfile
    >>> target = Path(tempfile.mkdtemp()) / "table.csv"
    >>> with atomic_path(target) as temporary:
    ...     _ = temporary.write_text("a,b\\n")
    >>> target.read_text()
    'a,b\\n'
    """
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_name(f".{path.name}.{os.getpid()}.{threading.get_ident()}{PARTIAL}")
    try:
        yield temporary
        os.replace(temporary, path)
    except OSError as error:
        if error.errno == errno.ENOSPC:
            raise DiskFullError(path) from error
        raise
    finally:
        temporary.unlink(missing_ok=True)


def write_atomic(path: str | Path, content: str | bytes) -> None:
    """Write ``content`` (text as UTF-8) to ``path`` atomically (see ``atomic_path``)."""
    with atomic_path(path) as temporary:
        if isinstance(content, bytes):
            temporary.write_bytes(content)
        else:
            temporary.write_text(content, encoding="utf-8")


@contextlib.contextmanager
def file_lock(path: str | Path) -> Iterator[None]:
    """Hold an exclusive lock on the file ``path`` (created if missing) for the block."""
    with open(path, "a") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)
