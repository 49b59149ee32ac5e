"""Routine changes without hand-editing YAML: charter set, milestone and deliverable. Each is
checked by the charter rules of `copkit check` and keeps every other line byte for byte."""

from __future__ import annotations

import difflib
import re
from pathlib import Path

import pytest

from tests.conftest import Run, snapshot
from tests.test_charter_support import COMMENTED, write_charter


def changed_lines(before: str, after: str) -> list[str]:
    return [
        line
        for line in difflib.ndiff(before.splitlines(), after.splitlines())
        if line[:2] in ("- ", "+ ")
    ]


SET_CASES = [
    pytest.param(
        ["--end", "2027-03-31"],
        ["-   end: 2027-02-28", "+   end: 2027-03-31"],
        id="end",
    ),
    pytest.param(
        ["--every-days", "7"],
        ["-   every_days: 14   # fortnightly", "+   every_days: 7    # fortnightly"],
        id="cadence",
    ),
    pytest.param(
        ["--channel", "weekly stand-up"],
        ["-   channel: monthly community call", "+   channel: weekly stand-up"],
        id="channel",
    ),
    pytest.param(
        ["--goal", "A shorter playbook."],
        [
            "- goal: A playbook that gets a new member shipping in two weeks.  # agreed with "
            "the core group",
            # ruamel keeps the comment in its column
            "+ goal: A shorter playbook." + " " * 39 + "# agreed with the core group",
        ],
        id="goal",
    ),
    pytest.param(
        ["--volunteers-wanted", "3"],
        ["- volunteers_wanted: 1", "+ volunteers_wanted: 3"],
        id="seats",
    ),
    pytest.param(
        ["--member", "carol-diaz:1.5"],
        ["+   - {member: carol-diaz, role: member, hours_per_week: 1.5}"],
        id="add-member",
    ),
    pytest.param(
        ["--member", "bob-lee:4"],
        [
            "-   - {member: bob-lee, hours_per_week: 2}   # role defaults to member",
            "+   - {member: bob-lee, hours_per_week: 4}   # role defaults to member",
        ],
        id="member-hours",
    ),
    pytest.param(
        ["--drop-member", "bob-lee"],
        ["-   - {member: bob-lee, hours_per_week: 2}   # role defaults to member"],
        id="drop-member",
    ),
    pytest.param(
        ["--start", "2026-12-07", "--title", "Onboarding playbook"],
        [
            '- title: "DevOps onboarding playbook"   # working title',
            '+ title: "Onboarding playbook"          # working title',
            "-   start: 2026-12-01",
            "+   start: 2026-12-07",
        ],
        id="title-and-start",
    ),
]


@pytest.mark.parametrize(("args", "diff"), SET_CASES)
def test_set_changes_only_its_lines(ws: Path, run: Run, args: list[str], diff: list[str]) -> None:
    path = write_charter(ws, "op", "active")
    before = path.read_text()
    r = run("charter", "set", "op", *args)
    assert r.exit_code == 0, r.output
    assert r.stderr == "Updated charters/op.yaml\n"
    after = path.read_text()
    assert changed_lines(before, after) == diff
    for comment in re.findall(r"#.*", COMMENTED):
        if "role defaults" not in comment or "--drop-member" not in args:
            assert comment in after
    assert run("check").exit_code == 0


def test_set_lead_makes_the_former_lead_a_member(ws: Path, run: Run) -> None:
    path = write_charter(ws, "op", "active")
    before = path.read_text()
    assert run("charter", "set", "op", "--lead", "bob-lee").exit_code == 0
    assert changed_lines(before, path.read_text()) == [
        "-   - {member: alice-martin, role: lead, hours_per_week: 3}",
        "+   - {member: alice-martin, role: member, hours_per_week: 3}",
        "-   - {member: bob-lee, hours_per_week: 2}   # role defaults to member",
        "+   - {member: bob-lee, role: lead, hours_per_week: 2} # role defaults to member",
    ]
    assert run("check").exit_code == 0


