"""Newsframe's own ``TextBlob(text).sentiment``: the same polarity and subjectivity, bit for bit, several times faster.

TextBlob splits a text with pattern's ``find_tokens`` and scores the words with
``Sentiment.assessments``, both word by word in pure Python. This module finds the same tokens
and does the same float operations in the same order, but remembers what ``find_tokens`` makes
of each whitespace-separated token and walks only the words that can change a score. The
lexicon is TextBlob's own, as its loader reads it from the installed ``en-sentiment.xml``
(senses averaged, ``-ly`` adverbs derived). With a TextBlob release it was not verified against
(``VERIFIED_TEXTBLOB``) it warns and calls TextBlob itself.
"""

from __future__ import annotations

import re
import sys
import warnings
from collections.abc import Iterable, Sequence
from functools import lru_cache
from importlib import metadata, util
from itertools import compress, count
from operator import itemgetter, not_
from pathlib import Path
from sys import intern
from types import ModuleType
from typing import Any


def _pattern_module() -> ModuleType:
    """TextBlob's ``textblob._text`` (pattern's tokenizer, rules and lexicon loader), read from the
    installed package without running ``textblob/__init__``, which imports NLTK and SciPy: 2 to 4 s
    in every process that scores, worker processes included."""
    if "textblob._text" in sys.modules:
        return sys.modules["textblob._text"]
    own = util.spec_from_file_location("newsframe.sentiment._textblob_text", _TEXTBLOB / "_text.py")
    assert own is not None and own.loader is not None
    module = util.module_from_spec(own)
    own.loader.exec_module(module)
    return module


_spec = util.find_spec("textblob")
assert _spec is not None and _spec.submodule_search_locations
_TEXTBLOB = Path(next(iter(_spec.submodule_search_locations)))  # the installed package's folder
pattern = _pattern_module()

# TextBlob releases whose tokenizer, rules and lexicon this module reproduces (differential tests).
VERIFIED_TEXTBLOB = ("0.20.1",)
TEXTBLOB_VERSION = metadata.version("textblob")
EXACT = TEXTBLOB_VERSION in VERIFIED_TEXTBLOB
_warned = False

EOS = pattern.EOS  # find_tokens' token for a blank line: it ends a sentence and is then dropped
_LINEBREAK = re.compile(r"\n{2,}")
_PUNCT = tuple(pattern.PUNCTUATION.replace(".", ""))  # split from both ends of a token
_PUNCT_DOT = (*_PUNCT, ".")
_REPLACE = tuple(pattern.replacements.items())  # contractions: "n't" -> " n't"
_QUOTES = tuple((q, f" {q} ") for q in ("“", "”", "‘", "’", "'", '"'))
_ABBREVIATIONS = frozenset(pattern.ABBREVIATIONS)
_ABBR = re.compile("|".join(f"(?:{r.pattern})" for r in (pattern.RE_ABBR1, pattern.RE_ABBR2, pattern.RE_ABBR3))).match
# A token find_tokens leaves whole: no punctuation at either end, no quote (each contraction has one).
assert all("'" in a for a, _ in _REPLACE)
_INSIDE = re.escape("".join(q for q, _ in _QUOTES))
_OUTER = re.escape("".join(_PUNCT)) + _INSIDE
_PLAIN = re.compile(f"[^{_OUTER}][^{_INSIDE}]*[^{_OUTER}.]|[^{_OUTER}.]").fullmatch
_QUOTED = re.compile(f"[{_INSIDE}]").search
# Most other tokens: leading punctuation, a plain core, then one punctuation mark or a period.
_SHAPE = re.compile(
    f"([{re.escape(''.join(_PUNCT))}]*)([^{_OUTER}.]|[^{_OUTER}][^{_INSIDE}]*[^{_OUTER}.])([{re.escape(''.join(_PUNCT))}.])?"
).fullmatch

