"""Hand-coding your own sentences: a sample that favours the sentences the scorers disagree on, and
a JupyterLab panel (ipywidgets) that labels them one by one into a CSV, saved after every click and
resumed where it stopped.

The CSV it writes is a labels file of ``newsframe.validation`` (``text``, ``label``) with the
sentence's keys, its stratum and the time of labelling; ``skip`` rows record sentences passed over.
"""

from __future__ import annotations

import html
import math
from collections.abc import Iterable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from newsframe.errors import ConfigError, LabelsError
from newsframe.files import atomic_path
from newsframe.sentiment.lexicons import NEWS_NEUTRAL
from newsframe.sentiment.scoring import MAIN_COLUMN, check_scorers, score_texts

# Where each scorer's score reads as negative (below the first number) or positive (above the
# second): VADER's authors' ±0.05 for TextBlob and VADER (newsframe.validation's default), the
# fitted band for news (docs/scorers.md).
BANDS = {"textblob": (-0.05, 0.05), "vader": (-0.05, 0.05), "afinn": (-0.05, 0.05), "news": NEWS_NEUTRAL}
STRATA = ("disagree", "neg", "neutral", "pos")
# The buttons of the panel, in order: the label written and the button's text.
CHOICES = {"neg": "negative", "neutral": "neutral", "pos": "positive", "skip": "skip"}
FILE_COLUMNS = ["text", "label", "article_id", "sentence", "stratum", "labelled_at"]


def labelling_sample(
    sentences: pd.DataFrame,
    *,
    n: int = 300,
    scorers: Iterable[str] = ("textblob", "vader", "news"),
    favour: float = 0.5,
    min_words: int = 4,
    seed: int = 0,
    candidates: int | None = None,
) -> pd.DataFrame:
    """A sample of ``n`` sentences to hand-code, stratified by what the scorers say.

    Each distinct sentence of at least ``min_words`` words falls in one stratum: ``disagree``
    (the ``scorers``, each cut at its ``BANDS``, do not all give the same label) or the label
    they agree on (``neg``, ``neutral``, ``pos``). ``disagree`` gets the share ``favour`` of the
    sample and the three others equal shares of the rest; a stratum with too few sentences gives
    its places to the others. Returns the rows drawn, in random order, with each scorer's main
    score (computed when missing), ``stratum`` and ``weight`` (sentences in the stratum per
    sentence drawn: weigh by it to estimate corpus-wide figures from an uneven sample). Only
    ``candidates`` sentences (default ``20 * n``), drawn at random, are scored and sorted into
    strata, so that a large corpus costs seconds, not minutes; the strata's sizes, and so the
    weights, are then estimated from them.

    >>> s = pd.DataFrame({"article_id": "a", "sentence": range(4), "text": [
    ...     "It was a great and happy day.", "It was a terrible, awful loss.",
    ...     "The minister spoke on Tuesday.", "Not a bad result at all, they said."]})
    >>> labelling_sample(s, n=2, favour=0.5)[["sentence", "stratum"]].values.tolist()
    [[3, 'disagree'], [1, 'neg']]
    """
    chosen = check_scorers(list(scorers))
    if not 0 <= favour <= 1:
        raise ConfigError(f"favour must lie in [0, 1]; got {favour!r}")
    if n < 0:
        raise ConfigError(f"n must be 0 or more; got {n!r}")
    words = sentences["text"].fillna("").str.count(r"\S+")
    pool = sentences[(words >= min_words).to_numpy()].drop_duplicates("text").reset_index(drop=True)
    rng = np.random.default_rng(seed)
    everyone, limit = len(pool), 20 * n if candidates is None else candidates
    if everyone > limit:
        pool = pool.iloc[np.sort(rng.choice(everyone, size=limit, replace=False))].reset_index(drop=True)
    scale = everyone / len(pool) if len(pool) else 1.0  # sentences of the whole pool per candidate
    missing = [s for s in chosen if MAIN_COLUMN[s] not in pool]
    if missing and len(pool):
        scored = score_texts(pool["text"], scorers=missing, progress=False)
        pool = pool.assign(**{MAIN_COLUMN[s]: scored[MAIN_COLUMN[s]] for s in missing})
    elif missing:
        pool = pool.assign(**{MAIN_COLUMN[s]: pd.Series(dtype="float64") for s in missing})
    stratum = _strata(pool, chosen)
    sizes = {s: int((stratum == s).sum()) for s in STRATA}
    shares = {"disagree": favour, **{s: (1 - favour) / 3 for s in STRATA[1:]}}
    take = _allocate(sizes, shares, n)
    parts = []
    for name in STRATA:
        rows = np.flatnonzero((stratum == name).to_numpy())
        drawn = pool.iloc[np.sort(rng.choice(rows, size=take[name], replace=False))] if take[name] else pool.iloc[:0]
        parts.append(drawn.assign(stratum=name, weight=sizes[name] * scale / take[name] if take[name] else np.nan))
    keep = [c for c in ("article_id", "sentence", "part", "title", "text") if c in pool]
    out = pd.concat(parts, ignore_index=True)[[*keep, *(MAIN_COLUMN[s] for s in chosen), "stratum", "weight"]]
    out = out.iloc[rng.permutation(len(out))].reset_index(drop=True)
    return out.astype({"stratum": "string", "weight": "float64"})


