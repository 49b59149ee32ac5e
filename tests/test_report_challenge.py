"""copkit challenge report: SPEC section 4 figures on a hand-built month, in every format."""

from __future__ import annotations

import io
import json
from html.parser import HTMLParser
from pathlib import Path

import pytest
from markdown_it import MarkdownIt
from rich.console import Console

from tests.conftest import Run, snapshot

CHALLENGE = """\
title: Test month
domain: Testing
start: 2026-11-01
mantra: Small steps <every> day.
finish_threshold: 0.75
meetup: {date: 2026-11-12, where: Room 1}
days:
  - {day: 1, kind: learn, title: Read the docs, prompt: Read., minutes: 10}
  - {day: 2, kind: practice, title: Write a test, prompt: Write., minutes: 20}
  - {day: 3, kind: balance, title: Take a walk, prompt: Walk., minutes: 30}
  - {day: 4, kind: reflect, title: Look back, prompt: Think., minutes: 10}
  - {day: 5, kind: learn, title: Read the code, prompt: Read., minutes: 10}
  - {day: 6, kind: practice, title: Refactor one function, prompt: Do., minutes: 20}
  - {day: 7, kind: balance, title: Log off early, prompt: Rest., minutes: 5}
  - {day: 8, kind: reflect, title: Write to yourself, prompt: Write., minutes: 10}
pairs:
  - [alice-martin, bob-lee]
  - [carol-diaz, dan-wu]
"""

SCRIPT = "<script>alert(1)</script>"

# member -> day -> (status, minutes, mood, tags, highlight, checkin, body)
ENTRIES: dict[str, dict[int, tuple]] = {
    "alice-martin": {
        1: ("done", 10, 4, ["ci"], False, False, ""),
        2: (
            "done",
            20,
            5,
            ["ci", "docker"],
            True,
            False,
            f"Alice learned that {SCRIPT} stays text.\n\nSecond   paragraph | with a pipe.",
        ),
        3: ("done", 30, 3, [], False, False, ""),
        4: ("done", None, None, [], False, True, ""),
        5: ("done", 15, 4, ["docker"], False, False, ""),
        6: ("done", 25, 4, [], False, False, ""),
        7: ("partial", 5, 2, [], False, False, ""),
        8: ("done", 40, 5, [], True, True, "Finished the month. Then " + "word " * 80),
    },
    "bob-lee": {
        1: ("done", 20, 3, ["ci"], False, False, ""),
        2: ("skipped", None, None, [], False, False, ""),
        3: ("done", 10, 4, [], False, True, ""),
        4: ("done", 10, None, [], False, False, ""),
        5: ("done", 10, None, [], False, False, ""),
        7: ("done", 10, 1, [], False, False, ""),
        8: ("partial", 10, 3, [], True, False, "Bob kept going."),
    },
    "carol-diaz": {
        1: ("done", 30, 5, ["k8s"], False, False, ""),
        2: ("done", 30, 4, ["k8s", "ci"], True, False, "Carol: pods & nodes."),
        3: ("partial", 15, None, [], False, False, ""),
    },
    # dan-wu joined, wrote one entry, and left: not a participant
    "dan-wu": {1: ("done", 60, 1, ["ci"], True, False, "Dan's words.")},
}


def _entry(day: int, status: str, minutes, mood, tags, highlight, checkin, body) -> str:
    lines = ["---", f"date: 2026-11-{day:02d}", f"status: {status}"]
    if minutes is not None:
        lines.append(f"minutes: {minutes}")
    if mood is not None:
        lines.append(f"mood: {mood}")
    if tags:
        lines.append(f"tags: [{', '.join(tags)}]")
    if highlight:
        lines.append("highlight: true")
    if checkin:
        lines.append("partner_checkin: true")
    return "\n".join([*lines, "---", body]) + "\n"


@pytest.fixture
def month(ws: Path) -> Path:
    return write_month(ws)


def write_month(ws: Path) -> Path:
    """The hand-built month: 5 members, 3 participants, one who left, one who never joined."""
    for member, name in (("dan-wu", "Dan Wu"), ("erin-kim", "Erin Kim")):
        (ws / "members" / f"{member}.yaml").write_text(f"name: {name}\n")
    (ws / "challenges" / "test-month.yaml").write_text(CHALLENGE)
    for member, days in ENTRIES.items():
        d = ws / "journals" / "test-month" / member
        d.mkdir(parents=True)
        left = "2026-11-03" if member == "dan-wu" else "null"
        (d / "plan.md").write_text(f"---\njoined: 2026-10-20\nleft: {left}\n---\nMy plan.\n")
        for day, fields in days.items():
            (d / f"day-{day:02d}.md").write_text(_entry(day, *fields))
    return ws


