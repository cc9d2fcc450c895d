"""Actor-targeted sentiment on NewsMTSC: the clause around each target against the whole sentence.

Usage: ``.venv/bin/python benchmarks/bench_targeted.py ../shared/labelled/newsmtsc_train [--min-words 0 1 3]
[--scorers news vader] [--speed ../shared/corpora/bbc/news] [--train 0 1 2]``

NEWSMTSC is the NewsMTSC training split (its folder or ``train.jsonl``; Hamborg & Donnay 2021, MIT
licence): sentences with person targets given as character spans, each labelled negative / neutral
/ positive toward its target. Every target is one mention (its own actor, so each gets its own row)
and goes through ``newsframe.sentiment.targeted.score_mentions`` with ``unit="sentence"`` and
``unit="clause"``, for each scorer (TextBlob, VADER, AFINN, news). Scores become labels at each
scorer's shipped band (``labelling.BANDS``: ±0.05, ``news`` 0 / 0.3). Printed per scorer and unit:
macro-F1 and accuracy over all targets and over the two fixed halves of bench_scorers.py (A:
sentences whose crc32 is even, B: odd); choices (such as ``--min-words``) are to be made on A and
read on B. For ``news`` the paired bootstrap interval (1,000 resamples of sentences) of the
clause − sentence difference in macro-F1 is given. ``--speed CORPUS`` also times ``score_mentions``
(``news``, clause and sentence, all cores and one process) on the actor mentions of a corpus, as
mentions per second of wall time (the median of ``--repeat`` runs). ``--train SEED ...`` repeats
benchmarks/bench_training.py's protocol for each seed (its sentences, its random 500 for training,
the rest held out) with ``train_scorer`` target-free and target-aware (each sentence's first target
as ``target_start`` / ``target_end``), printing both side by side; ``--only-train`` skips the
scorer table; ``--encoder DIR`` trains with that sentence-transformers model folder too (each
distinct text encoded once per run; needs ``pip install 'newsframe[encoder]'``). Nothing here is a
test: the data stay outside the project.
"""

from __future__ import annotations

import argparse
import json
import time
import zlib
from pathlib import Path

import numpy as np
import pandas as pd

from newsframe.sentiment import score_column
from newsframe.sentiment.encoder import Encoder, load_encoder
from newsframe.sentiment.labelling import BANDS
from newsframe.sentiment.lexicons import polarity_labels
from newsframe.sentiment.targeted import MIN_WORDS, score_mentions
from newsframe.sentiment.training import macro_f1_score

POLARITY = {2.0: "neg", 4.0: "neutral", 6.0: "pos"}
SCORERS = ("textblob", "vader", "afinn", "news")


def read_targets(path: Path) -> tuple[pd.DataFrame, pd.DataFrame]:
    """NewsMTSC as a ``sentences`` table (one per sentence) and a ``mentions`` table (one per target, with
    ``label`` and ``half``); each target is its own actor, so that every target gets its own row."""
    path = path / "train.jsonl" if path.is_dir() else path
    sentences, mentions = [], []
    with path.open(encoding="utf-8") as lines:
        for number, line in enumerate(lines):
            item = json.loads(line)
            text = item["sentence_normalized"]
            half = "A" if zlib.crc32(text.encode("utf-8")) % 2 == 0 else "B"
            sentences.append(("s", number, 0, text))
            for index, target in enumerate(item["targets"]):
                actor = f"{number}.{index}"
                label = POLARITY[target["polarity"]]
                mentions.append(("s", number, actor, "person", target["from"], target["to"], label, half))
    sents = pd.DataFrame(sentences, columns=["article_id", "sentence", "start", "text"])
    ments = pd.DataFrame(mentions, columns=["article_id", "sentence", "actor", "type", "start", "end", "label", "half"])
    return sents, ments


def figures(truth: np.ndarray, predicted: np.ndarray) -> tuple[float, float]:
    return macro_f1_score(truth, predicted), float(np.mean(truth == predicted))


