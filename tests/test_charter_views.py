"""charter list, show and summary (on the demo community), JSON contracts, and comments kept."""

from __future__ import annotations

import difflib
import json
import re
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from markdown_it import MarkdownIt

from tests.conftest import Run, Width, snapshot
from tests.test_charter_support import COMMENTED, copy_demo_charters, write_charter

DEMO = [
    "chaos-game-days",
    "food-bank-pipeline",
    "incident-review-case-study",
    "onboarding-playbook",
]
LIST_FIELDS = [
    "charter",
    "title",
    "kind",
    "status",
    "lead",
    "team_size",
    "hours_per_week",
    "next_report_due",
    "overdue",
    "open_seats",
    "signups",
]
CHARTER_FIELDS = [
    "title",
    "kind",
    "status",
    "issue",
    "goal",
    "scope",
    "origin",
    "beneficiary",
    "source_project",
    "team",
    "volunteers_wanted",
    "sponsor",
    "timeline",
    "reporting",
    "deliverables",
    "success_criteria",
    "risks",
    "history",
    "reports",
    "findings",
]
ANSI = re.compile(r"\x1b\[[0-9;]*m")


@pytest.fixture
def demo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The demo community's members and charters (journals left out: not needed here)."""
    root = copy_demo_charters(tmp_path / "demo")
    monkeypatch.chdir(root)
    return root


# ---- list -------------------------------------------------------------------------------------


def test_list_json_on_the_demo(demo: Path, run: Run) -> None:
    r = run("charter", "list", "--json", env={"COPKIT_TODAY": "2026-12-05"})
    assert r.exit_code == 0, r.output
    rows = json.loads(r.stdout)
    assert [list(row) for row in rows] == [LIST_FIELDS] * 4
    assert [row["charter"] for row in rows] == DEMO
    by_id = {row["charter"]: row for row in rows}
    assert by_id["onboarding-playbook"] == {
        "charter": "onboarding-playbook",
        "title": "DevOps onboarding playbook",
        "kind": "practice-development",
        "status": "active",
        "lead": "amara-okafor",
        "team_size": 3,
        "hours_per_week": 7,
        "next_report_due": "2026-12-01",
        "overdue": True,
        "open_seats": 1,
        "signups": [],
    }
    assert by_id["food-bank-pipeline"]["next_report_due"] == "2026-12-28"  # start + 21
    assert by_id["food-bank-pipeline"]["overdue"] is False
    assert by_id["incident-review-case-study"]["next_report_due"] is None
    assert by_id["chaos-game-days"]["next_report_due"] is None
    assert r.stderr == ""


def test_list_status_filter(demo: Path, run: Run) -> None:
    rows = json.loads(run("charter", "list", "--status", "chartered", "--json").stdout)
    assert [row["charter"] for row in rows] == ["food-bank-pipeline"]
    r = run("charter", "list", "--status", "cancelled")
    assert r.exit_code == 0
    assert r.stdout == ""
    assert "No cancelled charters yet." in r.stderr
    r = run("charter", "list", "--status", "finished")
    assert r.exit_code == 2


@pytest.mark.parametrize("columns", [80, 120])
@pytest.mark.parametrize("fancy", [False, True], ids=["plain", "terminal"])
def test_list_table_fits_and_says_everything(
    demo: Path, run: Run, width: Width, columns: int, fancy: bool
) -> None:
    width(columns, fancy)
    r = run("charter", "list", env={"COPKIT_TODAY": "2026-12-05"})
    assert r.exit_code == 0, r.output
    text = ANSI.sub("", r.stdout)
    assert max(len(line) for line in text.splitlines()) <= columns
    assert text.splitlines()[0].startswith("4 charters on 2026-12-05, 1 report-back overdue")
    for cid in DEMO:
        assert cid in text
    for word in ["active", "chartered", "completed", "proposed", "pro bono", "case study"]:
        assert word in text
    assert "Learning from the payments" in text
    assert "3 people, 7 h/wk" in text.replace("\xa0", " ")
    assert "2026-12-01" in text
    assert "overdue" in text.split("onboarding-playbook")[1]
    if fancy:
        assert "\x1b[1;31m" in r.stdout  # overdue in red
        assert "╭" in r.stdout
    else:
        assert "\x1b[" not in r.stdout
        assert "╭" not in r.stdout


def test_list_skips_a_broken_charter_naming_its_errors(ws: Path, run: Run) -> None:
    write_charter(ws, "good", "active")
    (ws / "charters" / "bad.yaml").write_text("title: [\n")
    r = run("charter", "list", "--json")
    assert r.exit_code == 1
    assert [row["charter"] for row in json.loads(r.stdout)] == ["good"]
    lines = r.stderr.splitlines()
    assert lines[0] == "error: 1 charter file cannot be read, so the list leaves them out:"
    assert lines[1].startswith("  charters/bad.yaml:2:1: ")


