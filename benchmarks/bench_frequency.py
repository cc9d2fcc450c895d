"""Tokenising and counting speed: newsframe against a plain regex-and-Counter loop, in one run.

    python benchmarks/bench_frequency.py [CORPUS ...] [--repeat 7]

Defaults to the BBC news corpus beside the repository (``../shared/corpora/bbc/news``). Reads
every article into memory first, so only tokenising and counting are timed, and prints MB/s
(UTF-8 bytes of title and body) for each method and the ratio to the baseline. The methods take
turns within each repeat and the best of ``--repeat`` runs is kept, as wall-clock time and as
CPU time of this process: other processes on the machine only ever slow a run down, and CPU
time is less disturbed by them than wall time. The load average is printed before and after.
"""

from __future__ import annotations

import argparse
import os
import re
import time
from collections import Counter
from pathlib import Path

import pandas as pd

from newsframe.config import ROOT
from newsframe.frequency import count_terms
from newsframe.load import load_articles
from newsframe.text import encode_tokens, raw_tokens, stopword_set

DEFAULT = ROOT.parent / "shared" / "corpora" / "bbc" / "news"
BASELINE = re.compile(r"\w+")


def baseline(articles: pd.DataFrame) -> Counter:
    """The plain loop: lower-case, ``\\w+``, drop stopwords, one Counter for the corpus."""
    stop = stopword_set()
    counts: Counter = Counter()
    for title, text in zip(articles["title"], articles["text"]):
        counts.update(w for w in BASELINE.findall(f"{title}\n{text}".lower()) if w not in stop)
    return counts


def raw_tokens_loop(articles: pd.DataFrame) -> int:
    return sum(
        len(raw_tokens(title)) + len(raw_tokens(text)) for title, text in zip(articles["title"], articles["text"])
    )


class _Codes(dict):
    def __missing__(self, token: str) -> int:
        code = self[token] = len(self)
        return code


def encode_all(articles: pd.DataFrame) -> int:
    texts = [part for pair in zip(articles["title"], articles["text"]) for part in pair]
    return len(encode_tokens(texts, _Codes())[0])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("corpora", nargs="*", type=Path, default=[DEFAULT])
    parser.add_argument("--repeat", type=int, default=7)
    args = parser.parse_args()
    articles = pd.concat([load_articles(path, progress=False) for path in args.corpora], ignore_index=True)
    articles = articles.assign(title=articles["title"].fillna(""), text=articles["text"].fillna(""))
    megabytes = sum(len(t.encode()) + len(x.encode()) for t, x in zip(articles["title"], articles["text"])) / 1e6
    print(f"corpus: {', '.join(map(str, args.corpora))}: {len(articles):,} articles, {megabytes:.2f} MB of text")
    methods = {
        "baseline: \\w+ regex + Counter (unigrams)": lambda: baseline(articles),
        "newsframe raw_tokens per text (tokenise only)": lambda: raw_tokens_loop(articles),
        "newsframe encode_tokens (tokenise only)": lambda: encode_all(articles),
        "newsframe count_terms n=1": lambda: count_terms(articles, progress=False),
        "newsframe count_terms n=(1, 2)": lambda: count_terms(articles, n=(1, 2), progress=False),
        "newsframe count_terms n=(1, 2, 3)": lambda: count_terms(articles, n=(1, 2, 3), progress=False),
    }
    print(f"load average before: {' '.join(f'{x:.2f}' for x in os.getloadavg())} on {os.cpu_count()} CPUs")
    wall = {name: float("inf") for name in methods}
    cpu = dict(wall)
    for _ in range(args.repeat):
        for name, run in methods.items():
            start, start_cpu = time.perf_counter(), time.process_time()
            run()
            wall[name] = min(wall[name], time.perf_counter() - start)
            cpu[name] = min(cpu[name], time.process_time() - start_cpu)
    print(f"load average after:  {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    base = next(iter(methods))
    print(
        f"{'best of ' + str(args.repeat):47s} {'wall s':>7s} {'MB/s':>6s} {'ratio':>6s}   {'CPU s':>7s} {'MB/s':>6s} "
        f"{'ratio':>6s}"
    )
    for name in methods:
        print(
            f"{name:47s} {wall[name]:7.3f} {megabytes / wall[name]:6.1f} {wall[base] / wall[name]:5.2f}x   "
            f"{cpu[name]:7.3f} {megabytes / cpu[name]:6.1f} {cpu[base] / cpu[name]:5.2f}x"
        )


if __name__ == "__main__":
    main()
