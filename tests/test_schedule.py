"""Working-day calendars (SPEC section 7.1): the day/date mapping, and every command that asks it.

The hand-built month: `wd` runs on weekdays from Tuesday 2026-12-01 for 20 days, skipping
Christmas Day (Friday 25) and a team offsite (Monday 28). Its days fall on

    days  1-4   Tue 1 .. Fri 4 Dec
    days  5-9   Mon 7 .. Fri 11
    days 10-14  Mon 14 .. Fri 18
    days 15-18  Mon 21 .. Thu 24    (Fri 25 Christmas, Sat 26, Sun 27, Mon 28 offsite)
    days 19-20  Tue 29, Wed 30
"""

from __future__ import annotations

import json
import os
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from copkit.model import Challenge, Day
from copkit.model.challenge import Schedule, SkipDate
from copkit.services import schedule
from copkit.services.nudge import nudges, silence
from copkit.services.progress import elapsed_days, member_progress, status_of
from tests.conftest import Run, Width
from tests.test_journal import join

EXAMPLES = settings(max_examples=int(os.environ.get("COPKIT_HYPOTHESIS", "60")), deadline=None)

START = date(2026, 12, 1)
CHRISTMAS = date(2026, 12, 25)
OFFSITE = date(2026, 12, 28)
WD_DATES = (
    [date(2026, 12, d) for d in (1, 2, 3, 4)]
    + [date(2026, 12, d) for d in range(7, 12)]
    + [date(2026, 12, d) for d in range(14, 19)]
    + [date(2026, 12, d) for d in range(21, 25)]
    + [date(2026, 12, 29), date(2026, 12, 30)]
)


def days(n: int) -> list[Day]:
    return [Day(day=i, kind="learn", title=f"t{i}", prompt="p") for i in range(1, n + 1)]


def weekday_month(threshold: float = 0.8) -> Challenge:
    return Challenge(
        title="Working days",
        start=START,
        schedule=Schedule(
            days="weekdays",
            skip=[
                SkipDate(date=CHRISTMAS, name="Christmas Day"),
                SkipDate(date=OFFSITE, name="Team offsite"),
            ],
        ),
        finish_threshold=threshold,
        days=days(20),
    )


def entries(picture: str) -> dict[int, object]:
    """D done, P partial, S skipped, '.' none, day 1 first, each dated on its own day."""
    from copkit.model import JournalEntry

    status = {"D": "done", "P": "partial", "S": "skipped"}
    return {
        i: JournalEntry(date=WD_DATES[i - 1], status=status[c], minutes=10)  # type: ignore[arg-type]
        for i, c in enumerate(picture, start=1)
        if c != "."
    }


# ---- the mapping ---------------------------------------------------------------------------


def test_weekday_month_falls_on_the_expected_dates() -> None:
    ch = weekday_month()
    assert schedule.challenge_dates(ch) == tuple(WD_DATES)
    assert schedule.end_date(ch) == ch.end == date(2026, 12, 30)
    assert schedule.date_of(ch, 5) == date(2026, 12, 7)
    assert schedule.day_of(ch, date(2026, 12, 5)) is None  # Saturday
    assert schedule.day_of(ch, CHRISTMAS) is None
    assert schedule.day_of(ch, date(2026, 12, 29)) == 19
    assert schedule.next_challenge_date(ch, date(2026, 12, 5)) == (5, date(2026, 12, 7))
    assert schedule.next_challenge_date(ch, CHRISTMAS) == (19, date(2026, 12, 29))
    assert schedule.next_challenge_date(ch, date(2026, 12, 31)) is None
    assert schedule.count_between(ch, date(2026, 12, 21), date(2026, 12, 31)) == 6
    assert schedule.elapsed(ch, date(2026, 11, 30)) == 0
    assert schedule.elapsed(ch, date(2026, 12, 6)) == 4
    assert schedule.elapsed(ch, date(2027, 1, 5)) == 20


@st.composite
def schedules(draw: st.DrawFn) -> Challenge:
    start = draw(st.dates(date(2020, 1, 1), date(2030, 12, 31)))
    length = draw(st.integers(1, 120))
    weekdays = draw(st.booleans())
    skipped = draw(st.sets(st.integers(0, 250), max_size=25))
    return Challenge(
        title="T",
        start=start,
        schedule=Schedule(
            days="weekdays" if weekdays else "every-day",
            skip=[SkipDate(date=start + timedelta(days=k), name=f"s{k}") for k in sorted(skipped)],
        ),
        days=days(length),
    )


