"""The numbers of SPEC section 4 on hand-built months, and `challenge progress` through the CLI."""

from __future__ import annotations

import json
from datetime import date, timedelta
from pathlib import Path

import pytest

from copkit.model import Challenge, Day, JournalEntry
from copkit.services.progress import (
    challenge_progress,
    elapsed_days,
    member_progress,
    needed_to_finish,
    status_of,
)
from tests.conftest import Run, Width
from tests.test_journal import join, month, write_challenge

START = date(2026, 12, 1)


def make(length: int = 10, threshold: float = 0.8) -> Challenge:
    return Challenge(
        title="T",
        start=START,
        finish_threshold=threshold,
        days=[Day(day=i, kind="learn", title="t", prompt="p") for i in range(1, length + 1)],
    )


def picture(days: str, minutes: int = 10) -> dict[int, JournalEntry]:
    """Entries from a picture: D done, P partial, S skipped, '.' none; day 1 first."""
    status = {"D": "done", "P": "partial", "S": "skipped"}
    return {
        i: JournalEntry(date=START + timedelta(days=i - 1), status=status[c], minutes=minutes)  # type: ignore[arg-type]
        for i, c in enumerate(days, start=1)
        if c != "."
    }


def on(day: int) -> date:
    return START + timedelta(days=day - 1)


# (picture, today's day, expected numbers); challenge of 10 days, threshold 0.8 (8 days).
MONTHS = [
    pytest.param(
        "DDDDD", 5,
        dict(done=5, partial=0, skipped=0, missing=0, current_streak=5, longest_streak=5, completion=0.5),
        id="all-done-today-included",
    ),
    pytest.param(
        "DDDD", 5,
        dict(done=4, missing=0, current_streak=4, longest_streak=4, completion=0.4),
        id="grace-for-today-without-entry",
    ),
    pytest.param(
        "DDD.", 5,
        dict(done=3, missing=1, current_streak=0, longest_streak=3),
        id="grace-covers-today-only-not-yesterday",
    ),
    pytest.param(
        "DDSDD", 5,
        dict(done=4, skipped=1, missing=0, current_streak=2, longest_streak=2, completion=0.4),
        id="streak-broken-by-a-skip",
    ),
    pytest.param(
        "DDDDS", 5,
        dict(done=4, skipped=1, current_streak=0, longest_streak=4),
        id="skip-today-ends-the-streak-no-grace",
    ),
    pytest.param(
        "DPPDP", 5,
        dict(done=2, partial=3, current_streak=5, longest_streak=5, completion=0.5),
        id="partial-days-count-for-streaks-and-completion",
    ),
    pytest.param(
        ".P.D.DD", 7,
        dict(done=3, partial=1, missing=3, current_streak=2, longest_streak=2, completion=0.4),
        id="gaps-are-missing",
    ),
    pytest.param(
        "", 6,
        dict(done=0, partial=0, skipped=0, missing=5, minutes=0, current_streak=0, longest_streak=0, completion=0.0),
        id="member-with-no-entries",
    ),
    pytest.param(
        "DDDD", 0,
        dict(done=0, missing=0, current_streak=0, longest_streak=0, completion=0.0),
        id="before-the-start-nothing-counts",
    ),
    pytest.param(
        "DDDDDDDD", 3,
        dict(done=3, missing=0, minutes=30, current_streak=3, longest_streak=3, completion=0.3),
        id="entries-after-today-are-not-counted-yet",
    ),
    pytest.param(
        "DDDDDDDDDD", 14,
        dict(done=10, missing=0, current_streak=10, longest_streak=10, completion=1.0),
        id="after-the-end-streak-ends-on-the-last-day",
    ),
    pytest.param(
        "DDDDDDDDD.", 11,
        dict(done=9, missing=1, current_streak=0, longest_streak=9, completion=0.9),
        id="after-the-end-no-grace-for-the-last-day",
    ),
    pytest.param(
        "DDDSDDDDD", 10,
        dict(done=8, skipped=1, missing=0, current_streak=5, longest_streak=5, completion=0.8),
        id="last-day-in-grace-is-today-not-missing",
    ),
]  # fmt: skip


