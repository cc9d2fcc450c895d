"""How well each sentence scorer agrees with people, and how fast it is: TextBlob, VADER, AFINN
and the recommended "news" score, on two labelled sets of news text.

    .venv/bin/python benchmarks/bench_scorers.py NEWSMTSC SEMEVAL [--repeat 3] [--fit]

NEWSMTSC is the NewsMTSC training split (its folder or ``train.jsonl``): sentences with person
targets, each labelled negative / neutral / positive toward its target. SEMEVAL is the folder of
the SemEval-2007 Task 14 trial set (``affectivetext_trial.xml`` and ``.valence.gold``): 250
headlines with a valence from -100 to 100. With the labelled sets in ../shared/labelled:

    .venv/bin/python benchmarks/bench_scorers.py ../shared/labelled/newsmtsc_train ../shared/labelled/semeval2007_trial

Each set is split in two halves that never change: A (NewsMTSC sentences whose crc32 is even,
with all their targets; SemEval headlines with an even id), used to fit, and B, held out.
Measures, per scorer (its main column): Pearson r with the SemEval valence on A, B and all; and
macro-F1 over the NewsMTSC targets on A, B and all, the sentence's score cut into neg / neutral
/ pos at the two thresholds that give the best macro-F1 on A (searched over A's score
quantiles; each scorer gets its own). For "news" it also reports the shipped thresholds
(``NEWS_NEUTRAL``). The share of scores exactly 0 is given for the headlines and the sentences,
and bootstrap intervals of the difference between news and VADER. Speed is sentences per
second of CPU time in one process (per core) over the NewsMTSC sentences, each scorer alone,
the median of ``--repeat`` runs. ``--fit`` compares scalings of
AFINN's sum (``AFINN_ALPHA``) and repeats the search behind ``NEWS_WEIGHTS``: weights of
TextBlob, VADER and AFINN (on the text after ``mask_names``) in steps of 0.1, each with its best
thresholds on NewsMTSC A; chosen is the best r on SemEval A among the weights within 0.002 of
the best macro-F1 on NewsMTSC A (smaller differences on about 4,000 targets are noise).
"""

from __future__ import annotations

import argparse
import datetime
import json
import os
import statistics
import subprocess
import time
import xml.etree.ElementTree as ET
import zlib
from pathlib import Path

import numpy as np
import pandas as pd

from newsframe.config import ROOT
from newsframe.sentiment import lexicons, score_column, score_texts
from newsframe.sentiment.scoring import ALL_SCORERS, Scorer
from newsframe.sentiment.tone import zero_share
from newsframe.validation import macro_f1

SCORERS = ALL_SCORERS  # textblob, vader, afinn, news
POLARITY = {2.0: "neg", 4.0: "neutral", 6.0: "pos"}


def read_newsmtsc(path: Path) -> pd.DataFrame:
    """One row per target: ``text`` (the sentence), ``label`` (neg / neutral / pos), ``half`` (A or B)."""
    path = path / "train.jsonl" if path.is_dir() else path
    rows = []
    with path.open(encoding="utf-8") as lines:
        for line in lines:
            item = json.loads(line)
            text = item["sentence_normalized"]
            half = "A" if zlib.crc32(text.encode("utf-8")) % 2 == 0 else "B"
            rows += [(text, POLARITY[target["polarity"]], half) for target in item["targets"]]
    return pd.DataFrame(rows, columns=["text", "label", "half"])


def read_semeval(folder: Path) -> pd.DataFrame:
    """One row per headline: ``id``, ``text``, ``valence`` (-100..100), ``half`` (A: even id)."""
    root = ET.parse(folder / "affectivetext_trial.xml").getroot()
    texts = pd.DataFrame([(int(item.get("id", "")), item.text or "") for item in root], columns=["id", "text"])
    gold = pd.read_csv(folder / "affectivetext_trial.valence.gold", sep=" ", header=None, names=["id", "valence"])
    table = texts.merge(gold, on="id", validate="one_to_one")
    return table.assign(half=np.where(table["id"] % 2 == 0, "A", "B"))


def cut(scores: np.ndarray, low: float, high: float) -> np.ndarray:
    return np.select([scores < low, scores > high], ["neg", "pos"], "neutral").astype(object)


