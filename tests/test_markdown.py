"""Markdown from user values renders as the literal text, never as a tag or a live link."""

from __future__ import annotations

import html

import pytest
from nbconvert.filters.markdown_mistune import markdown2html_mistune

from newsframe.markdown import escape_markdown

HOSTILE = [
    "[click me](javascript:alert(1))",
    "<script>alert(1)</script>",
    "<javascript:alert(1)>",
    "![img](javascript:alert(1))",
    "**bold** _it_ `code` # heading",
    "[ref]: javascript:alert(1)\n\n[ref]",
]


@pytest.mark.parametrize("value", HOSTILE)
def test_hostile_values_render_as_plain_text(value):
    rendered = markdown2html_mistune(f"Corpus: {escape_markdown(value)}")
    assert "<a" not in rendered and "<script" not in rendered and "<img" not in rendered
    assert "<strong>" not in rendered and "<em>" not in rendered and "<code>" not in rendered
    assert "<h1" not in rendered


@pytest.mark.parametrize("value", ["data/sample", "Vladimir Putin", "oil, trade", "2021-01-05", "C:\\corpus"])
def test_ordinary_values_read_the_same(value):
    assert markdown2html_mistune(escape_markdown(value)).strip() == f"<p>{html.escape(value, quote=False)}</p>"