@EXAMPLES
@given(schedules(), st.integers(-30, 400))
def test_days_and_challenge_dates_are_a_bijection(ch: Challenge, probe: int) -> None:
    sched = ch.schedule
    assert sched is not None
    dates = schedule.challenge_dates(ch)
    skipped = {s.date for s in sched.skip}
    assert len(dates) == ch.length == len(set(dates))
    assert list(dates) == sorted(dates) and dates[0] >= ch.start
    for n in range(1, ch.length + 1):
        on = schedule.date_of(ch, n)
        assert schedule.day_of(ch, on) == n
        assert on not in skipped
        assert sched.days == "every-day" or on.weekday() < 5
    # every date the schedule allows between start and end is some day: none is left out
    on = ch.start + timedelta(days=probe)
    allowed = on not in skipped and (sched.days == "every-day" or on.weekday() < 5)
    inside = ch.start <= on <= schedule.end_date(ch)
    n = schedule.day_of(ch, on)
    assert (n is not None) == (allowed and inside)
    if n is not None:
        assert schedule.date_of(ch, n) == on
    assert schedule.elapsed(ch, on) == sum(1 for d in dates if d <= on)


@EXAMPLES
@given(
    st.dates(date(2020, 1, 1), date(2030, 12, 31)),
    st.integers(1, 366),
    st.integers(-40, 420),
)
def test_every_day_numbers_equal_release_1(start: date, length: int, offset: int) -> None:
    ch = Challenge(title="T", start=start, days=days(length))
    ruled = Challenge(title="T", start=start, schedule=Schedule(), days=days(length))
    today = start + timedelta(days=offset)
    release_1_day = (today - start).days + 1
    for c in (ch, ruled):
        assert schedule.end_date(c) == start + timedelta(days=length - 1)
        assert schedule.date_of(c, min(length, max(1, release_1_day))) == start + timedelta(
            days=min(length, max(1, release_1_day)) - 1
        )
        assert schedule.day_of(c, today) == (
            release_1_day if 1 <= release_1_day <= length else None
        )
        assert elapsed_days(c, today) == max(0, min(release_1_day, length))
        assert schedule.is_every_day(c)


# ---- numbers over a weekday month ----------------------------------------------------------


def test_a_weekend_and_skipped_dates_do_not_break_a_streak() -> None:
    ch = weekday_month()
    # done every day up to Thursday 24; Tuesday 29 (day 19) has no entry yet
    got = member_progress("al", entries("D" * 18), ch, date(2026, 12, 29), partners=[])  # type: ignore[arg-type]
    assert (got.current_streak, got.longest_streak, got.missing) == (18, 18, 0)  # today is open
    assert got.today_open
    # on Saturday 5 December, Friday (day 4) is over: no grace
    got = member_progress("al", entries("DDD"), ch, date(2026, 12, 5), partners=[])  # type: ignore[arg-type]
    assert (got.current_streak, got.missing) == (0, 1)
    got = member_progress("al", entries("DDDD"), ch, date(2026, 12, 6), partners=[])  # type: ignore[arg-type]
    assert (got.current_streak, got.missing) == (4, 0)
    assert not got.today_open  # a Sunday is never open
    # Monday 7 (day 5) without an entry yet: the grace for today keeps Friday's streak
    got = member_progress("al", entries("DDDD"), ch, date(2026, 12, 7), partners=[])  # type: ignore[arg-type]
    assert (got.current_streak, got.missing, got.today_open) == (4, 0, True)


def test_finishers_count_challenge_dates() -> None:
    ch = weekday_month()  # 0.8 x 20 = 16 days
    end = date(2027, 1, 4)
    assert status_of(ch, date(2026, 12, 31)) == "ended"
    assert status_of(ch, CHRISTMAS) == "running"
    assert member_progress("al", entries("D" * 16), ch, end, partners=[]).finisher  # type: ignore[arg-type]
    assert not member_progress("al", entries("D" * 15), ch, end, partners=[]).finisher  # type: ignore[arg-type]
    full = member_progress("al", entries("D" * 20), ch, end, partners=[])  # type: ignore[arg-type]
    assert (full.completion, full.longest_streak, full.missing) == (1.0, 20, 0)


