"""Validation: quote attribution against the hand-labelled BBC samples in tests/fixtures/labelled.

Runs ``find_mentions`` (the packaged dictionary) and ``find_quotes`` over the stored article
excerpts, matches each labelled quotation to the found one overlapping it most and prints
coverage and precision overall and by how the speaker was found, for the development sample
(``quotes_bbc.csv``, 240 spans, seed 14: the rules were tuned while reading its errors) and the
held-out sample (``quotes_bbc_heldout.csv``, 60 spans from other articles, seed 15, labelled
after tuning), the second held-out sample (``quotes_bbc_heldout2.csv``, 120 spans, seed 16,
labelled blind from the text alone), and the wrong or missed ones with ``--errors``. Needs no
corpus: the excerpts are in the fixture.

    .venv/bin/python benchmarks/validate_quotes.py [--errors]
"""

from __future__ import annotations

import argparse
from pathlib import Path

import pandas as pd

from newsframe.actors import find_mentions, load_actors
from newsframe.quotes import find_quotes, score_speakers, summarise_scores

FIXTURES = Path(__file__).resolve().parents[1] / "tests" / "fixtures" / "labelled"


def load_sample(folder: Path = FIXTURES, name: str = "quotes_bbc.csv") -> tuple[pd.DataFrame, pd.DataFrame]:
    """The labelled quotations ``name`` and their article excerpts (``quotes_bbc_articles.csv``)."""
    labels = pd.read_csv(folder / name, keep_default_na=False)
    articles = pd.read_csv(folder / "quotes_bbc_articles.csv", keep_default_na=False).assign(date=pd.NaT)
    return labels, articles


def main(find=find_quotes) -> pd.DataFrame:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--errors", action="store_true", help="list wrong and missed speakers")
    args = parser.parse_args()
    aliases = load_actors()
    for name in ("quotes_bbc.csv", "quotes_bbc_heldout.csv", "quotes_bbc_heldout2.csv"):
        labels, articles = load_sample(name=name)
        articles = articles[articles["article_id"].isin(set(labels["article_id"]))]
        mentions = find_mentions(articles, aliases, progress=False)
        scored = score_speakers(find(articles, mentions), labels, aliases)
        summary = summarise_scores(scored)
        spans = int(labels["speaker"].eq("not a quote").sum())
        print(f"\n{name}: {len(labels)} labelled spans, {spans} not quotations")
        print(summary.round(3).to_string(index=False))
        if args.errors:
            wrong = scored[scored["correct"].eq(False) | (scored["correct"].isna() & scored["label"].ne("none"))]
            print(wrong.to_string())
    return summary


if __name__ == "__main__":
    main()
