"""Benchmark: actor mention extraction over the Reuters-21578 corpus, in MB/s, beside a baseline.

Ours: ``newsframe.actors.find_mentions`` (one Aho–Corasick automaton over all aliases, boundary
and case checks, leftmost-longest overlap resolution, role resolution by date). Sentence
segmentation is not matching, so it is done before the clock starts and passed in.
Baseline: one compiled alternation regex of the same aliases (longest first, escaped,
case-sensitive, ``(?<!\\w)...(?!\\w)`` boundaries), ``finditer`` over the same texts. The baseline
does less (no dates, exclusions or case rules), so the comparison flatters it.

    .venv/bin/python benchmarks/bench_actors.py [REUTERS_DIR] [--limit N]
"""

from __future__ import annotations

import argparse
import html
import re
import time
from pathlib import Path

import pandas as pd

from newsframe.actors import find_mentions, load_actors
from newsframe.config import ROOT
from newsframe.text import split_sentences

DEFAULT = ROOT.parent / "shared" / "corpora" / "reuters21578"
_DOC = re.compile(r"<REUTERS.*?NEWID=\"(\d+)\".*?</REUTERS>", re.S)
_FIELD = {name: re.compile(rf"<{name}>(.*?)</{name}>", re.S) for name in ("DATE", "TITLE", "BODY")}


def read_reuters(folder: Path, limit: int | None) -> pd.DataFrame:
    rows = []
    for path in sorted(folder.glob("reut2-*.sgm")):
        raw = path.read_bytes().decode("latin-1")
        for match in _DOC.finditer(raw):
            doc = match.group()
            get = {k: (m.group(1) if (m := p.search(doc)) else "") for k, p in _FIELD.items()}
            when = pd.to_datetime(get["DATE"].strip()[:11], format="%d-%b-%Y", errors="coerce")
            rows.append(
                {
                    "article_id": match.group(1),
                    "date": when,
                    "title": html.unescape(get["TITLE"]),
                    "text": html.unescape(get["BODY"]),
                }
            )
    articles = pd.DataFrame(rows)
    return articles.head(limit) if limit else articles


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("reuters", nargs="?", type=Path, default=DEFAULT)
    parser.add_argument("--limit", type=int, default=None, help="only the first N articles")
    parser.add_argument("--repeat", type=int, default=3, help="best of N timed runs")
    args = parser.parse_args()

    articles = read_reuters(args.reuters, args.limit)
    megabytes = sum(len(t.encode()) + len(x.encode()) for t, x in zip(articles["title"], articles["text"])) / 1e6
    aliases = load_actors()
    sentences = split_sentences(articles, progress=False)
    print(f"{len(articles):,} articles, {megabytes:.1f} MB of titles and bodies, {len(aliases):,} alias rows")

    usable = aliases[aliases["kind"].isin(["name", "role"])]["alias"].drop_duplicates()
    pattern = re.compile(r"(?<!\w)(?:" + "|".join(map(re.escape, sorted(usable, key=len, reverse=True))) + r")(?!\w)")

    def ours() -> int:
        return len(find_mentions(articles, aliases, sentences=sentences, progress=False))

    def regex() -> int:
        return sum(1 for t in (*articles["title"], *articles["text"]) for _ in pattern.finditer(t))

    results = {}
    for name, run in (("newsframe find_mentions (Aho-Corasick)", ours), ("one alternation regex", regex)):
        best, count = float("inf"), 0
        for _ in range(args.repeat):
            start = time.perf_counter()
            count = run()
            best = min(best, time.perf_counter() - start)
        results[name] = best
        print(f"{name:40s} {best:7.2f} s  {megabytes / best:7.2f} MB/s  {count:,} matches")
    ours_s, regex_s = results.values()
    print(f"speed ratio (ours / regex, MB/s): {regex_s / ours_s:.2f}x")


if __name__ == "__main__":
    main()
