"""The explorer's widgets: a search box, the timeline figure, keyword in context, scored sentences,
the articles with their briefs and a period picker that says what drove a period, for JupyterLab
and Voilà. The corpus is loaded and read from the store once, on open; every action after that is
a query of ``newsframe.explore.search`` over the tables in memory."""

from __future__ import annotations

import base64
import html
import io
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pandas as pd

from newsframe.errors import NewsframeError
from newsframe.explore.corpus import Corpus, open_corpus
from newsframe.explore.figure import timeline_png, timeline_svg
from newsframe.explore.search import (
    articles_of,
    brief,
    drivers,
    kwic_lines,
    no_hits,
    scored_sentences,
    search,
    timeline,
)
from newsframe.tables import show_table

HINT = "a word, a phrase (oil price*: * matches any ending) or an actor (European Union, OPEC)"
PERIOD_NAMES = {"day": "day", "week": "week", "month": "month", "quarter": "quarter", "year": "year"}
CSS = """<style>
.nf-explorer { font-family: system-ui, sans-serif; }
.nf-explorer .widget-html-content { line-height: 1.4; }
.nf-explorer h3 { margin: 14px 0 4px; font-size: 15px; }
.nf-kwic table { border-collapse: collapse; font-size: 13px; width: 100%; }
.nf-kwic td { padding: 1px 6px; border-bottom: 1px solid #eee; white-space: nowrap; line-height: 1.3; }
.nf-kwic td.nf-left { text-align: right; color: #444; max-width: 420px; overflow: hidden; direction: rtl; }
.nf-kwic td.nf-match { font-weight: 600; color: #1f4e99; text-align: center; }
.nf-kwic td.nf-right { color: #444; max-width: 420px; overflow: hidden; }
.nf-kwic td.nf-meta { color: #777; font-size: 12px; max-width: 260px; overflow: hidden; text-overflow: ellipsis; }
.nf-brief p { margin: 3px 0; padding: 1px 4px; } .nf-brief .nf-hit { background: #fff3c4; }
.nf-note { color: #666; font-size: 12px; }
</style>"""


def _widgets() -> Any:
    import ipywidgets  # imported when an explorer opens: not needed by the query layer

    return ipywidgets


