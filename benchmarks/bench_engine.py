"""newsframe's sentiment engine against TextBlob: exact agreement and speed on one core.

Usage: python benchmarks/bench_engine.py [--bbc DIR] [--reuters DIR] [--chunk 2000] [--limit N]

Every title, body and sentence (``split_sentences``) of the BBC corpus and of Reuters-21578
(its ``reut2-*.sgm`` files converted to seed files as ``bench_store.py`` does, or a folder of seed
files) is scored by ``newsframe.sentiment.engine``
and by TextBlob's ``textblob.en.sentiment`` (what ``TextBlob(text).sentiment`` calls), in
alternating chunks in this one process, so background load hits both alike. It prints the
number of texts whose (polarity, subjectivity) differ at all (``!=``, not approximately; must be
0), then texts/s and MB/s (UTF-8) of each in CPU seconds of this process, and their ratio. The
engine starts each corpus with nothing remembered, as a fresh process would.
"""

from __future__ import annotations

import operator
import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks.differential import alternate, corpora, corpus_texts, options  # noqa: E402

from newsframe.sentiment import engine  # noqa: E402

PARTS = ("titles", "bodies", "sentences")


def compare(name: str, texts: dict[str, list[str]], chunk: int) -> tuple[int, int, float, float]:
    """Score every text both ways; print and return (texts, mismatches, TextBlob s, engine s)."""
    engine.forget()
    total = mismatches = 0
    tb = en = 0.0
    for part, items in texts.items():
        bad, part_tb, part_en = alternate(
            part, items, engine.textblob_sentiment, engine.sentiment, chunk=chunk, same=operator.eq
        )
        print(f"  {name} {part:9s} {len(items):8,} texts  {bad} mismatches")
        total, mismatches, tb, en = total + len(items), mismatches + bad, tb + part_tb, en + part_en
    size = sum(len(text.encode()) for items in texts.values() for text in items) / 1e6
    print(
        f"  {name} all       {total:8,} texts  {mismatches} mismatches  {size:.1f} MB\n"
        f"    textblob {total / tb:9,.0f} texts/s  {size / tb:6.2f} MB/s  ({tb:.1f} CPU s)\n"
        f"    engine   {total / en:9,.0f} texts/s  {size / en:6.2f} MB/s  ({en:.1f} CPU s)\n"
        f"    engine / textblob: {tb / en:.2f}x faster on one core"
    )
    return total, mismatches, tb, en


def main() -> None:
    args = options(__doc__.splitlines()[0], ROOT).parse_args()
    print(
        f"TextBlob {engine.TEXTBLOB_VERSION} (verified: {', '.join(engine.VERIFIED_TEXTBLOB)}; engine in use: "
        f"{engine.EXACT}); load average {' '.join(f'{x:.2f}' for x in os.getloadavg())}"
    )
    engine.warm()
    engine.textblob_sentiment("good")  # both lexicons loaded before the clocks start
    with corpora(args) as folders:
        results = [compare(name, corpus_texts(folder, args.limit, PARTS), args.chunk) for name, folder in folders]
    total, mismatches, tb, en = (sum(column) for column in zip(*results))
    print(f"both corpora: {total:,} texts, {mismatches} mismatches; engine {tb / en:.2f}x faster than TextBlob")
    if mismatches:
        sys.exit(1)


if __name__ == "__main__":
    main()
