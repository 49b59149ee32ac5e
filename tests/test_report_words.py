"""Members' words in the report-back: Markdown rendered in every format, excerpts cut at a
sentence with a pointer to the rest, lessons from the template's section, names not ids."""

from __future__ import annotations

import json
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from markdown_it import MarkdownIt

from copkit.render import words
from copkit.services.words import excerpt, lesson
from tests.conftest import Run

CHALLENGE = """\
title: Words month
start: 2026-11-01
days:
  - {day: 1, kind: learn, title: Time the pipeline, prompt: Time it., minutes: 10}
  - {day: 2, kind: practice, title: Cut a step, prompt: Cut., minutes: 20}
  - {day: 3, kind: reflect, title: Look back, prompt: Think., minutes: 10}
pairs:
  - [alice-martin, bob-lee]
"""

# What `journal add` saves from the editor template: the three questions answered.
TEMPLATE_ENTRY = """\
### What did I do?

Timed our **CI critical path**: the *integration* stage takes `9 min` of 12.

### What did I learn?

- Caching the dependencies saves 3 minutes a run.
- Nobody filters on the path label.

<script>alert(1)</script>

### What next?

Split the integration stage.
"""

LONG_ENTRY = (
    "Exported a month of alerts: 1,146 notifications. The top one fired 212 times and nobody "
    "acted on it. "
    + "Most of the rest were duplicates from three old checks that nobody owns any more. " * 6
    + "\n\nThe second paragraph says what we will do about it."
)


def _entry(day: int, body: str) -> str:
    return f"---\ndate: 2026-11-{day:02d}\nstatus: done\nhighlight: true\n---\n{body}"


@pytest.fixture
def words_month(ws: Path) -> Path:
    (ws / "challenges" / "words-month.yaml").write_text(CHALLENGE)
    for member, entries in {
        "alice-martin": {1: TEMPLATE_ENTRY, 2: LONG_ENTRY},
        "bob-lee": {1: "Plain words. Bob read the docs and liked them a lot.\n"},
    }.items():
        folder = ws / "journals" / "words-month" / member
        folder.mkdir(parents=True)
        (folder / "plan.md").write_text("---\njoined: 2026-10-20\n---\n")
        for day, body in entries.items():
            (folder / f"day-{day:02d}.md").write_text(_entry(day, body))
    return ws


def _report(run: Run, fmt: str, *more: str) -> str:
    r = run("challenge", "report", "words-month", "--format", fmt, *more)
    assert r.exit_code == 0, r.output
    return r.stdout


# ---- 1. the entry's Markdown, rendered -------------------------------------------------------


def test_terminal_renders_headings_lists_and_emphasis(words_month: Path, run: Run) -> None:
    text = _report(run, "terminal")
    lines = [line.strip() for line in text.splitlines()]
    assert "What did I do?" in lines  # a heading on its own line, not run into the text
    assert "**" not in text and "`9 min`" not in text
    assert any(
        line.startswith("Timed our CI critical path: the integration stage") for line in lines
    )
    assert "• Caching the dependencies saves 3 minutes a run." in lines
    assert "• Nobody filters on the path label." in lines


def test_html_renders_the_markdown_safely(words_month: Path, run: Run) -> None:
    page = _report(run, "html")
    assert "<h4>What did I do?</h4>" in page  # demoted under the page's own h2
    assert not re.search(r"<h[1-3]>What did I", page)
    assert "<strong>CI critical path</strong>" in page
    assert "<em>integration</em>" in page and "<code>9 min</code>" in page
    assert "<li>Caching the dependencies saves 3 minutes a run.</li>" in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page  # raw HTML is text

    class Tags(HTMLParser):
        seen: list[str] = []  # noqa: RUF012

        def handle_starttag(self, tag: str, attrs: object) -> None:
            self.seen.append(tag)

    parser = Tags()
    parser.feed(page)
    assert "script" not in parser.seen


def test_markdown_report_keeps_the_markdown_with_demoted_headings(
    words_month: Path, run: Run
) -> None:
    doc = _report(run, "markdown")
    assert "**CI critical path**" in doc and "\\*\\*" not in doc
    tokens = MarkdownIt("commonmark", {"html": True}).parse(doc)
    heads = {tokens[i + 1].content: t.tag for i, t in enumerate(tokens) if t.type == "heading_open"}
    assert heads["Highlights"] == "h2"
    assert heads["What did I do?"] == "h4"
    assert heads["What did I learn?"] == "h4"
    assert not [t for t in tokens if t.type in ("html_block", "html_inline")]
    html = MarkdownIt("commonmark", {"html": True}).render(doc)
    assert "<li>Caching the dependencies saves 3 minutes a run.</li>" in html
    assert "<script>" not in html