@pytest.mark.parametrize(("days", "today", "expected"), MONTHS)
def test_member_numbers_on_hand_built_months(
    days: str, today: int, expected: dict[str, object]
) -> None:
    p = member_progress("m", picture(days), make(), on(today))
    for key, value in expected.items():
        assert getattr(p, key) == value, key
    open_today = int(p.strip[today - 1] == "today") if 1 <= today <= 10 else 0
    assert p.done + p.partial + p.skipped + p.missing + open_today == elapsed_days(
        make(), on(today)
    )


def test_strip_and_last_entry_day() -> None:
    p = member_progress("m", picture("DP.S..DDD"), make(), on(7))
    assert p.strip == [
        "done", "partial", "missing", "skipped", "missing", "missing", "done",
        "future", "future", "future",
    ]  # fmt: skip
    assert p.last_entry_day == 7
    assert member_progress("m", {}, make(), on(7)).last_entry_day is None


@pytest.mark.parametrize(
    ("length", "threshold", "needed"),
    [(10, 0.8, 8), (30, 0.8, 24), (25, 0.28, 7), (100, 0.07, 7), (30, 0.75, 23), (10, 0, 0)],
)
def test_finisher_threshold_rounds_up_without_float_noise(
    length: int, threshold: float, needed: int
) -> None:
    ch = make(length, threshold)
    assert needed_to_finish(ch) == needed
    end = on(length + 1)
    assert member_progress("m", picture("D" * needed), ch, end).finisher
    if needed:
        assert not member_progress("m", picture("D" * (needed - 1)), ch, end).finisher


def test_elapsed_and_status() -> None:
    ch = make()
    assert [elapsed_days(ch, on(d)) for d in (-3, 0, 1, 5, 10, 11, 40)] == [0, 0, 1, 5, 10, 10, 10]
    assert [status_of(ch, on(d)) for d in (0, 1, 10, 11)] == [
        "upcoming",
        "running",
        "running",
        "ended",
    ]


def test_challenge_progress_sorted_with_partners_from_pairs() -> None:
    ch = make()
    ch.pairs = [["zoe", "al"], ["bo", "cy", "di"]]
    p = challenge_progress("c", ch, ["zoe", "bo", "al"], {"al": picture("DD")}, on(3))
    assert [(r.member, r.partners) for r in p.participants] == [
        ("al", ["zoe"]),
        ("bo", ["cy", "di"]),
        ("zoe", ["al"]),
    ]
    assert p.as_json()["elapsed"] == 3


# ---- through the CLI -----------------------------------------------------------------------


