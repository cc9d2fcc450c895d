"""The findings a reader wants first, for a run's front page: how many articles and how their
volume moves, the tone and whether it changed, who is most mentioned and who is rising, which
words rose, who is quoted most. Each finding is a row with its numbers in words and the report
section that shows it; each is computed from the run's articles and its analysed tables.

Dated corpora compare the latest period with the periods before it (the same split as keyness in
notebook 03); mostly undated corpora compare their sections instead (as the notebooks do).
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np
import pandas as pd

from newsframe import schemas
from newsframe.actors import count_mentions, mentions_as_terms
from newsframe.corpus import articles_by_group, is_undated
from newsframe.defaults import NEWS_STOPWORDS, unique_articles
from newsframe.drivers import MIN_MENTIONS, period_drivers, spike
from newsframe.frequency import date_split, keyness, keyness_by_group
from newsframe.frequency.analysis import MIN_WORDS
from newsframe.load import load_summary
from newsframe.periods import PeriodChoice, core_span, period_axis, period_start, resolve_period
from newsframe.quotes import share_of_voice
from newsframe.sentiment import tone_by_group
from newsframe.stats import SIGNIFICANT, bootstrap_difference_ci, bootstrap_mean_ci

FINDING_COLUMNS = schemas.columns("findings")


def findings(
    loaded: pd.DataFrame,
    tables: Mapping[str, pd.DataFrame],
    *,
    period: PeriodChoice = "auto",
    score: str = "polarity",
    unique: bool | str = True,
    top_n: int = 3,
) -> pd.DataFrame:
    """The front page's findings for ``loaded`` (as ``load_articles`` returned it) and its analysed
    ``tables`` (``article_sentiment``, ``mentions``, ``quotes``, ``terms``; see ``store.analyse``).

    Returns the ``findings`` table: ``topic``, ``finding`` (one sentence with its numbers),
    ``notebook`` and ``section`` (where the report shows it), one row per finding, in reading
    order. The articles counted are those ``unique`` says (``defaults.unique_articles``; exact
    repeats left out by default, as in every notebook); metonyms are not mentions (as the
    notebooks' default).

    >>> from newsframe.load import load_articles
    >>> from newsframe.store import analyse
    >>> loaded = load_articles("data/sample")
    >>> table = findings(loaded, analyse(loaded, cache=False, progress=False))
    >>> table["topic"].tolist()[:4]
    ['articles', 'volume', 'busiest period', 'tone']
    """
    articles = unique_articles(loaded, unique=unique)
    ids = set(articles["article_id"].astype(str))
    mine = {name: table.loc[table["article_id"].astype(str).isin(ids)] for name, table in tables.items()}
    mentions = mine["mentions"].loc[lambda m: m["kind"] != "metonym"]
    rows: list[dict | None] = [inputs_finding(loaded, articles)]
    if articles.empty:
        return _table([row for row in rows if row is not None])
    undated = is_undated(articles)
    used = resolve_period(period, articles["date"])
    rows += [volume_finding(articles, period=used, undated=undated)]
    if not undated:
        rows += [spike_finding(articles, mine, period=used)]
    rows += [tone_finding(mine["article_sentiment"], articles, period=used, score=score, undated=undated)]
    rows += [top_actors_finding(mentions, articles, top_n=top_n)]
    if not undated:
        rows += [risers_finding(mentions, articles, period=used, top_n=top_n)]
    rows += [terms_finding(mine["terms"], articles, period=used, undated=undated, top_n=top_n)]
    rows += [speakers_finding(mine["quotes"], mentions, top_n=top_n)]
    return _table([row for row in rows if row is not None])


def inputs_finding(loaded: pd.DataFrame, articles: pd.DataFrame) -> dict:
    """How many articles the run read, and what it left out."""
    counts = load_summary(loaded).set_index("outcome")["count"]
    repeats = articles.attrs.get("duplicates_left_out", 0)
    near = articles.attrs.get("near_duplicates_left_out")
    left_out = (
        f"{repeats:,} exact repeats left out"
        if near is None
        else f"{repeats - near:,} exact repeats and {near:,} near-duplicates left out (one article per story)"
    )
    text = (
        f"{len(articles):,} articles analysed, of {counts['inputs']:,} inputs: {counts['rejected']:,} rejected, "
        f"{counts['outside window']:,} outside the window, {left_out}."
    )
    return _row("articles", text, "01-corpus-overview", "Accounting-for-every-input")


def volume_finding(articles: pd.DataFrame, *, period: str, undated: bool) -> dict:
    """Articles in the latest period against the average period before it; by section when undated."""
    if undated:
        sections = articles_by_group(articles)
        shown = ", ".join(f"{g} {n:,} ({100 * s:.0f}%)" for g, n, s in sections[["group", "articles", "share"]].values)
        text = f"Most articles have no date, so no trend. By section: {shown}."
        return _row("volume", text, "01-corpus-overview", "Sections")
    dates = articles["date"].dropna()
    first, last = core_span(dates)
    core = dates.loc[dates.between(first, last)]
    starts = period_start(core, period=period)  # type: ignore[arg-type]
    full = starts.value_counts().reindex(period_axis(starts, period=period), fill_value=0)  # type: ignore[arg-type]
    latest, before = full.iloc[-1], full.iloc[:-1]
    if before.empty:
        text = f"All {latest:,} dated articles fall in one {period} (from {full.index[-1]:%Y-%m-%d}): no trend."
    else:
        change = f" ({(latest / before.mean() - 1):+.0%})" if before.mean() else ""
        earlier = f"the {period}" if len(before) == 1 else f"the {len(before):,} {period}s"
        text = (
            f"{latest:,} article{'' if latest == 1 else 's'} in the latest {period} (from {full.index[-1]:%Y-%m-%d}), "
            f"against {before.mean():,.1f} per {period} in {earlier} before{change}."
        )
    if len(core) < len(dates):
        far = dates.loc[~dates.index.isin(core.index)]
        text += f" Not counted: {len(far):,} article(s) dated far from the rest ({far.min():%Y-%m-%d}"
        text += f" to {far.max():%Y-%m-%d})." if len(far) > 1 else ")."
    return _row("volume", text, "01-corpus-overview", "Articles-over-time")


def spike_finding(articles: pd.DataFrame, tables: Mapping[str, pd.DataFrame], *, period: str) -> dict | None:
    """The busiest period and what drove it: its key words and actors against the rest of the window."""
    starts = period_start(articles["date"].dropna(), period=period)  # type: ignore[arg-type]
    counts = starts.value_counts().rename_axis("period").reset_index(name="articles")
    busiest = spike(counts, value="articles")
    if busiest is None or len(counts) < 3:
        return None
    found = period_drivers(articles, dict(tables), start=busiest, period=period)  # type: ignore[arg-type]
    parts = [
        f"{label}: {', '.join(found[key]['term'].head(5))}"
        for key, label in (("terms", "key words"), ("actors", "key actors"))
        if len(found[key])
    ]
    n = int(counts.loc[counts["period"] == busiest, "articles"].iloc[0])
    why = "; ".join(parts) if parts else "no word or actor is significantly more frequent in it"
    typical = counts["articles"].median()
    text = f"The busiest {period} began {busiest:%Y-%m-%d} ({n:,} articles, median {typical:,.0f}): {why}."
    return _row("busiest period", text, "03-word-frequency", "Tracked-terms-over-time")


def tone_finding(scores: pd.DataFrame, articles: pd.DataFrame, *, period: str, score: str, undated: bool) -> dict:
    """Mean article tone of the latest period against the periods before, with 95% bootstrap
    intervals and whether the difference is significant; by section when undated."""
    if undated:
        tone = tone_by_group(scores, articles, column=score).dropna(subset=["ci_low"])
        if tone.empty:
            return _row("tone", f"Too few scored articles per section ({score}).", "02-sentiment", None)
        low, high = tone.loc[tone["mean"].idxmin()], tone.loc[tone["mean"].idxmax()]
        text = (
            f"Mean {score} per article: most positive section {high['group']} {_ci(high)}, "
            f"most negative {low['group']} {_ci(low)}."
        )
        return _row("tone", text, "02-sentiment", "How-does-the-tone-differ-between-sections?")
    split = date_split(articles, period=period)  # type: ignore[arg-type]
    side = scores[["article_id", score]].merge(split[["article_id", "split"]], on="article_id").dropna()
    after, before = (side.loc[side["split"] == s, score].to_numpy(float) for s in ("after", "before"))
    section = "How-does-the-tone-move-over-time?"
    if len(after) < 2 or len(before) < 2:
        text = f"Too few scored articles ({score}) to compare the latest {period} with the ones before."
        return _row("tone", text, "02-sentiment", section)
    low, high = bootstrap_difference_ci(after, before)
    verdict = (
        "no significant change (the 95% interval of the difference includes 0)"
        if low <= 0 <= high
        else f"significantly {'higher' if low > 0 else 'lower'} (difference {after.mean() - before.mean():+.3f}, "
        f"95% interval {low:+.3f} to {high:+.3f})"
    )
    text = (
        f"Mean {score} per article in the latest {period} (from {split.attrs['split_at']:%Y-%m-%d}): "
        f"{after.mean():+.2f} {_interval(after)} over {len(after):,} articles, against {before.mean():+.2f} "
        f"{_interval(before)} before: {verdict}."
    )
    return _row("tone", text, "02-sentiment", section)


def top_actors_finding(mentions: pd.DataFrame, articles: pd.DataFrame, *, top_n: int) -> dict:
    """The most mentioned actors, with their mentions and share of articles."""
    counts = count_mentions(mentions, articles)
    counts = counts.loc[counts["type"] != "role"].head(top_n)
    if counts.empty:
        return _row("most mentioned", "No dictionary actor is mentioned.", "04-actor-mentions", "Top-actors")
    shown = "; ".join(
        f"{a} ({m:,} mentions in {p:.0f}% of articles)"
        for a, m, p in counts[["actor", "mentions", "pct_articles"]].values
    )
    return _row("most mentioned", f"{shown}.", "04-actor-mentions", "Top-actors")


def risers_finding(mentions: pd.DataFrame, articles: pd.DataFrame, *, period: str, top_n: int) -> dict:
    """Actors mentioned significantly more in the latest period than before (keyness of actors)."""
    split = date_split(articles, period=period)  # type: ignore[arg-type]
    return _risers(
        mentions_as_terms(mentions),
        split,
        "rising actors",
        "Rising",
        top_n=top_n,
        unit="mentions",
        min_words=MIN_MENTIONS,
        counted="mention",
    )


def terms_finding(terms: pd.DataFrame, articles: pd.DataFrame, *, period: str, undated: bool, top_n: int) -> dict:
    """Words used significantly more in the latest period than before; the most distinctive word of
    each section when undated."""
    words = terms.loc[(terms["n"] == 1) & ~terms["term"].isin(NEWS_STOPWORDS)]
    if undated:
        key = keyness_by_group(words, articles, top_n=1)
        key = key.loc[key["q_value"] < SIGNIFICANT]
        if key.empty:
            text = "No section has a significantly distinctive word."
        else:
            text = (
                "Most distinctive word of each section: "
                + ", ".join(f"{g}: {t}" for g, t in key[["group", "term"]].values)
                + "."
            )
        return _row("distinctive words", text, "03-word-frequency", "What-is-distinctive-about-each-section?")
    split = date_split(articles, period=period)  # type: ignore[arg-type]
    return _risers(words, split, "rising words", "Rising", top_n=top_n, unit="uses")


def speakers_finding(quotes: pd.DataFrame, mentions: pd.DataFrame, *, top_n: int) -> dict:
    """The most quoted dictionary actors, and how many quotations have a speaker at all."""
    voice = share_of_voice(quotes, mentions)
    voice = voice.loc[voice["quotes"] > 0].head(top_n)
    attributed = int(quotes["speaker"].notna().sum()) if "speaker" in quotes else 0
    share = f"{attributed:,} of {len(quotes):,} quotations have a speaker"
    if voice.empty:
        return _row(
            "most quoted", f"No dictionary actor is quoted ({share}).", "04-actor-mentions", "Quotes-and-share-of-voice"
        )
    shown = "; ".join(f"{a} ({q:,} quotations)" for a, q in voice[["actor", "quotes"]].values)
    return _row("most quoted", f"{shown} ({share}).", "04-actor-mentions", "Quotes-and-share-of-voice")


def _risers(
    table: pd.DataFrame,
    split: pd.DataFrame,
    topic: str,
    label: str,
    *,
    top_n: int,
    unit: str,
    min_words: int = MIN_WORDS,
    counted: str = "word",
) -> dict:
    notebook, section = (
        ("04-actor-mentions", "Timelines-of-the-focus-actors")
        if topic == "rising actors"
        else ("03-word-frequency", "What-is-distinctive-about-the-latest-period?")
    )
    when = f"the latest {split.attrs['period']} (from {split.attrs['split_at']:%Y-%m-%d})"
    if set(split["split"].dropna()) != {"after", "before"}:
        return _row(topic, f"{label}: no earlier articles to compare {when} with.", notebook, section)
    key = keyness(table, split, by="split", target="after", min_count=3, min_words=min_words, unit=counted)
    if key.attrs.get("note"):
        return _row(topic, f"{label} in {when}: comparison {key.attrs['note']}.", notebook, section)
    up = key.loc[(key["g2"] > 0) & (key["q_value"] < SIGNIFICANT)].head(top_n)
    if up.empty:
        return _row(topic, f"{label} in {when}: none significantly (q < {SIGNIFICANT}).", notebook, section)
    shown = "; ".join(
        f"{t} ({a:,} {unit}, {b:,} before; q = {q:.1g})"
        for t, a, b, q in up[["term", "count_target", "count_reference", "q_value"]].values
    )
    return _row(topic, f"{label} in {when}: {shown}.", notebook, section)


def _interval(values: np.ndarray) -> str:
    low, high = bootstrap_mean_ci(values)
    return f"[{low:+.2f}, {high:+.2f}]"


def _ci(row: pd.Series) -> str:
    return f"{row['mean']:+.2f} [{row['ci_low']:+.2f}, {row['ci_high']:+.2f}]"


def _row(topic: str, finding: str, notebook: str, section: str | None) -> dict:
    return {"topic": topic, "finding": finding, "notebook": notebook, "section": section}


def _table(rows: list[dict]) -> pd.DataFrame:
    return schemas.conform(pd.DataFrame(rows, columns=FINDING_COLUMNS), "findings")
