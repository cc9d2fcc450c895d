"""Shared by the exact-engine benchmarks (bench_engine.py, bench_vader.py): their options, the two
corpora, the texts of a corpus, and a reference scorer against newsframe's engine on the same
texts, in alternating chunks."""

from __future__ import annotations

import argparse
import tempfile
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path

from newsframe.load import load_articles
from newsframe.text import split_sentences


def options(description: str, root: Path) -> argparse.ArgumentParser:
    """The options both benchmarks take (``root``: the repository, beside ``shared/``)."""
    parser = argparse.ArgumentParser(description=description)
    parser.add_argument("--bbc", type=Path, default=root.parent / "shared/corpora/bbc/news")
    parser.add_argument("--reuters", type=Path, default=root.parent / "shared/corpora/reuters21578")
    parser.add_argument("--chunk", type=int, default=2000, help="texts per alternating chunk")
    parser.add_argument("--limit", type=int, default=None, help="only the first N articles of each corpus")
    return parser


@contextmanager
def corpora(args: argparse.Namespace) -> Iterator[list[tuple[str, Path]]]:
    """``("bbc", folder)`` and ``("reuters", folder)``: Reuters-21578's ``reut2-*.sgm`` files
    converted to seed files in a temporary folder (as ``bench_store.py`` does), or a folder of seed
    files as it is."""
    from tools.reuters import read_reuters, write_seed_files

    with tempfile.TemporaryDirectory() as tmp:
        reuters = args.reuters
        if any(reuters.glob("reut2-*.sgm")):
            reuters = Path(tmp)
            write_seed_files(read_reuters(args.reuters), reuters)
        yield [("bbc", args.bbc), ("reuters", reuters)]


def corpus_texts(folder: Path, limit: int | None, parts: Sequence[str]) -> dict[str, list[str]]:
    """The ``parts`` (``sentences``, ``titles``, ``bodies``) of the articles in ``folder``, in that
    order, missing text left out."""
    articles = load_articles(folder, progress=False)
    if limit:
        articles = articles.head(limit)
    columns = {"titles": articles["title"], "bodies": articles["text"]}
    if "sentences" in parts:
        columns["sentences"] = split_sentences(articles, progress=False)["text"]
    return {part: [str(text) for text in columns[part].dropna()] for part in parts}


def alternate(
    part: str,
    items: list[str],
    reference: Callable[[str], object],
    engine: Callable[[str], object],
    *,
    chunk: int,
    same: Callable[[object, object], bool],
) -> tuple[int, float, float]:
    """Score ``items`` with both, in chunks whose order alternates so that background load hits
    both alike; print the first mismatches of each chunk and return (mismatches, reference CPU s,
    engine CPU s)."""
    mismatches, seconds = 0, {"reference": 0.0, "engine": 0.0}
    scorers = {"reference": reference, "engine": engine}
    for start in range(0, len(items), chunk):
        batch = items[start : start + chunk]
        order = ("reference", "engine") if (start // chunk) % 2 == 0 else ("engine", "reference")
        scores = {}
        for side in order:
            began = time.process_time()
            scores[side] = [scorers[side](text) for text in batch]
            seconds[side] += time.process_time() - began
        bad = [k for k, (a, b) in enumerate(zip(scores["reference"], scores["engine"])) if not same(a, b)]
        for k in bad[:3]:
            print(f"    MISMATCH {part}: {batch[k][:80]!r}: {scores['reference'][k]} != {scores['engine'][k]}")
        mismatches += len(bad)
    return mismatches, seconds["reference"], seconds["engine"]
