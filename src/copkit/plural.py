"""Counting words (`1 file`, `2 files`, `3 entries`): the one helper; any layer uses it."""

from __future__ import annotations


def plural(n: int, word: str, many: str | None = None) -> str:
    """`n` and `word`, in the plural (`many`, else `word` + s) unless `n` is 1."""
    return f"{n:,} {word if n == 1 else (many or word + 's')}"


def plural_word(n: int, word: str, many: str | None = None) -> str:
    """`word` agreeing with `n`, without the number (`is` / `are` style choices)."""
    return word if n == 1 else (many or word + "s")


def of_us(n: int) -> str:
    """`one of us has`, `3 of us have`: the subject of a line addressed to the community."""
    return "one of us has" if n == 1 else f"{n:,} of us have"
