"""Article identity: the stable id of an article's source key, and the content hash that finds duplicates."""

from __future__ import annotations

import hashlib


def article_id(key: str) -> str:
    """The stable id of an article: 16 hex digits of BLAKE2b over its source key.

    >>> article_id("000_83ee76fa5dfcaf86.txt")
    'fb6c2072b097b66a'
    """
    return hashlib.blake2b(key.encode("utf-8"), digest_size=8).hexdigest()


def content_hash(title: str, text: str) -> str:
    """Hash of an article's title and body, equal for identical articles wherever they live.

    >>> content_hash("Title", "Body.") == content_hash("Title", "Body.") != content_hash("Title", "Body!")
    True
    """
    return body_hash(title, text.encode("utf-8"))


def body_hash(title: str, body: bytes) -> str:
    """``content_hash`` of a body already encoded as UTF-8 (the reader has the bytes at hand)."""
    digest = hashlib.blake2b(title.encode("utf-8"), digest_size=16)
    digest.update(b"\n\n")
    digest.update(body)
    return digest.hexdigest()