def sample_strata(sample: pd.DataFrame) -> pd.DataFrame:
    """Per stratum of a :func:`labelling_sample`: ``stratum``, ``sentences`` (in the pool) and ``drawn``.

    A stratum nothing was drawn from shows 0 sentences: the sample does not know its size.

    >>> sample = pd.DataFrame({"stratum": ["pos", "disagree", "disagree"], "weight": [5.0, 2.0, 2.0]})
    >>> sample_strata(sample).values.tolist()
    [['disagree', 4, 2], ['neg', 0, 0], ['neutral', 0, 0], ['pos', 5, 1]]
    """
    grouped = sample.groupby("stratum")["weight"].agg(["first", "size"]).reindex(list(STRATA))
    drawn = grouped["size"].fillna(0).astype("int64")
    sentences = (grouped["first"].fillna(0) * drawn).round().astype("int64")
    return pd.DataFrame({"stratum": list(STRATA), "sentences": sentences.to_numpy(), "drawn": drawn.to_numpy()})


def read_progress(path: str | Path) -> pd.DataFrame:
    """The rows a labelling panel wrote to ``path`` (``FILE_COLUMNS``), empty when there is no file yet.

    Raises ``LabelsError`` when the file exists but is not one the panel wrote.
    """
    path = Path(path)
    if not path.exists():
        return pd.DataFrame({c: pd.Series(dtype="string") for c in FILE_COLUMNS})
    try:
        table = pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8-sig")
    except (OSError, ValueError) as error:
        raise LabelsError(path, f"cannot be read as CSV: {error}") from None
    if not {"text", "label"} <= set(table.columns):
        raise LabelsError(path, f"needs 'text' and 'label' columns; found {list(table.columns)}")
    bad = [i + 1 for i, label in enumerate(table["label"]) if label not in CHOICES]
    if bad:
        raise LabelsError(path, f"label must be one of {', '.join(CHOICES)}", rows=bad)
    table = table.reindex(columns=[*FILE_COLUMNS, *(c for c in table.columns if c not in FILE_COLUMNS)])
    return table.astype("string").fillna("")


