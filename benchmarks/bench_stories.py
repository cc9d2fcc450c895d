"""Story clusters: speed against plain passes over the same texts, cluster figures, and precision on
the hand-labelled pairs.

    python benchmarks/bench_stories.py [--reuters DIR] [--bbc DIR] [--repeat 3] [--below 20] [--exhaustive]

Speed, on Reuters-21578 (seed-format files, ``/tmp/reuters_txt`` by default; converted from
``../shared/corpora/reuters21578`` into a temporary folder when that folder is missing): articles/s
of ``find_stories`` against two baselines measured in the same run over the same articles, the
loader's exact-repeat hashing (``content_hash`` of title and body) and a plain shingling pass
(``shingles`` of title and body, no MinHash, no LSH). Methods take turns within each repeat; the
best of ``--repeat`` is kept, as wall time and as CPU time of this process (other processes only
slow a run down). Then, for Reuters and BBC: stories with more than one article, the articles in
them, and the precision of the pairs (article, its story's first article) labelled by hand in
``tests/fixtures/labelled/stories_pairs.csv`` that the current code still clusters. ``--below N``
prints N pairs (fixed seed) that a threshold 0.1 lower would link but the default does not, to
judge recall by reading them. ``--exhaustive`` compares every pair of Reuters articles exactly:
the share of the pairs at or above the threshold (within the date window) that the LSH found,
the pairs at 0.5 or more with and without headlines, and the pairs by similarity and days apart.
"""

from __future__ import annotations

import argparse
import math
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import numpy as np
import pandas as pd
from scipy.sparse import csr_matrix

from newsframe.config import ROOT
from newsframe.load import content_hash, load_articles
from newsframe.stories import THRESHOLD, WITHIN_DAYS, find_stories, shingles

SHARED = ROOT.parent / "shared" / "corpora"
LABELS = ROOT / "tests" / "fixtures" / "labelled" / "stories_pairs.csv"


def exact_hashing(articles: pd.DataFrame) -> int:
    return len({content_hash(t, x) for t, x in zip(articles["title"], articles["text"])})


def plain_shingling(articles: pd.DataFrame) -> int:
    return sum(len(shingles(f"{t}\n{x}")) for t, x in zip(articles["title"], articles["text"]))


def stories(articles: pd.DataFrame) -> int:
    return int(find_stories(articles, progress=False)["story_id"].nunique())


def timed(method: Callable[[pd.DataFrame], int], articles: pd.DataFrame) -> tuple[float, float]:
    wall, cpu = time.perf_counter(), time.process_time()
    method(articles)
    return time.perf_counter() - wall, time.process_time() - cpu


def speed(articles: pd.DataFrame, repeat: int) -> None:
    methods = {
        "baseline: exact-repeat hashing (content_hash)": exact_hashing,
        "baseline: plain shingling pass (no MinHash/LSH)": plain_shingling,
        "newsframe find_stories": stories,
    }
    best = {name: (math.inf, math.inf) for name in methods}
    for _ in range(repeat):
        for name, method in methods.items():
            wall, cpu = timed(method, articles)
            best[name] = (min(best[name][0], wall), min(best[name][1], cpu))
    n = len(articles)
    base_wall, base_cpu = best["baseline: exact-repeat hashing (content_hash)"]
    shingle_wall, shingle_cpu = best["baseline: plain shingling pass (no MinHash/LSH)"]
    print(f"{'method':50} {'wall s':>8} {'articles/s':>11} {'CPU s':>8} {'articles/CPU s':>15}")
    for name, (wall, cpu) in best.items():
        print(f"{name:50} {wall:8.2f} {n / wall:11,.0f} {cpu:8.2f} {n / cpu:15,.0f}")
    wall, cpu = best["newsframe find_stories"]
    print(
        f"find_stories takes {wall / base_wall:.0f}x the time of exact hashing and {wall / shingle_wall:.1f}x "
        f"that of shingling alone (CPU: {cpu / base_cpu:.0f}x, {cpu / shingle_cpu:.1f}x)"
    )


def figures(name: str, articles: pd.DataFrame) -> pd.DataFrame:
    found = find_stories(articles, progress=False)
    multi = found.loc[found["story_size"] > 1]
    members = multi.loc[multi["article_id"] != multi["story_id"]]
    repeats = articles.loc[members.index, "duplicate_of"].notna().sum()
    print(
        f"{name}: {len(articles):,} articles, {found['story_id'].nunique():,} stories; "
        f"{multi['story_id'].nunique():,} stories have more than one article, holding {len(multi):,} articles "
        f"({len(members):,} beyond each story's first: {repeats:,} exact repeats, {len(members) - repeats:,} "
        f"near-duplicates); largest story {found['story_size'].max()} articles; "
        f"{found.attrs['pairs']:,} LSH candidate pairs, {found.attrs['linked']:,} linked"
    )
    return found


