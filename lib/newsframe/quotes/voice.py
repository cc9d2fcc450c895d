"""``share_of_voice``: how often each dictionary actor is quoted against how often it is mentioned."""

from __future__ import annotations

import pandas as pd

from newsframe import schemas


def share_of_voice(quotes: pd.DataFrame, mentions: pd.DataFrame) -> pd.DataFrame:
    """Times each actor is quoted against times it is mentioned.

    Takes ``find_quotes`` output and the ``mentions`` table. Quotations count for their ``actor``
    (the dictionary actor; speakers outside the dictionary are left out; a table without an
    ``actor`` column counts its ``speaker``). Returns ``actor``, ``type``, ``mentions``,
    ``quotes``, ``articles_mentioned``, ``articles_quoted``, ``share_of_voice`` (quotes per
    mention), ``pct_of_quotes`` (100 × the actor's share of the quotations given a dictionary
    actor), sorted by quotes then mentions.

    >>> ments = pd.DataFrame({"article_id": ["a", "a", "a"], "actor": ["Putin", "Putin", "Xi"],
    ...                       "type": ["person"] * 3})
    >>> quotes = pd.DataFrame({"article_id": ["a", "a"], "speaker": ["Putin", "Dmitry Lukashov"],
    ...                        "speaker_type": ["person", "person"], "actor": ["Putin", None]})
    >>> share_of_voice(quotes, ments)[["actor", "mentions", "quotes", "share_of_voice"]].values.tolist()
    [['Putin', 2, 1, 0.5], ['Xi', 1, 0, 0.0]]
    """
    mentioned = mentions.groupby(["actor", "type"]).agg(
        mentions=("article_id", "size"), articles_mentioned=("article_id", "nunique")
    )
    who = "actor" if "actor" in quotes else "speaker"
    attributed = quotes.dropna(subset=[who])[["article_id", who, "speaker_type"]].rename(
        columns={who: "actor", "speaker_type": "type"}
    )
    quoted = attributed.groupby(["actor", "type"]).agg(
        quotes=("article_id", "size"), articles_quoted=("article_id", "nunique")
    )
    table = mentioned.join(quoted, how="outer").fillna(0).astype("int64").reset_index()
    table = table.assign(
        share_of_voice=table["quotes"] / table["mentions"].where(table["mentions"] > 0),
        pct_of_quotes=100 * table["quotes"] / max(len(attributed), 1),
    )[
        [
            "actor",
            "type",
            "mentions",
            "quotes",
            "articles_mentioned",
            "articles_quoted",
            "share_of_voice",
            "pct_of_quotes",
        ]
    ]
    table = table.sort_values(["quotes", "mentions", "actor"], ascending=[False, False, True]).reset_index(drop=True)
    return schemas.conform(table, "share_of_voice")
