"""An input file's bytes and text: opened only when it is a regular file, read up to a limit, and
decoded as UTF-8, as the encoding the caller forces, or else as the encoding ``charset-normalizer``
detects."""

from __future__ import annotations

import codecs
import os
import re
import stat
from typing import BinaryIO

import charset_normalizer

from newsframe.errors import ArticleError, ConfigError

UTF8 = "utf-8"
WESTERN = "cp1252"  # Windows Western European: the code page most news text that is not UTF-8 is in
_NOT_LATIN = re.compile(r"[^\W\d_\x00-\u024f\u1e00-\u1eff]")  # a letter of a script other than Latin
# a Latin-1 symbol between two letters (not the ordinals ª º nor Catalan's middle dot): not Western text
_SYMBOL_IN_WORD = re.compile(r"[^\W\d_][\u00a1-\u00a9\u00ab-\u00b6\u00b8\u00b9\u00bb-\u00bf][^\W\d_]")
# UTF-32's little-endian mark begins with UTF-16's: look for it first.
_MARKS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
_KINDS = (
    (stat.S_ISFIFO, "a named pipe"),
    (stat.S_ISSOCK, "a socket"),
    (stat.S_ISCHR, "a character device"),
    (stat.S_ISBLK, "a block device"),
    (stat.S_ISDIR, "a folder"),
)


def not_regular(mode: int) -> str | None:
    """Why a file of this ``st_mode`` is not read (None for a regular file): named pipes wait for a
    writer and devices never end, so they are never even opened.

    >>> not_regular(os.stat("/dev/null").st_mode)
    'not a regular file (a character device); not opened'
    """
    if stat.S_ISREG(mode):
        return None
    kind = next((kind for test, kind in _KINDS if test(mode)), "an unknown kind")
    return f"not a regular file ({kind}); not opened"


def open_regular(path: str, relative: str) -> BinaryIO:
    """Open ``path`` for reading if it is a regular file; else raise ``ArticleError`` naming
    ``relative``, without opening it."""
    try:
        reason = not_regular(os.stat(path).st_mode)
        if reason:
            raise ArticleError(relative, reason)
        # Should the file have become a named pipe since, O_NONBLOCK keeps open() from waiting for a writer.
        descriptor = os.open(path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0))
    except OSError as error:
        raise ArticleError(relative, f"cannot be read: {error.strerror or error}") from None
    handle = os.fdopen(descriptor, "rb")
    reason = not_regular(os.fstat(descriptor).st_mode)
    if reason:
        handle.close()
        raise ArticleError(relative, reason)
    return handle


def read_limited(handle: BinaryIO, *, max_bytes: int) -> bytes:
    """At most ``max_bytes + 1`` bytes of ``handle`` (the one past the limit shows a file is over it).

    Memory is taken for the size the file reports, not for the limit; a file that grows meanwhile,
    or whose size the system does not report (devices, /proc), is read on up to the limit.

    >>> with open("/dev/zero", "rb") as zeros:
    ...     len(read_limited(zeros, max_bytes=10))
    11
    """
    try:
        size = os.fstat(handle.fileno()).st_size
    except (OSError, ValueError):
        size = 0
    data = handle.read(min(size, max_bytes) + 1)
    if len(data) <= size:
        return data
    chunks, total = [data], len(data)
    while total <= max_bytes:
        chunk = handle.read(min(1 << 20, max_bytes + 1 - total))
        if not chunk:
            break
        chunks.append(chunk)
        total += len(chunk)
    return b"".join(chunks)


def read_file(path: str, relative: str, *, max_bytes: int) -> bytes:
    """The bytes of the regular file ``path``; ``ArticleError`` when it is over ``max_bytes`` or cannot be read."""
    too_large = ArticleError(relative, f"file larger than the limit of {max_bytes:,} bytes (max_bytes)")
    with open_regular(path, relative) as handle:
        try:
            if os.fstat(handle.fileno()).st_size > max_bytes:
                raise too_large
            data = read_limited(handle, max_bytes=max_bytes)
        except OSError as error:
            raise ArticleError(relative, f"cannot be read: {error.strerror or error}") from None
    if len(data) > max_bytes:
        raise too_large
    return data


