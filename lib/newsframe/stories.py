"""Story clusters: near-duplicate articles (wire copy republished with small edits, updated
versions of one report) grouped into stories, so that a story can be counted once.

Each article's headline and body are cut into word shingles (``SHINGLE`` consecutive lower-cased
word tokens, hashed to 32 bits from each word's CRC-32, so the result does not depend on the
interpreter's hash seed), summarised by a MinHash of ``NUM_PERM`` permutations (``datasketch``,
fixed ``SEED``) and indexed in a MinHash LSH. A pair the LSH proposes is linked when the *exact*
Jaccard similarity of the two shingle sets is at least ``threshold`` and, when both are dated,
they are at most ``within_days`` apart (wire services repeat templated reports - the Fed's daily
operations, dividend notices, crop estimates - whose text hardly changes from one day or week to
the next, but which are different events). A story is a connected component of linked pairs. The
LSH is tuned to miss few pairs (a false candidate costs one exact check, a missed one is lost),
so the threshold is on the exact similarity, not an estimate. See docs/stories.md for how
``SHINGLE``, ``THRESHOLD`` and ``WITHIN_DAYS`` were chosen and measured.

A story's first article, whose ``article_id`` is the ``story_id``, is its earliest dated one that
is not an exact repeat (undated last, ties in table order). Exact repeats (``duplicate_of`` set)
join their original's story without being compared. An article whose headline and body hold fewer
than ``SHINGLE`` words has no shingle: it is a story of its own (with its exact repeats), as two
such scraps cannot be told apart from two different ones.
"""

from __future__ import annotations

import functools
import zlib
from typing import Any

import numpy as np
import pandas as pd
from scipy.sparse import coo_matrix
from scipy.sparse.csgraph import connected_components

from newsframe import schemas
from newsframe.errors import ConfigError
from newsframe.progress import progress_bar
from newsframe.text import tokenize

THRESHOLD = 0.4  # exact Jaccard of the 5-word shingle sets of headline and body (see docs/stories.md)
SHINGLE = 5  # words per shingle
WITHIN_DAYS = 3.0  # dated articles further apart than this are never linked
NUM_PERM = 128  # MinHash permutations
SEED = 1  # MinHash seed: fixed, so stories are the same on every run
_LSH_WEIGHTS = (0.1, 0.9)  # (false positive, false negative) weights of the LSH banding: favour recall
STORY_COLUMNS = schemas.columns("stories")
_MIX = np.uint64(0x100000001B3)  # the 64-bit FNV prime


def shingles(text: str, *, k: int = SHINGLE) -> set[int]:
    """The 32-bit hashes of the ``k``-word shingles of ``text`` (lower-cased word tokens, no
    punctuation); empty when ``text`` has fewer than ``k`` words.

    >>> len(shingles("Oil prices rose on Monday, traders said.", k=3))
    5
    >>> shingles("Oil rose, oil fell", k=2) == shingles("OIL ROSE; OIL FELL!", k=2)
    True
    >>> shingles("Oil rose, oil fell", k=2) == shingles("Oil fell, oil rose", k=2)
    False
    >>> shingles("Two words", k=3)
    set()
    """
    return set(_shingle_hashes(text, k, {}).tolist())


def _shingle_hashes(text: str, k: int, codes: dict[str, int]) -> np.ndarray:
    """``shingles`` as a uint64 array, each word's CRC-32 looked up in (and added to) ``codes``."""
    words = tokenize(text or "", lowercase=True)
    n = len(words) - k + 1
    if n < 1:
        return np.empty(0, dtype=np.uint64)
    hashes = np.array(
        [codes[w] if w in codes else codes.setdefault(w, zlib.crc32(w.encode("utf-8"))) for w in words],
        dtype=np.uint64,
    )
    mixed = hashes[:n].copy()
    for j in range(1, k):  # order-sensitive mix of the k word hashes (wraps around 2**64)
        mixed = (mixed * _MIX) ^ hashes[j : j + n]
    return np.unique((mixed >> np.uint64(32)) ^ (mixed & np.uint64(0xFFFFFFFF)))


def jaccard(a: set[int], b: set[int]) -> float:
    """Jaccard similarity of two shingle sets (1.0 for two empty sets).

    >>> jaccard({1, 2, 3}, {2, 3, 4})
    0.5
    """
    union = len(a | b)
    return len(a & b) / union if union else 1.0