def report_json(run: Run, *args: str, env: dict[str, str] | None = None) -> dict:
    r = run("challenge", "report", "test-month", "--format", "json", *args, env=env)
    assert r.exit_code == 0, r.output
    return json.loads(r.stdout)


def test_json_figures_match_the_hand_built_month(month: Path, run: Run) -> None:
    data = report_json(run)
    expected_days = [
        (1, "learn", "Read the docs", 3, 0, 0),
        (2, "practice", "Write a test", 2, 0, 1),
        (3, "balance", "Take a walk", 2, 1, 0),
        (4, "reflect", "Look back", 2, 0, 0),
        (5, "learn", "Read the code", 2, 0, 0),
        (6, "practice", "Refactor one function", 1, 0, 0),
        (7, "balance", "Log off early", 1, 1, 0),
        (8, "reflect", "Write to yourself", 1, 1, 0),
    ]
    keys = ("day", "kind", "title", "done", "partial", "skipped")
    assert data["days"] == [dict(zip(keys, d, strict=True)) for d in expected_days]
    spec = {
        "challenge": "test-month",
        "title": "Test month",
        "length": 8,
        "members": 5,
        "participants": 3,
        "participation_rate": 0.6,
        "entries": {"done": 14, "partial": 3, "skipped": 1},
        "minutes_total": 290,
        "finishers": ["alice-martin", "bob-lee"],
        "longest_streaks": [
            {"member": "alice-martin", "streak": 8},
            {"member": "bob-lee", "streak": 3},
            {"member": "carol-diaz", "streak": 3},
        ],
        "mood_by_day": [
            {"day": 1, "mean": 4.0},
            {"day": 2, "mean": 4.5},
            {"day": 3, "mean": 3.5},
            {"day": 5, "mean": 4.0},
            {"day": 6, "mean": 4.0},
            {"day": 7, "mean": 1.5},
            {"day": 8, "mean": 4.0},
        ],
        "checkins": 3,
        "pairs": [
            {"members": ["alice-martin", "bob-lee"], "completion": 0.875},
            {"members": ["carol-diaz", "dan-wu"], "completion": 0.25},
        ],
        "tags": [
            {"tag": "ci", "count": 4},
            {"tag": "docker", "count": 2},
            {"tag": "k8s", "count": 2},
        ],
    }
    for key, value in spec.items():
        assert data[key] == value, key
    assert [(h["member"], h["day"]) for h in data["highlights"]] == [
        ("alice-martin", 2),
        ("carol-diaz", 2),
        ("alice-martin", 8),
        ("bob-lee", 8),
    ]
    # additions beyond SPEC section 4
    assert data["provisional"] is False
    assert data["minutes_median"] == 15.0
    assert data["kept_going"] == ["alice-martin", "bob-lee"]
    assert data["by_kind"][0] == {
        "kind": "learn",
        "days": 2,
        "done": 5,
        "partial": 0,
        "skipped": 0,
        "rate": round(5 / 6, 3),
        "mood": 4.0,
    }


def test_json_field_names_follow_spec_section_4(month: Path, run: Run) -> None:
    data = report_json(run)
    spec_keys = [
        "challenge",
        "title",
        "length",
        "members",
        "participants",
        "participation_rate",
        "entries",
        "minutes_total",
        "finishers",
        "longest_streaks",
        "days",
        "mood_by_day",
        "checkins",
        "pairs",
        "highlights",
        "tags",
    ]
    assert list(data)[: len(spec_keys)] == spec_keys
    assert set(data["entries"]) == {"done", "partial", "skipped"}
    assert set(data["longest_streaks"][0]) == {"member", "streak"}
    assert set(data["days"][0]) == {"day", "kind", "title", "done", "partial", "skipped"}
    assert set(data["mood_by_day"][0]) == {"day", "mean"}
    assert set(data["pairs"][0]) == {"members", "completion"}
    # SPEC's three, plus where the rest of a cut excerpt is (docs/reports.md)
    assert set(data["highlights"][0]) == {"member", "day", "excerpt", "cut", "path"}
    assert set(data["tags"][0]) == {"tag", "count"}


