"""Piped output: no trailing spaces, titles broken between words; usage errors in copkit's style."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from copkit.cli.app import app
from tests.conftest import Run


def _piped(root: Path, *args: str, columns: str | None = None) -> subprocess.CompletedProcess[str]:
    """The installed copkit with stdout a pipe, as `copkit ... | less` runs it."""
    env = {k: v for k, v in os.environ.items() if k not in ("COLUMNS", "NO_COLOR")}
    env["COPKIT_TODAY"] = "2026-12-10"
    if columns:
        env["COLUMNS"] = columns
    return subprocess.run(
        [sys.executable, "-c", "from copkit.cli.app import main; main()", *args],
        env=env,
        capture_output=True,
        text=True,
        check=False,
        cwd=root,
    )


COMMANDS = [
    ["challenge", "list"],
    ["charter", "list"],
    ["member", "list"],
    ["report"],
    ["challenge", "show", "devops-december"],
    ["challenge", "templates"],
    ["charter", "show", "onboarding-playbook"],
    ["challenge", "report", "observability-october"],
]


@pytest.mark.slow
def test_piped_lines_carry_no_trailing_spaces(demo: Path) -> None:
    for args in COMMANDS:
        r = _piped(demo, *args)
        assert r.returncode == 0, (args, r.stderr)
        padded = [line for line in r.stdout.splitlines() if line != line.rstrip()]
        assert padded == [], (args, padded[:3])
        assert r.stdout.strip(), args


def test_piped_table_through_the_runner_has_no_trailing_spaces(demo: Path, run: Run) -> None:
    r = run("charter", "list", env={"COPKIT_TODAY": "2026-12-10"})
    assert r.exit_code == 0
    assert "onboarding-playbook" in r.stdout
    assert all(line == line.rstrip() for line in r.stdout.splitlines())


def test_long_titles_break_between_words_not_in_a_date(demo: Path) -> None:
    r = _piped(demo, "challenge", "today", "devops-december", columns="80")
    lines = r.stdout.splitlines()
    assert lines[:2] == [
        "30 days to become a better DevOps practitioner: day 10 of 30,",
        "Thursday 10 December 2026",
    ]
    assert max(map(len, lines)) <= 80
    p = _piped(demo, "challenge", "progress", "devops-december", columns="80")
    assert p.stdout.splitlines()[:2] == [
        "devops-december: 30 days to become a better DevOps practitioner, day 10 of 30",
        "(2026-12-10)",
    ]


USAGE = [
    pytest.param(
        ["challenge", "join", "devops-december", "--level", "expert"],
        "error: --level: 'expert' is not one of starter, experienced\n"
        "hint: Usage: copkit challenge join [OPTIONS] CHALLENGE; see copkit challenge join -h\n",
        id="bad-choice",
    ),
    pytest.param(
        ["challenge", "join", "devops-december", "--level", "experinced"],
        "error: --level: 'experinced' is not one of starter, experienced; "
        "did you mean 'experienced'?\n",
        id="bad-choice-close",
    ),
    pytest.param(
        ["challenge", "join"],
        "error: missing argument CHALLENGE\n"
        "hint: Usage: copkit challenge join [OPTIONS] CHALLENGE; see copkit challenge join -h\n",
        id="missing-argument",
    ),
    pytest.param(
        ["report", "--formt", "json"],
        "error: no such option: --formt; did you mean --format or --force?\n"
        "hint: Usage: copkit report [OPTIONS]; see copkit report -h\n",
        id="unknown-option",
    ),
    pytest.param(
        ["journal", "add", "--day", "abc"],
        "error: --day: expected a whole number\n",
        id="not-a-number",
    ),
    pytest.param(
        ["member", "show", "x"],
        "error: no such command 'show'\n",
        id="unknown-command",
    ),
    pytest.param(["--bogus"], "error: no such option: --bogus\n", id="global-option"),
]


@pytest.mark.parametrize(("args", "start"), USAGE)
def test_usage_errors_look_like_copkit_errors(demo: Path, args: list[str], start: str) -> None:
    r = CliRunner().invoke(app, args, prog_name="copkit")
    assert r.exit_code == 2
    assert r.stdout == ""
    assert r.stderr.startswith(start), r.stderr
    assert "Usage:" not in r.stderr.splitlines()[0]
    assert "Error:" not in r.stderr and "Try '" not in r.stderr
    assert r.stderr.count("error:") == 1


def test_usage_error_in_a_real_process(demo: Path) -> None:
    r = _piped(demo, "challenge", "join", "devops-december", "--level", "expert")
    assert r.returncode == 2
    assert r.stderr.startswith("error: --level: 'expert' is not one of starter, experienced\n")
    assert "Traceback" not in r.stderr


def test_giving_no_arguments_still_shows_help(run: Run) -> None:
    r = run("charter")
    assert r.exit_code == 2
    assert "Usage:" in r.output and "Commands:" in r.output
