"""Benchmark: mentions + quotes over the BBC news corpus, in MB/s, and the share of quotes with a speaker.

Sentence segmentation is not attribution, so it runs before the clock starts and is passed in.
Times ``find_mentions`` and ``find_quotes`` (best of ``--repeat`` runs each, by CPU time: the
process's own time, steadier than the wall clock on a shared machine) and prints MB/s of each
and of the two together (the figure issue 14 asks to keep above half of the old one).

    .venv/bin/python benchmarks/bench_quotes.py [BBC_DIR] [--limit N] [--repeat N]
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

from newsframe.actors import find_mentions
from newsframe.config import ROOT
from newsframe.load import load_articles
from newsframe.quotes import find_quotes
from newsframe.text import split_sentences

DEFAULT = ROOT.parent / "shared" / "corpora" / "bbc" / "news"


def best_of(repeat: int, function, *args, **kwargs):
    """The fastest of ``repeat`` runs in CPU seconds: ``(seconds, result)``."""
    best, result = float("inf"), None
    for _ in range(repeat):
        began = time.process_time()
        result = function(*args, **kwargs)
        best = min(best, time.process_time() - began)
    return best, result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("corpus", nargs="?", type=Path, default=DEFAULT)
    parser.add_argument("--limit", type=int, default=None, help="only the first N articles")
    parser.add_argument("--repeat", type=int, default=3, help="best of N timed runs")
    args = parser.parse_args()

    articles = load_articles(args.corpus)
    if args.limit:
        articles = articles.head(args.limit)
    megabytes = sum(len(t.encode()) + len(x.encode()) for t, x in zip(articles["title"], articles["text"])) / 1e6
    sentences = split_sentences(articles)
    mention_time, mentions = best_of(args.repeat, find_mentions, articles, sentences=sentences)
    named = mentions[mentions["kind"].ne("metonym")]
    quote_time, quotes = best_of(args.repeat, find_quotes, articles, named, sentences=sentences)
    attributed = quotes["speaker"].notna().mean() if len(quotes) else 0.0
    print(f"{len(articles)} articles, {megabytes:.2f} MB, {len(mentions)} mentions, {len(quotes)} quotes")
    print(f"find_mentions      {mention_time:7.2f} s  {megabytes / mention_time:6.2f} MB/s")
    print(f"find_quotes        {quote_time:7.2f} s  {megabytes / quote_time:6.2f} MB/s")
    both = mention_time + quote_time
    print(f"mentions + quotes  {both:7.2f} s  {megabytes / both:6.2f} MB/s")
    print(f"quotes with a speaker: {attributed:.1%}")


if __name__ == "__main__":
    main()
