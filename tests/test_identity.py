"""Who am I (--as, COPKIT_MEMBER, git user.email) and what day is it (COPKIT_TODAY, timezone)."""

from __future__ import annotations

import subprocess
from datetime import UTC, date, datetime
from pathlib import Path

import pytest

from copkit.cli.common import today, when, whoami
from copkit.errors import CopkitError
from copkit.services.dates import local_date
from copkit.storage.workspace import Workspace
from tests.conftest import Run


def git(root: Path, *args: str) -> None:
    subprocess.run(["git", *args], cwd=root, check=True, capture_output=True)


@pytest.fixture
def repo(ws: Path) -> Path:
    """The workspace as a real git repository with no local user.email yet."""
    git(ws, "init", "-q")
    return ws


# ---- who am I --------------------------------------------------------------------------------


def test_as_wins_over_everything(repo: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    git(repo, "config", "user.email", "bob@example.org")
    monkeypatch.setenv("COPKIT_MEMBER", "carol-diaz")
    assert whoami(Workspace(repo), "alice-martin") == "alice-martin"


def test_env_wins_over_git(repo: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    git(repo, "config", "user.email", "bob@example.org")
    monkeypatch.setenv("COPKIT_MEMBER", "carol-diaz")
    assert whoami(Workspace(repo), None) == "carol-diaz"


def test_git_user_email_of_the_repository(repo: Path) -> None:
    git(repo, "config", "user.email", "bob@example.org")
    assert whoami(Workspace(repo), None) == "bob-lee"


def test_git_email_matches_without_case(repo: Path) -> None:
    git(repo, "config", "user.email", "Carol@Example.ORG")
    assert whoami(Workspace(repo), None) == "carol-diaz"


def test_git_email_is_read_from_the_root_not_the_current_folder(
    repo: Path, monkeypatch: pytest.MonkeyPatch, isolate: Path
) -> None:
    git(repo, "config", "user.email", "alice@example.org")
    monkeypatch.chdir(isolate)  # not a git repository; only the global config applies there
    assert whoami(Workspace(repo), None) == "alice-martin"


def test_the_error_lists_the_three_ways(repo: Path) -> None:
    # the isolation fixture's global git config says nobody@example.invalid: no member has it
    with pytest.raises(CopkitError) as e:
        whoami(Workspace(repo), None)
    assert e.value.message == "who are you? copkit could not tell which member runs this command"
    assert e.value.hint == (
        "Pass --as MEMBER, or set COPKIT_MEMBER=MEMBER, or set the email of your "
        "members/<you>.yaml to your git user.email (nobody@example.invalid)."
    )


def test_the_error_says_when_git_has_no_email(
    repo: Path, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    empty = tmp_path / "empty-gitconfig"
    empty.write_text("")
    monkeypatch.setenv("GIT_CONFIG_GLOBAL", str(empty))
    with pytest.raises(CopkitError) as e:
        whoami(Workspace(repo), None)
    assert e.value.hint is not None
    assert e.value.hint.endswith("to your git user.email (not set).")


@pytest.mark.parametrize(
    ("given", "message"),
    [
        pytest.param("Alice", "'Alice' is not a valid member id", id="not-a-slug"),
        pytest.param("zed", "no member 'zed' (members/zed.yaml does not exist)", id="unknown"),
    ],
)
def test_as_is_checked(ws: Path, given: str, message: str) -> None:
    with pytest.raises(CopkitError) as e:
        whoami(Workspace(ws), given)
    assert e.value.message.startswith(message)


def test_unknown_member_hint_says_how_to_add_yourself(ws: Path) -> None:
    with pytest.raises(CopkitError) as e:
        whoami(Workspace(ws), "zed")
    assert e.value.hint == "Add yourself with: copkit member add zed --name 'Your Name'"


def test_env_member_is_checked_too(ws: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COPKIT_MEMBER", "../etc")
    with pytest.raises(CopkitError, match="try 'etc'"):
        whoami(Workspace(ws), None)


def test_a_newcomer_may_name_themselves(ws: Path) -> None:
    assert whoami(Workspace(ws), "zed", must_exist=False) == "zed"


# ---- today -----------------------------------------------------------------------------------


def test_copkit_today_replaces_the_clock(ws: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COPKIT_TODAY", "2027-01-06")
    assert today(Workspace(ws), now=datetime(2020, 1, 1, tzinfo=UTC)) == date(2027, 1, 6)


@pytest.mark.parametrize("value", ["tomorrow", "2026-13-01", "20261128", "2026-W48-6", "x"])
def test_bad_copkit_today_is_refused(ws: Path, monkeypatch: pytest.MonkeyPatch, value: str) -> None:
    monkeypatch.setenv("COPKIT_TODAY", value)
    with pytest.raises(CopkitError) as e:
        today(Workspace(ws))
    assert e.value.message == f"COPKIT_TODAY={value!r} is not a date; use YYYY-MM-DD"


@pytest.mark.parametrize(
    ("timezone", "expected"),
    [
        pytest.param("Pacific/Auckland", date(2026, 11, 29), id="already-tomorrow"),
        pytest.param("UTC", date(2026, 11, 28), id="utc"),
        pytest.param("Europe/Paris", date(2026, 11, 29), id="paris-after-midnight"),
        pytest.param("America/Los_Angeles", date(2026, 11, 28), id="still-today"),
    ],
)
def test_today_is_the_date_in_the_community_timezone(
    ws: Path, monkeypatch: pytest.MonkeyPatch, timezone: str, expected: date
) -> None:
    monkeypatch.delenv("COPKIT_TODAY")
    (ws / "copkit.yaml").write_text(f"name: Test CoP\ntimezone: {timezone}\n")
    now = datetime(2026, 11, 28, 23, 30, tzinfo=UTC)
    assert today(Workspace(ws), now=now) == expected


def test_timezone_defaults_to_utc(ws: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("COPKIT_TODAY")
    (ws / "copkit.yaml").write_text("name: Test CoP\n")
    assert today(Workspace(ws), now=datetime(2026, 11, 28, 23, 59, tzinfo=UTC)) == date(
        2026, 11, 28
    )


def test_today_without_a_clock_is_the_real_date(ws: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("COPKIT_TODAY")
    (ws / "copkit.yaml").write_text("name: Test CoP\n")
    before = datetime.now(UTC).date()
    assert today(Workspace(ws)) in (before, datetime.now(UTC).date())


def test_unknown_timezone_is_a_clear_error(ws: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("COPKIT_TODAY")
    (ws / "copkit.yaml").write_text("name: Test CoP\ntimezone: Europe/paris\n")
    with pytest.raises(CopkitError) as e:
        today(Workspace(ws))
    assert e.value.message == (
        "copkit.yaml:2:11: unknown timezone 'Europe/paris'; did you mean 'Europe/Paris'?"
    )


def test_local_date_needs_a_real_timezone() -> None:
    with pytest.raises(CopkitError, match="unknown timezone 'Mars/Olympus'"):
        local_date(datetime(2026, 1, 1, tzinfo=UTC), "Mars/Olympus")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (None, date(2026, 11, 28)),
        ("today", date(2026, 11, 28)),
        ("yesterday", date(2026, 11, 27)),
        ("tomorrow", date(2026, 11, 29)),
        ("2026-12-01", date(2026, 12, 1)),
    ],
)
def test_when_is_relative_to_today(ws: Path, text: str | None, expected: date) -> None:
    assert when(Workspace(ws), text) == expected


def test_member_add_joined_follows_copkit_today(ws: Path, run: Run) -> None:
    r = run("member", "add", "dan-wu", "--name", "Dan Wu", "--joined", "yesterday")
    assert r.exit_code == 0, r.output
    assert "joined: 2026-11-27\n" in (ws / "members" / "dan-wu.yaml").read_text()
