"""Issue 20: the environment a command runs in (F03, F20, F25, F26): a deleted current
folder, a name the file system refuses, an unknown user's home or a loop of links as --root,
and a terminal that cannot show every character all give one message, never exit 3."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import Run

COPKIT = str(Path(sys.executable).with_name("copkit"))


def _sh(script: str, cwd: Path, **env: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        ["sh", "-c", script],
        cwd=cwd,
        env={**os.environ, "COPKIT_TODAY": "2026-10-06", **env},
        capture_output=True,
        text=True,
    )


def test_a_deleted_current_folder_is_one_message(tmp_path: Path) -> None:
    gone = tmp_path / "gone"
    gone.mkdir()
    r = _sh(f"cd '{gone}' && rmdir '{gone}' && '{COPKIT}' report", tmp_path)
    assert r.returncode == 1, r.stderr
    assert r.stderr.startswith("error: the current folder no longer exists")


@pytest.mark.parametrize(
    ("root", "said"),
    [
        pytest.param("~no-such-user-here", "Could not determine home directory", id="home"),
        pytest.param("loop", "Symlink loop", id="loop"),
    ],
)
def test_an_unusable_root_is_one_message(tmp_path: Path, run: Run, root: str, said: str) -> None:
    (tmp_path / "loop").symlink_to(tmp_path / "loop")
    r = run("--root", str(tmp_path / root) if root == "loop" else root, "report")
    assert r.exit_code == 1
    assert r.stderr.startswith("error: --root ") and said in r.stderr


def test_a_name_the_file_system_refuses_is_one_message(demo: Path, run: Run) -> None:
    name = "a" * 300 + ".md"
    r = run("challenge", "report", "observability-october", "--output", name)
    assert r.exit_code == 1
    assert r.stderr.startswith("error: File name too long: ")
    assert "internal error" not in r.stderr


def test_an_ascii_terminal_gets_escapes_not_a_crash(demo: Path) -> None:
    r = subprocess.run(
        [COPKIT, "member", "list"],
        cwd=demo,
        env={**os.environ, "PYTHONIOENCODING": "ascii"},
        capture_output=True,
    )
    assert r.returncode == 0, r.stderr
    assert b"In\\xe8s Laurent" in r.stdout


def test_m_dash_with_stdin_closed_is_one_message(demo: Path) -> None:
    r = _sh(
        f"'{COPKIT}' journal add observability-october --as mei-chen --day 20 --force -m - <&-",
        demo,
        COPKIT_TODAY="2026-10-20",
    )
    assert r.returncode == 1, r.stderr
    assert r.stderr.startswith("error: -m -: there is no standard input")


def test_m_dash_with_latin1_text_writes_nothing(demo: Path) -> None:
    entry = demo / "journals" / "observability-october" / "mei-chen" / "day-20.md"
    before = entry.read_bytes() if entry.exists() else None
    r = subprocess.run(
        [
            COPKIT,
            "journal",
            "add",
            "observability-october",
            "--as",
            "mei-chen",
            "--day",
            "20",
            "--force",
            "-m",
            "-",
        ],
        cwd=demo,
        input=b"caf\xe9\n",
        capture_output=True,
        env={**os.environ, "COPKIT_TODAY": "2026-10-20"},
    )
    assert r.returncode == 1
    assert b"not UTF-8 (byte 0xe9 at offset 3)" in r.stderr
    assert (entry.read_bytes() if entry.exists() else None) == before


def test_a_broken_challenge_stops_journal_add_from_guessing(demo: Path, run: Run) -> None:
    (demo / "challenges" / "broken-november.yaml").write_text("title: [unclosed\n", "utf-8")
    r = run("journal", "add", "--as", "mei-chen", "-m", "words", env={"COPKIT_TODAY": "2026-10-20"})
    assert r.exit_code == 1
    assert "challenges/broken-november.yaml cannot be read" in r.stderr
    assert not (
        demo / "journals" / "observability-october" / "mei-chen" / "day-20.md"
    ).exists() or (
        "words"
        not in (demo / "journals" / "observability-october" / "mei-chen" / "day-20.md").read_text()
    )
