"""Unknown ids are errors everywhere, with a did-you-mean; broken charter files are named."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from copkit.errors import CopkitError, Problem
from copkit.model.ids import close_ids, did_you_mean
from copkit.storage.workspace import Workspace
from tests.conftest import Run


@pytest.fixture
def demo_today(demo: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("COPKIT_TODAY", "2026-12-10")
    return demo


def test_close_ids_spelling_then_first_name() -> None:
    known = ["priya-raman", "raj-patel", "rajesh-kumar", "tomasz-nowak"]
    assert close_ids("raj-patle", known) == ["raj-patel"]
    assert close_ids("raj", known) == ["raj-patel"]
    assert close_ids("zzz", known) == []
    assert did_you_mean("priya-ramen", known) == "did you mean 'priya-raman'?"
    assert did_you_mean("ab", ["abc", "abd"]) in (
        "did you mean 'abc' or 'abd'?",
        "did you mean 'abd' or 'abc'?",
    )
    assert did_you_mean("x", []) is None


def test_known_is_the_one_check(demo_today: Path) -> None:
    ws = Workspace(demo_today)
    assert ws.known("member", "priya-raman") == "priya-raman"
    with pytest.raises(CopkitError) as e:
        ws.known("challenge", "devops-decembr")
    assert e.value.message == (
        "no challenge 'devops-decembr' (challenges/devops-decembr.yaml does not exist); "
        "did you mean 'devops-december'?"
    )
    with pytest.raises(CopkitError) as e:
        ws.known("charter", "zzz")
    assert e.value.hint is not None and e.value.hint.startswith("The charters: chaos-game-days")


UNKNOWN = [
    pytest.param(
        ["journal", "list", "devops-december", "--as", "priya-ramen"],
        "error: no member 'priya-ramen' (members/priya-ramen.yaml does not exist); "
        "did you mean 'priya-raman'?",
        id="journal-list-as",
    ),
    pytest.param(
        ["journal", "list", "devops-december", "--as", "raj-patle"],
        "error: no member 'raj-patle' (members/raj-patle.yaml does not exist)\n"
        "hint: Add them with: copkit member add raj-patle --name NAME",
        id="journal-list-as-nothing-close",
    ),
    pytest.param(
        ["challenge", "progress", "devops-december", "--as", "priya-ramen"],
        "error: no member 'priya-ramen' (members/priya-ramen.yaml does not exist); "
        "did you mean 'priya-raman'?",
        id="progress-as",
    ),
    pytest.param(
        ["journal", "add", "devops-december", "--as", "priya", "-m", "x"],
        "error: no member 'priya' (members/priya.yaml does not exist); did you mean 'priya-raman'?",
        id="journal-add-first-name",
    ),
    pytest.param(
        ["member", "set", "priya-ramen", "--name", "P"],
        "error: no member 'priya-ramen' (members/priya-ramen.yaml does not exist); "
        "did you mean 'priya-raman'?",
        id="member-set",
    ),
    pytest.param(
        ["challenge", "report", "devops-decembr"],
        "error: no challenge 'devops-decembr' (challenges/devops-decembr.yaml does not exist); "
        "did you mean 'devops-december'?",
        id="challenge",
    ),
    pytest.param(
        ["charter", "summary", "onboarding-playbok"],
        "error: no charter 'onboarding-playbok' (charters/onboarding-playbok.yaml does not "
        "exist); did you mean 'onboarding-playbook'?",
        id="charter",
    ),
    pytest.param(
        ["charter", "set", "onboarding-playbook", "--drop-member", "mei-chn"],
        "error: --drop-member mei-chn: mei-chn is not in the team of onboarding-playbook; "
        "did you mean 'mei-chen'?",
        id="drop-member",
    ),
    pytest.param(
        ["charter", "set", "onboarding-playbook", "--observer", "mei-chn"],
        "error: --observer mei-chn: unknown member 'mei-chn': did you mean 'mei-chen'?",
        id="observer",
    ),
    pytest.param(
        ["template", "check", "devps"],
        "error: no challenge set 'devps'; did you mean 'devops'?",
        id="template",
    ),
]


@pytest.mark.parametrize(("args", "message"), UNKNOWN)
def test_unknown_ids_exit_1_with_did_you_mean(
    run: Run, demo_today: Path, args: list[str], message: str
) -> None:
    r = run(*args)
    assert r.exit_code == 1, r.output
    assert r.stderr.startswith(message), r.stderr
    assert r.stdout == ""


def test_unknown_member_from_the_environment(run: Run, demo_today: Path) -> None:
    r = run("journal", "show", "devops-december", "--day", "1", env={"COPKIT_MEMBER": "mei-chn"})
    assert r.exit_code == 1
    assert "did you mean 'mei-chen'?" in r.stderr


# ---- broken charter files ------------------------------------------------------------------


@pytest.fixture
def broken(ws: Path) -> Path:
    (ws / "charters" / "bad.yaml").write_text("title: X\nkind: weird\n  bad: [\n")
    return ws


def test_charter_list_names_broken_files_instead_of_inviting_a_new_one(
    run: Run, broken: Path
) -> None:
    r = run("charter", "list")
    assert r.exit_code == 1
    assert "No charters yet" not in r.stderr + r.stdout
    assert r.stderr.splitlines() == [
        "error: 1 charter file cannot be read:",
        "  charters/bad.yaml:3:3: this line is indented more than line 2: line its key up "
        "with the keys above it (YAML reads the indentation as structure)",
        "hint: Fix them (copkit check lists every problem), then run the command again.",
    ]


def test_charter_list_lists_the_good_ones_and_exits_1(run: Run, broken: Path) -> None:
    (broken / "charters" / "good.yaml").write_text("title: A good one\n")
    r = run("charter", "list")
    assert r.exit_code == 1
    assert "good" in r.stdout and "A good one" in r.stdout
    assert "charters/bad.yaml:3:3:" in r.stderr
    assert "so the list leaves them out" in r.stderr
    j = run("charter", "list", "--json")
    assert j.exit_code == 1
    assert [row["charter"] for row in json.loads(j.stdout)] == ["good"]


def test_charter_list_without_files_still_invites(run: Run, ws: Path) -> None:
    r = run("charter", "list")
    assert r.exit_code == 0
    assert "No charters yet. Create one with: copkit charter new CHARTER" in r.stderr


def test_charter_show_prints_one_clean_message(run: Run, broken: Path) -> None:
    r = run("charter", "show", "bad")
    assert r.exit_code == 1
    assert r.stderr.splitlines()[0] == (
        "error: charters/bad.yaml:3:3: this line is indented more than line 2: line its key "
        "up with the keys above it (YAML reads the indentation as structure)"
    )
    assert r.stderr.count("error:") == 1


def test_several_problems_one_message() -> None:
    e = CopkitError.from_problems(
        [Problem("c.yaml", 1, 8, "error", "title: bad"), Problem("c.yaml", 3, 1, "error", "x")]
    )
    assert e.message == "c.yaml has 2 errors:\n  c.yaml:1:8: title: bad\n  c.yaml:3:1: x"
