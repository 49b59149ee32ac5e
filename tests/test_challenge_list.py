"""copkit challenge new (blank calendars and refusals), list and show."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.conftest import Run, snapshot

OCT = "observability-october"


def test_new_blank_calendar_for_a_lead_to_fill(ws: Path, run: Run) -> None:
    r = run("challenge", "new", "data-week", "--start", "tomorrow", "--days", "3")
    assert r.exit_code == 0, r.output
    assert (ws / "challenges" / "data-week.yaml").read_text() == (
        "# A blank calendar: fill in each day's title, prompt, minutes and level variants.\n"
        "# `copkit check` lists the days still empty. The meetup, once known:\n"
        "# meetup: {date: YYYY-MM-DD, where: Community call}\n"
        "title: Data week\n"
        "domain: null\n"
        "start: 2026-11-29\n"
        "mantra: null\n"
        "finish_threshold: 0.8\n"
        "days:\n"
        + "".join(
            f"  - day: {n}\n    kind: {kind}\n    title: null\n    prompt: null\n"
            "    minutes: null\n    levels:\n      starter: null\n      experienced: null\n"
            for n, kind in [(1, "learn"), (2, "practice"), (3, "reflect")]
        )
    )
    check = run("check")
    assert check.exit_code == 0
    assert check.stdout.splitlines() == [
        f"challenges/data-week.yaml:{line}:5: warning: day {n} has no title or prompt yet"
        for n, line in [(1, 10), (2, 18), (3, 26)]
    ]


def test_blank_calendar_follows_a_weekly_rhythm(ws: Path, run: Run) -> None:
    from copkit.storage.workspace import Workspace

    assert run("challenge", "new", "month", "--start", "2027-01-04", "--days", "30").exit_code == 0
    c = Workspace(ws).challenge("month")
    kinds = [d.kind for d in c.days]
    assert kinds[:7] == ["learn", "practice", "learn", "practice", "balance", "practice", "reflect"]
    assert kinds[7:14] == kinds[:7]
    assert kinds[-1] == "reflect"
    assert c.title == "Month" and c.end.isoformat() == "2027-02-02"


@pytest.mark.parametrize(
    ("args", "code", "message"),
    [
        pytest.param(
            ["x", "--start", "2026-12-01"],
            2,
            "give either --template TEMPLATE (see copkit challenge templates) or --days N",
            id="neither",
        ),
        pytest.param(
            ["x", "--start", "2026-12-01", "--days", "5", "--template", "devops"],
            2,
            "give either --template TEMPLATE",
            id="both",
        ),
        pytest.param(["x", "--start", "2026-12-01", "--days", "0"], 2, "", id="zero-days"),
        pytest.param(
            ["X Files", "--start", "2026-12-01", "--days", "5"],
            1,
            "error: 'X Files' is not a valid challenge id: use lowercase letters, digits and "
            "single hyphens (at most 64 characters); try 'x-files'",
            id="not-a-slug",
        ),
        pytest.param(
            ["x", "--start", "someday", "--days", "5"],
            1,
            "error: --start 'someday' is not a date; use YYYY-MM-DD, today, yesterday or tomorrow",
            id="bad-start",
        ),
        pytest.param(
            ["x", "--start", "2026-12-01", "--template", "devops", "--meetup", "2026-12-20"],
            1,
            "error: --meetup 2026-12-20 is before the last day of the challenge (2026-12-30); "
            "the meetup is where the group reports back once the month is over",
            id="meetup-too-early",
        ),
        pytest.param(
            ["x", "--start", "2026-12-01", "--days", "5", "--meetup-where", "Room 1"],
            2,
            "--meetup-where needs --meetup DATE",
            id="where-without-date",
        ),
    ],
)
def test_new_refuses(ws: Path, run: Run, args: list[str], code: int, message: str) -> None:
    before = snapshot(ws)
    r = run("challenge", "new", *args)
    assert r.exit_code == code
    assert message in r.output
    assert snapshot(ws) == before


def test_new_refuses_an_existing_challenge_without_force(ws: Path, run: Run) -> None:
    assert run("challenge", "new", "x", "--start", "2026-12-01", "--days", "5").exit_code == 0
    before = snapshot(ws)
    r = run("challenge", "new", "x", "--start", "2027-01-01", "--template", "devops")
    assert r.exit_code == 1
    assert r.stderr.splitlines() == [
        "error: challenges/x.yaml already exists; use --force to replace it"
    ]
    assert snapshot(ws) == before
    r = run("challenge", "new", "x", "--start", "2027-01-01", "--template", "devops", "--force")
    assert r.exit_code == 0
    assert "start: 2027-01-01" in (ws / "challenges" / "x.yaml").read_text()


def test_list_json_fields_and_statuses(ws: Path, run: Run) -> None:
    run("challenge", "new", "past", "--start", "2026-10-01", "--days", "30")
    run("challenge", "new", "now", "--start", "2026-11-20", "--template", "devops")
    run("challenge", "new", "next", "--start", "2026-12-01", "--days", "7", "--title", "Next up")
    run("challenge", "join", "now", "--as", "alice-martin")
    run("challenge", "join", "now", "--as", "bob-lee")
    r = run("challenge", "list", "--json")
    assert r.exit_code == 0, r.output
    assert json.loads(r.stdout) == [
        {
            "challenge": "next",
            "title": "Next up",
            "start": "2026-12-01",
            "end": "2026-12-07",
            "length": 7,
            "status": "upcoming",
            "day": None,
            "participants": 0,
        },
        {
            "challenge": "now",
            "title": "30 days to become a better DevOps practitioner",
            "start": "2026-11-20",
            "end": "2026-12-19",
            "length": 30,
            "status": "running",
            "day": 9,
            "participants": 2,
        },
        {
            "challenge": "past",
            "title": "Past",
            "start": "2026-10-01",
            "end": "2026-10-30",
            "length": 30,
            "status": "ended",
            "day": None,
            "participants": 0,
        },
    ]
    table = run("challenge", "list").stdout
    assert "day 9 of 30" in table and "in 3 days" in table and "ended" in table


def test_list_names_a_broken_challenge_and_lists_the_rest(ws: Path, run: Run) -> None:
    run("challenge", "new", "good", "--start", "2026-12-01", "--days", "3")
    (ws / "challenges" / "bad.yaml").write_text("title: [\n")
    r = run("challenge", "list", "--json")
    assert r.exit_code == 0
    assert [c["challenge"] for c in json.loads(r.stdout)] == ["good"]
    assert (
        "warning: left out 1 file that cannot be read: challenges/bad.yaml; "
        "run `copkit check` to see why" in r.stderr
    )


def test_show_json_is_the_file_plus_id_end_and_participants(demo: Path, run: Run) -> None:
    r = run("challenge", "show", OCT, "--json", env={"COPKIT_TODAY": "2026-10-16"})
    assert r.exit_code == 0, r.output
    data = json.loads(r.stdout)
    assert list(data) == [
        "challenge",
        "title",
        "domain",
        "template",
        "start",
        "mantra",
        "finish_threshold",
        "meetup",
        "journal",
        "days",
        "pairs",
        "pairing",
        "end",
        "participants",
    ]
    assert data["challenge"] == OCT and data["end"] == "2026-10-30"
    assert data["template"] is None  # written by hand, not from a set
    assert data["meetup"] == {"date": "2026-11-05", "where": "Community call and room Vauban"}
    assert data["pairing"] == {"seed": 7, "date": "2026-09-30"}
    assert data["participants"] == [
        "diego-alvarez",
        "kwame-mensah",
        "mei-chen",
        "priya-raman",
        "sofia-rossi",
        "tomasz-nowak",
        "yusuf-demir",
    ]
    assert len(data["days"]) == 30
    assert set(data["days"][0]) == {"day", "kind", "title", "prompt", "minutes", "levels"}


def test_show_marks_today_and_lists_the_partner_groups(demo: Path, run: Run) -> None:
    r = run("challenge", "show", OCT, env={"COPKIT_TODAY": "2026-10-16"})
    assert r.exit_code == 0, r.output
    lines = r.stdout.splitlines()
    assert lines[:3] == [
        "30 days of observability  (observability-october)",
        "DevOps, 2026-10-01 to 2026-10-30, 30 days, running, day 16 of 30",
        "7 participants; report-back meetup on 2026-11-05 (Community call and room Vauban)",
    ]
    today = [line for line in lines if line.lstrip().startswith("> ")]
    assert len(today) == 1 and "Fri 2026-10-16" in today[0] and "Write one SLO" in today[0]
    assert "Partner groups (seed 7, drawn 2026-09-30)" in r.stdout
    assert "  Diego Alvarez + Mei Chen" in lines  # by name; --json keeps the ids


def test_show_before_the_start_marks_no_day(ws: Path, run: Run) -> None:
    run("challenge", "new", "soon", "--start", "2026-12-01", "--days", "3")
    r = run("challenge", "show", "soon")
    assert r.exit_code == 0
    assert "starts in 3 days" in r.stdout
    assert "(not written yet)" in r.stdout
    assert not [line for line in r.stdout.splitlines() if line.lstrip().startswith("> ")]


@pytest.mark.parametrize(
    "command",
    ["templates", "new", "list", "show", "today", "calendar", "join", "leave", "pair"],
)
def test_every_challenge_command_has_help(run: Run, command: str) -> None:
    r = run("challenge", command, "--help")
    assert r.exit_code == 0
    assert "Usage:" in r.stdout and len(r.stdout.splitlines()) > 5


def test_every_challenge_command_works_on_the_demo(demo: Path, run: Run) -> None:
    env = {"COPKIT_TODAY": "2026-10-16"}
    steps = [
        ["challenge", "templates"],
        ["challenge", "list"],
        ["challenge", "show", OCT],
        ["challenge", "today"],
        ["challenge", "today", OCT, "--markdown"],
        ["challenge", "today", OCT, "--json"],
        ["challenge", "calendar", OCT, "--ics", "october.ics"],
        ["challenge", "join", OCT, "--as", "ines-laurent", "--goal", "Learn tracing"],
        ["challenge", "leave", OCT, "--as", "mei-chen"],
        ["challenge", "pair", OCT, "--late"],
        ["challenge", "pair", OCT, "--force", "--seed", "3", "--dry-run"],
        ["challenge", "new", "observability-2027", "--start", "2027-10-01", "--template", "devops"],
        ["challenge", "join", "observability-2027", "--as", "mei-chen"],
        ["challenge", "join", "observability-2027", "--as", "diego-alvarez"],
        ["challenge", "join", "observability-2027", "--as", "priya-raman"],
        ["challenge", "pair", "observability-2027", "--seed", "1"],
    ]
    for args in steps:
        r = run(*args, env=env)
        assert r.exit_code == 0, (args, r.output)
    check = run("check", env=env)
    assert (check.exit_code, check.stdout) == (0, ""), check.output
    from copkit.storage.workspace import Workspace

    later = Workspace(demo).challenge("observability-2027")
    # three people make one trio; diego-alvarez and mei-chen, October partners, cannot be kept apart
    assert later.pairs == [["diego-alvarez", "mei-chen", "priya-raman"]]
