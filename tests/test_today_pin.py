"""Issue 18 item 17: a demo pins `today:` in its copkit.yaml, so it shows the same living month on
any date; COPKIT_TODAY still wins, and the dashboard says where its date comes from."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from datetime import UTC, date, datetime
from pathlib import Path

import pytest

from copkit.cli.common import today
from copkit.storage.workspace import Workspace
from tests.conftest import REPO, Run


@pytest.fixture
def pinned(ws: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The test workspace with `today: 2026-12-03` pinned, and no COPKIT_TODAY."""
    monkeypatch.delenv("COPKIT_TODAY")
    config = ws / "copkit.yaml"
    config.write_text(config.read_text() + "today: 2026-12-03  # a demo's date\n")
    return ws


def test_the_pin_is_today_whatever_the_clock(pinned: Path) -> None:
    ws = Workspace(pinned)
    for now in (datetime(2026, 1, 1, tzinfo=UTC), datetime(2031, 9, 15, 23, 30, tzinfo=UTC)):
        assert today(ws, now=now) == date(2026, 12, 3)


def test_copkit_today_overrides_the_pin(pinned: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COPKIT_TODAY", "2027-01-02")
    assert today(Workspace(pinned)) == date(2027, 1, 2)


def test_commands_run_on_the_pinned_date(pinned: Path, run: Run) -> None:
    r = run("challenge", "new", "dec", "--days", "10", "--start", "2026-12-01")
    assert r.exit_code == 0, r.output
    (row,) = json.loads(run("challenge", "list", "--json").stdout)
    assert (row["status"], row["day"]) == ("running", 3)
    assert run("check").exit_code == 0


def test_the_dashboard_header_names_the_pin(pinned: Path, run: Run) -> None:
    r = run("report")
    assert r.exit_code == 0, r.output
    assert "as of 2026-12-03 (pinned in copkit.yaml) · 3 members" in r.stdout
    md = run("report", "--format", "markdown").stdout
    assert "\nas of 2026-12-03 (pinned in copkit.yaml) · 3 members\n" in md
    assert json.loads(run("report", "--format", "json").stdout)["today"] == "2026-12-03"


def test_without_the_pin_the_header_is_the_date(
    pinned: Path, run: Run, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("COPKIT_TODAY", "2026-12-05")
    out = run("report").stdout
    assert "2026-12-05 · 3 members" in out
    assert "pinned" not in out


def test_a_bad_pin_is_reported_at_its_place(pinned: Path, run: Run) -> None:
    config = pinned / "copkit.yaml"
    config.write_text(config.read_text().replace("today: 2026-12-03", "today: someday"))
    r = run("check")
    assert r.exit_code == 1
    assert r.stdout == "copkit.yaml:3:8: error: today: not a valid date; write YYYY-MM-DD\n"


@pytest.mark.skipif(not (REPO / "copkit.yaml").exists(), reason="no demo in this checkout")
@pytest.mark.skipif(shutil.which("copkit") is None, reason="copkit is not installed")
def test_the_readme_first_command_shows_a_living_demo(demo: Path) -> None:
    """`copkit report` on the demo, run as a newcomer does: no COPKIT_TODAY, any real date."""
    env = {k: v for k, v in os.environ.items() if k != "COPKIT_TODAY"}
    r = subprocess.run(
        ["copkit", "report"], cwd=demo, env=env, capture_output=True, text=True, timeout=120
    )
    assert r.returncode == 0, r.stderr
    assert "as of 2026-12-01 (pinned in copkit.yaml) · 11 members" in r.stdout
    running = r.stdout.split("Running challenges")[1].split("Past challenges")[0]
    assert "devops-december" in running
    assert "Day            1 of 30" in running or "Day 1 of 30" in " ".join(running.split())
