"""Figure conventions shared by every notebook: titles, axis units and the corpus named on each."""

from __future__ import annotations

import matplotlib.pyplot as plt
from matplotlib.axes import Axes


def label(ax: Axes, *, title: str, xlabel: str, ylabel: str, corpus: str) -> Axes:
    """Title an axes, name its axes with units, and name the corpus it came from.

    ``corpus`` is printed small under the title (``corpus: data/sample · 310 articles``) so a
    figure copied out of a report still says where its numbers came from.

    >>> fig, ax = plt.subplots()
    >>> label(ax, title="Articles per month", xlabel="month", ylabel="articles",
    ...       corpus="data/sample").get_title(loc="left")
    'Articles per month'
    """
    ax.set_title(title, loc="left", pad=16)
    # the corpus on its own line between the title and the plot: never cropped, never overlapping
    ax.text(0.0, 1.015, f"corpus: {corpus}", transform=ax.transAxes, ha="left", va="bottom", fontsize=7,
            color="0.4")
    ax.set_xlabel(xlabel)
    ax.set_ylabel(ylabel)
    return ax


def corpus_label(articles, *, corpus: str) -> str:
    """A short corpus description for figures: path, article count and date range.

    >>> import pandas as pd
    >>> arts = pd.DataFrame({"date": pd.to_datetime(["2021-01-02", "2021-03-04"])})
    >>> corpus_label(arts, corpus="data/sample")
    'data/sample · 2 articles · 2021-01-02 to 2021-03-04'
    """
    text = f"{corpus} · {len(articles):,} articles"
    dates = articles["date"].dropna() if "date" in articles else []
    if len(dates):
        text += f" · {dates.min():%Y-%m-%d} to {dates.max():%Y-%m-%d}"
    return text