@pytest.fixture
def group(ws: Path, run: Run, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Challenge `dec` (10 days from 2026-12-01), today day 6; dan left on day 3."""
    for m, name in (("dan-wu", "Dan Wu"), ("erin-kim", "Erin Kim")):
        assert run("member", "add", m, "--name", name).exit_code == 0
    write_challenge(ws, pairs=[["alice-martin", "bob-lee"], ["carol-diaz", "dan-wu", "erin-kim"]])
    for m in ("alice-martin", "bob-lee", "carol-diaz", "erin-kim"):
        join(ws, "dec", m)
    join(ws, "dec", "dan-wu", left="2026-12-03")
    month(ws, "dec", "alice-martin", "DDSDD")  # streak broken by a skip
    month(ws, "dec", "bob-lee", "DPPDP")  # partial days; today (6) has no entry yet: grace
    month(ws, "dec", "dan-wu", "DD")  # left: not counted
    month(ws, "dec", "erin-kim", "...DDD")  # late start, wrote today
    # carol-diaz: no entries at all
    monkeypatch.setenv("COPKIT_TODAY", "2026-12-06")
    return ws


def test_progress_json_is_exactly_spec_section_4(group: Path, run: Run) -> None:
    r = run("challenge", "progress", "dec", "--json", "--no-cache")
    assert r.exit_code == 0, r.output
    assert r.stderr == ""
    data = json.loads(r.stdout)
    assert list(data) == ["challenge", "today", "elapsed", "length", "participants"]
    row = dict.fromkeys(["done", "partial", "skipped", "missing", "minutes"], 0)
    assert data == {
        "challenge": "dec",
        "today": "2026-12-06",
        "elapsed": 6,
        "length": 10,
        "participants": [
            {"member": "alice-martin", "partners": ["bob-lee"], **row, "done": 4, "skipped": 1,
             "missing": 0, "minutes": 50, "current_streak": 2, "longest_streak": 2, "completion": 0.4},
            {"member": "bob-lee", "partners": ["alice-martin"], **row, "done": 2, "partial": 3,
             "missing": 0, "minutes": 50, "current_streak": 5, "longest_streak": 5, "completion": 0.5},
            {"member": "carol-diaz", "partners": ["dan-wu", "erin-kim"], **row, "missing": 5,
             "current_streak": 0, "longest_streak": 0, "completion": 0.0},
            {"member": "erin-kim", "partners": ["carol-diaz", "dan-wu"], **row, "done": 3,
             "missing": 3, "minutes": 30, "current_streak": 3, "longest_streak": 3, "completion": 0.3},
        ],
    }  # fmt: skip
    assert list(data["participants"][0]) == [
        "member", "partners", "done", "partial", "skipped", "missing", "minutes",
        "current_streak", "longest_streak", "completion",
    ]  # fmt: skip


def test_progress_as_focuses_on_member_and_partners(group: Path, run: Run) -> None:
    data = json.loads(run("challenge", "progress", "dec", "--as", "erin-kim", "--json").stdout)
    assert [p["member"] for p in data["participants"]] == ["carol-diaz", "erin-kim"]
    r = run("challenge", "progress", "dec", "--as", "bob-lee")
    assert r.exit_code == 0
    assert "Alice Martin" in r.stdout and "Carol Diaz" not in r.stdout
    assert "dec: Test challenge dec, day 6 of 10 (2026-12-06); Bob Lee and partners" in r.stdout


@pytest.mark.parametrize(
    ("member", "expected"),
    [
        pytest.param("dan-wu", "error: dan-wu is not a participant of dec (they left)", id="left"),
        pytest.param("zed", "error: no member 'zed' (members/zed.yaml does not exist)", id="unknown-member"),
        pytest.param("Bob", "error: 'Bob' is not a valid member id", id="not-a-slug"),
    ],
)  # fmt: skip
def test_progress_as_refuses_non_participants(
    group: Path, run: Run, member: str, expected: str
) -> None:
    r = run("challenge", "progress", "dec", "--as", member)
    assert r.exit_code == 1
    assert r.stderr.startswith(expected), r.stderr


def strip_of(stdout: str, member: str) -> str:
    """The day strip on the member's row (not the partner lines, which hold no strip)."""
    line = next(
        line
        for line in stdout.splitlines()
        if line.strip().startswith(member) and any(c in line for c in "●◐○✗◌·")
    )
    return line.rstrip()[-(10 + 1) :].strip()


def test_progress_table_shows_bars_counts_streaks_and_distinct_symbols(
    group: Path, run: Run
) -> None:
    r = run("challenge", "progress", "dec")
    assert r.exit_code == 0, r.output
    out = r.stdout
    assert "\x1b[" not in out  # NO_COLOR: no escape codes, the symbols carry the meaning
    # day strips: done ●, partial ◐, skipped ○, missing ✗, today not written yet ◌, future ·
    assert strip_of(out, "Alice Martin") == "●●○●● ◌····"
    assert strip_of(out, "Bob Lee") == "●◐◐●◐ ◌····"
    assert strip_of(out, "Carol Diaz") == "✗✗✗✗✗ ◌····"
    assert strip_of(out, "Erin Kim") == "✗✗✗●● ●····"
    alice = next(
        line for line in out.splitlines() if line.strip().startswith("Alice Martin")
    ).split()
    assert alice[2:10] == ["████░░░░░░", "40%", "4", "0", "1", "0", "50", "2/2"]
    # members and partners by name, partners under the member, a left partner marked; the
    # member who left has no row
    assert "\n   Dan Wu (left)\n   Erin Kim\n" in out
    assert not any(line.startswith((" Dan Wu", "Dan Wu")) for line in out.splitlines())
    assert any(line.startswith(" Erin Kim") for line in out.splitlines())
    assert "alice-martin" not in out
    assert "● done  ◐ partial  ○ skipped  ✗ missing  ◌ today, not written yet  · to come" in out
    assert (
        "Group: 4 participants, 9 done, 3 partial, 1 skipped, 8 missing over 21 member-days; "
        "pace 57% done or partial; 3 still to write today." in " ".join(out.split())
    )
    assert "130 minutes in all; finishers so far: 0 of 4 (a finisher has 8 of 10 days" in out


def test_progress_narrow_terminal_moves_strips_to_their_own_table(
    group: Path, run: Run, width: Width
) -> None:
    width(80)
    r = run("challenge", "progress", "dec")
    assert r.exit_code == 0
    assert all(len(line) <= 80 for line in r.stdout.splitlines())
    assert strip_of(r.stdout, "Alice Martin") == "●●○●● ◌····"
    assert r.stdout.count("Days 1-10") == 1


def test_progress_strip_wraps_long_challenges(
    ws: Path, run: Run, monkeypatch: pytest.MonkeyPatch
) -> None:
    write_challenge(ws, "long", length=100)
    join(ws, "long", "alice-martin")
    month(ws, "long", "alice-martin", "D" * 40)
    for path in (ws / "journals" / "long" / "alice-martin").glob("day-*.md"):
        path.rename(path.with_name(f"day-{int(path.stem[4:]):03d}.md"))  # 100 days: day-001.md
    monkeypatch.setenv("COPKIT_TODAY", "2026-12-31")
    r = run("challenge", "progress", "long")
    assert r.exit_code == 0
    strips = [
        line.strip()
        for line in r.stdout.splitlines()
        if "●●●●● ●●●●●" in line or "····· ·····" in line
    ]
    assert strips[0].endswith("●●●●● ●●●●● ●●●●● ●●●●● ●●●●● ●●●●●")
    assert len(strips) == 4  # 100 days in lines of 30


def test_progress_ascii_symbols_when_the_terminal_cannot_show_unicode(
    group: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from rich.console import Console

    from copkit.render import progress as render

    monkeypatch.setattr(render, "unicode_ok", lambda: False)
    console = Console(width=120, no_color=True, file=__import__("io").StringIO())
    console.print(render.day_strip(["done", "partial", "skipped", "missing", "future"]))
    console.print(render.bar(0.5))
    assert console.file.getvalue().splitlines() == ["#+ox.", "#####-----  50%"]  # type: ignore[attr-defined]


def test_progress_before_start_and_with_nobody(
    ws: Path, run: Run, monkeypatch: pytest.MonkeyPatch
) -> None:
    write_challenge(ws)
    r = run("challenge", "progress", "dec")
    assert r.exit_code == 0
    assert r.stdout == "Nobody has joined dec yet. Join with: copkit challenge join dec --as YOU\n"
    join(ws, "dec", "bob-lee")
    r = run("challenge", "progress", "dec")
    assert "dec: Test challenge dec, starts 2026-12-01 (in 3 days)" in r.stdout
    assert strip_of(r.stdout, "Bob Lee") == "····· ·····"
    assert json.loads(run("challenge", "progress", "dec", "--json").stdout)["elapsed"] == 0


def test_progress_after_the_end_counts_finishers(
    group: Path, run: Run, monkeypatch: pytest.MonkeyPatch
) -> None:
    month(group, "dec", "bob-lee", "DPPDPDDD.D")
    monkeypatch.setenv("COPKIT_TODAY", "2027-01-02")
    r = run("challenge", "progress", "dec")
    assert "dec: Test challenge dec, ended 2026-12-10, 10 days" in r.stdout
    assert "finishers: 1 of 4 (a finisher has 8 of 10 days done or partial)" in r.stdout


def test_progress_notes_unreadable_files_and_counts_the_rest(group: Path, run: Run) -> None:
    (group / "journals/dec/carol-diaz/day-01.md").write_text(
        "---\ndate: 2026-12-01\nstatus: yes\n---\n"
    )
    r = run("challenge", "progress", "dec", "--json")
    assert r.exit_code == 0
    carol = json.loads(r.stdout)["participants"][2]
    assert (
        carol["member"] == "carol-diaz" and carol["missing"] == 5
    )  # day 6 is today: not missing yet
    assert r.stderr.startswith(
        "warning: left out 1 file that cannot be read: journals/dec/carol-diaz/day-01.md;"
    )


def test_progress_unknown_challenge(ws: Path, run: Run) -> None:
    r = run("challenge", "progress", "nope")
    assert r.exit_code == 1
    assert r.stderr.startswith("error: no challenge 'nope' (challenges/nope.yaml does not exist)")