def all_pairs(articles: pd.DataFrame, *, headline: bool = True, floor: float = 0.2) -> pd.DataFrame:
    """Every pair of articles (exact repeats left out) compared exactly, as a sparse product of the
    shingle matrix: the pairs at ``floor`` or more, with their similarity and distance in days."""
    kept = articles.loc[articles["duplicate_of"].isna()].reset_index(drop=True)
    sets = [shingles(f"{t}\n{x}" if headline else x) for t, x in zip(kept["title"], kept["text"])]
    vocab: dict[int, int] = {}
    rows = [i for i, found_set in enumerate(sets) for _ in found_set]
    cols = [vocab.setdefault(h, len(vocab)) for found_set in sets for h in found_set]
    matrix = csr_matrix((np.ones(len(rows), dtype=np.int32), (rows, cols)), shape=(len(sets), len(vocab)))
    sizes = np.array([len(found_set) for found_set in sets])
    days = (kept["date"] - pd.Timestamp(0)).dt.total_seconds().to_numpy() / 86400
    found = []
    for start in range(0, len(sets), 2000):
        block = (matrix[start : start + 2000] @ matrix.T).tocoo()
        first, second, shared = block.row + start, block.col, block.data
        upper = first < second
        first, second, shared = first[upper], second[upper], shared[upper]
        similarity = shared / (sizes[first] + sizes[second] - shared)
        keep = similarity >= floor
        found.append(pd.DataFrame({"similarity": similarity[keep], "days": np.abs(days[first] - days[second])[keep]}))
    return pd.concat(found, ignore_index=True)


def exhaustive(articles: pd.DataFrame, found: pd.DataFrame) -> None:
    """How many pairs reach the threshold within the date window, against the pairs the LSH let
    find_stories link; and the pairs by similarity and distance in days, with and without headlines."""
    pairs = all_pairs(articles)
    count = int(((pairs["similarity"] >= THRESHOLD) & ~(pairs["days"] > WITHIN_DAYS)).sum())
    print(
        f"  exhaustive check: {count:,} pairs of articles reach the threshold within {WITHIN_DAYS:g} days; "
        f"find_stories linked {found.attrs['linked']:,} ({found.attrs['linked'] / count:.1%}) through the LSH"
    )
    body = all_pairs(articles, headline=False)
    print(
        f"  pairs at 0.5 or more: {int((body['similarity'] >= 0.5).sum()):,} on the body alone, "
        f"{int((pairs['similarity'] >= 0.5).sum()):,} on headline and body"
    )
    edges = [0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1.0]
    bands = pd.cut(pairs["similarity"].clip(upper=0.9999), edges, right=False)  # the last band holds 1.0
    gaps = pd.cut(pairs["days"], [-1, 0, 1, 3, 7, np.inf], labels=["0", "1", "2-3", "4-7", ">7"])
    print("  pairs (headline and body) by similarity and days apart:")
    print(pd.crosstab(bands, gaps).to_string().replace("\n", "\n    ").join(["    ", ""]))


def wilson(k: int, n: int, z: float = 1.96) -> tuple[float, float]:
    centre = (k + z * z / 2) / (n + z * z)
    half = z * math.sqrt(k * (n - k) / n + z * z / 4) / (n + z * z)
    return centre - half, centre + half


def precision(name: str, found: pd.DataFrame) -> None:
    labels = pd.read_csv(LABELS, dtype={"article_id": str, "first_article_id": str})
    labels = labels.loc[labels["corpus"] == name]
    story = dict(zip(found["article_id"], found["story_id"], strict=True))
    clustered = labels.loc[
        [
            story.get(a) is not None and story.get(a) == story.get(f)
            for a, f in zip(labels.article_id, labels.first_article_id)
        ]
    ]
    k, n = int(clustered["same_story"].sum()), len(clustered)
    low, high = wilson(k, n) if n else (math.nan, math.nan)
    print(
        f"  precision on the hand-labelled pairs still clustered ({n} of {len(labels)} labelled): "
        f"{k}/{n} = {k / n if n else math.nan:.1%} (95% Wilson interval {low:.1%} to {high:.1%})"
    )


def below(articles: pd.DataFrame, found: pd.DataFrame, n: int) -> None:
    looser = find_stories(articles, threshold=THRESHOLD - 0.1, progress=False)
    first = articles.set_index("article_id")
    missed = looser.loc[
        (looser["story_id"] != looser["article_id"]).to_numpy() & (looser["story_id"] != found["story_id"]).to_numpy()
    ]
    looser_at = f"{THRESHOLD - 0.1:.1f}"
    print(f"\n{len(missed):,} articles join a story at threshold {looser_at} but not at {THRESHOLD}; {n} of them:")
    for row in missed.sample(min(n, len(missed)), random_state=17).itertuples():
        a, f = first.loc[row.article_id], first.loc[row.story_id]
        print(f"--- {row.article_id} / {row.story_id}  similarity {row.similarity:.2f}")
        for part in (f, a):
            print(f"    [{part['date']:%Y-%m-%d}] {part['title']} | {' '.join(str(part['text']).split())[:160]}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--reuters", type=Path, default=Path("/tmp/reuters_txt"), help="Reuters as seed-format files")
    parser.add_argument("--bbc", type=Path, default=SHARED / "bbc" / "news")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--below", type=int, default=0, help="pairs just below the threshold to print")
    parser.add_argument("--exhaustive", action="store_true", help="count all pairs exactly, for the LSH's recall")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        folder = args.reuters
        if not folder.is_dir():
            sys.path.insert(0, str(ROOT))
            from tools.reuters import read_reuters, write_seed_files

            write_seed_files(read_reuters(SHARED / "reuters21578"), tmp)
            folder = Path(tmp)
        reuters = load_articles(folder, progress=False)
    reuters = reuters.assign(title=reuters["title"].fillna(""), text=reuters["text"].fillna(""))
    print(f"Reuters-21578: {len(reuters):,} articles from {folder}")
    speed(reuters, args.repeat)
    print()
    found = figures("reuters", reuters)
    precision("reuters", found)
    if args.exhaustive:
        exhaustive(reuters, found)
    bbc = load_articles(args.bbc, progress=False)
    precision("bbc", figures("bbc", bbc))
    if args.below:
        below(reuters, found, args.below)


if __name__ == "__main__":
    main()
