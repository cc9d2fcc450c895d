"""Figure conventions shared by every notebook: titles, axis units and the corpus named on each
figure, labels placed so that they do not overlap, and the word cloud drawn from a term-frequency table."""

from __future__ import annotations

import math
from collections.abc import Mapping
from typing import TYPE_CHECKING

import pandas as pd

from newsframe.errors import NewsframeError

if TYPE_CHECKING:
    from matplotlib.axes import Axes
    from matplotlib.transforms import Bbox

# Where a label may go around its point, nearest first: (x, y) direction, horizontal and vertical alignment.
_SPOTS = [
    ((1, 0), "left", "center"),
    ((-1, 0), "right", "center"),
    ((0, 1), "center", "bottom"),
    ((0, -1), "center", "top"),
    ((0.7, 0.7), "left", "bottom"),
    ((-0.7, 0.7), "right", "bottom"),
    ((0.7, -0.7), "left", "top"),
    ((-0.7, -0.7), "right", "top"),
]


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


def place_labels(
    ax: Axes,
    points: Mapping[str, tuple[float, float]],
    *,
    radii: Mapping[str, float] | None = None,
    fontsize: float = 8,
    gap: float = 2.0,
) -> list[str]:
    """Label points on ``ax`` so that no label overlaps another label or leaves the axes.

    ``points`` maps each label to its point in data coordinates, most important first (placed
    first); ``radii`` gives each point's marker radius in points (``marker_radius(node_size)``
    for a networkx node). Each label goes on a faint white box next to its point: right, left,
    above, below, the diagonals, then two and three times as far with a thin line to the point,
    at the first place that covers neither another label nor another point; failing that, at the
    first place that covers no other label. A label with no such place is left out; the labels
    left out are returned, so a caption can say so.

    >>> import matplotlib.pyplot as plt
    >>> fig, ax = plt.subplots(figsize=(3, 3))
    >>> _ = ax.scatter([0, 0.3, 1, 0.005], [0, 0, 1, 0.001])
    >>> place_labels(ax, {"China": (0, 0), "Russia": (0.3, 0), "United States": (1, 1), "Iran": (0.005, 0.001)})
    []
    >>> [(t.get_text(), t.get_horizontalalignment()) for t in ax.texts]
    [('China', 'left'), ('Russia', 'left'), ('United States', 'right'), ('Iran', 'left')]
    """
    from matplotlib.transforms import Bbox

    radii = radii or {}
    pixels = ax.figure.dpi / 72  # points to pixels
    ax.autoscale_view()
    discs = {}
    for name, xy in points.items():
        (x, y), r = ax.transData.transform(xy), radii.get(name, 3.0) * pixels
        discs[name] = Bbox.from_bounds(x - r, y - r, 2 * r, 2 * r)
    taken: list[Bbox] = []
    left_out = []
    for name, xy in points.items():
        others = [disc for other, disc in discs.items() if other != name]
        spots = [(reach, spot) for reach in (1, 2, 3) for spot in _SPOTS]
        for obstacles in ([*taken, *others], taken):  # free of points too if possible, else of labels only
            box = None
            for reach, spot in spots:
                box = _try_label(ax, name, xy, reach, spot, radii.get(name, 3.0), fontsize, gap, obstacles)
                if box is not None:
                    break
            if box is not None:
                taken.append(box)
                break
        else:
            left_out.append(name)
    return left_out


def _try_label(
    ax: Axes,
    name: str,
    xy: tuple[float, float],
    reach: int,
    spot: tuple,
    radius: float,
    fontsize: float,
    gap: float,
    obstacles: list[Bbox],
) -> Bbox | None:
    """Draw the label at ``spot``, ``reach`` radii out; keep it and return its box if it is clear, else remove it."""
    from matplotlib.text import Text

    (dx, dy), ha, va = spot
    distance = (radius + gap) * reach
    renderer = ax.figure.canvas.get_renderer()  # type: ignore[attr-defined]
    text = ax.annotate(
        name,
        xy,
        xytext=(dx * distance, dy * distance),
        textcoords="offset points",
        ha=ha,
        va=va,
        fontsize=fontsize,
        zorder=5,
        bbox={"boxstyle": "round,pad=0.15", "facecolor": "white", "edgecolor": "none", "alpha": 0.75},
        arrowprops=None if reach == 1 else {"arrowstyle": "-", "color": "0.4", "linewidth": 0.6},
    )
    text.update_positions(renderer)
    box = Text.get_window_extent(text, renderer).padded(gap * ax.figure.dpi / 72)  # the words, not the line
    frame = ax.get_window_extent(renderer)
    inside = frame.x0 <= box.x0 and box.x1 <= frame.x1 and frame.y0 <= box.y0 and box.y1 <= frame.y1
    if inside and not any(box.overlaps(other) for other in obstacles):
        return box
    text.remove()
    return None


def marker_radius(size: float) -> float:
    """The radius in points of a scatter or networkx marker of area ``size`` (points squared).

    >>> marker_radius(100)
    5.0
    """
    return math.sqrt(size) / 2
