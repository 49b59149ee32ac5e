"""The report's faster paths return what the plain ones return (issue 19).

Each fast path is compared with the straightforward code it replaced, kept here as the
reference: per-member progress, the entries as of a day, the words of a highlight split once,
and the quoted bodies named without resolving their paths again.
"""

from __future__ import annotations

import json
import os
import time
from datetime import date, timedelta
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from copkit.model import Challenge, Day, JournalEntry
from copkit.model.challenge import Schedule, SkipDate
from copkit.services import schedule
from copkit.services.progress import COUNTED, elapsed_days, member_progress, needed_to_finish
from copkit.services.reports import Entries, as_of
from copkit.services.words import blocks_of, excerpt, full_text, lesson
from tests import test_report_challenge
from tests.conftest import Run

DEPTH = int(os.environ.get("COPKIT_HYPOTHESIS", "20"))
START = date(2026, 12, 1)
month = test_report_challenge.month  # the hand-built month, as a fixture


def _challenge(length: int, weekdays: bool) -> Challenge:
    days = [Day(day=i, kind="learn", title="t", prompt="p") for i in range(1, length + 1)]
    sched = (
        Schedule(days="weekdays", skip=[SkipDate(date=START + timedelta(days=3))])
        if weekdays
        else None
    )
    return Challenge(title="T", start=START, days=days, schedule=sched)


def _reference_progress(
    entries: dict[int, JournalEntry], challenge: Challenge, today: date
) -> dict[str, object]:
    """member_progress as it was written first: a lookup per day."""
    length = challenge.length
    elapsed = elapsed_days(challenge, today)
    today_day = schedule.day_of(challenge, today)
    seen = {d: e for d, e in entries.items() if 1 <= d <= elapsed}
    counts = {"done": 0, "partial": 0, "skipped": 0}
    minutes = 0
    for e in seen.values():
        counts[e.status] += 1
        minutes += e.minutes or 0

    def counted(d: int) -> bool:
        e = seen.get(d)
        return e is not None and e.status in COUNTED

    longest = run = 0
    for d in range(1, elapsed + 1):
        run = run + 1 if counted(d) else 0
        longest = max(longest, run)
    current, anchor = 0, elapsed
    today_open = today_day is not None and today_day == elapsed and today_day not in seen
    if today_open:
        anchor -= 1
    while anchor >= 1 and counted(anchor):
        current += 1
        anchor -= 1
    strip = []
    for d in range(1, length + 1):
        got = seen.get(d)
        if got:
            strip.append(got.status)
        elif d == today_day and today_open:
            strip.append("today")
        else:
            strip.append("missing" if d <= elapsed else "future")
    done_or_partial = counts["done"] + counts["partial"]
    return {
        "done": counts["done"],
        "partial": counts["partial"],
        "skipped": counts["skipped"],
        "missing": elapsed - len(seen) - int(today_open),
        "minutes": minutes,
        "current_streak": current,
        "longest_streak": longest,
        "completion": round(done_or_partial / length, 3) if length else 0.0,
        "strip": strip,
        "last_entry_day": max(seen) if seen else None,
        "finisher": done_or_partial >= needed_to_finish(challenge),
        "today_open": today_open,
    }


def _entry(day: int, status: str, minutes: int | None) -> JournalEntry:
    return JournalEntry(date=START + timedelta(days=day), status=status, minutes=minutes)  # type: ignore[arg-type]


statuses = st.sampled_from(["done", "partial", "skipped"])


@settings(max_examples=max(DEPTH * 10, 100), deadline=None)
@given(
    length=st.integers(1, 12),
    weekdays=st.booleans(),
    days=st.dictionaries(
        st.integers(-1, 14), st.tuples(statuses, st.none() | st.integers(0, 90)), max_size=16
    ),
    offset=st.integers(-3, 24),
)
def test_member_progress_matches_the_plain_loop(
    length: int, weekdays: bool, days: dict[int, tuple[str, int | None]], offset: int
) -> None:
    challenge = _challenge(length, weekdays)
    entries = {d: _entry(d, s, m) for d, (s, m) in days.items()}
    today = START + timedelta(days=offset)
    got = member_progress("m", entries, challenge, today)
    for key, value in _reference_progress(entries, challenge, today).items():
        assert getattr(got, key) == value, key


