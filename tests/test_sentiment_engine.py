"""newsframe's sentiment engine against TextBlob itself: exactly the same (polarity, subjectivity),
compared with ==, on the test corpora, on tricky texts and on generated ones."""

from __future__ import annotations

import random
import re
import warnings

import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from textblob import TextBlob
from textblob import _text as pattern
from textblob.en import parser
from textblob.en import sentiment as pattern_sentiment

from newsframe.config import SAMPLE_DIR
from newsframe.load import load_articles
from newsframe.sentiment import engine, score_articles, score_sentences, score_texts
from newsframe.text import split_sentences

TRICKY = [
    "",
    "   \n\t ",
    "A very good deal, not a bad one!",
    "The deal is not good at all.",
    "really not good",
    "not very good",
    "Not a good day :-(",
    "very :) good",
    ":) good",
    "not :)",
    "A fine mess (!)",
    "A fine mess ( ! ) indeed",
    "( \n\n ! ) good",
    "Deal : c ) yes",
    ": - ) great",
    "said: 3 people",
    "tempo . O yes",
    "o.O wow",
    "Wow!!! Great!!!",
    "Great ! ! !",
    "She said, ‘it’s “terrible”’.",
    "It isn't bad, it's good.",
    "END-OF-SENTENCE good END-OF-SENTENCE.",
    "good:\n\n) bad",
    "Mr. Smith met the U.S. envoy, e.g. at 5 p.m. ... a good day...",
    "TERRIBLE LOSSES AT THE FRONT",
    "Line one\r\n\r\nline two is great\r\nthree",
    "1987 12.5 % 3,000 -- well-known, not-good",
    "<3 ♥ XD xD :-D 8-) ;-) °O° o_O >.> :'( :'''(",
    "never ever happy; no joy",
    "Die Gespräche waren schwierig.",
    "ΑΣ good ΣΑ bad",
    "a\u2028good\x1cday\x85bad\u3000great\xa0not\u2029happy",
]


def textblob(text: str) -> tuple[float, float]:
    polarity, subjectivity = TextBlob(text).sentiment
    return polarity, subjectivity


def find_tokens_words(text: str) -> list[str]:
    """The words TextBlob's Sentiment assesses in ``text``."""
    return [w.lower() for w in " ".join(parser.find_tokens(text)).split()]


@pytest.mark.parametrize("text", TRICKY)
def test_tricky_texts_score_exactly_as_textblob(text):
    assert engine.sentiment(text) == textblob(text) == engine.textblob_sentiment(text)
    assert engine.tokens(text) == find_tokens_words(text)
    assert engine._slow(text) == engine.sentiment(text)  # the full path agrees with the shortcut


@pytest.mark.slow
def test_python_agrees_with_the_engine_s_assumptions():
    """The engine splits on str.split()'s whitespace where find_tokens collapses regex \\s, and
    lowercases whole strings where TextBlob lowercases word by word."""
    chars = [chr(c) for c in range(0x110000) if not 0xD800 <= c < 0xE000]
    spaces = [c for c in chars if c.isspace()]
    assert spaces == [c for c in chars if re.fullmatch(r"\s", c)] == [c for c in chars if not c.split()]
    assert [c for c in chars if any(x.isspace() for x in c.lower())] == spaces
    for space in spaces:  # final sigma: a space ends the word on either side
        assert ("AΣ" + space + "B").lower() == "aς" + space + "b"
        assert ("A" + space + "Σ").lower() == "a" + space + "σ"


def corpus_texts(folder) -> list[str]:
    articles = load_articles(folder, progress=False)
    sentences = split_sentences(articles, progress=False)
    return [str(t) for column in (articles["title"], articles["text"], sentences["text"]) for t in column.dropna()]


def assert_all_equal(texts: list[str]) -> None:
    engine.forget()
    mismatches = [t for t in texts if engine.sentiment(t) != engine.textblob_sentiment(t)]
    assert mismatches == []
    assert [engine.sentiment(t) for t in texts] == [engine.textblob_sentiment(t) for t in texts]  # remembered


def test_tiny_corpus_scores_exactly_as_textblob(tiny_corpus_dir):
    texts = corpus_texts(tiny_corpus_dir)
    assert len(texts) > 20
    assert_all_equal(texts)


@pytest.mark.slow
def test_sample_corpus_scores_exactly_as_textblob():
    texts = corpus_texts(SAMPLE_DIR)
    assert len(texts) > 3000
    assert_all_equal(texts)
    assert all(engine.tokens(t) == find_tokens_words(t) for t in texts[:500])


def test_scoring_uses_the_engine(monkeypatch, tiny_articles):
    assert score_texts(["A good deal."], scorers=["textblob"], n_jobs=1).values.tolist() == [
        list(textblob("A good deal."))
    ]
    monkeypatch.setattr(engine, "sentiment", lambda text: (0.25, 0.5))
    assert score_texts(["A good deal."], scorers=["textblob"], n_jobs=1).values.tolist() == [[0.25, 0.5]]
    sentences = score_sentences(split_sentences(tiny_articles), scorers=["textblob"], n_jobs=1)
    assert set(sentences["polarity"]) == {0.25}
    assert set(score_articles(tiny_articles, scorers=["textblob"], n_jobs=1)["polarity"].dropna()) == {0.25}


