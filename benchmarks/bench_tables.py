"""Tables cheap to touch: an operation on the articles table with thousands of rejects, and
``analyse()`` re-run in-process on an unchanged store, each against a baseline in the same run.

Usage: python benchmarks/bench_tables.py [--reuters DIR] [--rejects 10000] [--repeat 2000] [--reruns 3]

1. Column access and a row filter on the Reuters articles table (19,043 articles as seed-format
   files, ``/tmp/reuters_txt`` by default; see ``bench_store.py``) carrying ``--rejects`` rejections:
   the rejects as they were kept before (a list of dicts in ``attrs``, deep-copied by pandas on every
   operation), as kept now (``Rejected``, a handle that copies as itself), and with none.
2. ``analyse(articles)`` in one process: the first run (empty store, enriching everything) and an
   unchanged re-run (every table read back from the store; ``--reruns`` of them, the median reported
   beside each), and their ratio.
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from newsframe.load import load_articles  # noqa: E402
from newsframe.load.summary import Rejected  # noqa: E402


def per_operation_us(articles, repeat: int) -> tuple[float, float]:
    """Microseconds per column access and per boolean row filter."""
    start = time.perf_counter()
    for _ in range(repeat):
        articles["title"]
    column = (time.perf_counter() - start) / repeat * 1e6
    mask = articles["n_words"] > 100
    start = time.perf_counter()
    for _ in range(max(1, repeat // 20)):
        articles.loc[mask]
    rows = (time.perf_counter() - start) / max(1, repeat // 20) * 1e6
    return column, rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--reuters", default="/tmp/reuters_txt", help="Reuters-21578 as seed-format files")
    parser.add_argument("--rejects", type=int, default=10_000)
    parser.add_argument("--repeat", type=int, default=500)
    parser.add_argument("--reruns", type=int, default=3, help="unchanged re-runs timed (their median is reported)")
    args = parser.parse_args()

    articles = load_articles(args.reuters, progress=False)
    records = [{"path": f"bad/{k}.pdf", "record": None, "reason": "not an article file"} for k in range(args.rejects)]
    print(f"articles table: {len(articles):,} articles; {args.rejects:,} rejects attached")
    print(f"{'rejects kept as':34s} {'column access':>14s} {'row filter':>12s}")
    timings = {}
    for label, value in (
        ("none", Rejected()),
        ("list of dicts in attrs (before)", list(records)),
        ("Rejected handle (now)", Rejected(records)),
    ):
        table = articles.copy()
        table.attrs = {**articles.attrs, "rejects": value}
        timings[label] = per_operation_us(table, args.repeat)
        column, rows = timings[label]
        print(f"{label:34s} {column:11.1f} us {rows:9.0f} us")
    base = timings["none"]
    for label in ("list of dicts in attrs (before)", "Rejected handle (now)"):
        column, rows = timings[label]
        print(f"  {label}: column access {column / base[0]:.2f}x, row filter {rows / base[1]:.2f}x the cost with none")

    from newsframe.store import analyse

    with tempfile.TemporaryDirectory() as scratch:
        cache = Path(scratch) / "store"
        start = time.perf_counter()
        first = analyse(articles, cache_dir=cache, progress=False)
        first_s = time.perf_counter() - start
        reruns = []
        for _ in range(args.reruns):
            start = time.perf_counter()
            again = analyse(articles, cache_dir=cache, progress=False)
            reruns.append(time.perf_counter() - start)
        shutil.rmtree(cache, ignore_errors=True)
    same = all(first[name].equals(again[name]) for name in first)
    again_s = statistics.median(reruns)
    print(
        f"analyse() in one process, {len(articles):,} articles: first run {first_s:.1f} s, "
        f"unchanged re-run {again_s:.2f} s, the median of {len(reruns)} ({', '.join(f'{r:.2f}' for r in reruns)} s; "
        f"{first_s / again_s:.1f}x faster, the first re-run {first_s / reruns[0]:.1f}x; tables equal: {same})"
    )
    sizes = ", ".join(f"{name} {len(table):,}" for name, table in again.items())
    print(f"  rows returned: {sizes}")


if __name__ == "__main__":
    main()
