"""The explorer's timeline: drawn as SVG text for the live explorer (two panels, share of articles
and tone, with their 95% intervals, titled, labelled with units and the corpus, built in
milliseconds where a matplotlib figure takes a large part of a second), and as a matplotlib PNG
for the static snapshot shown where widgets cannot run."""

from __future__ import annotations

import html
import io
import math

import numpy as np
import pandas as pd

WIDTH, PANEL, TOP, LEFT, RIGHT = 660, 150, 52, 62, 14
BLUE, ORANGE, GREY = "#1f77b4", "#ff7f0e", "#999"


def timeline_svg(line: pd.DataFrame, *, query: str, corpus: str, unit: str, score: str) -> str:
    """The timeline of a search (``explore.timeline``) as an SVG element; every text escaped.

    >>> line = pd.DataFrame({"period": pd.to_datetime(["2021-01-01", "2021-02-01"]), "share": [0.5, 1.0],
    ...     "share_low": [0.1, 0.2], "share_high": [0.9, 1.0], "tone": [0.7, 0.0], "tone_low": [None, None],
    ...     "tone_high": [None, None]})
    >>> svg = timeline_svg(line, query="<NATO>", corpus="tiny", unit="month", score="polarity")
    >>> svg.startswith("<svg") and "&lt;NATO&gt;" in svg and "corpus: tiny" in svg
    True
    """
    height = 2 * (TOP + PANEL) + 8 + 33
    parts = [
        f"<svg xmlns='http://www.w3.org/2000/svg' class='nf-timeline-svg' width='{WIDTH}' height='{height}' "
        f"viewBox='0 0 {WIDTH} {height}' font-family='DejaVu Sans, sans-serif' font-size='11'>",
        "<rect width='100%' height='100%' fill='white'/>",
    ]
    if line.empty:
        parts.append(
            f"<text x='{WIDTH / 2}' y='{height / 2}' text-anchor='middle'>No dated articles: no timeline</text>"
        )
        return "".join(parts) + "</svg>"
    n = len(line)
    x = LEFT + (np.arange(n) + 0.5) * (WIDTH - LEFT - RIGHT) / n
    panels = [
        (
            f"Articles mentioning “{query}” per {unit}",
            "share of articles (%)",
            100 * line["share"],
            100 * line["share_low"],
            100 * line["share_high"],
            BLUE,
            "share, with 95% interval (Wilson)",
            True,
        ),
        (
            f"Tone of the sentences mentioning “{query}”",
            f"mean {score} (-1 to +1)",
            line["tone"],
            line["tone_low"],
            line["tone_high"],
            ORANGE,
            "mean, with 95% interval (bootstrap over articles)",
            False,
        ),
    ]
    for index, (title, ylabel, values, low, high, colour, legend, from_zero) in enumerate(panels):
        top = TOP + index * (PANEL + TOP + 8)
        bottom = top + PANEL
        known = pd.concat([values, low, high]).dropna()
        lo = 0.0 if from_zero else float(min(known.min(), 0)) if len(known) else -1.0
        hi = float(known.max()) if len(known) else 1.0
        lo, hi, step = _nice(lo, hi if hi > lo else lo + 1)

        def y(v: float, lo: float = lo, hi: float = hi, top: int = top) -> float:
            return top + PANEL * (1 - (v - lo) / (hi - lo))

        parts.append(f"<text x='{LEFT - 50}' y='{top - 28}' font-size='13'>{html.escape(title)}</text>")
        parts.append(
            f"<text x='{LEFT - 50}' y='{top - 14}' font-size='9' fill='#666'>corpus: {html.escape(corpus)}</text>"
        )
        parts.append(
            f"<text transform='translate(14,{top + PANEL / 2}) rotate(-90)' text-anchor='middle'>"
            f"{html.escape(ylabel)}</text>"
        )
        tick = lo
        while tick <= hi + step / 2:
            parts.append(
                f"<line x1='{LEFT}' x2='{WIDTH - RIGHT}' y1='{y(tick):.1f}' y2='{y(tick):.1f}' stroke='#eee'/>"
                f"<text x='{LEFT - 4}' y='{y(tick) + 4:.1f}' text-anchor='end'>{tick:g}</text>"
            )
            tick += step
        if not from_zero and lo < 0 < hi:
            parts.append(f"<line x1='{LEFT}' x2='{WIDTH - RIGHT}' y1='{y(0):.1f}' y2='{y(0):.1f}' stroke='{GREY}'/>")
        for i in range(n):  # the interval of each period, as a bar
            if pd.notna(low.iloc[i]) and pd.notna(high.iloc[i]):
                parts.append(
                    f"<line x1='{x[i]:.1f}' x2='{x[i]:.1f}' y1='{y(low.iloc[i]):.1f}' y2='{y(high.iloc[i]):.1f}' "
                    f"stroke='{colour}' stroke-opacity='0.35' stroke-width='5'/>"
                )
        for run in _runs(values):
            points = " ".join(f"{x[i]:.1f},{y(values.iloc[i]):.1f}" for i in run)
            parts.append(f"<polyline points='{points}' fill='none' stroke='{colour}' stroke-width='1.5'/>")
        for i in np.flatnonzero(values.notna().to_numpy()).tolist():
            parts.append(f"<circle cx='{x[i]:.1f}' cy='{y(values.iloc[i]):.1f}' r='2.5' fill='{colour}'/>")
        parts.append(
            f"<rect x='{LEFT}' y='{top}' width='{WIDTH - LEFT - RIGHT}' height='{PANEL}' fill='none' stroke='#444'/>"
            f"<text x='{WIDTH - RIGHT - 4}' y='{top + 12}' text-anchor='end' font-size='9' fill='{colour}'>"
            f"{html.escape(legend)}</text>"
        )
        every = max(1, math.ceil(n / 7))
        for i in range(0, n, every) if index == 1 else ():  # dates under the lower panel only
            parts.append(
                f"<text x='{x[i]:.1f}' y='{bottom + 13}' text-anchor='middle' font-size='10'>"
                f"{html.escape(_label(line['period'].iloc[i], unit))}</text>"
            )
    parts.append(
        f"<text x='{LEFT + (WIDTH - LEFT - RIGHT) / 2}' y='{height - 4}' text-anchor='middle'>"
        f"{html.escape(unit)} (first day)</text>"
    )
    return "".join(parts) + "</svg>"