SET_REFUSED = [
    pytest.param(
        ["--end", "2026-11-01"],
        "error: cannot change op: the result would break the charter rules:\n"
        "  charters/op.yaml:19:8: error: end 2026-11-01 is before start 2026-12-01; to fix: "
        "copkit charter set op --end DATE\n"
        "hint: Nothing was written; charters/op.yaml is unchanged.",
        id="end-before-start",
    ),
    pytest.param(
        ["--kind", "pro-bono"],
        "error: cannot change op: the result would break the charter rules:\n"
        "  charters/op.yaml:3:7: error: a pro-bono charter needs a beneficiary (beneficiary:); "
        "to fix: copkit charter set op --beneficiary TEXT",
        id="pro-bono-without-beneficiary",
    ),
    pytest.param(
        ["--drop-member", "alice-martin"],
        "error: cannot change op: the result would break the charter rules:\n"
        "  charters/op.yaml:4:9: error: an active charter needs a lead (a team member with "
        "role: lead); to fix: copkit charter set op --lead MEMBER:HOURS",
        id="drop-the-lead",
    ),
    pytest.param(
        ["--drop-member", "carol-diaz"],
        "error: --drop-member carol-diaz: carol-diaz is not in the team of op\n"
        "hint: See the team with: copkit charter show op",
        id="drop-a-stranger",
    ),
    pytest.param(
        ["--member", "carol"],
        "error: --member carol: unknown member 'carol': did you mean 'carol-diaz'?",
        id="unknown-member",
    ),
    pytest.param(
        ["--goal", "  "],
        "error: --goal is empty; give the new text",
        id="empty-goal",
    ),
    pytest.param(
        ["--budget", "500"],
        "error: cannot set the budget of op: it has no funder (rule: --budget and --currency "
        "need --funding-by)\n"
        "hint: To fix: copkit charter set op --funding-by WHO --budget N --currency EUR",
        id="budget-without-funder",
    ),
    pytest.param(
        [],
        "error: nothing to change in op: give a field to set, e.g. --end DATE, or wait for "
        "volunteers' sign-ups",
        id="nothing",
    ),
]


@pytest.mark.parametrize(("args", "message"), SET_REFUSED)
def test_set_refuses_what_check_would_flag(
    ws: Path, run: Run, args: list[str], message: str
) -> None:
    write_charter(ws, "op", "active")
    files = snapshot(ws)
    r = run("charter", "set", "op", *args)
    assert r.exit_code == 1
    assert r.stderr.startswith(message), r.stderr
    assert snapshot(ws) == files


def test_set_cannot_add_a_member_who_left(ws: Path, run: Run) -> None:
    write_charter(ws, "op", "active")
    assert run("member", "leave", "carol-diaz").exit_code == 0
    files = snapshot(ws)
    r = run("charter", "set", "op", "--member", "carol-diaz:2")
    assert r.exit_code == 1
    assert r.stderr.splitlines() == [
        "error: cannot add carol-diaz to op: carol-diaz left the community on 2026-11-28 "
        "(rule: members who left take no new sign-ups and are not paired)",
        "hint: If they are back: copkit member set carol-diaz --back",
    ]
    assert snapshot(ws) == files


# ---- milestones --------------------------------------------------------------------------------


def test_tick_a_milestone_by_a_prefix_of_its_name(ws: Path, run: Run) -> None:
    path = write_charter(ws, "op", "active")
    before = path.read_text()
    r = run("charter", "milestone", "op", "draft playbook", "--done", "--date", "2027-01-10")
    assert r.exit_code == 0, r.output
    assert r.stderr == (
        "op: milestone 'Draft playbook reviewed': done, 2027-01-10 (charters/op.yaml)\n"
    )
    assert changed_lines(before, path.read_text()) == [
        "-     - {date: 2027-01-15, name: Draft playbook reviewed}  # no done: key yet",
        "+     - {date: 2027-01-10, name: Draft playbook reviewed, done: true} # no done: key yet",
    ]
    r = run("charter", "milestone", "op", "Draft playbook reviewed", "--not-done")
    assert r.exit_code == 0, r.output
    assert "done: false" in path.read_text()


