"""End-to-end enrichment: the store's first run, an unchanged re-run and a re-run with 1% new
articles, against a naive single-process baseline, over Reuters-21578 and a 10x replica.

Usage: python benchmarks/bench_store.py [--reuters DIR] [--copies 10] [--jobs N] [--skip-replica]
                                        [--stages N] [--stages-only]

The baseline is what a user would write first: pandas ``apply`` of ``TextBlob(text).sentiment``
per article, a regex tokenizer with a Counter, and one alternation regex of every actor alias.
Each measurement runs in a fresh process, timed after the libraries are imported; beside the
wall time it reports the CPU time of all its processes (the run's own and its workers', user and
system): on a shared machine the wall time follows the load, the CPU time much less. Peak memory
is the process's high-water mark (VmHWM) and, for the store, also the largest worker's (the
workers are separate processes).
"""

from __future__ import annotations

import argparse
import multiprocessing as mp
import os
import resource
import shutil
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def _cpu_seconds() -> float:
    """CPU time (user and system) of this process and of its children that have ended."""
    own, children = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def _peak_mb() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    raise RuntimeError("no VmHWM")


def _naive_parts(aliases) -> dict:
    """The naive baseline's three analyses, each a function of a Series of article texts."""
    import re
    from collections import Counter

    from textblob import TextBlob

    names = sorted(set(aliases.loc[aliases["kind"].isin(["name", "role"]), "alias"]), key=len, reverse=True)
    actor_regex = re.compile(r"\b(?:" + "|".join(map(re.escape, names)) + r")\b")
    word = re.compile(r"\w+")
    return {
        "TextBlob per article (apply)": lambda texts: texts.apply(lambda text: TextBlob(text).sentiment.polarity),
        "\\w+ tokens + Counter": lambda texts: texts.apply(lambda text: Counter(word.findall(text.lower()))),
        "one actor regex": lambda texts: texts.apply(lambda text: [m.group(0) for m in actor_regex.finditer(text)]),
    }


def naive(folder: str, _cache: str) -> dict:
    from newsframe.actors import load_actors
    from newsframe.load import load_articles

    parts = _naive_parts(load_actors())
    articles = load_articles(folder, progress=False)
    texts = articles["text"].astype(object)  # object dtype: pandas would type dict results as Arrow structs
    sentiment, terms, mentions = (part(texts) for part in parts.values())
    return {
        "articles": len(articles),
        "scored": int(sentiment.notna().sum()),
        "terms": int(terms.map(len).sum()),
        "mentions": int(mentions.map(len).sum()),
    }