def test_excerpts_keep_the_markdown_and_end_at_a_sentence(month: Path, run: Run) -> None:
    highlights = report_json(run)["highlights"]
    assert highlights[0]["excerpt"] == (
        f"Alice learned that {SCRIPT} stays text.\n\nSecond   paragraph | with a pipe."
    )
    assert highlights[0]["cut"] is False
    long = highlights[2]["excerpt"]
    assert long == "Finished the month."  # the 400-character sentence after it is left out
    assert highlights[2]["cut"] is True
    assert highlights[2]["path"] == "journals/test-month/alice-martin/day-08.md"
    whole = report_json(run, "--full")["highlights"][2]
    assert whole["excerpt"] == "Finished the month. Then " + " ".join(["word"] * 80)
    assert whole["cut"] is False


def test_mid_month_report_is_provisional_and_counts_days_so_far(month: Path, run: Run) -> None:
    data = report_json(run, env={"COPKIT_TODAY": "2026-11-04"})
    assert data["provisional"] is True
    assert data["elapsed"] == 4
    assert data["entries"] == {"done": 9, "partial": 1, "skipped": 1}
    assert [d["done"] for d in data["days"][4:]] == [0, 0, 0, 0]
    assert [(h["member"], h["day"]) for h in data["highlights"]] == [
        ("alice-martin", 2),
        ("carol-diaz", 2),
    ]
    r = run("challenge", "report", "test-month", env={"COPKIT_TODAY": "2026-11-04"})
    assert "Provisional. Day 4 of 8; the figures will change until the last day" in r.stdout


def test_minutes_nobody_recorded_read_as_none_not_as_zero(month: Path, run: Run) -> None:
    files = {f: f.read_text() for f in (month / "journals" / "test-month").glob("*/day-*.md")}
    for f, text in files.items():
        f.write_text("".join(ln for ln in text.splitlines(True) if not ln.startswith("minutes:")))
    env = {"COPKIT_TODAY": "2026-11-04"}
    data = report_json(run, env=env)
    assert (data["minutes_total"], data["minutes_median"]) == (0, None)  # JSON keeps the figures
    terminal = run("challenge", "report", "test-month", env=env).stdout
    assert "Minutes       none recorded yet" in terminal
    assert "0 in total" not in terminal
    markdown = run("challenge", "report", "test-month", "--format", "markdown", env=env).stdout
    assert "| Minutes | none recorded yet |" in markdown
    html = run("challenge", "report", "test-month", "--format", "html", env=env).stdout
    assert '<span class="n">&ndash;</span><span class="what">minutes: none recorded yet' in html
    for f, text in files.items():  # with minutes: the total and the median, as before
        f.write_text(text)
    terminal = run("challenge", "report", "test-month").stdout
    assert "Minutes       290 in total · median 15 per entry" in terminal


def test_a_report_before_the_start_says_nothing_yet(month: Path, run: Run) -> None:
    data = report_json(run, env={"COPKIT_TODAY": "2026-10-25"})
    assert data["provisional"] is True
    assert data["elapsed"] == 0
    assert data["entries"] == {"done": 0, "partial": 0, "skipped": 0}
    r = run("challenge", "report", "test-month", env={"COPKIT_TODAY": "2026-10-25"})
    assert "Provisional. The challenge starts on 2026-11-01; nothing to report yet." in r.stdout
    assert "Nothing to report before the first day, 2026-11-01; 3 joined so far." in r.stdout
    assert "Day by day" not in r.stdout


def test_challenge_with_nobody_joined(ws: Path, run: Run) -> None:
    (ws / "challenges" / "test-month.yaml").write_text(CHALLENGE)
    data = report_json(run)
    assert (data["participants"], data["participation_rate"], data["finishers"]) == (0, 0.0, [])
    assert data["pairs"][0]["completion"] == 0.0
    r = run("challenge", "report", "test-month")
    assert "Nobody has joined yet" in r.stdout


def test_bad_journal_file_is_skipped_and_counted(month: Path, run: Run) -> None:
    bad = month / "journals" / "test-month" / "carol-diaz" / "day-04.md"
    bad.write_text("---\nstatus: [done\n---\n")
    (month / "journals" / "test-month" / "erin-kim").mkdir()
    (month / "journals" / "test-month" / "erin-kim" / "plan.md").write_text("---\nlevel: x\n---\n")
    r = run("challenge", "report", "test-month", "--format", "json")
    assert r.exit_code == 0
    data = json.loads(r.stdout)
    assert data["entries"] == {"done": 14, "partial": 3, "skipped": 1}
    assert data["participants"] == 3
    assert r.stderr == (
        "warning: left out 2 files that cannot be read: "
        "journals/test-month/carol-diaz/day-04.md, journals/test-month/erin-kim/plan.md; "
        "run `copkit check` to see why\n"
    )


