"""The store repairing damage: build a store over a real corpus, damage parts in several ways,
let the next run repair them, and compare every table with a clean build.

Usage: python benchmarks/repair_store.py [--corpus DIR] [--batch-size N]

Default corpus: ../shared/corpora/bbc. For each kind of damage (a flipped byte, a truncated
file, an empty file, garbage, a deleted part, a garbage batch manifest) one part of one batch
is damaged; the run after it must warn about that part, enrich only that batch's articles
again, and give tables identical (pandas ``assert_frame_equal``, exact) to the clean build.
Prints one line per damage and exits non-zero if any table differs.
"""

from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
import time
import warnings
from pathlib import Path

import pandas as pd

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "lib"))

from newsframe.load import load_articles  # noqa: E402
from newsframe.store import TABLES, analyse, build  # noqa: E402


def damage(path: Path, how: str) -> None:
    data = path.read_bytes()
    if how == "flipped byte":
        path.write_bytes(data[: len(data) // 2] + bytes([data[len(data) // 2] ^ 0x01]) + data[len(data) // 2 + 1 :])
    elif how == "truncated":
        path.write_bytes(data[: len(data) // 2])
    elif how == "empty":
        path.write_bytes(b"")
    elif how == "garbage":
        path.write_bytes(b"\x00garbage" * 64)
    elif how == "deleted":
        path.unlink()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=ROOT.parent / "shared" / "corpora" / "bbc")
    parser.add_argument("--batch-size", type=int, default=200)
    args = parser.parse_args()
    articles = load_articles(args.corpus, progress=False)
    work = Path(tempfile.mkdtemp(prefix="newsframe-repair-"))
    try:
        clean = analyse(articles, cache_dir=work / "clean", batch_size=args.batch_size, progress=False)
        print(f"{args.corpus}: {len(articles):,} articles; clean build in {work / 'clean'}")
        failures = 0
        kinds = ["flipped byte", "truncated", "empty", "garbage", "deleted", "garbage manifest"]
        for number, how in enumerate(kinds):
            store = work / f"store-{number}"
            shutil.copytree(work / "clean", store)
            table = TABLES[number % len(TABLES)]
            if how == "garbage manifest":
                target = sorted((store / "manifest").glob("*.parquet"))[1]
                damage(target, "garbage")
            else:
                target = sorted(store.rglob(f"parts/{table}/*.parquet"))[1]
                damage(target, how)
            started = time.perf_counter()
            with warnings.catch_warnings(record=True) as caught:
                warnings.simplefilter("always")
                summary = build(args.corpus, cache_dir=store, batch_size=args.batch_size, progress=False)
            seconds = time.perf_counter() - started
            named = [str(w.message) for w in caught if target.name in str(w.message)]
            repaired = analyse(articles, cache_dir=store, batch_size=args.batch_size, progress=False)
            same = True
            for name in TABLES:
                try:
                    pd.testing.assert_frame_equal(repaired[name], clean[name], check_exact=True)
                except AssertionError:
                    same = False
            failures += not (same and named)
            print(
                f"{how:>16} {target.parent.name}/{target.name}: warned={bool(named)}, "
                f"re-enriched {int(summary.loc[0, 'enriched']):,} of {int(summary.loc[0, 'articles']):,} "
                f"articles in {seconds:.1f} s; tables identical to the clean build: {same}"
            )
        return 1 if failures else 0
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
