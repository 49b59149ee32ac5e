"""Identifiers are slugs: what is accepted, and what copkit suggests instead."""

from __future__ import annotations

import re
import unicodedata

SLUG_RE = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")
MAX_LEN = 64


def is_slug(value: str) -> bool:
    return len(value) <= MAX_LEN and SLUG_RE.fullmatch(value) is not None


def suggest_slug(value: str, fallback: str = "untitled") -> str:
    """A valid slug close to `value` ("Alice Martin" -> "alice-martin"); `fallback` if nothing is left."""
    text = unicodedata.normalize("NFKD", value).encode("ascii", "ignore").decode("ascii")
    words = re.findall(r"[a-z0-9]+", text.lower())
    slug = ""
    for word in words:
        candidate = f"{slug}-{word}" if slug else word
        if len(candidate) > MAX_LEN:
            if not slug:
                slug = word[:MAX_LEN]
            break
        slug = candidate
    return slug or fallback
