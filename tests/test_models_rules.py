"""Rules of SPEC section 2 that need only one file, each pinned with its position and message."""

from __future__ import annotations

from pathlib import Path

import msgspec
import pytest

from copkit.model import Charter, JournalEntry, Plan
from copkit.model.rules import CHARTER_RULES, charter_rules
from copkit.services.charters import lacks
from copkit.storage.documents import parse_markdown
from copkit.storage.workspace import Workspace


@pytest.fixture
def space(tmp_path: Path) -> Workspace:
    (tmp_path / "copkit.yaml").write_text("name: T\n")
    return Workspace(tmp_path)


def problems(ws: Workspace, rel: str, text: str) -> list[str]:
    p = ws.root / rel
    p.parent.mkdir(parents=True, exist_ok=True)
    p.write_text(text)
    kind = rel.split("/")[0]
    if kind == "charters":
        loaded = ws.load_charter(p.stem)
    elif kind == "challenges":
        loaded = ws.load_challenge(p.stem)
    elif kind == "members":
        loaded = ws.load_member(p.stem)
    else:
        loaded = ws.load_config()
    return sorted(str(x) for x in loaded.problems)  # as check prints them


READY = """\
title: T
kind: {kind}
status: {status}
issue: I
goal: G
team:
  - {{member: alice-martin, role: lead, hours_per_week: 2}}
timeline: {{start: 2026-12-01}}
reporting: {{every_days: 14}}
"""


def charter(status: str = "active", kind: str = "practice-development", more: str = "") -> str:
    return READY.format(status=status, kind=kind) + more


CHARTER_CASES = [
    pytest.param(
        charter(kind="pro-bono"),
        [
            "charters/c.yaml:2:7: error: a pro-bono charter needs a beneficiary (beneficiary:); "
            "to fix: copkit charter set c --beneficiary TEXT"
        ],
        id="pro-bono-beneficiary",
    ),
    pytest.param(
        charter(kind="case-study"),
        [
            "charters/c.yaml:2:7: error: a case-study charter needs the project it adopts "
            "(source_project:); to fix: copkit charter set c --source-project TEXT"
        ],
        id="case-study-source",
    ),
    pytest.param(
        charter(kind="case-study", more="source_project: Payments migration\n"),
        [],
        id="case-study-ok",
    ),
    pytest.param(
        charter().replace("{start: 2026-12-01}", "{start: 2026-12-01, end: 2026-11-30}"),
        [
            "charters/c.yaml:8:36: error: end 2026-11-30 is before start 2026-12-01; "
            "to fix: copkit charter set c --end DATE"
        ],
        id="end-before-start",
    ),
    pytest.param(
        charter().replace("{start: 2026-12-01}", "{start: 2026-12-01, end: 2026-12-01}"),
        [],
        id="end-on-start",
    ),
    pytest.param(
        charter(status="proposed")
        .replace("goal: G\n", "")
        .replace("reporting: {every_days: 14}\n", ""),
        [
            "charters/c.yaml:3:9: error: a proposed charter needs a goal (goal:); "
            "to fix: copkit charter set c --goal TEXT",
        ],
        id="propose-needs-goal",
    ),
    pytest.param(
        charter(status="draft").replace("goal: G\n", ""),
        [],
        id="draft-may-lack-everything",
    ),
    pytest.param(
        charter(status="chartered").replace("role: lead", "role: member"),
        [
            "charters/c.yaml:3:9: error: a chartered charter needs a lead (a team member with "
            "role: lead); to fix: copkit charter set c --lead MEMBER:HOURS, or a volunteer signs "
            "up: copkit charter join c --as MEMBER --role lead --hours H"
        ],
        id="no-lead",
    ),
    pytest.param(
        charter(status="completed"),
        [
            "charters/c.yaml:3:9: error: a completed charter needs a final report; to fix: "
            "copkit charter report c --final --summary TEXT while it is active, or add a report "
            "with `final: true` to `reports:`",
            "charters/c.yaml:3:9: error: a completed charter needs findings (findings:); "
            "to fix: copkit charter set c --findings TEXT",
        ],
        id="completed",
    ),
    pytest.param(
        charter(
            status="completed",
            more="reports:\n  - {date: 2026-12-20, final: true, summary: S}\nfindings: F\n",
        ),
        [],
        id="completed-ok",
    ),
    pytest.param(
        charter(more="  - {member: alice-martin, role: member, hours_per_week: 1}\n").replace(
            "timeline: {start: 2026-12-01}\nreporting: {every_days: 14}\n", ""
        )
        + "timeline: {start: 2026-12-01}\nreporting: {every_days: 14}\n",
        [
            "charters/c.yaml:8:14: error: alice-martin is in the team twice; to fix: remove one "
            "of the two entries of alice-martin from `team:`"
        ],
        id="team-twice",
    ),
    pytest.param(
        charter().replace(
            "timeline:", "  - {member: bob-lee, role: lead, hours_per_week: 1}\ntimeline:"
        ),
        [
            "charters/c.yaml:8:29: error: a charter has one lead; make the others role: member; "
            "to fix: copkit charter set c --lead MEMBER (the others become members)"
        ],
        id="two-leads",
    ),
    pytest.param(
        charter(
            more="history:\n  - {date: 2026-11-20, status: proposed}\n"
            "  - {date: 2026-11-10, status: chartered}\n"
        ),
        [
            "charters/c.yaml:12:12: error: history are kept oldest first; to fix: put the "
            "entries of `history:` in date order"
        ],
        id="history-order",
    ),
    pytest.param(
        charter(more="reporting_every: 3\n"),
        ["charters/c.yaml:10:1: error: unknown key 'reporting_every'; did you mean 'reporting'?"],
        id="unknown-key",
    ),
    pytest.param(
        charter().replace("hours_per_week: 2", "hours_per_week: 81"),
        ["charters/c.yaml:7:56: error: team[0].hours_per_week: expected a number <= 80"],
        id="hours-range",
    ),
]


