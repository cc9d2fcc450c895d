"""Shared inputs of the actor tests (test_actors_*.py): a small dictionary and tiny tables."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pandas as pd

from newsframe.actors import load_actors

SMALL = """
roles:
  US President: [US President, U.S. President]
actors:
  - {name: United States, type: country, aliases: [US, U.S., American], metonyms: [White House]}
  - {name: Russia, type: country, aliases: [Russian], metonyms: [Kremlin]}
  - {name: China, type: country, aliases: [Chinese]}
  - {name: Xi Jinping, type: person, aliases: [{alias: Xi, unique: true}]}
  - {name: NATO, type: organisation, aliases: [{alias: nato, case: ignore}]}
  - name: Ronald Reagan
    type: person
    aliases: [Reagan]
    roles: [{role: US President, since: 1981-01-20, until: 1989-01-20}]
  - name: Joe Biden
    type: person
    aliases: [Biden]
    roles: [{role: US President, since: 2021-01-20, until: 2025-01-20}]
exclusions: [American Express]
"""

MENTIONS = pd.DataFrame(
    {
        "article_id": ["a", "a", "a", "a", "b", "b", "c"],
        "sentence": [1, 1, 2, 2, 1, 1, 1],
        "actor": ["Russia", "China", "Russia", "China", "Russia", "Xi Jinping", "China"],
        "type": ["country", "country", "country", "country", "country", "person", "country"],
    }
)
ARTICLES = pd.DataFrame(
    {"article_id": ["a", "b", "c", "d"], "date": pd.to_datetime(["2021-01-05", "2021-01-20", "2021-02-02", None])}
)
SCORED = pd.DataFrame(
    {
        "article_id": ["a", "a", "b", "c"],
        "sentence": [1, 2, 1, 1],
        "text": ["one", "two", "three", "four"],
        "polarity": [0.5, -0.1, 0.2, 0.0],
    }
)


def small_aliases(folder: Path) -> pd.DataFrame:
    """The ``aliases`` table of ``SMALL``, written to ``folder``."""
    path = folder / "small.yml"
    path.write_text(SMALL, encoding="utf-8")
    return load_actors(path)


def articles_of(*texts: str, title: str = "", date: str | None = "2021-12-15") -> pd.DataFrame:
    n = len(texts)
    return pd.DataFrame(
        {
            "article_id": [f"a{i}" for i in range(n)],
            "date": pd.to_datetime([date] * n),
            "title": [title] * n,
            "text": list(texts),
        }
    )


def write(tmp_path: Path, text: str, name: str = "actors.yml") -> Path:
    path = tmp_path / name
    path.write_text(textwrap.dedent(text), encoding="utf-8")
    return path