@pytest.mark.parametrize(
    ("picture", "today", "expected"),
    [
        pytest.param("D" * 17, date(2026, 12, 29), (17, 1, 18), id="over-christmas-one-day"),
        pytest.param("D" * 18, date(2026, 12, 28), (18, 0, 19), id="on-the-offsite"),
        pytest.param("D" * 4, date(2026, 12, 6), (4, 0, 5), id="over-the-weekend"),
        pytest.param("D" * 3, date(2026, 12, 7), (3, 1, 4), id="monday-grace"),
    ],
)
def test_days_silent_count_challenge_dates(
    picture: str, today: date, expected: tuple[int, int, int]
) -> None:
    assert silence(weekday_month(), entries(picture), today) == expected  # type: ignore[arg-type]


def test_nudge_over_a_holiday_weekend_names_only_the_really_silent() -> None:
    ch = weekday_month()
    got = {
        "al": entries("D" * 17),  # last wrote on Wednesday 23: one challenge date ago
        "bo": entries("D" * 15),  # last wrote on Monday 21: three challenge dates ago
    }
    found = nudges(ch, ["al", "bo"], got, date(2026, 12, 29), days=2)  # type: ignore[arg-type]
    assert [(n.member, n.days_silent, n.since_day) for n in found] == [("bo", 3, 16)]


def test_a_late_joiner_is_silent_from_the_next_challenge_date() -> None:
    # joined on Saturday 5: silent from Monday 7 (day 5) only
    assert silence(weekday_month(), {}, date(2026, 12, 9), date(2026, 12, 5)) == (None, 2, 5)


# ---- through the CLI -----------------------------------------------------------------------

WD_YAML = """\
title: Working days
start: 2026-12-01
schedule:
  days: weekdays
  skip:
    - {date: 2026-12-25, name: Christmas Day}
    - {date: 2026-12-28, name: Team offsite}
finish_threshold: 0.8
meetup: {date: 2027-01-06, where: Community call}
days:
"""


def write_wd(root: Path, extra: str = "") -> Path:
    text = WD_YAML.replace("finish_threshold", extra + "finish_threshold") if extra else WD_YAML
    for d in range(1, 21):
        text += (
            f"  - day: {d}\n    kind: practice\n    title: Activity {d}\n"
            f"    prompt: Do the thing of day {d}.\n    minutes: 20\n"
        )
    path = root / "challenges" / "wd.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def wd_entry(root: Path, member: str, day: int, on: date | None = None) -> Path:
    path = root / "journals" / "wd" / member / f"day-{day:02d}.md"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(
        f"---\ndate: {on or WD_DATES[day - 1]}\nstatus: done\nminutes: 10\n---\nDay {day}.\n",
        encoding="utf-8",
    )
    return path


