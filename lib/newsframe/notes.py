"""The sentences every notebook writes about what it read: the window, the period used, and why
there is nothing to show. Written once so that every report says the same thing the same way."""

from __future__ import annotations

from datetime import date as Date

import pandas as pd

from newsframe.corpus import is_undated
from newsframe.load import load_summary
from newsframe.markdown import escape_markdown


def window_text(since: str | Date | None, until: str | Date | None) -> str:
    """The date window in words.

    >>> window_text(None, None), window_text("2021-01-01", None)
    ('all dates', 'from 2021-01-01 to the last article')
    """
    if since is None and until is None:
        return "all dates"
    return f"from {since or 'the first article'} to {until or 'the last article'}"


def period_note(articles: pd.DataFrame, *, period: str, used: str) -> str:
    """Which period the timelines use, and why (``period`` as asked, ``used`` as resolved).

    >>> dated = pd.DataFrame({"date": pd.to_datetime(["2021-01-01", "2021-03-01"])})
    >>> period_note(dated, period="auto", used="week"), period_note(dated.iloc[:0], period="auto", used="month")
    ('week (chosen from the dates)', 'none: no article has a date')
    """
    if articles["date"].isna().all():
        return "none: no article has a date"
    if is_undated(articles):
        return "none: most articles have no date"
    return used + (" (chosen from the dates)" if period == "auto" else "")


def nothing_to_show(
    loaded: pd.DataFrame, *, corpus: str, since: str | Date | None = None, until: str | Date | None = None
) -> str:
    """Markdown saying why a load gave no articles: every input rejected, all outside the window,
    or no input at all (``loaded`` is what ``load_articles`` returned, before duplicates are left out).

    >>> from newsframe.load import load_articles
    >>> loaded = load_articles("data/sample", since="2099-01-01")
    >>> note = nothing_to_show(loaded, corpus="data/sample", since="2099-01-01")
    >>> note.startswith("**No articles in this window**"), "310 article(s) read fall outside it" in note
    (True, True)
    """
    inputs = load_summary(loaded).set_index("outcome")["count"]
    where = escape_markdown(str(corpus))
    if inputs["inputs"] and inputs["rejected"] == inputs["inputs"]:
        return (
            f"**No articles: all {inputs['inputs']:,} input(s) of {where} were rejected.** The reasons are "
            "listed under *Rejected inputs* in the corpus overview (01); there is nothing to analyse."
        )
    if inputs["outside window"]:
        return (
            f"**No articles in this window** ({escape_markdown(window_text(since, until))}): the "
            f"{inputs['outside window']:,} article(s) read fall outside it (undated articles fall outside any "
            "window). Widen `since` / `until`."
        )
    return (
        f"**No articles**: {where} holds no input newsframe reads (text files, or CSV / JSON Lines / JSON / "
        "Parquet tables). Check the corpus path."
    )
