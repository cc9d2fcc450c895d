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

import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks.differential import alternate, corpora, corpus_texts, options  # noqa: E402

from newsframe.sentiment import vader  # noqa: E402

PARTS = ("sentences", "titles")


def compare(name: str, texts: dict[str, list[str]], chunk: int) -> tuple[int, int, float, float]:
    """Score every text both ways; print and return (texts, mismatches, package s, engine s)."""
    vader.forget()
    total = mismatches = 0
    pk = en = 0.0
    for part, items in texts.items():
        bad, part_pk, part_en = alternate(
            part, items, vader.package_scores, vader.polarity_scores, chunk=chunk, same=_identical
        )
        size = sum(len(text.encode()) for text in items) / 1e6
        print(
            f"  {name} {part:9s} {len(items):8,} texts  {bad} mismatches  {size:5.1f} MB  "
            f"package {len(items) / part_pk:8,.0f}/s {size / part_pk:5.2f} MB/s  engine {len(items) / part_en:8,.0f}/s "
            f"{size / part_en:5.2f} MB/s  {part_pk / part_en:.2f}x"
        )
        total, mismatches, pk, en = total + len(items), mismatches + bad, pk + part_pk, en + part_en
    print(f"  {name} all       {total:8,} texts  {mismatches} mismatches  engine {pk / en:.2f}x faster on one core")
    return total, mismatches, pk, en


def _identical(a: object, b: object) -> bool:
    """The same dict to the last bit: key order, every float, the sign of a zero."""
    return repr(a) == repr(b)


def main() -> None:
    parser = options(__doc__.splitlines()[0], ROOT)
    parser.add_argument("--check", action="store_true", help="also every article body (slow)")
    args = parser.parse_args()
    print(
        f"vaderSentiment {vader.VADER_VERSION} (verified: {', '.join(vader.VERIFIED_VADER)}; engine in use: "
        f"{vader.EXACT}); load average {' '.join(f'{x:.2f}' for x in os.getloadavg())}"
    )
    vader.warm()
    vader.package_scores("good")  # both lexicons loaded before the clocks start
    parts = PARTS + (("bodies",) if args.check else ())
    with corpora(args) as folders:
        results = [compare(name, corpus_texts(folder, args.limit, parts), args.chunk) for name, folder in folders]
    total, mismatches, pk, en = (sum(column) for column in zip(*results))
    print(f"both corpora: {total:,} texts, {mismatches} mismatches; engine {pk / en:.2f}x faster than vaderSentiment")
    if mismatches:
        sys.exit(1)


if __name__ == "__main__":
    main()