# find_tokens ends a sentence after each run of _ENDS and _ALSO tokens that holds one of _ENDS
# (quotes stop a run). A match starts at a run's first token (never after one of _ALSO, which
# are always whole tokens) and never backtracks over them (possessive): linear time.
_ENDS = "(?:" + "|".join((r"\.\.\.", r"\.", "!", r"\?", EOS)) + ")"
_ALSO = "[”’)]"
_SENTENCE_END = re.compile(rf"(?<![^ ])(?<!{_ALSO} )(?:{_ALSO} )*+{_ENDS}(?![^ ])(?: (?:{_ENDS}|{_ALSO})(?![^ ]))*")
_SARCASM = pattern.RE_SARCASM  # "( ! )" -> "(!)"
_EMOTICONS = pattern.RE_EMOTICONS  # ": - )" -> ":-)", its alternatives in TextBlob's order
_FACES = sorted({face for faces in pattern.EMOTICONS.values() for face in faces})
# Those two regexes change tokens only where they join two across a space: "( !", "! )", or two
# characters of an emoticon. _JOINS finds such a spot. Two neighbouring raw tokens can hold one
# only if the last character of the first and the first of the second are a pair in _PAIRS. Each
# raw token has an "edge": its first character's class, then its last character's, or "#" when
# _JOINS matches within it; _EDGES finds "#" or a pair in the edges of a text's raw tokens.
_PAIRS = {(face[k], face[k + 1]) for face in _FACES for k in range(len(face) - 1)} | {("(", "!"), ("!", ")")}
_LAST_CLASS = {a: chr(ord("A") + k) for k, a in enumerate(sorted({a for a, _ in _PAIRS}))}  # else "."
_FIRST_CLASS = {b: chr(ord("a") + k) for k, b in enumerate(sorted({b for _, b in _PAIRS}))}  # else ","
_EDGES = re.compile(
    "#|"
    + "|".join(
        f"{c}[{''.join(_FIRST_CLASS[b] for a2, b in sorted(_PAIRS) if a2 == a)}]" for a, c in _LAST_CLASS.items()
    )
)
_REACH = max(map(len, _FACES))  # raw tokens either side of a pair that a face can reach


def _joins() -> re.Pattern[str]:
    """An emoticon with a space inside, then a space or the end; or "( !" or "! )". Which face
    matches first does not matter here, so the alternatives are grouped by first character."""
    rests: dict[str, list[str]] = {"(": [" !"], "!": [" \\)"]}
    for face in _FACES:
        for k in range(1, len(face)):  # the first space comes after character k
            spaced = " ?".join(map(re.escape, face[k:])) + r"(?=\s|$)"
            rests.setdefault(face[0], []).append("".join(map(re.escape, face[1:k])) + " " + spaced)
    return re.compile("|".join(re.escape(c) + "(?:" + "|".join(rest) + ")" for c, rest in rests.items()))


_JOINS = _joins()

# Codes of the scoring loop. A word TextBlob does not know is an int: 1 if it ends a pending
# negation (len(w.strip("'")) > 1), 2 if it ends a pending modifier (len(w) > 2). Any other
# word is a tuple headed by its kind.
_LEXICON, _NEGATION, _BANG, _FACE = 0, 1, 2, 3
_codes: dict[str, tuple] = {}  # lowercased word that can change a score -> code
# Raw (whitespace-separated) token -> (codes of its tokens, the tokens joined by spaces, whether
# a code is not an int, its edge).
_Info = tuple[tuple, str, bool, str]
_memo: dict[str, _Info] = {}
_MEMO_LIMIT = 200_000  # raw tokens remembered (some 50 MB) before the memo starts afresh
_GET_TOKENS, _GET_HIT, _GET_EDGE = itemgetter(1), itemgetter(2), itemgetter(3)
_ONE: dict[Any, tuple] = {}


