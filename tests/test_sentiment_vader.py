"""newsframe's VADER engine against vaderSentiment itself: exactly the same dict (key order, and
each float to its last bit and the sign of a zero: compared by ``repr``), on tricky texts, on
generated ones and on the test corpora."""

from __future__ import annotations

import os
import random
import warnings

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from vaderSentiment import vaderSentiment as package

from newsframe.config import SAMPLE_DIR
from newsframe.load import load_articles
from newsframe.sentiment import lexicons, score_texts, vader
from newsframe.text import split_sentences

REFERENCE = package.SentimentIntensityAnalyzer()

TRICKY = [
    "",
    "   \n\t ",
    "\u00a0\u3000",
    "good",
    "GOOD",
    "Good!",
    "The book was good.",
    "The book was not good.",
    "The book wasn't good, it isn't bad, it ain't great.",
    "The book was never good.",
    "Sentiment analysis has never been so good!",
    "Sentiment analysis has never been this good!",
    "Without a doubt, excellent idea.",
    "Without any doubt, an excellent idea.",
    "VADER is smart, handsome, and funny.",
    "VADER is VERY SMART, handsome, and FUNNY!!!",
    "VADER is VERY SMART, uber handsome, and FRIGGIN FUNNY!!!",
    "ALL WORDS IN CAPITALS ARE GREAT",
    "GREAT but terrible",
    "The plot was good, but the characters are uncompelling and the dialog is not great.",
    "good good but good bad good good but bad",
    "good but good but good",
    "BUT good",
    "good, but, good",
    "good bad good bad but good bad good bad",
    "The book was only kind of good.",
    "kind of",
    "it was kind of bad and sort of good, kinda great, sorta awful",
    "the kind people of the town",
    "a kind",
    "Roger Dodger is one of the least compelling variations on this theme.",
    "Roger Dodger is at least compelling as a variation on the theme.",
    "least good",
    "very least good",
    "at least good",
    "no good",
    "no no good",
    "no",
    "No problem at all, no worries.",
    "no good or bad",
    "no happy nor sad people",
    "With VADER, sentiment analysis is the shit!",
    "On the other hand, VADER is quite bad ass",
    "VADER is such a badass!",
    "this will be the kiss of death",
    "a cake to die for",
    "yeah right, the bus stop was the bomb",
    "it was extremely bad",
    "it was extremely very really bad",
    "it was EXTREMELY bad and I was so HAPPY",
    "barely good, hardly bad, slightly great",
    "Make sure you :) or :D today! :-( :'( <3 </3",
    "Catch utf-8 emoji such as 💘 and 💋 and 😁",
    "💘love💘 💋x😁",
    "😁",
    " 😁 ",
    "©®™ Reuters (c) 1987",
    "What??? Really?? Yes! Great!!!!! Awful!!",
    "?",
    "??",
    "good ????",
    "good!!!!!!!!!",
    "“Good”… — ‘bad’ «terrible» ¿qué? ¡great!",
    "1987 12.5% $3,000 1,000,000 -5 +3",
    "well-known, not-good, self-destructive, bad-ass, kind-of good",
    "Isn't it great? Don't worry, it's nothing bad. Can't complain.",
    "nothing good, nowhere nice, none happy, without joy, despite the win",
    "The İstanbul ΣΑΣ Straße Kelvin \u212a good",
    "a\u2028good\x1cday\x85bad\u3000great\xa0not\u2029happy",
    "good\tbad\ngreat\r\nawful",
    "!!! ??? ... --- ((( )))",
    "The deal was good. " * 400,
    " ".join(["not", "good", "but", "very", "bad", "kind", "of", "great"] * 200),
]


def same(text: str) -> bool:
    return repr(vader.polarity_scores(text)) == repr(REFERENCE.polarity_scores(text))


@pytest.mark.parametrize("text", TRICKY)
def test_tricky_texts_score_exactly_as_vader(text):
    expected = REFERENCE.polarity_scores(text)
    got = vader.polarity_scores(text)
    assert repr(got) == repr(expected)
    assert vader.scores(text) == (expected["compound"], expected["pos"], expected["neu"], expected["neg"])
    assert all(type(x) is float for x in got.values())


