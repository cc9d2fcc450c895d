"""What changed since the previous run over the same corpus: a small summary kept in each run's
``run.json`` (actor mentions, word counts, tone, story clusters), and its comparison with the
previous run's, as front-page findings (new actors, actors and words up or down, a tone shift
beyond the intervals, new stories)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import numpy as np
import pandas as pd

from newsframe import schemas
from newsframe.defaults import NEWS_STOPWORDS, unique_articles
from newsframe.stats import SIGNIFICANT, bootstrap_mean_ci, chi2_sf_1df, fdr_bh, g2_2x2
from newsframe.stories import story_sizes

SUMMARY_WORDS = 2_000  # most frequent words kept in a run's summary
SUMMARY_STORIES = 1_000  # largest stories (of two articles or more) kept in a run's summary
TITLE_CHARS = 100  # a story's title is kept up to this many characters
MIN_COUNT = 3  # fewest mentions (uses) for an actor (word) to count as new, up or down


def run_summary(
    loaded: pd.DataFrame,
    tables: Mapping[str, pd.DataFrame],
    *,
    score: str = "polarity",
    unique: bool | str = True,
) -> dict:
    """The summary a run keeps for the next one to compare with: ``articles``, ``actors``
    (mentions per actor, metonyms left out), ``words`` (the ``SUMMARY_WORDS`` most frequent words,
    stopwords left out), ``tone`` (``score``: mean per article, 95% bootstrap interval, ``n``), the
    articles counted as ``unique`` says (see ``defaults.unique_articles``). When ``loaded`` has
    story columns (``stories.add_stories``), also ``stories``: the ``SUMMARY_STORIES`` largest
    stories of two articles or more, ``{story_id: [articles, title, first date]}``, and
    ``stories_min``, the fewest articles a kept story has (2 unless some were left out).
    Plain numbers and strings, for ``run.json``.

    >>> arts = pd.DataFrame({"article_id": ["a", "b"]})
    >>> tables = {"mentions": pd.DataFrame({"article_id": ["a", "b"], "actor": ["Xi", "Xi"], "kind": "name"}),
    ...           "terms": pd.DataFrame({"article_id": ["a"], "term": ["oil"], "n": [1], "count": [3]}),
    ...           "article_sentiment": pd.DataFrame({"article_id": ["a", "b"], "polarity": [0.1, 0.3]})}
    >>> summary = run_summary(arts, tables)
    >>> summary["actors"], summary["words"], summary["tone"]["mean"]
    ({'Xi': 2}, {'oil': 3}, 0.2)
    >>> run_summary(arts.assign(story_id="a", title="Xi visits"), tables)["stories"]
    {'a': [2, 'Xi visits', None]}
    """
    articles = unique_articles(loaded, unique=unique)
    ids = set(articles["article_id"].astype(str))
    mine = {name: table.loc[table["article_id"].astype(str).isin(ids)] for name, table in tables.items()}
    mentions = mine["mentions"].loc[lambda m: m["kind"] != "metonym"]
    words = mine["terms"].loc[(mine["terms"]["n"] == 1) & ~mine["terms"]["term"].isin(NEWS_STOPWORDS)]
    word_counts = words.groupby("term", observed=True)["count"].sum().sort_values(ascending=False, kind="stable")
    scores = mine["article_sentiment"][score].dropna().to_numpy(float)
    low, high = bootstrap_mean_ci(scores)
    summary = {
        "articles": len(articles),
        "actors": {str(k): int(v) for k, v in mentions["actor"].value_counts().items()},
        "words": {str(k): int(v) for k, v in word_counts.head(SUMMARY_WORDS).items()},
        "tone": {
            "score": score,
            "mean": round(float(scores.mean()), 6) if len(scores) else None,
            "ci_low": None if np.isnan(low) else round(low, 6),
            "ci_high": None if np.isnan(high) else round(high, 6),
            "n": len(scores),
        },
    }
    return summary | (_stories_summary(loaded) if "story_id" in loaded else {})


def _stories_summary(loaded: pd.DataFrame) -> dict:
    """The ``stories`` and ``stories_min`` of a run summary."""
    sizes = story_sizes(loaded)
    kept = sizes.head(SUMMARY_STORIES)
    stories = {
        str(story): [int(n), None if pd.isna(title) else str(title)[:TITLE_CHARS], _day(first)]
        for story, n, title, first in kept[["story_id", "articles", "title", "first_date"]].values
    }
    least = int(kept["articles"].min()) if len(kept) < len(sizes) else 2
    return {"stories": stories, "stories_min": least}


def _day(value: object) -> str | None:
    return None if pd.isna(value) else f"{pd.Timestamp(value):%Y-%m-%d}"


def previous_run(runs: Sequence[Mapping], current: Mapping) -> Mapping | None:
    """The newest earlier run of ``runs`` (as ``read_runs`` gives them) over the same corpus, whose
    status is ok and which kept a summary.

    >>> runs = [{"run_id": "3", "status": "ok", "corpus": {"path": "c"}, "summary": {"articles": 9}},
    ...         {"run_id": "2", "status": "failed", "corpus": {"path": "c"}, "summary": {"articles": 8}},
    ...         {"run_id": "1", "status": "ok", "corpus": {"path": "c"}, "summary": {"articles": 7}}]
    >>> previous_run(runs, {"run_id": "3", "corpus": {"path": "c"}})["run_id"]
    '1'
    """
    path = (current.get("corpus") or {}).get("path")
    for run in runs:
        same = isinstance(run.get("corpus"), Mapping) and run["corpus"].get("path") == path
        if str(run.get("run_id")) < str(current.get("run_id")) and same and run.get("status") == "ok":
            if isinstance(run.get("summary"), Mapping) and run["summary"]:
                return run
    return None


def changes(current: Mapping, previous: Mapping, *, previous_id: str = "", top_n: int = 3) -> pd.DataFrame:
    """Front-page findings (the ``findings`` table) saying what changed between two run summaries:
    actors new since the previous run (mentioned ``MIN_COUNT`` times or more), actors and words
    whose share of mentions (of words) rose or fell significantly (G², Benjamini–Hochberg
    q < 0.05), and the tone when the two 95% intervals do not overlap. Nothing but "no
    significant change" when nothing moved.

    >>> before = {"articles": 50, "actors": {"Xi": 50, "Putin": 50}, "words": {"oil": 500, "gas": 500},
    ...           "tone": {"score": "polarity", "mean": 0.1, "ci_low": 0.05, "ci_high": 0.15, "n": 50}}
    >>> now = {"articles": 50, "actors": {"Xi": 10, "Putin": 90, "Biden": 30}, "words": {"oil": 500, "gas": 500},
    ...        "tone": {"score": "polarity", "mean": 0.12, "ci_low": 0.07, "ci_high": 0.17, "n": 50}}
    >>> changes(now, before)["topic"].tolist()
    ['new actors', 'actors up', 'actors down']
    """
    since = f"since the previous run{f' ({previous_id})' if previous_id else ''}"
    rows = []
    new = [a for a, n in current["actors"].items() if a not in previous["actors"] and n >= MIN_COUNT][:top_n]
    if new:
        shown = "; ".join(f"{a} ({current['actors'][a]:,} mentions)" for a in new)
        rows.append(_row("new actors", f"Mentioned now, not at all {since}: {shown}."))
    for topic, table, unit in (("actors", "actors", "mentions"), ("words", "words", "uses")):
        moved = _moved(current[table], previous[table])
        if topic == "actors":  # an actor absent before is listed as new
            moved = moved.loc[moved["before"] > 0]
        for direction, side in (("up", moved["g2"] > 0), ("down", moved["g2"] < 0)):
            shown = moved.loc[side].head(top_n)
            if len(shown):
                text = "; ".join(
                    f"{k} ({a:,} {unit}, {b:,} before)" for k, a, b in shown[["key", "now", "before"]].values
                )
                word = "more" if direction == "up" else "less"
                rows.append(_row(f"{topic} {direction}", f"Significantly {word} often {since}: {text}."))
    now, before = current.get("tone") or {}, previous.get("tone") or {}
    bounds = [now.get("ci_low"), now.get("ci_high"), before.get("ci_low"), before.get("ci_high")]
    if now.get("score") == before.get("score") and None not in bounds:
        if now["ci_low"] > before["ci_high"] or now["ci_high"] < before["ci_low"]:
            way = "up" if now["mean"] > before["mean"] else "down"
            rows.append(
                _row(
                    "tone shift",
                    f"Mean {now['score']} per article went {way} {since}: {now['mean']:+.2f} "
                    f"[{now['ci_low']:+.2f}, {now['ci_high']:+.2f}] against {before['mean']:+.2f} "
                    f"[{before['ci_low']:+.2f}, {before['ci_high']:+.2f}] (95% intervals apart).",
                )
            )
    rows += _new_stories(current, previous, since=since, top_n=top_n)
    if not rows:
        compared = (
            "actors, words, tone and stories" if _both_have_stories(current, previous) else "actors, words and tone"
        )
        rows.append(_row("changes", f"No significant change {since}: same {compared}."))
    return schemas.conform(pd.DataFrame(rows, columns=schemas.columns("findings")), "findings")


def _new_stories(current: Mapping, previous: Mapping, *, since: str, top_n: int) -> list[dict]:
    """The front-page row naming stories the previous run did not have (none when either run kept
    no stories). A story is known by its first article; when the previous run kept only its
    largest stories, only stories at least as large as its smallest kept one are compared."""
    if not _both_have_stories(current, previous):
        return []
    least = int(previous.get("stories_min") or 2)
    new = [(k, v) for k, v in current["stories"].items() if k not in previous["stories"] and v[0] >= least]
    if not new:
        return []
    shown = "; ".join(
        f"“{title or 'untitled'}” ({n:,} articles{f', from {first}' if first else ''})"
        for _, (n, title, first) in new[:top_n]
    )
    count = f"{len(new):,} stor{'y' if len(new) == 1 else 'ies'} of {least}+ articles"
    return [_row("new stories", f"New {since}: {count}, largest first: {shown}.")]


def _both_have_stories(current: Mapping, previous: Mapping) -> bool:
    return isinstance(current.get("stories"), Mapping) and isinstance(previous.get("stories"), Mapping)


def _moved(now: Mapping[str, int], before: Mapping[str, int]) -> pd.DataFrame:
    """Items whose share changed significantly between two count tables, biggest change first."""
    table = pd.DataFrame({"now": pd.Series(now, dtype="float64"), "before": pd.Series(before, dtype="float64")})
    table = table.fillna(0).rename_axis("key").reset_index()
    n1, n2 = table["now"].sum(), table["before"].sum()
    if not len(table) or not n1 or not n2:
        return table.assign(g2=[], q=[])
    g2 = g2_2x2(table["now"], table["before"], np.full(len(table), n1), np.full(len(table), n2))
    direction = np.sign(table["now"] / n1 - table["before"] / n2)
    table = table.assign(g2=direction * g2, q=fdr_bh(chi2_sf_1df(g2)))
    table = table.loc[(table["q"] < SIGNIFICANT) & (table[["now", "before"]].max(axis=1) >= MIN_COUNT)]
    return table.astype({"now": int, "before": int}).sort_values("g2", key=abs, ascending=False, kind="stable")


def _row(topic: str, finding: str) -> dict:
    return {"topic": topic, "finding": finding, "notebook": None, "section": None}