def sentiment(text: str) -> tuple[float, float]:
    """``(polarity, subjectivity)`` of ``text``, exactly ``tuple(TextBlob(text).sentiment)``.

    >>> sentiment("A very good deal, not a bad one!")
    (0.6737499999999998, 0.7233333333333334)
    >>> sentiment("No opinion here.")
    (0.0, 0.0)
    """
    if not _codes or type(text) is not str:
        if not EXACT or not isinstance(text, str):
            return _fallback(text)
        if not _codes:
            _build()
    if EOS in text:
        return _slow(text)
    # Blank lines (find_tokens' EOS) only end sentences, which matter only where the sarcasm or
    # emoticon regex joins tokens: elsewhere the tokens are final and the text is scored here.
    raws = text.split()
    infos: list = list(map(_memo.get, raws))
    try:
        edges = "".join(map(_GET_EDGE, infos))
    except TypeError:  # raw tokens not seen yet
        if len(_memo) > _MEMO_LIMIT:
            _memo.clear()
        for k in compress(count(), map(not_, infos)):
            infos[k] = _memo.get(raws[k]) or _remember(raws[k])
        edges = "".join(map(_GET_EDGE, infos))
    for edge in _EDGES.finditer(edges):
        k = edge.start() // 2  # a pair from raw token k to k + 1, or "#" in k
        near = infos[max(0, k + 1 - _REACH) : k + 1 + _REACH]
        if edge.group() == "#" or _JOINS.search(" ".join(map(_GET_TOKENS, near))):
            return _slow(text)
    return _assess(infos, compress(count(), map(_GET_HIT, infos)))


def textblob_sentiment(text: str) -> tuple[float, float]:
    """TextBlob's own ``(polarity, subjectivity)``: the reference, and the fallback, of :func:`sentiment`.

    >>> textblob_sentiment("Not a good day :-(") == sentiment("Not a good day :-(")
    True
    """
    from textblob.en import sentiment as pattern_sentiment

    polarity, subjectivity = pattern_sentiment(text)
    return polarity, subjectivity


def tokens(text: str) -> list[str]:
    """The words TextBlob's sentiment assesses: ``" ".join(find_tokens(text)).lower().split()``.

    >>> tokens("Isn't it GREAT?! (!) :-)")
    ['is', 'n', "'", 't', 'it', 'great', '?', '!', '(!)', ':-)']
    """
    s = _LINEBREAK.sub(f" {EOS} ", text.replace("\r\n", "\n"))
    return _final_words(" ".join([part for raw in s.split() for part in _parts(raw)]))


def warm() -> None:
    """Load the lexicon now, so that forked workers share it (on an unverified TextBlob: warn now)."""
    if not EXACT:
        _fallback("good")
    elif not _codes:
        _build()


def forget() -> None:
    """Drop the remembered tokens (they come back as texts are scored): frees their memory."""
    _memo.clear()


def _fallback(text: Any) -> tuple[float, float]:
    """TextBlob itself: for anything but a str, and for every text on an unverified TextBlob
    release (with a warning, once per process)."""
    global _warned
    if not EXACT and not _warned:
        _warned = True
        warnings.warn(
            f"newsframe's sentiment engine was verified against TextBlob {', '.join(VERIFIED_TEXTBLOB)}, "
            f"not {TEXTBLOB_VERSION}: scoring with TextBlob itself (slower, the same scores)",
            RuntimeWarning,
            stacklevel=3,
        )
    return textblob_sentiment(text)


def _remember(raw: str) -> _Info:
    """What find_tokens makes of one whitespace-free token, and what it means to the scoring; remembered."""
    if _PLAIN(raw):  # most words: nothing to split off
        w = raw.lower()
        code = _codes.get(w) or (1 if len(w.strip("'")) > 1 else 0) | (2 if len(w) > 2 else 0)
        edge = _FIRST_CLASS.get(raw[0], ",") + _LAST_CLASS.get(raw[-1], ".")
        info: _Info = _ONE.get(code) or _one(code), raw, type(code) is tuple, intern(edge)
    else:
        parts = [part for part in _parts(raw) if part != EOS]
        codes = tuple(
            [
                _codes.get(w) or (1 if len(w.strip("'")) > 1 else 0) | (2 if len(w) > 2 else 0)
                for w in map(str.lower, parts)
            ]
        )
        joined = " ".join(parts)
        hit = any(type(code) is tuple for code in codes)
        last = "#" if _JOINS.search(joined) else _LAST_CLASS.get(joined[-1:], ".")
        info = codes, joined, hit, intern(_FIRST_CLASS.get(joined[:1], ",") + last)
    _memo[raw] = info
    return info


def _one(code: Any) -> tuple:
    """``(code,)``, one shared tuple per code (memory)."""
    return _ONE.setdefault(code, (code,))


