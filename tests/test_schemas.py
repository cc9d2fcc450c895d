"""One schema per table: every public table-returning function, given empty input, returns its
schema's columns in their dtypes (so notebooks never meet a table without its columns)."""

from __future__ import annotations

import pandas as pd
import pytest

from newsframe import schemas
from newsframe.actors import (
    actor_sentences,
    actor_sentiment,
    cooccurrence,
    count_mentions,
    discover_names,
    find_mentions,
    load_actors,
)
from newsframe.corpus import articles_by_group, articles_over_time, duplicates, source_groups
from newsframe.frequency import count_phrases, count_terms, keyness, keyness_by_group, term_frequencies, term_trends
from newsframe.kwic import collocations, kwic
from newsframe.load import load_articles, load_summary, rejects
from newsframe.quotes import find_quotes, share_of_voice
from newsframe.report.findings import findings
from newsframe.sentiment import (
    agreement,
    disagreements,
    evidence,
    extremes,
    score_articles,
    score_sentences,
    timeline,
    tone_by_group,
)
from newsframe.stories import find_stories, story_sizes
from newsframe.text import split_sentences

A = schemas.empty("articles")
S = schemas.empty("sentences")
SS = schemas.empty("scored_sentences")
M = schemas.empty("mentions")
Q = schemas.empty("quotes")
T = schemas.empty("terms")
AS = schemas.empty("article_sentiment")

CASES = {
    "stories": lambda tmp: find_stories(A),
    "story_sizes": lambda tmp: story_sizes(A),
    "rejects": lambda tmp: rejects(load_articles(tmp)),
    "load_summary": lambda tmp: load_summary(load_articles(tmp)),
    "articles": lambda tmp: load_articles(tmp),
    "sentences": lambda tmp: split_sentences(A),
    "scored_sentences": lambda tmp: score_sentences(S),
    "article_sentiment": lambda tmp: score_articles(A, sentences=SS),
    "terms": lambda tmp: count_terms(A, n=(1, 2, 3)),
    "terms (phrases)": lambda tmp: count_phrases(A, ["oil"]),
    "mentions": lambda tmp: find_mentions(A, load_actors(), sentences=S),
    "quotes": lambda tmp: find_quotes(A, M, sentences=S),
    "agreement": lambda tmp: agreement(SS),
    "disagreements": lambda tmp: disagreements(SS),
    "evidence": lambda tmp: evidence(SS),
    "extremes": lambda tmp: extremes(AS, A),
    "timeline": lambda tmp: timeline(AS, A),
    "term_frequencies": lambda tmp: term_frequencies(T),
    "keyness": lambda tmp: keyness(
        T, pd.DataFrame({"article_id": ["a", "b"], "split": ["after", "before"]}), by="split", target="after"
    ),
    "term_trends": lambda tmp: term_trends(T, A),
    "kwic": lambda tmp: kwic(A, "oil"),
    "collocations": lambda tmp: collocations(A, "oil"),
    "actor_counts": lambda tmp: count_mentions(M, A),
    "actor_counts_by_period": lambda tmp: count_mentions(M, A, period="month"),
    "cooccurrence": lambda tmp: cooccurrence(M),
    "actor_sentences": lambda tmp: actor_sentences(M, SS),
    "actor_sentiment": lambda tmp: actor_sentiment(actor_sentences(M, SS)),
    "actor_sentiment_by_period": lambda tmp: actor_sentiment(actor_sentences(M, SS), articles=A, period="month"),
    "discovered_names": lambda tmp: discover_names(A),
    "share_of_voice": lambda tmp: share_of_voice(Q, M),
    "articles_over_time": lambda tmp: articles_over_time(A),
    "source_groups": lambda tmp: source_groups(A),
    "duplicates": lambda tmp: duplicates(A),
    "articles_by_group": lambda tmp: articles_by_group(A),
    "tone_by_group": lambda tmp: tone_by_group(AS, A),
    "actor_counts_by_group": lambda tmp: count_mentions(M, A, by="section"),
    "keyness_by_group": lambda tmp: keyness_by_group(T, A),
    "findings": lambda tmp: findings(
        load_articles(tmp), {"article_sentiment": AS, "terms": T, "mentions": M, "quotes": Q}
    ),
}


# one row per outcome or measure, zeros or NaN when empty; findings say how many articles there are
SUMMARIES = {"load_summary", "agreement", "findings"}


@pytest.mark.parametrize("case", list(CASES))
def test_empty_input_gives_the_typed_empty_table(case, tmp_path):
    name = case.split(" ")[0]
    table = CASES[case](tmp_path)
    assert isinstance(table, pd.DataFrame)
    assert len(table) == 0 or name in SUMMARIES
    got = table.dtypes.astype(str).to_dict()
    expected = schemas.dtypes(name)
    assert list(got)[: len(expected)] == list(expected), f"{case}: columns"
    assert {c: got[c] for c in expected} == expected, f"{case}: dtypes"


def test_every_schema_is_checked_here_or_is_not_a_function_output():
    not_outputs = {"provenance", "aliases"}  # never empty: describe a run / the dictionary file
    assert set(schemas.SCHEMAS) - {case.split(" ")[0] for case in CASES} <= not_outputs


def test_conform_names_missing_columns():
    with pytest.raises(KeyError, match="lacks column"):
        schemas.conform(pd.DataFrame({"path": []}), "rejects")
    with pytest.raises(KeyError, match="no schema named"):
        schemas.empty("nothing")
