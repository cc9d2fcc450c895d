"""Quotes: direct quotations, who said them, and each actor's share of voice.

A quotation is text between double quotes (curly ``“…”`` or straight ``"…"``), possibly spanning
sentences; in newswire style a quote left open at the end of a paragraph runs to the paragraph's
end and continues in the next one. The speaker is the actor mention that a speech cue (``said``,
``told``, ``stated``, ``added``, ``according to``, ``was quoted as saying``, ...) ties to the quote:

- after the quote (``“…,” Putin said`` / ``“…,” said Putin``), when the quote ends in
  punctuation or is not followed by another quote;
- else before it, in the same sentence: the subject of the cue (``Putin told Xi that “…”``,
  ``Xi was quoted by Xinhua as stating, “…”``), or what follows ``according to``;
- else a quote that continues one in the same sentence or paragraph keeps its speaker.

Pronouns (``he said``) are not resolved: such quotes have no speaker. The module takes a
``mentions`` table as an argument (``newsframe.actors.find_mentions``) and imports no analysis.
"""

from __future__ import annotations

import re
from collections import defaultdict

import numpy as np
import pandas as pd

from newsframe import schemas
from newsframe.text import PARTS, iter_articles, locate_sentences, split_sentences

QUOTE_COLUMNS = schemas.columns("quotes")

_PARAGRAPH = re.compile(r"[^\n](?:[^\n]|\n(?![ \t]*\n))*")
_QUOTE = re.compile(r"“([^“”]*)(”|$)|\"([^\"]*)(\"|$)")
_VERBS = (
    r"said|says|say|told|tells|stated|states|stating|added|adds|adding|declared|declares|explained|"
    r"explains|insisted|insists|noted|notes|warned|warns|wrote|writes|continued|continues|argued|argues|"
    r"asked|asks|replied|replies|remarked|remarks|announced|announces|commented|comments|acknowledged|"
    r"admitted|admits|claimed|claims|urged|urges|saying|quoted"
)
_CUE = re.compile(
    r"\b(?P<passive>(?:was|were|is|are|has been|have been|had been)\s+quoted\b[^“”\"]*?\bas\s+"
    r"(?:saying|stating|telling\s+\w+|adding))"
    r"|\b(?P<according>[Aa]ccording to)\b"
    rf"|\b(?P<verb>{_VERBS})\b"
)
TAIL_REACH = 80  # characters after a quote within which an attributing cue must start
INVERTED_REACH = 40  # characters between a cue and the speaker named after it (`said Treasury Secretary Baker`)
_LISTENER_CUES = {"told", "tells", "asked", "asks", "quoted"}


def find_quotes(
    articles: pd.DataFrame,
    mentions: pd.DataFrame,
    *,
    sentences: pd.DataFrame | None = None,
    min_words: int = 3,
) -> pd.DataFrame:
    """Direct quotations in the titles and bodies of ``articles``, with their speakers.

    Takes an articles table (``article_id``, ``title``, ``text``), its ``mentions`` table
    (``article_id``, ``part``, ``actor``, ``type``, ``start``, ``end``) and optionally its
    ``sentences`` (``split_sentences`` runs otherwise). Returns one row per quotation of at
    least ``min_words`` words (shorter ones are mostly scare quotes such as “model”):
    ``article_id``, ``quote`` (0-based within the article), ``sentence`` (where it opens),
    ``part``, ``start``, ``end`` (offsets of the quoted text, without the marks or a trailing
    comma, into the article's ``title`` or ``text``), ``text``, ``n_words``, ``speaker`` (actor
    name, NA when no cue ties one), ``speaker_type``, ``cue`` (the cue words, ``continued`` for
    a continuation, NA when unattributed).

    >>> arts = pd.DataFrame({"article_id": ["a"], "title": [""],
    ...     "text": ["“We will meet in Beijing,” Putin said. Xi told reporters: “Relations are strong.”"]})
    >>> ments = pd.DataFrame({"article_id": ["a", "a"], "part": ["body", "body"], "actor": ["Putin", "Xi"],
    ...                       "type": ["person", "person"], "start": [27, 39], "end": [32, 41]})
    >>> find_quotes(arts, ments)[["text", "speaker", "cue"]].values.tolist()
    [['We will meet in Beijing', 'Putin', 'said'], ['Relations are strong.', 'Xi', 'told']]
    """
    if sentences is None:
        sentences = split_sentences(articles)
    # plain dicts of lists: pandas groupby iteration costs more than the quote search itself
    by_part: dict[tuple, list[tuple]] = defaultdict(list)
    for row in zip(
        mentions["article_id"],
        mentions["part"],
        mentions["start"],
        mentions["end"],
        mentions["actor"],
        mentions["type"],
    ):
        by_part[row[:2]].append(row[2:])
    spans_of: dict[tuple, tuple[list, list]] = defaultdict(lambda: ([], []))
    for article_id, part, start, end in zip(
        sentences["article_id"], sentences["part"], sentences["start"], sentences["end"]
    ):
        starts, ends = spans_of[(article_id, part)]
        starts.append(start)
        ends.append(end)
    bounds = {key: (np.sort(np.asarray(starts)), np.sort(np.asarray(ends))) for key, (starts, ends) in spans_of.items()}
    rows = []
    for article_id, title, body in iter_articles(articles):
        number = 0
        for part, text in zip(PARTS, (title, body)):
            key = (article_id, part)
            empty = np.array([], dtype=int)
            found = _quotes_in(text, bounds.get(key, (empty, empty)), sorted(by_part.get(key, [])))
            for start, end, speaker, speaker_type, cue in found:
                quoted = text[start:end]
                n_words = len(quoted.split())
                if n_words >= min_words:
                    rows.append((article_id, number, part, start, end, quoted, n_words, speaker, speaker_type, cue))
                    number += 1
    columns = [c for c in QUOTE_COLUMNS if c != "sentence"]
    table = pd.DataFrame(rows, columns=columns).astype(
        {c: t for c, t in schemas.dtypes("quotes").items() if c != "sentence"}
    )
    return schemas.conform(locate_sentences(table, sentences), "quotes")


