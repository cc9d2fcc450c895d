"""Newsframe's own VADER ``polarity_scores``: the same four scores, bit for bit, several times faster.

vaderSentiment walks a text character by character to replace emoji, strips every word of
``string.punctuation`` and, for each word it knows, lower-cases the whole text again up to five
times. This module does the same float operations in the same order, but remembers what each
whitespace-separated token becomes (stripped and lower-cased), lower-cases a text's words once,
and works only on the words VADER's lexicon holds. The lexicon, emoji descriptions and rules'
word lists (``BOOSTER_DICT``, ``NEGATE``, ``SPECIAL_CASES``, the constants) are read from the
installed vaderSentiment at run time. With a release it was not verified against
(``VERIFIED_VADER``) it warns and calls vaderSentiment itself.
"""

from __future__ import annotations

import math
import re
import warnings
from importlib import metadata
from itertools import compress, count
from typing import Any

from vaderSentiment import vaderSentiment as _package

# vaderSentiment releases whose rules this module reproduces (differential tests).
VERIFIED_VADER = ("3.3.2",)
VADER_VERSION = metadata.version("vaderSentiment")
EXACT = VADER_VERSION in VERIFIED_VADER
_warned = False

_N_SCALAR = _package.N_SCALAR
_C_INCR = _package.C_INCR
_BOOSTER: dict[str, float] = _package.BOOSTER_DICT
_SPECIAL: dict[str, float] = _package.SPECIAL_CASES
_NEGATE = frozenset(_package.NEGATE)
# Words of the multi-word idioms and boosters ("kiss of death", "sort of"): a phrase can match one
# only if all its words are among these.
_IDIOM_WORDS = frozenset(w for key in (*_SPECIAL, *_BOOSTER) if " " in key for w in key.split(" "))
_STRIP = _package.string.punctuation
# Words that can change the valence of a lexicon word up to three words after them (negations,
# boosters, "no", "never so", "without doubt", "least", idioms); words with "n't" join as they
# are met. A word whose three predecessors are none of these keeps its lexicon valence, unless it
# is in capitals or is itself one of _ALONE (rules that look at the next words).
_marks = set(_NEGATE) | set(_BOOSTER) | _IDIOM_WORDS | {"no", "never", "without", "so", "this", "least"}
_ALONE = frozenset({"no", "kind"} | _IDIOM_WORDS)

_analyzer: Any = None
_lexicon: dict[str, float] = {}
_hit: frozenset[str] = frozenset()  # lexicon words that are not boosters: those VADER scores
_describe: dict[str, str] = {}  # emoji -> its description
_emoji: Any = None  # the regex that finds the characters that may be an emoji VADER describes
_memo: dict[str, str] = {}  # raw token -> VADER's word, lower-cased
_MEMO_LIMIT = 200_000  # tokens remembered before the memo starts afresh
_NEUTRAL = (0.0, 0.0, 1.0, 0.0)


def polarity_scores(text: str) -> dict[str, float]:
    """VADER's scores of ``text``, exactly ``SentimentIntensityAnalyzer().polarity_scores(text)``.

    >>> polarity_scores("The book was good, but the ending was NOT great!!")
    {'neg': 0.336, 'neu': 0.534, 'pos': 0.13, 'compound': -0.6218}
    >>> polarity_scores("")
    {'neg': 0.0, 'neu': 0.0, 'pos': 0.0, 'compound': 0.0}
    """
    compound, pos, neu, neg = scores(text)
    return {"neg": neg, "neu": neu, "pos": pos, "compound": compound}


