"""AFINN and ``news``, the score newsframe recommends for news text: two more sentence scorers.

``afinn`` is the AFINN-165 word list (Nielsen 2011, the ``afinn`` package) scaled to [-1, 1];
``news`` is the mean of VADER and AFINN on the text with its names set aside. Their few numbers
(``AFINN_ALPHA``, ``NEWS_WEIGHTS``, ``NEWS_NEUTRAL``) were fitted on one half of two labelled
sets of news text that newsframe does not contain (the NewsMTSC training split and the
SemEval-2007 Task 14 trial headlines) and checked on the other half: docs/scorers.md has the
figures, benchmarks/bench_scorers.py measures them. ``newsframe.sentiment.scoring`` puts both in
score tables (``scorers=["afinn"]``, ``scorers=["news"]``).
"""

from __future__ import annotations

import math
import re
from functools import cache
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from newsframe.sentiment import vader

# AFINN's word sum s is scaled as s / sqrt(s² + AFINN_ALPHA): VADER's normalisation of its own
# sum, with VADER's alpha. Chosen by agreement (Pearson r) on the fitting halves of the labelled
# sets named below: alpha from 1 to 50, clip(s / k) and tanh(s / k) for k from 3 to 10 came
# within 0.05 of each other; alpha = 15 was the best on NewsMTSC (0.461) and 0.004 below the best
# on SemEval (0.576). benchmarks/bench_scorers.py --fit prints the comparison.
AFINN_ALPHA = 15.0

# The "news" calibration: weights of VADER's compound and of scaled AFINN, both computed on the
# text after mask_names. Fitted on the fitting halves ("A") of two labelled sets that are not
# part of newsframe: the NewsMTSC training split (Hamborg & Donnay 2021; sentences whose crc32 is
# even, 4,273 person targets labelled negative / neutral / positive) and the SemEval-2007 Task 14
# trial headlines (even ids, 125 headlines with a valence). Among weights of TextBlob, VADER and
# AFINN in steps of 0.1, each with its best thresholds, 0 / 0.5 / 0.5 had the best r on SemEval A
# (0.644) among those within 0.002 of the best macro-F1 on NewsMTSC A (0.562; the best 0.563;
# the best with TextBlob, 0.1 / 0.4 / 0.5, had 0.561 and 0.634). benchmarks/bench_scorers.py
# --fit repeats the search; the figures on both halves are in docs/scorers.md.
NEWS_WEIGHTS = {"vader": 0.5, "afinn": 0.5}
# ``news`` below the first number reads as negative, above the second as positive, else
# neutral: the best macro-F1 on NewsMTSC A (fitted -0.0000 and 0.3056 over that half's score
# quantiles, rounded).
NEWS_NEUTRAL = (0.0, 0.3)

_AFINN_FILE = "AFINN-en-165.txt"
_WHITESPACE = re.compile(r"\s+")
# A capitalised word inside a sentence: after whitespace that does not follow the end of a
# sentence, a colon or semicolon, an opening quote, bracket or dash.
_NAME_WORD = re.compile(r"(?<=[^\s.!?:;\"“‘'(\[—–-])(\s+)[A-Z][a-z]+(?:[-'’][A-Za-z]+)*\b")


def afinn_sum(text: str) -> float:
    """AFINN's score of ``text``: the sum of the AFINN-165 values of its words and phrases.

    Exactly ``afinn.Afinn().score(text)`` (the package's default: English, no emoticons, word
    boundaries), matched with one prefix-tree regular expression instead of the package's list
    of 3,382 alternatives, which is about 15 times slower; as in the package, the longest entry
    wins where several start at the same place.

    >>> afinn_sum("Talks collapse in bitter failure"), afinn_sum("The minister spoke.")
    (-6.0, 0.0)
    >>> afinn_sum("No fun at all.")  # the phrase "no fun" (-3), not "no" (-1) and "fun" (+4)
    -3.0
    """
    values, pattern = _afinn_lexicon()
    return float(sum(values[word] for word in pattern.findall(_WHITESPACE.sub(" ", text).lower())))