def _jaccard_sorted(a: np.ndarray, b: np.ndarray) -> float:
    """``jaccard`` of two sorted arrays of distinct shingle hashes (what ``_link`` keeps: a set
    each would take six times the memory)."""
    shared = np.intersect1d(a, b, assume_unique=True).size
    union = a.size + b.size - shared
    return shared / union if union else 1.0


def find_stories(
    articles: pd.DataFrame,
    *,
    threshold: float = THRESHOLD,
    shingle: int = SHINGLE,
    within_days: float | None = WITHIN_DAYS,
    num_perm: int = NUM_PERM,
    progress: bool | None = None,
) -> pd.DataFrame:
    """The story of each article: a ``stories`` table, one row per row of ``articles`` in the same
    order: ``article_id``, ``story_id`` (the ``article_id`` of the story's first article),
    ``story_size`` (articles in the story) and ``similarity`` (exact Jaccard of the article's
    shingles with the first article's; 1.0 for the first and its exact repeats; an article may
    join a story through another member, so it can be below ``threshold``). ``within_days=None``
    links dated articles however far apart. ``.attrs`` records the options, ``pairs`` (candidate
    pairs the LSH proposed) and ``linked`` (pairs linked). ``add_stories`` puts the columns on the
    articles table instead, for ``.pipe``.

    >>> body = "Oil prices rose sharply on Monday after the cartel agreed to cut output, traders said."
    >>> arts = pd.DataFrame({"article_id": ["a", "b", "c"], "date": pd.to_datetime(["2021-01-02", "2021-01-01", None]),
    ...                      "text": [body, body + " Prices fell later.", "Gold fell."]})
    >>> find_stories(arts)[["article_id", "story_id", "story_size"]].values.tolist()
    [['a', 'b', 2], ['b', 'b', 2], ['c', 'c', 1]]
    """
    if not 0 < threshold <= 1:
        raise ConfigError(f"threshold must be in (0, 1]; got {threshold!r}")
    if within_days is not None and within_days < 0:
        raise ConfigError(f"within_days must be >= 0 or None; got {within_days!r}")
    if shingle < 1 or num_perm < 8:
        raise ConfigError(f"shingle must be >= 1 and num_perm >= 8; got shingle={shingle!r}, num_perm={num_perm!r}")
    for column in ("article_id", "text"):
        if column not in articles:
            raise KeyError(f"find_stories needs an articles table with column {column!r}")
    options = {"threshold": threshold, "shingle": shingle, "within_days": within_days, "num_perm": num_perm}
    if articles.empty:
        result = schemas.empty("stories")
        result.attrs = {**options, "pairs": 0, "linked": 0}
        return result
    ids = articles["article_id"].astype(str).to_numpy()
    position = {identity: i for i, identity in reversed(list(enumerate(ids)))}  # first row of each id
    original = _originals(articles, ids, position)
    compared = np.flatnonzero(original == np.arange(len(ids)))
    sets, pairs, linked = _link(articles, compared, options, progress)
    # components over the compared rows; every other row takes its original's component
    edges = np.asarray(linked, dtype=np.int64).reshape(-1, 2)
    graph = coo_matrix((np.ones(len(edges)), (edges[:, 0], edges[:, 1])), shape=(len(ids), len(ids)))
    _, component = connected_components(graph, directed=False)
    component = component[original]
    first = _first_rows(articles, component, original)
    size = pd.Series(component).map(pd.Series(component).value_counts()).to_numpy()
    similarity = [
        1.0 if original[i] == original[first[i]] else _jaccard_sorted(sets[original[i]], sets[original[first[i]]])
        for i in range(len(ids))
    ]
    result = pd.DataFrame(
        {"article_id": ids, "story_id": ids[first], "story_size": size, "similarity": similarity},
    ).astype(schemas.dtypes("stories"))
    result.attrs = {**options, "pairs": pairs, "linked": len(linked)}
    return result


