"""copkit member add | list, through the CLI."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.conftest import Run, Width, snapshot


def test_add_writes_exactly_one_file(ws: Path, run: Run) -> None:
    before = snapshot(ws)
    r = run(
        "member",
        "add",
        "dan-wu",
        "--name",
        "Dan Wu",
        "--email",
        "dan@example.org",
        "--interest",
        "kubernetes",
        "--interest",
        "ci",
        "--interest",
        "ci",
    )
    assert r.exit_code == 0, r.output
    assert r.stdout == ""
    assert r.stderr == "Added Dan Wu as dan-wu (members/dan-wu.yaml)\n"
    after = snapshot(ws)
    assert set(after) - set(before) == {"members/dan-wu.yaml"}
    assert {k: v for k, v in after.items() if k in before} == before
    assert after["members/dan-wu.yaml"] == (
        b"name: Dan Wu\nemail: dan@example.org\njoined: 2026-11-28\ninterests: [ci, kubernetes]\n"
    )


def test_add_with_only_a_name(ws: Path, run: Run) -> None:
    assert run("member", "add", "dan-wu", "--name", "Dan Wu", "--email", "").exit_code == 0
    assert (ws / "members" / "dan-wu.yaml").read_text() == (
        "name: Dan Wu\nemail: null\njoined: 2026-11-28\ninterests: []\n"
    )


def test_add_with_joined_date(ws: Path, run: Run) -> None:
    assert run("member", "add", "dan-wu", "--name", "D", "--joined", "2025-01-15").exit_code == 0
    assert "joined: 2025-01-15\n" in (ws / "members" / "dan-wu.yaml").read_text()


@pytest.mark.parametrize(
    ("args", "message"),
    [
        pytest.param(
            ["dan-wu", "--name", "  "],
            "error: --name is empty; give the member's full name, e.g. --name 'Alice Martin'\n",
            id="empty-name",
        ),
        pytest.param(
            ["dan-wu", "--name", "D", "--joined", "last week"],
            "error: --joined 'last week' is not a date; use YYYY-MM-DD, today, yesterday or "
            "tomorrow\n",
            id="bad-date",
        ),
        pytest.param(
            ["Dan Wu", "--name", "Dan Wu"],
            "error: 'Dan Wu' is not a valid member id: use lowercase letters, digits and single "
            "hyphens (at most 64 characters); try 'dan-wu'\n",
            id="not-a-slug",
        ),
        pytest.param(
            ["alice-martin", "--name", "Someone Else"],
            "error: members/alice-martin.yaml already exists; use --force to replace it\n",
            id="exists",
        ),
    ],
)
def test_add_refusals_change_nothing(ws: Path, run: Run, args: list[str], message: str) -> None:
    before = snapshot(ws)
    r = run("member", "add", *args)
    assert r.exit_code == 1
    assert r.stdout == ""
    assert r.stderr == message
    assert snapshot(ws) == before


def test_add_needs_a_name(ws: Path, run: Run) -> None:
    r = run("member", "add", "dan-wu")
    assert r.exit_code == 2
    assert r.stderr.startswith("error: missing option --name\nhint: Usage: ")
    assert "member add [OPTIONS] MEMBER; see " in r.stderr


def test_add_force_replaces(ws: Path, run: Run) -> None:
    r = run("member", "add", "alice-martin", "--name", "Alice M.", "--force")
    assert r.exit_code == 0
    assert (ws / "members" / "alice-martin.yaml").read_text().startswith("name: Alice M.\n")


def test_add_outside_a_workspace(run: Run, isolate: Path) -> None:
    r = run("member", "add", "dan-wu", "--name", "D")
    assert r.exit_code == 1
    assert r.stderr.startswith("error: no copkit workspace here")
    assert list(isolate.iterdir()) == []


# ---- list ------------------------------------------------------------------------------------


def test_list_json(ws: Path, run: Run) -> None:
    run("member", "add", "dan-wu", "--name", "Dan Wu", "--interest", "ci")
    r = run("member", "list", "--json")
    assert r.exit_code == 0
    assert r.stderr == ""
    data = json.loads(r.stdout)
    assert [m["member"] for m in data] == ["alice-martin", "bob-lee", "carol-diaz", "dan-wu"]
    assert data[0] == {
        "member": "alice-martin",
        "name": "Alice Martin",
        "email": "alice@example.org",
        "joined": "2026-11-28",
        "interests": [],
        "left": None,
    }
    assert data[3]["email"] is None
    assert data[3]["interests"] == ["ci"]


def test_list_human(ws: Path, run: Run) -> None:
    r = run("member", "list")
    assert r.exit_code == 0
    lines = [line.rstrip() for line in r.stdout.splitlines()]
    assert lines[0] == "3 members"
    assert lines[2].split() == ["Member", "Name", "Email", "Joined", "Interests"]
    assert lines[4].split() == [
        "alice-martin",
        "Alice",
        "Martin",
        "alice@example.org",
        "2026-11-28",
    ]
    assert "\x1b[" not in r.stdout  # NO_COLOR and not a terminal: no escape codes


def test_list_fits_80_columns_without_cutting_emails(ws: Path, run: Run, width: Width) -> None:
    width(80)
    run(
        "member",
        "add",
        "dan-wu",
        "--name",
        "Dan Wu",
        "--email",
        "dan.wu@example.org",
        "--interest",
        "site reliability",
        "--interest",
        "observability",
    )
    r = run("member", "list")
    assert 70 < max(len(line) for line in r.stdout.splitlines()) <= 80
    assert "dan.wu@example.org" in r.stdout
    assert "carol@example.org" in r.stdout
    assert "…" not in r.stdout


def test_list_leaves_out_a_broken_file_and_says_so(ws: Path, run: Run) -> None:
    (ws / "members" / "zed.yaml").write_text("name: [broken\n")
    r = run("member", "list", "--json")
    assert r.exit_code == 0
    assert [m["member"] for m in json.loads(r.stdout)] == ["alice-martin", "bob-lee", "carol-diaz"]
    assert r.stderr == (
        "warning: 1 member file could not be read and is left out; copkit check says why\n"
    )


def test_list_of_no_members(tmp_path: Path, run: Run, monkeypatch: pytest.MonkeyPatch) -> None:
    run("init", str(tmp_path / "new"), "--name", "New")
    monkeypatch.chdir(tmp_path / "new")
    r = run("member", "list")
    assert r.exit_code == 0
    assert r.stdout == ""
    assert r.stderr == "No members yet; add one with: copkit member add MEMBER --name NAME\n"
    r = run("member", "list", "--json")
    assert json.loads(r.stdout) == []


def test_the_demo_list_reads_whole_at_80_columns(demo: Path, run: Run, width: Width) -> None:
    width(80)
    r = run("member", "list")
    assert r.exit_code == 0
    assert max(len(line) for line in r.stdout.splitlines()) <= 80
    assert "…" not in r.stdout
    emails = [m["email"] for m in json.loads(run("member", "list", "--json").stdout)]
    assert len(emails) >= 8
    assert all(e in r.stdout for e in emails)
