"""copkit challenge calendar --ics: RFC 5545 read back with the icalendar parser."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest
from icalendar import Calendar

from tests.conftest import Run, snapshot

OCT = "observability-october"


def events(data: bytes) -> list[dict[str, object]]:
    cal = Calendar.from_ical(data)
    return [
        {
            key: ev.decoded(key) if key in ev else None
            for key in ("uid", "summary", "dtstart", "dtend", "dtstamp", "description", "location")
        }
        for ev in cal.walk("VEVENT")
    ]


def test_calendar_has_an_all_day_event_per_day_and_the_meetup(demo: Path, run: Run) -> None:
    r = run("challenge", "calendar", OCT, "--ics", "october.ics")
    assert r.exit_code == 0, r.output
    assert (
        "Wrote october.ics: 30 days and the meetup, 31 all-day events. Import it into your "
        "calendar; importing it again updates the events instead of duplicating them." in r.stderr
    )
    data = (demo / "october.ics").read_bytes()
    evs = events(data)
    assert len(evs) == 31
    days, meetup = evs[:30], evs[30]
    start = date(2026, 10, 1)
    for n, ev in enumerate(days, 1):
        day = start + timedelta(days=n - 1)
        assert ev["uid"] == f"{OCT}-day-{n:02d}@copkit"
        assert ev["dtstart"] == day and not isinstance(ev["dtstart"], datetime), "all-day"
        assert ev["dtend"] == day + timedelta(days=1)
        assert ev["dtstamp"] == datetime(2026, 10, 1, tzinfo=UTC)
    assert days[15]["summary"] == "Day 16: Write one SLO and measure it"
    description = str(days[15]["description"])
    assert description.startswith("Give your SLI a target and a window (for example 99.5%")
    assert "\n\nSuggested time: 40 minutes." in description
    assert "\n\nStarter: Use last week's data and a spreadsheet" in description
    assert "\n\nExperienced: Set it up as recording rules" in description
    assert meetup["uid"] == f"{OCT}-meetup@copkit"
    assert meetup["summary"] == "Report-back meetup: 30 days of observability"
    assert (meetup["dtstart"], meetup["dtend"]) == (date(2026, 11, 5), date(2026, 11, 6))
    assert meetup["location"] == "Community call and room Vauban"
    assert len({ev["uid"] for ev in evs}) == 31


def test_calendar_lines_are_crlf_and_folded_at_75_octets(demo: Path, run: Run) -> None:
    data = run("challenge", "calendar", OCT, "--ics", "-").stdout_bytes
    assert data.startswith(b"BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//copkit//copkit ")
    assert data.endswith(b"END:VCALENDAR\r\n")
    lines = data.split(b"\r\n")[:-1]
    assert b"\n" not in b"".join(lines)
    assert max(len(line) for line in lines) == 75, "long descriptions are folded at 75 octets"
    assert any(line.startswith(b" ") for line in lines), "continuation lines start with a space"


def test_calendar_is_deterministic_and_a_re_export_replaces_it(demo: Path, run: Run) -> None:
    assert run("challenge", "calendar", OCT, "--ics", "cal/october.ics").exit_code == 0
    first = (demo / "cal" / "october.ics").read_bytes()
    assert run("challenge", "calendar", OCT, "--ics", "cal/october.ics").exit_code == 0
    assert (demo / "cal" / "october.ics").read_bytes() == first
    assert run("challenge", "calendar", OCT, "--ics", "-").stdout_bytes == first


def test_calendar_folds_non_ascii_text_on_character_boundaries(ws: Path, run: Run) -> None:
    run("challenge", "new", "fete", "--start", "2026-12-01", "--days", "2", "--title", "Fête")
    path = ws / "challenges" / "fete.yaml"
    text = (
        path.read_text()
        .replace("title: null", "title: Écouter", 1)
        .replace("prompt: null", "prompt: " + "Réécrire l\u2019été, ça déçoit 🎉 " * 8, 1)
    )
    path.write_text(text)
    data = run("challenge", "calendar", "fete", "--ics", "-").stdout_bytes
    for line in data.split(b"\r\n"):
        assert len(line) <= 75
        line.decode("utf-8")  # no character cut in two
    ev = events(data)
    assert ev[0]["summary"] == "Day 1: Écouter"
    assert ev[1]["summary"] == "Day 2: reflect", "a day not written yet is named by its kind"
    assert len(ev) == 2, "no meetup, no meetup event"


@pytest.mark.parametrize(
    ("target", "message"),
    [
        pytest.param(
            "members/mei-chen.yaml",
            "error: members/mei-chen.yaml exists and is not an iCalendar file; copkit will not replace it",
            id="not-a-calendar",
        ),
    ],
)
def test_calendar_refuses_to_write_outside_or_over_other_files(
    demo: Path, run: Run, target: str, message: str
) -> None:
    before = snapshot(demo)
    r = run("challenge", "calendar", OCT, "--ics", target)
    assert r.exit_code == 1
    assert message in r.stderr
    assert snapshot(demo) == before
    assert not Path("/tmp/copkit-test-outside.ics").exists()
    assert not (demo.parent / "outside.ics").exists()