@pytest.fixture
def wd(ws: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    write_wd(ws)
    join(ws, "wd", "alice-martin")
    join(ws, "wd", "bob-lee")
    monkeypatch.setenv("COPKIT_TODAY", "2026-12-05")  # a Saturday
    return ws


def test_today_on_a_saturday_names_the_next_day(wd: Path, run: Run) -> None:
    r = run("challenge", "today", "wd")
    assert r.exit_code == 0, r.output
    assert r.stdout == (
        "Working days (wd): no activity today (Saturday); day 5 is on Monday 2026-12-07.\n"
    )
    r = run("challenge", "today", "wd", "--json")
    assert json.loads(r.stdout) == {
        "challenge": "wd",
        "status": "rest",
        "date": "2026-12-05",
        "next_day": 5,
        "next_date": "2026-12-07",
    }
    r = run("challenge", "today", "wd", "--date", "2026-12-25")
    assert "no activity on 2026-12-25 (Christmas Day); day 19 is on Tuesday 2026-12-29" in r.stdout
    r = run("challenge", "today", "--date", "2026-12-07")  # the one running, by date
    assert "Working days: day 5 of 20, Monday 7 December 2026" in r.stdout


def test_journal_add_on_a_rest_day_refuses_with_the_hint(wd: Path, run: Run) -> None:
    r = run("journal", "add", "wd", "--as", "alice-martin", "-m", "x")
    assert r.exit_code == 1
    assert "no activity today (Saturday); day 5 is on Monday 2026-12-07" in r.stderr
    assert "--day N" in r.stderr
    assert not (wd / "journals" / "wd" / "alice-martin" / "day-05.md").exists()
    r = run("journal", "add", "wd", "--as", "alice-martin", "--day", "4", "-m", "Caught up.")
    assert r.exit_code == 0, r.output
    text = (wd / "journals" / "wd" / "alice-martin" / "day-04.md").read_text()
    assert "date: 2026-12-04" in text


def test_check_reports_entries_on_rest_days_and_bad_skips(wd: Path, run: Run) -> None:
    wd_entry(wd, "alice-martin", 4)
    wd_entry(wd, "alice-martin", 5, on=date(2026, 12, 5))
    r = run("check")
    assert r.exit_code == 1
    assert (
        "journals/wd/alice-martin/day-05.md:2:7: error: date 2026-12-05 does not match day 5 of "
        "wd (2026-12-07); write date: 2026-12-07"
    ) in r.stdout
    assert "day-04" not in r.stdout
    (wd / "journals" / "wd" / "alice-martin" / "day-05.md").unlink()
    write_wd(
        wd,
        extra="",
    )
    text = (wd / "challenges" / "wd.yaml").read_text()
    text = text.replace(
        "    - {date: 2026-12-28, name: Team offsite}\n",
        "    - {date: 2026-12-28, name: Team offsite}\n"
        "    - {date: 2026-12-25, name: Again}\n"
        "    - {date: 2027-03-01, name: Far away}\n"
        "    - {date: 2026-12-12, name: A Saturday}\n",
    )
    (wd / "challenges" / "wd.yaml").write_text(text)
    r = run("check")
    assert r.exit_code == 1
    lines = r.stdout.splitlines()
    assert "challenges/wd.yaml:8:14: error: 2026-12-25 is skipped twice (also entry 1)" in lines, (
        r.stdout
    )
    assert (
        "challenges/wd.yaml:9:14: error: skipped date 2027-03-01 is outside the challenge "
        "(2026-12-01 to 2026-12-30); remove it"
    ) in lines
    assert (
        "challenges/wd.yaml:10:14: warning: skipped date 2026-12-12 is a Saturday, which a "
        "weekdays schedule skips anyway; remove it"
    ) in lines


def test_check_warns_when_start_has_no_activity(wd: Path, run: Run) -> None:
    path = wd / "challenges" / "wd.yaml"
    path.write_text(path.read_text().replace("start: 2026-12-01", "start: 2026-11-28"))
    r = run("check")
    assert (
        "challenges/wd.yaml:2:8: warning: start 2026-11-28 (Saturday) has no activity on this "
        "schedule: day 1 falls on Monday 2026-11-30"
    ) in r.stdout
    assert "make that the start" in r.stdout
    # day 1 falls on Monday 30 November: `today` on Saturday 28 says it has not started
    r = run("challenge", "today", "wd", env={"COPKIT_TODAY": "2026-11-28"})
    assert "has not started: day 1 is Monday 30 November 2026" in r.stdout


def test_ics_has_one_event_per_challenge_date_and_none_on_rest_days(
    wd: Path, run: Run, tmp_path: Path
) -> None:
    from icalendar import Calendar

    r = run("challenge", "calendar", "wd", "--ics", "wd.ics")
    assert r.exit_code == 0, r.output
    assert "20 days and the meetup, 21 all-day events" in r.stderr
    cal = Calendar.from_ical((wd / "wd.ics").read_bytes())
    events = [e for e in cal.walk("VEVENT") if "day" in str(e["uid"]).split("@")[0]]
    starts = [e.decoded("dtstart") for e in events]
    assert starts == WD_DATES
    assert all(e.decoded("dtend") == e.decoded("dtstart") + timedelta(days=1) for e in events)
    assert not {date(2026, 12, 5), date(2026, 12, 6), CHRISTMAS, OFFSITE} & set(starts)
    assert str(events[4]["summary"]) == "Day 5: Activity 5"


def test_show_json_dates_every_day_and_show_labels_real_dates(wd: Path, run: Run) -> None:
    data = json.loads(run("challenge", "show", "wd", "--json").stdout)
    assert [d["date"] for d in data["days"]] == [d.isoformat() for d in WD_DATES]
    assert list(data["days"][0])[:2] == ["day", "date"]
    assert data["schedule"]["days"] == "weekdays"
    assert data["end"] == "2026-12-30"
    r = run("challenge", "show", "wd")
    assert "2026-12-01 to 2026-12-30, 20 weekdays, 2 dates skipped" in r.stdout
    assert "Mon 2026-12-07" in r.stdout and "Sat 2026-12-05" not in r.stdout
    listed = json.loads(run("challenge", "list", "--json").stdout)
    assert listed[0]["end"] == "2026-12-30" and listed[0]["day"] is None  # Saturday
    assert listed[0]["status"] == "running"
    assert "no activity today" in run("challenge", "list").stdout
    assert "running, no activity today" in r.stdout


def test_progress_strip_groups_by_week_under_real_dates(
    wd: Path, run: Run, monkeypatch: pytest.MonkeyPatch, width: Width
) -> None:
    for d in range(1, 19):
        wd_entry(wd, "alice-martin", d)
    monkeypatch.setenv("COPKIT_TODAY", "2026-12-29")
    r = run("challenge", "progress", "wd")
    assert r.exit_code == 0, r.output
    assert "Days 1-20, Tue 01 Dec-Wed 30 Dec, by week" in r.stdout
    strip = next(line for line in r.stdout.splitlines() if line.startswith(" Alice Martin"))
    assert strip.endswith("●●●● ●●●●● ●●●●● ●●●● ◌·")
    data = json.loads(run("challenge", "progress", "wd", "--json").stdout)
    alice = data["participants"][0]
    assert (data["elapsed"], alice["current_streak"], alice["missing"]) == (19, 18, 0)
    r = run("challenge", "nudge", "wd", "--json")
    assert [n["member"] for n in json.loads(r.stdout)] == ["bob-lee"]


# ---- a community far from UTC, across a change of clocks ------------------------------------


def test_days_cross_a_dst_change_in_a_non_utc_community(ws: Path, run: Run) -> None:
    from copkit.cli.common import today
    from copkit.storage.workspace import Workspace

    # Europe/Paris leaves summer time on Sunday 25 October 2026 (UTC+2 -> UTC+1)
    text = WD_YAML.replace("start: 2026-12-01", "start: 2026-10-19").replace(
        "meetup: {date: 2027-01-06, where: Community call}\n", ""
    )
    text = text.replace("2026-12-25", "2026-10-21").replace("2026-12-28", "2026-10-30")
    for d in range(1, 11):
        text += f"  - day: {d}\n    kind: learn\n    title: A{d}\n    prompt: P{d}.\n"
    (ws / "challenges" / "wd.yaml").write_text(text)
    space = Workspace.find(str(ws))
    ch = space.challenge("wd")
    assert schedule.date_of(ch, 5) == date(2026, 10, 26)  # Mon 19, Tue 20, Thu 22, Fri 23, Mon 26
    assert ch.end == date(2026, 11, 3)  # ... Thu 29, (Fri 30 skipped), Mon 2, Tue 3
    os.environ.pop("COPKIT_TODAY", None)
    cases = [
        (datetime(2026, 10, 24, 22, 30, tzinfo=UTC), date(2026, 10, 25), None),  # Sun 00:30 CEST
        (datetime(2026, 10, 25, 22, 59, tzinfo=UTC), date(2026, 10, 25), None),  # Sun 23:59 CET
        (datetime(2026, 10, 25, 23, 0, tzinfo=UTC), date(2026, 10, 26), 5),  # Mon 00:00 CET
        (datetime(2026, 10, 23, 21, 59, tzinfo=UTC), date(2026, 10, 23), 4),  # Fri 23:59 CEST
    ]
    for now, local, day in cases:
        t = today(space, now=now)
        assert t == local
        assert schedule.day_of(ch, t) == day
    r = run("challenge", "calendar", "wd", "--ics", "-", env={"COPKIT_TODAY": "2026-10-25"})
    assert "DTSTART;VALUE=DATE:20261026" in r.stdout and "20261025" not in r.stdout


# ---- challenge new --weekdays --holidays --skip ----------------------------------------------


def test_new_writes_holidays_and_chosen_dates_into_skip(ws: Path, run: Run) -> None:
    r = run(
        "challenge", "new", "bank", "--start", "2026-12-01", "--template", "devops",
        "--weekdays", "--holidays", "GB-ENG", "--skip", "2026-12-29=Team offsite",
    )  # fmt: skip
    assert r.exit_code == 0, r.output
    assert "30 weekdays, 4 dates skipped, 2026-12-01 to 2027-01-15" in r.stderr
    text = (ws / "challenges" / "bank.yaml").read_text()
    assert (
        "start: 2026-12-01\n"
        "schedule:\n"
        "  days: weekdays\n"
        "  # Public holidays of GB-ENG (United Kingdom, England),\n"
        "  # from the holidays package "
    ) in text
    assert (
        "  # and 1 date chosen with --skip.\n"
        "  # Days fall on the other dates; edit this list to change them.\n"
        "  skip:\n"
        "    - {date: 2026-12-25, name: Christmas Day}\n"
        "    - {date: 2026-12-28, name: Boxing Day (observed)}\n"
        "    - {date: 2026-12-29, name: Team offsite}\n"
        "    - {date: 2027-01-01, name: New Year's Day}\n"
        "mantra:"
    ) in text
    assert "2026-12-26" not in text  # Boxing Day is a Saturday: no activity anyway
    assert run("check").exit_code == 0
    data = json.loads(run("challenge", "show", "bank", "--json").stdout)
    assert data["end"] == "2027-01-15"
    assert data["days"][17]["date"] == "2026-12-24" and data["days"][18]["date"] == "2026-12-30"


def test_new_without_schedule_options_writes_no_schedule(ws: Path, run: Run) -> None:
    r = run("challenge", "new", "plain", "--start", "2026-12-01", "--days", "5")
    assert r.exit_code == 0, r.output
    assert "schedule" not in (ws / "challenges" / "plain.yaml").read_text()
    assert "5 days, 2026-12-01 to 2026-12-05" in r.stderr


def test_new_every_day_with_a_skipped_date(ws: Path, run: Run) -> None:
    r = run("challenge", "new", "x", "--start", "2026-12-01", "--days", "5", "--skip", "2026-12-03")
    assert r.exit_code == 0, r.output
    text = (ws / "challenges" / "x.yaml").read_text()
    assert "  days: every-day\n" in text and "    - {date: 2026-12-03}\n" in text
    assert "2026-12-01 to 2026-12-06" in r.stderr


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        pytest.param(
            ["--holidays", "UK"],
            "error: --holidays UK: unknown country 'UK'\nhint: Close matches: GB (United Kingdom).",
            id="alias-country",
        ),
        pytest.param(
            ["--holidays", "Germny"],
            "error: --holidays Germny: unknown country 'Germny'\nhint: Close matches: DE (Germany)",
            id="misspelt-name",
        ),
        pytest.param(
            ["--holidays", "GB-Englnd"],
            "error: --holidays GB-Englnd: United Kingdom has no subdivision 'Englnd'\n"
            "hint: Close matches: GB-ENG (England).",
            id="misspelt-subdivision",
        ),
        pytest.param(
            ["--weekdays", "--skip", "2026-12-05"],
            "error: --skip 2026-12-05 is a Saturday, which --weekdays skips anyway",
            id="weekend-skip",
        ),
        pytest.param(
            ["--skip", "2026-11-30"],
            "error: --skip 2026-11-30 is before the start (2026-12-01)",
            id="skip-before-start",
        ),
        pytest.param(
            ["--skip", "2027-02-01"],
            "error: --skip 2027-02-01 is after the last day (2026-12-05)",
            id="skip-after-end",
        ),
        pytest.param(
            ["--skip", "someday"],
            "error: --skip 'someday' is not a date",
            id="skip-not-a-date",
        ),
    ],
)
def test_new_refuses_bad_schedule_options(
    ws: Path, run: Run, args: list[str], expected: str
) -> None:
    r = run("challenge", "new", "x", "--start", "2026-12-01", "--days", "5", *args)
    assert r.exit_code == 1
    assert r.stderr.startswith(expected), r.stderr
    assert not (ws / "challenges" / "x.yaml").exists()


