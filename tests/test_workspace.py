"""init, root discovery, --root / COPKIT_ROOT, identity, dates."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from copkit.errors import CopkitError
from copkit.services.dates import parse_date
from tests.conftest import Run


def test_init_creates_layout_and_gitignore(tmp_path: Path, run: Run) -> None:
    root = tmp_path / "cop"
    r = run("init", str(root), "--name", "My CoP", "--domain", "Data")
    assert r.exit_code == 0, r.output
    assert (root / "copkit.yaml").read_text() == "name: My CoP\ndomain: Data\ntimezone: UTC\n"
    assert (root / ".gitignore").read_text() == ".copkit/\njournals/**/private/\n*.copkit-tmp\n"
    assert sorted(p.name for p in root.iterdir()) == [
        ".gitignore",
        "challenges",
        "charters",
        "copkit.yaml",
        "journals",
        "members",
    ]


def test_init_refuses_existing_workspace(tmp_path: Path, run: Run) -> None:
    run("init", str(tmp_path / "cop"), "--name", "A")
    before = (tmp_path / "cop" / "copkit.yaml").read_bytes()
    r = run("init", str(tmp_path / "cop"), "--name", "B")
    assert r.exit_code == 1
    assert "already a copkit workspace" in r.stderr
    assert (tmp_path / "cop" / "copkit.yaml").read_bytes() == before


def test_init_refuses_unknown_timezone(tmp_path: Path, run: Run) -> None:
    r = run("init", str(tmp_path / "cop"), "--name", "A", "--timezone", "Mars/Olympus")
    assert r.exit_code == 1
    assert "unknown timezone 'Mars/Olympus'" in r.stderr
    assert not (tmp_path / "cop").exists()


def test_root_is_found_from_a_subfolder(
    ws: Path, run: Run, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(ws / "journals")
    r = run("member", "list", "--json")
    assert r.exit_code == 0
    assert "alice-martin" in r.stdout


def test_outside_a_workspace_names_folder_and_suggests_init(run: Run, isolate: Path) -> None:
    r = run("member", "list")
    assert r.exit_code == 1
    assert f"no copkit.yaml in {isolate.resolve()}" in r.stderr
    assert "copkit init" in r.stderr


def test_root_option_and_env(
    ws: Path, run: Run, monkeypatch: pytest.MonkeyPatch, isolate: Path
) -> None:
    monkeypatch.chdir(isolate)
    assert run("--root", str(ws), "member", "list", "--json").exit_code == 0
    assert run("member", "list", "--json", env={"COPKIT_ROOT": str(ws)}).exit_code == 0
    r = run("--root", str(isolate), "member", "list")
    assert r.exit_code == 1
    assert "is not a copkit workspace" in r.stderr


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2026-12-01", date(2026, 12, 1)),
        ("today", date(2026, 11, 28)),
        ("yesterday", date(2026, 11, 27)),
        ("Tomorrow", date(2026, 11, 29)),
    ],
)
def test_parse_date(text: str, expected: date) -> None:
    assert parse_date(text, date(2026, 11, 28)) == expected


@pytest.mark.parametrize("text", ["2026-1-1", "next week", "", "2026-02-30"])
def test_parse_date_refuses(text: str) -> None:
    with pytest.raises(CopkitError, match="use YYYY-MM-DD, today, yesterday or tomorrow"):
        parse_date(text, date(2026, 11, 28))


def test_version(run: Run) -> None:
    r = run("--version")
    assert r.exit_code == 0
    assert r.stdout.startswith("copkit 0.")


def test_member_add_refuses_bad_slug_with_suggestion(ws: Path, run: Run) -> None:
    r = run("member", "add", "Dan Wu", "--name", "Dan Wu")
    assert r.exit_code == 1
    assert "try 'dan-wu'" in r.stderr
    assert not list((ws / "members").glob("Dan*"))


def test_member_add_never_overwrites_without_force(ws: Path, run: Run) -> None:
    before = (ws / "members" / "alice-martin.yaml").read_bytes()
    r = run("member", "add", "alice-martin", "--name", "Someone Else")
    assert r.exit_code == 1
    assert "already exists; use --force" in r.stderr
    assert (ws / "members" / "alice-martin.yaml").read_bytes() == before
    assert run("member", "add", "alice-martin", "--name", "Alice M", "--force").exit_code == 0
    assert "Alice M" in (ws / "members" / "alice-martin.yaml").read_text()