def check_encoding(encoding: object) -> str | None:
    """The canonical name of a text encoding Python knows (None stays None: detect per file).

    >>> check_encoding("latin-1"), check_encoding("UTF8"), check_encoding(None)
    ('iso8859-1', 'utf-8', None)
    """
    if encoding is None:
        return None
    try:
        if not isinstance(encoding, str):
            raise LookupError(encoding)
        info = codecs.lookup(encoding)
        if not getattr(info, "_is_text_encoding", True):  # base64, rot13, zlib: codecs but not text encodings
            raise LookupError(encoding)
    except LookupError:
        raise ConfigError(
            f"encoding must be the name of a text encoding (utf-8, cp1252, latin-1, ...); got {encoding!r}"
        ) from None
    return info.name


def decode(data: bytes, *, path: str, encoding: str | None = None) -> tuple[str, str]:
    """The text of ``data`` and the name of the encoding it was decoded with.

    With ``encoding`` (a name from ``check_encoding``), that one or a rejection. Without: UTF-8
    (a byte-order mark is dropped), UTF-16/32 when a byte-order mark says so, else the encoding
    ``charset-normalizer`` finds most likely (but cp1252 for Latin-script text, see ``_western``).
    Raises ``ArticleError`` naming ``path`` and the first byte that does not decode.

    >>> decode("Café".encode("utf-8"), path="a.txt")
    ('Café', 'utf-8')
    >>> decode("Le café était fermé.".encode("cp1252"), path="b.txt")[0]
    'Le café était fermé.'
    >>> decode(b"Caf\\xe9", path="c.txt", encoding="utf-8")
    Traceback (most recent call last):
    newsframe.errors.ArticleError: c.txt: cannot be decoded as utf-8: byte 0xe9 at offset 3
    """
    if encoding is not None:
        try:
            return _text(data.decode(encoding).removeprefix("\ufeff"), path), encoding
        except UnicodeDecodeError as error:
            raise ArticleError(path, f"cannot be decoded as {encoding}: {_where(data, error.start)}") from None
    for order_mark, name in _MARKS:
        if data.startswith(order_mark):
            try:
                return data.decode(name), name
            except UnicodeDecodeError:
                break
    mark = 3 if data.startswith(codecs.BOM_UTF8) else 0
    try:
        return data[mark:].decode(UTF8), UTF8
    except UnicodeDecodeError as error:
        first = mark + error.start
    best = charset_normalizer.from_bytes(data).best()
    if best is not None:
        name = codecs.lookup(best.encoding).name
        try:
            text = data.decode(name).removeprefix("\ufeff")
        except UnicodeDecodeError:
            pass
        else:
            return _western(data, _text(text, path), name)
    raise ArticleError(path, f"not valid UTF-8 ({_where(data, first)}) and no other encoding fits")


def _western(data: bytes, text: str, name: str) -> tuple[str, str]:
    """cp1252 rather than another code page of Latin-script text, when the bytes read as cp1252
    without symbols inside words (as Polish ``ł`` read as cp1252's ``³`` would be).

    Detection cannot tell the Latin code pages apart on short texts (it reads the é of
    ``café`` as the ť of mac_latin2), and news text in them is mostly Western European.
    """
    if name == WESTERN or _NOT_LATIN.search(text):
        return text, name
    try:
        western = data.decode(WESTERN).removeprefix("\ufeff")
    except UnicodeDecodeError:
        return text, name
    return (text, name) if _SYMBOL_IN_WORD.search(western) else (western, WESTERN)


def _text(text: str, path: str) -> str:
    """``text`` if it can be written as UTF-8 (some codecs, such as unicode_escape, decode to unpaired surrogates)."""
    try:
        text.encode("utf-8")
    except UnicodeEncodeError as error:
        raise ArticleError(path, f"decodes to text with an unpaired surrogate at character {error.start}") from None
    return text


def _where(data: bytes, offset: int) -> str:
    return f"byte 0x{data[offset]:02x} at offset {offset}" if offset < len(data) else f"offset {offset}"