def add_stories(articles: pd.DataFrame, *, stories: pd.DataFrame | None = None, **options: Any) -> pd.DataFrame:
    """``articles`` with the ``story_id``, ``story_size`` and ``similarity`` of ``find_stories``
    (given ``options``) as columns; replaces them if present. ``stories`` is a ``find_stories``
    result already computed for these articles (read back from the store, say), used instead. For
    ``.pipe``.

    >>> arts = pd.DataFrame({"article_id": ["a", "b"], "text": ["Gold fell."] * 2, "duplicate_of": [None, "a"]})
    >>> arts.pipe(add_stories)["story_id"].tolist()
    ['a', 'a']
    """
    if stories is None:
        stories = find_stories(articles, **options)
    elif options:
        raise ConfigError(f"add_stories takes stories or options, not both; got options {sorted(options)}")
    ids = articles["article_id"].astype(str).to_numpy()
    if len(stories) != len(ids) or not (stories["article_id"].astype(str).to_numpy() == ids).all():
        raise ConfigError("add_stories: the stories table is not of these articles (rows differ); compute it again")
    added = articles.drop(columns=[c for c in STORY_COLUMNS[1:] if c in articles])
    added = added.assign(**{c: stories[c].to_numpy() for c in STORY_COLUMNS[1:]})
    added.attrs = {**articles.attrs, "stories": dict(stories.attrs)}
    return added


def story_sizes(articles: pd.DataFrame, *, min_size: int = 2) -> pd.DataFrame:
    """The stories of ``articles`` (with ``story_id``; computed with the defaults when absent) that
    hold at least ``min_size`` articles, largest first: ``story_id``, the first article's
    ``title``, ``articles``, ``exact_repeats`` among them and the ``first_date`` and ``last_date``.

    >>> body = "Oil prices rose sharply on Monday after the cartel agreed to cut output, traders said."
    >>> arts = pd.DataFrame({"article_id": ["a", "b", "c"], "title": ["Oil up", "Oil up again", "Gold"],
    ...                      "text": [body, body + " More.", "Gold fell."]})
    >>> story_sizes(arts)[["story_id", "title", "articles"]].values.tolist()
    [['a', 'Oil up', 2]]
    """
    if "story_id" not in articles:
        articles = add_stories(articles)
    if articles.empty:
        return schemas.empty("story_sizes")
    ids = articles["article_id"].astype(str)
    titles = pd.Series(
        articles["title"].to_numpy() if "title" in articles else pd.NA, index=ids.to_numpy(), dtype="string"
    )
    titles = titles[~titles.index.duplicated()]
    dates = articles["date"] if "date" in articles else pd.Series(pd.NaT, index=articles.index)
    repeats = articles["duplicate_of"].notna() if "duplicate_of" in articles else pd.Series(False, index=articles.index)
    table = (
        pd.DataFrame({"story_id": articles["story_id"].astype(str), "date": dates, "repeat": repeats})
        .groupby("story_id", sort=False)
        .agg(
            articles=("repeat", "size"),
            exact_repeats=("repeat", "sum"),
            first_date=("date", "min"),
            last_date=("date", "max"),
        )
        .reset_index()
    )
    table = table.loc[table["articles"] >= min_size]
    table = table.assign(title=table["story_id"].map(titles))
    table = table.sort_values(["articles", "first_date", "story_id"], ascending=[False, True, True], kind="stable")
    return schemas.conform(table.reset_index(drop=True), "story_sizes")


def first_of_stories(articles: pd.DataFrame) -> pd.DataFrame:
    """The first row of each story of ``articles`` (which has a ``story_id`` column), in table
    order: the row whose ``article_id`` is the ``story_id``, else the earliest that is not an exact
    repeat (undated last, ties in table order); a missing ``story_id`` is the row's own story.

    >>> arts = pd.DataFrame({"article_id": ["b", "a", "c"], "story_id": ["a", "a", None]})
    >>> first_of_stories(arts)["article_id"].tolist()
    ['a', 'c']
    """
    ids = articles["article_id"].astype("string")
    story = articles["story_id"].astype("string").fillna(ids)
    rank = pd.DataFrame(
        {
            "story": story.to_numpy(),
            "other": (story != ids).to_numpy(),
            "repeat": articles["duplicate_of"].notna().to_numpy() if "duplicate_of" in articles else False,
            "date": pd.to_datetime(articles["date"]).to_numpy() if "date" in articles else pd.NaT,
            "row": np.arange(len(articles)),
        }
    )
    ordered = rank.sort_values(["story", "other", "repeat", "date", "row"], na_position="last", kind="stable")
    return articles.iloc[np.sort(ordered.drop_duplicates("story")["row"].to_numpy())]