def test_holidays_is_imported_only_by_challenge_new() -> None:
    import subprocess
    import sys

    code = (
        "import sys; from typer.testing import CliRunner; from copkit.cli.app import app; "
        "CliRunner().invoke(app, ['--version']); "
        "print('holidays' in sys.modules)"
    )
    r = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert r.stdout.strip() == "False"


def test_reports_show_real_dates(wd: Path, run: Run, monkeypatch: pytest.MonkeyPatch) -> None:
    for d in range(1, 6):
        wd_entry(wd, "alice-martin", d)
    monkeypatch.setenv("COPKIT_TODAY", "2026-12-08")
    r = run("challenge", "report", "wd")
    assert r.exit_code == 0, r.output
    assert "2026-12-01 to 2026-12-30 (20 weekdays, 2 dates skipped)" in r.stdout
    row = next(line for line in r.stdout.splitlines() if line.strip().startswith("5 "))
    assert "Mon 07 Dec" in row
    md = run("challenge", "report", "wd", "--format", "markdown").stdout
    assert "(20 weekdays, 2 dates skipped)" in md and "Mon 07 Dec" in md
    html = run("challenge", "report", "wd", "--format", "html").stdout
    # the chart labels the first day of each week with its date; tips carry the date
    for label in ("Tue 1 Dec", "Mon 7 Dec", "Mon 14 Dec", "Mon 21 Dec", "Tue 29 Dec"):
        assert f">{label}</text>" in html
    assert ">Mon 28 Dec<" not in html
    assert "Day 5 (practice, Mon 2026-12-07): Activity 5" in html
    data = json.loads(run("challenge", "report", "wd", "--format", "json").stdout)
    assert data["length"] == 20 and len(data["days"]) == 20