def _parts(raw: str) -> list[str]:
    """find_tokens on one whitespace-free token: contractions and quotes split off, then
    punctuation from both ends of each piece."""
    if _QUOTED(raw) is None:
        return _split_punctuation(raw)
    s = raw
    for a, b in _REPLACE:
        s = s.replace(a, b)
    for a, b in _QUOTES:
        s = s.replace(a, b)
    return [part for piece in s.split() for part in _split_punctuation(piece)]


def _split_punctuation(t: str) -> list[str]:
    """find_tokens' punctuation rules on one token, in its own words (first the common shapes)."""
    shape = _SHAPE(t)
    if shape is not None and t not in pattern.replacements:
        lead, core, end = shape.groups()
        parts = [*lead, core]
        if end is None:
            return parts
        if end == "." and _abbreviation(core + "."):
            parts[-1] = core + "."
        else:
            parts.append(end)
        return parts
    parts, tail = [], []
    while t.startswith(_PUNCT) and t not in pattern.replacements:
        parts.append(t[0])
        t = t[1:]
    while t.endswith(_PUNCT_DOT) and t not in pattern.replacements:
        if t.endswith(_PUNCT):
            tail.append(t[-1])
            t = t[:-1]
        if t.endswith("..."):
            tail.append("...")
            t = t[:-3].rstrip(".")
        if t.endswith("."):
            if _abbreviation(t):
                break
            tail.append(t[-1])
            t = t[:-1]
    if t != "":
        parts.append(t)
    parts.extend(reversed(tail))
    return parts


def _abbreviation(t: str) -> bool:
    return t in _ABBREVIATIONS or _ABBR(t) is not None


def _slow(text: str) -> tuple[float, float]:
    """Score the words of :func:`tokens`, one by one."""
    groups = [((_codes.get(w) or _unknown(w),),) for w in tokens(text)]
    return _assess(groups, [k for k, ((code,),) in enumerate(groups) if type(code) is tuple])


def _final_words(joined: str) -> list[str]:
    """find_tokens' last steps: sentences end after runs of ., !, ?, ... (closing quotes and
    brackets included) and blank lines; sarcasm and emoticons are joined within each sentence
    alone, which here ends in a line break no match can span."""
    if EOS in joined:
        joined = _SENTENCE_END.sub(_end_without_eos, joined)
    else:
        joined = _SENTENCE_END.sub("\\g<0>\n", joined)
    return _EMOTICONS.sub(_join_face, _SARCASM.sub("(!)", joined)).lower().split()


def _end_without_eos(run: re.Match[str]) -> str:
    return " ".join(t for t in run.group(0).split(" ") if t != EOS) + "\n"


def _join_face(face: re.Match[str]) -> str:
    return face.group(1).replace(" ", "") + face.group(2)


def _assess(infos: Sequence[tuple], hits: Iterable[int]) -> tuple[float, float]:
    """Sentiment.assessments and the averages of Sentiment.__call__, over the codes of the words
    of each raw token (``info[0]``); ``hits`` are the raw tokens with a code that is not an int.

    Only the last assessment ever changes, so each is added to the sums when the next starts.
    Other words matter only while a negation or a modifier is pending, and a long one ends both.
    """
    sum_p = sum_s = 0.0
    n = 0
    p = s = i = 0.0  # the last assessment: polarity, subjectivity, intensity, negated
    negated = False
    modifier: bool | None = None  # a pending modifier ("very"): None, or whether it ends in "ly"
    negation = False  # a pending negation ("not")
    previous = -1
    for k in hits:
        if k > previous + 1 and (negation or modifier is not None):
            for info in infos[previous + 1 : k]:
                for code in info[0]:
                    if negation and code & 1:
                        negation = False
                    if negation and modifier:
                        negated, negation = True, False
                    elif modifier is not None and code & 2:
                        modifier = None
        previous = k
        for code in infos[k][0]:
            if type(code) is int:  # a word TextBlob does not know
                if negation and code & 1:
                    negation = False
                if negation and modifier:  # "really not good": the negation joins the modifier's assessment
                    negated, negation = True, False
                elif modifier is not None and code & 2:
                    modifier = None
                continue
            kind = code[0]
            if kind == _LEXICON:
                _, wp, ws, wi, is_modifier, ly, is_negation = code
                if modifier is None:
                    if n:
                        sum_p += p * -0.5 if negated else p
                        sum_s += s
                    n += 1
                    p, s, i, negated = wp, ws, wi, False
                else:  # "very good": the modifier's intensity scales the word, which joins its assessment
                    p = max(-1.0, min(wp * i, +1.0))
                    s = max(-1.0, min(ws * i, +1.0))
                    i = wi
                if negation:
                    i = 1.0 / i
                    negated = True
                modifier = ly if is_modifier else None
                negation = is_negation
                continue
            mask = code[1]
            if kind == _NEGATION:
                negation = True
            elif negation and mask & 1:
                negation = False
            if negation and modifier:
                negated, negation = True, False
            elif modifier is not None and mask & 2:
                modifier = None
            if kind == _BANG:
                if n:
                    p = max(-1.0, min(p * 1.25, +1.0))
            elif kind == _FACE:  # "(!)" (irony) or an emoticon (mood): an assessment of its own
                if n:
                    sum_p += p * -0.5 if negated else p
                    sum_s += s
                n += 1
                p, s, i, negated = code[2], 1.0, 1.0, False
    if not n:
        return 0.0, 0.0
    sum_p += p * -0.5 if negated else p
    sum_s += s
    return sum_p / float(n), sum_s / float(n)