@pytest.mark.parametrize(("text", "expected"), CHARTER_CASES)
def test_charter_rules(space: Workspace, text: str, expected: list[str]) -> None:
    assert problems(space, "charters/c.yaml", text) == expected


CHALLENGE = """\
title: December
start: 2026-12-01
days:
  - {day: 1, kind: learn, title: One, prompt: Do one.}
  - {day: 2, kind: practice, title: Two, prompt: Do two.}
"""

CHALLENGE_CASES = [
    pytest.param(CHALLENGE, [], id="ok"),
    pytest.param(
        CHALLENGE.replace("day: 2,", "day: 3,"),
        ["challenges/c.yaml:5:11: error: days are numbered 1..N in order: expected 2, found 3"],
        id="numbering",
    ),
    pytest.param(
        CHALLENGE.replace("day: 1,", "day: 0,"),
        ["challenges/c.yaml:4:11: error: days[0].day: expected a whole number >= 1"],
        id="day-zero",
    ),
    pytest.param(
        "title: December\nstart: 2026-12-01\ndays: []\n",
        ["challenges/c.yaml:3:7: error: a challenge needs at least one day"],
        id="no-days",
    ),
    pytest.param(
        CHALLENGE.replace("kind: practice", "kind: practise"),
        [
            "challenges/c.yaml:5:20: error: days[1].kind: 'practise' is not one of learn, "
            "practice, balance, reflect; did you mean 'practice'?"
        ],
        id="kind",
    ),
    pytest.param(
        CHALLENGE.replace("prompt: Do two.}", "prompt: Do two., levels: {starter: a, expert: b}}"),
        [
            "challenges/c.yaml:5:80: error: unknown key 'expert' in days[1].levels; known keys: "
            "starter, experienced"
        ],
        id="levels",
    ),
    pytest.param(
        CHALLENGE + "finish_threshold: 80\n",
        ["challenges/c.yaml:6:19: error: finish_threshold: expected a number <= 1"],
        id="threshold",
    ),
    pytest.param(
        CHALLENGE + "pairs:\n  - [alice-martin]\n",
        ["challenges/c.yaml:7:5: error: a partner group has 2 or 3 members, not 1"],
        id="pair-of-one",
    ),
    pytest.param(
        CHALLENGE + "pairs:\n  - [a, b, c, d]\n",
        ["challenges/c.yaml:7:5: error: a partner group has 2 or 3 members, not 4"],
        id="group-of-four",
    ),
    pytest.param(
        CHALLENGE + "pairs:\n  - [a, b]\n  - [b, c]\n",
        ["challenges/c.yaml:8:6: error: b is in two partner groups"],
        id="in-two-groups",
    ),
    pytest.param(
        CHALLENGE + "pairs:\n  - [a, Bob]\n",
        ["challenges/c.yaml:7:9: error: member 'Bob' is not a valid id; did you mean 'bob'?"],
        id="pair-not-a-slug",
    ),
]