def test_scores_of_the_tables_are_textblob_s(tiny_articles):
    sentences = score_sentences(split_sentences(tiny_articles), scorers=["textblob"], n_jobs=1)
    expected = [textblob(t) for t in sentences["text"]]
    assert list(zip(sentences["polarity"], sentences["subjectivity"], strict=True)) == expected


def test_forgetting_or_a_full_memo_changes_nothing(monkeypatch):
    expected = [engine.textblob_sentiment(t) for t in TRICKY]
    monkeypatch.setattr(engine, "_MEMO_LIMIT", 3)
    assert [engine.sentiment(t) for t in TRICKY] == expected
    engine.forget()
    assert [engine.sentiment(t) for t in TRICKY] == expected


def test_an_unverified_textblob_means_textblob_itself_with_one_warning(monkeypatch):
    monkeypatch.setattr(engine, "EXACT", False)
    monkeypatch.setattr(engine, "_warned", False)
    monkeypatch.setattr(engine, "_codes", {})
    with pytest.warns(RuntimeWarning, match="verified against TextBlob"):
        engine.warm()
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert [engine.sentiment(t) for t in TRICKY] == [textblob(t) for t in TRICKY]
    assert engine.VERIFIED_TEXTBLOB and engine.TEXTBLOB_VERSION


def test_anything_but_a_string_goes_to_textblob():
    words = ["not", "very", "good"]
    assert engine.sentiment(words) == tuple(pattern_sentiment(words))  # type: ignore[arg-type]


def test_the_lexicon_is_textblob_s_own():
    engine.warm()
    lexicon = dict(dict.items(pattern_sentiment))
    for word, senses in lexicon.items():
        code = engine._codes[word]
        assert code[1:4] == tuple(senses[None])
    assert len([w for w, code in engine._codes.items() if code[0] == engine._LEXICON]) == len(lexicon)


# --- generated texts -------------------------------------------------------------------------------

FACES = sorted({face for faces in pattern.EMOTICONS.values() for face in faces})
engine.warm()  # TextBlob loads its lexicon on first use
LEXICON = sorted(w for w in dict(dict.items(pattern_sentiment)) if " " not in w)
SPECIAL = [
    *FACES,
    *(" ".join(face) for face in FACES),  # emoticons split by spaces, which TextBlob joins again
    "(!)", "( ! )", "(!", "!)", "!", "!!", "?", "?!", "...", "....", ".", ",", ";", ":", "-", "--",
    "'", '"', "“", "”", "‘", "’", "n't", "'s", "'ll", "(", ")", "[", "]", "{", "}", "$", "#", "@", "*",
    "not", "no", "never", "Not", "NEVER", "very", "really", "extremely", "quite", "too", "so", "most",
    "good", "bad", "great", "terrible", "happy", "sad", "badly", "terribly", "GOOD", "Good", "well-known",
    "Mr.", "U.S.", "e.g.", "p.m.", "A.", "Mrs.", "END-OF-SENTENCE", "x", "X", "D", "O", "o", "8", "3", "<", ">",
    "=", "^", "_", "°", "♥", "c", "s", "S", "p", "P", "b", "1987", "12.5", "3,000", "a", "I", "it",
]  # fmt: skip
SEPARATORS = [" ", " ", " ", "", "  ", "\n", "\n\n", "\r\n", "\r\n\r\n", "\t", " \n \n", "\u00a0", "\u2028"]
EMOTICON_SOUP = st.text(alphabet=st.sampled_from(list(":;=8xXoO°<>3D()-!?.'\"“” \n*^_/\\[]{}pPbcsS♥")), max_size=30)
WORD = st.one_of(
    st.sampled_from(SPECIAL),
    st.sampled_from(LEXICON),
    st.sampled_from(LEXICON).map(str.upper),
    st.sampled_from(LEXICON).map(str.title),
    st.text(max_size=4),
    st.from_regex(r"[A-Za-z0-9.,;:!?()'\"-]{1,8}", fullmatch=True),
)
SPACED = st.lists(st.tuples(WORD, st.sampled_from(SEPARATORS)), max_size=25).map(
    lambda pairs: "".join(w + sep for w, sep in pairs)
)
TEXTS = st.one_of(SPACED, SPACED, SPACED, SPACED, EMOTICON_SOUP, st.text(max_size=60))


def test_generated_texts_agree_quickly():
    @settings(max_examples=10, deadline=None, derandomize=True, database=None, suppress_health_check=list(HealthCheck))
    @given(st.lists(TEXTS, min_size=20, max_size=20))
    def check(texts: list[str]) -> None:
        for text in texts:
            assert engine.sentiment(text) == engine.textblob_sentiment(text) == engine._slow(text), text

    check()