def test_list_of_nothing(ws: Path, run: Run) -> None:
    assert json.loads(run("charter", "list", "--json").stdout) == []
    r = run("charter", "list")
    assert "No charters yet. Create one with: copkit charter new CHARTER" in r.stderr


# ---- show -------------------------------------------------------------------------------------


def test_show_json_is_the_file_plus_its_standing(demo: Path, run: Run) -> None:
    r = run("charter", "show", "food-bank-pipeline", "--json", env={"COPKIT_TODAY": "2026-12-05"})
    assert r.exit_code == 0, r.output
    data = json.loads(r.stdout)
    assert list(data) == [
        "charter",
        *CHARTER_FIELDS,
        "next_report_due",
        "overdue",
        "open_seats",
        "signups",
    ]
    assert (data["open_seats"], data["signups"]) == (1, [])
    assert data["charter"] == "food-bank-pipeline"
    assert data["beneficiary"] == "Riverside Community Food Bank"
    assert data["scope"]["in"][0] == "tests on every pull request"
    assert data["sponsor"]["funding"] == {
        "by": "Platform Engineering",
        "amount": 600,
        "currency": "EUR",
    }
    assert data["timeline"]["start"] == "2026-12-07"
    assert data["history"][-1] == {
        "date": "2026-11-24",
        "status": "chartered",
        "by": "ines-laurent",
    }
    assert (data["next_report_due"], data["overdue"]) == ("2026-12-28", False)


SHOWN = {
    "onboarding-playbook": [
        "DevOps onboarding playbook (onboarding-playbook)",
        "active · practice development · proposed by members",
        "Platform Engineering, 4,000 EUR",
        "Team: 3, 7 h a week, looking for volunteers (1 seat)",
        "amara-okafor",
        "2026-09-01 to 2027-01-31 (day 96 of 153, 63%)",
        "every 14 days at the fortnightly community call",
        "2026-12-01, overdue by 4 days",
        "Draft playbook reviewed by the community",
        "Report-backs: 4",
        "Make buddy time visible",  # feedback
        "Circulate the full draft",  # next steps
        "Deliverables: 1 of 4 done",
        "Success criteria",
        "Risks",
        "History",
        "Report-back overdue since 2026-12-01 (4 days)",
        "Next milestone: Draft playbook reviewed by the community (2026-12-11).",
        "Looking for volunteers (1 seat): copkit charter join onboarding-playbook",
    ],
    "food-bank-pipeline": [
        "chartered · pro bono · requested by the community",
        "Beneficiary",
        "Riverside Community Food Bank",
        "Start it when the team begins work: copkit charter start food-bank-pipeline",
        "Report-back due 2026-12-28 (in 23 days).",
    ],
    "incident-review-case-study": [
        "completed · case study · proposed by members",
        "Case study of",
        "Payments team on-call migration (2025)",
        "Findings",
        "First, an alert without an owner and a runbook should not exist.",
        "final report",
        "nothing: it is completed",
    ],
    "chaos-game-days": [
        "proposed · practice development",
        "Waiting for the community's approval: copkit charter approve chaos-game-days",
        "looking for volunteers (2 seats)",
    ],
}


@pytest.mark.parametrize("columns", [80, 120])
@pytest.mark.parametrize("fancy", [False, True], ids=["plain", "terminal"])
@pytest.mark.parametrize("cid", DEMO)
def test_show_on_the_demo_fits_and_says_everything(
    demo: Path, run: Run, width: Width, cid: str, columns: int, fancy: bool
) -> None:
    width(columns, fancy)
    r = run("charter", "show", cid, env={"COPKIT_TODAY": "2026-12-05"})
    assert r.exit_code == 0, r.output
    text = ANSI.sub("", r.stdout)
    assert max(len(line) for line in text.splitlines()) <= columns
    flat = " ".join(" ".join(line.strip(" │") for line in text.splitlines()).split())
    for phrase in SHOWN[cid]:
        assert phrase in flat, phrase
    if not fancy:
        assert "[x]" in text or "[ ]" in text  # marks survive (not taken for markup)


def test_show_does_not_take_user_text_for_markup(ws: Path, run: Run) -> None:
    (ws / "charters" / "op.yaml").write_text(
        "title: '[bold]x[/bold]'\ngoal: 'Use [red]colour[/red] and [x] marks'\n"
        "risks: ['[link=http://x]y[/link]']\n"
    )
    r = run("charter", "show", "op")
    assert r.exit_code == 0, r.output
    assert "Use [red]colour[/red] and [x] marks" in r.stdout
    assert "[link=http://x]y[/link]" in r.stdout


