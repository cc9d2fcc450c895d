"""Sentiment scoring speed: newsframe.sentiment.score_texts (all cores) against single-process
TextBlob (and VADER) over the same sentences, in the same run, with a check that the scores are
identical.

    .venv/bin/python benchmarks/bench_sentiment.py [CORPUS] [--repeat 2] [--n-jobs N] [--scorers textblob vader]

CORPUS defaults to ../shared/corpora/bbc/news relative to the repository root. Runs alternate
baseline and newsframe so background load hits both alike; the median of the repeats is printed.
"""

from __future__ import annotations

import argparse
import os
import statistics
import time
from pathlib import Path

from textblob import TextBlob
from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

from newsframe.config import ROOT
from newsframe.load import load_articles, rejects
from newsframe.sentiment import check_scorers, score_texts
from newsframe.text import split_sentences

DEFAULT_CORPUS = ROOT.parent / "shared" / "corpora" / "bbc" / "news"


def baseline(texts: list[str], scorers: tuple[str, ...]) -> list[tuple]:
    """What a user would write: one process, TextBlob(text).sentiment (and VADER) per sentence."""
    vader = SentimentIntensityAnalyzer() if "vader" in scorers else None
    rows = []
    for text in texts:
        row: tuple = ()
        if "textblob" in scorers:
            row += tuple(TextBlob(text).sentiment)
        if vader is not None:
            v = vader.polarity_scores(text)
            row += (v["compound"], v["pos"], v["neu"], v["neg"])
        rows.append(row)
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("corpus", nargs="?", type=Path, default=DEFAULT_CORPUS)
    parser.add_argument("--repeat", type=int, default=2)
    parser.add_argument("--n-jobs", type=int, default=None, help="processes (default: all cores)")
    parser.add_argument("--scorers", nargs="+", default=["textblob"], choices=["textblob", "vader"])
    args = parser.parse_args()
    scorers = check_scorers(args.scorers)

    articles = load_articles(args.corpus, progress=False)
    sentences = split_sentences(articles, progress=False)
    texts = sentences["text"].tolist()
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    print(
        f"corpus {args.corpus}: {len(articles):,} articles ({len(rejects(articles)):,} rejected), "
        f"{len(texts):,} sentences; scorers {', '.join(scorers)}; {cores} cores, n_jobs={args.n_jobs or cores}"
    )
    print(f"load average before: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")

    base_times, our_times = [], []
    for run in range(1, args.repeat + 1):
        start = time.perf_counter()
        expected = baseline(texts, scorers)
        base_times.append(time.perf_counter() - start)

        start = time.perf_counter()
        ours = score_texts(texts, scorers=scorers, n_jobs=args.n_jobs, progress=False)
        our_times.append(time.perf_counter() - start)

        identical = list(ours.itertuples(index=False, name=None)) == expected
        print(
            f"run {run}: baseline {len(texts) / base_times[-1]:,.0f} sentences/s, "
            f"newsframe {len(texts) / our_times[-1]:,.0f} sentences/s, "
            f"ratio {base_times[-1] / our_times[-1]:.2f}x, identical scores: {identical}"
        )
        if not identical:
            raise SystemExit("scores differ from the baseline")

    base, our = statistics.median(base_times), statistics.median(our_times)
    print(
        f"median: baseline {len(texts) / base:,.0f} sentences/s ({base:.1f} s), "
        f"newsframe {len(texts) / our:,.0f} sentences/s ({our:.1f} s), speed-up {base / our:.2f}x"
    )
    print(f"load average after: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")


if __name__ == "__main__":
    main()
