"""Members' words on their way into a report: the one place their Markdown enters render.

Each format renders the Markdown as Markdown: Rich Markdown in the terminal, markdown-it
with raw HTML disabled in the HTML page, and the Markdown itself in Markdown reports. In
every format an entry's headings are demoted under the report's own, and raw HTML stays
text. markdown-it is imported only here, by the commands that render words.
"""

from __future__ import annotations

import re
from functools import cache
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from markdown_it import MarkdownIt
    from markdown_it.token import Token
    from rich.console import RenderableType

# A heading's hashes, after whatever holds it (a quote marker, a list item).
_ATX = re.compile(r"^((?:[ \t]*>)*[ \t]*(?:(?:[-+*]|\d{1,9}[.)])[ \t]+)?)(#{1,6})(?=[ \t]|$)")
# What would open raw HTML in Markdown: `<` before a tag name, `/`, `!` or `?`.
_TAG_OPEN = re.compile(r"<(?=[A-Za-z/!?])")
_CODE_SPAN = re.compile(r"(`+)(?:.+?)(?<!`)\1(?!`)")


@cache
def _parser() -> MarkdownIt:
    """CommonMark with tables and strikethrough; raw HTML is text, links are checked."""
    from markdown_it import MarkdownIt

    md = MarkdownIt("commonmark", {"html": False, "typographer": False})
    md.enable(["table", "strikethrough"])
    md.add_render_rule("image", _image_as_link)
    return md


def _image_as_link(
    self: object, tokens: list[Token], idx: int, options: object, env: object
) -> str:
    """An image becomes a link to it: the page stays self-contained, nothing is fetched."""
    from html import escape

    token = tokens[idx]
    src = str(token.attrGet("src") or "")
    alt = "".join(c.content for c in token.children or []) or src
    return f'<a href="{escape(src, quote=True)}">{escape(alt)}</a>'


def demote(text: str, top: int) -> str:
    """The Markdown with its headings moved down so that the highest is level `top` (at most
    6): an entry's `# Notes` sits under the report's own headings, never beside them."""
    tokens = _parser().parse(text)
    heads = [t for t in tokens if t.type == "heading_open" and t.map]
    if not heads:
        return text
    shift = max(0, top - min(int(t.tag[1]) for t in heads))
    if not shift:
        return text
    lines = text.split("\n")
    for t in reversed(heads):
        assert t.map is not None
        start, end = t.map
        level = min(6, int(t.tag[1]) + shift)
        if t.markup.startswith("#"):
            lines[start] = _ATX.sub(rf"\g<1>{'#' * level}", lines[start], count=1)
        elif not lines[start].lstrip().startswith((">", "-", "+", "*")):  # setext: make it ATX
            content = " ".join(line.strip() for line in lines[start : end - 1])
            lines[start:end] = [f"{'#' * level} {content}"]
    return "\n".join(lines)


def _code_lines(text: str) -> set[int]:
    """The lines of fenced and indented code, where `<` is already text."""
    from markdown_it import MarkdownIt

    tokens = MarkdownIt("commonmark").parse(text)
    return {i for t in tokens if t.type in ("fence", "code_block") and t.map for i in range(*t.map)}


def _no_html(line: str) -> str:
    """`<` escaped where it would open raw HTML, except inside code spans."""
    out, last = [], 0
    for m in _CODE_SPAN.finditer(line):
        out.append(_TAG_OPEN.sub(r"\\<", line[last : m.start()]))
        out.append(m.group(0))
        last = m.end()
    out.append(_TAG_OPEN.sub(r"\\<", line[last:]))
    return "".join(out)


def markdown_block(text: str, top: int = 4) -> str:
    """A member's Markdown for a Markdown report: the Markdown itself, headings from level
    `top` down, and raw HTML escaped so that it shows as text wherever the report is read."""
    text = demote(text, top)
    code = _code_lines(text)
    return "\n".join(
        line if i in code else _no_html(line) for i, line in enumerate(text.split("\n"))
    )


def markdown_inline(text: str) -> str:
    """A line of a member's Markdown (a lesson) for a Markdown report: one line, no raw HTML."""
    return _no_html(" ".join(text.split()))


def html_block(text: str, top: int = 4) -> str:
    """A member's Markdown as HTML: headings from `<h{top}>` down, raw HTML shown as text."""
    return str(_parser().render(demote(text, top)))


def html_inline(text: str) -> str:
    """A line of a member's Markdown as inline HTML (emphasis, code, links)."""
    return str(_parser().renderInline(" ".join(text.split())))


def terminal(text: str, top: int = 4) -> RenderableType:
    """A member's Markdown for Rich: headings demoted, lists and emphasis rendered.

    Rich Markdown never reads Rich markup in the text (`[red]` stays `[red]`), so the words
    need no escaping here; a sanitiser for control characters belongs at this same spot.
    """
    from rich.markdown import Markdown

    return Markdown(demote(text, top), hyperlinks=False)
