"""Word tokens of news text, one compiled regular expression written for news.

Abbreviations with dots stay whole (``U.S.``), hyphenated compounds stay whole
(``Russia-China``), numbers keep their separators and percent sign (``1,000``, ``3.5%``),
possessives are dropped (``Russia’s`` is ``Russia``), curly apostrophes count as straight ones,
and a dateline that opens a body (``WASHINGTON, March 2 -``) is not part of the story (see
``docs/word-frequency.md`` for why, ``benchmarks/README.md`` for the measured speed). ``encode_tokens`` gives the
same tokens for a whole corpus at once, as integer arrays, several times faster.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from itertools import compress

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

# Same-length replacements, so offsets found in the normalised text hold for the original.
_REPLACEMENTS = [
    ("\u2019", "'"),
    ("\u2018", "'"),
    ("\u02bc", "'"),
    ("\u2032", "'"),
    ("\u00b4", "'"),
    ("\u2010", "-"),
    ("\u2011", "-"),
]


def _normalise(text: str) -> str:
    # str.replace per character is several times faster than str.translate on long text.
    for old, new in _REPLACEMENTS:
        if old in text:
            text = text.replace(old, new)
    return text


_WORD = (
    r"(?:[^\W\d_]\.){2,}"  # abbreviations written with dots: U.S., e.g.
    r"|(?:[^\W\d_]')?"  # a name's elided prefix: O'Brien, d'Estaing
    r"[^\W_]+(?:(?:-|(?<=\d)[.,](?=\d))[^\W_]+)*"  # words, inner hyphens, 1,000 and 3.5
    r"(?:'(?:[tT]|ll|LL|re|RE|ve|VE|[mMdD])\b)?"  # contractions: don't, we'll
    r"%?"  # percentages: 20%
)
# A match is a word (group 1, possessive 's left outside it) or a boundary that n-grams and
# phrases must not cross (sentence and clause punctuation, quotes, dashes, brackets).
_TOKEN = re.compile(rf"({_WORD})(?:'[sS]\b)?|[.,;:!?()\[\]{{}}\"“”«»'\u2013\u2014]|(?<!\w)-+(?!\w)")
_WORDS = re.compile(rf"({_WORD})(?:'[sS]\b)?")
# `WASHINGTON, March 2 -`, `LONDON (Reuters) -`, `NEW YORK, Feb 26 (AP) —` opening a body.
_DATELINE = re.compile(
    r"\s*[A-Z][A-Z.'\-]+(?:[ /][A-Z][A-Z.'\-]+)*"  # the place, in capitals
    r"(?:(?:,\s*[A-Z][A-Za-z.]*(?:\s+[A-Z][A-Za-z.]*)*){1,2}(?:\s+\d{1,2})?(?:\s*\([^()\n]{1,30}\))?"
    r"|\s*\([^()\n]{1,30}\))"  # `, March 2` and/or `(Reuters)`
    r"\s+[-\u2013\u2014]{1,2}\s+"
)


def tokenize(text: str, *, lowercase: bool = False) -> list[str]:
    """The word tokens of ``text``: no punctuation, possessive ``'s`` dropped.

    >>> tokenize("Russia’s ties with the U.S. rose 3.5% in 2021, said Mr. O'Brien.")
    ['Russia', 'ties', 'with', 'the', 'U.S.', 'rose', '3.5%', 'in', '2021', 'said', 'Mr', "O'Brien"]
    >>> tokenize("G7 backs Russia-China talks", lowercase=True)
    ['g7', 'backs', 'russia-china', 'talks']
    """
    text = _normalise(text)
    return _WORDS.findall(text.lower() if lowercase else text)


def token_spans(text: str) -> list[tuple[int, int]]:
    """Character spans ``(start, end)`` in ``text`` of the tokens ``tokenize`` returns.

    >>> text = "Xi’s “model” ties"
    >>> [text[a:b] for a, b in token_spans(text)]
    ['Xi', 'model', 'ties']
    """
    return [m.span(1) for m in _WORDS.finditer(_normalise(text))]


def raw_tokens(text: str) -> list[str]:
    """Lower-cased word tokens and boundary marks (``""``) that n-grams must not cross.

    The fast path under term counting: one regular-expression pass, no per-token work.

    >>> raw_tokens("Xi, Putin’s friend, met Biden.")
    ['xi', '', 'putin', 'friend', '', 'met', 'biden', '']
    """
    return _TOKEN.findall(_normalise(text).lower())


def raw_token_spans(text: str, start: int = 0) -> tuple[list[tuple[int, int]], list[str]]:
    """``raw_tokens`` of ``text[start:]`` with their spans in ``text``: ``(spans, tokens)``.

    >>> raw_token_spans("Xi’s “model”")
    ([(0, 2), (5, 6), (6, 11), (11, 12)], ['xi', '', 'model', ''])
    """
    spans, tokens = [], []
    for match in _TOKEN.finditer(_normalise(text), start):
        word = match.group(1)
        spans.append(match.span() if word is None else match.span(1))
        tokens.append("" if word is None else word.lower())
    return spans, tokens


# Lower-cased text never contains a capital X, so this token can only be the separator.
_CHUNK_END = "X"


def encode_tokens(texts: Sequence[str], codes: Mapping[str, int]) -> tuple[np.ndarray, np.ndarray]:
    """``raw_tokens`` of many texts at once, as integers: ``(code of each token, index of its text)``.

    ``codes`` maps a raw token (boundary marks are ``""``) to an int; a dict with
    ``__missing__`` can assign codes as tokens appear. The result equals
    ``[codes[t] for text in texts for t in raw_tokens(text)]`` and the matching text indices,
    computed several times faster on a corpus: each distinct white-space separated chunk is
    tokenised once, all of them in one regular-expression pass, and the rest is array work
    (tokens never contain white space, so a chunk's tokens do not depend on its neighbours).

    >>> codes, text = encode_tokens(["Oil, oil!", "Gas"], {"oil": 0, "": -1, "gas": 1})
    >>> codes.tolist(), text.tolist()
    ([0, -1, 0, -1, 1], [0, 0, 0, 0, 1])
    """
    lowered = [_normalise(text).lower() for text in texts]
    try:
        lowered = pa.array(lowered, type=pa.large_string())
    except UnicodeEncodeError:  # lone surrogates; like U+FFFD they are never part of a token
        lowered = pa.array(
            [text.encode("utf-8", "surrogatepass").decode("utf-8", "replace") for text in lowered],
            type=pa.large_string(),
        )
    split = pc.ascii_split_whitespace(lowered)  # other white space is left to the expression
    chunks = pc.dictionary_encode(pc.list_flatten(split))
    distinct = chunks.dictionary.to_pylist()
    found = _TOKEN.findall(f" {_CHUNK_END} ".join(distinct) + f" {_CHUNK_END}")
    ends = np.fromiter(map(_CHUNK_END.__eq__, found), dtype=bool, count=len(found))
    kept = list(compress(found, ~ends))
    table = np.fromiter(map(codes.__getitem__, kept), dtype=np.int64, count=len(kept))
    lengths = np.diff(np.flatnonzero(ends), prepend=-1) - 1  # tokens of each distinct chunk
    offsets = np.cumsum(lengths) - lengths  # where they start in `table`
    occurrence = chunks.indices.to_numpy(zero_copy_only=False)
    sizes = lengths[occurrence]
    total = int(sizes.sum())
    starts = np.repeat(offsets[occurrence] - (np.cumsum(sizes) - sizes), sizes)
    text = np.repeat(pc.list_parent_indices(split).to_numpy(zero_copy_only=False).astype(np.int64), sizes)
    return table[starts + np.arange(total)], text


def body_start(text: str) -> int:
    """Offset where the story starts: after a dateline such as ``WASHINGTON, March 2 -``, else 0.

    >>> text = "LONDON, Feb 26 (Reuters) - Oil rose."
    >>> text[body_start(text):]
    'Oil rose.'
    >>> body_start("Oil rose - again - on Monday.")
    0
    """
    match = _DATELINE.match(text)
    return match.end() if match else 0


def word_count(title: str, text: str) -> int:
    """Number of word tokens in a headline and body (after any dateline): the denominator of
    rates per 1,000 words.

    >>> word_count("Oil rises", "LONDON, Feb 26 - Oil rose 2% on Monday.")
    7
    """
    return len(tokenize(title)) + len(tokenize(text[body_start(text) :]))
