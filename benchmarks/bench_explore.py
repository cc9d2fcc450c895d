"""The explorer's actions on Reuters: seconds per search (every panel), per period picked (what
drove it) and per article opened, against a baseline measured in the same run.

Usage: python benchmarks/bench_explore.py [--corpus /tmp/reuters_txt] [--cache-dir DIR] [--repeat 3]

The corpus (19,043 Reuters-21578 articles as seed-format files by default; see ``bench_store.py``)
is loaded and its tables read from the store once (built first if need be: that time is printed
but is not an action). Then each query below is searched ``--repeat`` times with the ``Explorer``
(widgets included, no browser): ``search`` is the time from the query to every panel filled
(hits, timeline figure, keyword in context, sentences with the words behind their scores, the
articles and the first one's brief); ``period`` is what drove the busiest period; ``article`` is
one brief. The baseline is the plainest search a notebook could run: ``str.contains`` of the query
over every stored sentence (no tokens, no panels). Medians over queries and repeats.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "lib"))

QUERIES = {
    "words": ["oil", "interest rates", "crude oil", "negotiat*", "dollar", "pct"],
    "actor": ["Reagan", "OPEC", "Japan", "Federal Reserve", "James Baker"],
}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", default="/tmp/reuters_txt")
    parser.add_argument("--cache-dir", default=None, help="store folder (default: the checkout's)")
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()

    from newsframe.defaults import unique_articles
    from newsframe.explore import Corpus, Explorer
    from newsframe.load import load_articles
    from newsframe.store import analyse

    started = time.perf_counter()
    articles = unique_articles(load_articles(args.corpus, progress=False))
    tables = analyse(articles, cache_dir=args.cache_dir, progress=False)
    loaded = time.perf_counter() - started
    started = time.perf_counter()
    corpus = Corpus(articles, tables)
    explorer = Explorer(corpus, name=args.corpus)
    opened = time.perf_counter() - started
    print(f"corpus: {args.corpus}: {len(articles):,} articles, {len(tables['sentences']):,} sentences")
    print(f"open: load + store read {loaded:.1f} s; index and widgets {opened:.1f} s (once per explorer)")

    sentences = tables["sentences"]["text"]
    times: dict[str, list[float]] = {"search": [], "period": [], "article": [], "baseline": []}
    print(
        f"{'query':<18}{'kind':<7}{'hits':>8}{'articles':>10}{'search s':>10}{'period s':>10}{'article s':>10}"
        f"{'baseline s':>12}"
    )
    for kind, queries in QUERIES.items():
        for query in queries:
            rows = []
            for _ in range(args.repeat):
                search = explorer.search(query, kind=kind)
                period = explorer.timings.get("period", float("nan"))
                first = explorer.articles.options[0][1] if explorer.articles.options else None
                article = explorer.open_article(first) if first else float("nan")
                begun = time.perf_counter()
                sentences.str.contains(query.rstrip("*"), case=False, regex=False)
                baseline = time.perf_counter() - begun
                rows.append((search, period, article, baseline))
                explorer._drivers.clear()  # a period picked again would be remembered: time it afresh
            for name, values in zip(("search", "period", "article", "baseline"), zip(*rows, strict=True), strict=True):
                times[name].extend(values)
            median = [statistics.median(values) for values in zip(*rows, strict=True)]
            hits = explorer.hits
            print(
                f"{query:<18}{kind:<7}{len(hits):>8,}{hits['article_id'].nunique():>10,}"
                f"{median[0]:>10.3f}{median[1]:>10.3f}{median[2]:>10.3f}{median[3]:>12.3f}"
            )
    base = statistics.median(times["baseline"])
    print(
        f"\nload average over 1, 5, 15 minutes at the end: {', '.join(f'{x:.1f}' for x in os.getloadavg())} "
        f"on {os.cpu_count()} cores"
    )
    for name in ("search", "period", "article"):
        values = times[name]
        print(
            f"{name:<8} median {statistics.median(values):.3f} s, max {max(values):.3f} s "
            f"({statistics.median(values) / base:.1f}x the baseline's {base:.3f} s)"
        )


if __name__ == "__main__":
    main()
