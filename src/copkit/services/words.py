"""Members' words in reports: an entry's Markdown cut at a sentence or paragraph boundary,
and the lesson an entry offers to the closing "what we learned" list.

Pure text functions over the Markdown source; the render layer turns the result into Rich,
HTML or Markdown. Block structure is found with a few line rules (fences, headings, lists,
blank lines), enough to never cut inside a word, a sentence or a code block.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from copkit.services.journal import QUESTIONS

# The editor template's question under which a member writes what they learned.
LEARN_QUESTION = QUESTIONS[1]

_COMMENT = re.compile(r"<!--.*?-->", re.DOTALL)
_FENCE = re.compile(r"^\s{0,3}(`{3,}|~{3,})")
_ATX = re.compile(r"^\s{0,3}(#{1,6})(?:[ \t]+(.*?))?[ \t#]*$")
_ITEM = re.compile(r"^\s{0,3}(?:[-+*]|\d{1,9}[.)])(?:[ \t]+|$)")
# A sentence ends at . ! ? (or …), maybe followed by closing quotes or brackets, then space.
_SENTENCE_END = re.compile("[.!?\u2026][\"'\u201d\u2019)\\]*_]*\\s+")


@dataclass(frozen=True)
class Excerpt:
    """The start of an entry, as Markdown, and whether text was left out after it."""

    text: str
    cut: bool


def blocks_of(body: str) -> list[str]:
    """The Markdown blocks of `body`: paragraphs, lists, fenced code, and each heading alone.

    `excerpt`, `full_text` and `lesson` accept them instead of the body: a report quoting
    thousands of highlights splits each body once for all three."""
    blocks: list[str] = []
    current: list[str] = []
    fence: str | None = None

    def close() -> None:
        if current:
            blocks.append("\n".join(current))
            current.clear()

    for line in _COMMENT.sub("", body.replace("\r\n", "\n")).split("\n"):
        line = line.rstrip()
        if fence is not None:
            current.append(line)
            if line.strip().startswith(fence):
                fence = None
                close()
            continue
        if m := _FENCE.match(line):
            close()
            fence = m.group(1)[0] * 3
            current.append(line)
        elif not line.strip():
            close()
        elif _ATX.match(line):
            close()
            blocks.append(line.strip())
        else:
            current.append(line)
    close()
    return blocks


def _heading(block: str) -> str | None:
    """The text of a heading block (`### What did I learn?` -> `What did I learn?`)."""
    m = _ATX.match(block) if "\n" not in block else None
    return (m.group(2) or "").strip() if m else None


def _pieces(block: str) -> list[str]:
    """A block split where a cut may fall: list items, or sentences; code stays whole."""
    return list(_each_piece(block))


def _each_piece(block: str) -> Iterator[str]:
    """The pieces of `_pieces`, one at a time: a lesson needs only its first sentences."""
    if _FENCE.match(block):
        yield block
        return
    lines = block.split("\n")
    if _ITEM.match(lines[0]):
        items: list[list[str]] = []
        for line in lines:
            if _ITEM.match(line) or not items:
                items.append([line])
            else:
                items[-1].append(line)
        yield from ("\n".join(item) for item in items)
        return
    start = 0
    for m in _SENTENCE_END.finditer(block):
        after = block[m.end() : m.end() + 1]
        if after and not after.islower():  # "e.g. the" goes on; "works. The" ends a sentence
            if piece := block[start : m.end()].rstrip():
                yield piece
            start = m.end()
    if piece := block[start:].rstrip():
        yield piece


def _word_cut(text: str, limit: int) -> str:
    flat = " ".join(text.split())
    if len(flat) <= limit:
        return flat
    cut = flat[: limit + 1].rsplit(" ", 1)[0]
    if len(cut) < limit // 2:  # one very long word: cut inside it
        cut = flat[:limit]
    return cut.rstrip(" ,;:-") + "…"


def excerpt(body: str | list[str], limit: int) -> Excerpt:
    """The opening of an entry in at most about `limit` characters, ending at a paragraph, a
    list item or a sentence; a first sentence longer than twice the limit is cut at a word.
    `body` is the Markdown, or its `blocks_of`."""
    blocks = blocks_of(body) if isinstance(body, str) else body
    kept: list[str] = []
    used = 0
    for i, block in enumerate(blocks):
        if used + len(block) <= limit:
            kept.append(block)
            used += len(block) + 2
            continue
        pieces = _pieces(block)
        taken: list[str] = []
        for piece in pieces:
            if used + sum(len(p) + 1 for p in taken) + len(piece) > limit:
                break
            taken.append(piece)
        if not taken and all(_heading(b) is not None for b in kept):  # nothing to show yet
            first = pieces[0]
            taken = [first if len(first) <= 2 * limit else _word_cut(first, limit)]
        if taken:
            kept.append(("\n" if _ITEM.match(block) else " ").join(taken))
        cut = taken != pieces or any(_heading(b) is None for b in blocks[i + 1 :])
        break
    else:
        cut = False
    while kept and _heading(kept[-1]) is not None:  # a heading with nothing under it
        kept.pop()
    return Excerpt("\n\n".join(kept), cut)


def full_text(body: str | list[str]) -> str:
    """The whole entry as Markdown, comments dropped and blocks separated by one blank line."""
    return "\n\n".join(blocks_of(body) if isinstance(body, str) else body)


def _is_question(heading: str, question: str) -> bool:
    def norm(s: str) -> str:
        return " ".join(s.lower().rstrip("?: ").split())

    return norm(heading) == norm(question)


def lesson(body: str | list[str], shortest: int = 50, limit: int = 240) -> str | None:
    """What an entry says was learned, as one line of Markdown, or None.

    An entry written from the editor template answers under "What did I learn?": the lesson
    is the start of that section (its first list item, or its opening sentences). An entry
    with the template's headings but no answer there offers no lesson (what was done is not
    a lesson). Free text offers its opening sentences.
    """
    blocks = blocks_of(body) if isinstance(body, str) else body
    headings = [h for b in blocks if (h := _heading(b)) is not None]
    if any(_is_question(h, q) for h in headings for q in QUESTIONS):
        start = next(
            (
                i + 1
                for i, b in enumerate(blocks)
                if (h := _heading(b)) is not None and _is_question(h, LEARN_QUESTION)
            ),
            None,
        )
        if start is None:
            return None
        section = []
        for b in blocks[start:]:
            if _heading(b) is not None:
                break
            section.append(b)
    else:
        section = [b for b in blocks if _heading(b) is None]
    section = [b for b in section if not _FENCE.match(b)]
    if not section:
        return None
    first = section[0]
    if _ITEM.match(first):
        text = _ITEM.sub("", _pieces(first)[0], count=1)
    else:
        text = ""
        for sentence in _each_piece(" ".join(b for b in section if not _ITEM.match(b))):
            text = f"{text} {sentence}" if text else sentence
            if len(text) >= shortest:
                break
    text = " ".join(text.split())
    return _word_cut(text, limit) if text else None
