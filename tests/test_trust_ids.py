"""Issue 20, values: ids Windows cannot check out (F11), one email per member (F12)."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from copkit.model.ids import RESERVED, is_slug, suggest_slug
from tests.conftest import Run


@pytest.mark.parametrize("name", ["con", "nul", "aux", "prn", "com1", "lpt9"])
def test_device_names_are_refused_as_ids(ws: Path, run: Run, name: str) -> None:
    r = run("member", "add", name, "--name", "Con Artist")
    assert r.exit_code == 1
    assert f"'{name}' cannot be a member id: Windows reserves the name for a device" in r.stderr
    assert f"try '{name}-1'" in r.stderr
    assert not (ws / "members" / f"{name}.yaml").exists()


def test_check_names_a_device_named_file(ws: Path, run: Run) -> None:
    (ws / "members" / "aux.yaml").write_text("name: Aux\n", encoding="utf-8")
    r = run("check")
    assert r.exit_code == 1
    assert "members/aux.yaml" in r.stdout
    assert "Windows reserves for a device" in r.stdout


@given(st.text(max_size=80))
def test_a_suggested_slug_is_always_an_id(text: str) -> None:
    assert is_slug(suggest_slug(text))


def test_reserved_names_are_devices_only() -> None:
    assert is_slug("console") and is_slug("com10") and is_slug("nullable")
    assert not any(is_slug(name) for name in RESERVED)


def test_a_second_member_cannot_take_an_email(ws: Path, run: Run) -> None:
    assert run("member", "add", "ana", "--name", "Ana", "--email", "ana@example.org").exit_code == 0
    r = run("member", "add", "mallory", "--name", "Mallory", "--email", " ANA@Example.org")
    assert r.exit_code == 1
    assert "is already the email of ana (members/ana.yaml)" in r.stderr
    assert not (ws / "members" / "mallory.yaml").exists()


def test_check_reports_a_shared_email_at_its_line(ws: Path, run: Run) -> None:
    (ws / "members" / "ana.yaml").write_text("name: Ana\nemail: ana@example.org\n", "utf-8")
    (ws / "members" / "zed.yaml").write_text("name: Zed\nemail: Ana@Example.ORG\n", "utf-8")
    r = run("check")
    assert r.exit_code == 1
    assert "members/zed.yaml:2:8: error: ana has the same email (ana@example.org)" in r.stdout


def test_who_am_i_refuses_an_email_two_members_give(ws: Path, run: Run) -> None:
    (ws / "members" / "ana.yaml").write_text("name: Ana\nemail: ana@example.org\n", "utf-8")
    (ws / "members" / "zed.yaml").write_text("name: Zed\nemail: ANA@example.org\n", "utf-8")
    subprocess.run(["git", "init", "-q", str(ws)], check=True)
    subprocess.run(["git", "-C", str(ws), "config", "user.email", "ana@example.org"], check=True)
    r = run("charter", "join", "x")  # a member's own act, without --as
    assert "2 members give your git user.email (ana@example.org): ana, zed" in r.stderr
    assert r.exit_code == 1
