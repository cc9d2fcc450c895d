"""Score quote attribution against hand-labelled speakers: coverage and precision, by how found.

A labelled sample is a table of quotations (``article_id``, ``start``, ``end`` of the quoted text
in the article body, ``speaker``: the true speaker as the text names it, alternatives separated by
``;``, ``none`` when the text names nobody, ``not a quote`` for spans that are not quotations).
"""

from __future__ import annotations

import re

import pandas as pd

NONE = "none"
NOT_A_QUOTE = "not a quote"
_TITLES = {"mr", "mrs", "ms", "miss", "dr", "prof", "professor", "sir", "lord", "lady", "dame", "baroness", "the"}


def score_speakers(found: pd.DataFrame, labels: pd.DataFrame, aliases: pd.DataFrame | None = None) -> pd.DataFrame:
    """One row per labelled quotation: ``article_id``, ``start``, ``label``, ``predicted`` (the
    speaker of the found quotation overlapping it most, NA when none or no speaker), ``how`` and
    ``correct`` (NA without a prediction). A prediction is right when, titles (``Mr``, ``Lord``)
    aside, it equals a label alternative or ends with it or the other way round (``Tony Blair`` /
    ``Blair``), or when it is a dictionary actor one of whose ``aliases`` does.

    >>> found = pd.DataFrame({"article_id": ["a", "a"], "part": ["body"] * 2, "start": [1, 30], "end": [20, 50],
    ...                       "speaker": ["Tony Blair", "Gordon Brown"], "how": ["name", "pronoun"]})
    >>> labels = pd.DataFrame({"article_id": ["a", "a"], "start": [1, 31], "end": [20, 49],
    ...                        "speaker": ["Mr Blair", "Jack Straw"]})
    >>> score_speakers(found, labels)[["predicted", "correct"]].values.tolist()
    [['Tony Blair', True], ['Gordon Brown', False]]
    """
    labels = labels[labels["speaker"].ne(NOT_A_QUOTE)]
    body = found[found["part"].eq("body")] if "part" in found else found
    by_article = {key: group for key, group in body.groupby("article_id")}
    names_of: dict[str, set[str]] = {}
    if aliases is not None:
        for actor, alias in zip(aliases["actor"], aliases["alias"]):
            names_of.setdefault(actor, {actor}).add(alias)
    rows = []
    for label in labels.itertuples(index=False):
        predicted, how = pd.NA, pd.NA
        group = by_article.get(label.article_id)
        if group is not None:
            overlap = (group["end"].clip(upper=label.end) - group["start"].clip(lower=label.start)).to_numpy()
            if len(overlap) and overlap.max() > 0:
                best = group.iloc[int(overlap.argmax())]
                if pd.notna(best["speaker"]):
                    predicted = best["speaker"]
                    how = best["how"] if "how" in group else "name"
        correct = pd.NA
        if pd.notna(predicted):
            truths = [t.strip() for t in str(label.speaker).split(";")]
            candidates = names_of.get(predicted, {predicted})
            correct = label.speaker != NONE and any(_same(c, t) for c in candidates for t in truths)
        rows.append((label.article_id, label.start, label.speaker, predicted, how, correct))
    return pd.DataFrame(rows, columns=["article_id", "start", "label", "predicted", "how", "correct"]).astype(
        {"predicted": "string", "how": "string", "correct": "boolean"}
    )


def summarise_scores(scored: pd.DataFrame) -> pd.DataFrame:
    """Coverage and precision from ``score_speakers`` output, overall and by ``how``.

    Returns ``how`` (``all`` first), ``quotes``, ``with_speaker``, ``right``, ``coverage`` (share of
    quotes given a speaker; per ``how``, share of all quotes), ``precision`` (share of given
    speakers that are right) and ``labelled_speaker`` (quotes whose text names a speaker).

    >>> scored = pd.DataFrame({"label": ["A", "B", "none"], "how": ["name", pd.NA, "pronoun"],
    ...                        "correct": pd.array([True, pd.NA, False], dtype="boolean")})
    >>> summarise_scores(scored).round(2)[["how", "with_speaker", "coverage", "precision"]].values.tolist()
    [['all', 2, 0.67, 0.5], ['name', 1, 0.33, 1.0], ['pronoun', 1, 0.33, 0.0]]
    """
    total = len(scored)
    named = int(scored["label"].ne(NONE).sum())

    def row(how: str, part: pd.DataFrame) -> dict:
        given = part["correct"].notna()
        right = int(part["correct"].fillna(False).sum())
        return {
            "how": how,
            "quotes": total,
            "with_speaker": int(given.sum()),
            "right": right,
            "coverage": given.sum() / total if total else float("nan"),
            "precision": right / given.sum() if given.sum() else float("nan"),
            "labelled_speaker": named,
        }

    rows = [row("all", scored)] + [row(str(how), part) for how, part in scored.dropna(subset=["how"]).groupby("how")]
    return pd.DataFrame(rows)


def _same(predicted: str, truth: str) -> bool:
    a, b = _words(predicted), _words(truth)
    if not a or not b:
        return False
    return a == b or a[-len(b) :] == b or b[-len(a) :] == a


def _words(name: str) -> list[str]:
    words = re.sub(r"[’']s\b|[^\w\s-]", " ", name.lower()).split()
    return [w for w in words if w not in _TITLES]
