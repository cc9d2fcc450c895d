"""Shared by the exact-engine benchmarks (bench_engine.py, bench_vader.py): the texts of a corpus,
and a reference scorer against newsframe's engine on the same texts, in alternating chunks."""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from pathlib import Path

from newsframe.load import load_articles
from newsframe.text import split_sentences


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
