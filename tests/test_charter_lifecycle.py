"""Charter lifecycle: propose, approve, start, complete, cancel, each rule allowed and refused."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from ruamel.yaml import YAML

from copkit.errors import CopkitError
from copkit.model import Charter, HistoryEntry, Report
from copkit.model.rules import charter_rules
from copkit.services.charters import TRANSITIONS, change_status
from tests.conftest import Run, snapshot
from tests.test_charter_support import MINIMAL, write_charter

FINAL = """\
reports:
  - date: 2026-11-20
    by: alice-martin
    final: true
    summary: Presented the playbook.
"""
FINDINGS = "findings: New joiners ship in their second week with a buddy.\n"


def history(root: Path, cid: str = "op") -> list[dict[str, object]]:
    data = YAML(typ="safe").load((root / "charters" / f"{cid}.yaml").read_text())
    return [{k: str(v) if v is not None else None for k, v in h.items()} for h in data["history"]]


def status(root: Path, cid: str = "op") -> str:
    return str(YAML(typ="safe").load((root / "charters" / f"{cid}.yaml").read_text())["status"])


ALLOWED = [
    pytest.param("propose", "draft", "", "proposed", id="propose-draft"),
    pytest.param("approve", "proposed", "", "chartered", id="approve-proposed"),
    pytest.param("start", "chartered", "", "active", id="start-chartered"),
    pytest.param("complete", "active", FINAL + FINDINGS, "completed", id="complete-active"),
    pytest.param("cancel", "draft", "", "cancelled", id="cancel-draft"),
    pytest.param("cancel", "proposed", "", "cancelled", id="cancel-proposed"),
    pytest.param("cancel", "chartered", "", "cancelled", id="cancel-chartered"),
    pytest.param("cancel", "active", "", "cancelled", id="cancel-active"),
]


@pytest.mark.parametrize(("verb", "before", "rest", "after"), ALLOWED)
def test_allowed_change_is_recorded_in_history(
    ws: Path, run: Run, verb: str, before: str, rest: str, after: str
) -> None:
    write_charter(ws, "op", before, rest, done=True)
    r = run("charter", verb, "op", "--by", "carol-diaz")
    assert r.exit_code == 0, r.output
    assert status(ws) == after
    assert history(ws) == [{"date": "2026-11-28", "status": after, "by": "carol-diaz"}]
    assert f"op: {before} -> {after} on 2026-11-28" in r.stderr
    assert r.stdout == ""
    assert run("check").exit_code == 0


P = "charters/op.yaml"
REFUSED = [
    pytest.param(
        "propose",
        "proposed",
        "",
        "error: cannot propose op: it is already proposed\n"
        "hint: Its next step is: copkit charter approve op",
        id="propose-twice",
    ),
    pytest.param(
        "approve",
        "draft",
        "",
        "error: cannot approve op: it is draft, and only a proposed charter can be approved "
        "(the community reviews a proposal first)\n"
        "hint: Its next step is: copkit charter propose op",
        id="approve-from-draft",
    ),
    pytest.param(
        "start",
        "proposed",
        "",
        "error: cannot start op: it is proposed, and a charter can become active only from "
        "chartered\nhint: Its next step is: copkit charter approve op",
        id="start-from-proposed",
    ),
    pytest.param(
        "start",
        "draft",
        "",
        "error: cannot start op: it is draft, and a charter can become active only from chartered",
        id="start-from-draft",
    ),
    pytest.param(
        "complete",
        "chartered",
        FINAL + FINDINGS,
        "error: cannot complete op: it is chartered, and only an active charter can be completed\n"
        "hint: Its next step is: copkit charter start op",
        id="complete-from-chartered",
    ),
    pytest.param(
        "complete",
        "active",
        FINAL,
        "error: cannot complete op (rule: a completed charter needs findings and a final report): "
        "a completed charter needs findings (findings:)\n"
        "hint: To fix: copkit charter set op --findings TEXT",
        id="complete-without-findings",
    ),
    pytest.param(
        "complete",
        "active",
        FINDINGS,
        "error: cannot complete op (rule: a completed charter needs findings and a final report): "
        "a completed charter needs a final report\n"
        "hint: To fix: copkit charter report op --final --summary TEXT while it is active",
        id="complete-without-final-report",
    ),
    pytest.param(
        "cancel",
        "completed",
        FINAL + FINDINGS,
        "error: cannot cancel op: it is completed, and a completed or cancelled charter cannot "
        "be cancelled\nhint: A completed charter is closed; charter a new project to take the "
        "work further.",
        id="cancel-completed",
    ),
    pytest.param(
        "cancel",
        "cancelled",
        "",
        "error: cannot cancel op: it is already cancelled",
        id="cancel-cancelled",
    ),
    pytest.param(
        "propose",
        "completed",
        FINAL + FINDINGS,
        "error: cannot propose op: it is completed, and only a draft charter can be proposed",
        id="propose-completed",
    ),
]


@pytest.mark.parametrize(("verb", "before", "rest", "message"), REFUSED)
def test_refused_change_names_the_rule_and_changes_nothing(
    ws: Path, run: Run, verb: str, before: str, rest: str, message: str
) -> None:
    write_charter(ws, "op", before, rest, done=True)
    files = snapshot(ws)
    r = run("charter", verb, "op", "--by", "alice-martin")
    assert r.exit_code == 1
    assert r.stderr.startswith(message), r.stderr
    assert snapshot(ws) == files
    assert "Traceback" not in r.output


def test_complete_lists_open_milestones_and_deliverables(ws: Path, run: Run) -> None:
    deliverable = "deliverables:\n  - {name: Playbook, done: false}\n"
    write_charter(ws, "op", "active", deliverable + FINAL + FINDINGS)
    files = snapshot(ws)
    r = run("charter", "complete", "op")
    assert r.exit_code == 1
    assert r.stderr.splitlines() == [
        "error: cannot complete op (rule: a project completes with its milestones and "
        "deliverables done, or with --force): still open: milestone 'Draft playbook reviewed' "
        "(2027-01-15) and deliverable 'Playbook'",
        "hint: To fix: copkit charter milestone op NAME --done; copkit charter deliverable op "
        "NAME --done --url URL; or copkit charter complete op --force to complete with them open",
    ]
    assert snapshot(ws) == files
    r = run("charter", "complete", "op", "--force")
    assert r.exit_code == 0, r.output
    assert status(ws) == "completed"


def test_start_before_the_planned_start_warns(ws: Path, run: Run) -> None:
    write_charter(ws, "op", "chartered")
    r = run("charter", "start", "op", env={"COPKIT_TODAY": "2026-11-28"})
    assert r.exit_code == 0, r.output
    assert (
        "warning: op starts on 2026-11-28, before its planned start (2026-12-01); to record "
        "the real start: copkit charter set op --start 2026-11-28"
    ) in r.stderr
    write_charter(ws, "on-time", "chartered")
    r = run("charter", "start", "on-time", env={"COPKIT_TODAY": "2026-12-01"})
    assert r.exit_code == 0, r.output
    assert "warning" not in r.stderr


def test_propose_needs_the_issue_and_the_goal(ws: Path, run: Run) -> None:
    (ws / "charters" / "bare.yaml").write_text(MINIMAL)
    files = snapshot(ws)
    r = run("charter", "propose", "bare")
    assert r.exit_code == 1
    assert r.stderr.splitlines() == [
        "error: cannot propose bare (rule: a proposed charter needs the issue and the goal): "
        "a proposed charter needs the issue of the practice (issue:); a proposed charter needs "
        "a goal (goal:); a proposed charter with no team needs open seats for volunteers "
        "(volunteers_wanted:)",
        "hint: To fix: copkit charter set bare --issue TEXT; copkit charter set bare --goal TEXT; "
        "copkit charter set bare --volunteers-wanted N",
    ]
    assert snapshot(ws) == files


def test_propose_needs_no_lead_dates_or_cadence(ws: Path, run: Run) -> None:
    text = "title: Bare\nissue: Slow.\ngoal: Ship it.\nvolunteers_wanted: 2\n"
    (ws / "charters" / "bare.yaml").write_text(text)
    r = run("charter", "propose", "bare")
    assert r.exit_code == 0, r.output
    assert run("check").exit_code == 0


def test_approve_needs_a_lead_a_start_and_a_cadence(ws: Path, run: Run) -> None:
    text = (
        "title: Bare\nstatus: proposed\nissue: Slow.\ngoal: Ship it.\n"
        "team:\n  - {member: bob-lee, role: member, hours_per_week: 1}\n"
    )
    (ws / "charters" / "bare.yaml").write_text(text)
    files = snapshot(ws)
    r = run("charter", "approve", "bare")
    assert r.exit_code == 1
    assert r.stderr.splitlines() == [
        "error: cannot approve bare (rule: a chartered charter needs a lead, a start date and a "
        "report cadence): a chartered charter needs a lead (a team member with role: lead); a "
        "chartered charter needs a start date (timeline.start); a chartered charter needs a "
        "report cadence (reporting.every_days)",
        "hint: To fix: copkit charter set bare --lead MEMBER:HOURS, or a volunteer signs up: "
        "copkit charter join bare --as MEMBER --role lead --hours H; copkit charter set bare "
        "--start DATE; copkit charter set bare --every-days N",
    ]
    assert snapshot(ws) == files
    r = run("charter", "set", "bare", "--lead", "bob-lee", "--start", "2026-12-01")
    assert r.exit_code == 0, r.output
    r = run("charter", "approve", "bare")
    assert r.exit_code == 1
    assert "needs a report cadence (reporting.every_days)\n" in r.stderr
    assert "lead" not in r.stderr.split("):", 1)[1]
    assert run("charter", "set", "bare", "--every-days", "7").exit_code == 0
    r = run("charter", "approve", "bare")
    assert r.exit_code == 0, r.output


def test_cancel_needs_nothing_from_a_draft(ws: Path, run: Run) -> None:
    (ws / "charters" / "bare.yaml").write_text(MINIMAL)
    r = run("charter", "cancel", "bare", "--findings", "Nobody had the time.")
    assert r.exit_code == 0, r.output
    text = (ws / "charters" / "bare.yaml").read_text()
    assert text.startswith(MINIMAL)
    assert "status: cancelled" in text
    assert "findings: Nobody had the time." in text


def test_complete_takes_findings_from_the_flag(ws: Path, run: Run) -> None:
    write_charter(ws, "op", "active", FINAL, done=True)
    r = run("charter", "complete", "op", "--findings", "Buddies matter most.")
    assert r.exit_code == 0, r.output
    text = (ws / "charters" / "op.yaml").read_text()
    assert "status: completed" in text
    assert "findings: Buddies matter most." in text
    assert "Next:" not in r.stderr  # nothing is due on a completed charter


def test_complete_does_not_replace_findings_without_force(ws: Path, run: Run) -> None:
    write_charter(ws, "op", "active", FINAL + FINDINGS, done=True)
    files = snapshot(ws)
    r = run("charter", "complete", "op", "--findings", "Something else.")
    assert r.exit_code == 1
    assert r.stderr.splitlines() == [
        "error: cannot complete op: it already has findings, and copkit does not replace them "
        "without --force",
        "hint: Edit `findings:` in charters/op.yaml, or pass --force to replace them.",
    ]
    assert snapshot(ws) == files
    r = run("charter", "complete", "op", "--findings", "Something else.", "--force")
    assert r.exit_code == 0, r.output
    assert "findings: Something else." in (ws / "charters" / "op.yaml").read_text()


def test_complete_with_the_same_findings_is_not_a_replacement(ws: Path, run: Run) -> None:
    write_charter(ws, "op", "active", FINAL + FINDINGS, done=True)
    r = run(
        "charter",
        "complete",
        "op",
        "--findings",
        "New joiners ship in their second week with a buddy.",
    )
    assert r.exit_code == 0, r.output


@pytest.mark.parametrize(
    ("env", "expected"),
    [
        pytest.param({"COPKIT_MEMBER": "bob-lee"}, "bob-lee", id="copkit-member"),
        pytest.param({}, None, id="nobody-known"),
    ],
)
def test_by_defaults_to_who_runs_copkit_else_null(
    ws: Path, run: Run, env: dict[str, str], expected: str | None
) -> None:
    write_charter(ws, "op")
    r = run("charter", "propose", "op", env=env)
    assert r.exit_code == 0, r.output
    assert history(ws) == [{"date": "2026-11-28", "status": "proposed", "by": expected}]


def test_by_defaults_to_the_git_user(ws: Path, run: Run) -> None:
    import subprocess

    subprocess.run(["git", "init", "-q", str(ws)], check=True)
    subprocess.run(["git", "-C", str(ws), "config", "user.email", "carol@example.org"], check=True)
    write_charter(ws, "op")
    assert run("charter", "propose", "op").exit_code == 0
    assert history(ws)[0]["by"] == "carol-diaz"


def test_by_must_be_a_member(ws: Path, run: Run) -> None:
    write_charter(ws, "op")
    files = snapshot(ws)
    r = run("charter", "propose", "op", "--by", "carol")
    assert r.exit_code == 1
    assert r.stderr == "error: --by carol: unknown member 'carol': did you mean 'carol-diaz'?\n"
    assert snapshot(ws) == files


def test_unknown_charter_suggests_the_close_one(ws: Path, run: Run) -> None:
    write_charter(ws, "onboarding")
    r = run("charter", "propose", "onboardin")
    assert r.exit_code == 1
    assert r.stderr.startswith(
        "error: no charter 'onboardin' (charters/onboardin.yaml does not exist); did you mean "
        "'onboarding'?"
    )


def test_a_whole_lifecycle_keeps_history_oldest_first(ws: Path, run: Run) -> None:
    write_charter(ws, "op", done=True)
    steps = [
        ("2026-11-28", "propose"),
        ("2026-12-01", "approve"),
        ("2026-12-02", "start"),
    ]
    for day, verb in steps:
        assert run("charter", verb, "op", env={"COPKIT_TODAY": day}).exit_code == 0
    r = run(
        "charter",
        "report",
        "op",
        "--final",
        "--summary",
        "Done.",
        env={"COPKIT_TODAY": "2027-02-20"},
    )
    assert r.exit_code == 0, r.output
    r = run(
        "charter", "complete", "op", "--findings", "It works.", env={"COPKIT_TODAY": "2027-02-21"}
    )
    assert r.exit_code == 0, r.output
    assert [(h["date"], h["status"]) for h in history(ws)] == [
        ("2026-11-28", "proposed"),
        ("2026-12-01", "chartered"),
        ("2026-12-02", "active"),
        ("2027-02-21", "completed"),
    ]
    assert run("check").exit_code == 0


def test_a_change_dated_before_the_last_one_is_refused(ws: Path, run: Run) -> None:
    write_charter(ws, "op", "proposed", "history:\n  - {date: 2026-12-05, status: proposed}\n")
    files = snapshot(ws)
    r = run("charter", "approve", "op")
    assert r.exit_code == 1
    assert r.stderr.startswith(
        "error: cannot approve op on 2026-11-28: its history is kept oldest first and its last "
        "change is dated 2026-12-05"
    )
    assert snapshot(ws) == files


def test_a_broken_charter_is_reported_not_changed(ws: Path, run: Run) -> None:
    (ws / "charters" / "op.yaml").write_text("title: X\nstatus: dreaft\n")
    files = snapshot(ws)
    r = run("charter", "propose", "op")
    assert r.exit_code == 1
    assert r.stderr.startswith("error: charters/op.yaml:2:9: status: 'dreaft' is not one of")
    assert "did you mean 'draft'?" in r.stderr
    assert snapshot(ws) == files


# ---- the rules as a property of the pure service ------------------------------------------------


def _ready() -> Charter:
    import msgspec

    return msgspec.convert(
        {
            "title": "T",
            "issue": "I",
            "goal": "G",
            "team": [{"member": "a", "role": "lead", "hours_per_week": 2}],
            "timeline": {"start": "2026-12-01"},
            "reporting": {"every_days": 14},
        },
        Charter,
    )


@settings(max_examples=200, deadline=None)
@given(verbs=st.lists(st.sampled_from(sorted(TRANSITIONS)), max_size=8))
def test_any_sequence_of_verbs_follows_the_transition_table(verbs: list[str]) -> None:
    from datetime import date

    import msgspec

    charter = _ready()
    for verb in verbs:
        t = TRANSITIONS[verb]
        before = charter
        if verb == "complete":
            charter = msgspec.structs.replace(
                charter,
                findings="F",
                reports=[Report(date=date(2026, 12, 1), summary="S", final=True)],
            )
        try:
            charter = change_status(charter, "c", verb, today=date(2026, 12, 1), by="a")
        except CopkitError:
            assert before.status not in t.sources
            charter = before
            continue
        assert before.status in t.sources
        assert charter.status == t.target
        assert charter.history[-1] == HistoryEntry(date=date(2026, 12, 1), status=t.target, by="a")
        assert len(charter.history) == len(before.history) + 1
        assert not [f for f in charter_rules(charter) if f.severity == "error"]
