"""Shell completion of challenge, member, charter and template ids."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from copkit.cli import completion
from copkit.cli.app import app


@pytest.fixture
def demo_root(demo: Path) -> Path:
    return demo


def test_callbacks_list_ids_by_prefix(demo_root: Path) -> None:
    assert completion.challenges(None, "d") == ["devops-december"]
    assert completion.members(None, "p") == ["priya-raman"]
    assert completion.charters(None, "") == [
        "chaos-game-days",
        "food-bank-pipeline",
        "incident-review-case-study",
        "onboarding-playbook",
    ]
    assert "devops" in completion.templates(None, "dev")
    assert completion.members(None, "amara-okafor:") == []  # the hours are the user's


def test_callbacks_never_raise_outside_a_workspace(isolate: Path) -> None:
    assert completion.challenges(None, "") == []
    assert completion.members(None, "a") == []
    # every command that takes a set needs a workspace: none, nothing to offer
    assert completion.templates(None, "") == []


def test_callbacks_never_raise_on_a_broken_root(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("COPKIT_ROOT", str(tmp_path / "missing"))
    assert completion.charters(None, "") == []


def _complete(words: str, cwd: Path | None = None, root: Path | None = None) -> list[str]:
    """What bash would be offered, through Typer's completion variables."""
    cword = len(words.split()) - (0 if words.endswith(" ") else 1)
    env = {"_COPKIT_COMPLETE": "complete_bash", "COMP_WORDS": words, "COMP_CWORD": str(cword)}
    r = CliRunner().invoke(app, [], env=env, prog_name="copkit")
    assert r.exit_code == 0, r.output
    return r.stdout.split()


@pytest.mark.parametrize(
    ("words", "offered"),
    [
        pytest.param("copkit challenge progress dev", ["devops-december"], id="challenge-arg"),
        pytest.param("copkit challenge report o", ["observability-october"], id="report"),
        pytest.param("copkit journal list devops-december --as pr", ["priya-raman"], id="as"),
        pytest.param("copkit charter show on", ["onboarding-playbook"], id="charter"),
        pytest.param("copkit charter propose chaos-game-days --by h", ["hannah-schmidt"], id="by"),
        pytest.param("copkit charter new x --lead ama", ["amara-okafor"], id="lead"),
        pytest.param("copkit challenge new x --template block", ["blockchain"], id="template"),
        pytest.param("copkit template check public", ["public-speaking"], id="template-check"),
        pytest.param("copkit member set yu", ["yusuf-demir"], id="member-arg"),
    ],
)
def test_bash_completion_through_typer(demo_root: Path, words: str, offered: list[str]) -> None:
    assert _complete(words) == offered


def test_completion_follows_root(demo_root: Path, isolate: Path) -> None:
    os.chdir(isolate)
    assert _complete("copkit charter show on") == []
    assert _complete(f"copkit --root {demo_root} charter show on") == ["onboarding-playbook"]


def test_completion_in_a_real_shell_process(demo_root: Path) -> None:
    env = {
        **os.environ,
        "_COPKIT_COMPLETE": "complete_bash",
        "COMP_WORDS": "copkit challenge today ",
        "COMP_CWORD": "3",
    }
    r = subprocess.run(
        [sys.executable, "-c", "from copkit.cli.app import main; main()"],
        env=env,
        capture_output=True,
        text=True,
        check=False,
        cwd=demo_root,
    )
    assert r.returncode == 0, r.stderr
    assert r.stdout.split() == ["devops-december", "observability-october", "platform-weekdays"]
    assert r.stderr == ""