class Explorer:
    """Search a corpus for a term, phrase or actor and see, at once: its timeline (share of articles
    and tone, with 95% intervals), keyword-in-context lines, the sentences with their scores and
    the words behind them, the articles (each opening its brief), and what drove a chosen period.

    ``corpus`` is a corpus path (loaded with ``load_articles``, exact repeats left out, its tables
    read from the store, filled first if need be) or a ready ``Corpus``. ``query`` runs a first
    search. Display the explorer (last in a cell) in JupyterLab, or serve it with
    ``newsframe explore --corpus DIR``.

    >>> from newsframe.explore.example import tiny
    >>> explorer = Explorer(tiny(), name="tiny", query="NATO")
    >>> explorer.hits["article_id"].nunique(), explorer.period.value
    (2, Timestamp('2021-01-01 00:00:00'))
    """

    def __init__(
        self,
        corpus: str | Path | Corpus,
        *,
        query: str | None = None,
        name: str | None = None,
        since: str | None = None,
        until: str | None = None,
        actors: str | None = None,
        score: str = "polarity",
        cache: bool = True,
        progress: bool | None = False,
    ) -> None:
        if not isinstance(corpus, Corpus):
            name = name or str(corpus)
            corpus = open_corpus(corpus, since=since, until=until, actors=actors, cache=cache, progress=progress)
        self.corpus = corpus
        self.score = score
        self.name = name or "corpus"
        self.hits = no_hits()
        self.line = timeline(corpus, self.hits)
        self.timings: dict[str, float] = {}
        self._drivers: dict[tuple[str, str, pd.Timestamp], dict] = {}
        self._muted = False
        self._build()
        _warm()
        query = query or self._first_query()
        if query:
            self.search(query)

    # ---- actions: each returns the seconds it took -------------------------------------------------

    def search(self, query: str, *, kind: str | None = None) -> float:
        """Search ``query`` and fill every panel, then show what drove the period with most hits;
        the seconds the search took (``timings["search"]``; the period's: ``timings["period"]``)."""
        started = time.perf_counter()
        with self._quiet():
            self.box.value = query
            if kind is not None:
                self.kind.value = kind
        try:
            self.hits = search(self.corpus, query, kind=self.kind.value)
        except NewsframeError as error:
            self.status.value = f"<b>Cannot search:</b> {html.escape(str(error))}"
            return time.perf_counter() - started
        self.line = timeline(self.corpus, self.hits, score=self.score)
        self._show_timeline()
        self._show_kwic()
        self._show_sentences()
        self._show_articles()
        seconds = time.perf_counter() - started
        self.timings["search"] = seconds
        period = self._fill_periods()
        found = self.hits["article_id"].nunique()
        what = "actor" if self.hits.attrs.get("kind") == "actor" else "words"
        self.status.value = (
            f"<b>{html.escape(str(self.hits.attrs.get('query', query)))}</b> ({what}): {len(self.hits):,} hits in "
            f"{found:,} of {len(self.corpus.articles):,} articles · answered in {seconds:.2f} s"
            + (f" (what drove the busiest period: {period:.2f} s)" if period is not None else "")
        )
        return seconds

    def pick_period(self, start: pd.Timestamp | str) -> float:
        """Show what drove the period that begins on ``start``; the seconds it took."""
        started = time.perf_counter()
        start = pd.Timestamp(start)
        key = (str(self.hits.attrs.get("kind")), str(self.hits.attrs.get("query")), start)
        if key not in self._drivers:
            try:
                self._drivers[key] = drivers(self.corpus, start, hits=self.hits, score=self.score)
            except NewsframeError as error:
                self.drivers.value = f"<p class='nf-note'>{html.escape(str(error))}</p>"
                return time.perf_counter() - started
        found = self._drivers[key]
        inside = self.hits.loc[_period_of(self.hits["date"], self.corpus.unit) == start]
        parts = [
            f"<p class='nf-note'>{self._period_label(start)}: {len(inside):,} hits of the search in "
            f"{inside['article_id'].nunique():,} articles. Among the articles of the search: the words and actors "
            "key in this period against the other periods (G², q corrected for the number tested), and its most "
            "negative and positive articles.</p>"
        ]
        for name, caption, columns in (
            ("terms", "Key words", ["term", "count_target", "log_ratio", "q_value"]),
            ("actors", "Key actors", ["term", "count_target", "log_ratio", "q_value"]),
            ("articles", "Extreme articles", ["date", "title", self.score]),
        ):
            table = found[name]
            note = table.attrs.get("note")
            if table.empty and note:
                parts.append(f"<p class='nf-note'>{caption}: {html.escape(str(note))}</p>")
                continue
            shown = table[[c for c in columns if c in table]]
            parts.append(show_table(shown, caption=caption, max_rows=8).to_html())
        self.drivers.value = "".join(parts)
        seconds = time.perf_counter() - started
        self.timings["period"] = seconds
        return seconds

    def open_article(self, article_id: str) -> float:
        """Show the brief of one article; the seconds it took."""
        started = time.perf_counter()
        one = brief(self.corpus, article_id, hits=self.hits)
        row = one["article"].iloc[0]
        date = "" if pd.isna(row["date"]) else f"{row['date']:%Y-%m-%d} · "
        lines = [
            f"<h4>{html.escape(str(row['title']))}</h4>",
            f"<p class='nf-note'>{date}{html.escape(str(row.get('source', '')))} · "
            f"{int(row.get('n_words', 0) or 0):,} words · polarity {row['polarity']:+.2f} · "
            f"VADER {row['vader_compound']:+.2f}</p>",
        ]
        actors = ", ".join(f"{html.escape(str(a))} ({n})" for a, n in one["actors"][["actor", "mentions"]].values)
        lines.append(f"<p class='nf-note'>Actors: {actors or 'none found'}</p>")
        for sentence in one["sentences"].itertuples(index=False):
            mark = " class='nf-hit'" if sentence.hit else ""
            score = "" if pd.isna(sentence.polarity) else f" <span class='nf-note'>({sentence.polarity:+.2f})</span>"
            lines.append(f"<p{mark}>{html.escape(str(sentence.text))}{score}</p>")
        self.brief.value = "".join(lines)
        seconds = time.perf_counter() - started
        self.timings["article"] = seconds
        return seconds

    # ---- the panels ------------------------------------------------------------------------------

    def _build(self) -> None:
        w = _widgets()
        self.box = w.Text(placeholder=HINT, description="Search", continuous_update=False)
        self.box.layout = w.Layout(width="560px")
        self.box.add_class("nf-search")
        self.kind = w.ToggleButtons(
            options=["auto", "words", "actor"],
            value="auto",
            tooltips=[
                "an actor when the text names one, else words",
                "words or a phrase",
                "an actor of the dictionary",
            ],
        )
        self.kind.style.button_width = "70px"
        self.go = w.Button(description="Search", button_style="primary")
        self.status = w.HTML(f"<span class='nf-note'>Type {html.escape(HINT)} and press Enter.</span>")
        self.status.add_class("nf-status")
        self.figure = w.HTML()
        self.figure.add_class("nf-timeline")
        self.period = w.Dropdown(description="Period", options=[], layout=w.Layout(width="320px"))
        self.drivers = w.HTML()
        self.kwic = w.HTML()
        self.kwic.add_class("nf-kwic")
        self.sentences = w.HTML()
        self.articles = w.Select(options=[], rows=12, layout=w.Layout(width="520px"))
        self.brief = w.HTML(layout=w.Layout(width="640px"))
        self.brief.add_class("nf-brief")
        self.box.observe(lambda change: self._on("search", change["new"]), "value")
        self.go.on_click(lambda _: self._on("search", self.box.value))
        self.period.observe(lambda change: self._on("period", change["new"]), "value")
        self.articles.observe(lambda change: self._on("article", change["new"]), "value")
        heading: Callable[[str, str], Any] = lambda title, note: w.HTML(  # noqa: E731
            f"<h3>{html.escape(title)}</h3><span class='nf-note'>{html.escape(note)}</span>"
        )
        dates = self.corpus.articles["date"].dropna()
        span = f" · {dates.min():%Y-%m-%d} to {dates.max():%Y-%m-%d}" if len(dates) else " · undated"
        self.header = w.HTML(
            CSS + f"<b>newsframe explorer</b> <span class='nf-note'>corpus: {html.escape(self.name)} · "
            f"{len(self.corpus.articles):,} articles{span} · periods: {self.corpus.unit}</span>"
            + (
                ""
                if len(self.corpus.articles)
                else "<p><b>No articles</b> to search: check the corpus path and the since / until window.</p>"
            )
        )
        self.widget = w.VBox(
            [
                self.header,
                w.HBox([self.box, self.kind, self.go]),
                self.status,
                w.HBox(
                    [
                        w.VBox(
                            [heading("Timeline", "share of articles and tone of the sentences"), self.figure],
                            layout=w.Layout(width="52%", min_width="480px"),
                        ),
                        w.VBox(
                            [heading("What drove this?", "pick a period"), self.period, self.drivers],
                            layout=w.Layout(width="48%", padding="0 0 0 12px"),
                        ),
                    ]
                ),
                heading("Keyword in context", "the first 200 hits, in corpus order"),
                self.kwic,
                heading("Sentences", "the most strongly scored first; words: what TextBlob scored, with its polarity"),
                self.sentences,
                heading("Articles", "most hits first: pick one to read its brief"),
                w.HBox([self.articles, self.brief]),
            ]
        )
        self.widget.add_class("nf-explorer")

    def _on(self, action: str, value: Any) -> None:
        if self._muted or value is None or (isinstance(value, str) and not value.strip()):
            return
        actions: dict[str, Callable[[Any], float]] = {
            "search": self.search,
            "period": self.pick_period,
            "article": self.open_article,
        }
        actions[action](value)

    def _show_timeline(self) -> None:
        self.figure.value = timeline_svg(
            self.line, query=self._query(), corpus=self.name, unit=self.corpus.unit, score=self.score
        )

    def _query(self) -> str:
        return str(self.hits.attrs.get("query", ""))

    def _show_kwic(self) -> None:
        lines = kwic_lines(self.hits)
        rows = [
            "<tr><td class='nf-meta'>{}</td><td class='nf-left'><bdi>{}</bdi></td><td class='nf-match'>{}</td>"
            "<td class='nf-right'>{}</td><td class='nf-meta' title='{}'>{}</td></tr>".format(
                "" if pd.isna(line.date) else f"{line.date:%Y-%m-%d}",
                html.escape(str(line.left)),
                html.escape(str(line.match)),
                html.escape(str(line.right)),
                html.escape(str(line.title), quote=True),
                html.escape(str(line.title)),
            )
            for line in lines.itertuples(index=False)
        ]
        self.kwic.value = (
            f"<table>{''.join(rows)}</table>" if rows else "<p class='nf-note'>No hits: nothing to show.</p>"
        )

    def _show_sentences(self) -> None:
        found = scored_sentences(self.corpus, self.hits, score=self.score, limit=15)
        shown = found[["date", "text", "polarity", "vader_compound", "words"]]
        self.sentences.value = show_table(
            shown, columns={"text": "Sentence", "words": "Words behind the score"}
        ).to_html()

    def _show_articles(self) -> None:
        found = articles_of(self.corpus, self.hits, score=self.score).head(200)
        options = [
            (f"{'' if pd.isna(r.date) else f'{r.date:%Y-%m-%d} · '}{r.title} ({r.hits} hits)", r.article_id)
            for r in found.itertuples(index=False)
        ]
        with self._quiet():
            self.articles.options = options
        self.brief.value = ""
        if options:
            self.open_article(options[0][1])
            with self._quiet():
                self.articles.value = options[0][1]

    def _fill_periods(self) -> float | None:
        """Offer the periods with hits and show what drove the busiest; the seconds that took."""
        line = self.line.loc[self.line["mentioning"] > 0]
        with self._quiet():
            self.period.options = [(self._period_label(p), p) for p in line["period"]]
            if line.empty:
                self.drivers.value = "<p class='nf-note'>No dated article holds the search.</p>"
                return None
            busiest = line.loc[line["mentioning"].idxmax(), "period"]
            self.period.value = busiest
        return self.pick_period(busiest)

    @contextmanager
    def _quiet(self) -> Iterator[None]:
        """Set widget values without their observers running a search or a period again."""
        muted, self._muted = self._muted, True
        try:
            yield
        finally:
            self._muted = muted

    def _period_label(self, start: pd.Timestamp) -> str:
        unit = self.corpus.unit
        if unit == "week":
            return f"week of {start:%Y-%m-%d}"
        if unit == "month":
            return f"{start:%B %Y}"
        if unit == "quarter":
            return f"{start.year} Q{start.quarter}"
        if unit == "year":
            return f"{start.year}"
        return f"{start:%Y-%m-%d}"

    def _first_query(self) -> str | None:
        """The most mentioned actor: what the explorer shows before a search is typed (None: no actors)."""
        actors = self.corpus.mentions["actor"].dropna()
        return str(actors.value_counts().index[0]) if len(actors) else None

    def snapshot(self) -> str:
        """The panels as they are now, as one HTML page fragment (every value escaped): what a
        notebook shows where widgets cannot run (a static rendering, a Papermill run)."""
        png = self._png()
        figure = f"<img alt='timeline' src='data:image/png;base64,{png}'>" if png else ""
        panels = [self.header.value, f"<p>{self.status.value}</p>", figure, self.drivers.value, self.kwic.value]
        return (
            "<div class='nf-explorer nf-snapshot'>"
            + "".join([*panels, self.sentences.value, self.brief.value])
            + "</div>"
        )

    def _repr_mimebundle_(self, include: Any = None, exclude: Any = None) -> dict[str, Any]:
        # the live widget where a widget manager runs (JupyterLab, Voilà); the panels as they are elsewhere
        bundle = dict(self.widget._repr_mimebundle_(include=include, exclude=exclude) or {})
        bundle["text/html"] = self.snapshot()
        png = self._png()
        if png:
            bundle["image/png"] = png
        return bundle

    def _png(self) -> str:
        """The timeline as base64 PNG (matplotlib), for the static snapshot; "" before a search."""
        if "query" not in self.hits.attrs:
            return ""
        figure = timeline_png(self.line, query=self._query(), corpus=self.name, unit=self.corpus.unit, score=self.score)
        return base64.b64encode(figure).decode()


def _warm() -> None:
    """Load what the first search would otherwise load (TextBlob's lexicon, matplotlib), so that
    its time is the search's own."""
    from matplotlib.figure import Figure

    from newsframe.sentiment import evidence

    evidence(pd.DataFrame({"article_id": ["x"], "text": ["a good start"]}))
    Figure().savefig(io.BytesIO(), format="png")


def _period_of(dates: pd.Series, unit: str) -> pd.Series:
    from newsframe.periods import period_start

    known = pd.to_datetime(dates)
    return period_start(known, period=unit).where(known.notna(), pd.NaT) if len(known) else known  # type: ignore[arg-type]
