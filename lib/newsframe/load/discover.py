"""Finding the inputs of a load: the files a source (a file, a folder or a glob) names, each one a
file to read or an entry rejected before anything is opened.

Rejected without opening: names that are not valid UTF-8, named pipes, sockets and devices,
broken symbolic links and links leading out of the corpus root (by real path). Folders are read
once each, by real path: a symbolic link to a folder read elsewhere, or back to one that holds it
(a loop), is counted and rejected, so no file is counted twice and a loop cannot multiply inputs.
"""

from __future__ import annotations

import glob
import os
import re
import stat
from collections.abc import Callable
from fnmatch import fnmatchcase
from functools import cache
from pathlib import Path

from newsframe.errors import ConfigError
from newsframe.load.reading import not_regular

Entry = str | tuple[str, str]  # a path to read (relative, POSIX), or (path, reason) rejected here
_BAD_FILE_NAME = "file name is not valid UTF-8; rename it (not read)"
_BAD_FOLDER_NAME = "folder name is not valid UTF-8; rename it (its files were not read)"


def resolve(source: str | Path) -> tuple[Path, list[Entry]]:
    """The corpus root and the sorted entries of a file, a folder (recursive) or a glob.

    A file named directly is read wherever a symbolic link takes it; inside a folder or a glob,
    links must stay inside the root. A glob keeps Python's rules (``**`` spans folders, wildcards
    skip hidden names) but counts each file once.

    >>> from newsframe.config import SAMPLE_DIR
    >>> root, entries = resolve(SAMPLE_DIR)
    >>> root == SAMPLE_DIR, entries[0]
    (True, '000_83ee76fa5dfcaf86.txt')
    """
    text = str(source)
    path = Path(source).expanduser()
    if path.is_dir():
        root = path.resolve()
        return root, _walk(root, None)
    if os.path.lexists(path):
        return path.absolute().parent.resolve(), [_named(path)]
    if glob.has_magic(text):
        head = re.split(r"[*?\[]", text, maxsplit=1)[0]
        cut = max(head.rfind("/"), head.rfind(os.sep)) + 1
        root = Path(text[:cut] or ".").expanduser().resolve()
        return root, _walk(root, _Pattern(text[cut:].replace(os.sep, "/"))) if root.is_dir() else []
    raise ConfigError(f"no such file, folder or glob match: {text}")


def _named(path: Path) -> Entry:
    """The entry of a file named as the source itself."""
    name = path.name
    if not _utf8(name):
        return _shown(name), _BAD_FILE_NAME
    try:
        reason = not_regular(os.stat(path).st_mode)
    except OSError as error:
        return name, _broken(error) if path.is_symlink() else f"cannot be read: {error.strerror or error}"
    return (name, reason) if reason else name


class _Pattern:
    """A glob's pattern below its root, matched one path segment at a time."""

    def __init__(self, pattern: str) -> None:
        self.segments = tuple(s for s in pattern.split("/") if s not in ("", ".")) + (
            ("",) if pattern[-1:] == "/" else ()
        )

    def matches(self, relative: str) -> bool:
        """Whether the file ``relative`` matches."""
        return _match(tuple(relative.split("/")), self.segments, False)

    def may_hold(self, relative: str) -> bool:
        """Whether files under the folder ``relative`` could match."""
        return _match(tuple(relative.split("/")), self.segments, True)


def _match(parts: tuple[str, ...], segments: tuple[str, ...], inside: bool) -> bool:
    """Whether path ``parts`` match glob ``segments`` (with ``inside``: could hold files that do)."""

    @cache
    def match(i: int, j: int) -> bool:
        if i == len(parts):
            return j < len(segments) if inside else all(s == "**" for s in segments[j:])
        if j == len(segments):
            return False
        part, segment = parts[i], segments[j]
        if segment == "**":  # no folder, or one more (not a hidden one)
            return match(i, j + 1) or (not part.startswith(".") and match(i + 1, j))
        hidden = part.startswith(".") and not segment.startswith(".")
        return not hidden and fnmatchcase(part, segment) and match(i + 1, j + 1)

    return match(0, 0)


def _walk(root: Path, pattern: _Pattern | None) -> list[Entry]:
    """Every entry under ``root`` (those ``pattern`` matches, if given), sorted by path."""
    top = str(root)
    entries: list[Entry] = []
    walked = {top}
    folders = [("", top)]  # (relative prefix, real path) of folders to list
    links: list[tuple[str, str]] = []  # (relative, real target) of symbolic links to folders

    def wanted(relative: str, folder: bool) -> bool:
        return pattern is None or (pattern.may_hold(relative) if folder else pattern.matches(relative))

    while folders or links:
        while folders:
            prefix, real = folders.pop()
            try:
                with os.scandir(real) as listing:
                    items = list(listing)
            except OSError as error:
                entries.append((prefix.rstrip("/") or ".", f"folder cannot be read: {error.strerror or error}"))
                continue
            for item in items:
                relative = prefix + item.name
                try:
                    is_dir = item.is_dir(follow_symlinks=False)
                    if not _utf8(item.name):
                        if wanted(relative, is_dir):
                            entries.append((_shown(relative), _BAD_FOLDER_NAME if is_dir else _BAD_FILE_NAME))
                    elif item.is_symlink():
                        _link(item.path, relative, top, entries, links, wanted)
                    elif is_dir:
                        if wanted(relative, True):
                            walked.add(item.path)
                            folders.append((relative + "/", item.path))
                    elif wanted(relative, False):
                        reason = not_regular(item.stat(follow_symlinks=False).st_mode)
                        entries.append((relative, reason) if reason else relative)
                except OSError as error:
                    entries.append((relative, f"cannot be read: {error.strerror or error}"))
        # Real folders first, so each is read under its own name; then the links not yet read.
        for relative, target in sorted(links):
            if target in walked:
                where = os.path.relpath(target, top).replace(os.sep, "/")
                if where == "." or relative.startswith(where + "/"):
                    entries.append((relative, f"symbolic link back to the folder {where!r} that holds it (a loop)"))
                else:
                    entries.append(
                        (relative, f"symbolic link to the folder {where!r}, which is read under its own name")
                    )
            else:
                walked.add(target)
                folders.append((relative + "/", target))
        links = []
    return sorted(entries, key=lambda entry: entry if isinstance(entry, str) else entry[0])


def _link(
    path: str,
    relative: str,
    top: str,
    entries: list[Entry],
    links: list[tuple[str, str]],
    wanted: Callable[[str, bool], bool],
) -> None:
    """Sort out the symbolic link ``path``: a file to read, a folder to consider later, or a rejection."""
    target = os.path.realpath(path)
    try:
        mode = os.stat(path).st_mode
    except OSError as error:
        if wanted(relative, False):
            entries.append((relative, _broken(error)))
        return
    folder = stat.S_ISDIR(mode)
    if not wanted(relative, folder):
        return
    if target != top and not target.startswith(top + os.sep):
        entries.append((relative, "symbolic link that points outside the corpus; not followed"))
    elif folder:
        links.append((relative, target))
    else:
        reason = not_regular(mode)
        entries.append((relative, reason) if reason else relative)


def _broken(error: OSError) -> str:
    return f"broken symbolic link ({error.strerror or error})"


def _utf8(name: str) -> bool:
    try:
        name.encode("utf-8")
    except UnicodeEncodeError:  # os.listdir gives undecodable bytes as lone surrogates
        return False
    return True


def _shown(name: str) -> str:
    """A name that is not valid UTF-8, with its stray bytes written as ``\\xNN``."""
    return os.fsencode(name).decode("utf-8", "backslashreplace")