REFUSALS = [
    pytest.param(
        ["challenge", "report", "nope"],
        "no challenge 'nope' (challenges/nope.yaml does not exist)",
        id="unknown",
    ),
    pytest.param(
        ["challenge", "report", "../x"], "'../x' is not a valid challenge id", id="not-a-slug"
    ),
    pytest.param(
        ["challenge", "report", "test-month", "--output", "copkit.yaml"],
        "copkit.yaml already exists; use --force to replace it",
        id="output-exists",
    ),
]


@pytest.mark.parametrize(("args", "message"), REFUSALS)
def test_refusals_change_nothing(month: Path, run: Run, args: list[str], message: str) -> None:
    before = snapshot(month.parent)
    r = run(*args)
    assert r.exit_code == 1
    assert message in r.stderr
    assert "Traceback" not in r.output
    assert snapshot(month.parent) == before


def test_unknown_format_is_a_usage_error(month: Path, run: Run) -> None:
    r = run("challenge", "report", "test-month", "--format", "pdf")
    assert r.exit_code == 2


@pytest.mark.parametrize("fmt", ["terminal", "markdown", "json", "html"])
def test_output_writes_the_file_and_says_so(month: Path, run: Run, fmt: str) -> None:
    r = run("challenge", "report", "test-month", "--format", fmt, "--output", f"reports/r.{fmt}")
    assert r.exit_code == 0, r.output
    assert r.stdout == ""
    assert r.stderr == f"Wrote reports/r.{fmt}\n"
    text = (month / "reports" / f"r.{fmt}").read_text()
    assert "Test month" in text
    assert text.endswith("\n")
    again = run("challenge", "report", "test-month", "-f", fmt, "-o", f"reports/r.{fmt}", "--force")
    assert again.exit_code == 0
    assert (month / "reports" / f"r.{fmt}").read_text() == text  # deterministic


# ---- Markdown -----------------------------------------------------------------------------


def test_markdown_parses_back_with_headings_and_tables(month: Path, run: Run) -> None:
    r = run("challenge", "report", "test-month", "--format", "markdown")
    assert r.exit_code == 0
    tokens = MarkdownIt("commonmark", {"html": True}).enable("table").parse(r.stdout)
    headings = [tokens[i + 1].content for i, t in enumerate(tokens) if t.type == "heading_open"]
    assert headings == [
        "Test month: report-back",
        "Headline",
        "Day by day",
        "Mood over the month",
        "What resonated",
        "Results by kind",
        "Streaks",
        "Accountability partners",
        "Top tags",
        "Highlights",
        "What we learned",
        "For the meetup",
    ]
    assert sum(t.type == "table_open" for t in tokens) == 5
    # the day-by-day table has one row per day, every row with all its cells
    rows = _table_rows(tokens, 1)
    assert len(rows) == 9
    assert rows[0][:4] == ["Day", "Date", "Kind", "Activity"]
    assert rows[2][:8] == ["2", "Mon 02 Nov", "practice", "Write a test", "2", "0", "1", "67%"]
    # user text stays text: no raw HTML reaches the renderer, pipes do not split cells
    assert not [t for t in tokens if t.type in ("html_block", "html_inline")]
    inline = [t.content for t in tokens if t.type == "inline"]
    html = MarkdownIt("commonmark", {"html": True}).enable("table").render(r.stdout)
    assert "<script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "Second   paragraph | with a pipe." in inline  # the member's own Markdown


def _table_rows(tokens: list, index: int) -> list[list[str]]:
    """The cells of the index-th table (0-based) as text."""
    tables = [i for i, t in enumerate(tokens) if t.type == "table_open"]
    rows: list[list[str]] = []
    i = tables[index]
    while tokens[i].type != "table_close":
        if tokens[i].type == "tr_open":
            rows.append([])
        if tokens[i].type == "inline":
            rows[-1].append(tokens[i].content)
        i += 1
    return rows


# ---- HTML ---------------------------------------------------------------------------------


class _Page(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[str] = []
        self.attrs: list[tuple[str, str | None]] = []
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)
        self.attrs += attrs

    def handle_data(self, data: str) -> None:
        self.text.append(data)


