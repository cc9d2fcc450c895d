"""Actor-targeted sentiment: score the clause around each actor mention instead of the whole sentence.

``clause_span`` finds the clause that holds a mention inside its sentence (between the nearest
clause boundaries before and after it); ``score_mentions`` scores those clauses (or the whole
sentences) for a ``mentions`` table and returns evidence in the shape of
``newsframe.actors.actor_sentences``, ready for ``newsframe.actors.actor_sentiment``. This module
takes the mentions as a plain table: ``sentiment`` comes before ``actors`` in the layers and never
imports it.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import cache
from typing import Literal

import numpy as np
import pandas as pd
import pyarrow as pa

from newsframe import schemas
from newsframe.errors import ConfigError, LabelsError, check_choice
from newsframe.memory import release_arrow_memory
from newsframe.text import with_sentence_text

Unit = Literal["clause", "sentence"]
UNITS: tuple[Unit, ...] = ("clause", "sentence")
# What ends a clause: semicolons, colons, dashes (a spaced hyphen counts as a dash), straight and
# curly double quotes, and the contrastive conjunctions. Chosen on half A of the NewsMTSC training
# split (benchmarks/bench_targeted.py, docs/sentiment.md): commas and brackets cut too much (an
# apposition, "Sen. Ted Cruz (R-Texas) said ...", leaves the name alone) and scored worse there.
# "yet" is left out: in news prose it is mostly "not yet", and the contrastive "yet" follows a comma.
BOUNDARY = re.compile(r"[;:—–\"“”]|(?<=\s)--?(?=\s)|\b(?:but|while|although|though|whereas|however)\b", re.IGNORECASE)
# A clause with fewer words than this besides the mention takes in its neighbours, the following
# one first. 0 (the clause as it is) did best on NewsMTSC half A; 1, 2, 3 and 6 were tried.
MIN_WORDS = 0
# The columns score_mentions adds after those of actor_sentences and the sentences.
CLAUSE_COLUMNS = {"clause": "string", "clause_start": "int32", "clause_end": "int32", "unit": "string"}

_WORD = re.compile(r"\w+")
CHUNK_ARTICLES = 5_000  # articles whose clauses are cut at once in score_mentions
_EDGES = " \t\n\r\f\v\u00a0,"


def clause_span(text: str, start: int, end: int, *, min_words: int = MIN_WORDS) -> tuple[int, int]:
    """The ``(start, end)`` offsets in ``text`` of the clause holding the mention ``text[start:end]``.

    The clause runs from the nearest boundary before the mention to the nearest one after it
    (:data:`BOUNDARY`: ``; : — – " “ ”``, a spaced hyphen, and the words *but*, *while*, *although*,
    *though*, *whereas*, *however*; not commas or brackets), boundaries inside the mention ignored,
    outer white space and commas stripped. A clause with fewer than ``min_words`` words outside the
    mention takes in the next clause, then the previous one, until it has them or is the whole
    sentence. It always holds the mention, and an empty mention between two boundaries gets the
    whole sentence, so it is never empty. Raises ``ValueError`` for a span outside ``text``.

    >>> s = "Critics attacked Smith, but Jones praised the plan."
    >>> a, b = clause_span(s, 28, 33); s[a:b]
    'Jones praised the plan.'
    >>> a, b = clause_span(s, 17, 22); s[a:b]
    'Critics attacked Smith'
    >>> s = "Smith: the deal was a disaster."
    >>> a, b = clause_span(s, 0, 5, min_words=1); s[a:b]  # "Smith" alone is too short: the next clause joins
    'Smith: the deal was a disaster.'
    """
    if not 0 <= start <= end <= len(text):
        raise ValueError(f"mention span ({start}, {end}) is outside a text of {len(text)} characters")
    cuts = [(m.start(), m.end()) for m in BOUNDARY.finditer(text) if m.end() <= start or m.start() >= end]
    before = [c for c in cuts if c[1] <= start]
    after = [c for c in cuts if c[0] >= end]
    left = before.pop() if before else None
    right = after.pop(0) if after else None
    while True:
        low, high = left[1] if left else 0, right[0] if right else len(text)
        outside = len(_WORD.findall(text[low:start])) + len(_WORD.findall(text[end:high]))
        if outside >= min_words or (left is None and right is None):
            break
        if right is not None:
            right = after.pop(0) if after else None
        else:
            left = before.pop() if before else None
    if not text[low:high].strip():  # an empty mention between two boundaries
        return _strip(text, 0, len(text))
    first, last = _strip(text, low, high)
    return min(first, start), max(last, end)


def score_mentions(
    mentions: pd.DataFrame,
    sentences: pd.DataFrame,
    *,
    scorer: str = "news",
    unit: Unit = "clause",
    min_words: int = MIN_WORDS,
    articles: pd.DataFrame | None = None,
    n_jobs: int | None = None,
    progress: bool | None = None,
) -> pd.DataFrame:
    """The sentiment of each actor's clauses (or sentences): evidence for ``actors.actor_sentiment``.

    Takes the ``mentions`` table (``article_id``, ``sentence``, ``actor``, ``type``, ``start``,
    ``end``: offsets into the article's title or body, as ``actors.find_mentions`` gives them) and
    the ``sentences`` table it was found in (``article_id``, ``sentence``, ``start``, ``text``,
    scored or not). Returns what ``actors.actor_sentences`` returns (``actor``, ``type``,
    ``article_id``, ``sentence``, ``mentions``, then every column of ``sentences``) and
    ``clause`` (the text scored), ``clause_start`` and ``clause_end`` (offsets into the sentence's
    ``text``), ``unit`` and the score column of ``scorer`` (``news``, ``polarity`` for TextBlob,
    ``vader_compound``, ``afinn``; it replaces a column of that name from ``sentences``). With
    ``unit="clause"`` each mention's clause is :func:`clause_span`; an actor mentioned in several
    clauses of one sentence gets the mean of their scores, and ``clause`` joins them with
    ``" … "`` (``clause_start`` / ``clause_end`` then span them all). With ``unit="sentence"`` the
    clause is the whole sentence. Mentions whose sentence is not in ``sentences`` are left out,
    as ``actor_sentences`` does. ``sentences`` may come without ``text`` (a large corpus read with
    ``analyse(..., columns=...)``) when ``articles`` is given: the mentioned sentences' text is then
    sliced from it (``text.with_sentence_text``) and, like the sentences, the result has no
    ``text`` (add it to the rows you show with ``with_sentence_text``). ``n_jobs`` and ``progress``
    are those of ``score_texts``.

    >>> sents = pd.DataFrame({"article_id": ["a"], "sentence": [1], "start": [10],
    ...                       "text": ["Critics attacked Smith, but Jones praised the plan."]})
    >>> ments = pd.DataFrame({"article_id": ["a", "a"], "sentence": [1, 1], "actor": ["Smith", "Jones"],
    ...                       "type": ["person"] * 2, "start": [27, 38], "end": [32, 43]})
    >>> out = score_mentions(ments, sents)
    >>> out[["actor", "clause", "news"]].round(3).values.tolist()
    [['Jones', 'Jones praised the plan.', 0.553], ['Smith', 'Critics attacked Smith', -0.625]]
    """
    from newsframe.sentiment.scoring import score_column

    check_choice("unit", unit, UNITS)
    column = score_column(scorer)
    sliced = "text" not in sentences.columns and articles is not None and {"article_id", "sentence"} <= set(mentions)
    keys = ["article_id", "sentence"]
    if sliced:
        mentioned = mentions[keys].drop_duplicates().astype(sentences.dtypes[keys].to_dict())
        sentences = sentences.merge(mentioned, on=keys)
    missing = {"article_id", "sentence", "actor", "type", "start", "end"} - set(mentions.columns)
    missing_s = {"article_id", "sentence", "start", *(() if sliced else ("text",))} - set(sentences.columns)
    if missing or missing_s:
        raise ConfigError(
            f"score_mentions needs mentions with {sorted(missing)} and sentences with {sorted(missing_s)}: "
            "pass the mentions table of actors.find_mentions and the sentences table it was found in"
        )
    leading = schemas.dtypes("actor_sentences")
    rest = [c for c in sentences.columns if c not in keys and c != column]
    sents = sentences[[*keys, *rest]].astype({"article_id": "string", "sentence": "int32"})
    shown = [c for c in rest if c != "text"] if sliced else rest  # text sliced here is not returned
    found = mentions[["actor", "type", *keys, "start", "end"]].astype(
        {"actor": "string", "type": "string", "article_id": "string", "sentence": "int32"}
    )
    # The clauses are cut a few thousand articles at a time: only their sentences' text is held
    # (as Python strings, sliced from the articles when the sentences came without it).
    located = sents[[*keys, *(["part", "start", "end"] if sliced else ["start", "text"])]]
    cut = []
    for part, in_part in _by_articles(found, located):
        with_text = with_sentence_text(in_part, articles) if sliced and articles is not None else in_part
        cut.append(_clauses(part, with_text, unit=unit, min_words=min_words))
    empty = located.iloc[:0].assign(text=pd.Series(dtype="string"))
    clauses = pd.concat(cut, ignore_index=True) if cut else _clauses(found, empty, unit=unit, min_words=min_words)
    del cut, located, found
    group = ["actor", "type", *keys]
    table, clause = _per_actor(clauses, group=group, scorer=scorer, column=column, n_jobs=n_jobs, progress=progress)
    del clauses
    table = table.astype(leading).merge(sents[[*keys, *shown]], on=keys, how="inner", validate="many_to_one")
    table = table.sort_values(["actor", *keys], kind="stable").reset_index(drop=True)
    taken = clause.take(pa.array(table["_row"].to_numpy()))
    out = table[[*leading, *shown]].assign(
        clause=pd.Series(taken.to_pandas(types_mapper=pd.ArrowDtype), dtype=CLAUSE_COLUMNS["clause"]),
        clause_start=table["clause_start"],
        clause_end=table["clause_end"],
        unit=unit,
    )
    out[column] = table["score"].astype("float64")
    del table
    out = out.astype({**leading, **CLAUSE_COLUMNS})
    out.attrs = {"unit": unit, "score": column}
    release_arrow_memory()
    return out


def _per_actor(
    clauses: pd.DataFrame, *, group: list[str], scorer: str, column: str, n_jobs: int | None, progress: bool | None
) -> tuple[pd.DataFrame, pa.Array]:
    """One row per actor and sentence (``group``) of ``clauses``: its ``mentions``, the span and mean
    ``score`` of its distinct clauses (each scored once), and ``_row``, its position in the second
    value returned, the clauses joined with " … " in sentence order (one Arrow array)."""
    from newsframe.sentiment.scoring import score_texts

    # Each actor's sentence as one number, numbered in the order of a sorted groupby on its keys:
    # the steps below then work on integer arrays, with no Python tuple or string key per row.
    code = clauses.groupby(group, sort=True).ngroup().to_numpy()
    begin, finish = clauses["clause_start"].to_numpy("int64"), clauses["clause_end"].to_numpy("int64")
    distinct = np.flatnonzero(~pd.DataFrame({"c": code, "b": begin, "f": finish}).duplicated().to_numpy())
    texts = clauses["clause"].iloc[distinct].reset_index(drop=True)
    # Arrow's allocator keeps what the joins freed; returned here, the scoring processes forked
    # next do not count it again (see newsframe.memory).
    release_arrow_memory()
    scores = score_texts(texts, scorers=[scorer], n_jobs=n_jobs, progress=progress)[column].to_numpy()
    # An actor's clauses in a sentence in their order there (a duplicate span was dropped: no ties).
    order = np.lexsort((finish[distinct], begin[distinct], code[distinct]))
    in_order = code[distinct][order]
    heads, first = np.unique(code, return_index=True)
    cuts = np.flatnonzero(np.diff(in_order)) + 1
    listed = texts.tolist()
    del texts
    joined = [" … ".join(listed[i] for i in run) for run in np.split(order, cuts)] if len(order) else []
    del listed
    # The clauses stay one Arrow array, taken once in the final order: not carried through the join and sort.
    clause = pa.array(joined, pa.string())
    del joined
    table = (
        clauses.iloc[first][group]
        .reset_index(drop=True)
        .assign(
            mentions=np.bincount(code, minlength=len(heads))[heads] if len(heads) else 0,
            clause_start=pd.Series(begin[distinct]).groupby(code[distinct]).min().to_numpy(),
            clause_end=pd.Series(finish[distinct]).groupby(code[distinct]).max().to_numpy(),
            score=pd.Series(scores[order]).groupby(in_order, sort=True).mean().to_numpy(),  # summed in clause order
            _row=np.arange(len(heads)),
        )
    )
    return table, clause


def _by_articles(found: pd.DataFrame, sents: pd.DataFrame) -> Iterator[tuple[pd.DataFrame, pd.DataFrame]]:
    """``found`` mentions and the ``sents`` of their articles, ``CHUNK_ARTICLES`` articles at a time
    (each article's rows in the order they come)."""
    ids = found["article_id"].unique().tolist()
    for at in range(0, len(ids), CHUNK_ARTICLES):
        chosen = set(ids[at : at + CHUNK_ARTICLES])
        yield found.loc[found["article_id"].isin(chosen)], sents.loc[sents["article_id"].isin(chosen)]


def _clauses(found: pd.DataFrame, sents: pd.DataFrame, *, unit: Unit, min_words: int) -> pd.DataFrame:
    """Each mention of ``found`` with the clause around it in its sentence of ``sents`` (with ``text``):
    ``actor``, ``type``, ``article_id``, ``sentence``, ``clause_start``, ``clause_end``, ``clause``."""
    keys = ["article_id", "sentence"]
    joined = found.merge(
        sents[[*keys, "start", "text"]].rename(columns={"start": "_offset", "text": "_text"}),
        on=keys,
        how="inner",
        validate="many_to_one",
    )
    texts = joined["_text"].astype(str).tolist()
    lengths = np.array([len(t) for t in texts], dtype="int64")
    if unit == "clause":
        # Offsets are into the article's title or body; the sentence starts at _offset there.
        begin = np.clip(joined["start"].to_numpy("int64") - joined["_offset"].to_numpy("int64"), 0, lengths)
        finish = np.clip(joined["end"].to_numpy("int64") - joined["_offset"].to_numpy("int64"), begin, lengths)
        spans = [
            clause_span(t, int(b), int(f), min_words=min_words) for t, b, f in zip(texts, begin, finish, strict=True)
        ]
    else:
        spans = [_strip(t, 0, len(t)) for t in texts]
    return joined[["actor", "type", *keys]].assign(
        clause_start=pd.Series([s for s, _ in spans], index=joined.index, dtype="int64"),
        clause_end=pd.Series([e for _, e in spans], index=joined.index, dtype="int64"),
        clause=pd.Series([t[s:e] for t, (s, e) in zip(texts, spans, strict=True)], index=joined.index, dtype="string"),
    )


def _strip(text: str, start: int, end: int) -> tuple[int, int]:
    """``(start, end)`` narrowed to leave out white space and commas at either end (as it is when that is all)."""
    piece = text[start:end]
    stripped = piece.strip(_EDGES)
    if not stripped:
        return start, end
    first = start + piece.index(stripped)
    return first, first + len(stripped)


# The window features of target_features: sums of the positive and of the negative VADER and AFINN
# values of the words of a sentence, over all its words, weighted by 1 / (1 + distance in words
# from the target), and within 5 (VADER) and 10 (AFINN) words of it.
WINDOW_COLUMNS = [
    *(f"window_{lexicon}_{sign}" for lexicon in ("vader", "afinn") for sign in ("pos", "neg")),
    *(f"near_{lexicon}_{sign}" for lexicon in ("vader", "afinn") for sign in ("pos", "neg")),
    "close_vader_pos",
    "close_vader_neg",
    "close_afinn_pos",
    "close_afinn_neg",
]
TARGET_TOKEN = "_target_"
# The columns of a table that give a target's character span in each text (a labels table's too).
SPAN_COLUMNS = ("target_start", "target_end")
_TOKEN = re.compile(r"[A-Za-z][A-Za-z'’-]*")
_NEGATIONS = frozenset({"not", "no", "never", "n't", "without", "nor", "cannot"})
# VADER's own damping of a negated word (its N_SCALAR).
_NEGATED = -0.74


def check_spans(spans: pd.DataFrame, texts: pd.Series, source: str) -> pd.DataFrame:
    """``target_start`` / ``target_end`` as nullable integers, each a span inside its text (or both NA).

    Raises ``LabelsError`` naming ``source`` and the bad rows (1 = the first).

    >>> check_spans(pd.DataFrame({"target_start": ["0", None], "target_end": [5, None]}), pd.Series(["Smith", "x"]),
    ...             "labels.csv").values.tolist()
    [[0, 5], [<NA>, <NA>]]
    """
    missing = [c for c in SPAN_COLUMNS if c not in spans]
    if missing:
        raise LabelsError(source, f"target spans need the columns {', '.join(SPAN_COLUMNS)}; missing {missing}")
    spans = spans[list(SPAN_COLUMNS)].reset_index(drop=True)
    numbers = spans.apply(lambda column: pd.to_numeric(column, errors="coerce")).astype("Float64")
    lengths = texts.astype(str).str.len().reset_index(drop=True)
    start, end = numbers["target_start"], numbers["target_end"]
    whole = (start.isna() & end.isna()) | ((start % 1 == 0) & (end % 1 == 0) & (start >= 0) & (start < end))
    bad = ~(whole.fillna(False) & ~(end > lengths).fillna(False)) | (numbers.isna() & spans.notna()).any(axis=1)
    if bad.any():
        raise LabelsError(
            source,
            "target_start and target_end must be whole numbers with 0 <= start < end <= the length of the text, "
            "or both empty",
            rows=(bad[bad].index + 1).tolist(),
        )
    return numbers.astype("Int64")


def no_spans(n: int) -> pd.DataFrame:
    """``n`` rows of ``target_start`` / ``target_end``, all NA: texts without a target."""
    return pd.DataFrame({c: pd.array([pd.NA] * n, dtype="Int64") for c in SPAN_COLUMNS})


def target_features(texts: pd.Series, starts: pd.Series, ends: pd.Series) -> pd.DataFrame:
    """What a target-aware scorer reads besides the sentence: the sentence with its target masked, the
    target's clause, and the sentiment words around the target.

    ``texts`` are sentences, ``starts`` / ``ends`` the target's character span in each (NA: no
    target, and then ``masked`` and ``clause`` are the sentence and its middle word stands for the
    target). Returns, indexed like ``texts``: ``masked`` (the target replaced by
    :data:`TARGET_TOKEN`), ``clause`` (:func:`clause_span`) and the :data:`WINDOW_COLUMNS`: sums of
    the positive and negative VADER and AFINN values of the words (a word after *not*, *no*,
    *never*, ... counts -0.74 times, as VADER does), over the sentence (``window_*``), weighted by
    ``1 / (1 + distance)`` in words from the target (``near_*``), and within 5 words (VADER) or 10
    words (AFINN) of it (``close_*``); names other than the target are set aside (``mask_names``).

    >>> out = target_features(pd.Series(["Critics attacked Smith, but Jones praised the plan."]),
    ...                       pd.Series([28]), pd.Series([33]))
    >>> out.loc[0, ["masked", "clause"]].tolist()
    ['Critics attacked Smith, but _target_ praised the plan.', 'Jones praised the plan.']
    >>> out.loc[0, ["window_vader_neg", "near_vader_neg", "near_vader_pos"]].round(2).tolist()
    [-3.2, -0.97, 2.2]
    """
    from newsframe.sentiment.lexicons import afinn_sum, mask_names

    vader, afinn = _vader_lexicon(), dict[str, float]()
    afinn_value = afinn.get
    masked, clauses, rows = [], [], []
    for text, start, end in zip(texts.astype(str), starts, ends, strict=True):
        if pd.isna(start) or pd.isna(end):
            masked.append(text)
            clauses.append(text)
            start = end = None
        else:
            start, end = int(start), int(end)
            low, high = clause_span(text, start, end)
            masked.append(f"{text[:start]}{TARGET_TOKEN}{text[end:]}")
            clauses.append(text[low:high])
        hidden = text if start is None else f"{text[:start]} {'_' * (end - start)} {text[end:]}"
        words = [(m.start(), m.group().lower()) for m in _TOKEN.finditer(mask_names(hidden))]
        after = [i for i, (offset, _) in enumerate(words) if start is not None and offset >= start]
        centre = after[0] if after else len(words) // 2
        row = np.zeros(len(WINDOW_COLUMNS))
        for i, (_, word) in enumerate(words):
            if word not in afinn:
                afinn[word] = afinn_sum(word)  # the AFINN-165 value of a one-word text: its entry or 0
            value = np.array([vader.get(word, 0.0), afinn_value(word, 0)], dtype="float64")
            if i and words[i - 1][1] in _NEGATIONS:
                value *= _NEGATED
            signed = np.array([value.clip(min=0), value.clip(max=0)]).T.ravel()  # vader +, vader -, afinn +, afinn -
            distance = abs(i - centre)
            row[0:4] += signed
            row[4:8] += signed / (1 + distance)
            row[8:10] += signed[0:2] * (distance <= 5)
            row[10:12] += signed[2:4] * (distance <= 10)
        rows.append(row)
    window = pd.DataFrame(np.array(rows).reshape(-1, len(WINDOW_COLUMNS)), columns=WINDOW_COLUMNS, index=texts.index)
    return pd.concat([pd.DataFrame({"masked": masked, "clause": clauses}, index=texts.index), window], axis=1)


@cache
def _vader_lexicon() -> dict[str, float]:
    """VADER's word valences, from the vaderSentiment package's own lexicon file."""
    from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

    return dict(SentimentIntensityAnalyzer().lexicon)