def paired_difference(
    truth: np.ndarray, first: np.ndarray, second: np.ndarray, groups: np.ndarray, *, n_boot: int = 1000
) -> tuple[float, float]:
    """95% percentile interval of macro-F1(second) − macro-F1(first), resampling whole sentences."""
    classes = np.array(sorted(set(truth) | set(first) | set(second)), dtype=object)
    code = {c: i for i, c in enumerate(classes)}
    t, a, b = (np.array([code[v] for v in x]) for x in (truth, first, second))
    unique, members = np.unique(groups, return_inverse=True)
    rng = np.random.default_rng(0)
    k = len(classes)

    def f1(rows: np.ndarray, predicted: np.ndarray) -> float:
        cells = np.bincount(t[rows] * k + predicted[rows], minlength=k * k).reshape(k, k)
        tp, true_n, predicted_n = np.diag(cells), cells.sum(axis=1), cells.sum(axis=0)
        present = (true_n + predicted_n) > 0
        return float((2 * tp[present] / (true_n + predicted_n)[present]).mean())

    order = np.argsort(members, kind="stable")
    bounds = np.searchsorted(members[order], np.arange(len(unique) + 1))
    differences = []
    for _ in range(n_boot):
        drawn = rng.integers(0, len(unique), len(unique))
        rows = np.concatenate([order[bounds[g] : bounds[g + 1]] for g in drawn])
        differences.append(f1(rows, b) - f1(rows, a))
    return float(np.quantile(differences, 0.025)), float(np.quantile(differences, 0.975))


def train(path: Path, *, seed: int, n: int = 500, encoder: Encoder | None = None) -> None:
    """bench_training.py's protocol for one seed, target-free and target-aware, side by side (with
    ``encoder``, both read texts through it too)."""
    from bench_training import read_sentences

    from newsframe.sentiment import train_scorer

    sentences, _ = read_sentences(path)
    first: dict[str, tuple[int, int]] = {}
    with (path / "train.jsonl" if path.is_dir() else path).open(encoding="utf-8") as lines:
        for line in lines:
            item = json.loads(line)
            target = item["targets"][0]
            first.setdefault(item["sentence_normalized"], (target["from"], target["to"]))
    spans = pd.DataFrame([first[t] for t in sentences["text"]], columns=["target_start", "target_end"])
    table = pd.concat([sentences, spans], axis=1)
    order = np.random.default_rng(seed).permutation(len(table))
    training, held_out = table.iloc[order[:n]], table.iloc[order[n:]].reset_index(drop=True)
    truth = held_out["label"].to_numpy(dtype=object)
    for name, columns in (("target-free", ["text", "label"]), ("target-aware", list(table.columns))):
        start = time.perf_counter()
        model = train_scorer(training[columns], folds=5, n_boot=1000, seed=seed, encoder=encoder)
        seconds = time.perf_counter() - start
        targets = held_out[["target_start", "target_end"]] if model.targeted else None
        predicted = model.score(held_out["text"], targets=targets)[f"{model.name}_label"].to_numpy(dtype=object)
        held = macro_f1_score(truth, predicted)
        cv, (low, high) = model.metadata["cv_macro_f1"], model.metadata["cv_interval"]
        print(
            f"seed {seed} {name + (' + encoder' if encoder else ''):22s}: 5-fold CV macro-F1 ({n}) {cv:.3f} "
            f"[{low:.3f}, {high:.3f}]; held-out "
            f"({len(held_out):,}) {held:.3f} (held-out − CV {held - cv:+.3f}); training {seconds:.0f} s",
            flush=True,
        )


def remembering(encoder: Encoder) -> Encoder:
    """``encoder``, each distinct text encoded once in this run (the draws share their sentences)."""
    seen: dict[str, np.ndarray] = {}

    def encode(texts: list[str]) -> np.ndarray:
        fresh = list(dict.fromkeys(t for t in texts if t not in seen))
        if fresh:
            seen.update(zip(fresh, encoder.encode(fresh), strict=True))
        return np.stack([seen[t] for t in texts])

    return Encoder(source=encoder.source, digest=encoder.digest, encode=encode)