def afinn(text: str) -> float:
    """AFINN's score of ``text`` scaled to [-1, 1]: ``s / sqrt(s² + AFINN_ALPHA)`` of ``s = afinn_sum(text)``.

    >>> round(afinn("What a wonderful, wonderful day"), 4)  # s = 8
    0.9001
    """
    total = afinn_sum(text)
    return total / math.sqrt(total * total + AFINN_ALPHA)


def mask_names(text: str) -> str:
    """``text`` with each capitalised word inside a sentence replaced by ``_``: names are not sentiment.

    In news prose a capitalised word that does not start a sentence is nearly always part of a
    name, and many names hold sentiment words: the Supreme Court, the Justice Department, the
    United Nations, the Democratic Party, Hope Hicks. A text in which more than half the words
    start with a capital (a Title Case headline) is returned as it is, because there the
    capitals tell nothing.

    >>> mask_names("He said the Supreme Court would hear the case like before.")
    'He said the _ _ would hear the case like before.'
    >>> mask_names("Supreme Court Hears Case")
    'Supreme Court Hears Case'
    """
    words = text.split()
    if 2 * sum(word[:1].isupper() for word in words) > len(words):
        return text
    return _NAME_WORD.sub(r"\1_", text)


def news(text: str) -> float:
    """The recommended score of ``text`` in [-1, 1]: VADER and AFINN on the text without its names.

    ``NEWS_WEIGHTS["vader"] * c + NEWS_WEIGHTS["afinn"] * afinn(m)``, where ``m =
    mask_names(text)`` and ``c`` is VADER's compound score of ``m``. Read it with
    ``NEWS_NEUTRAL`` to call a text negative, neutral or positive (:func:`polarity_labels`).

    >>> round(news("The Justice Department praised the deal."), 4)  # "justice" (+2) does not count
    0.5531
    >>> news("The minister spoke in Brussels.")
    0.0
    """
    masked = mask_names(text)
    compound = vader.scores(masked)[0]  # exactly VADER's polarity_scores(masked)["compound"]
    return NEWS_WEIGHTS["vader"] * compound + NEWS_WEIGHTS["afinn"] * afinn(masked)


def polarity_labels(scores: pd.Series, *, neutral: tuple[float, float] = NEWS_NEUTRAL) -> pd.Series:
    """``"neg"`` below ``neutral[0]``, ``"pos"`` above ``neutral[1]``, else ``"neutral"`` (NA stays NA).

    The default is the band fitted for ``news``; other scorers need their own.

    >>> polarity_labels(pd.Series([-0.2, 0.0, 0.25, 0.6, None])).tolist()
    ['neg', 'neutral', 'neutral', 'pos', <NA>]
    """
    low, high = neutral
    if low > high:
        raise ValueError(f"neutral must be (low, high) with low <= high; got {neutral!r}")
    labels = np.select([scores < low, scores > high], ["neg", "pos"], "neutral")
    return pd.Series(labels, index=scores.index, dtype="string").where(scores.notna(), pd.NA)


def warm() -> None:
    """Load the AFINN word list and VADER, once per process (forked workers inherit them)."""
    _afinn_lexicon()
    vader.warm()


@cache
def _afinn_lexicon() -> tuple[dict[str, int], re.Pattern[str]]:
    """AFINN-165 as ``{entry: value}`` and the pattern that finds its entries in lower-cased text."""
    import afinn as afinn_package
    from afinn import Afinn

    values: dict[str, int] = Afinn.read_word_file(str(Path(afinn_package.__file__).parent / "data" / _AFINN_FILE))
    return values, re.compile(r"\b" + _prefix_tree(values) + r"\b")


def _prefix_tree(words: Any) -> str:
    """One regular expression matching any of ``words``, the longest first, as a prefix tree."""
    tree: dict[str, dict] = {}
    for word in words:
        node = tree
        for char in word:
            node = node.setdefault(char, {})
        node[""] = {}  # a word ends here
    return _branches(tree)


def _branches(node: dict[str, dict]) -> str:
    branches = [re.escape(char) + _branches(child) for char, child in sorted(node.items()) if char]
    if "" in node:
        # Tried last, so that a longer entry wins when both match (afinn sorts by length).
        branches.append("")
    return branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
