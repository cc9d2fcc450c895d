"""Figure conventions shared by every notebook: titles, axis units and the corpus named on each
figure, and the word cloud drawn from a term-frequency table."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pandas as pd

from newsframe.errors import NewsframeError

if TYPE_CHECKING:
    from matplotlib.axes import Axes


def label(ax: Axes, *, title: str, xlabel: str, ylabel: str, corpus: str) -> Axes:
    """Title an axes, name its axes with units, and name the corpus it came from.

    ``corpus`` is printed small under the title (``corpus: data/sample · 310 articles``) so a
    figure copied out of a report still says where its numbers came from.

    >>> import matplotlib.pyplot as plt
    >>> fig, ax = plt.subplots()
    >>> label(ax, title="Articles per month", xlabel="month", ylabel="articles",
    ...       corpus="data/sample").get_title(loc="left")
    'Articles per month'
    """
    ax.set_title(title, loc="left", pad=16)
    # the corpus on its own line between the title and the plot: never cropped, never overlapping
    ax.text(0.0, 1.015, f"corpus: {corpus}", transform=ax.transAxes, ha="left", va="bottom", fontsize=7, color="0.4")
    ax.set_xlabel(xlabel)
    ax.set_ylabel(ylabel)
    return ax


def corpus_label(articles: pd.DataFrame, *, corpus: str) -> str:
    """A short corpus description for figures: path, article count and date range.

    >>> arts = pd.DataFrame({"date": pd.to_datetime(["2021-01-02", "2021-03-04"])})
    >>> corpus_label(arts, corpus="data/sample")
    'data/sample · 2 articles · 2021-01-02 to 2021-03-04'
    """
    text = f"{corpus} · {len(articles):,} articles"
    dates = articles["date"].dropna() if "date" in articles else pd.Series(dtype="datetime64[ns]")
    if len(dates):
        text += f" · {dates.min():%Y-%m-%d} to {dates.max():%Y-%m-%d}"
    return text


def word_cloud(frequencies: pd.DataFrame, *, ax: Axes, max_words: int = 100) -> Axes:
    """Draw a word cloud of a ``term`` / ``count`` table (``term_frequencies``) on ``ax``.

    Needs the optional ``wordcloud`` package (``pip install newsframe[extras]``). Sizes show
    counts only roughly; read the numbers from the bar chart or the table. Also importable from
    ``newsframe.frequency``.

    >>> import matplotlib.pyplot as plt
    >>> fig, ax = plt.subplots()
    >>> word_cloud(pd.DataFrame({"term": [], "count": []}), ax=ax).axison
    False
    """
    try:
        from wordcloud import WordCloud
    except ImportError:
        raise NewsframeError(
            "word clouds need the optional 'wordcloud' package: pip install newsframe[extras]"
        ) from None
    weights = dict(zip(frequencies["term"], frequencies["count"], strict=True))
    if weights:
        cloud = WordCloud(
            width=900, height=450, background_color="white", max_words=max_words, random_state=0
        ).generate_from_frequencies(weights)
        ax.imshow(cloud, interpolation="bilinear")
    ax.set_axis_off()
    return ax
