"""Issue 20, "decide and document": the behaviour chosen for each item (docs/decisions.md).

`--output -` is standard output, as `--ics -` is; no output path leads into a `.git` folder;
an empty name is refused.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from tests.conftest import Run, snapshot

OCT = "observability-october"


@pytest.mark.parametrize(
    ("args", "starts"),
    [
        (("report", "--format", "markdown", "--output", "-"), "# DevOps Community of Practice"),
        (("report", "--format", "json", "-o", "-"), "{"),
        (("challenge", "report", OCT, "--format", "markdown", "-o", "-"), "# "),
        (("charter", "summary", "chaos-game-days", "--output", "-"), "# "),
        (("challenge", "calendar", OCT, "--ics", "-"), "BEGIN:VCALENDAR"),
    ],
    ids=["report-md", "report-json", "challenge-report", "charter-summary", "ics"],
)
def test_dash_is_standard_output_for_every_output_option(
    demo: Path, run: Run, args: tuple[str, ...], starts: str
) -> None:
    before = snapshot(demo)
    r = run(*args)
    assert r.exit_code == 0, r.output
    assert r.stdout.startswith(starts)
    assert not (demo / "-").exists()
    assert snapshot(demo) == before


@pytest.mark.parametrize(
    "args",
    [
        ("charter", "summary", "chaos-game-days", "--output", ".git/hooks/pre-commit", "--force"),
        ("report", "--output", ".git/hooks/post-checkout", "--force"),
        ("challenge", "report", OCT, "-o", ".GIT/hooks/pre-push", "--force"),
        ("challenge", "calendar", OCT, "--ics", ".git/hooks/pre-commit", "--force"),
        ("challenge", "calendar", OCT, "--ics", "linked/hooks/pre-commit", "--force"),
        ("export", "--to", ".git/hooks"),
    ],
    ids=["summary", "report", "upper-case", "ics", "through-a-link", "export"],
)
def test_no_output_goes_into_a_git_folder(demo: Path, run: Run, args: tuple[str, ...]) -> None:
    hooks = demo / ".git" / "hooks"
    hooks.mkdir(parents=True)
    (demo / "linked").symlink_to(".git")
    before = snapshot(demo)
    r = run(*args)
    assert r.exit_code == 1, r.output
    assert "is inside a .git folder; copkit does not write into git's own files" in r.stderr
    assert snapshot(demo) == before
    assert os.listdir(hooks) == []


def test_a_file_named_like_git_outside_a_git_folder_is_fine(demo: Path, run: Run) -> None:
    r = run("report", "--format", "markdown", "--output", "reports/.gitx.md")
    assert r.exit_code == 0, r.output
    assert (demo / "reports" / ".gitx.md").is_file()


@pytest.mark.parametrize("name", ['""', "'   '", "''"])
def test_an_empty_name_is_refused_by_check(ws: Path, run: Run, name: str) -> None:
    (ws / "members" / "bob-lee.yaml").write_text(f"name: {name}\n", encoding="utf-8")
    config = ws / "copkit.yaml"
    config.write_text(
        config.read_text(encoding="utf-8").replace("name: Test CoP", f"name: {name}"),
        encoding="utf-8",
    )
    r = run("check")
    assert r.exit_code == 1
    assert "members/bob-lee.yaml:1:7: error: name: empty; write the name out" in r.stdout
    assert "copkit.yaml:1:7: error: name: empty; write the name out" in r.stdout


def test_one_participant_is_not_counted_as_none_of_one(ws: Path, run: Run) -> None:
    """ "none of the 1 participants" reads "its one participant"."""
    assert run("challenge", "new", "dec", "--start", "2026-12-01", "--days", "10").exit_code == 0
    assert run("challenge", "join", "dec", "--as", "alice-martin").exit_code == 0
    r = run("challenge", "nudge", "dec", env={"COPKIT_TODAY": "2026-12-01"})
    assert r.exit_code == 0, r.output
    assert r.stdout == (
        "Nobody to nudge in dec: its one participant has not been silent for 2 days or more.\n"
    )