def _originals(articles: pd.DataFrame, ids: np.ndarray, position: dict[str, int]) -> np.ndarray:
    """For each row, the row it is compared as: its original's first row when it is an exact
    repeat of an article in the table, else its own (a repeated ``article_id`` counts as a repeat)."""
    repeat_of = articles["duplicate_of"] if "duplicate_of" in articles else pd.Series(pd.NA, index=articles.index)
    targets = [position.get(str(d), i) if pd.notna(d) else i for i, d in enumerate(repeat_of)]
    original = np.array([position[identity] for identity in ids], dtype=np.int64)
    original = np.where(original == np.arange(len(ids)), targets, original)
    while True:  # a repeat of a repeat: follow to the end (the loader never makes one, a table might)
        followed = original[original]
        if np.array_equal(followed, original):
            return original
        original = followed


def _link(
    articles: pd.DataFrame, compared: np.ndarray, options: dict[str, Any], progress: bool | None
) -> tuple[dict[int, np.ndarray], int, list[tuple[int, int]]]:
    """Shingle sets of the compared rows, how many candidate pairs the LSH proposed, and the
    pairs linked: exact Jaccard at least the threshold, dates (when both known) close enough."""
    threshold, k, num_perm = options["threshold"], options["shingle"], options["num_perm"]
    dates = pd.to_datetime(articles["date"]) if "date" in articles else pd.Series(pd.NaT, index=articles.index)
    dates = dates.dt.tz_convert(None) if dates.dt.tz is not None else dates
    days = (dates - pd.Timestamp(0)).dt.total_seconds().to_numpy() / 86400  # NaN when undated
    within = np.inf if options["within_days"] is None else options["within_days"]
    titles = articles["title"].fillna("").to_numpy() if "title" in articles else np.full(len(articles), "")
    from datasketch import MinHash, MinHashLSH  # here: importing datasketch takes a second, most notebooks need none

    lsh = MinHashLSH(num_perm=num_perm, params=_banding(threshold, num_perm))
    # one sketch, cleared for each article: the LSH keeps band hashes, not the sketch
    sketch = MinHash(num_perm=num_perm, seed=SEED, hashfunc=_identity)
    codes: dict[str, int] = {}
    sets: dict[int, np.ndarray] = {}
    pairs = 0
    linked: list[tuple[int, int]] = []
    values = articles["text"].fillna("").to_numpy()
    for row in progress_bar(compared.tolist(), total=len(compared), desc="stories", unit="article", progress=progress):
        hashes = _shingle_hashes(f"{titles[row]}\n{values[row]}", k, codes)
        found = sets[row] = hashes  # sorted and distinct
        if not found.size:
            continue  # too short to compare: a story of its own
        sketch.clear()
        sketch.update_batch(hashes)
        for other in lsh.query(sketch):
            pairs += 1
            # "not >": a pair with an undated article (NaN) is never too far apart
            if not abs(days[row] - days[other]) > within and _jaccard_sorted(found, sets[other]) >= threshold:
                linked.append((other, row))
        lsh.insert(row, sketch, check_duplication=False)
    return sets, pairs, linked


@functools.cache
def _banding(threshold: float, num_perm: int) -> tuple[int, int]:
    """The LSH's (bands, rows) for ``threshold``, weighted for recall; computed once (it integrates).
    The LSH only proposes pairs; above 0.9 its banding degenerates (fewer than 2 bands)."""
    from datasketch import MinHashLSH

    lsh = MinHashLSH(threshold=min(threshold, 0.9), num_perm=num_perm, weights=_LSH_WEIGHTS)
    return lsh.b, lsh.r


def _identity(value: int) -> int:
    return value


def _first_rows(articles: pd.DataFrame, component: np.ndarray, original: np.ndarray) -> np.ndarray:
    """For each row, the row of its story's first article: earliest date among rows that are not
    repeats (undated last), ties in table order."""
    dates = pd.to_datetime(articles["date"]).to_numpy() if "date" in articles else np.full(len(component), np.nan)
    order = pd.DataFrame(
        {
            "component": component,
            "repeat": original != np.arange(len(component)),
            "date": dates,
            "row": np.arange(len(component)),
        }
    ).sort_values(["component", "repeat", "date", "row"], na_position="last", kind="stable")
    first = order.drop_duplicates("component").set_index("component")["row"]
    return first.reindex(component).to_numpy()