@pytest.mark.parametrize(("text", "expected"), CHALLENGE_CASES)
def test_challenge_rules(space: Workspace, text: str, expected: list[str]) -> None:
    assert problems(space, "challenges/c.yaml", text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param("name: T\n", [], id="ok"),
        pytest.param(
            "name: T\ntimezone: Paris\n",
            [
                "copkit.yaml:2:11: error: unknown timezone 'Paris'; use an IANA name such as "
                "Europe/Paris"
            ],
            id="timezone",
        ),
        pytest.param(
            "name: T\ntimezone: europe/paris\n",
            [
                "copkit.yaml:2:11: error: unknown timezone 'europe/paris'; did you mean 'Europe/Paris'?"
            ],
            id="timezone-case",
        ),
        pytest.param(
            "nmae: T\n",
            [
                "copkit.yaml:1:1: error: missing required key 'name'",
                "copkit.yaml:1:1: error: unknown key 'nmae'; did you mean 'name'?",
            ],
            id="typo",
        ),
    ],
)
def test_config_rules(space: Workspace, text: str, expected: list[str]) -> None:
    assert problems(space, "copkit.yaml", text) == expected


@pytest.mark.parametrize(
    ("front", "expected"),
    [
        pytest.param("date: 2026-12-01\nstatus: done\n", [], id="ok"),
        pytest.param(
            "date: 2026-12-01\nstatus: finished\n",
            ["j.md:3:9: error: status: 'finished' is not one of done, partial, skipped"],
            id="status",
        ),
        pytest.param(
            "date: 2026-12-01\nstatus: done\nmood: 0\nminutes: -5\n",
            [
                "j.md:4:7: error: mood: expected a whole number >= 1",
                "j.md:5:10: error: minutes: expected a whole number >= 0",
            ],
            id="ranges",
        ),
        pytest.param(
            "date: 2026-12-01\nstatus: done\ntags: docker\nhighlite: true\n",
            [
                "j.md:4:7: error: tags: expected a list, got text",
                "j.md:5:1: error: unknown key 'highlite'; did you mean 'highlight'?",
            ],
            id="tags-and-typo",
        ),
    ],
)
def test_journal_entry_rules(front: str, expected: list[str]) -> None:
    loaded = parse_markdown(f"---\n{front}---\nBody\n", "j.md", JournalEntry)
    assert [str(p) for p in loaded.problems] == expected


def test_plan_level_is_checked() -> None:
    loaded = parse_markdown("---\nlevel: expert\n---\n", "plan.md", Plan)
    assert [str(p) for p in loaded.problems] == [
        "plan.md:2:8: error: level: 'expert' is not one of starter, experienced"
    ]


def test_each_verb_needs_what_the_spec_says() -> None:
    c = Charter(title="T")
    assert [f.message for f in lacks(c, "t", "proposed")] == [
        "a proposed charter needs the issue of the practice (issue:)",
        "a proposed charter needs a goal (goal:)",
        "a proposed charter with no team needs open seats for volunteers (volunteers_wanted:)",
    ]
    assert [f.fix for f in lacks(c, "t", "proposed")] == [
        "copkit charter set t --issue TEXT",
        "copkit charter set t --goal TEXT",
        "copkit charter set t --volunteers-wanted N",
    ]
    ready = msgspec.structs.replace(c, issue="I", goal="G")
    assert [f.message for f in lacks(ready, "t", "chartered")] == [
        "a chartered charter needs a lead (a team member with role: lead)",
        "a chartered charter needs a start date (timeline.start)",
        "a chartered charter needs a report cadence (reporting.every_days)",
    ]
    assert [f.message for f in lacks(ready, "t", "completed")][-2:] == [
        "a completed charter needs findings (findings:)",
        "a completed charter needs a final report",
    ]


def test_a_draft_needs_only_a_title() -> None:
    assert charter_rules(Charter(title="T")) == []
    assert [f.message for f in charter_rules(Charter(title=" "))] == ["a charter needs a title"]
    assert [f.message for f in charter_rules(Charter(title="T", kind="pro-bono"))] == [
        "a pro-bono charter needs a beneficiary (beneficiary:)"
    ]


def test_every_rule_is_its_own_function_with_a_docstring() -> None:
    assert len(CHARTER_RULES) == len(set(CHARTER_RULES)) >= 10
    assert all(rule.__doc__ for rule in CHARTER_RULES)