def test_add_a_milestone(ws: Path, run: Run) -> None:
    path = write_charter(ws, "op", "active")
    before = path.read_text()
    r = run("charter", "milestone", "op", "--add", "2027-02-15:Pilot with two joiners")
    assert r.exit_code == 0, r.output
    assert changed_lines(before, path.read_text()) == [
        "+     - {date: 2027-02-15, name: Pilot with two joiners, done: false}"
    ]
    files = snapshot(ws)
    r = run("charter", "milestone", "op", "--add", "2027-02-20:Pilot with two joiners")
    assert r.exit_code == 1
    assert r.stderr.startswith(
        "error: op already has a milestone 'Pilot with two joiners' (rule: milestone names are "
        "unique)\nhint: To fix: copkit charter milestone op 'Pilot with two joiners' --date "
        "2027-02-20"
    )
    assert snapshot(ws) == files


MILESTONE_REFUSED = [
    pytest.param(
        ["nope", "--done"],
        "error: no milestone 'nope' in op: 'Draft playbook reviewed'\n"
        "hint: To fix: give one of these names, or add it: copkit charter milestone op --add "
        "DATE:NAME",
        1,
        id="unknown",
    ),
    pytest.param(["Draft"], "error: ", 2, id="nothing-to-change"),
    pytest.param(["--add", "someday:Pilot"], "error: --milestone date", 1, id="bad-date"),
    pytest.param(["--add", "2027-01-01"], "error: --milestone '2027-01-01'", 1, id="no-name"),
]


@pytest.mark.parametrize(("args", "message", "code"), MILESTONE_REFUSED)
def test_milestone_refusals(ws: Path, run: Run, args: list[str], message: str, code: int) -> None:
    write_charter(ws, "op", "active")
    files = snapshot(ws)
    r = run("charter", "milestone", "op", *args)
    assert r.exit_code == code
    assert r.stderr.startswith(message), r.stderr
    assert snapshot(ws) == files


# ---- deliverables ------------------------------------------------------------------------------


def test_mark_a_deliverable_done_with_its_url(ws: Path, run: Run) -> None:
    path = write_charter(
        ws, "op", "active", "deliverables:\n  - {name: Onboarding playbook, url: null}  # v1\n"
    )
    before = path.read_text()
    r = run(
        "charter", "deliverable", "op", "onboarding", "--done", "--url", "https://wiki/onboarding"
    )
    assert r.exit_code == 0, r.output
    assert r.stderr == (
        "op: deliverable 'Onboarding playbook': done, https://wiki/onboarding (charters/op.yaml)\n"
    )
    assert changed_lines(before, path.read_text()) == [
        "-   - {name: Onboarding playbook, url: null}  # v1",
        "+   - {name: Onboarding playbook, url: https://wiki/onboarding, done: true} # v1",
    ]
    assert run("check").exit_code == 0
    r = run("charter", "deliverable", "op", "--add", "Buddy guide")
    assert r.exit_code == 0, r.output
    assert "  - {name: Buddy guide, url: null, done: false}\n" in path.read_text()


def test_an_unknown_deliverable_lists_the_known_ones(ws: Path, run: Run) -> None:
    write_charter(ws, "op", "active")
    r = run("charter", "deliverable", "op", "Playbook", "--done")
    assert r.exit_code == 1
    assert r.stderr.startswith(
        "error: no deliverable 'Playbook' in op: it has no deliverables yet\n"
        "hint: To fix: give one of these names, or add it: copkit charter deliverable op --add NAME"
    )
