"""Names everywhere a person reads (issue 18 item 3): charter list, show and summary, and the
progress and nudge tables show members by name; --json keeps the ids."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.conftest import Run
from tests.test_journal import join, month, write_challenge

CHARTER = """\
title: Onboarding playbook
kind: practice-development
status: active
issue: New members take months.
goal: Ship in two weeks.
team:
  - {member: alice-martin, role: lead, hours_per_week: 3}
  - {member: bob-lee, role: member, hours_per_week: 2}
timeline:
  start: 2026-11-01
reporting:
  every_days: 14
history:
  - {date: 2026-10-20, status: proposed, by: carol-diaz}
  - {date: 2026-11-01, status: active, by: alice-martin}
reports:
  - {date: 2026-11-15, by: bob-lee, summary: Interviewed six joiners.}
"""


@pytest.fixture
def charter(ws: Path) -> Path:
    (ws / "charters" / "op.yaml").write_text(CHARTER, encoding="utf-8")
    return ws


def test_charter_list_shows_the_lead_by_name(charter: Path, run: Run) -> None:
    r = run("charter", "list")
    assert r.exit_code == 0, r.output
    assert "Alice Martin" in r.stdout
    assert "alice-martin" not in r.stdout
    assert "2 people, 5 h/wk" in r.stdout
    assert json.loads(run("charter", "list", "--json").stdout)[0]["lead"] == "alice-martin"


def test_charter_show_names_people_and_gives_the_team_ids(charter: Path, run: Run) -> None:
    out = run("charter", "show", "op").stdout
    assert "Alice Martin (alice-martin)  lead" in out
    assert "Bob Lee (bob-lee)" in out
    assert "2026-11-15  Bob Lee" in out  # the report-back's author
    assert "by Carol Diaz" in out and "by carol-diaz" not in out
    shown = json.loads(run("charter", "show", "op", "--json").stdout)
    assert [t["member"] for t in shown["team"]] == ["alice-martin", "bob-lee"]


def test_charter_summary_names_people(charter: Path, run: Run) -> None:
    md = run("charter", "summary", "op").stdout
    assert "| Alice Martin | lead | 3 |" in md
    assert "| Bob Lee | member | 2 |" in md
    assert "### 2026-11-15, Bob Lee" in md
    assert "- 2026-10-20: proposed (Carol Diaz)" in md
    assert "alice-martin" not in md and "bob-lee" not in md


def test_a_member_without_a_readable_file_shows_as_the_id(charter: Path, run: Run) -> None:
    (charter / "members" / "bob-lee.yaml").write_text("name: [broken\n", encoding="utf-8")
    md = run("charter", "summary", "op").stdout
    assert "| bob-lee | member | 2 |" in md


@pytest.fixture
def dec(ws: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    write_challenge(ws, pairs=[["alice-martin", "bob-lee"]])
    join(ws, "dec", "alice-martin")
    join(ws, "dec", "bob-lee")
    month(ws, "dec", "bob-lee", "DDDDD")
    monkeypatch.setenv("COPKIT_TODAY", "2026-12-06")
    return ws


def test_progress_table_shows_names_and_json_keeps_ids(dec: Path, run: Run) -> None:
    r = run("challenge", "progress", "dec")
    assert r.exit_code == 0, r.output
    lines = [line.rstrip() for line in r.stdout.splitlines()]
    assert any(line.startswith(" Alice Martin ") for line in lines), r.stdout
    assert "   Bob Lee" in lines  # alice's partner, under her
    assert "alice-martin" not in r.stdout and "bob-lee" not in r.stdout
    focus = run("challenge", "progress", "dec", "--as", "bob-lee").stdout
    assert "; Bob Lee and partners" in focus.splitlines()[0]
    data = json.loads(run("challenge", "progress", "dec", "--json").stdout)
    assert [p["member"] for p in data["participants"]] == ["alice-martin", "bob-lee"]
    assert data["participants"][0]["partners"] == ["bob-lee"]


def test_nudge_table_shows_names(dec: Path, run: Run) -> None:
    r = run("challenge", "nudge", "dec")
    assert r.exit_code == 0, r.output
    table = r.stdout.split("Ready to paste")[0]
    row = next(line for line in table.splitlines() if "silent" not in line and "Alice" in line)
    assert row.split() == ["Alice", "Martin", "5", "days", "day", "1", "(2026-12-01)", "none",
                           "yet", "Bob", "Lee"]  # fmt: skip
    assert "alice-martin" not in table


def test_challenge_show_and_pair_name_the_partners(dec: Path, run: Run) -> None:
    show = run("challenge", "show", "dec").stdout
    assert "\n  Alice Martin + Bob Lee\n" in show
    assert json.loads(run("challenge", "show", "dec", "--json").stdout)["pairs"] == [
        ["alice-martin", "bob-lee"]
    ]
    preview = run("challenge", "pair", "dec", "--dry-run", "--force", "--seed", "1").stdout
    assert "Alice Martin + Bob Lee" in preview
    assert "alice-martin" not in preview
