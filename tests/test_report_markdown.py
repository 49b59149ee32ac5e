"""The Markdown building blocks: any user text stays the same text once rendered."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st
from markdown_it import MarkdownIt

from copkit.render.report_markdown import md, md_table

PARSER = MarkdownIt("commonmark", {"html": True}).enable("table")
# Printable text with Markdown's punctuation well represented; no control characters,
# which Markdown itself replaces or drops.
TEXT = st.text(
    alphabet=st.one_of(
        st.sampled_from(list("\\`*_[]<>|#~&;-+=.)!(:/\"' 0123456789abc")),
        st.characters(categories=("L", "N", "P", "S", "Zs")),
    ),
    max_size=40,
)


def _plain(tokens: list) -> str:
    """The text a reader sees: every inline token's text children joined."""
    out = []
    for t in tokens:
        if t.type == "inline":
            out += [c.content for c in t.children or [] if c.type in ("text", "code_inline")]
    return "".join(out)


@settings(max_examples=300, deadline=None)
@given(TEXT)
def test_md_text_renders_as_itself(text: str) -> None:
    tokens = PARSER.parse(md(text) + "\n")
    assert [t.type for t in tokens if t.block and t.nesting == 1] in ([], ["paragraph_open"])
    assert not [t for t in tokens if t.type in ("html_block", "html_inline")]
    assert _plain(tokens) == " ".join(text.split())


@settings(max_examples=150, deadline=None)
@given(st.lists(TEXT, min_size=2, max_size=4))
def test_md_cells_stay_in_their_cell(cells: list[str]) -> None:
    doc = md_table([f"h{i}" for i in range(len(cells))], [[md(c) for c in cells]])
    tokens = PARSER.parse(doc + "\n")
    seen = [t for t in tokens if t.type == "td_open"]
    assert len(seen) == len(cells)
    texts = []
    for i, t in enumerate(tokens):
        if t.type == "td_open":
            inline = tokens[i + 1]
            texts.append(_plain([inline]) if inline.type == "inline" else "")
    assert texts == [" ".join(c.split()) for c in cells]
