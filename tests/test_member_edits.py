"""member set and member leave: a member's own file changes, nothing else is lost; members
who left stay in past reports, are left out of pairing and new sign-ups, and `check` flags
them in the teams of open charters."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.conftest import Run, snapshot
from tests.test_charter_support import write_charter
from tests.test_journal import join, write_challenge


def member_file(root: Path, m: str) -> str:
    return (root / "members" / f"{m}.yaml").read_text()


def test_set_changes_email_name_and_interests_keeping_comments(ws: Path, run: Run) -> None:
    path = ws / "members" / "bob-lee.yaml"
    path.write_text("# Bob runs the CI guild\n" + path.read_text().replace("email:", "email:  "))
    path.write_text(path.read_text().replace("joined: 2026-11-28", "joined: 2026-11-28  # day one"))
    r = run("member", "set", "bob-lee", "--email", "bob@new.example", "--interest", "ci")
    assert r.exit_code == 0, r.output
    assert r.stderr == "Updated members/bob-lee.yaml\n"
    assert member_file(ws, "bob-lee") == (
        "# Bob runs the CI guild\n"
        "name: Bob Lee\n"
        "email: bob@new.example\n"
        "joined: 2026-11-28  # day one\n"
        "interests: [ci]\n"
    )
    assert run("member", "set", "bob-lee", "--name", "Robert Lee").exit_code == 0
    assert "name: Robert Lee\n" in member_file(ws, "bob-lee")
    assert run("check").exit_code == 0


@pytest.mark.parametrize(
    ("args", "message"),
    [
        pytest.param(
            ["bob-lee"],
            "error: nothing to change for bob-lee: give --name, --email, --interest or --back",
            id="nothing",
        ),
        pytest.param(
            ["bob", "--name", "B"],
            "error: no member 'bob' (members/bob.yaml does not exist); did you mean 'bob-lee'?",
            id="unknown",
        ),
        pytest.param(["bob-lee", "--name", " "], "error: --name is empty", id="empty-name"),
        pytest.param(
            ["bob-lee", "--back"],
            "error: bob-lee has not left the community; --back undoes `copkit member leave`",
            id="not-left",
        ),
    ],
)
def test_set_refusals_change_nothing(ws: Path, run: Run, args: list[str], message: str) -> None:
    files = snapshot(ws)
    r = run("member", "set", *args)
    assert r.exit_code == 1
    assert r.stderr.startswith(message), r.stderr
    assert snapshot(ws) == files


def test_leave_keeps_the_file_and_back_undoes_it(ws: Path, run: Run) -> None:
    before = member_file(ws, "carol-diaz")
    r = run("member", "leave", "carol-diaz", env={"COPKIT_TODAY": "2026-12-03"})
    assert r.exit_code == 0, r.output
    assert r.stderr == "carol-diaz left the community on 2026-12-03 (members/carol-diaz.yaml)\n"
    assert member_file(ws, "carol-diaz") == before + "left: 2026-12-03\n"
    listed = json.loads(run("member", "list", "--json").stdout)
    assert [m["left"] for m in listed] == [None, None, "2026-12-03"]
    assert "Carol Diaz (left 2026-12-03)" in run("member", "list").stdout
    r = run("member", "leave", "carol-diaz", env={"COPKIT_TODAY": "2026-12-04"})
    assert r.exit_code == 1
    assert r.stderr.startswith("error: carol-diaz already left the community on 2026-12-03")
    assert run("member", "set", "carol-diaz", "--back").exit_code == 0
    assert member_file(ws, "carol-diaz") == before


def test_leave_refuses_a_date_before_joining_or_in_the_future(ws: Path, run: Run) -> None:
    files = snapshot(ws)
    r = run("member", "leave", "bob-lee", "--date", "2026-01-01")
    assert r.exit_code == 1
    assert r.stderr.splitlines() == [
        "error: cannot leave on 2026-01-01: bob-lee joined on 2026-11-28 (rule: a member "
        "leaves after joining)",
        "hint: To fix: copkit member leave bob-lee --date 2026-11-28 (or later)",
    ]
    r = run("member", "leave", "bob-lee", "--date", "tomorrow")
    assert r.exit_code == 1
    assert r.stderr.startswith("error: --date 2026-11-29 is after today (2026-11-28)")
    assert snapshot(ws) == files


def test_a_member_who_left_is_flagged_in_open_teams_only(ws: Path, run: Run) -> None:
    write_charter(ws, "op", "active")
    write_charter(
        ws,
        "old",
        "completed",
        "reports:\n  - {date: 2026-11-01, final: true, summary: Done.}\nfindings: F.\n",
        done=True,
    )
    r = run("member", "leave", "bob-lee")
    assert r.exit_code == 0, r.output
    assert "  still in the team of op: copkit charter set op --drop-member bob-lee" in r.stderr
    assert "old" not in r.stderr.replace("bob-lee", "")
    r = run("check")
    assert r.exit_code == 0  # a warning: the organiser decides when
    assert r.stdout == (
        "charters/op.yaml:13:14: warning: bob-lee left the community on 2026-11-28 but is "
        "still in the team of this active charter; to fix: copkit charter set op "
        "--drop-member bob-lee\n"
    )
    assert run("charter", "set", "op", "--drop-member", "bob-lee").exit_code == 0
    assert run("check").stdout == ""


def test_a_member_who_left_takes_no_new_sign_ups(ws: Path, run: Run) -> None:
    write_charter(ws, "op", "active")
    write_challenge(ws)
    assert run("member", "leave", "carol-diaz").exit_code == 0
    files = snapshot(ws)
    r = run("charter", "join", "op", "--as", "carol-diaz", "--hours", "1")
    assert r.exit_code == 1
    assert r.stderr.splitlines() == [
        "error: cannot join op: carol-diaz left the community on 2026-11-28 (rule: members who "
        "left take no new sign-ups and are not paired)",
        "hint: If they are back: copkit member set carol-diaz --back",
    ]
    r = run("challenge", "join", "dec", "--as", "carol-diaz")
    assert r.exit_code == 1
    assert r.stderr.startswith("error: cannot join dec: carol-diaz left the community")
    assert snapshot(ws) == files


def test_pairing_leaves_out_members_who_left(ws: Path, run: Run) -> None:
    write_challenge(ws)
    for m in ("alice-martin", "bob-lee", "carol-diaz"):
        join(ws, "dec", m)
    assert run("member", "leave", "carol-diaz").exit_code == 0
    r = run("challenge", "pair", "dec", "--seed", "1", "--json")
    assert r.exit_code == 0, r.output
    assert json.loads(r.stdout)["pairs"] == [["alice-martin", "bob-lee"]]


def test_a_member_who_left_stays_in_past_reports(ws: Path, run: Run) -> None:
    write_challenge(ws, start="2026-11-01", length=3)
    join(ws, "dec", "carol-diaz", joined="2026-10-30")
    entry = ws / "journals" / "dec" / "carol-diaz" / "day-01.md"
    entry.write_text("---\ndate: 2026-11-01\nstatus: done\n---\nDid it.\n")
    assert run("member", "leave", "carol-diaz").exit_code == 0
    report = json.loads(run("challenge", "report", "dec", "--format", "json").stdout)
    assert report["participants"] == 1
    assert report["entries"]["done"] == 1