def scores(text: str) -> tuple[float, float, float, float]:
    """``(compound, pos, neu, neg)`` of ``text``: the values of :func:`polarity_scores`, as a tuple.

    >>> scores("Not bad at all :)")
    (0.705, 0.661, 0.339, 0.0)
    """
    if type(text) is not str or not _hit:
        if not EXACT or not isinstance(text, str):
            return _fallback(text)
        if not _hit:
            _build()
    if not text.isascii():
        text = _with_descriptions(text)
    raws = text.split()
    n = len(raws)
    if not n:
        return 0.0, 0.0, 0.0, 0.0
    try:
        words = list(map(_memo.__getitem__, raws))
    except KeyError:  # tokens not seen yet
        if len(_memo) > _MEMO_LIMIT:
            _memo.clear()
        words = [_memo.get(raw) or _remember(raw) for raw in raws]
    hits = list(compress(count(), map(_hit.__contains__, words)))
    if not hits:
        return _NEUTRAL
    lexicon, booster = _lexicon, _BOOSTER
    cap: bool | None = None  # VADER's is_cap_diff: some words in capitals, not all (computed when needed)
    at: list[int] = []  # positions and valences of the words whose valence is not 0
    valences: list[float] = []
    last = n - 1
    for i in hits:
        w = words[i]
        if w == "kind" and i < last and words[i + 1] == "of":
            continue
        valence = lexicon[w]
        if (
            w not in _ALONE
            and (i < 1 or words[i - 1] not in _marks)
            and (i < 2 or words[i - 2] not in _marks)
            and (i < 3 or words[i - 3] not in _marks)
            and not raws[i].isupper()
        ):
            if valence:  # no rule applies: the lexicon's valence
                at.append(i)
                valences.append(valence)
            continue
        # sentiment_valence
        if w == "no" and i != last and words[i + 1] in lexicon:
            valence = 0.0
        if (
            (i > 0 and words[i - 1] == "no")
            or (i > 1 and words[i - 2] == "no")
            or (i > 2 and words[i - 3] == "no" and words[i - 1] in ("or", "nor"))
        ):
            valence = lexicon[w] * _N_SCALAR
        if raws[i].isupper():  # the stripped word has the same cased characters
            if cap is None:
                cap = 0 < n - sum(map(str.isupper, raws)) < n
            if cap:
                if valence > 0:
                    valence += _C_INCR
                else:
                    valence -= _C_INCR
        for start in (0, 1, 2):
            if i <= start:
                break
            before = words[i - start - 1]
            if before in lexicon:
                continue
            s = 0.0  # scalar_inc_dec
            if before in booster:
                s = booster[before]
                if valence < 0:
                    s *= -1
                if raws[i - start - 1].isupper():
                    if cap is None:
                        cap = 0 < n - sum(map(str.isupper, raws)) < n
                    if cap:
                        if valence > 0:
                            s += _C_INCR
                        else:
                            s -= _C_INCR
                if start == 1 and s != 0:
                    s = s * 0.95
                if start == 2 and s != 0:
                    s = s * 0.9
            valence = valence + s
            # _negation_check
            if start == 0:
                if before in _NEGATE or "n't" in before:
                    valence = valence * _N_SCALAR
            elif start == 1:
                if words[i - 2] == "never" and words[i - 1] in ("so", "this"):
                    valence = valence * 1.25
                elif words[i - 2] == "without" and words[i - 1] == "doubt":
                    pass
                elif before in _NEGATE or "n't" in before:
                    valence = valence * _N_SCALAR
            else:
                if (words[i - 3] == "never" and words[i - 2] in ("so", "this")) or words[i - 1] in ("so", "this"):
                    valence = valence * 1.25
                elif words[i - 3] == "without" and (words[i - 2] == "doubt" or words[i - 1] == "doubt"):
                    pass
                elif before in _NEGATE or "n't" in before:
                    valence = valence * _N_SCALAR
                if w in _IDIOM_WORDS or words[i - 1] in _IDIOM_WORDS or words[i - 2] in _IDIOM_WORDS:
                    valence = _idioms(valence, words, i)
        # _least_check
        if i > 0 and words[i - 1] == "least" and "least" not in lexicon:
            if i == 1 or (words[i - 2] != "at" and words[i - 2] != "very"):
                valence = valence * _N_SCALAR
        if valence != 0:
            at.append(i)
            valences.append(valence)
    if not valences:
        return _NEUTRAL
    if "but" in words:
        _but(words.index("but"), at, valences)
    return _score(valences, n, text)


def package_scores(text: str) -> dict[str, float]:
    """vaderSentiment's own ``polarity_scores``: the reference, and the fallback, of :func:`polarity_scores`.

    >>> package_scores("Not a good day :-(") == polarity_scores("Not a good day :-(")
    True
    """
    scores: dict[str, float] = _package_analyzer().polarity_scores(text)
    return scores


def warm() -> None:
    """Load the lexicon now, so that forked workers share it (on an unverified vaderSentiment: warn now)."""
    if not EXACT:
        _fallback("good")
    elif not _hit:
        _build()


def forget() -> None:
    """Drop the remembered tokens (they come back as texts are scored): frees their memory."""
    _memo.clear()


def _fallback(text: Any) -> tuple[float, float, float, float]:
    """vaderSentiment itself: for anything but a str, and for every text on an unverified release
    (with a warning, once per process)."""
    global _warned
    if not EXACT and not _warned:
        _warned = True
        warnings.warn(
            f"newsframe's VADER engine was verified against vaderSentiment {', '.join(VERIFIED_VADER)}, "
            f"not {VADER_VERSION}: scoring with vaderSentiment itself (slower, the same scores)",
            RuntimeWarning,
            stacklevel=4,
        )
    v = package_scores(text)
    return v["compound"], v["pos"], v["neu"], v["neg"]


def _package_analyzer() -> Any:
    global _analyzer
    if _analyzer is None:
        _analyzer = _package.SentimentIntensityAnalyzer()
    return _analyzer


