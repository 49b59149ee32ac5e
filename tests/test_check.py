"""copkit check: every bad file reported by path:line:col, the others still checked."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import Run

BAD_MEMBERS = [
    pytest.param(
        b"name: Bob\nemial: b@x.org\n",
        "members/x.yaml:2:1: error: unknown key 'emial'; did you mean 'email'?",
        id="unknown-key",
    ),
    pytest.param(
        b"name: [x\n", "members/x.yaml:1:7: error: the '[' opened here is not closed", id="syntax"
    ),
    pytest.param(b"", "members/x.yaml:1:1: error: file is empty", id="empty"),
    pytest.param(b"name: \xff\n", "members/x.yaml:1:7: error: not valid UTF-8", id="bad-bytes"),
    pytest.param(
        b"name: a\nname: b\n",
        "members/x.yaml:2:1: error: the key 'name' appears twice",
        id="duplicate-key",
    ),
    pytest.param(
        b"name: a\n<<<<<<< HEAD\nemail: x\n=======\nemail: y\n>>>>>>> b\n",
        "members/x.yaml:2:1: error: git conflict marker",
        id="conflict",
    ),
    pytest.param(
        b"name: a\njoined: 2026-13-01\n",
        "members/x.yaml:2:9: error: joined: not a valid date",
        id="bad-date",
    ),
    pytest.param(
        b"name: a\n\n\n\n\ninterests: x\n",
        "members/x.yaml:6:12: error: interests: expected a list",
        id="wrong-type-line-6",
    ),
    pytest.param(
        b"email: a@b\n", "members/x.yaml:1:1: error: missing required key 'name'", id="missing"
    ),
]


@pytest.mark.parametrize(("content", "expected"), BAD_MEMBERS)
def test_check_reports_bad_member_file_by_position(
    ws: Path, run: Run, content: bytes, expected: str
) -> None:
    (ws / "members" / "x.yaml").write_bytes(content)
    (ws / "members" / "y.yaml").write_bytes(b"name: [unclosed\n")
    r = run("check")
    assert r.exit_code == 1
    lines = r.stdout.splitlines()
    assert any(line.startswith(expected) for line in lines), r.stdout
    assert any(line.startswith("members/y.yaml:") for line in lines), "one bad file hid another"
    assert "Traceback" not in r.output


def test_check_clean_workspace_exits_zero(ws: Path, run: Run) -> None:
    r = run("check")
    assert r.exit_code == 0, r.output
    assert r.stdout == ""
    assert "no problems" in r.stderr


def test_check_json_is_a_list_of_problems(ws: Path, run: Run) -> None:
    (ws / "members" / "x.yaml").write_text("name: 3\n")
    r = run("check", "--json")
    assert r.exit_code == 1
    import json

    assert json.loads(r.stdout) == [
        {
            "path": "members/x.yaml",
            "line": 1,
            "col": 7,
            "severity": "error",
            "message": "name: expected text, got a whole number",
        }
    ]


def test_check_reports_files_in_the_wrong_place(ws: Path, run: Run) -> None:
    (ws / "members" / "Bad Name.yaml").write_text("name: X\n")
    (ws / "journals" / "ghost" / "alice-martin").mkdir(parents=True)
    r = run("check")
    assert r.exit_code == 1
    assert (
        "members/Bad Name.yaml: error: 'Bad Name' is not a valid id; rename the file to bad-name.yaml"
        in r.stdout
    )
    assert "journals/ghost: error: journals for an unknown challenge 'ghost'" in r.stdout


def test_check_sorted_by_path(ws: Path, run: Run) -> None:
    (ws / "members" / "zed.yaml").write_text("")
    (ws / "members" / "abe.yaml").write_text("")
    r = run("check")
    paths = [line.split(":")[0] for line in r.stdout.splitlines()]
    assert paths == sorted(paths)
