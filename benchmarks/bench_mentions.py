"""Benchmark: speed and precision of ``find_mentions`` (BBC news and Reuters-21578).

``speed``: MB/s of titles and bodies over the BBC corpus. Sentences are split before the clock
starts (splitting is not matching) and passed in; the figures are the best of ``--repeat`` runs,
in wall time and in CPU time of the process (steadier on a loaded machine).

``precision``: the person-level precision on a hand-labelled sample. A mention is in the sample
when the crc32 of ``source/file/part/start`` falls in a fixed residue class (1 in 64 BBC
positions, 1 in 400 Reuters positions), so any version of the code is sampled by the same
rule and versions can be compared on the same positions. Labels live in
``tests/fixtures/labelled/mentions.csv`` (one row per position and actor: ``right`` or
``wrong``); ``--write-missing`` appends the sampled mentions that have no label yet, with an
empty label and their context, for a person to fill in.

To compare with older code run the same command with ``PYTHONPATH`` pointing at an exported copy
of its ``lib`` folder (``git archive COMMIT lib | tar -x -C /tmp/old``), in the same session:

    .venv/bin/python benchmarks/bench_mentions.py speed [--bbc DIR] [--repeat 5]
    .venv/bin/python benchmarks/bench_mentions.py precision [--bbc DIR] [--reuters DIR] [--write-missing]
"""

from __future__ import annotations

import argparse
import csv
import os
import time
import zlib
from pathlib import Path

import pandas as pd

import newsframe
from newsframe.actors import find_mentions, load_actors
from newsframe.load import load_articles
from newsframe.text import split_sentences

HERE = Path(__file__).resolve().parent
BBC = HERE.parent.parent / "shared" / "corpora" / "bbc" / "news"
REUTERS = Path("/tmp/reuters_txt")  # Reuters-21578 as seed-format files (see bench_load.py)
LABELS = HERE.parent / "tests" / "fixtures" / "labelled" / "mentions.csv"
RATES = {"bbc": 64, "reuters": 400}  # one sampled position in N
LABEL_COLUMNS = ["corpus", "source", "date", "part", "start", "end", "alias", "actor", "label", "context"]


def sampled(corpus: str, source: str, part: str, start: int) -> bool:
    """Whether a mention position is in the labelled sample (independent of the code that found it)."""
    return zlib.crc32(f"{corpus}/{source}/{part}/{start}".encode()) % RATES[corpus] == 0


def context(text: str, start: int, end: int, width: int = 90) -> str:
    """The text around a mention, the mention itself in [[ ]]."""
    left, right = text[max(0, start - width) : start], text[end : end + width]
    return " ".join(f"{left}[[{text[start:end]}]]{right}".split())


def sample_mentions(corpus: str, folder: Path) -> pd.DataFrame:
    """The sampled mentions of one corpus found by the imported newsframe, with their context."""
    articles = load_articles(folder, progress=False)
    found = find_mentions(articles, progress=False)
    found = found.merge(articles[["article_id", "source", "date", "title", "text"]], on="article_id")
    keep = [sampled(corpus, s, p, int(a)) for s, p, a in zip(found["source"], found["part"], found["start"])]
    found = found[keep]
    return pd.DataFrame(
        {
            "corpus": corpus,
            "source": found["source"],
            "date": found["date"].dt.strftime("%Y-%m-%d").fillna(""),
            "part": found["part"],
            "start": found["start"].astype(int),
            "end": found["end"].astype(int),
            "alias": found["alias"],
            "actor": found["actor"],
            "context": [
                context(t if p == "title" else x, int(a), int(b))
                for t, x, p, a, b in zip(found["title"], found["text"], found["part"], found["start"], found["end"])
            ],
        }
    ).reset_index(drop=True)