class LabellingPanel:
    """Label ``sample`` (from :func:`labelling_sample`, or any table with ``text``) one sentence at a time.

    Shows the sentence, buttons negative / neutral / positive / skip and the progress. Each click
    writes the whole labels file to ``path`` (atomically) and moves to the next sentence not yet in
    the file, so a panel made again on the same sample and path goes on where the last one stopped.
    Display it in JupyterLab (it is the last value of a cell, or ``display(panel)``); ``buttons``
    are the ipywidgets buttons by label, so ``panel.buttons["pos"].click()`` labels as a click does.
    """

    def __init__(self, sample: pd.DataFrame, path: str | Path) -> None:
        import ipywidgets as widgets

        if "text" not in sample:
            raise ConfigError(f"the sample needs a 'text' column; found {list(sample.columns)}")
        self.sample = sample.reset_index(drop=True)
        self.path = Path(path)
        self.rows = read_progress(self.path)
        self.sentence = widgets.HTML()
        self.buttons = {label: widgets.Button(description=text) for label, text in CHOICES.items()}
        for label, button in self.buttons.items():
            button.on_click(lambda _button, label=label: self.record(label))
        self.progress = widgets.IntProgress(min=0, max=max(len(self.sample), 1), description="labelled")
        self.status = widgets.Label()
        self.widget = widgets.VBox(
            [self.sentence, widgets.HBox(list(self.buttons.values())), widgets.HBox([self.progress, self.status])]
        )
        self._show()

    @property
    def position(self) -> int | None:
        """Row of ``sample`` shown now: the first one not yet in the labels file (None when all are)."""
        seen = set(self.rows["text"])
        todo = np.flatnonzero(~self.sample["text"].isin(seen).to_numpy())
        return int(todo[0]) if len(todo) else None

    @property
    def labels(self) -> pd.DataFrame:
        """The labels file as it is now (every row the panel and its predecessors wrote)."""
        return self.rows.copy()

    def record(self, label: str) -> None:
        """Give the sentence shown now ``label`` (a key of ``CHOICES``), save, and show the next one."""
        if label not in CHOICES:
            raise ConfigError(f"label must be one of {', '.join(CHOICES)}; got {label!r}")
        row = self.position
        if row is None:
            return
        shown = self.sample.iloc[row]
        new = {
            "text": shown["text"],
            "label": label,
            "article_id": _text(shown.get("article_id")),
            "sentence": _text(shown.get("sentence")),
            "stratum": _text(shown.get("stratum")),
            "labelled_at": datetime.now(UTC).isoformat(timespec="seconds"),
        }
        rows = pd.concat([self.rows, pd.DataFrame([new]).astype("string")], ignore_index=True)
        with atomic_path(self.path) as partial:
            rows.to_csv(partial, index=False, encoding="utf-8")
        self.rows = rows
        self._show()

    def _show(self) -> None:
        row = self.position
        done = int(self.sample["text"].isin(set(self.rows["text"])).sum())
        self.progress.value = done
        labelled = int((self.rows["label"] != "skip").sum())
        self.status.value = f"{done:,} of {len(self.sample):,} done; {labelled:,} labelled in {self.path.name}"
        for button in self.buttons.values():
            button.disabled = row is None
        if row is None:
            self.sentence.value = (
                f"<p><b>All {len(self.sample):,} sentences done.</b> Labels: {html.escape(str(self.path))}</p>"
            )
        else:
            self.sentence.value = f"<p style='font-size:1.15em'>{html.escape(str(self.sample['text'].iloc[row]))}</p>"

    def _repr_mimebundle_(self, **kwargs: Any) -> Any:
        # The widget in JupyterLab; where widgets cannot show (a rendered report), a line of text.
        bundle = self.widget._repr_mimebundle_(**kwargs)
        bundle["text/plain"] = f"Labelling panel (open the notebook in JupyterLab to use it): {self.status.value}"
        return bundle


def _strata(pool: pd.DataFrame, scorers: tuple[str, ...]) -> pd.Series:
    labels = pd.DataFrame(
        {
            s: np.select(
                [pool[MAIN_COLUMN[s]] < BANDS[s][0], pool[MAIN_COLUMN[s]] > BANDS[s][1]], ["neg", "pos"], "neutral"
            )
            for s in scorers
        },
        index=pool.index,
    )
    agreed = labels.nunique(axis=1) == 1
    first = labels.iloc[:, 0] if len(scorers) else pd.Series("neutral", index=pool.index)
    return first.where(agreed, "disagree").astype(object)


def _allocate(sizes: dict[str, int], shares: dict[str, float], n: int) -> dict[str, int]:
    """Places per stratum: one at a time to the open stratum furthest below its share."""
    take = dict.fromkeys(sizes, 0)
    for _ in range(min(n, sum(sizes.values()))):
        open_strata = [s for s in sizes if take[s] < sizes[s]]
        wanted = [s for s in open_strata if shares[s] > 0] or open_strata
        take[min(wanted, key=lambda s: ((take[s] + 1) / shares[s]) if shares[s] > 0 else math.inf)] += 1
    return take


def _text(value: Any) -> str:
    return "" if value is None or (not isinstance(value, str) and pd.isna(value)) else str(value)