def fit_thresholds(scores: np.ndarray, labels: np.ndarray, *, points: int = 101) -> tuple[float, float]:
    """The (low, high) with the best macro-F1 of ``cut(scores, low, high)``, over score quantiles and 0."""
    candidates = np.unique(np.append(np.quantile(scores, np.linspace(0, 1, points)), 0.0))
    truth = {label: labels == label for label in ("neg", "neutral", "pos")}
    best, best_pair = -1.0, (0.0, 0.0)
    for i, low in enumerate(candidates):
        below = scores < low
        for high in candidates[i:]:
            predicted = {"neg": below, "pos": scores > high}
            predicted["neutral"] = ~(predicted["neg"] | predicted["pos"])
            f1 = 0.0
            for label, true in truth.items():
                tp = np.sum(true & predicted[label])
                f1 += 2 * tp / (true.sum() + predicted[label].sum()) if tp else 0.0
            if f1 > best:
                best, best_pair = f1, (float(low), float(high))
    return best_pair


def pearson(scores: pd.Series, valence: pd.Series) -> float:
    return float(np.corrcoef(scores.to_numpy(float), valence.to_numpy(float))[0, 1])


def agreement(mtsc: pd.DataFrame, semeval: pd.DataFrame, column: str, thresholds: tuple[float, float] | None) -> dict:
    """r on SemEval and macro-F1 on NewsMTSC (A, B, all) of one score column."""
    row: dict[str, object] = {}
    for half in ("A", "B"):
        part = semeval[semeval["half"] == half]
        row[f"r {half}"] = pearson(part[column], part["valence"])
    row["r all"] = pearson(semeval[column], semeval["valence"])
    fit = mtsc[mtsc["half"] == "A"]
    low, high = thresholds or fit_thresholds(fit[column].to_numpy(float), fit["label"].to_numpy(object))
    for half in ("A", "B", "all"):
        part = mtsc if half == "all" else mtsc[mtsc["half"] == half]
        predicted = pd.Series(cut(part[column].to_numpy(float), low, high))
        row[f"F1 {half}"] = macro_f1(part["label"].reset_index(drop=True), predicted)
    row["thresholds"] = f"{low:.4f}, {high:.4f}"
    return row


def news_against_vader(mtsc: pd.DataFrame, semeval: pd.DataFrame, *, n_boot: int = 1000, seed: int = 0) -> str:
    """95% bootstrap intervals of news minus VADER: macro-F1 on NewsMTSC B (sentences resampled
    with all their targets; thresholds fitted on A) and r on all SemEval headlines."""
    rng = np.random.default_rng(seed)
    fit, held = mtsc[mtsc["half"] == "A"], mtsc[mtsc["half"] == "B"].reset_index(drop=True)
    classes = np.array(["neg", "neutral", "pos"], dtype=object)
    truth = held["label"].to_numpy(object)[:, None] == classes
    predicted = {}
    for column in ("news", "vader_compound"):
        low, high = fit_thresholds(fit[column].to_numpy(float), fit["label"].to_numpy(object))
        predicted[column] = cut(held[column].to_numpy(float), low, high)[:, None] == classes
    groups = list(held.groupby("text", sort=False).indices.values())
    f1_gaps = []
    for _ in range(n_boot):
        rows = np.concatenate([groups[i] for i in rng.integers(0, len(groups), len(groups))])
        f1 = {}
        for column, guess in predicted.items():
            tp = (truth[rows] & guess[rows]).sum(axis=0)
            f1[column] = np.mean(2 * tp / np.maximum(truth[rows].sum(axis=0) + guess[rows].sum(axis=0), 1))
        f1_gaps.append(f1["news"] - f1["vader_compound"])
    r_gaps = []
    for _ in range(n_boot):
        sample = semeval.iloc[rng.integers(0, len(semeval), len(semeval))]
        r_gaps.append(pearson(sample["news"], sample["valence"]) - pearson(sample["vader_compound"], sample["valence"]))
    f1_low, f1_high = np.percentile(f1_gaps, [2.5, 97.5])
    r_low, r_high = np.percentile(r_gaps, [2.5, 97.5])
    return (
        f"news minus VADER, 95% bootstrap intervals ({n_boot} resamples): macro-F1 on NewsMTSC B "
        f"[{f1_low:+.3f}, {f1_high:+.3f}]; r on all SemEval headlines [{r_low:+.3f}, {r_high:+.3f}]"
    )