def test_html_is_self_contained_and_escapes_user_text(month: Path, run: Run) -> None:
    r = run("challenge", "report", "test-month", "--format", "html")
    assert r.exit_code == 0
    page = r.stdout
    for external in ("http", "src=", "<link", "url(", "@import", "<script"):
        assert external not in page, external
    parsed = _Page()
    parsed.feed(page)
    assert "script" not in parsed.tags
    assert {"style", "svg", "table", "blockquote"} <= set(parsed.tags)
    assert not [v for k, v in parsed.attrs if k in ("href", "src", "action")]
    text = "".join(parsed.text)
    assert f"Alice learned that {SCRIPT} stays text." in text  # shown as text, not run
    assert "“Small steps <every> day.”" in text
    assert "Provisional" not in text
    assert page.startswith("<!DOCTYPE html>")


def test_html_chart_has_one_bar_group_per_day(month: Path, run: Run) -> None:
    page = run("challenge", "report", "test-month", "--format", "html").stdout
    chart = page[page.index("<svg") : page.index("</svg>")]
    assert chart.count("<g><title>") == 8
    assert "Day 2 (practice): Write a test: 2 done, 0 partial, 1 skipped of 3" in chart


# ---- terminal -----------------------------------------------------------------------------


@pytest.mark.parametrize("width", [80, 160])
def test_terminal_fits_the_width_and_cuts_nothing(month: Path, width: int) -> None:
    from copkit.render.report_terminal import print_challenge

    report = _report(month)
    console = Console(width=width, record=True, color_system=None, file=io.StringIO())
    print_challenge(console, report)
    text = console.export_text()
    assert max(len(line) for line in text.splitlines()) <= width
    flat = " ".join(text.split())
    for day in report.days:
        assert day.title and day.title in flat, day.title
    for heading in ("Headline", "Day by day", "What resonated", "Streaks", "For the meetup"):
        assert heading in text
    assert "3 of 5 members (60%); taking part is optional, and not everyone did" in flat


def _report(root: Path):  # type: ignore[no-untyped-def]
    from datetime import date

    from copkit.services.reports import build_challenge_report, highlight_keys
    from copkit.storage.journals import load_journals, read_body
    from copkit.storage.workspace import Workspace

    ws = Workspace(root)
    ch = ws.challenge("test-month")
    data = load_journals(ws, "test-month", ch)
    today = date(2026, 11, 28)
    keys = highlight_keys(ch, data.participants(), data.entries, today)
    bodies = {k: read_body(ws, "test-month", k[0], k[1], ch.length) or "" for k in keys}
    return build_challenge_report(
        "test-month",
        ch,
        members=len(ws.members()),
        participants=data.participants(),
        entries=data.entries,
        bodies=bodies,
        today=today,
    )


def test_only_highlighted_bodies_are_read(
    month: Path, monkeypatch: pytest.MonkeyPatch, run: Run
) -> None:
    import copkit.storage.journals as journals

    read: list[tuple[str, int]] = []
    real_walked, real_read = journals._walked_body, journals.read_body

    def spy(path: str, rel: str) -> str | None:  # journals/<challenge>/<member>/day-NN.md
        _, _, member, name = rel.split("/")
        read.append((member, int(name[4:6])))
        return real_walked(path, rel)

    def spy_read(ws, challenge, member, day, length):  # type: ignore[no-untyped-def]
        read.append((member, day))
        return real_read(ws, challenge, member, day, length)

    monkeypatch.setattr(journals, "_walked_body", spy)
    monkeypatch.setattr(journals, "read_body", spy_read)
    assert run("challenge", "report", "test-month", "--format", "json").exit_code == 0
    assert sorted(read) == [
        ("alice-martin", 2),
        ("alice-martin", 8),
        ("bob-lee", 8),
        ("carol-diaz", 2),
    ]


def test_the_meetup_questions_count_in_words(month: Path) -> None:
    """One member away and a tag met once read '1 member' and '1 entry', never '1 members'."""
    from dataclasses import replace

    report = _report(month)
    one = replace(report, members=report.participants + 1, tags=[("ci", 1)])
    questions = " ".join(one.questions)
    assert "1 member did not take part" in questions
    assert "(1 entry)" in questions
    many = replace(report, members=report.participants + 2, tags=[("ci", 2)])
    assert "2 members did not take part" in " ".join(many.questions)
    assert "(2 entries)" in " ".join(many.questions)
