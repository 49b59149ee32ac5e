"""The limits of what copkit reads, in one place, applied on write as on read.

The readers refuse a file past them before parsing it (bounded time and memory on hostile
input); the writers refuse to write one, with the same message (a file copkit wrote and then
could not read would lock every member out of every command). Light on purpose: no ruamel,
so `journal add` checks what it writes without importing it.
"""

from __future__ import annotations

import re
from typing import Literal

from copkit.errors import CopkitError, Problem

MAX_FILE_BYTES = 2 * 1024 * 1024
# lines + commas + opening brackets: a year-long challenge of the longest built-in set has
# ~10,400 (the sets grew in release 2); parsing 40,000 takes ~4 s, so a hostile file stays
# bounded. Brackets count because nested flow lists cost ruamel more than commas do.
MAX_PIECES = 40_000
MAX_DEPTH = 64
CONFLICT_RE = re.compile(r"^(<{7}|={7}|>{7}|\|{7})(?: .*)?$", re.MULTILINE)  # ||||||| : diff3 style
_MARKERS = ("<" * 7, "=" * 7, ">" * 7, "|" * 7)
DEEP = f"refused: nested deeper than {MAX_DEPTH} levels"


def too_big(rel: str, size: int) -> Problem | None:
    """The problem of a file of `size` bytes, or None when the size is within the limit."""
    if size <= MAX_FILE_BYTES:
        return None
    return Problem(
        rel,
        0,
        0,
        "error",
        f"file is {size:,} bytes, over copkit's limit of {MAX_FILE_BYTES:,}; split or shorten it",
    )


def count_pieces(text: str) -> int:
    """What MAX_PIECES bounds: lines, commas and opening brackets (a cheap count of the
    values ruamel will build, taken before it builds any)."""
    return text.count("\n") + text.count(",") + text.count("[") + text.count("{")


def conflict_problems(rel: str, text: str, line_offset: int = 0) -> list[Problem]:
    if not any(m in text for m in _MARKERS):  # a substring search: 100 times the regex's speed
        return []
    out = []
    for m in CONFLICT_RE.finditer(text):
        line = text.count("\n", 0, m.start()) + 1 + line_offset
        out.append(
            Problem(
                rel,
                line,
                1,
                "error",
                f"git conflict marker {m.group(1)!r}: resolve the merge conflict and remove the markers",
            )
        )
    return out


def markdown_conflicts(rel: str, text: str) -> list[Problem]:
    """Conflict markers that make a Markdown file a merge conflict (a `<<<<<<<` and a
    `>>>>>>>` anywhere, the body too); a lone `=======` line is a Markdown heading rule."""
    markers = conflict_problems(rel, text)
    kinds = {p.message.split("'")[1] for p in markers}
    return markers if {"<<<<<<<", ">>>>>>>"} <= kinds else []


def yaml_gate(rel: str, text: str, *, line_offset: int = 0) -> list[Problem]:
    """What the YAML reader refuses before it parses: conflict markers, too many pieces, flow
    nesting deeper than MAX_DEPTH."""
    markers = conflict_problems(rel, text, line_offset)
    if markers:
        return markers
    pieces = count_pieces(text)
    if pieces > MAX_PIECES:  # the pure-Python parser spends ~0.1 ms on each: bound the time
        return [
            Problem(
                rel,
                1 + line_offset,
                1,
                "error",
                f"refused: {pieces:,} lines, list items and brackets, over copkit's limit of "
                f"{MAX_PIECES:,}; split or shorten the file",
            )
        ]
    if flow_too_deep(text):  # ruamel's scanner is quadratic in flow depth: refuse up front
        return [Problem(rel, 1 + line_offset, 1, "error", DEEP)]
    return []


def flow_too_deep(text: str) -> bool:
    """True when `[` / `{` nest deeper than MAX_DEPTH outside quotes and comments."""
    if text.count("[") + text.count("{") <= MAX_DEPTH:
        return False
    depth = 0
    quote = ""
    prev = "\n"
    i, n = 0, len(text)
    while i < n:
        c = text[i]
        if quote:
            if c == "\\" and quote == '"':
                i += 1
            elif c == quote:
                quote = ""
        elif c in "'\"" and (prev in " \t\n[{,:" or depth):
            quote = c
        elif c == "#" and prev in " \t\n":
            nl = text.find("\n", i)
            i = n if nl < 0 else nl
            c = "\n"
        elif c in "[{":
            depth += 1
            if depth > MAX_DEPTH:
                return True
        elif c in "]}":
            depth = max(0, depth - 1)
        prev = c
        i += 1
    return False


Kind = Literal["yaml", "markdown", "text"]


def require_readable(display: str, text: str, kind: Kind) -> None:
    """Refuse (CopkitError, nothing written) text that copkit's own readers would refuse:
    over the size limit; for YAML, and a Markdown file's front matter, past the pieces, depth
    or conflict-marker gate; for Markdown, a merge conflict in the body."""
    from copkit.storage import frontmatter

    problems: list[Problem] = []
    size = len(text.encode("utf-8", "surrogatepass"))
    if (big := too_big(display, size)) is not None:
        problems.append(big)
    elif kind == "yaml":
        problems = yaml_gate(display, text)
    elif kind == "markdown":
        problems = markdown_conflicts(display, text)
        parts = frontmatter.split(text)
        if not problems and parts.front is not None:
            problems = yaml_gate(display, parts.front, line_offset=1)
    if problems:
        raise CopkitError(
            f"{display} was not written: copkit's own readers would refuse it: "
            f"{problems[0].message.removeprefix('refused: ')}",
            hint="Change the text you gave (shorter, or in several pieces); nothing was written.",
        )