def test_what_we_learned_comes_from_the_learn_section(words_month: Path, run: Run) -> None:
    for fmt in ("terminal", "markdown", "html"):
        text = _report(run, fmt)
        closing = text[text.index("What we learned") :]
        assert "Caching the dependencies saves 3 minutes a run." in closing, fmt
        assert "Timed our" not in closing, fmt  # what was done is not a lesson
        assert "Plain words." in closing, fmt  # free text offers its opening sentences


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        pytest.param(TEMPLATE_ENTRY, "Caching the dependencies saves 3 minutes a run.", id="list"),
        pytest.param(
            "### What did I do?\n\nRan it.\n\n### What did I learn?\n\nThat **p99** lies less "
            "than the mean. It also costs more to keep.\n",
            "That **p99** lies less than the mean. It also costs more to keep.",
            id="sentences",
        ),
        pytest.param("### What did I do?\n\nRan it.\n\n### What next?\n\nMore.\n", None, id="none"),
        pytest.param(
            "## Notes\n\nFree text, a whole idea. Second sentence here.\n",
            "Free text, a whole idea. Second sentence here.",
            id="free-text",
        ),
    ],
)
def test_lesson(body: str, expected: str | None) -> None:
    assert lesson(body) == expected


# ---- 2. cut at a boundary, with a pointer and --full ---------------------------------------


def test_a_long_highlight_ends_at_a_sentence_and_points_to_the_rest(
    words_month: Path, run: Run
) -> None:
    data = json.loads(_report(run, "json"))
    long = next(h for h in data["highlights"] if h["day"] == 2)
    assert long["cut"] is True
    assert long["excerpt"].endswith("nobody owns any more.")
    assert LONG_ENTRY.startswith(long["excerpt"])
    assert long["path"] == "journals/words-month/alice-martin/day-02.md"
    pointer = "(more in journals/words-month/alice-martin/day-02.md, or with --full)"
    for fmt in ("terminal", "markdown", "html"):
        flat = " ".join(_report(run, fmt).split())
        assert pointer in flat, fmt
        assert "The second paragraph" not in flat, fmt
        whole = " ".join(_report(run, fmt, "--full").split())
        assert "The second paragraph says what we will do about it." in whole, fmt
        assert "(more in" not in whole, fmt


def _sentence() -> st.SearchStrategy[str]:
    word = st.text("abcdefghij", min_size=1, max_size=9)
    return st.lists(word, min_size=1, max_size=12).map(lambda ws: " ".join(ws).capitalize() + ".")


@settings(max_examples=60, deadline=None)
@given(
    st.lists(st.lists(_sentence(), min_size=1, max_size=8).map(" ".join), min_size=1, max_size=5),
    st.integers(20, 400),
)
def test_an_excerpt_never_ends_inside_a_sentence(paragraphs: list[str], limit: int) -> None:
    body = "\n\n".join(paragraphs) + "\n"
    cut = excerpt(body, limit)
    flat_body, flat = " ".join(body.split()), " ".join(cut.text.split())
    assert flat_body.startswith(flat.rstrip("…"))
    assert cut.cut == (flat != flat_body)
    first = paragraphs[0].split(". ")[0] + "."
    if len(first) <= 2 * limit:
        assert flat.endswith("."), flat  # a whole sentence, never a word cut
        assert len(flat) <= max(limit, len(first) + 1) + 2


# ---- 3. names where a person reads, ids in JSON ---------------------------------------------


def test_reports_name_members_and_json_keeps_ids(words_month: Path, run: Run) -> None:
    for fmt in ("terminal", "markdown", "html"):
        text = _report(run, fmt)
        assert "Alice Martin" in text and "Bob Lee" in text, fmt
        assert "alice-martin" not in text.replace("journals/words-month/alice-martin", ""), fmt
        assert "bob-lee" not in text, fmt
    data = json.loads(_report(run, "json"))
    assert {h["member"] for h in data["highlights"]} == {"alice-martin", "bob-lee"}
    assert data["pairs"][0]["members"] == ["alice-martin", "bob-lee"]


def test_a_member_without_a_readable_file_shows_the_id(words_month: Path, run: Run) -> None:
    (words_month / "members" / "bob-lee.yaml").write_text("name: [broken\n")
    text = _report(run, "markdown")
    assert "Alice Martin" in text and "bob-lee" in text


# ---- the building blocks: any text ----------------------------------------------------------

TEXT = st.text(
    alphabet=st.sampled_from(list("#<>/`*_-=![]()&;:abc XY\n")) | st.characters(codec="utf-8"),
    max_size=120,
)
PARSER = MarkdownIt("commonmark", {"html": True})


@settings(max_examples=150, deadline=None)
@given(TEXT)
def test_markdown_words_never_carry_raw_html_or_high_headings(text: str) -> None:
    tokens = PARSER.parse(words.markdown_block(text))
    assert not [t for t in tokens if t.type in ("html_block", "html_inline")]
    assert not [t for t in tokens if t.type == "heading_open" and t.tag in ("h1", "h2", "h3")]
    page = words.html_block(text)
    assert "<script" not in page and not re.search(r"<h[1-3]\b", page)


def test_the_dashboard_names_leads_and_who_needs_a_nudge(demo: Path, run: Run) -> None:
    env = {"COPKIT_TODAY": "2026-10-04"}
    text = run("report", env=env).stdout + run("report", "--format", "markdown", env=env).stdout
    assert "Amara Okafor" in text  # the playbook's lead
    assert "Kwame Mensah silent 3 days; ask Priya Raman to check in" in text
    assert "amara-okafor" not in text
    data = json.loads(run("report", "--format", "json", env=env).stdout)
    assert {c["lead"] for c in data["charters"]} >= {"amara-okafor"}