def stages(folder: str, sample: int, repeat: int = 3) -> None:
    """CPU seconds per 1,000 articles of each stage of the store's enrichment and of the naive
    baseline, serially in this process over the first ``sample`` articles, against the budget that
    a 2x first run on this machine's cores allows. Each stage's first pass runs with its lexicons
    loaded (as in a store worker, forked after ``warm``) but its memos cold (every word is new to
    the sentiment engines), as a first run meets most words; the best of ``repeat`` passes is the
    steady state of a long run."""
    import itertools

    from newsframe.actors import find_mentions, load_actors
    from newsframe.frequency import count_terms
    from newsframe.load import iter_batches
    from newsframe.quotes import find_quotes
    from newsframe.sentiment import _warm, score_articles, score_sentences
    from newsframe.store import TERM_ORDERS, write_parquet
    from newsframe.store.pipeline import warm
    from newsframe.text import split_sentences

    articles = next(iter_batches(folder, batch_size=sample, progress=False))
    aliases = load_actors()
    _warm(("textblob", "vader"))
    warm(aliases)
    per_1000 = 1000 / len(articles)
    timed: dict[str, tuple[float, float]] = {}  # (first pass, best pass)

    def clock(name, function, *args, **kwargs):
        passes = []
        for _ in range(repeat):
            start = time.process_time()
            result = function(*args, **kwargs)
            passes.append((time.process_time() - start) * per_1000)
        timed[name] = (passes[0], min(passes))
        return result

    texts = articles["text"].astype(object)
    for name, part in _naive_parts(aliases).items():
        clock(f"naive: {name}", part, texts)
    quiet = {"progress": False}
    sentences = clock("split_sentences (sentencex)", split_sentences, articles, **quiet)
    scored = clock("score_sentences, TextBlob", score_sentences, sentences, scorers=["textblob"], n_jobs=1, **quiet)
    vader = clock("score_sentences, VADER", score_sentences, sentences, scorers=["vader"], n_jobs=1, **quiet)
    scored = scored.assign(**{c: vader[c] for c in vader if c.startswith("vader_")})
    tables = {"sentences": scored}
    tables["article_sentiment"] = clock(
        "score_articles (whole-body TextBlob, headlines)", score_articles, articles, sentences=scored, n_jobs=1, **quiet
    )
    tables["terms"] = clock("count_terms, n = 1..3", count_terms, articles, n=TERM_ORDERS, **quiet)
    tables["mentions"] = clock(
        "find_mentions", find_mentions, articles, aliases, sentences=scored, metonyms=True, **quiet
    )
    named = tables["mentions"][tables["mentions"]["kind"].ne("metonym")]
    tables["quotes"] = clock("find_quotes", find_quotes, articles, named, sentences=scored)
    with tempfile.TemporaryDirectory() as tmp:
        clock("write Parquet parts", lambda: [write_parquet(t, Path(tmp) / f"{n}.parquet") for n, t in tables.items()])

    cores = os.cpu_count() or 1
    naive_total = tuple(sum(v[k] for n, v in timed.items() if n.startswith("naive")) for k in (0, 1))
    store_total = tuple(sum(v[k] for n, v in timed.items() if not n.startswith("naive")) for k in (0, 1))
    print(f"\nstages, serial CPU seconds per 1,000 articles (first {len(articles):,} articles):")
    print(f"  {'':52s} {'first':>6s} {f'best of {repeat}':>10s}")
    for name, (first, best) in itertools.chain(
        timed.items(), [("naive baseline, total", naive_total), ("store enrichment, total", store_total)]
    ):
        print(f"  {name:52s} {first:6.2f} {best:10.2f}")
    budget = cores * naive_total[0] / 2
    print(
        f"  a first run 2x faster than the naive baseline on {cores} cores allows at most {budget:.2f} CPU s "
        f"per 1,000 articles (perfect scaling, first passes); the store's stages take {store_total[0]:.2f}, "
        f"{store_total[0] / budget:.2f}x that; at best {cores * naive_total[0] / store_total[0]:.2f}x the "
        "baseline's speed"
    )


def store(folder: str, cache: str, jobs: int | None = None) -> dict:
    from newsframe.store import build

    summary = build(folder, cache_dir=cache, n_jobs=jobs, progress=False).iloc[0]
    return {k: int(v) for k, v in summary.items()}


def _child(name: str, folder: str, cache: str, jobs: int | None, queue) -> None:
    # imports are not part of a run's work (a notebook or a long-lived process has them already)
    import textblob  # noqa: F401

    import newsframe.store  # noqa: F401

    start, cpu = time.perf_counter(), _cpu_seconds()
    result = naive(folder, cache) if name == "naive" else store(folder, cache, jobs)
    seconds, cpu = time.perf_counter() - start, _cpu_seconds() - cpu
    workers = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    queue.put((seconds, _peak_mb(), workers, result, cpu))


def measure(name: str, folder: Path, cache: Path, jobs: int | None = None) -> tuple[float, float, float, dict, float]:
    context = mp.get_context("spawn")
    queue = context.Queue()
    process = context.Process(target=_child, args=(name, str(folder), str(cache), jobs, queue))
    process.start()
    result = queue.get()
    process.join()
    return result


def _in_fresh_process(function, *args) -> None:
    process = mp.get_context("spawn").Process(target=function, args=args)
    process.start()
    process.join()
    if process.exitcode:
        raise SystemExit(f"{function.__name__} failed with exit code {process.exitcode}")


