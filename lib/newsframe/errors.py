"""The package's errors: one base class, each subclass carrying the facts a user needs."""

from __future__ import annotations

from pathlib import Path


class NewsframeError(Exception):
    """Base class of every error newsframe raises on purpose."""


class ArticleError(NewsframeError):
    """An input file or record that cannot become an article.

    Carries the file (``path``), an optional ``record`` (row or line of a table) and the
    ``reason`` in words a user can act on; the message reads well on its own.
    """

    def __init__(self, path: str | Path, reason: str, *, record: int | None = None) -> None:
        self.path = str(path)
        self.reason = reason
        self.record = record
        where = self.path if record is None else f"{self.path} (record {record})"
        super().__init__(f"{where}: {reason}")


class ConfigError(NewsframeError):
    """A parameter, option or configuration file that is not valid."""


def check_choice(name: str, value: object, choices: tuple) -> None:
    """Raise ConfigError naming the valid values when ``value`` is not one of ``choices``.

    >>> check_choice("errors", "collect", ("collect", "raise"))
    """
    if value not in choices:
        valid = ", ".join(repr(c) for c in choices)
        raise ConfigError(f"{name} must be one of {valid}; got {value!r}")


class ActorDictionaryError(ConfigError):
    """An actor dictionary file that is not valid: names the ``path``, the ``entry`` and the ``reason``."""

    def __init__(self, path: str | Path, reason: str, *, entry: str | None = None) -> None:
        self.path = str(path)
        self.entry = entry
        self.reason = reason
        where = self.path if entry is None else f"{self.path}, {entry}"
        super().__init__(f"{where}: {reason}")


class LabelsError(NewsframeError):
    """A labels file that cannot be used: carries ``path``, ``reason`` and the bad ``rows``."""

    def __init__(self, path: str | Path, reason: str, *, rows: list[int] | None = None) -> None:
        self.path = str(path)
        self.reason = reason
        self.rows = rows or []
        where = f" (rows {', '.join(map(str, self.rows[:10]))}{', ...' if len(self.rows) > 10 else ''})"
        super().__init__(f"{self.path}: {reason}{where if self.rows else ''}")


class StoreError(NewsframeError):
    """A store folder that cannot be used (and was therefore rebuilt, or could not be)."""


class ArticleNotFound(NewsframeError):
    """No article, or more than one, matches what was asked for: carries the ``query`` and, when
    several match, their ``matches`` (article ids); the message is one line naming the query."""

    def __init__(self, query: str, reason: str, *, matches: list[str] | None = None) -> None:
        self.query = query
        self.reason = reason
        self.matches = matches or []
        super().__init__(f"{query!r}: {reason}")


class DiskFullError(NewsframeError, OSError):
    """The disk filled up while newsframe wrote ``path``; nothing half-written was left behind."""

    def __init__(self, path: str | Path) -> None:
        self.path = str(path)
        super().__init__(
            f"{self.path}: the disk is full (no space left on the device); nothing was left "
            "half-written. Free some space, or write to another folder, and run again."
        )
