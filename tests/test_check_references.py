"""copkit check across files: members, pairs, journals, dates, places, warnings; messages pinned."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.conftest import Run

CHALLENGE = """\
title: December
start: 2026-12-01
meetup: {date: 2027-01-06, where: call}
days:
  - {day: 1, kind: learn, title: One, prompt: Do one.}
  - {day: 2, kind: practice, title: Two, prompt: Do two.}
  - {day: 3, kind: reflect, title: Three, prompt: Do three.}
pairs:
  - [alice-martin, bob-lee]
"""

CHARTER = """\
title: Playbook
status: active
goal: A playbook.
team:
  - {member: alice-martin, role: lead, hours_per_week: 3}
timeline: {start: 2026-12-01}
reporting: {every_days: 14}
issue: Slow onboarding.
"""


def put(root: Path, rel: str, text: str) -> None:
    p = root / rel
    p.parent.mkdir(parents=True, exist_ok=True)
    p.write_text(text)


def entry(day: int, status: str = "done") -> str:
    return f"---\ndate: 2026-12-{day:02d}\nstatus: {status}\n---\nNotes.\n"


PLAN = "---\njoined: 2026-11-28\n---\nWhy.\n"


@pytest.fixture
def good(ws: Path) -> Path:
    """A workspace where everything references everything correctly."""
    put(ws, "challenges/dec.yaml", CHALLENGE)
    put(ws, "charters/playbook.yaml", CHARTER)
    for m in ("alice-martin", "bob-lee"):
        put(ws, f"journals/dec/{m}/plan.md", PLAN)
        put(ws, f"journals/dec/{m}/day-01.md", entry(1))
    return ws


def check(run: Run) -> tuple[int, list[str]]:
    r = run("check")
    assert "Traceback" not in r.output
    return r.exit_code, r.stdout.splitlines()


def test_a_consistent_workspace_is_clean(good: Path, run: Run) -> None:
    r = run("check")
    assert r.exit_code == 0, r.stdout
    assert r.stdout == ""
    assert r.stderr == "10 files checked: no problems.\n"


# Each case changes the good workspace and pins the one line check prints for it.
CASES = [
    pytest.param(
        "charters/playbook.yaml",
        CHARTER.replace("alice-martin", "alice-martn"),
        "charters/playbook.yaml:5:14: error: unknown member 'alice-martn'; did you mean 'alice-martin'?",
        id="charter-team-typo",
    ),
    pytest.param(
        "charters/playbook.yaml",
        CHARTER.replace("timeline:", "  - {member: zed, hours_per_week: 1}\ntimeline:"),
        "charters/playbook.yaml:6:14: error: unknown member 'zed'; add them with "
        "`copkit member add zed --name NAME`",
        id="charter-team-unknown",
    ),
    pytest.param(
        "charters/playbook.yaml",
        CHARTER + "history:\n  - {date: 2026-11-20, status: proposed, by: zed}\n",
        "charters/playbook.yaml:10:46: error: unknown member 'zed'; add them with "
        "`copkit member add zed --name NAME`",
        id="charter-history-by",
    ),
    pytest.param(
        "charters/playbook.yaml",
        CHARTER + "reports:\n  - {date: 2026-12-15, by: Zed Z, summary: S}\n",
        "charters/playbook.yaml:10:28: error: unknown member 'Zed Z'; add them with "
        "`copkit member add zed-z --name NAME`",
        id="charter-report-by-not-a-slug",
    ),
    pytest.param(
        "challenges/dec.yaml",
        CHALLENGE.replace("[alice-martin, bob-lee]", "[alice-martin, bob-le]"),
        "challenges/dec.yaml:9:20: error: unknown member 'bob-le'; did you mean 'bob-lee'?",
        id="pair-typo",
    ),
    pytest.param(
        "challenges/dec.yaml",
        CHALLENGE.replace("[alice-martin, bob-lee]", "[alice-martin, bob-lee, carol-diaz]"),
        "challenges/dec.yaml:9:29: warning: carol-diaz is paired but has not joined "
        "(no journals/dec/carol-diaz/plan.md)",
        id="paired-not-joined",
    ),
    pytest.param(
        "journals/dec/zed/plan.md",
        PLAN,
        "journals/dec/zed: error: journal folder of unknown member 'zed'; add them with "
        "`copkit member add zed --name NAME`",
        id="journal-unknown-member",
    ),
    pytest.param(
        "journals/dec/carol-diaz/day-01.md",
        entry(1),
        "journals/dec/carol-diaz: error: entries without a sign-up; run "
        "`copkit challenge join dec --as carol-diaz`",
        id="entries-without-plan",
    ),
    pytest.param(
        "journals/dec/alice-martin/day-02.md",
        entry(3),
        "journals/dec/alice-martin/day-02.md:2:7: error: date 2026-12-03 does not match day 2 "
        "of dec (2026-12-02); write date: 2026-12-02",
        id="date-vs-day",
    ),
    pytest.param(
        "journals/dec/alice-martin/day-04.md",
        entry(4),
        "journals/dec/alice-martin/day-04.md: error: day 4 is outside the challenge (days 1..3)",
        id="day-outside",
    ),
    pytest.param(
        "journals/dec/alice-martin/day-2.md",
        entry(2),
        "journals/dec/alice-martin/day-2.md: error: misnamed entry; rename it to day-02.md",
        id="misnamed-entry",
    ),
    pytest.param(
        "journals/dec/alice-martin/plan.md",
        "---\njoined: 2026-11-28\nleft: 2026-11-01\n---\n",
        "journals/dec/alice-martin/plan.md:3:7: error: left 2026-11-01 is before joined 2026-11-28",
        id="left-before-joined",
    ),
    pytest.param(
        "journals/ghost/alice-martin/plan.md",
        PLAN,
        "journals/ghost: error: journals for an unknown challenge 'ghost'; there is no "
        "challenges/ghost.yaml",
        id="journals-unknown-challenge",
    ),
    pytest.param(
        "journals/notes.md",
        "x\n",
        "journals/notes.md: warning: unexpected file in journals/; journals live in "
        "journals/<challenge>/<member>/",
        id="file-in-journals",
    ),
    pytest.param(
        "journals/dec/notes.md",
        "x\n",
        "journals/dec/notes.md: warning: unexpected file; each member has a folder here",
        id="file-in-challenge-journals",
    ),
    pytest.param(
        "journals/dec/Alice/plan.md",
        PLAN,
        "journals/dec/Alice: error: 'Alice' is not a valid member id; rename the folder to alice",
        id="journal-folder-not-a-slug",
    ),
    pytest.param(
        "journals/dec/alice-martin/notes.txt",
        "x\n",
        "journals/dec/alice-martin/notes.txt: warning: unexpected file; journal entries are "
        "named day-NN.md",
        id="stray-file-in-journal",
    ),
    pytest.param(
        "members/dan.yml",
        "name: Dan\n",
        "members/dan.yml: error: copkit reads .yaml files; rename it to dan.yaml",
        id="yml",
    ),
    pytest.param(
        "charters/Big Plan.yaml",
        "title: Big\n",
        "charters/Big Plan.yaml: error: 'Big Plan' is not a valid id; rename the file to "
        "big-plan.yaml",
        id="file-name-not-a-slug",
    ),
    pytest.param(
        "challenges/README.md",
        "x\n",
        "challenges/README.md: warning: unexpected file in challenges/; copkit reads only "
        "<id>.yaml there",
        id="stray-file-in-challenges",
    ),
]


@pytest.mark.parametrize(("rel", "text", "line"), CASES)
def test_cross_reference_problems(good: Path, run: Run, rel: str, text: str, line: str) -> None:
    put(good, rel, text)
    code, lines = check(run)
    assert lines == [line]
    assert code == (1 if ": error: " in line else 0)


def test_a_non_slug_team_member_is_reported_once(good: Path, run: Run) -> None:
    put(
        good,
        "charters/playbook.yaml",
        CHARTER.replace("timeline:", "  - {member: Bob, hours_per_week: 1}\ntimeline:"),
    )
    _, lines = check(run)
    assert lines == [
        "charters/playbook.yaml:6:14: error: member 'Bob' is not a valid id; did you mean 'bob'?"
    ]


# ---- warnings do not fail --------------------------------------------------------------------


def _charter(status: str, hours: float) -> str:
    return CHARTER.replace("status: active", f"status: {status}").replace(
        "hours_per_week: 3", f"hours_per_week: {hours:g}"
    )


def test_over_commitment_is_a_warning(good: Path, run: Run) -> None:
    put(good, "charters/playbook.yaml", _charter("active", 6))
    put(good, "charters/second.yaml", _charter("chartered", 4.5))
    code, lines = check(run)
    assert code == 0
    assert lines == [
        "members/alice-martin.yaml:1:1: warning: over-commitment: alice-martin gives 10.5 hours "
        "a week across "
        "chartered and active charters (over 10): playbook (6 h), second (4.5 h)"
    ]


@pytest.mark.parametrize(
    ("status", "hours"),
    [
        pytest.param("active", 7, id="exactly-10"),
        pytest.param("proposed", 20, id="proposed-does-not-count"),
        pytest.param("completed", 20, id="completed-does-not-count"),
    ],
)
def test_no_over_commitment(good: Path, run: Run, status: str, hours: float) -> None:
    put(good, "charters/second.yaml", _charter(status, hours))
    if status == "completed":
        put(
            good,
            "charters/second.yaml",
            _charter(status, hours)
            + "findings: F\nreports:\n  - {date: 2026-12-15, final: true, summary: Done}\n",
        )
    code, lines = check(run)
    assert (code, lines) == (0, [])


def test_unfilled_calendar_day_is_a_warning(good: Path, run: Run) -> None:
    put(
        good,
        "challenges/dec.yaml",
        CHALLENGE.replace(
            "{day: 2, kind: practice, title: Two, prompt: Do two.}", "{day: 2, kind: practice}"
        ),
    )
    code, lines = check(run)
    assert code == 0
    assert lines == ["challenges/dec.yaml:6:5: warning: day 2 has no title or prompt yet"]


def test_meetup_before_the_last_day_is_a_warning(good: Path, run: Run) -> None:
    put(good, "challenges/dec.yaml", CHALLENGE.replace("2027-01-06", "2026-12-02"))
    code, lines = check(run)
    assert code == 0
    assert lines == [
        "challenges/dec.yaml:3:16: warning: the meetup (2026-12-02) is before the last day "
        "(2026-12-03)"
    ]


# ---- the whole run ---------------------------------------------------------------------------


def test_one_bad_file_hides_no_other(good: Path, run: Run) -> None:
    put(good, "members/bob-lee.yaml", "")
    put(good, "charters/playbook.yaml", "<<<<<<< HEAD\ntitle: a\n=======\ntitle: b\n>>>>>>> x\n")
    (good / "journals/dec/alice-martin/day-01.md").write_bytes(b"---\ndate: \xff\n---\n")
    put(good, "challenges/dec.yaml", CHALLENGE + "pairng: {seed: 1, date: 2026-11-30}\n")
    r = run("check")
    assert r.exit_code == 1
    assert r.stdout.splitlines() == [
        "challenges/dec.yaml:10:1: error: unknown key 'pairng'; did you mean 'pairing'?",
        "charters/playbook.yaml:1:1: error: git conflict marker '<<<<<<<': resolve the merge "
        "conflict and remove the markers",
        "charters/playbook.yaml:3:1: error: git conflict marker '=======': resolve the merge "
        "conflict and remove the markers",
        "charters/playbook.yaml:5:1: error: git conflict marker '>>>>>>>': resolve the merge "
        "conflict and remove the markers",
        "journals/dec/alice-martin/day-01.md:2:7: error: not valid UTF-8 (byte 0xff); save the "
        "file as UTF-8",
        "members/bob-lee.yaml:1:1: error: file is empty",
    ]
    assert r.stderr == "10 files checked: 6 errors, 0 warnings.\n"


def test_json_lists_every_problem_with_spec_fields(good: Path, run: Run) -> None:
    put(good, "journals/dec/alice-martin/day-02.md", entry(3))
    put(good, "challenges/dec.yaml", CHALLENGE.replace("2027-01-06", "2026-12-02"))
    r = run("check", "--json")
    assert r.exit_code == 1
    assert r.stderr == ""
    assert json.loads(r.stdout) == [
        {
            "path": "challenges/dec.yaml",
            "line": 3,
            "col": 16,
            "severity": "warning",
            "message": "the meetup (2026-12-02) is before the last day (2026-12-03)",
        },
        {
            "path": "journals/dec/alice-martin/day-02.md",
            "line": 2,
            "col": 7,
            "severity": "error",
            "message": "date 2026-12-03 does not match day 2 of dec (2026-12-02); "
            "write date: 2026-12-02",
        },
    ]


def test_json_of_a_clean_workspace_is_an_empty_list(good: Path, run: Run) -> None:
    r = run("check", "--json")
    assert (r.exit_code, r.stdout, r.stderr) == (0, "[]\n", "")


def test_check_writes_nothing(good: Path, run: Run) -> None:
    from tests.conftest import snapshot

    put(good, "members/bob-lee.yaml", "name: [\n")
    before = snapshot(good)
    run("check")
    run("check", "--json")
    assert snapshot(good) == before