def markdown(table: pd.DataFrame) -> str:
    """``table`` as a Markdown table, numbers to 3 decimals."""
    cells = table.map(
        lambda x: (
            ""
            if x is None or (isinstance(x, float) and np.isnan(x))
            else f"{x:.3f}"
            if isinstance(x, float)
            else str(x)
        )
    )
    lines = ["| " + " | ".join(map(str, table.columns)) + " |", "|" + "---|" * len(table.columns)]
    return "\n".join(lines + ["| " + " | ".join(row) + " |" for row in cells.itertuples(index=False)])


def speed(texts: list[str], scorer: Scorer, repeat: int) -> float:
    score_texts(texts[:50], scorers=[scorer], n_jobs=1, progress=False)  # load the lexicons
    times = []
    for _ in range(repeat):
        # CPU time of this process: the machine may be busy with other work.
        start = time.process_time()
        score_texts(texts, scorers=[scorer], n_jobs=1, progress=False)
        times.append(time.process_time() - start)
    return len(texts) / statistics.median(times)


def fit_weights(mtsc: pd.DataFrame, semeval: pd.DataFrame) -> None:
    """Print the best weights of TextBlob, VADER and AFINN on the masked text (the fitting halves only)."""
    parts = {}
    for name, table, truth in (("mtsc", mtsc, "label"), ("semeval", semeval, "valence")):
        unique = table["text"].drop_duplicates()
        masked = score_texts(unique.map(lexicons.mask_names), scorers=["textblob", "vader", "afinn"], progress=False)
        components = masked.set_axis(unique.to_numpy())[["polarity", "vader_compound", "afinn"]]
        parts[name] = table[["text", "half", truth]].join(components, on="text")
    fit, head = parts["mtsc"][parts["mtsc"]["half"] == "A"], parts["semeval"][parts["semeval"]["half"] == "A"]
    rows = []
    steps = np.round(np.arange(0, 1.01, 0.1), 1)
    for w_textblob in steps:
        for w_vader in steps[steps <= 1 - w_textblob + 1e-9]:
            w_afinn = round(1 - w_textblob - w_vader, 1)
            weights = np.array([w_textblob, w_vader, w_afinn])
            score = fit[["polarity", "vader_compound", "afinn"]].to_numpy() @ weights
            labels = fit["label"].to_numpy(object)
            low, high = fit_thresholds(score, labels)
            f1 = macro_f1(pd.Series(labels), pd.Series(cut(score, low, high)))
            r = pearson(pd.Series(head[["polarity", "vader_compound", "afinn"]].to_numpy() @ weights), head["valence"])
            rows.append((w_textblob, w_vader, w_afinn, f1, r, f"{low:.3f}, {high:.3f}"))
    table = pd.DataFrame(rows, columns=["textblob", "vader", "afinn", "F1 A", "r A", "thresholds"])
    table = table.sort_values(["F1 A", "r A"], ascending=False, ignore_index=True)
    # Macro-F1 differences below 0.002 on ~4,000 targets are noise: among those, the best r.
    ties = table[table["F1 A"] >= table["F1 A"].max() - 0.002]
    table["chosen"] = np.where(table.index == ties["r A"].idxmax(), "<-", "")
    print("\nweights on the masked text, fitting halves only (best 12 by macro-F1 on NewsMTSC A; chosen:")
    print("the best r on SemEval A among those within 0.002 of the best macro-F1):")
    print(markdown(table.head(12)))


