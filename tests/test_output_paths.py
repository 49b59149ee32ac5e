"""Explicit output paths (--output, --ics) are the user's choice: written where the user
says, relative to the current folder (SPEC section 5); the calendar prints without --ics."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import Run

WRITERS = [
    pytest.param(("report", "--format", "markdown", "--output"), "# DevOps", id="report"),
    pytest.param(
        ("challenge", "report", "observability-october", "--format", "html", "--output"),
        "<!DOCTYPE html>",
        id="challenge-report",
    ),
    pytest.param(
        ("charter", "summary", "onboarding-playbook", "--output"), "# DevOps", id="summary"
    ),
    pytest.param(
        ("challenge", "calendar", "observability-october", "--ics"),
        "BEGIN:VCALENDAR",
        id="calendar",
    ),
]


@pytest.mark.parametrize(("args", "start"), WRITERS)
def test_a_path_outside_the_workspace_is_written_where_the_user_says(
    demo: Path, run: Run, tmp_path: Path, args: tuple[str, ...], start: str
) -> None:
    home = Path.home()  # the isolated home of the test
    for given, where in (
        ("~/report.out", home / "report.out"),
        (str(tmp_path / "abs" / "x.out"), tmp_path / "abs" / "x.out"),
        ("../beside.out", demo.parent / "beside.out"),
    ):
        r = run(*args, given)
        assert r.exit_code == 0, r.output
        assert where.read_text().startswith(start), given
        assert "outside the workspace" not in r.stderr


def test_relative_paths_are_from_the_current_folder(demo: Path, run: Run) -> None:
    import os

    os.chdir(demo / "members")
    r = run("report", "--format", "markdown", "--output", "dash.md")
    assert r.exit_code == 0, r.output
    assert (demo / "members" / "dash.md").is_file()


def test_a_folder_is_refused_with_a_hint(demo: Path, run: Run) -> None:
    r = run("report", "--format", "markdown", "--output", "members")
    assert r.exit_code == 1
    assert "--output members is a folder; give a file name" in r.stderr


def test_calendar_without_ics_prints_to_stdout(demo: Path, run: Run) -> None:
    r = run("challenge", "calendar", "observability-october")
    assert r.exit_code == 0, r.output
    assert r.stdout.startswith("BEGIN:VCALENDAR")
    assert ".md" not in run("challenge", "calendar", "--help").stdout
