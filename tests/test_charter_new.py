"""copkit charter new: every field as a flag, prompts in a terminal, --no-input, variations."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from tests.conftest import Run, snapshot

FULL = [
    "--title",
    "DevOps onboarding playbook",
    "--issue",
    "New members need months to become productive.",
    "--goal",
    "A playbook that gets a new member shipping in two weeks.",
    "--lead",
    "alice-martin:3",
    "--member",
    "bob-lee:2",
    "--start",
    "2026-12-01",
    "--end",
    "2027-02-28",
    "--every-days",
    "14",
    "--channel",
    "monthly community call",
    "--scope-in",
    "first-week checklist",
    "--scope-in",
    "pairing guide",
    "--scope-out",
    "tool procurement",
    "--volunteers-wanted",
    "1",
    "--sponsor",
    "DevOps CoP core group",
    "--funding-by",
    "Platform Engineering",
    "--budget",
    "5000",
    "--currency",
    "EUR",
    "--milestone",
    "2027-01-15:Draft playbook reviewed",
    "--deliverable",
    "Onboarding playbook",
    "--success-criterion",
    "Two joiners ship in week two.",
    "--risk",
    "Nobody joins before February.",
]

EXPECTED = """\
title: DevOps onboarding playbook
kind: practice-development
status: draft
issue: New members need months to become productive.
goal: A playbook that gets a new member shipping in two weeks.
scope:
  in: [first-week checklist, pairing guide]
  out: [tool procurement]
origin: members-proposed
beneficiary: null
source_project: null
team:
  - {member: alice-martin, role: lead, hours_per_week: 3}
  - {member: bob-lee, role: member, hours_per_week: 2}
volunteers_wanted: 1
sponsor:
  learning: DevOps CoP core group
  funding:
    by: Platform Engineering
    amount: 5000
    currency: EUR
timeline:
  start: 2026-12-01
  end: 2027-02-28
  milestones:
    - {date: 2027-01-15, name: Draft playbook reviewed, done: false}
reporting:
  every_days: 14
  channel: monthly community call
deliverables:
  - {name: Onboarding playbook, url: null, done: false}
success_criteria: [Two joiners ship in week two.]
risks: [Nobody joins before February.]
history:
  - {date: 2026-11-28, status: draft, by: carol-diaz}