def precision(args: argparse.Namespace) -> None:
    found = pd.concat([sample_mentions("bbc", args.bbc), sample_mentions("reuters", args.reuters)])
    labels = pd.read_csv(LABELS, dtype=str, keep_default_na=False) if LABELS.exists() else pd.DataFrame()
    key = ["corpus", "source", "part", "start", "actor"]
    if len(labels):
        labels = labels.astype({"start": int, "end": int})
        merged = found.merge(labels[[*key, "label"]], on=key, how="left")
    else:
        merged = found.assign(label=pd.NA)
    merged["label"] = merged["label"].replace("", pd.NA)
    print(f"newsframe from {Path(newsframe.__file__).parent}")
    for corpus, group in [*merged.groupby("corpus"), ("all", merged)]:
        right = int(group["label"].eq("right").sum())
        wrong = int(group["label"].eq("wrong").sum())
        missing = int(group["label"].isna().sum())
        share = right / (right + wrong) if right + wrong else float("nan")
        print(
            f"{corpus:8s} sampled mentions {len(group):4d}  right {right:4d}  wrong {wrong:3d}  "
            f"unlabelled {missing:3d}  precision {share:.3f}"
        )
    for row in merged[merged["label"].eq("wrong")].itertuples():
        print(f"  wrong: {row.actor!r:28} {row.context}")
    if len(labels):
        right = labels[labels["label"].eq("right")].merge(found[key], on=key, how="left", indicator=True)
        for row in right[right["_merge"].eq("left_only")].itertuples():
            print(f"  missed (labelled right, not found): {row.actor!r:28} {row.context}")
    for row in merged[merged["label"].isna()].itertuples():
        print(f"  unlabelled: {row.actor!r:28} {row.context}")
    if args.write_missing:
        missing_rows = merged[merged["label"].isna()].assign(label="")[LABEL_COLUMNS]
        LABELS.parent.mkdir(parents=True, exist_ok=True)
        new = not LABELS.exists()
        with LABELS.open("a", newline="", encoding="utf-8") as handle:
            writer = csv.writer(handle)
            if new:
                writer.writerow(LABEL_COLUMNS)
            writer.writerows(missing_rows.itertuples(index=False, name=None))
        print(f"appended {len(missing_rows)} unlabelled rows to {LABELS}")


def speed(args: argparse.Namespace) -> None:
    articles = load_articles(args.bbc, progress=False)
    megabytes = sum(len(t.encode()) + len(x.encode()) for t, x in zip(articles["title"], articles["text"])) / 1e6
    aliases = load_actors()
    sentences = split_sentences(articles, progress=False)
    print(f"newsframe from {Path(newsframe.__file__).parent}; load average {os.getloadavg()[0]:.2f}")
    print(f"{len(articles):,} articles, {megabytes:.2f} MB of titles and bodies, {len(aliases):,} alias rows")
    best, cpu, count = float("inf"), float("inf"), 0
    for _ in range(args.repeat):
        start, start_cpu = time.perf_counter(), time.process_time()
        count = len(find_mentions(articles, aliases, sentences=sentences, progress=False))
        best, cpu = min(best, time.perf_counter() - start), min(cpu, time.process_time() - start_cpu)
    print(
        f"find_mentions: best of {args.repeat}: wall {best:.2f} s, {megabytes / best:.2f} MB/s; "
        f"CPU {cpu:.2f} s, {megabytes / cpu:.2f} MB/s; {count:,} mentions"
    )
    print(f"load average after: {os.getloadavg()[0]:.2f}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("what", choices=["speed", "precision"])
    parser.add_argument("--bbc", type=Path, default=BBC)
    parser.add_argument("--reuters", type=Path, default=REUTERS)
    parser.add_argument("--repeat", type=int, default=5, help="speed: best of N timed runs")
    parser.add_argument("--write-missing", action="store_true", help="precision: append unlabelled sampled rows")
    args = parser.parse_args()
    speed(args) if args.what == "speed" else precision(args)


if __name__ == "__main__":
    main()