def test_forgetting_or_a_full_memo_changes_nothing(monkeypatch):
    expected = [repr(REFERENCE.polarity_scores(t)) for t in TRICKY]
    monkeypatch.setattr(vader, "_MEMO_LIMIT", 3)
    assert [repr(vader.polarity_scores(t)) for t in TRICKY] == expected
    vader.forget()
    assert [repr(vader.polarity_scores(t)) for t in TRICKY] == expected


def test_an_unverified_vader_means_vader_itself_with_one_warning(monkeypatch):
    monkeypatch.setattr(vader, "EXACT", False)
    monkeypatch.setattr(vader, "_warned", False)
    monkeypatch.setattr(vader, "_hit", frozenset())
    with pytest.warns(RuntimeWarning, match="verified against vaderSentiment"):
        vader.warm()
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert [vader.polarity_scores(t) for t in TRICKY] == [REFERENCE.polarity_scores(t) for t in TRICKY]
    assert vader.VERIFIED_VADER and vader.VADER_VERSION


def test_a_str_subclass_scores_the_same_and_anything_else_fails_as_in_vader():
    class Text(str):
        pass

    assert repr(vader.polarity_scores(Text("not GOOD at all!"))) == repr(REFERENCE.polarity_scores("not GOOD at all!"))
    with pytest.raises(TypeError):
        vader.polarity_scores(5)  # type: ignore[arg-type]
    with pytest.raises(TypeError):
        REFERENCE.polarity_scores(5)


def test_the_lexicon_and_rules_are_vader_s_own():
    vader.warm()
    assert vader._lexicon == REFERENCE.lexicon
    assert vader._describe == {e: d for e, d in REFERENCE.emojis.items() if len(e) == 1}
    assert vader._hit == set(REFERENCE.lexicon) - set(package.BOOSTER_DICT)
    assert vader._BOOSTER is package.BOOSTER_DICT and vader._SPECIAL is package.SPECIAL_CASES


def test_scoring_and_news_use_the_engine(monkeypatch):
    expected = REFERENCE.polarity_scores("A good deal.")
    columns = ["vader_compound", "vader_pos", "vader_neu", "vader_neg"]
    assert score_texts(["A good deal."], scorers=["vader"], n_jobs=1)[columns].values.tolist() == [
        [expected[k] for k in ("compound", "pos", "neu", "neg")]
    ]
    before = lexicons.news("A good deal.")
    monkeypatch.setattr(vader, "scores", lambda text: (0.25, 0.5, 0.125, 0.375))
    assert score_texts(["A good deal."], scorers=["vader"], n_jobs=1)[columns].values.tolist() == [
        [0.25, 0.5, 0.125, 0.375]
    ]
    assert lexicons.news("A good deal.") != before


# --- generated texts -------------------------------------------------------------------------------

vader.warm()
LEXICON = sorted(REFERENCE.lexicon)
FEW = LEXICON[::250]  # a few words, drawn often: equal valences around "but"
EMOJI = sorted(e for e in REFERENCE.emojis if len(e) == 1)
RULES = sorted(
    {
        *package.NEGATE,
        *package.BOOSTER_DICT,
        *package.SPECIAL_CASES,
        *(w for key in (*package.BOOSTER_DICT, *package.SPECIAL_CASES) for w in key.split()),
        *("but", "least", "at", "very", "kind", "of", "no", "or", "nor", "never", "so", "this", "without", "doubt"),
    }
)
PUNCTUATION = [*"!?.,;:'\"()-*", "!!", "!!!", "!!!!!", "??", "???", "?!", "...", "…", "“", "”", "‘", "’", "—", "«", "¡"]
SEPARATORS = [" ", " ", " ", " ", "", "  ", "\n", "\t", "\r\n", "\u00a0", "\u2028", "\u3000"]
# Any code point but surrogates, weighted toward ASCII, Latin-1, punctuation, whitespace and emoji.
CODE_POINTS = [
    *range(0x20, 0x7F), *range(0xA0, 0x180), *range(0x2000, 0x2070), 0x9, 0xA, 0xD, 0x85, 0x3000,
    *range(0x370, 0x400), *range(0x1F600, 0x1F650), 0x212A, 0x130, 0xFEFF, 0x10FFFF,
    *(c for c in random.Random(0).sample(range(0x110000), 2000) if not 0xD800 <= c < 0xE000),
]  # fmt: skip