def _nice(lo: float, hi: float) -> tuple[float, float, float]:
    """Axis limits widened to round ticks, about four of them: ``(low, high, step)``.

    >>> _nice(0, 7.3)
    (0.0, 8.0, 2.0)
    """
    raw = (hi - lo) / 4
    magnitude = 10 ** math.floor(math.log10(raw))
    step = next(m * magnitude for m in (1, 2, 2.5, 5, 10) if m * magnitude >= raw)
    return float(math.floor(lo / step) * step), float(math.ceil(hi / step) * step), float(step)


def _runs(values: pd.Series) -> list[list[int]]:
    """Positions of consecutive known values: the line breaks at empty periods."""
    runs: list[list[int]] = []
    for i, known in enumerate(values.notna()):
        if known and runs and runs[-1][-1] == i - 1:
            runs[-1].append(i)
        elif known:
            runs.append([i])
    return runs


def _label(start: pd.Timestamp, unit: str) -> str:
    return {"year": f"{start:%Y}", "quarter": f"{start.year} Q{start.quarter}", "month": f"{start:%Y-%m}"}.get(
        unit, f"{start:%Y-%m-%d}"
    )


def timeline_png(line: pd.DataFrame, *, query: str, corpus: str, unit: str, score: str) -> bytes:
    """The timeline of a search as PNG bytes: the share of articles that mention it per period and the
    mean score of its sentences, each with its 95% interval.

    >>> from newsframe.explore import search, timeline
    >>> from newsframe.explore.example import tiny
    >>> corpus = tiny()
    >>> line = timeline(corpus, search(corpus, "oil"))
    >>> timeline_png(line, query="oil", corpus="tiny", unit="month", score="polarity")[:4]
    b'\\x89PNG'
    """
    from matplotlib.figure import Figure

    from newsframe.plotting import label

    # Fixed margins and periods drawn at whole-number positions with a few date labels: a date axis
    # and constrained layout would take most of the search's time.
    figure = Figure(figsize=(7.2, 4.8), dpi=90)
    figure.subplots_adjust(left=0.11, right=0.98, top=0.9, bottom=0.1, hspace=0.55)
    share, tone = figure.subplots(2, 1, sharex=True)
    if line.empty:
        share.text(0.5, 0.5, "No dated articles: no timeline", ha="center", va="center", transform=share.transAxes)
    else:
        x = np.arange(len(line))
        share.fill_between(x, 100 * line["share_low"], 100 * line["share_high"], color="tab:blue", alpha=0.2,
                           label="95% interval (Wilson)")  # fmt: skip
        share.plot(x, 100 * line["share"], marker="o", markersize=3, color="tab:blue", label="share")
        share.set_ylim(bottom=0)
        tone.fill_between(x, line["tone_low"], line["tone_high"], color="tab:orange", alpha=0.25,
                          label="95% interval (bootstrap over articles)")  # fmt: skip
        tone.plot(x, line["tone"], marker="o", markersize=3, color="tab:orange", label="mean")
        tone.axhline(0, color="0.6", linewidth=0.8)
        share.legend(loc="upper right", fontsize=7, frameon=False)
        tone.legend(loc="upper right", fontsize=7, frameon=False)
        ticks = x[:: max(1, int(np.ceil(len(x) / 7)))]
        tone.set_xticks(ticks, [_label(line["period"].iloc[i], unit) for i in ticks], fontsize=8)
        tone.set_xlim(-0.5, len(x) - 0.5)
    label(share, title=f"Articles mentioning “{query}” per {unit}", xlabel="", ylabel="share of articles (%)",
          corpus=corpus)  # fmt: skip
    label(tone, title=f"Tone of the sentences mentioning “{query}”", xlabel=f"{unit} (first day)",
          ylabel=f"mean {score} (-1 to +1)", corpus=corpus)  # fmt: skip
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png")
    return buffer.getvalue()