def test_show_an_unknown_charter(demo: Path, run: Run) -> None:
    r = run("charter", "show", "onboarding")
    assert r.exit_code == 1
    assert "did you mean 'onboarding-playbook'?" in r.stderr


# ---- summary ----------------------------------------------------------------------------------


def headings(markdown: str) -> list[tuple[str, str]]:
    tokens = MarkdownIt("commonmark").enable("table").parse(markdown)
    return [
        (tok.tag, tokens[i + 1].content)
        for i, tok in enumerate(tokens)
        if tok.type == "heading_open"
    ]


def tables(markdown: str) -> list[list[list[str]]]:
    tokens = MarkdownIt("commonmark").enable("table").parse(markdown)
    out: list[list[list[str]]] = []
    row: list[str] = []
    for i, tok in enumerate(tokens):
        if tok.type == "table_open":
            out.append([])
        elif tok.type == "tr_open":
            row = []
        elif tok.type in ("th_open", "td_open"):
            row.append(tokens[i + 1].content)
        elif tok.type == "tr_close":
            out[-1].append(row)
    return out


def test_summary_is_markdown_with_the_whole_story(demo: Path, run: Run) -> None:
    r = run("charter", "summary", "onboarding-playbook", env={"COPKIT_TODAY": "2026-12-05"})
    assert r.exit_code == 0, r.output
    md = r.stdout
    assert headings(md) == [
        ("h1", "DevOps onboarding playbook: report-back"),
        ("h2", "Where the project stands"),
        ("h2", "Milestones"),
        ("h2", "Team and hours"),
        ("h2", "Report-backs"),
        ("h3", "2026-09-29, Amara Okafor"),
        ("h3", "2026-10-20, Amara Okafor"),
        ("h3", "2026-11-03, Lucas Bernard"),
        ("h3", "2026-11-17, Amara Okafor"),
        ("h2", "Deliverables"),
        ("h2", "Findings"),
        ("h2", "History"),
    ]
    milestones, team, deliverables = tables(md)
    assert milestones[0] == ["Date", "Milestone", "Done"]
    assert milestones[1] == [
        "2026-10-16",
        "Interviews with twelve recent joiners synthesised",
        "yes",
    ]
    assert team[-1] == ["**Total**", "", "**7**"]
    assert [row[0] for row in team[1:-1]] == ["Amara Okafor", "Lucas Bernard", "Mei Chen"]
    assert deliverables[2] == ["First-week checklist", "-", "not yet"]
    assert "**Goal:** A tested playbook" in md
    assert "- **Hours committed:** 7 h a week by 3 people" in md
    assert "- **Report-backs:** 4; next due 2026-12-01 (overdue)" in md
    assert "- **Milestones:** 1 of 3 done" in md
    assert "- Interview people who left in their first year too" in md  # feedback
    assert "Not yet: the team brings its findings back when the project completes." in md
    assert md.endswith("- 2026-09-01: active (Amara Okafor)\n")


def test_summary_of_a_completed_case_study_brings_its_findings(demo: Path, run: Run) -> None:
    md = run("charter", "summary", "incident-review-case-study").stdout
    assert ("h3", "2026-08-28, Hannah Schmidt (final)") in headings(md)
    findings = md.split("## Findings\n\n")[1]
    assert findings.startswith("The payments team's migration worked")
    assert "**Case study of:** Payments team on-call migration (2025)" in md
    assert "<https://wiki.example.org/devops-cop/on-call-readiness>" in md


def test_summary_escapes_table_cells(ws: Path, run: Run) -> None:
    (ws / "charters" / "op.yaml").write_text(
        "title: T\nteam: [{member: bob-lee, role: 'a|b', hours_per_week: 1}]\n"
        "deliverables: [{name: 'x | y'}]\n"
    )
    md = run("charter", "summary", "op").stdout
    team = tables(md)[0]
    assert team[1] == ["Bob Lee", "a|b", "1"]
    assert tables(md)[1][1][0] == "x | y"


def test_summary_output_is_written_inside_the_workspace(demo: Path, run: Run) -> None:
    r = run("charter", "summary", "food-bank-pipeline", "--output", "reports/food-bank.md")
    assert r.exit_code == 0, r.output
    assert r.stdout == ""
    assert r.stderr == "Wrote reports/food-bank.md\n"
    text = (demo / "reports" / "food-bank.md").read_text()
    assert text.startswith("# CI and automated backups for Riverside Community Food Bank")
    assert "**Done for:** Riverside Community Food Bank (pro bono)" in text
    files = snapshot(demo)
    r = run("charter", "summary", "food-bank-pipeline", "--output", "reports/food-bank.md")
    assert r.exit_code == 1
    assert r.stderr.startswith("error: reports/food-bank.md already exists; use --force")
    assert snapshot(demo) == files
    r = run("charter", "summary", "food-bank-pipeline", "-o", "reports/food-bank.md", "--force")
    assert r.exit_code == 0