SOUP = list(":;=8xXoO°<>3D()-!?.'\"“” \n*^_/\\[]{}pPbcsS♥")
CHARS = list("AaZzMr019.,;:!?()'\"-")
# Any code point but surrogates, weighted toward ASCII, Latin-1, punctuation and whitespace.
CODE_POINTS = [
    *range(0x20, 0x7F), *range(0x20, 0x7F), *range(0xA0, 0x180), *range(0x2000, 0x2070), 0x9, 0xA, 0xD, 0x85,
    *range(0x300, 0x370), *range(0x370, 0x400), *range(0x1F600, 0x1F650), 0x3000, 0xFEFF, 0x10FFFF,
    *(c for c in random.Random(0).sample(range(0x110000), 2000) if not 0xD800 <= c < 0xE000),
]  # fmt: skip


def random_text(rnd: random.Random) -> str:
    """A text for the many-texts test, drawn much faster than by Hypothesis's own strategies:
    mostly words, emoticons, punctuation and separators; else emoticon characters or any Unicode."""
    kind = rnd.random()
    if kind < 0.15:
        return "".join(rnd.choices(SOUP, k=rnd.randrange(30)))
    if kind < 0.3:
        return "".join(chr(rnd.choice(CODE_POINTS)) for _ in range(rnd.randrange(40)))
    words = []
    for _ in range(rnd.randrange(40)):
        pick = rnd.random()
        if pick < 0.4:
            word = rnd.choice(SPECIAL)
        elif pick < 0.8:
            word = rnd.choice(LEXICON)
            word = word.upper() if pick < 0.45 else word.title() if pick < 0.5 else word
        elif pick < 0.9:
            word = "".join(rnd.choices(CHARS, k=rnd.randrange(1, 8)))
        else:
            word = "".join(chr(rnd.choice(CODE_POINTS)) for _ in range(rnd.randrange(1, 4)))
        words.append(word + rnd.choice(SEPARATORS))
    return "".join(words)


@pytest.mark.slow
def test_generated_texts_agree():
    """At least 20,000 generated texts: the same scores as TextBlob, on the shortcut and the full path."""
    checked = []

    @settings(
        max_examples=1000, deadline=None, derandomize=True, database=None, suppress_health_check=list(HealthCheck)
    )
    @given(st.integers(0, 2**64))
    def check(seed: int) -> None:  # Hypothesis picks the seeds; plain random draws the texts, fast
        rnd = random.Random(seed)
        texts = [random_text(rnd) for _ in range(20)]
        for text in texts:
            assert engine.sentiment(text) == engine.textblob_sentiment(text), text
            assert engine._slow(text) == engine.textblob_sentiment(text), text
        checked.append(len(texts))

    engine.forget()
    check()
    assert sum(checked) >= 20_000


@pytest.mark.slow
def test_tokens_agree_on_generated_texts():
    @settings(max_examples=300, deadline=None, derandomize=True, database=None)
    @given(TEXTS)
    def check(text: str) -> None:
        assert engine.tokens(text) == find_tokens_words(text), text

    check()


def test_scores_are_floats_like_textblob_s():
    scored = pd.DataFrame([engine.sentiment(t) for t in TRICKY])
    assert scored.dtypes.astype(str).tolist() == ["float64", "float64"]
    assert all(type(x) is float for t in TRICKY for x in engine.sentiment(t))


def test_engine_reads_textblob_without_importing_nltk():
    """The engine loads TextBlob's pattern module and lexicon by themselves (``textblob/__init__``
    imports NLTK and SciPy, seconds in every worker): the lexicon it builds must be TextBlob's own,
    and its scores TextBlob's, when TextBlob is imported only afterwards."""
    import subprocess
    import sys

    script = f"""
import sys
from newsframe.sentiment import engine
engine.warm()
assert "nltk" not in sys.modules and "textblob" not in sys.modules, "the engine imported the textblob package"
lexicon = engine._lexicon()
from newsframe.load import load_articles
from newsframe.text import split_sentences
articles = load_articles({str(SAMPLE_DIR)!r}, progress=False)
texts = [*articles["title"], *articles["text"], *split_sentences(articles)["text"]]
texts += ["terribly good", "an utterly ugly, incredibly lovely day :-)", "Not bad (!)", "simply horrible!!"]
mine = [engine.sentiment(t) for t in texts]
from textblob.en import sentiment as reference
assert dict(lexicon) == dict(reference) and lexicon.negations == reference.negations
assert lexicon is not reference
theirs = [engine.textblob_sentiment(t) for t in texts]
bad = sum(a != b for a, b in zip(mine, theirs))
assert bad == 0, f"{{bad}} of {{len(texts)}} differ"
bad = sum(engine.assessments(t) != reference(t).assessments for t in texts)
assert bad == 0, f"the assessments of {{bad}} of {{len(texts)}} differ"
print(len(texts))
"""
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr[-2000:]
    assert int(done.stdout.strip()) > 3000
