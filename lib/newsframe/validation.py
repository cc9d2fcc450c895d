"""Check the sentiment scorers against your own hand-coded sample before trusting them.

A labels file is a CSV with a ``text`` column and ``label`` (``pos`` / ``neg`` / ``neutral``,
or ``skip`` for a text passed over, as the labelling panel of ``newsframe.sentiment.labelling``
writes) and/or ``score`` (a number, e.g. -2 to 2 or -1 to 1). Each scorer scores every text;
labels are compared by accuracy and macro-F1 (with a bootstrap interval) after cutting the score
at ``±neutral``, scores by Pearson and Spearman correlation. A trained scorer
(``newsframe.sentiment.training``) is compared by its own labels, and on the very labels it was
trained on by its cross-validated predictions, never by its predictions of its training texts.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

import numpy as np
import pandas as pd

from newsframe.errors import ConfigError, LabelsError
from newsframe.sentiment import (
    SCORERS,
    AnyScorer,
    bootstrap_macro_f1,
    correlation,
    score_column,
    score_texts,
    split_scorers,
)
from newsframe.sentiment.training import labels_digest

LABELS = ("pos", "neg", "neutral")
SKIP = "skip"  # a text the coder passed over: left out, and counted in ``attrs["skipped"]``


def read_labels(path: str | Path) -> pd.DataFrame:
    """Read and check a CSV of hand-coded texts: ``text`` plus ``label`` and/or ``score``.

    Returns ``text`` (string), ``label`` (``pos``/``neg``/``neutral``, lower-cased) and/or
    ``score`` (float); other columns are not read. Rows labelled ``skip`` are left out and
    counted in ``.attrs["skipped"]``. Raises ``LabelsError`` naming the file and the data rows (1
    = first row after the header) for a missing column, an empty text, an unknown label or a
    non-numeric score.

    >>> import tempfile, os
    >>> with tempfile.TemporaryDirectory() as folder:
    ...     path = os.path.join(folder, "labels.csv")
    ...     _ = open(path, "w").write("text,label\\nA great day.,POS\\nA sad loss.,neg\\n")
    ...     read_labels(path)["label"].tolist()
    ['pos', 'neg']
    """
    try:
        table = pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8-sig")
    except (OSError, ValueError) as error:
        raise LabelsError(path, f"cannot be read as CSV: {error}") from None
    table.columns = [str(c).strip().lower() for c in table.columns]
    if "text" not in table or not {"label", "score"} & set(table.columns):
        raise LabelsError(path, f"needs a 'text' column and a 'label' or 'score' column; found {list(table.columns)}")
    rows = pd.RangeIndex(1, len(table) + 1)
    skipped = (
        table["label"].str.strip().str.lower().eq(SKIP).to_numpy() if "label" in table else np.zeros(len(table), bool)
    )
    out = pd.DataFrame({"text": table["text"].astype("string")}).set_axis(rows)
    blank = out.index[out["text"].str.strip().eq("").to_numpy()].tolist()
    if blank:
        raise LabelsError(path, "empty text", rows=blank)
    if "label" in table:
        labels = table["label"].str.strip().str.lower().set_axis(rows)
        bad = labels.index[~labels.isin((*LABELS, SKIP)).to_numpy()].tolist()
        if bad:
            raise LabelsError(path, f"label must be one of {', '.join(LABELS)} (or {SKIP})", rows=bad)
        out["label"] = labels.astype("string")
    if "score" in table:
        scores = pd.to_numeric(table["score"].str.strip(), errors="coerce").set_axis(rows)
        bad = scores.index[scores.isna().to_numpy()].tolist()
        if bad:
            raise LabelsError(path, "score must be a number", rows=bad)
        out["score"] = scores.astype("float64")
    out = out[~skipped].reset_index(drop=True)
    out.attrs["skipped"] = int(skipped.sum())
    return out


def score_labels(
    labels: pd.DataFrame, *, scorers: Iterable[AnyScorer] = SCORERS, neutral: float = 0.05, n_jobs: int | None = None
) -> pd.DataFrame:
    """The labels table with each scorer's score and predicted label, to inspect case by case.

    Adds, per scorer, its main score (``polarity`` for TextBlob, ``vader_compound`` for VADER,
    both of the whole text) and ``<scorer>_label``: ``pos`` above ``neutral``, ``neg`` below
    ``-neutral``, else ``neutral``. A trained scorer adds ``<name>`` and its own ``<name>_label``;
    on the labels it was trained on, that label is its cross-validated prediction (the scorer
    never saw the text), and ``.attrs["cross_validated"]`` lists such scorers.

    >>> labels = pd.DataFrame({"text": ["A great day.", "The minister spoke."], "label": ["pos", "neutral"]})
    >>> score_labels(labels, scorers=["textblob"])[["polarity", "textblob_label"]].values.tolist()
    [[0.8, 'pos'], [0.0, 'neutral']]
    """
    names, models = split_scorers(scorers)
    if not 0 <= neutral < 1:
        raise ConfigError(f"neutral must lie in [0, 1); got {neutral!r}")
    scored = score_texts(labels["text"], scorers=(*names, *models), n_jobs=n_jobs)
    out = labels.copy()
    for scorer in names:
        column = score_column(scorer)
        cut = np.select([scored[column] > neutral, scored[column] < -neutral], ["pos", "neg"], "neutral")
        out[column] = scored[column]
        out[f"{scorer}_label"] = pd.array(cut, dtype="string")
    cross_validated = []
    for model in models:
        out[model.name] = scored[model.name]
        out[f"{model.name}_label"] = scored[f"{model.name}_label"].astype("string")
        held_out = model.metadata.get("cv_predicted")
        if "label" in labels and held_out is not None and labels_digest(labels) == model.metadata.get("labels_sha256"):
            out[f"{model.name}_label"] = pd.array(held_out, dtype="string")
            cross_validated.append(model.name)
    out.attrs["cross_validated"] = cross_validated
    return out


def validate(
    labels: pd.DataFrame,
    *,
    scorers: Iterable[AnyScorer] = SCORERS,
    neutral: float = 0.05,
    n_boot: int = 1000,
    seed: int = 0,
    n_jobs: int | None = None,
) -> pd.DataFrame:
    """How well each scorer matches the hand-coded ``labels``: one row per scorer, side by side.

    Takes the table of :func:`read_labels` and returns ``scorer`` (a name, or a trained scorer's
    name), ``n`` (texts) and, for ``label``, ``accuracy``, ``macro_f1`` and its 95% bootstrap
    interval ``macro_f1_low``, ``macro_f1_high`` (texts resampled ``n_boot`` times); for
    ``score``, ``pearson`` and ``spearman`` (correlation with the scorer's main score); and
    ``how``: ``cut at ±neutral``, ``own labels`` (a trained scorer) or ``cross-validated`` (a
    trained scorer on the labels it was trained on: its out-of-fold predictions).

    >>> labels = pd.DataFrame({"text": ["A great day.", "A terrible loss.", "The minister spoke."],
    ...                        "label": ["pos", "neg", "neutral"]})
    >>> validate(labels)[["scorer", "n", "accuracy", "macro_f1", "how"]].values.tolist()
    [['textblob', 3, 1.0, 1.0, 'cut at ±0.05'], ['vader', 3, 1.0, 1.0, 'cut at ±0.05']]
    """
    scored = score_labels(labels, scorers=scorers, neutral=neutral, n_jobs=n_jobs)
    names, models = split_scorers(scorers)
    rows = []
    for scorer in [*names, *models]:
        name = score_column(scorer) if not isinstance(scorer, str) else scorer
        row: dict[str, object] = {"scorer": name, "n": len(scored)}
        if "label" in scored:
            truth, predicted = scored["label"], scored[f"{name}_label"]
            row["accuracy"] = accuracy(truth, predicted)
            row["macro_f1"] = macro_f1(truth, predicted)
            low, high = bootstrap_macro_f1(
                truth.to_numpy(dtype=object), predicted.to_numpy(dtype=object), n_boot=n_boot, seed=seed
            )
            row["macro_f1_low"], row["macro_f1_high"] = low, high
        if "score" in scored:
            values = scored[score_column(scorer)]
            row["pearson"] = correlation(scored["score"], values, method="pearson")
            row["spearman"] = correlation(scored["score"], values, method="spearman")
        if isinstance(scorer, str):
            row["how"] = f"cut at ±{neutral:g}"
        else:
            row["how"] = "cross-validated" if name in scored.attrs["cross_validated"] else "own labels"
        rows.append(row)
    return pd.DataFrame(rows).astype({"scorer": "string", "how": "string"})


def accuracy(truth: pd.Series, predicted: pd.Series) -> float:
    """Share of predictions equal to the truth (NaN for no rows).

    >>> accuracy(pd.Series(["pos", "neg"]), pd.Series(["pos", "pos"]))
    0.5
    """
    return float((truth.to_numpy() == predicted.to_numpy()).mean()) if len(truth) else np.nan


def macro_f1(truth: pd.Series, predicted: pd.Series) -> float:
    """Unweighted mean of the per-class F1 over every class in truth or predictions.

    A class never predicted, or predicted but never true, has F1 = 0 (as scikit-learn's
    ``f1_score(average="macro", zero_division=0)``).

    >>> macro_f1(pd.Series(["pos", "pos", "neg", "neutral"]), pd.Series(["pos", "neg", "neg", "neutral"]))
    0.7777777777777777
    """
    truth, predicted = truth.to_numpy(dtype=object), predicted.to_numpy(dtype=object)
    if not len(truth):
        return np.nan
    scores = []
    for label in sorted(set(truth) | set(predicted)):
        tp = np.sum((truth == label) & (predicted == label))
        precision = tp / max(np.sum(predicted == label), 1)
        recall = tp / max(np.sum(truth == label), 1)
        scores.append(2 * precision * recall / (precision + recall) if precision + recall else 0.0)
    return float(np.mean(scores))
