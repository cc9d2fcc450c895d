"""Your own scorer on NewsMTSC: train on a random 500 labelled sentences, test on the rest.

Usage: ``.venv/bin/python benchmarks/bench_training.py ../shared/labelled/newsmtsc_train [--n 500] [--seed 0]``

NEWSMTSC is the NewsMTSC training split (its folder or ``train.jsonl``; Hamborg & Donnay 2021, MIT
licence), labelled toward person targets. A sentence gets a label when all its targets share one
polarity (2 negative, 4 neutral, 6 positive); sentences whose targets differ are left out and
counted. A random ``--n`` of those sentences (``--seed``) train ``newsframe.sentiment.train_scorer``
(5-fold cross-validated macro-F1 with its 95% bootstrap interval); the rest are held out, and the
trained scorer's macro-F1 on them is printed beside that of the ``news`` scorer with its shipped
neutral band on the same held-out sentences. Nothing here is a test: the data stay outside the project.
"""

from __future__ import annotations

import argparse
import json
import time
from pathlib import Path

import numpy as np
import pandas as pd

from newsframe.sentiment import score_texts, train_scorer
from newsframe.sentiment.lexicons import polarity_labels
from newsframe.sentiment.training import macro_f1_score

POLARITY = {2.0: "neg", 4.0: "neutral", 6.0: "pos"}


def read_sentences(path: Path) -> tuple[pd.DataFrame, int]:
    """Sentences whose targets agree, with that label; and how many sentences were left out."""
    path = path / "train.jsonl" if path.is_dir() else path
    rows, mixed = [], 0
    with path.open(encoding="utf-8") as lines:
        for line in lines:
            item = json.loads(line)
            polarities = {target["polarity"] for target in item["targets"]}
            if len(polarities) == 1:
                rows.append((item["sentence_normalized"], POLARITY[polarities.pop()]))
            else:
                mixed += 1
    table = pd.DataFrame(rows, columns=["text", "label"])
    repeated = table.duplicated("text", keep=False)
    # The same sentence labelled twice with different labels has no one label either.
    conflicting = table[repeated].groupby("text")["label"].nunique().gt(1)
    table = table[~table["text"].isin(conflicting[conflicting].index)].drop_duplicates("text")
    return table.reset_index(drop=True), mixed + int(conflicting.sum())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("newsmtsc", type=Path, help="NewsMTSC training split: folder or train.jsonl")
    parser.add_argument("--n", type=int, default=500, help="labelled sentences to train on (default 500)")
    parser.add_argument("--seed", type=int, default=0, help="seed of the random draw and of the folds")
    parser.add_argument("--n-jobs", type=int, default=None, help="processes for the lexicon scores")
    args = parser.parse_args()

    sentences, left_out = read_sentences(args.newsmtsc)
    order = np.random.default_rng(args.seed).permutation(len(sentences))
    train, held_out = sentences.iloc[order[: args.n]], sentences.iloc[order[args.n :]]
    print(f"{len(sentences):,} sentences with one label ({left_out:,} left out: targets of different polarity)")
    print(f"train: {len(train):,} (seed {args.seed}) {train['label'].value_counts().sort_index().to_dict()}")
    print(f"held out: {len(held_out):,} {held_out['label'].value_counts().sort_index().to_dict()}")

    start = time.perf_counter()
    model = train_scorer(train, folds=5, n_boot=1000, seed=args.seed, n_jobs=args.n_jobs)
    trained = time.perf_counter() - start
    predicted = model.score(held_out["text"].reset_index(drop=True), n_jobs=args.n_jobs)[f"{model.name}_label"]
    held_f1 = macro_f1_score(held_out["label"].to_numpy(dtype=object), predicted.to_numpy(dtype=object))
    news = polarity_labels(score_texts(held_out["text"], scorers=["news"], n_jobs=args.n_jobs)["news"])
    news_f1 = macro_f1_score(held_out["label"].to_numpy(dtype=object), news.to_numpy(dtype=object))

    low, high = model.metadata["cv_interval"]
    cv_f1 = model.metadata["cv_macro_f1"]
    print(f"trained scorer, 5-fold CV macro-F1 ({len(train)}): {cv_f1:.3f} [{low:.3f}, {high:.3f}] (95% bootstrap)")
    print(f"trained scorer, held-out macro-F1: {held_f1:.3f} (difference from CV: {held_f1 - cv_f1:+.3f})")
    print(f"news scorer (shipped band), held-out macro-F1: {news_f1:.3f}")
    print(f"training with cross-validation took {trained:.1f} s")


if __name__ == "__main__":
    main()
