"""Markdown built from user values (corpus paths, search terms, actor names), escaped so that it
shows as the text it is: never a tag, a link or formatting."""

from __future__ import annotations

import html
import re

# Every ASCII punctuation character CommonMark lets a backslash escape.
_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|~>:])")


def escape_markdown(value: object) -> str:
    """``value`` as literal text inside Markdown: HTML is escaped (no tags), and Markdown
    punctuation is backslash-escaped, so ``[x](javascript:alert(1))`` is not a link, ``*`` is
    not emphasis and ``# x`` is not a heading.

    >>> escape_markdown("[click](javascript:alert(1)) <script>")
    '\\\\[click\\\\]\\\\(javascript\\\\:alert\\\\(1\\\\)\\\\) &lt;script&gt;'
    >>> escape_markdown("data/sample")
    'data/sample'
    """
    return _SPECIAL.sub(r"\\\1", html.escape(str(value), quote=False))