def compare_scalings(mtsc: pd.DataFrame, semeval: pd.DataFrame) -> None:
    """Print how AFINN's sum, scaled in several ways, agrees with the fitting halves (Pearson r)."""
    code = {"neg": -1.0, "neutral": 0.0, "pos": 1.0}
    fit = mtsc[mtsc["half"] == "A"]
    head = semeval[semeval["half"] == "A"]
    sums = {text: lexicons.afinn_sum(text) for text in pd.concat([fit["text"], head["text"]]).unique()}
    scalings = {f"s / sqrt(s² + {a})": (lambda s, a=a: s / np.sqrt(s * s + a)) for a in (1, 4, 15, 25, 50)}
    scalings |= {f"clip(s / {k})": (lambda s, k=k: np.clip(s / k, -1, 1)) for k in (3, 5, 10)}
    scalings |= {f"tanh(s / {k})": (lambda s, k=k: np.tanh(s / k)) for k in (3, 5, 10)}
    rows = []
    for name, scale in scalings.items():
        on_fit = pd.Series(scale(fit["text"].map(sums).to_numpy(float)))
        on_head = pd.Series(scale(head["text"].map(sums).to_numpy(float)))
        rows.append((name, pearson(on_head, head["valence"]), pearson(on_fit, fit["label"].map(code))))
    print("\nAFINN sum s scaled to [-1, 1], Pearson r on the fitting halves (NewsMTSC labels as -1 / 0 / 1):")
    print(markdown(pd.DataFrame(rows, columns=["scaling", "r SemEval A", "r NewsMTSC A"])))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("newsmtsc", type=Path, help="NewsMTSC training split: folder or train.jsonl")
    parser.add_argument("semeval", type=Path, help="folder of the SemEval-2007 Task 14 trial set")
    parser.add_argument("--repeat", type=int, default=3, help="speed runs per scorer (median)")
    parser.add_argument("--fit", action="store_true", help="also repeat the search behind NEWS_WEIGHTS")
    args = parser.parse_args()

    mtsc, semeval = read_newsmtsc(args.newsmtsc), read_semeval(args.semeval)
    sentences = mtsc["text"].drop_duplicates().tolist()
    commit = subprocess.run(["git", "-C", str(ROOT), "rev-parse", "--short", "HEAD"], capture_output=True, text=True)
    dirty = subprocess.run(["git", "-C", str(ROOT), "status", "--porcelain", "lib"], capture_output=True, text=True)
    print(
        f"commit {commit.stdout.strip() or '?'}{' + uncommitted changes in lib/' if dirty.stdout.strip() else ''}, "
        f"{datetime.date.today()}; NewsMTSC: {len(sentences):,} sentences, {len(mtsc):,} targets "
        f"(A {int((mtsc['half'] == 'A').sum()):,}, B {int((mtsc['half'] == 'B').sum()):,}); "
        f"SemEval: {len(semeval)} headlines (A {int((semeval['half'] == 'A').sum())}, "
        f"B {int((semeval['half'] == 'B').sum())})"
    )

    columns = [score_column(s) for s in SCORERS]
    for table in (mtsc, semeval):
        unique = table["text"].drop_duplicates()
        scores = score_texts(unique, scorers=SCORERS, progress=False)[columns].set_axis(unique.to_numpy())
        table[columns] = scores.loc[table["text"]].to_numpy()

    rows = []
    for scorer, column in zip(SCORERS, columns):
        row = {"scorer": scorer, **agreement(mtsc, semeval, column, None)}
        row["zero headlines"] = zero_share(semeval, column)
        row["zero sentences"] = zero_share(mtsc.drop_duplicates("text"), column)
        row["sentences/s"] = speed(sentences, scorer, args.repeat)
        rows.append(row)
    shipped = {"scorer": "news, shipped thresholds", **agreement(mtsc, semeval, "news", lexicons.NEWS_NEUTRAL)}
    table = pd.DataFrame([*rows, shipped])
    table["sentences/s"] = table["sentences/s"].map(lambda x: "" if pd.isna(x) else f"{x:,.0f}")
    for column in ("zero headlines", "zero sentences"):
        table[column] = table[column].map(lambda x: "" if pd.isna(x) else f"{x:.0%}")
    print(markdown(table))
    print(news_against_vader(mtsc, semeval))
    print(f"load average after: {' '.join(f'{x:.2f}' for x in os.getloadavg())} (speeds are CPU time)")
    if args.fit:
        compare_scalings(mtsc, semeval)
        fit_weights(mtsc, semeval)


if __name__ == "__main__":
    main()