def test_new_moves_a_start_with_no_activity_to_day_1(ws: Path, run: Run) -> None:
    r = run(
        "challenge", "new", "x", "--start", "2026-12-25", "--days", "5",
        "--weekdays", "--holidays", "GB-ENG", "--skip", "2026-12-25",
    )  # fmt: skip
    assert r.exit_code == 0, r.output
    assert (
        "2026-12-25 (Friday) has no activity on this schedule: day 1 is Tuesday 2026-12-29, "
        "the start written in the file."
    ) in r.stderr
    text = (ws / "challenges" / "x.yaml").read_text()
    assert "start: 2026-12-29\n" in text
    assert "2026-12-25" not in text and "2026-12-28" not in text
    assert "    - {date: 2027-01-01, name: New Year's Day}\n" in text
    assert "2026-12-29 to 2027-01-05" in r.stderr
    r = run("check")
    assert r.exit_code == 0 and "start" not in r.stdout and "skip" not in r.stdout, r.stdout


def test_post_on_a_rest_date_sends_nothing_and_says_why(wd: Path, run: Run) -> None:
    r = run("challenge", "post", "wd", "--dry-run", "--to", "json://localhost:9/x")
    assert r.exit_code == 0, r.output
    assert r.stdout == (
        "Working days (wd): no activity today (Saturday); day 5 is on Monday 2026-12-07. "
        "Nothing was posted.\n"
    )
    r = run("challenge", "post", "wd", "--dry-run", "--to", "json://localhost:9/x", "--day", "5")
    assert r.exit_code == 0, r.output
    assert "day 5 of 20" in r.stdout and "Monday 7 December 2026" in r.stdout


def test_templates_say_which_schedules_each_set_suits(run: Run) -> None:
    from copkit.model import Template
    from copkit.render.challenges import suits

    def tpl(**kw: object) -> Template:
        return Template(title="T", days=days(1), **kw)  # type: ignore[arg-type]

    assert suits(tpl()) == "Suits: not stated by the set (its `schedules:`)."
    assert suits(tpl(schedules=["every-day", "weekdays"], starts_on="monday")) == (
        "Suits: every day or weekdays only; day 1 on a Monday."
    )
    assert suits(tpl(schedules=["weekdays"])) == "Suits: weekdays only."
    r = run("challenge", "templates")
    assert r.stdout.count("Suits: ") == len(
        json.loads(run("challenge", "templates", "--json").stdout)
    )