def _build() -> None:
    """The lexicon and emoji descriptions, as vaderSentiment's analyzer loads them."""
    global _hit, _emoji
    analyzer = _package_analyzer()
    _lexicon.update(analyzer.lexicon)
    # polarity_scores compares each character with the emoji lexicon: longer entries never match.
    _describe.update({e: d for e, d in analyzer.emojis.items() if len(e) == 1})
    # A class of a thousand emoji is slow to match (sre tests the astral ones one by one): find
    # candidates with the few below U+0100 and one range above, then look each up.
    wide = min(e for e in _describe if ord(e) > 0xFF)
    latin = "".join(re.escape(e) for e in sorted(_describe) if ord(e) <= 0xFF)
    _emoji = re.compile(f"[{latin}{re.escape(wide)}-\U0010ffff]")
    _hit = frozenset(_lexicon).difference(_BOOSTER)


def _with_descriptions(text: str) -> str:
    """The text with each emoji VADER knows replaced by its description, after a space unless it
    starts the text or follows a space (nothing is put after it)."""
    pieces = []
    last = 0
    for candidate in _emoji.finditer(text):
        description = _describe.get(candidate.group())
        if description is None:
            continue
        k = candidate.start()
        pieces.append(text[last:k])
        pieces.append(description if k == 0 or text[k - 1] == " " else " " + description)
        last = k + 1
    if not pieces:
        return text
    pieces.append(text[last:])
    return "".join(pieces)


def _remember(raw: str) -> str:
    """VADER's word for a token, lower-cased: punctuation stripped from both ends unless that leaves
    two characters or fewer (an emoticon such as ``:)``)."""
    stripped = raw.strip(_STRIP)
    word = (raw if len(stripped) <= 2 else stripped).lower()
    if "n't" in word:
        _marks.add(word)
    _memo[raw] = word
    return word


def _idioms(valence: float, words: list[str], i: int) -> float:
    """_special_idioms_check: phrases around word ``i`` (``i > 2``) that set its valence, then
    multi-word boosters before it."""
    n = len(words)
    onezero = f"{words[i - 1]} {words[i]}"
    twoonezero = f"{words[i - 2]} {words[i - 1]} {words[i]}"
    twoone = f"{words[i - 2]} {words[i - 1]}"
    threetwoone = f"{words[i - 3]} {words[i - 2]} {words[i - 1]}"
    threetwo = f"{words[i - 3]} {words[i - 2]}"
    for seq in (onezero, twoonezero, twoone, threetwoone, threetwo):
        if seq in _SPECIAL:
            valence = _SPECIAL[seq]
            break
    if n - 1 > i:
        zeroone = f"{words[i]} {words[i + 1]}"
        if zeroone in _SPECIAL:
            valence = _SPECIAL[zeroone]
    if n - 1 > i + 1:
        zeroonetwo = f"{words[i]} {words[i + 1]} {words[i + 2]}"
        if zeroonetwo in _SPECIAL:
            valence = _SPECIAL[zeroonetwo]
    for n_gram in (threetwoone, threetwo, twoone):
        if n_gram in _BOOSTER:
            valence = valence + _BOOSTER[n_gram]
    return valence


def _but(bi: int, at: list[int], valences: list[float]) -> None:
    """_but_check, quirks included: each valence is looked up by value (``list.index``), so of equal
    valences the first is scaled, once per occurrence; before "but" halved, after it 1.5 times.
    Zeros only ever find and scale zeros, so the valences that are not 0 are enough."""
    for j in range(len(valences)):
        valence = valences[j]
        first = valences.index(valence)
        if at[first] < bi:
            valences[first] = valence * 0.5
        elif at[first] > bi:
            valences[first] = valence * 1.5


def _score(valences: list[float], n: int, text: str) -> tuple[float, float, float, float]:
    """score_valence over the ``n`` words, of which ``valences`` are those not 0 (zeros add nothing
    to the sums and count as neutral)."""
    sum_s = float(sum(valences))
    ep_count = min(text.count("!"), 4)
    qm_count = text.count("?")
    qm_amplifier: float = 0
    if qm_count > 1:
        qm_amplifier = qm_count * 0.18 if qm_count <= 3 else 0.96
    amplifier = ep_count * 0.292 + qm_amplifier
    if sum_s > 0:
        sum_s += amplifier
    elif sum_s < 0:
        sum_s -= amplifier
    compound = sum_s / math.sqrt((sum_s * sum_s) + 15)
    if compound < -1.0:
        compound = -1.0
    elif compound > 1.0:
        compound = 1.0
    pos_sum = neg_sum = 0.0
    neu_count = n
    for valence in valences:
        if valence > 0:
            pos_sum += float(valence) + 1
            neu_count -= 1
        elif valence < 0:
            neg_sum += float(valence) - 1
            neu_count -= 1
    if pos_sum > math.fabs(neg_sum):
        pos_sum += amplifier
    elif pos_sum < math.fabs(neg_sum):
        neg_sum -= amplifier
    total = pos_sum + math.fabs(neg_sum) + neu_count
    return (
        round(compound, 4),
        round(math.fabs(pos_sum / total), 3),
        round(math.fabs(neu_count / total), 3),
        round(math.fabs(neg_sum / total), 3),
    )