def _unknown(w: str) -> int:
    """The code of a word TextBlob does not know: what it ends of a pending negation or modifier."""
    return (1 if len(w.strip("'")) > 1 else 0) | (2 if len(w) > 2 else 0)


def _build() -> None:
    """Codes of the words that can change a score, from TextBlob's loaded lexicon."""
    lexicon = _lexicon()
    negations, modifiers = lexicon.negations, lexicon.modifiers
    codes: dict[str, tuple] = {}
    for (_, mood), faces in pattern.EMOTICONS.items():
        for face in faces:  # in TextBlob's order: the first group of a face wins
            w = face.lower()
            if not w.isalpha() and len(w) <= 5 and w not in pattern.PUNCTUATION:
                codes.setdefault(w, (_FACE, _unknown(w), mood))
    codes.update({w: (_NEGATION, _unknown(w)) for w in negations})
    codes["!"], codes["(!)"] = (_BANG, _unknown("!")), (_FACE, _unknown("(!)"), 0.0)
    for w, senses in dict.items(lexicon):
        p, s, i = senses[None]
        codes[w] = (_LEXICON, p, s, i, any(map(senses.__contains__, modifiers)), w.endswith("ly"), w in negations)
    _codes.update(codes)


def assessments(text: str) -> list[tuple[list[str], float, float, Any]]:
    """TextBlob's ``sentiment_assessments`` of ``text``: each scored word or phrase with its
    polarity, subjectivity and label (``"mood"``, ``"irony"`` or None).

    >>> assessments("Not a good day!")
    [(['not', 'good', '!'], -0.4375, 0.6000000000000001, None)]
    """
    return _lexicon()(text).assessments


@lru_cache(maxsize=1)
def _lexicon() -> Any:
    """``textblob.en.sentiment`` loaded: TextBlob's lexicon with its arguments, and the adverbs its
    ``load`` derives ("terrible" gives "terribly"), made as ``textblob/en/__init__.py`` makes them
    (on a TextBlob release this was not verified against, TextBlob's own)."""
    if "textblob.en" in sys.modules or not EXACT:
        from textblob.en import sentiment as loaded

        len(loaded)  # TextBlob loads its lexicon on first use
        return loaded
    lexicon = pattern.Sentiment(
        path=str(_TEXTBLOB / "en" / "en-sentiment.xml"),
        synset="wordnet_id",
        negations=("no", "not", "n't", "never"),
        modifiers=("RB",),
        modifier=lambda w: w.endswith("ly"),
        tokenizer=pattern.Parser().find_tokens,
        language="en",
    )
    lexicon.load()
    for w, pos in list(dict.items(lexicon)):
        if "JJ" in pos:
            if w.endswith("y"):
                w = w[:-1] + "i"
            if w.endswith("le"):
                w = w[:-2]
            p, s, i = pos["JJ"]
            lexicon.annotate(w + "ly", "RB", p, s, i)
    return lexicon