reports: []
findings: null
"""


def test_every_field_as_a_flag(ws: Path, run: Run) -> None:
    r = run("charter", "new", "onboarding-playbook", *FULL, "--by", "carol-diaz", "--no-input")
    assert r.exit_code == 0, r.output
    assert (ws / "charters" / "onboarding-playbook.yaml").read_text() == EXPECTED
    assert r.stdout == ""
    assert r.stderr.startswith("Created charters/onboarding-playbook.yaml (draft).\n")
    assert run("check").exit_code == 0
    # straight on to the next step: everything needed to leave draft is there
    assert run("charter", "propose", "onboarding-playbook").exit_code == 0


def test_no_input_lists_every_missing_field(ws: Path, run: Run) -> None:
    files = snapshot(ws)
    r = run("charter", "new", "op", "--no-input")
    assert r.exit_code == 1
    assert r.stderr.splitlines() == [
        "error: cannot create charter op: missing --title",
        "hint: Pass them as flags, or run it in a terminal without --no-input to be asked.",
    ]
    assert snapshot(ws) == files


def test_a_draft_needs_only_a_title(ws: Path, run: Run) -> None:
    r = run("charter", "new", "idea", "--title", "An idea to work out", "--no-input")
    assert r.exit_code == 0, r.output
    text = (ws / "charters" / "idea.yaml").read_text()
    assert "status: draft\n" in text
    assert "team: []\n" in text
    assert run("check").exit_code == 0


@pytest.mark.parametrize(
    ("kind", "flag"),
    [("pro-bono", "--beneficiary"), ("case-study", "--source-project")],
)
def test_a_variation_draft_needs_what_it_is_about(ws: Path, run: Run, kind: str, flag: str) -> None:
    r = run("charter", "new", "op", "--title", "T", "--kind", kind, "--no-input")
    assert r.exit_code == 1
    assert f"error: cannot create charter op: missing {flag}" in r.stderr
    assert not (ws / "charters" / "op.yaml").exists()


def test_without_a_terminal_it_never_prompts(ws: Path, run: Run) -> None:
    # CliRunner's stdin is not a terminal: no prompt, even with answers waiting on stdin
    r = run("charter", "new", "op", "--kind", "pro-bono", input="x\n" * 20)
    assert r.exit_code == 1
    assert "missing --title, --beneficiary" in r.stderr
    assert "?" not in r.stdout + r.stderr.split("hint:")[0].replace("--", "")
    assert not (ws / "charters" / "op.yaml").exists()


MINIMUM = [
    "--title",
    "T",
    "--issue",
    "I",
    "--goal",
    "G",
    "--lead",
    "alice-martin",
    "--start",
    "tomorrow",
    "--every-days",
    "7",
]


@pytest.mark.parametrize(
    ("kind", "extra", "missing", "field", "value"),
    [
        pytest.param(
            "pro-bono",
            ["--beneficiary", "Riverside Food Bank"],
            "--beneficiary",
            "beneficiary",
            "Riverside Food Bank",
            id="pro-bono",
        ),
        pytest.param(
            "case-study",
            ["--source-project", "Payments on-call migration"],
            "--source-project",
            "source_project",
            "Payments on-call migration",
            id="case-study",
        ),
    ],
)
def test_variations_need_their_own_field(
    ws: Path, run: Run, kind: str, extra: list[str], missing: str, field: str, value: str
) -> None:
    r = run("charter", "new", "op", *MINIMUM, "--kind", kind, "--no-input")
    assert r.exit_code == 1
    assert r.stderr.startswith(f"error: cannot create charter op: missing {missing}\n")
    assert not (ws / "charters" / "op.yaml").exists()
    r = run("charter", "new", "op", *MINIMUM, "--kind", kind, *extra, "--no-input")
    assert r.exit_code == 0, r.output
    text = (ws / "charters" / "op.yaml").read_text()
    assert f"kind: {kind}\n" in text
    assert f"{field}: {value}\n" in text
    assert "start: 2026-11-29\n" in text  # tomorrow
    assert "{member: alice-martin, role: lead, hours_per_week: 0}" in text
    assert run("check").exit_code == 0
    r = run("charter", "show", "op")
    assert value in r.stdout
    r = run("charter", "summary", "op")
    assert value in r.stdout


BAD_FLAGS = [
    pytest.param(
        ["--lead", "alice"],
        "--lead alice: unknown member 'alice': did you mean 'alice-martin'?",
        id="unknown-lead",
    ),
    pytest.param(
        ["--member", "dan-wu:2"],
        "--member dan-wu: unknown member 'dan-wu': add them with `copkit member add dan-wu`",
        id="unknown-member",
    ),
    pytest.param(
        ["--member", "Bob Lee:2"],
        "--member Bob Lee: 'Bob Lee' is not a valid member id; did you mean 'bob-lee'?",
        id="member-not-a-slug",
    ),
    pytest.param(
        ["--member", "bob-lee:lots"],
        "--member 'bob-lee:lots': 'lots' is not a number of hours a week",
        id="hours-not-a-number",
    ),
    pytest.param(
        ["--member", "bob-lee:100"],
        "--member 'bob-lee:100': 100 hours a week is out of range (0 to 80)",
        id="hours-out-of-range",
    ),
    pytest.param(
        ["--start", "2026-13-01"],
        "--start '2026-13-01' is not a date; use YYYY-MM-DD, today, yesterday or tomorrow",
        id="bad-start",
    ),
    pytest.param(
        ["--milestone", "2027-01-15"],
        "--milestone '2027-01-15': write DATE:NAME, e.g. 2027-01-15:Draft playbook reviewed",
        id="milestone-without-name",
    ),
]


@pytest.mark.parametrize(("flags", "message"), BAD_FLAGS)
def test_bad_flags_are_refused_before_anything_is_asked(
    ws: Path, run: Run, flags: list[str], message: str
) -> None:
    files = snapshot(ws)
    r = run("charter", "new", "op", *flags, env={"COPKIT_INTERACTIVE": "1"}, input="x\n" * 20)
    assert r.exit_code == 1
    assert r.stderr.splitlines()[:2] == ["error: cannot create charter op:", f"  {message}"]
    assert snapshot(ws) == files


def test_all_bad_flags_are_listed_together(ws: Path, run: Run) -> None:
    r = run("charter", "new", "op", "--lead", "alice", "--end", "soon", "--no-input")
    assert r.exit_code == 1
    lines = r.stderr.splitlines()
    assert lines[1].startswith("  --lead alice: unknown member")
    assert lines[2].startswith("  --end 'soon' is not a date")


@pytest.mark.parametrize(
    ("flags", "message"),
    [
        pytest.param(
            ["--start", "2027-01-01", "--end", "2026-12-01"],
            "end 2026-12-01 is before start 2027-01-01",
            id="end-before-start",
        ),
        pytest.param(
            ["--member", "alice-martin:2"],
            "alice-martin is given twice for the team",
            id="lead-twice",
        ),
        pytest.param(
            ["--beneficiary", "Someone", "--kind", "case-study", "--source-project", "P"],
            "--beneficiary is for pro-bono charters (--kind pro-bono)",
            id="beneficiary-without-pro-bono",
        ),
        pytest.param(
            ["--budget", "300"],
            "--budget and --currency need --funding-by (who funds the project)",
            id="budget-without-funder",
        ),
    ],
)
def test_answers_that_break_a_rule_are_refused(
    ws: Path, run: Run, flags: list[str], message: str
) -> None:
    args = list(MINIMUM)
    if "--start" in flags:
        i = args.index("--start")
        del args[i : i + 2]
    r = run("charter", "new", "op", *args, *flags, "--no-input")
    assert r.exit_code == 1
    assert r.stderr.startswith(f"error: the charter cannot be created: {message}"), r.stderr
    assert not (ws / "charters" / "op.yaml").exists()


def test_an_existing_charter_is_never_replaced_without_force(ws: Path, run: Run) -> None:
    (ws / "charters" / "op.yaml").write_text("title: Mine\n# my notes\n")
    files = snapshot(ws)
    r = run("charter", "new", "op", *MINIMUM, "--no-input")
    assert r.exit_code == 1
    assert r.stderr.startswith(
        "error: charters/op.yaml already exists; copkit does not replace a charter without --force"
    )
    assert snapshot(ws) == files
    r = run("charter", "new", "op", *MINIMUM, "--no-input", "--force")
    assert r.exit_code == 0, r.output
    assert "title: T\n" in (ws / "charters" / "op.yaml").read_text()


@pytest.mark.parametrize("bad", ["Onboarding", "../x", "a b", ""])
def test_the_id_must_be_a_slug(ws: Path, run: Run, bad: str) -> None:
    files = snapshot(ws)
    r = run("charter", "new", bad, *MINIMUM, "--no-input")
    assert r.exit_code == 1
    assert "is not a valid charter id" in r.stderr
    assert snapshot(ws) == files


# ---- prompts in a terminal ----------------------------------------------------------------------

TERMINAL = {"COPKIT_INTERACTIVE": "1"}


def answers(*lines: str) -> str:
    return "".join(f"{line}\n" for line in lines)


def test_prompts_ask_for_everything_missing(ws: Path, run: Run) -> None:
    r = run(
        "charter",
        "new",
        "onboarding-playbook",
        env=TERMINAL,
        input=answers(
            "",  # title: take the suggestion
            "pro-bono",  # kind
            "Riverside Food Bank",  # beneficiary
            "Backups are lost.",  # issue
            "Nightly backups.",  # goal
            "alice",  # lead: unknown, asked again
            "alice-martin",
            "three",  # hours: not a number, asked again
            "3",
            "bob-lee:2",  # another member
            "carol-diaz",  # another member without hours: asked for them
            "1.5",
            "",  # no more members
            "",  # open seats: default 0
            "2026-13-01",  # start: impossible date, asked again
            "2026-12-07",
            "2026-12-01",  # end before start, asked again
            "",  # no end
            "",  # cadence: default 14
            "the pro-bono thread",
            "y",
        ),
    )
    assert r.exit_code == 0, r.output
    text = (ws / "charters" / "onboarding-playbook.yaml").read_text()
    for line in [
        "title: Onboarding playbook\n",
        "kind: pro-bono\n",
        "beneficiary: Riverside Food Bank\n",
        "issue: Backups are lost.\n",
        "  - {member: alice-martin, role: lead, hours_per_week: 3}\n",
        "  - {member: bob-lee, role: member, hours_per_week: 2}\n",
        "  - {member: carol-diaz, role: member, hours_per_week: 1.5}\n",
        "volunteers_wanted: 0\n",
        "  start: 2026-12-07\n",
        "  end: null\n",
        "  every_days: 14\n",
        "  channel: the pro-bono thread\n",
        "  learning: Test CoP\n",  # the community is the learning sponsor by default
    ]:
        assert line in text
    assert "unknown member 'alice': did you mean 'alice-martin'?" in r.stderr
    assert "'three' is not a number of hours a week" in r.stderr
    assert "'2026-13-01' is not a date" in r.stderr
    assert "the end (2026-12-01) is before the start (2026-12-07)" in r.stderr
    assert r.stdout == ""  # prompts go to stderr; stdout stays clean
    assert run("check").exit_code == 0


def test_prompts_skip_what_the_flags_gave(ws: Path, run: Run) -> None:
    r = run(
        "charter",
        "new",
        "op",
        "--title",
        "T",
        "--kind",
        "practice-development",
        "--issue",
        "I",
        "--lead",
        "bob-lee:2",
        "--member",
        "carol-diaz:1",
        "--volunteers-wanted",
        "2",
        "--end",
        "2027-03-01",
        "--channel",
        "call",
        env=TERMINAL,
        input=answers("The goal.", "today", "21", "y"),
    )
    assert r.exit_code == 0, r.output
    text = (ws / "charters" / "op.yaml").read_text()
    assert "goal: The goal.\n" in text
    assert "  start: 2026-11-28\n" in text
    assert "  every_days: 21\n" in text
    assert "Title" not in r.stderr
    assert "Kind" not in r.stderr


def test_saying_no_at_the_end_writes_nothing(ws: Path, run: Run) -> None:
    files = snapshot(ws)
    r = run(
        "charter", "new", "op", *MINIMUM, env=TERMINAL, input=answers("", "1", "", "", "", "", "n")
    )
    assert r.exit_code == 1
    assert "Nothing was written." in r.stderr
    assert snapshot(ws) == files


def test_input_ending_early_writes_nothing(ws: Path, run: Run) -> None:
    files = snapshot(ws)
    r = run("charter", "new", "op", env=TERMINAL, input=answers("Title", "case-study"))
    assert r.exit_code == 1
    assert (
        "error: no answer for 'The existing project adopted as a case study' (input ended); "
        "nothing was written" in r.stderr
    )
    assert snapshot(ws) == files


def test_ctrl_c_leaves_nothing_behind(ws: Path, run: Run, monkeypatch: pytest.MonkeyPatch) -> None:
    from rich.prompt import PromptBase

    calls = []

    def interrupted(cls: Any, *args: Any, **kwargs: Any) -> str:
        calls.append(args)
        if len(calls) == 4:
            raise KeyboardInterrupt
        return "something"

    monkeypatch.setattr(PromptBase, "get_input", classmethod(interrupted))
    files = snapshot(ws)
    r = run("charter", "new", "op", "--kind", "practice-development", env=TERMINAL)
    assert r.exit_code == 130
    assert "interrupted; nothing was written" in r.stderr
    assert snapshot(ws) == files
    assert not list((ws / "charters").iterdir())  # no temporary file either


def test_kind_is_a_choice(ws: Path, run: Run) -> None:
    r = run(
        "charter",
        "new",
        "op",
        *MINIMUM,
        env=TERMINAL,
        input=answers("probono", "case-study", "The payments migration", "2", "", "", "", "", "y"),
    )
    assert r.exit_code == 0, r.output
    assert "Please select one of the available options" in r.stderr
    assert "source_project: The payments migration" in (ws / "charters" / "op.yaml").read_text()


def test_no_input_wins_over_a_terminal(ws: Path, run: Run) -> None:
    r = run("charter", "new", "op", "--no-input", env=TERMINAL, input=answers("T"))
    assert r.exit_code == 1
    assert "missing --title" in r.stderr


def test_interactive_helper(monkeypatch: pytest.MonkeyPatch) -> None:
    from copkit.cli.charter import interactive

    monkeypatch.setenv("COPKIT_INTERACTIVE", "1")
    assert interactive(False) is True
    assert interactive(True) is False
    monkeypatch.setenv("COPKIT_INTERACTIVE", "0")
    assert interactive(False) is False


@pytest.mark.parametrize(
    ("flag", "kind"),
    [("--beneficiary", "pro-bono"), ("--source-project", "case-study")],
)
def test_the_variation_field_implies_the_kind(ws: Path, run: Run, flag: str, kind: str) -> None:
    r = run("charter", "new", "op", *MINIMUM, flag, "Someone", "--no-input")
    assert r.exit_code == 0, r.output
    assert f"kind: {kind}\n" in (ws / "charters" / "op.yaml").read_text()
