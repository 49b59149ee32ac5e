"""One walk of the journals, one rule each: `check` and the reading commands agree on every file."""

from __future__ import annotations

import json
import os
import stat
from pathlib import Path

import pytest

from copkit.cli.journal import split_command
from tests.conftest import Run
from tests.test_journal import entry, join, write_challenge


@pytest.fixture
def dec(ws: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A ten-day challenge from 2026-12-01: alice and bob joined, one entry each."""
    write_challenge(ws)
    for member in ("alice-martin", "bob-lee"):
        join(ws, "dec", member)
        entry(ws, "dec", member, 1)
    monkeypatch.setenv("COPKIT_TODAY", "2026-12-03")
    return ws


def participants(run: Run) -> tuple[list[str], str]:
    r = run("challenge", "progress", "dec", "--json")
    assert r.exit_code == 0, r.output
    return sorted(p["member"] for p in json.loads(r.stdout)["participants"]), r.stderr


def check_lines(run: Run) -> list[str]:
    return run("check").stdout.splitlines()


def test_a_plan_linked_to_another_member_s_plan_counts_nowhere(dec: Path, run: Run) -> None:
    plan = dec / "journals/dec/bob-lee/plan.md"
    plan.unlink()
    plan.symlink_to(dec / "journals/dec/alice-martin/plan.md")
    problem = (
        "journals/dec/bob-lee/plan.md: error: is a symbolic link; journals must be plain files"
    )
    assert problem in check_lines(run)
    members, stderr = participants(run)
    assert members == ["alice-martin"]  # progress no longer counts bob through the link
    assert "left out 1 file that cannot be read: journals/dec/bob-lee/plan.md" in stderr
    r = run("journal", "add", "dec", "--as", "bob-lee", "-m", "Hi.")
    assert r.exit_code == 1
    assert "journals/dec/bob-lee/plan.md is a symbolic link" in r.stderr


def test_a_misnamed_entry_is_an_error_everywhere(dec: Path, run: Run) -> None:
    (dec / "journals/dec/bob-lee/day-01.md").rename(dec / "journals/dec/bob-lee/day-1.md")
    assert (
        "journals/dec/bob-lee/day-1.md: error: misnamed entry; rename it to day-01.md"
        in check_lines(run)
    )
    r = run("challenge", "progress", "dec", "--json")
    bob = next(p for p in json.loads(r.stdout)["participants"] if p["member"] == "bob-lee")
    assert bob["done"] == 0
    assert "journals/dec/bob-lee/day-1.md" in r.stderr


def test_the_date_rule_says_the_same_in_check_and_in_reports(dec: Path, run: Run) -> None:
    path = dec / "journals/dec/bob-lee/day-01.md"
    path.write_text(path.read_text().replace("date: 2026-12-01", "date: 2026-12-09"))
    line = (
        "journals/dec/bob-lee/day-01.md:2:7: error: date 2026-12-09 does not match day 1 of dec "
        "(2026-12-01); write date: 2026-12-01"
    )
    assert line in check_lines(run)
    assert line in check_lines(run)  # from the cache, the same position
    assert line in run("check", "--no-cache").stdout.splitlines()
    _, stderr = participants(run)
    assert "journals/dec/bob-lee/day-01.md" in stderr


def test_left_before_joined_is_one_rule(dec: Path, run: Run) -> None:
    join(dec, "dec", "bob-lee", joined="2026-11-28", left="2026-11-01")
    line = "journals/dec/bob-lee/plan.md:4:7: error: left 2026-11-01 is before joined 2026-11-28"
    assert line in check_lines(run)
    members, stderr = participants(run)
    assert members == ["alice-martin"]
    assert "journals/dec/bob-lee/plan.md" in stderr


def test_files_outside_the_rules_are_named_by_the_reading_commands_too(dec: Path, run: Run) -> None:
    (dec / "journals/dec/alice-martin/day-11.md").write_text("---\ndate: 2026-12-11\n---\n")
    (dec / "journals/dec/Not_An_Id").mkdir()
    lines = check_lines(run)
    assert "journals/dec/alice-martin/day-11.md: error: day 11 is outside the challenge " in (
        "\n".join(lines)
    )
    assert any(line.startswith("journals/dec/Not_An_Id: error:") for line in lines)
    _, stderr = participants(run)
    assert "day-11.md" in stderr and "Not_An_Id" in stderr


# ---- any platform -------------------------------------------------------------------------------


def test_the_storage_layer_writes_without_os_fchmod(
    dec: Path, run: Run, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Windows before Python 3.13 has no os.fchmod: writes go through os.chmod instead."""
    monkeypatch.delattr(os, "fchmod")
    umask = os.umask(0o022)
    try:
        r = run("journal", "add", "dec", "--as", "alice-martin", "-m", "No fchmod here.")
        assert r.exit_code == 0, r.output
        r = run("member", "add", "zoe-kim", "--name", "Zoe Kim")
        assert r.exit_code == 0, r.output
    finally:
        os.umask(umask)
    written = dec / "journals/dec/alice-martin/day-03.md"
    assert "No fchmod here." in written.read_text()
    for path in (written, dec / "members/zoe-kim.yaml"):
        assert stat.S_IMODE(path.stat().st_mode) == 0o644
    assert run("check").exit_code == 0


@pytest.mark.parametrize(
    ("value", "windows", "words"),
    [
        pytest.param("vim", False, ["vim"], id="posix-plain"),
        pytest.param("code --wait", False, ["code", "--wait"], id="posix-args"),
        pytest.param("'my editor' -f", False, ["my editor", "-f"], id="posix-quotes"),
        pytest.param(
            r"C:\Tools\vim.exe -f", True, [r"C:\Tools\vim.exe", "-f"], id="windows-backslashes"
        ),
        pytest.param(
            r'"C:\Program Files\Notepad++\notepad++.exe" -multiInst',
            True,
            [r"C:\Program Files\Notepad++\notepad++.exe", "-multiInst"],
            id="windows-quoted-path",
        ),
    ],
)
def test_the_editor_command_is_split_for_its_platform(
    value: str, windows: bool, words: list[str]
) -> None:
    assert split_command(value, windows=windows) == words
