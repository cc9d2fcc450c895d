"""Sentences and word tokens of news text, edge case by edge case."""

from __future__ import annotations

import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

from newsframe.errors import ConfigError
from newsframe.text import (
    body_start,
    encode_tokens,
    find_phrase,
    phrase_pattern,
    phrase_patterns,
    raw_token_spans,
    raw_tokens,
    sentence_spans,
    split_sentences,
    stopword_set,
    token_spans,
    tokenize,
    with_sentence_text,
    word_count,
)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("The U.S. and the U.K. agreed.", ["The", "U.S.", "and", "the", "U.K.", "agreed"]),
        ("Mr. Xi met Dr. Smith on Feb. 26.", ["Mr", "Xi", "met", "Dr", "Smith", "on", "Feb", "26"]),
        ("Russia’s threats and China's crackdowns", ["Russia", "threats", "and", "China", "crackdowns"]),
        ("both sides’ security", ["both", "sides", "security"]),
        ("model Russia-China relations", ["model", "Russia-China", "relations"]),
        ("a state\u2011sponsored 12-year-old plan", ["a", "state-sponsored", "12-year-old", "plan"]),
        ("G7 foreign ministers", ["G7", "foreign", "ministers"]),
        ("Uyghurs in Xinjiang", ["Uyghurs", "in", "Xinjiang"]),
        ("1,000 troops, 3.5 billion and 20% more", ["1,000", "troops", "3.5", "billion", "and", "20%", "more"]),
        ("“We won’t go,” she said. “It’s over.”", ["We", "won't", "go", "she", "said", "It", "over"]),
        ("praises’model’ ties", ["praises", "model", "ties"]),
        ("O’Brien and d'Estaing", ["O'Brien", "and", "d'Estaing"]),
        ("prices fell - again", ["prices", "fell", "again"]),
        ("café naïve Zürich", ["café", "naïve", "Zürich"]),
        ("", []),
        ("  \n\t ", []),
        ("... -- !!", []),
    ],
    ids=[
        "abbreviation-dots",
        "titles-and-months",
        "possessive-curly-and-straight",
        "plural-possessive",
        "hyphenated-compound",
        "non-breaking-hyphen-and-numeric-compound",
        "alphanumeric",
        "proper-nouns",
        "numbers-and-percent",
        "quotations-and-contractions",
        "quote-without-space",
        "elided-names",
        "spaced-dash",
        "accents",
        "empty",
        "white-space-only",
        "punctuation-only",
    ],
)
def test_tokenize_news_edge_cases(text, expected):
    assert tokenize(text) == expected


@pytest.mark.parametrize(
    ("text", "story"),
    [
        ("WASHINGTON, March 2 - The Senate voted.", "The Senate voted."),
        ("SALVADOR, Feb 26 - Showers continued.", "Showers continued."),
        ("BEIJING, Dec 15 (Reuters) - China said.", "China said."),
        ("NEW YORK (AP) \u2014 Stocks rose.", "Stocks rose."),
        ("RIO DE JANEIRO, Brazil, March 3 - Talks.", "Talks."),
        ("Oil rose - again - on Monday.", "Oil rose - again - on Monday."),
        ("US - China talks resumed.", "US - China talks resumed."),
        ("The NATO summit, held today - or not.", "The NATO summit, held today - or not."),
    ],
    ids=[
        "reuters-1987",
        "reuters-1987-short-month",
        "reuters-agency",
        "ap-em-dash",
        "place-and-country",
        "no-dateline-dashes",
        "capitals-without-date",
        "sentence-with-capitals",
    ],
)
def test_body_start_skips_datelines_only(text, story):
    assert text[body_start(text) :] == story


def test_token_spans_point_into_the_original_text():
    text = "Russia’s “model” U.S.-backed Russia-China ties"
    assert [text[a:b] for a, b in token_spans(text)] == tokenize(text)


def test_raw_tokens_mark_boundaries_and_lowercase():
    assert raw_tokens("Xi Jinping, on Wednesday; “Talks.”") == [
        "xi",
        "jinping",
        "",
        "on",
        "wednesday",
        "",
        "",
        "talks",
        "",
        "",
    ]


def test_raw_token_spans_start_offset_and_agree_with_raw_tokens():
    text = "LONDON, Feb 26 - Oil’s price rose."
    start = body_start(text)
    spans, tokens = raw_token_spans(text, start)
    assert tokens == raw_tokens(text[start:])
    assert [text[a:b] for (a, b), t in zip(spans, tokens) if t] == ["Oil", "price", "rose"]


