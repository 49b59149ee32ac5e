"""Identifiers are slugs: what is accepted, and what copkit suggests instead."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable

SLUG_RE = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")
MAX_LEN = 64
# Names Windows reserves for devices: a file called `con.yaml` or `nul.md` cannot be checked
# out by Git for Windows, so an id never takes one of them.
RESERVED = frozenset(
    ["con", "prn", "aux", "nul"] + [f"{d}{i}" for d in ("com", "lpt") for i in range(1, 10)]
)


def is_slug(value: str) -> bool:
    return len(value) <= MAX_LEN and SLUG_RE.fullmatch(value) is not None and value not in RESERVED


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
    if slug in RESERVED:
        slug = f"{slug}-1"
    return slug or fallback


def not_slug_reason(value: str) -> str:
    """Why `value` is not an id, in words: 'is not a valid id' or the device-name reason."""
    if value in RESERVED:
        return "is a name Windows reserves for a device (Git for Windows cannot check it out)"
    return "is not a valid id"


def close_ids(given: str, known: Iterable[str], n: int = 3) -> list[str]:
    """The known ids a mistyped `given` most likely means: the closest spellings first, then
    ids that `given` begins (a first name: `raj` for `raj-patel`)."""
    import difflib

    pool = sorted(set(known))
    found = difflib.get_close_matches(given, pool, n=n, cutoff=0.6)
    for ident in pool:
        if len(found) >= n:
            break
        if given and ident.startswith(f"{given}-") and ident not in found:
            found.append(ident)
    return found


def did_you_mean(given: str, known: Iterable[str]) -> str | None:
    """`did you mean 'a'?` (or `'a' or 'b'?`) for a mistyped id, or None when nothing is close."""
    close = close_ids(given, known)
    if not close:
        return None
    quoted = [repr(c) for c in close]
    options = quoted[0] if len(quoted) == 1 else f"{', '.join(quoted[:-1])} or {quoted[-1]}"
    return f"did you mean {options}?"