def test_summary_output_is_written_where_the_user_says(demo: Path, run: Run) -> None:
    """SPEC section 5: a path typed on purpose is the user's choice, from the current folder."""
    files = snapshot(demo)
    r = run("charter", "summary", "food-bank-pipeline", "--output", "../outside.md")
    assert r.exit_code == 0, r.output
    assert snapshot(demo) == files  # nothing inside the workspace changed
    assert (demo.parent / "outside.md").read_text().startswith("# ")


# ---- comments and formatting survive every change ------------------------------------------------


def test_report_join_and_status_change_keep_comments_and_untouched_lines(
    ws: Path, run: Run
) -> None:
    path = write_charter(ws, "op", "chartered")
    before = path.read_text()
    assert run("charter", "start", "op", "--by", "alice-martin").exit_code == 0
    assert run("charter", "join", "op", "--as", "carol-diaz", "--hours", "1").exit_code == 0
    assert run("charter", "set", "op").exit_code == 0  # the organiser folds the sign-up in
    r = run(
        "charter",
        "report",
        "op",
        "--summary",
        "Kick-off done.",
        "--feedback",
        "Invite leavers.",
        "--by",
        "alice-martin",
    )
    assert r.exit_code == 0, r.output
    after = path.read_text()
    diff = [
        line
        for line in difflib.ndiff(before.splitlines(), after.splitlines())
        if line[:2] in ("- ", "+ ")
    ]
    assert diff == [
        "- status: chartered",
        "+ status: active",
        "+   - {member: carol-diaz, role: member, hours_per_week: 1}",
        "- volunteers_wanted: 1",
        "+ volunteers_wanted: 0",
        "+ history:",
        "+   - {date: 2026-11-28, status: active, by: alice-martin}",
        "+ reports:",
        "+   - date: 2026-11-28",
        "+     by: alice-martin",
        "+     final: false",
        "+     summary: Kick-off done.",
        "+     feedback: [Invite leavers.]",
        "+     next: []",
    ]
    for comment in re.findall(r"#.*", COMMENTED):
        assert comment in after
    assert 'title: "DevOps onboarding playbook"   # working title\n' in after
    assert "  learning: 'DevOps CoP core group'\n" in after  # quoting kept


def test_a_minimal_file_gets_only_what_changed(ws: Path, run: Run) -> None:
    path = ws / "charters" / "op.yaml"
    path.write_text("# just an idea\ntitle: T   # to be named\n")
    r = run("charter", "cancel", "op", "--by", "bob-lee")
    assert r.exit_code == 0, r.output
    assert path.read_text() == (
        "# just an idea\ntitle: T   # to be named\nstatus: cancelled\n"
        "history:\n  - {date: 2026-11-28, status: cancelled, by: bob-lee}\n"
    )


def test_an_unchanged_result_is_not_rewritten(ws: Path, run: Run) -> None:
    write_charter(ws, "op", "active")
    files = snapshot(ws)
    r = run("charter", "join", "op", "--as", "bob-lee", "--hours", "2")  # the same commitment
    assert r.exit_code == 0
    assert r.stderr.startswith("Bob Lee already works on op as member, 2 h a week; nothing changed")
    assert snapshot(ws) == files


def test_show_a_bare_draft_says_what_it_needs(ws: Path, run: Run) -> None:
    (ws / "charters" / "op.yaml").write_text("title: Bare idea\n")
    r = run("charter", "show", "op")
    assert r.exit_code == 0, r.output
    flat = " ".join(r.stdout.split())
    assert "Bare idea (op) draft · practice development · proposed by members" in flat
    assert "nobody yet" in flat
    assert "no dates or cadence yet" in flat
    assert (
        "Before it can be proposed it needs the issue of the practice (issue:), a goal (goal:) "
        "and open seats for volunteers (volunteers_wanted:)."
    ) in flat


@settings(max_examples=150, deadline=None)
@given(name=st.text(max_size=40), role=st.text(min_size=1, max_size=20))
def test_no_user_text_breaks_a_summary_table(name: str, role: str) -> None:
    from datetime import date

    import msgspec

    from copkit.model import Charter
    from copkit.render.charters import summary_markdown

    charter = msgspec.convert(
        {
            "title": "T",
            "team": [{"member": "a", "role": role, "hours_per_week": 1}],
            "deliverables": [{"name": name}],
        },
        Charter,
    )
    md = summary_markdown("t", charter, date(2026, 12, 1), "CoP")
    team, deliverables = tables(md)
    assert [len(row) for row in team] == [3, 3, 3]
    assert [len(row) for row in deliverables] == [3, 3]
    assert deliverables[1][2] == "not yet"
    assert team[1][2] == "1"