def test_stopwords_come_from_the_package_and_extend_per_call():
    base = stopword_set()
    assert len(base) == 174 and "" not in base  # the classic Snowball list, as quanteda's default
    assert {"the", "and", "of", "won't", "it's"} <= base
    assert not {"oil", "states", "said", "new", "billion", "call", "us"} & base  # news words stay
    extended = stopword_set(["Reuters", "SAID"])
    assert {"reuters", "said"} <= extended and base <= extended
    assert "reuters" not in stopword_set()  # extending one call leaves the default alone
    assert "und" in stopword_set(language="de")
    with pytest.raises(ConfigError, match="'en'"):
        stopword_set(language="klingon")


@pytest.mark.parametrize(
    "texts",
    [
        ["Xi, Putin’s friend, met Biden.", "The U.S. and the U.K. agreed."],
        ["“We won’t go,” she said.\n\n“It’s over.”", "praises’model’ ties -- ... !!"],
        ["a\u00a0b\u2028c\x1cd\te\r\nf\u3000g", "  leading and trailing  "],
        ["", "   ", "X marks the spot: x"],
        ["ΟΔΟΣ Σ İstanbul café", "1,000 troops, 3.5% (Reuters) - G7"],
        ["oil\udcffgas x\udcff", "no surrogates here"],
    ],
    ids=[
        "punctuation-and-abbreviations",
        "quotes-and-dashes",
        "unicode-white-space",
        "empty-and-capital-x",
        "non-ascii-case-and-numbers",
        "lone-surrogates",
    ],
)
def test_encode_tokens_equals_raw_tokens(texts):
    vocabulary = _Codes()
    codes, text = encode_tokens(texts, vocabulary)
    tokens = {code: token for token, code in vocabulary.items()}
    assert [tokens[c] for c in codes.tolist()] == [t for x in texts for t in raw_tokens(x)]
    assert text.tolist() == [i for i, x in enumerate(texts) for _ in raw_tokens(x)]


class _Codes(dict):
    """Gives each new token the next code."""

    def __missing__(self, token: str) -> int:
        code = self[token] = len(self)
        return code


def test_word_count_counts_headline_and_story_without_dateline():
    assert word_count("Oil rises", "LONDON, Feb 26 - Oil rose 2% on Monday.") == 2 + 5


@pytest.mark.parametrize(
    ("phrase", "text", "starts"),
    [
        ("human rights", "Human rights, human. Rights", [0]),
        ("Bank of England", "the bank of England said", [1]),
        ("negotiat*", "negotiators negotiated negotiation", [0, 1, 2]),
        ("U.S.", "the U.S. and us", [1]),
        ("Russia", "Russia’s ties", [0]),
    ],
    ids=["no-match-across-punctuation", "stopwords-inside", "wildcard", "abbreviation", "possessive"],
)
def test_find_phrase(phrase, text, starts):
    assert find_phrase(raw_tokens(text), phrase_pattern(phrase)) == starts


def test_phrase_patterns_reject_empty_phrases():
    with pytest.raises(ConfigError, match="at least one word"):
        phrase_patterns(["oil", "  ..."])
    with pytest.raises(ConfigError):
        phrase_patterns([])