def random_word(rnd: random.Random) -> str:
    pick = rnd.random()
    if pick < 0.3:
        word = rnd.choice(LEXICON)
    elif pick < 0.45:
        word = rnd.choice(FEW)
    elif pick < 0.75:
        word = rnd.choice(RULES)
    elif pick < 0.85:
        word = rnd.choice(PUNCTUATION)
    elif pick < 0.92:
        word = rnd.choice(EMOJI)
    else:
        word = "".join(chr(rnd.choice(CODE_POINTS)) for _ in range(rnd.randrange(1, 4)))
    case = rnd.random()
    word = word.upper() if case < 0.15 else word.title() if case < 0.2 else word
    if rnd.random() < 0.15:
        word = rnd.choice(PUNCTUATION) + word
    if rnd.random() < 0.2:
        word += rnd.choice(PUNCTUATION)
    return word


def random_text(rnd: random.Random) -> str:
    """Mostly words (lexicon, rule words, punctuation, emoji, any Unicode) between separators of
    any kind; now and then any Unicode at all."""
    if rnd.random() < 0.1:
        return "".join(chr(rnd.choice(CODE_POINTS)) for _ in range(rnd.randrange(40)))
    return "".join(random_word(rnd) + rnd.choice(SEPARATORS) for _ in range(rnd.randrange(40)))


# Texts the seeded test checks: NEWSFRAME_VADER_TEXTS=20000 for a long run.
GENERATED = int(os.environ.get("NEWSFRAME_VADER_TEXTS", "3000"))


def test_generated_texts_agree():
    """Thousands of generated texts (Hypothesis picks the seeds; plain random draws the texts, fast)."""
    checked = []

    @settings(
        max_examples=max(1, GENERATED // 20),
        deadline=2000,
        derandomize=True,
        database=None,
        suppress_health_check=list(HealthCheck),
    )
    @given(st.integers(0, 2**64))
    def check(seed: int) -> None:
        rnd = random.Random(seed)
        texts = [random_text(rnd) for _ in range(20)]
        for text in texts:
            assert same(text), text
        checked.append(len(texts))

    vader.forget()
    check()
    assert sum(checked) >= GENERATED


TOKEN = st.one_of(
    st.sampled_from(LEXICON),
    st.sampled_from(FEW),
    st.sampled_from(RULES),
    st.sampled_from(RULES).map(str.upper),
    st.sampled_from(PUNCTUATION),
    st.sampled_from(EMOJI),
    st.text(max_size=4),
)
SPACED = st.lists(st.tuples(TOKEN, st.sampled_from(SEPARATORS)), max_size=25).map(
    lambda pairs: "".join(w + sep for w, sep in pairs)
)


@settings(max_examples=300, deadline=2000, derandomize=True, database=None, suppress_health_check=list(HealthCheck))
@given(st.one_of(SPACED, st.text(max_size=60)))
def test_hypothesis_texts_agree(text):
    assert same(text), text


def corpus_texts(folder) -> list[str]:
    articles = load_articles(folder, progress=False)
    sentences = split_sentences(articles, progress=False)
    return [str(t) for column in (sentences["text"], articles["title"], articles["text"]) for t in column.dropna()]


def test_tiny_corpus_scores_exactly_as_vader(tiny_corpus_dir):
    texts = corpus_texts(tiny_corpus_dir)
    assert len(texts) > 20
    vader.forget()
    assert [t for t in texts if not same(t)] == []


@pytest.mark.slow
def test_sample_corpus_scores_exactly_as_vader():
    texts = corpus_texts(SAMPLE_DIR)
    assert len(texts) > 3000
    vader.forget()
    assert [t for t in texts if not same(t)] == []
    assert [t for t in texts if not same(t)] == []  # with the words remembered