@settings(max_examples=max(DEPTH * 5, 50), deadline=None)
@given(
    entries=st.dictionaries(
        st.sampled_from(["a", "b", "c", "d"]),
        st.dictionaries(st.integers(-1, 12), statuses, max_size=6),
        max_size=4,
    ),
    elapsed=st.integers(0, 12),
)
def test_as_of_matches_the_plain_filter(entries: dict[str, dict[int, str]], elapsed: int) -> None:
    full: Entries = {
        m: {d: _entry(d, s, None) for d, s in days.items()} for m, days in entries.items()
    }
    expected = {
        m: kept
        for m, days in full.items()
        if (kept := {d: e for d, e in days.items() if 1 <= d <= elapsed})
    }
    assert as_of(full, elapsed) == expected


markdown = st.lists(
    st.sampled_from(
        [
            "Plain words. More words here! And a question? yes.",
            "### What did I learn?",
            "### What did I do?",
            "- an item\n- another item",
            "1. first\n2) second",
            "```\ncode. here\n```",
            "<!-- a comment -->",
            "e.g. the thing works. The next one " + "long " * 60,
            "",
        ]
    ),
    max_size=8,
).map("\n\n".join)


@settings(max_examples=max(DEPTH * 10, 100), deadline=None)
@given(body=markdown | st.text(max_size=400), limit=st.integers(10, 400))
def test_words_from_blocks_match_words_from_the_body(body: str, limit: int) -> None:
    blocks = blocks_of(body)
    assert excerpt(blocks, limit) == excerpt(body, limit)
    assert full_text(blocks) == full_text(body)
    assert lesson(blocks) == lesson(body)


def test_quoted_bodies_match_reading_each_file(month: Path, run: Run) -> None:
    """The bodies and file names a report quotes, from the walk's memory, equal those read
    from each file and named through the workspace's checked paths; cold and warm reports
    are the same document."""
    from copkit.services.reports import highlight_keys
    from copkit.storage.journals import load_journals, quoted_bodies, read_body
    from copkit.storage.workspace import Workspace

    old = time.time() - 60  # out of the cache's racy window, so the walk keeps the bodies
    for dirpath, _, files in os.walk(month / "journals"):
        for f in files:
            os.utime(os.path.join(dirpath, f), (old, old))
    env = {"COPKIT_TODAY": "2026-11-28"}
    args = ("challenge", "report", "test-month", "--format", "json")
    cold = run(*args, env=env)
    warm = run(*args, env=env)
    plain = run(*args, "--no-cache", env=env)
    assert cold.exit_code == warm.exit_code == plain.exit_code == 0
    assert json.loads(cold.stdout) == json.loads(warm.stdout) == json.loads(plain.stdout)
    assert [h["path"] for h in json.loads(warm.stdout)["highlights"]]

    ws = Workspace(month)
    ch = ws.challenge("test-month")
    data = load_journals(ws, "test-month", ch)
    keys = highlight_keys(ch, data.participants(), data.entries, date(2026, 11, 28))
    bodies, sources = quoted_bodies(ws, "test-month", keys, ch.length)
    assert len(keys) == 4
    assert bodies == {k: read_body(ws, "test-month", *k, ch.length) for k in keys}
    assert sources == {k: ws.rel(ws.entry_path("test-month", *k, ch.length)) for k in keys}


def test_quoted_bodies_read_files_the_walk_did_not_keep(month: Path) -> None:
    """A body the walk did not keep (just written, or too long) is read from its file."""
    from copkit.storage.journals import BODY_MAX, load_journals, quoted_bodies
    from copkit.storage.workspace import Workspace

    long_body = "Long words. " * (BODY_MAX // 6)
    path = month / "journals" / "test-month" / "bob-lee" / "day-08.md"
    path.write_text(path.read_text().replace("Bob kept going.", long_body))
    ws = Workspace(month)
    ch = ws.challenge("test-month")
    load_journals(ws, "test-month", ch)
    bodies, sources = quoted_bodies(ws, "test-month", [("bob-lee", 8), ("nobody", 3)], ch.length)
    assert bodies == {("bob-lee", 8): long_body + "\n"}
    assert sources == {("bob-lee", 8): "journals/test-month/bob-lee/day-08.md"}