def test_sentence_spans_keep_abbreviations_whole():
    text = "Mr. Xi met the U.S. envoy on Feb. 3. Talks went well."
    assert [text[a:b] for a, b in sentence_spans(text)] == ["Mr. Xi met the U.S. envoy on Feb. 3.", "Talks went well."]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Sen. Alan Cranston (D-Cal.) said so. Rep. Anthony Beilenson agreed.",
            ["Sen. Alan Cranston (D-Cal.) said so.", "Rep. Anthony Beilenson agreed."],
        ),
        ("Shares rose! Why? Nobody knows.", ["Shares rose!", "Why?", "Nobody knows."]),
        ("First paragraph without a stop\n\nSecond one.", ["First paragraph without a stop", "Second one."]),
        ("“It is over. We lost,” he said. Then he left.", ["“It is over. We lost,” he said.", "Then he left."]),
        ("  \n ", []),
        ("", []),
    ],
    ids=["titles", "terminals", "paragraphs", "quotation_stays_whole", "whitespace", "empty"],
)
def test_sentence_spans_cases(text, expected):
    assert [text[a:b] for a, b in sentence_spans(text)] == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Ms. Rice spoke. Aides left.", ["Ms. Rice spoke.", "Aides left."]),
        ("Mrs. Thatcher spoke. Aides left.", ["Mrs. Thatcher spoke.", "Aides left."]),
        ("Sen. Dole spoke. Aides left.", ["Sen. Dole spoke.", "Aides left."]),
        ("Rep. Gephardt spoke. Aides left.", ["Rep. Gephardt spoke.", "Aides left."]),
        ("Gov. Cuomo spoke. Aides left.", ["Gov. Cuomo spoke.", "Aides left."]),
        ("Gen. Powell spoke. Aides left.", ["Gen. Powell spoke.", "Aides left."]),
        ("They met in St. Louis. Aides left.", ["They met in St. Louis.", "Aides left."]),
        ("Joseph P. Kennedy Jr. of Massachusetts spoke. Aides left.", [
            "Joseph P. Kennedy Jr. of Massachusetts spoke.", "Aides left."]),
        ("George W. Bush and E. Gerald Corrigan spoke. Aides left.", [
            "George W. Bush and E. Gerald Corrigan spoke.", "Aides left."]),
        ("Sen. Charles Schumer (D-N.Y.) spoke. Aides left.", ["Sen. Charles Schumer (D-N.Y.) spoke.", "Aides left."]),
        ("Sen. Robert Byrd, D-W.Va., spoke. Aides left.", ["Sen. Robert Byrd, D-W.Va., spoke.", "Aides left."]),
        ("Sen. John Heinz, R-Pa. said so. Aides left.", ["Sen. John Heinz, R-Pa. said so.", "Aides left."]),
        ("He moved to the U.S. He stayed.", ["He moved to the U.S.", "He stayed."]),
        ("Output rose 3 pct. Prices fell.", ["Output rose 3 pct.", "Prices fell."]),
        ("It ended with Sen.\n\nNew paragraph.", ["It ended with Sen.", "New paragraph."]),
    ],
    ids=[
        "Ms", "Mrs", "Sen", "Rep", "Gov", "Gen", "St", "Jr", "initials", "party-tag-brackets",
        "party-tag-commas", "party-tag-lower-case-after", "abbreviation-can-end", "word-then-stop", "paragraph-wins",
    ],
)  # fmt: skip
def test_sentence_spans_do_not_break_after_titles_initials_or_party_tags(text, expected):
    assert [text[a:b] for a, b in sentence_spans(text)] == expected


@given(st.text(alphabet=st.sampled_from(list("ab .!?\n“”\"'()AZé")), max_size=200))
def test_sentence_spans_are_ordered_stripped_and_cover_every_visible_character(text):
    spans = sentence_spans(text)
    assert all(0 <= a < b <= len(text) for a, b in spans)
    assert all(b <= c for (_, b), (c, _) in zip(spans, spans[1:]))
    assert all(text[a:b] == text[a:b].strip() for a, b in spans)
    covered = {i for a, b in spans for i in range(a, b)}
    assert all(i in covered for i, char in enumerate(text) if not char.isspace())


def test_split_sentences_offsets_point_into_title_and_text():
    articles = pd.DataFrame(
        {
            "article_id": ["a", "b"],
            "title": ["  Xi calls Putin ", ""],
            "text": ["They spoke. Both smiled.", "No headline here."],
        }
    )
    sentences = split_sentences(articles)
    assert sentences.columns.tolist() == ["article_id", "sentence", "part", "start", "end", "text"]
    for row in sentences.itertuples():
        source = articles.set_index("article_id").loc[row.article_id, "title" if row.part == "title" else "text"]
        assert source[row.start : row.end] == row.text
    assert sentences.loc[sentences["article_id"] == "b", "sentence"].tolist() == [0]


def test_seed_article_tokens(seed_article_path):
    tokens = tokenize(seed_article_path.read_text(encoding="utf-8"))
    assert {"Russia-China", "G7", "Xinjiang", "Xi", "Jinping"} <= set(tokens)
    assert "Russia’s" not in tokens and "’s" not in tokens and "s" not in tokens


@given(
    title=st.text(alphabet=st.sampled_from(list("ab .!?\n“”")), max_size=30),
    body=st.text(alphabet=st.sampled_from(list("Ab c.!?\n\n“”Mr. ")), max_size=120),
)
def test_sentence_text_sliced_from_the_article_is_the_split_text(title, body):
    arts = pd.DataFrame({"article_id": ["x"], "title": [title], "text": [body]})
    split = split_sentences(arts)
    rebuilt = with_sentence_text(split.drop(columns="text").iloc[::-1], arts).iloc[::-1]
    pd.testing.assert_frame_equal(rebuilt[split.columns], split)


def test_sentence_text_names_articles_it_cannot_find():
    rows = pd.DataFrame({"article_id": ["gone"], "part": ["body"], "start": [0], "end": [3]})
    with pytest.raises(KeyError, match="gone"):
        with_sentence_text(rows, pd.DataFrame({"article_id": ["a"], "title": [""], "text": ["abc"]}))
