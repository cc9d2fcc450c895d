"""Pair quotation marks into quotations: where each quotation of a title or body starts and ends.

Curly marks say which way they face; a straight ``"`` opens when it follows a space (or starts
the text) and is followed by a non-space, closes when it follows a non-space, and otherwise
toggles. A mark that opens while a quotation is open ends that quotation and starts its
continuation (``"First. "Second.`` is how a paragraph break inside a quote reads once lost), and
a paragraph that ends inside a quotation ends it there; the next paragraph opening with a mark
continues it (newswire style).
"""

from __future__ import annotations

import re
from typing import NamedTuple

_MARK = re.compile(r"[“”\"]|\n[ \t]*\n")
_OPEN_BEFORE = set(" \t\n([{—–-/")


class Span(NamedTuple):
    """One quotation: offsets of its text (marks excluded, outer spaces and a trailing comma trimmed),
    ``opened``/``closed`` the offsets of its marks (``closed`` is -1 when it was never closed) and
    whether it ``continues`` the quotation before it."""

    start: int
    end: int
    opened: int
    closed: int
    continues: bool


def quote_spans(text: str) -> list[Span]:
    """Every quotation in ``text``, in order.

    >>> [(s.start, s.end) for s in quote_spans("“Yes,” he said. “No.”")]
    [(1, 4), (17, 20)]
    >>> [(s.start, s.end, s.continues) for s in quote_spans('He said: "One. "Two." Then "three"')]
    [(10, 14, False), (16, 20, True), (28, 33, False)]
    >>> [(s.start, s.end, s.continues) for s in quote_spans('"Open\\n\\n"Next," he said.')]
    [(1, 5, False), (8, 12, True)]
    """
    spans: list[Span] = []
    opened = -1  # offset of the open mark, -1 when no quotation is open
    continues = False
    dangling = -1  # end of the paragraph that ended inside a quotation, -1 otherwise
    for match in _MARK.finditer(text):
        at = match.start()
        mark = match.group()
        if mark[0] == "\n":
            if opened >= 0:
                _add(spans, text, opened, at, -1, continues)
                opened, dangling = -1, match.end()
            else:
                dangling = -1
            continue
        if mark == "“":
            opens = True
        elif mark == "”":
            opens = False
        else:
            before = text[at - 1] if at else " "
            after = text[at + 1] if at + 1 < len(text) else " "
            looks_open = before in _OPEN_BEFORE and not after.isspace()
            looks_closed = not before.isspace() and (after.isspace() or not after.isalnum())
            opens = looks_open if looks_open != looks_closed else opened < 0
        if opens:
            if opened >= 0:  # a new quotation opens inside one: the first ends, the second continues it
                _add(spans, text, opened, at, -1, continues)
                continues = True
            else:
                continues = dangling >= 0 and not text[dangling:at].strip()
            opened, dangling = at, -1
        elif opened >= 0:
            _add(spans, text, opened, at, at, continues)
            opened, dangling = -1, -1
    if opened >= 0:
        _add(spans, text, opened, len(text), -1, continues)
    return spans


def _add(spans: list[Span], text: str, opened: int, stop: int, closed: int, continues: bool) -> None:
    inner = text[opened + 1 : stop]
    stripped = inner.strip().rstrip(",").rstrip()
    if stripped:
        start = opened + 1 + len(inner) - len(inner.lstrip())
        spans.append(Span(start, start + len(stripped), opened, closed, continues))
