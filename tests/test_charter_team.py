"""charter join and charter report: volunteers, report-backs, the cadence, over-commitment."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from ruamel.yaml import YAML

from tests.conftest import Run, snapshot
from tests.test_charter_support import write_charter


def load(root: Path, cid: str = "op") -> dict[str, object]:
    data = YAML(typ="safe").load((root / "charters" / f"{cid}.yaml").read_text())
    assert isinstance(data, dict)
    return data


# ---- join -------------------------------------------------------------------------------------


def signup(root: Path, member: str, cid: str = "op") -> str:
    return (root / "charters" / cid / "volunteers" / f"{member}.yaml").read_text()


def test_a_volunteer_signs_up_in_a_file_of_their_own(ws: Path, run: Run) -> None:
    write_charter(ws, "op", "chartered")
    before = (ws / "charters" / "op.yaml").read_text()
    r = run("charter", "join", "op", "--as", "carol-diaz", "--hours", "2.5")
    assert r.exit_code == 0, r.output
    assert r.stderr.splitlines() == [
        "Carol Diaz signed up for op as member, 2.5 h a week "
        "(charters/op/volunteers/carol-diaz.yaml)",
        "Next: commit and push charters/op/volunteers/carol-diaz.yaml; the organiser's "
        "`copkit charter set op` adds you to the team.",
    ]
    assert (ws / "charters" / "op.yaml").read_text() == before  # the shared file is untouched
    assert signup(ws, "carol-diaz") == "role: member\nhours_per_week: 2.5\ndate: 2026-11-28\n"
    listed = json.loads(run("charter", "list", "--json").stdout)
    assert listed[0]["team_size"] == 2
    assert listed[0]["open_seats"] == 0  # the sign-up takes the open seat
    assert listed[0]["signups"] == ["carol-diaz"]
    assert run("check").exit_code == 0


def test_the_organisers_set_folds_sign_ups_into_the_team(ws: Path, run: Run) -> None:
    write_charter(ws, "op", "chartered")
    assert run("charter", "join", "op", "--as", "carol-diaz", "--hours", "2.5").exit_code == 0
    r = run("charter", "set", "op")
    assert r.exit_code == 0, r.output
    assert "op: Carol Diaz joined as member, 2.5 h a week (sign-up folded into the team)" in (
        r.stderr
    )
    data = load(ws)
    assert data["team"][-1] == {"member": "carol-diaz", "role": "member", "hours_per_week": 2.5}  # type: ignore[index]
    assert data["volunteers_wanted"] == 0
    assert not (ws / "charters" / "op").exists()  # folded sign-ups are removed
    listed = json.loads(run("charter", "list", "--json").stdout)
    assert listed[0]["team_size"] == 3
    assert listed[0]["hours_per_week"] == 7.5


def test_a_member_already_in_the_team_changes_their_hours(ws: Path, run: Run) -> None:
    write_charter(ws, "op", "active")
    r = run("charter", "join", "op", "--as", "bob-lee", "--hours", "4")
    assert r.exit_code == 0, r.output
    assert "Bob Lee asked to change their place in (now member, 2 h) op as member, 4 h" in (
        r.stderr
    )
    assert run("charter", "set", "op").exit_code == 0
    text = (ws / "charters" / "op.yaml").read_text()
    assert "  - {member: bob-lee, hours_per_week: 4}   # role defaults to member\n" in text
    assert load(ws)["volunteers_wanted"] == 1  # no seat was filled


def test_a_lead_can_join_a_charter_without_one(ws: Path, run: Run) -> None:
    (ws / "charters" / "op.yaml").write_text("title: T\n")
    r = run("charter", "join", "op", "--as", "bob-lee", "--role", "lead", "--hours", "3")
    assert r.exit_code == 0, r.output
    assert run("charter", "set", "op").exit_code == 0
    assert load(ws)["team"] == [{"member": "bob-lee", "role": "lead", "hours_per_week": 3}]


def test_an_observer_joins_with_no_hours_and_takes_no_seat(ws: Path, run: Run) -> None:
    write_charter(ws, "op", "active")
    r = run("charter", "join", "op", "--as", "carol-diaz", "--role", "observer")
    assert r.exit_code == 0, r.output
    assert signup(ws, "carol-diaz") == "role: observer\nhours_per_week: 0\ndate: 2026-11-28\n"
    assert json.loads(run("charter", "list", "--json").stdout)[0]["open_seats"] == 1
    assert run("charter", "set", "op").exit_code == 0
    assert load(ws)["volunteers_wanted"] == 1
    assert run("check").stdout == ""


P = "charters/op.yaml"
JOIN_REFUSED = [
    pytest.param(
        "active",
        ["--as", "carol-diaz", "--role", "lead", "--hours", "2"],
        "error: cannot join op as lead (rule: a charter has one lead): Alice Martin already "
        "leads it\nhint: To fix: copkit charter join op --as carol-diaz --role member --hours 2",
        id="second-lead",
    ),
    pytest.param(
        "active",
        ["--as", "carol-diaz"],
        "error: cannot join op as member with no hours a week (rule: only an observer gives 0 "
        "hours)\nhint: To fix: copkit charter join op --as carol-diaz --role member --hours H, "
        "or follow it without hours: copkit charter join op --as carol-diaz --role observer",
        id="no-hours",
    ),
    pytest.param(
        "active",
        ["--as", "carol-diaz", "--hours", "0", "--role", "lead"],
        "error: cannot join op as lead with 0 hours a week (rule: only an observer gives 0 hours)",
        id="zero-hours",
    ),
    pytest.param(
        "active",
        ["--as", "alice-martin", "--role", "member", "--hours", "3"],
        "error: cannot join op as member: Alice Martin leads it (rule: a charter keeps its lead)"
        "\nhint: To fix: make another member the lead first: copkit charter set op --lead MEMBER",
        id="lead-steps-down",
    ),
    pytest.param(
        "completed",
        ["--as", "carol-diaz", "--hours", "1"],
        "error: cannot join op (rule: only open charters take volunteers): it is completed; its "
        "team is closed",
        id="completed",
    ),
    pytest.param(
        "cancelled",
        ["--as", "carol-diaz", "--hours", "1"],
        "error: cannot join op (rule: only open charters take volunteers): it is cancelled; its "
        "team is closed",
        id="cancelled",
    ),
    pytest.param(
        "active",
        ["--as", "dan-wu"],
        "error: no member 'dan-wu' (members/dan-wu.yaml does not exist)",
        id="unknown-member",
    ),
    pytest.param(
        "active",
        ["--as", "carol-diaz", "--hours", "90"],
        "error: --hours 90 is out of range (rule: hours a week are 0 to 80)",
        id="hours-out-of-range",
    ),
    pytest.param(
        "active",
        ["--as", "carol-diaz", "--role", "boss", "--hours", "1"],
        "error: --role: 'boss' is not one of",
        id="unknown-role",
    ),
    pytest.param(
        "active",
        [],
        "error: who are you? copkit could not tell which member runs this command",
        id="who-are-you",
    ),
]


@pytest.mark.parametrize(("status", "args", "message"), JOIN_REFUSED)
def test_refused_join_changes_nothing(
    ws: Path, run: Run, status: str, args: list[str], message: str
) -> None:
    rest = ""
    if status == "completed":
        rest = (
            "reports:\n  - {date: 2026-11-01, final: true, summary: Done.}\nfindings: We learned.\n"
        )
    write_charter(ws, "op", status, rest)
    files = snapshot(ws)
    r = run("charter", "join", "op", *args)
    assert r.exit_code == (2 if message.startswith("error: --role:") else 1)
    assert r.stderr.startswith(message), r.stderr
    assert snapshot(ws) == files


# ---- report -----------------------------------------------------------------------------------


def test_a_report_back_is_appended_with_feedback_and_next_steps(ws: Path, run: Run) -> None:
    write_charter(ws, "op", "active")
    r = run(
        "charter",
        "report",
        "op",
        "--summary",
        "Interviewed six recent joiners.",
        "--feedback",
        "Add a section on on-call.",
        "--feedback",
        "Keep it short.",
        "--next",
        "Draft the first-week checklist.",
        "--by",
        "alice-martin",
        "--date",
        "yesterday",
    )
    assert r.exit_code == 0, r.output
    assert load(ws)["reports"] == [
        {
            "date": __import__("datetime").date(2026, 11, 27),
            "by": "alice-martin",
            "final": False,
            "summary": "Interviewed six recent joiners.",
            "feedback": ["Add a section on on-call.", "Keep it short."],
            "next": ["Draft the first-week checklist."],
        }
    ]
    assert r.stderr.splitlines() == [
        "Recorded the report-back of 2026-11-27 in charters/op.yaml",
        "Next: Report-back due 2026-12-11 (in 13 days).",
    ]
    assert run("check").exit_code == 0


REPORT_REFUSED = [
    pytest.param(
        "proposed",
        [],
        "error: cannot report on op: it is proposed, and only chartered and active charters "
        "report back to the community\nhint: Approve it first: copkit charter approve op",
        id="proposed",
    ),
    pytest.param(
        "chartered",
        ["--final"],
        "error: cannot add a final report to op: it is chartered; the final report closes an "
        "active project",
        id="final-before-active",
    ),
    pytest.param(
        "active",
        ["--date", "tomorrow"],
        "error: cannot report on op for 2026-11-29: that is after today (2026-11-28)",
        id="future",
    ),
    pytest.param(
        "active",
        ["--date", "2026-11-01"],
        "error: cannot report on op for 2026-11-01: reports are kept oldest first and the last "
        "one is dated 2026-11-10",
        id="older-than-the-last",
    ),
    pytest.param(
        "active",
        ["--by", "bob"],
        "error: --by bob: unknown member 'bob': did you mean 'bob-lee'?",
        id="unknown-by",
    ),
]


@pytest.mark.parametrize(("status", "args", "message"), REPORT_REFUSED)
def test_refused_report_changes_nothing(
    ws: Path, run: Run, status: str, args: list[str], message: str
) -> None:
    rest = "reports:\n  - {date: 2026-11-10, summary: Started.}\n" if status == "active" else ""
    write_charter(ws, "op", status, rest)
    files = snapshot(ws)
    r = run("charter", "report", "op", "--summary", "Progress.", *args)
    assert r.exit_code == 1
    assert r.stderr.startswith(message), r.stderr
    assert snapshot(ws) == files


def test_one_final_report_only(ws: Path, run: Run) -> None:
    write_charter(ws, "op", "active")
    assert run("charter", "report", "op", "--summary", "Done.", "--final").exit_code == 0
    files = snapshot(ws)
    r = run("charter", "report", "op", "--summary", "Done again.", "--final")
    assert r.exit_code == 1
    assert r.stderr.startswith(
        "error: op already has a final report (2026-11-28); a charter has one"
    )
    assert snapshot(ws) == files
    r = run("charter", "report", "op", "--summary", "A last word.")
    assert r.exit_code == 0  # a plain report after the final one is fine


def test_empty_summary_is_refused(ws: Path, run: Run) -> None:
    write_charter(ws, "op", "active")
    r = run("charter", "report", "op", "--summary", "  ")
    assert r.exit_code == 1
    assert r.stderr.startswith("error: --summary is empty")


def test_summary_is_required(ws: Path, run: Run) -> None:
    write_charter(ws, "op", "active")
    r = run("charter", "report", "op")
    assert r.exit_code == 2
    assert "--summary" in r.stderr


# ---- cadence ----------------------------------------------------------------------------------


def due(run: Run, today: str, cid: str = "op") -> tuple[str | None, bool]:
    rows = json.loads(run("charter", "list", "--json", env={"COPKIT_TODAY": today}).stdout)
    row = next(r for r in rows if r["charter"] == cid)
    return row["next_report_due"], row["overdue"]


@pytest.mark.parametrize("status", ["draft", "proposed", "completed", "cancelled"])
def test_only_chartered_and_active_charters_have_reports_due(
    ws: Path, run: Run, status: str
) -> None:
    rest = (
        "reports:\n  - {date: 2026-11-01, final: true, summary: Done.}\nfindings: F.\n"
        if status == "completed"
        else ""
    )
    write_charter(ws, "op", status, rest)
    assert due(run, "2027-06-01") == (None, False)


def test_cadence_due_overdue_and_after_a_report(ws: Path, run: Run) -> None:
    write_charter(ws, "op", "chartered")  # start 2026-12-01, every 14 days
    assert due(run, "2026-12-10") == ("2026-12-15", False)
    assert due(run, "2026-12-15") == ("2026-12-15", False)  # due today is not overdue yet
    assert due(run, "2026-12-16") == ("2026-12-15", True)
    r = run(
        "charter", "report", "op", "--summary", "Late, sorry.", env={"COPKIT_TODAY": "2026-12-18"}
    )
    assert r.exit_code == 0, r.output
    assert due(run, "2026-12-18") == ("2027-01-01", False)
    assert due(run, "2027-01-02") == ("2027-01-01", True)
    r = run("charter", "show", "op", env={"COPKIT_TODAY": "2027-01-02"})
    assert "2027-01-01, overdue by 1 day" in r.stdout
    assert "Report-back overdue since 2027-01-01 (1 day)" in r.stdout
    r = run("charter", "list", env={"COPKIT_TODAY": "2027-01-02"})
    assert "2027-01-01" in r.stdout
    assert "overdue" in r.stdout
    assert "1 report-back overdue" in r.stdout


def test_a_charter_without_a_start_or_cadence_has_nothing_due(ws: Path, run: Run) -> None:
    (ws / "charters" / "op.yaml").write_text("title: T\nstatus: cancelled\n")
    assert due(run, "2026-12-01") == (None, False)


# ---- over-commitment ----------------------------------------------------------------------------


def heavy(root: Path, cid: str, status: str, hours: int) -> None:
    (root / "charters" / f"{cid}.yaml").write_text(
        f"title: {cid}\nstatus: {status}\nissue: I\ngoal: G\n"
        f"team:\n  - {{member: alice-martin, role: lead, hours_per_week: {hours}}}\n"
        "timeline: {start: 2026-11-01}\nreporting: {every_days: 30}\n"
    )


def test_check_warns_over_ten_hours_across_chartered_and_active(ws: Path, run: Run) -> None:
    heavy(ws, "a", "active", 6)
    heavy(ws, "b", "chartered", 5)
    heavy(ws, "c", "proposed", 8)  # proposed charters do not count
    r = run("check")
    assert r.exit_code == 0  # a warning, not an error
    assert r.stdout == (
        "members/alice-martin.yaml:1:1: warning: over-commitment: alice-martin gives 11 hours a "
        "week across "
        "chartered and active charters (over 10): a (6 h), b (5 h)\n"
    )


def test_ten_hours_is_not_over_commitment(ws: Path, run: Run) -> None:
    heavy(ws, "a", "active", 6)
    heavy(ws, "b", "chartered", 4)
    assert run("check").stdout == ""


def test_joining_warns_about_over_commitment(ws: Path, run: Run) -> None:
    heavy(ws, "a", "active", 9)
    write_charter(ws, "op", "active")
    r = run("charter", "join", "op", "--as", "alice-martin", "--role", "lead", "--hours", "4")
    assert r.exit_code == 0, r.output
    assert (
        "warning: over-commitment: Alice Martin gives 13 hours a week across chartered and "
        "active charters (over 10): a (9 h), op (4 h)"
    ) in r.stderr


def test_starting_a_charter_warns_about_its_team(ws: Path, run: Run) -> None:
    heavy(ws, "a", "active", 9)
    write_charter(ws, "op", "chartered")
    r = run("charter", "start", "op")
    assert r.exit_code == 0, r.output
    assert "warning: over-commitment: Alice Martin gives 12 hours a week" in r.stderr
    r = run("charter", "join", "op", "--as", "carol-diaz", "--hours", "1")
    assert "warning" not in r.stderr


def test_a_final_report_closes_the_cadence(ws: Path, run: Run) -> None:
    write_charter(ws, "op", "active")
    r = run("charter", "report", "op", "--final", "--summary", "Published.")
    assert r.exit_code == 0, r.output
    assert due(run, "2027-06-01") == (None, False)
    assert r.stderr.splitlines()[-1] == (
        "Next: To complete it, it needs --findings: copkit charter complete op"
    )