def _quotes_in(text: str, bounds: tuple[np.ndarray, np.ndarray], spans: list[tuple]) -> list[tuple]:
    """``(start, end, speaker, speaker_type, cue)`` for every quotation in one title or body, given
    its sentence ``bounds`` (starts, ends) and its mention ``spans`` (start, end, actor, type)."""
    starts, ends = bounds
    found: list[tuple] = []
    open_at_end = False  # the previous paragraph ended inside a quote
    for paragraph in _PARAGRAPH.finditer(text):
        previous_close = None
        for match in _QUOTE.finditer(text, paragraph.start(), paragraph.end()):
            group = 1 if match.group(1) is not None else 3
            inner_start, inner_end = match.span(group)
            closed = bool(match.group(group + 1))
            # lead-in: from the previous quote (same sentence) or the start of the quote's sentence
            sentence_start = (
                int(starts[max(int(np.searchsorted(starts, match.start(), side="right")) - 1, 0)]) if len(starts) else 0
            )
            lead_from = max(paragraph.start(), sentence_start, previous_close or 0)
            # tail: to the end of the first sentence ending after the closing mark, or the next quote
            tail_to = paragraph.end()
            later = ends[ends > match.end()]
            if len(later):
                tail_to = min(tail_to, int(later.min()))
            following = _QUOTE.search(text, match.end(), paragraph.end())
            if following is not None:
                tail_to = min(tail_to, following.start())
            quoted = text[inner_start:inner_end].rstrip()
            punctuated = quoted[-1:] in (",", ".", "!", "?", "—", "–", ";", ":")
            speaker = None
            if closed and (punctuated or following is None):
                speaker = _attribute(text, match.end(), tail_to, spans, after=True)
            if speaker is None:
                speaker = _attribute(text, lead_from, match.start(), spans, after=False)
            continues = (previous_close is not None and lead_from == previous_close) or (
                open_at_end and previous_close is None and not text[paragraph.start() : match.start()].strip()
            )
            if speaker is None and continues and found and found[-1][2] is not None:
                speaker = (*found[-1][2:4], "continued")
            stripped = quoted.strip().rstrip(",").rstrip()
            offset = inner_start + len(text[inner_start:inner_end]) - len(text[inner_start:inner_end].lstrip())
            found.append((offset, offset + len(stripped), *(speaker or (None, None, None))))
            previous_close = match.end()
            open_at_end = not closed
        if previous_close is None:
            open_at_end = False
    return found


def _attribute(text: str, begin: int, stop: int, spans: list[tuple], *, after: bool) -> tuple | None:
    """``(speaker, type, cue)`` from the cue in ``text[begin:stop]``: after a quote the first cue near
    it, before a quote the last cue; the speaker is the cue's subject, else the mention after it."""
    if stop <= begin:
        return None
    cues = list(_CUE.finditer(text, begin, stop))
    if after:
        cues = [c for c in cues if c.start() - begin <= TAIL_REACH][:1]
    if not cues:
        return None
    cue = cues[-1]
    inside = [s for s in spans if s[0] >= begin and s[1] <= stop]
    before = [s for s in inside if s[1] <= cue.start()]
    following = [s for s in inside if s[0] >= cue.end()]
    # the listener follows `told`, `asked`; after other cues a mention close by is the speaker (`said Putin`)
    following = [s for s in following if s[0] - cue.end() <= INVERTED_REACH]
    if cue.lastgroup == "according":
        chosen = following[:1]
    elif cue.group().split()[0] in _LISTENER_CUES:
        chosen = before[-1:]
    else:
        chosen = before[-1:] or following[:1]
    if not chosen:
        return None
    _, _, actor, actor_type = chosen[0]
    return actor, actor_type, " ".join(cue.group().split())


def share_of_voice(quotes: pd.DataFrame, mentions: pd.DataFrame) -> pd.DataFrame:
    """Times each actor is quoted against times it is mentioned.

    Takes ``find_quotes`` output and the ``mentions`` table. Returns ``actor``, ``type``,
    ``mentions``, ``quotes`` (quotations attributed to the actor), ``articles_mentioned``,
    ``articles_quoted``, ``share_of_voice`` (quotes per mention), ``pct_of_quotes`` (100 × the
    actor's share of all attributed quotes), sorted by quotes then mentions.

    >>> ments = pd.DataFrame({"article_id": ["a", "a", "a"], "actor": ["Putin", "Putin", "Xi"],
    ...                       "type": ["person"] * 3})
    >>> quotes = pd.DataFrame({"article_id": ["a"], "speaker": ["Putin"], "speaker_type": ["person"]})
    >>> share_of_voice(quotes, ments)[["actor", "mentions", "quotes", "share_of_voice"]].values.tolist()
    [['Putin', 2, 1, 0.5], ['Xi', 1, 0, 0.0]]
    """
    mentioned = mentions.groupby(["actor", "type"]).agg(
        mentions=("article_id", "size"), articles_mentioned=("article_id", "nunique")
    )
    attributed = quotes.dropna(subset=["speaker"]).rename(columns={"speaker": "actor", "speaker_type": "type"})
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
