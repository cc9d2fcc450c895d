"""Loader throughput and peak memory against a plain read-and-split loop over the same files.

Usage: python benchmarks/bench_load.py [--bbc DIR] [--reuters DIR] [--repeat N]

The Reuters-21578 SGML is first converted to seed-format files in a temporary folder. Each
measurement runs in a fresh process, so peak memory (VmHWM above the process's resident size
just before the load) belongs to that load alone; newsframe reads large corpora in forked reader
processes, whose own peak above their start is shown beside it. The best of --repeat runs is
reported.
"""

from __future__ import annotations

import argparse
import multiprocessing as mp
import resource
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def _memory(field: str) -> int:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith(field):
            return int(line.split()[1]) * 1024
    raise RuntimeError(field)


def plain_loop(folder: str) -> int:
    """The baseline: read each file, split off its first line, keep title and body."""
    rows = []
    for path in sorted(Path(folder).rglob("*.txt")):
        head, _, body = path.read_text(encoding="utf-8").partition("\n")
        rows.append((head.strip(), body.strip()))
    return len(rows)


def newsframe_load(folder: str) -> int:
    from newsframe.load import load_articles

    articles = load_articles(folder, progress=False)
    assert articles.attrs["inputs"] == len(articles) + len(articles.attrs["rejects"])
    return len(articles)


def _measure(name: str, folder: str, queue) -> None:
    # Warm up on one small file: imports and first-call set-up are not per-article costs.
    with tempfile.TemporaryDirectory() as warm:
        Path(warm, "a.txt").write_text("date 2021-12-15 Warm-up\n\nBody.", encoding="utf-8")
        globals()[name](warm)
    before = _memory("VmRSS:")
    start = time.perf_counter()
    count = globals()[name](folder)
    seconds = time.perf_counter() - start
    # forked reader processes: their high-water mark above the size they were forked at
    workers = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss * 1024
    queue.put((count, seconds, _memory("VmHWM:") - before, max(workers - before, 0)))


def measure(name: str, folder: str, repeat: int) -> tuple[int, float, int]:
    runs = []
    for _ in range(repeat):
        queue = mp.get_context("spawn").Queue()
        process = mp.get_context("spawn").Process(target=_measure, args=(name, folder, queue))
        process.start()
        runs.append(queue.get())
        process.join()
    return min(runs, key=lambda run: run[1])


def report(label: str, folder: Path, repeat: int) -> None:
    files = sorted(folder.rglob("*.txt"))
    text_bytes = sum(p.stat().st_size for p in files)
    print(f"\n{label}: {len(files):,} files, {text_bytes / 1e6:.1f} MB of text")
    results = {name: measure(name, str(folder), repeat) for name in ("plain_loop", "newsframe_load")}
    for name, (count, seconds, peak, workers) in results.items():
        print(
            f"  {name:15s} {count:6,d} articles  {count / seconds:9,.0f} articles/s  "
            f"peak {peak / 1e6:6.1f} MB = {peak / text_bytes:4.2f}x text"
            + (f"  (+ largest reader process {workers / 1e6:.1f} MB above its start)" if workers else "")
        )
    speed = results["newsframe_load"][1] / results["plain_loop"][1]
    print(
        f"  newsframe takes {speed:.2f}x the plain loop's time "
        f"(target <= 1.00); peak memory {results['newsframe_load'][2] / text_bytes:.2f}x text (target < 3)"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--bbc", type=Path, default=ROOT.parent / "shared/corpora/bbc/news")
    parser.add_argument("--reuters", type=Path, default=ROOT.parent / "shared/corpora/reuters21578")
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    from tools.reuters import read_reuters, write_seed_files

    report("BBC", args.bbc, args.repeat)
    with tempfile.TemporaryDirectory() as tmp:
        paths = write_seed_files(read_reuters(args.reuters), tmp)
        print(f"\n(converted {len(paths):,} Reuters-21578 articles with a headline and body to seed-format files)")
        report("Reuters-21578", Path(tmp), args.repeat)


if __name__ == "__main__":
    main()
