"""The numbers a lead reads: today is neither done nor missing, an early day says so,
and pace (days so far) and completion (all days) are two words for two meanings."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from tests.conftest import Run

DAYS = "\n".join(
    f"  - {{day: {d}, kind: learn, title: Day {d}, prompt: Do., minutes: 10}}" for d in range(1, 31)
)


@pytest.fixture
def month(ws: Path) -> Path:
    """A 30-day challenge from 2026-11-01; alice and bob did every day up to the 11th."""
    (ws / "challenges" / "nov.yaml").write_text(
        f"title: November\nstart: 2026-11-01\ndays:\n{DAYS}\n"
    )
    for member in ("alice-martin", "bob-lee"):
        folder = ws / "journals" / "nov" / member
        folder.mkdir(parents=True)
        (folder / "plan.md").write_text("---\njoined: 2026-10-20\n---\n")
        for day in range(1, 12):
            (folder / f"day-{day:02d}.md").write_text(
                f"---\ndate: 2026-11-{day:02d}\nstatus: done\n---\nDone.\n"
            )
    return ws


DAY_12 = {"COPKIT_TODAY": "2026-11-12"}  # nobody has written day 12 yet


def test_today_without_an_entry_is_not_missing(month: Path, run: Run) -> None:
    data = json.loads(run("challenge", "progress", "nov", "--json", env=DAY_12).stdout)
    alice = data["participants"][0]
    assert (alice["done"], alice["missing"], alice["current_streak"]) == (11, 0, 11)
    text = run("challenge", "progress", "nov", env=DAY_12).stdout
    assert "today, not written yet" in text  # the legend: today has its own mark
    assert "0 missing over 22 member-days; pace 100% done or partial; 2 still to write today." in (
        " ".join(text.split())
    )


def test_the_group_figure_does_not_drop_when_the_day_starts(month: Path, run: Run) -> None:
    def pace(day: str) -> float:
        data = json.loads(run("report", "--format", "json", env={"COPKIT_TODAY": day}).stdout)
        return float(data["running_challenges"][0]["pace"])

    assert pace("2026-11-11") == pace("2026-11-12") == 1.0


def test_pace_and_completion_are_both_shown_and_named(month: Path, run: Run) -> None:
    data = json.loads(run("report", "--format", "json", env=DAY_12).stdout)
    line = data["running_challenges"][0]
    assert (line["pace"], line["completion"]) == (1.0, 0.367)  # 22 of 60 participant-days
    flat = " ".join(run("report", env=DAY_12).stdout.split())
    assert re.search(r"Pace █+ 100% of the days so far done or partial", flat)
    assert re.search(r"Completion █+░+ 37% of all 30 days done or partial", flat)
    md = run("report", "--format", "markdown", env=DAY_12).stdout
    assert "- **Pace:** 100% of the days so far done or partial" in md
    assert "37% of all 30 days done or partial" in md
    progress = json.loads(run("challenge", "progress", "nov", "--json", env=DAY_12).stdout)
    assert progress["participants"][0]["completion"] == 0.367  # SPEC: over all the days


def test_the_docs_define_pace_and_completion() -> None:
    text = (Path(__file__).resolve().parents[1] / "docs" / "journals.md").read_text()
    assert "**Completion**" in text and "**Pace**" in text


def test_nobody_to_nudge_on_the_first_day_says_it_is_too_early(month: Path, run: Run) -> None:
    (month / "challenges" / "dec.yaml").write_text(
        f"title: December\nstart: 2026-12-01\ndays:\n{DAYS}\n"
    )
    folder = month / "journals" / "dec" / "carol-diaz"
    folder.mkdir(parents=True)
    (folder / "plan.md").write_text("---\njoined: 2026-11-20\n---\n")
    env = {"COPKIT_TODAY": "2026-12-01"}
    for fmt in ("terminal", "markdown"):
        text = " ".join(run("report", "--format", fmt, env=env).stdout.split())
        assert "on day 1 nobody can have been silent for 2 days" in text, fmt
        assert "everyone wrote" not in text, fmt
        assert "Pace" in text and "none yet: today counts once written" in text, fmt
