"""Build data/sample/ from the seed article and Reuters-21578 (see data/README.md).

Usage: python tools/build_sample.py [SHARED_DIR]   (default ../shared)

Selection, deterministic: Reuters articles with a headline, a body of 80-800 words, at least
one PLACES tag and at least one PEOPLE tag (so that named leaders and ministers recur), at most
PER_MONTH per calendar month in NEWID order, so the sample spans Feb-Oct 1987.
"""

from __future__ import annotations

import shutil
import sys
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from tools.reuters import read_reuters, write_seed_files  # noqa: E402

PER_MONTH = 75
ROOT = Path(__file__).resolve().parent.parent


def main(shared: Path) -> None:
    out = ROOT / "data" / "sample"
    shutil.rmtree(out, ignore_errors=True)
    out.mkdir(parents=True)
    seed = next((shared / "seed").glob("*.txt"))
    shutil.copy(seed, out / seed.name)
    per_month: Counter[str] = Counter()
    chosen = []
    for article in read_reuters(shared / "corpora" / "reuters21578"):
        words = len(article["body"].split())
        month = article["date"][:7]
        if (
            article["title"]
            and article["places"]
            and article["people"]
            and 80 <= words <= 800
            and per_month[month] < PER_MONTH
        ):
            per_month[month] += 1
            chosen.append(article)
    write_seed_files(chosen, out)
    size = sum(p.stat().st_size for p in out.iterdir())
    print(
        f"{len(chosen) + 1} articles ({len(chosen)} Reuters + seed), {size / 1e6:.2f} MB, by month: "
        + ", ".join(f"{m} {n}" for m, n in sorted(per_month.items()))
    )


if __name__ == "__main__":
    main(Path(sys.argv[1] if len(sys.argv) > 1 else ROOT.parent / "shared"))
