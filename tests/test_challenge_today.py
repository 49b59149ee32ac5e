"""copkit challenge today: the day's post before, during and after, as text, Markdown and JSON."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from tests.conftest import Run

OCT = "observability-october"


def on(day: str) -> dict[str, str]:
    return {"COPKIT_TODAY": day}


def test_today_json_during_the_challenge(demo: Path, run: Run) -> None:
    r = run("challenge", "today", OCT, "--json", env=on("2026-10-16"))
    assert r.exit_code == 0, r.output
    assert r.stderr == ""
    assert json.loads(r.stdout) == {
        "challenge": OCT,
        "status": "running",
        "day": 16,
        "date": "2026-10-16",
        "kind": "practice",
        "title": "Write one SLO and measure it",
        "prompt": (
            "Give your SLI a target and a window (for example 99.5% over 28 days) and compute "
            "where the service stands today. Notice whether the target is one you would defend "
            "to a product manager."
        ),
        "minutes": 40,
        "levels": {
            "starter": "Use last week's data and a spreadsheet if you have to; a rough number is fine.",
            "experienced": (
                "Set it up as recording rules or in your SLO tool, with the window and the "
                "remaining budget visible."
            ),
        },
    }


@pytest.mark.parametrize(
    ("today", "expected", "text"),
    [
        pytest.param(
            "2026-09-28",
            {"challenge": OCT, "status": "upcoming", "start": "2026-10-01", "end": "2026-10-30"},
            "30 days of observability (observability-october) has not started: day 1 is "
            "Thursday 1 October 2026, in 3 days.\n",
            id="before",
        ),
        pytest.param(
            "2026-09-30",
            {"challenge": OCT, "status": "upcoming", "start": "2026-10-01", "end": "2026-10-30"},
            "30 days of observability (observability-october) has not started: day 1 is "
            "Thursday 1 October 2026, tomorrow.\n",
            id="eve",
        ),
        pytest.param(
            "2026-10-31",
            {"challenge": OCT, "status": "ended", "start": "2026-10-01", "end": "2026-10-30"},
            "30 days of observability (observability-october) ended on Friday 30 October 2026. "
            "The report-back meetup is on Thursday 5 November 2026, Community call and room Vauban.\n",
            id="after-before-meetup",
        ),
        pytest.param(
            "2026-12-01",
            {"challenge": OCT, "status": "ended", "start": "2026-10-01", "end": "2026-10-30"},
            "30 days of observability (observability-october) ended on Friday 30 October 2026.\n",
            id="long-after",
        ),
    ],
)
def test_today_outside_the_month_says_when(
    demo: Path, run: Run, today: str, expected: dict[str, str], text: str
) -> None:
    r = run("challenge", "today", OCT, "--json", env=on(today))
    assert r.exit_code == 0
    assert json.loads(r.stdout) == expected
    r = run("challenge", "today", OCT, env=on(today))
    assert (r.exit_code, r.stdout) == (0, text)


def test_today_plain_text_post(demo: Path, run: Run) -> None:
    r = run("challenge", "today", env=on("2026-10-16"))  # the only running challenge
    assert r.exit_code == 0, r.output
    assert r.stdout.splitlines()[:3] == [
        "30 days of observability: day 16 of 30, Friday 16 October 2026",
        "Practice: Write one SLO and measure it (40 minutes)",
        "",
    ]
    assert "\nStarter: Use last week's data" in r.stdout
    assert "\nExperienced: Set it up as recording rules" in r.stdout
    assert "╭" not in r.stdout, "no box art when piped"


def test_today_markdown_post_with_mantra_on_day_one(demo: Path, run: Run) -> None:
    r = run("challenge", "today", OCT, "--day", "1", "--markdown", env=on("2026-10-16"))
    assert r.exit_code == 0, r.output
    assert r.stdout == (
        "**30 days of observability, day 1 of 30** (Thursday 1 October 2026)\n"
        "\n"
        "**Learn: Take stock of your three signals**\n"
        "\n"
        "Pick one service you work on and list what it emits today: which logs, which metrics, "
        "which traces. Notice which of the three you reach for first when something breaks, and "
        "which one you never open.\n"
        "\n"
        "Suggested time: 20 minutes.\n"
        "\n"
        "- **Starter:** List the logs and dashboards you know about; ask your partner where the "
        "service's metrics live.\n"
        "- **Experienced:** Add retention and monthly cost per signal, and mark the one nobody "
        "has queried in 30 days.\n"
        "\n"
        "> You can't fix what you can't see, and you can't see everything: ask one better "
        "question of your systems every day.\n"
        "\n"
        "Log your day: `copkit journal add observability-october --day 1`\n"
    )


def test_markdown_parses_and_only_day_one_has_the_mantra(demo: Path, run: Run) -> None:
    from markdown_it import MarkdownIt

    md = MarkdownIt()
    second = run("challenge", "today", OCT, "--day", "2", "--markdown").stdout
    assert "> " not in second and "Make one log line structured" in second
    tokens = md.parse(second)
    assert [t.type for t in tokens if t.type.endswith("_open")].count("bullet_list_open") == 1
    last = run("challenge", "today", OCT, "--date", "2026-10-30", "--markdown").stdout
    assert "**30 days of observability, day 30 of 30**" in last
    assert "Report-back meetup: Thursday 5 November 2026, Community call and room Vauban." in last


def test_today_date_and_day_select_the_same_post(demo: Path, run: Run) -> None:
    by_date = run("challenge", "today", OCT, "--date", "2026-10-07", "--json", env=on("2026-01-01"))
    by_day = run("challenge", "today", OCT, "--day", "7", "--json", env=on("2026-01-01"))
    assert by_date.stdout == by_day.stdout
    assert json.loads(by_day.stdout)["title"] == "Week one: which signal answered a question?"
    tomorrow = run("challenge", "today", OCT, "--date", "tomorrow", "--json", env=on("2026-10-06"))
    assert json.loads(tomorrow.stdout)["day"] == 7


@pytest.mark.parametrize(
    ("args", "code", "message"),
    [
        pytest.param(
            ["--day", "31"],
            1,
            "error: --day 31: observability-october has days 1 to 30",
            id="day-past-the-end",
        ),
        pytest.param(["--day", "0"], 2, "", id="day-zero"),
        pytest.param(
            ["--day", "3", "--date", "2026-10-03"],
            2,
            "give --day N or --date DATE, not both",
            id="day-and-date",
        ),
        pytest.param(
            ["--markdown", "--json"], 2, "give --markdown or --json, not both", id="md-json"
        ),
        pytest.param(
            ["--date", "2026-10-32"],
            1,
            "error: --date '2026-10-32' is not a date; use YYYY-MM-DD, today, yesterday or tomorrow",
            id="bad-date",
        ),
    ],
)
def test_today_refuses_bad_options(
    demo: Path, run: Run, args: list[str], code: int, message: str
) -> None:
    r = run("challenge", "today", OCT, *args, env=on("2026-10-16"))
    assert r.exit_code == code
    assert message in r.output
    assert "Traceback" not in r.output


def test_today_without_a_name_needs_exactly_one_running(ws: Path, run: Run) -> None:
    r = run("challenge", "today")
    assert r.exit_code == 1
    assert r.stderr.splitlines() == [
        "error: no challenge is running on 2026-11-28; name one",
        "hint: There are no challenges yet: copkit challenge new CHALLENGE --start DATE --template T",
    ]
    run("challenge", "new", "alpha", "--start", "2026-11-20", "--template", "devops")
    run("challenge", "new", "beta", "--start", "2026-11-25", "--template", "blockchain")
    r = run("challenge", "today")
    assert r.exit_code == 1
    assert r.stderr.splitlines() == [
        "error: 2 challenges are running on 2026-11-28: alpha, beta; name one",
        "hint: For example: copkit challenge today alpha",
    ]
    assert json.loads(run("challenge", "today", "beta", "--json").stdout)["day"] == 4
    r = run("challenge", "today", "--date", "2026-11-21", "--json")  # only alpha ran then
    assert json.loads(r.stdout)["challenge"] == "alpha"
    r = run("challenge", "today", "--date", "2027-06-01")
    assert "error: no challenge is running on 2027-06-01; name one" in r.stderr
    assert "hint: Challenges: alpha, beta. For example: copkit challenge today alpha" in r.stderr


def test_today_unknown_challenge_suggests_one(demo: Path, run: Run) -> None:
    r = run("challenge", "today", "observability-octobre")
    assert r.exit_code == 1
    assert "no challenge 'observability-octobre'" in r.stderr
    assert "did you mean 'observability-october'?" in r.stderr


def test_today_sees_an_edit_made_after_the_quick_copy(demo: Path, run: Run) -> None:
    assert run("challenge", "today", OCT, "--json", env=on("2026-10-16")).exit_code == 0
    copy = demo / ".copkit" / "challenges" / f"{OCT}.json"
    assert copy.is_file()
    path = demo / "challenges" / f"{OCT}.yaml"
    stat = path.stat()
    path.write_text(
        path.read_text().replace("Write one SLO and measure it", "Write one SLO, measure")
    )
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns + 1_000_000))
    r = run("challenge", "today", OCT, "--json", env=on("2026-10-16"))
    assert json.loads(r.stdout)["title"] == "Write one SLO, measure"
    copy.write_bytes(b"{not json")  # a broken copy is rebuilt, never trusted
    r = run("challenge", "today", OCT, "--json", env=on("2026-10-16"))
    assert json.loads(r.stdout)["title"] == "Write one SLO, measure"
    assert json.loads(copy.read_bytes())["challenge"]["title"] == "30 days of observability"


def test_today_on_a_broken_challenge_reports_the_file(demo: Path, run: Run) -> None:
    path = demo / "challenges" / f"{OCT}.yaml"
    path.write_text(path.read_text().replace("kind: learn", "kind: lern", 1))
    r = run("challenge", "today", OCT, env=on("2026-10-16"))
    assert r.exit_code == 1
    assert "challenges/observability-october.yaml:" in r.stderr
    assert (
        "'lern' is not one of learn, practice, balance, reflect; did you mean 'learn'?" in r.stderr
    )


def test_panel_in_a_terminal_carries_the_day(demo: Path) -> None:
    from rich.console import Console

    from copkit.render.challenges import post_panel
    from copkit.services.challenges import post_for_day
    from copkit.storage.workspace import Workspace

    c = Workspace(demo).challenge(OCT)
    console = Console(width=80, record=True, color_system=None)
    console.print(post_panel(post_for_day(OCT, c, 1)))
    text = console.export_text()
    assert text.startswith("╭─ Day 1 of 30 · learn ")
    assert "Take stock of your three signals   20 minutes" in text
    assert "30 days of observability · Thursday 1 October 2026" in text
    assert all(len(line) <= 80 for line in text.splitlines())


def test_quick_copy_never_follows_a_link_out_of_the_workspace(
    demo: Path, run: Run, tmp_path: Path
) -> None:
    outside = tmp_path / "elsewhere"
    outside.mkdir()
    (demo / ".copkit").symlink_to(outside)
    r = run("challenge", "today", OCT, "--json", env=on("2026-10-16"))
    assert json.loads(r.stdout)["day"] == 16
    assert list(outside.iterdir()) == []


def test_list_with_no_challenges_says_how_to_start(ws: Path, run: Run) -> None:
    r = run("challenge", "list")
    assert r.exit_code == 0
    assert "0 challenges" in r.stdout
    assert "No challenges yet. Start one from a template:" in r.stderr
    assert json.loads(run("challenge", "list", "--json").stdout) == []