def speed(corpus: Path, *, repeat: int) -> None:
    """Print mentions per second of ``score_mentions`` on the actor mentions of ``corpus``."""
    from newsframe.actors import find_mentions
    from newsframe.load import load_articles
    from newsframe.text import split_sentences

    articles = load_articles(corpus)
    sentences = split_sentences(articles, progress=False)
    mentions = find_mentions(articles, sentences=sentences, progress=False)
    print(f"{corpus}: {len(articles):,} articles, {len(sentences):,} sentences, {len(mentions):,} mentions")
    for unit in ("clause", "sentence"):
        for n_jobs in (None, 1):
            times = []
            for _ in range(repeat):
                start = time.perf_counter()
                out = score_mentions(mentions, sentences, unit=unit, n_jobs=n_jobs, progress=False)
                times.append(time.perf_counter() - start)
            seconds = float(np.median(times))
            print(
                f"score_mentions unit={unit} n_jobs={n_jobs or 'all'}: {len(out):,} rows (actor, sentence), "
                f"{seconds:.2f} s, {len(mentions) / seconds:,.0f} mentions/s"
            )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("newsmtsc", type=Path, help="NewsMTSC training split: folder or train.jsonl")
    parser.add_argument("--min-words", type=int, nargs="*", default=[MIN_WORDS], help="clause min_words to try")
    parser.add_argument("--scorers", nargs="*", default=list(SCORERS))
    parser.add_argument("--speed", type=Path, default=None, help="a corpus to time score_mentions on")
    parser.add_argument("--repeat", type=int, default=3, help="timed runs for --speed (the median is printed)")
    parser.add_argument("--train", type=int, nargs="*", default=[], help="seeds of bench_training's protocol")
    parser.add_argument("--only-train", action="store_true", help="only the --train comparison")
    parser.add_argument("--encoder", type=Path, default=None, help="--train with this sentence-transformers folder")
    args = parser.parse_args()
    if args.speed is not None:
        speed(args.speed, repeat=args.repeat)
    encoder = None if args.encoder is None else remembering(load_encoder(args.encoder))
    for seed in args.train:
        train(args.newsmtsc, seed=seed, encoder=encoder)
    if args.only_train:
        return

    sentences, mentions = read_targets(args.newsmtsc)
    print(f"{len(sentences):,} sentences, {len(mentions):,} targets {mentions['label'].value_counts().to_dict()}")
    truth = mentions.set_index("actor")["label"]
    halves = mentions.set_index("actor")["half"]
    rows, news_labels = [], {}
    for scorer in args.scorers:
        column = score_column(scorer)
        units = [("sentence", MIN_WORDS)] + [("clause", m) for m in args.min_words]
        for unit, min_words in units:
            start = time.perf_counter()
            scored = score_mentions(
                mentions, sentences, scorer=scorer, unit=unit, min_words=min_words, progress=False
            ).set_index("actor")
            seconds = time.perf_counter() - start
            predicted = polarity_labels(scored[column], neutral=BANDS[scorer]).reindex(truth.index)
            name = unit if unit == "sentence" else f"clause (min_words={min_words})"
            row = {"scorer": scorer, "unit": name}
            for half in ("A", "B", "all"):
                chosen = truth.index if half == "all" else truth.index[halves == half]
                f1, accuracy = figures(truth[chosen].to_numpy(object), predicted[chosen].to_numpy(object))
                row[f"macro_f1_{half}"], row[f"accuracy_{half}"] = round(f1, 3), round(accuracy, 3)
            row["targets_per_s"] = round(len(mentions) / seconds)
            rows.append(row)
            if scorer == "news":
                news_labels[name] = predicted.to_numpy(object)
    table = pd.DataFrame(rows)
    with pd.option_context("display.width", 200, "display.max_columns", 20):
        print(table.to_string(index=False))
    groups = mentions["sentence"].to_numpy()
    for name, labels in news_labels.items():
        if name != "sentence":
            low, high = paired_difference(truth.to_numpy(object), news_labels["sentence"], labels, groups)
            print(f"news, {name} − sentence, macro-F1 (all): 95% interval [{low:+.3f}, {high:+.3f}]")


if __name__ == "__main__":
    main()