def replicate(source: Path, target: Path, copies: int) -> None:
    """``copies`` hard-linked copies of a folder: distinct paths, hence distinct article ids."""
    for copy in range(copies):
        shutil.copytree(source, target / f"copy-{copy:02d}", copy_function=os.link)


def add_new(folder: Path, share: float) -> int:
    """New articles, ``share`` of the corpus: existing ones with a changed headline, in new files."""
    files = sorted(folder.rglob("*.txt"))
    new = folder / "new-articles"
    new.mkdir()
    chosen = files[:: max(1, round(1 / share))]
    for number, path in enumerate(chosen):
        header, _, body = path.read_text(encoding="utf-8").partition("\n")
        (new / f"new-{number:06d}.txt").write_text(f"{header} (update {number})\n{body}", encoding="utf-8")
    return len(chosen)


def run_suite(label: str, folder: Path, work: Path, jobs: int | None) -> dict:
    files = list(folder.rglob("*.txt"))
    size = sum(p.stat().st_size for p in files) / 1e6
    print(f"\n{label}: {len(files):,} files, {size:.1f} MB")
    cache = work / f"cache-{label}"
    rows = {}
    rows["naive baseline (1 process)"] = measure("naive", folder, cache)
    rows["store, first run"] = measure("store", folder, cache, jobs)
    rows["store, re-run, no change"] = measure("store", folder, cache, jobs)
    added = add_new(folder, 0.01)
    rows[f"store, re-run, +{added:,} new (1%)"] = measure("store", folder, cache, jobs)
    shutil.rmtree(folder / "new-articles")
    for name, (seconds, peak, workers, result, cpu) in rows.items():
        rate = result.get("enriched", result.get("articles", 0)) / seconds
        print(
            f"  {name:34s} {seconds:8.1f} s  CPU {cpu:6.1f} s  {rate:8,.0f} articles/s  peak {peak:7.0f} MB  "
            f"(largest worker {workers:5.0f} MB)  {result}"
        )
    first, again = rows["store, first run"][0], rows["store, re-run, no change"][0]
    naive_row = rows["naive baseline (1 process)"]
    print(
        f"  first run vs naive baseline: {naive_row[0] / first:.2f}x faster (target >= 2); "
        f"CPU {rows['store, first run'][4] / naive_row[4]:.2f}x the baseline's; load average now "
        f"{' '.join(f'{x:.2f}' for x in os.getloadavg())}"
    )
    print(
        f"  unchanged re-run vs first run: {first / again:.1f}x faster (a fresh process reading and hashing every "
        "file again; issue #16's 20x is for analyse() in-process on a loaded table: bench_tables.py)"
    )
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--reuters", type=Path, default=ROOT.parent / "shared/corpora/reuters21578")
    parser.add_argument("--copies", type=int, default=10)
    parser.add_argument("--jobs", type=int, default=None, help="store processes (default: all cores)")
    parser.add_argument("--skip-replica", action="store_true", help="only the 1x corpus")
    parser.add_argument(
        "--stages",
        type=int,
        default=2000,
        metavar="N",
        help="profile the stages serially over the first N articles (0: skip)",
    )
    parser.add_argument("--stages-only", action="store_true", help="only the stage profile")
    args = parser.parse_args()
    from tools.reuters import read_reuters, write_seed_files

    print(f"{os.cpu_count()} cores; load average {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        one = work / "reuters"
        write_seed_files(read_reuters(args.reuters), one)
        if args.stages:
            _in_fresh_process(stages, str(one), args.stages)
        if args.stages_only:
            return
        single = run_suite("1x", one, work, args.jobs)
        if not args.skip_replica:
            replica = work / "replica"
            replicate(one, replica, args.copies)
            many = run_suite(f"{args.copies}x", replica, work, args.jobs)
            ratio = many["store, first run"][1] / single["store, first run"][1]
            workers = many["store, first run"][2] / single["store, first run"][2]
            print(
                f"\npeak memory, first run, {args.copies}x vs 1x: main process {ratio:.2f}x, "
                f"largest worker {workers:.2f}x (target <= 1.5)"
            )


if __name__ == "__main__":
    main()
