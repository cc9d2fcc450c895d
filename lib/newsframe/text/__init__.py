"""Text layer: sentences and word tokens of an articles table (no aggregation).

``sentences`` splits headlines and bodies into the ``sentences`` table and holds the one loop
over each article's parts; ``tokens`` is the news tokeniser; ``phrases`` holds stopwords and
search-phrase matching; ``sentence_text`` adds sentences' text back from their articles.
"""

from newsframe.text.phrases import find_phrase, may_contain, phrase_pattern, phrase_patterns, stopword_set
from newsframe.text.sentence_text import with_sentence_text
from newsframe.text.sentences import (
    PARTS,
    SENTENCE_COLUMNS,
    iter_articles,
    locate_sentences,
    sentence_spans,
    split_sentences,
)
from newsframe.text.tokens import (
    body_start,
    encode_tokens,
    raw_token_spans,
    raw_tokens,
    token_spans,
    tokenize,
    word_count,
)

__all__ = [
    "PARTS",
    "SENTENCE_COLUMNS",
    "body_start",
    "encode_tokens",
    "find_phrase",
    "iter_articles",
    "locate_sentences",
    "may_contain",
    "phrase_pattern",
    "phrase_patterns",
    "raw_token_spans",
    "raw_tokens",
    "sentence_spans",
    "split_sentences",
    "stopword_set",
    "token_spans",
    "tokenize",
    "with_sentence_text",
    "word_count",
]
