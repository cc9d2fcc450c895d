"""Wall time of the report suite (`newsframe report`) with --jobs 2 against --jobs 1.

Usage: python benchmarks/bench_report.py [CORPUS] [--jobs N] [--repeat R]

CORPUS defaults to data/sample (relative to the repository root). Each setting runs the real
notebooks into a temporary reports folder with the `newsframe report` command, in a fresh process; the
baseline is the same suite run one notebook at a time (--jobs 1). Prints each wall time and the
ratio. Each setting runs twice: "cold", with an empty Parquet store of analysed tables (every
analysis computed, as on a corpus seen for the first time), and "warm", with the store the cold run
filled (as on a scheduled re-run), and the warm/cold ratio is printed too. Timings are wall clock,
so other load on the machine shows in them.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path


def timed_run(corpus: str, jobs: int, out: Path, cache: Path) -> tuple[float, str]:
    """One `newsframe report`, as a user runs it: a fresh process whose store is ``cache``."""
    out.mkdir(parents=True, exist_ok=True)
    env = {**os.environ, "NEWSFRAME_CACHE": str(cache)}  # set before newsframe is imported, kernels inherit it
    command = [sys.executable, "-m", "newsframe.cli", "report", "--corpus", corpus, "--out", str(out)]
    start = time.perf_counter()
    done = subprocess.run([*command, "--jobs", str(jobs)], env=env, capture_output=True, text=True, check=False)
    seconds = time.perf_counter() - start
    record = json.loads(max(out.glob("*/run.json")).read_text(encoding="utf-8"))
    each = ", ".join(f"{n['name']} {n['seconds']:.1f} s" for n in record["notebooks"])
    store = record["store"] or {}
    print(f"  store filled in {store.get('seconds')} s ({store.get('enriched')} analysed); notebooks: {each}")
    return seconds, record["status"] if done.returncode == 0 else f"exit {done.returncode}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("corpus", nargs="?", default="data/sample")
    parser.add_argument("--jobs", type=int, default=2, help="parallel setting compared with --jobs 1")
    parser.add_argument("--repeat", type=int, default=1)
    args = parser.parse_args()
    times: dict[tuple[str, int], list[float]] = {}
    with tempfile.TemporaryDirectory() as scratch:
        for number in range(args.repeat):
            for jobs in (1, args.jobs):
                cache = Path(scratch) / f"cache-{number}-{jobs}"
                for state in ("cold", "warm"):
                    out = Path(scratch) / f"reports-{number}-{jobs}-{state}"
                    seconds, status = timed_run(args.corpus, jobs, out, cache)
                    times.setdefault((state, jobs), []).append(seconds)
                    print(f"--jobs {jobs}, {state} store: {seconds:6.1f} s wall ({status})", flush=True)
    for state in ("cold", "warm"):
        one, many = min(times[(state, 1)]), min(times[(state, args.jobs)])
        print(
            f"{state} store, best of {args.repeat}: --jobs 1 {one:.1f} s, --jobs {args.jobs} {many:.1f} s, "
            f"ratio jobs{args.jobs}/jobs1 = {many / one:.2f}, speed-up {one / many:.2f}x"
        )
    for jobs in (1, args.jobs):
        cold, warm = min(times[("cold", jobs)]), min(times[("warm", jobs)])
        print(f"--jobs {jobs}: warm {warm:.1f} s against cold {cold:.1f} s, a second report {cold / warm:.2f}x faster")


if __name__ == "__main__":
    main()
