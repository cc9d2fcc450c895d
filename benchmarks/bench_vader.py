"""newsframe's VADER engine against vaderSentiment: exact agreement and speed on one core.

Usage: python benchmarks/bench_vader.py [--check] [--bbc DIR] [--reuters DIR] [--chunk 2000] [--limit N]

Every sentence (``split_sentences``) and title of the BBC corpus and of Reuters-21578 is scored
by ``newsframe.sentiment.vader`` and by vaderSentiment's ``SentimentIntensityAnalyzer().polarity_scores``,
in alternating chunks in this one process, so background load hits both alike. ``--check`` adds
every article body (long texts, on which vaderSentiment is slowest). It prints the number of
texts whose scores differ at all (the ``repr`` of the two dicts: key order, and each float to its
last bit and the sign of a zero; must be 0), then texts/s and MB/s (UTF-8) of each in CPU
seconds of this process, and their ratio. The engine starts each corpus with nothing
remembered, as a fresh process would. ``--reuters`` takes the folder of ``reut2-*.sgm`` files
(converted to seed files as ``bench_store.py`` does) or a folder of seed files.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from newsframe.load import load_articles  # noqa: E402
from newsframe.sentiment import vader  # noqa: E402
from newsframe.text import split_sentences  # noqa: E402


def corpus_texts(folder: Path, limit: int | None, bodies: bool) -> dict[str, list[str]]:
    """Sentences, titles (and bodies) of the articles in ``folder``, missing text left out."""
    articles = load_articles(folder, progress=False)
    if limit:
        articles = articles.head(limit)
    sentences = split_sentences(articles, progress=False)
    parts = [("sentences", sentences["text"]), ("titles", articles["title"])]
    if bodies:
        parts.append(("bodies", articles["text"]))
    return {part: [str(text) for text in column.dropna()] for part, column in parts}


def compare(name: str, texts: dict[str, list[str]], chunk: int) -> tuple[int, int, float, float]:
    """Score every text both ways; print and return (texts, mismatches, package s, engine s)."""
    vader.forget()
    total = mismatches = 0
    all_seconds = {"package": 0.0, "engine": 0.0}
    for part, items in texts.items():
        part_mismatches = 0
        seconds = {"package": 0.0, "engine": 0.0}
        for start in range(0, len(items), chunk):
            batch = items[start : start + chunk]
            order = ("package", "engine") if (start // chunk) % 2 == 0 else ("engine", "package")
            scores = {}
            for side in order:
                score = vader.package_scores if side == "package" else vader.polarity_scores
                began = time.process_time()
                scores[side] = [score(text) for text in batch]
                seconds[side] += time.process_time() - began
            bad = [k for k, (a, b) in enumerate(zip(scores["package"], scores["engine"])) if repr(a) != repr(b)]
            for k in bad[:3]:
                print(f"    MISMATCH {part}: {batch[k][:80]!r}: {scores['package'][k]} != {scores['engine'][k]}")
            part_mismatches += len(bad)
        size = sum(len(text.encode()) for text in items) / 1e6
        pk, en = seconds["package"], seconds["engine"]
        print(
            f"  {name} {part:9s} {len(items):8,} texts  {part_mismatches} mismatches  {size:5.1f} MB  "
            f"package {len(items) / pk:8,.0f}/s {size / pk:5.2f} MB/s  engine {len(items) / en:8,.0f}/s "
            f"{size / en:5.2f} MB/s  {pk / en:.2f}x"
        )
        total += len(items)
        mismatches += part_mismatches
        all_seconds = {side: all_seconds[side] + seconds[side] for side in seconds}
    pk, en = all_seconds["package"], all_seconds["engine"]
    print(f"  {name} all       {total:8,} texts  {mismatches} mismatches  engine {pk / en:.2f}x faster on one core")
    return total, mismatches, pk, en


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="also every article body (slow)")
    parser.add_argument("--bbc", type=Path, default=ROOT.parent / "shared/corpora/bbc/news")
    parser.add_argument("--reuters", type=Path, default=ROOT.parent / "shared/corpora/reuters21578")
    parser.add_argument("--chunk", type=int, default=2000, help="texts per alternating chunk")
    parser.add_argument("--limit", type=int, default=None, help="only the first N articles of each corpus")
    args = parser.parse_args()
    from tools.reuters import read_reuters, write_seed_files

    print(
        f"vaderSentiment {vader.VADER_VERSION} (verified: {', '.join(vader.VERIFIED_VADER)}; engine in use: "
        f"{vader.EXACT}); load average {' '.join(f'{x:.2f}' for x in os.getloadavg())}"
    )
    vader.warm()
    vader.package_scores("good")  # both lexicons loaded before the clocks start
    results = []
    with tempfile.TemporaryDirectory() as tmp:
        reuters = args.reuters
        if any(reuters.glob("reut2-*.sgm")):
            reuters = Path(tmp)
            write_seed_files(read_reuters(args.reuters), reuters)
        for name, folder in (("bbc", args.bbc), ("reuters", reuters)):
            results.append(compare(name, corpus_texts(folder, args.limit, args.check), args.chunk))
    total, mismatches, pk, en = (sum(column) for column in zip(*results))
    print(f"both corpora: {total:,} texts, {mismatches} mismatches; engine {pk / en:.2f}x faster than vaderSentiment")
    if mismatches:
        sys.exit(1)


if __name__ == "__main__":
    main()
