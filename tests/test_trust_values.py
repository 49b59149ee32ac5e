"""Issue 20, values and resources: an infinite budget (F18), one tag in two Unicode forms
(F33), an --ics target read in full to compare 15 bytes (F19), and dates near year 1 or 9999
(F01)."""

from __future__ import annotations

import json
import os
import unicodedata
from datetime import date
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from copkit.model import Challenge, Charter, JournalEntry, Member, Plan
from copkit.storage import fast_reader
from copkit.storage.documents import parse_markdown, parse_yaml
from tests.conftest import Run, snapshot

OCT = "observability-october"


def test_an_infinite_budget_is_refused_by_check(demo: Path, run: Run) -> None:
    path = demo / "charters" / "food-bank-pipeline.yaml"
    text = path.read_text()
    assert "amount:" in text
    lines = [
        line.replace(line.split("amount:")[1].split(",")[0], " .inf") if "amount:" in line else line
        for line in text.splitlines(keepends=True)
    ]
    path.write_text("".join(lines))
    r = run("check")
    assert r.exit_code == 1
    assert "charters/food-bank-pipeline.yaml" in r.stdout and "amount" in r.stdout


def test_a_tag_in_two_unicode_forms_counts_once(demo: Path, run: Run) -> None:
    folder = demo / "journals" / OCT
    nfc, nfd = unicodedata.normalize("NFC", "café"), unicodedata.normalize("NFD", "café")
    assert nfc != nfd
    for member, tag in (("mei-chen", nfc), ("priya-raman", nfd)):
        entry = folder / member / "day-03.md"
        text = entry.read_text(encoding="utf-8")
        head, body = text.split("\n---\n", 1)
        head = "\n".join(line for line in head.splitlines() if not line.startswith("tags:"))
        entry.write_text(f"{head}\ntags: [{tag}]\n---\n{body}", encoding="utf-8")
    r = run("challenge", "report", OCT, "--format", "json", env={"COPKIT_TODAY": "2026-11-20"})
    assert r.exit_code == 0, r.output
    tags = {t["tag"]: t["count"] for t in json.loads(r.stdout)["tags"]}
    assert tags.get(nfc) == 2 and nfd not in tags


def test_ics_target_is_judged_by_its_first_bytes_only(
    demo: Path, run: Run, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = demo / "october.ics"
    target.write_bytes(b"BEGIN:VCALENDAR\r\n" + b"X" * 1_000_000)
    reads: list[int] = []
    real = Path.read_bytes

    def spy(self: Path) -> bytes:
        data = real(self)
        if self.name == "october.ics":
            reads.append(len(data))
        return data

    monkeypatch.setattr(Path, "read_bytes", spy)
    r = run("challenge", "calendar", OCT, "--ics", "october.ics")
    assert r.exit_code == 0, r.output
    assert reads == []  # never read whole
    assert target.read_bytes().startswith(b"BEGIN:VCALENDAR") and target.stat().st_size < 100_000


# ---- F01: dates near year 1 or 9999 ----------------------------------------------------------

RANGE = "outside the dates copkit handles (1900-01-01 to 2999-12-31)"
DEC = "devops-december"
READERS = [
    ("check",),
    ("challenge", "list"),
    ("challenge", "list", "--json"),
    ("challenge", "show", "far"),
    ("challenge", "today", "far"),
    ("challenge", "progress", "far"),
    ("challenge", "report", "far"),
    ("challenge", "nudge", "far"),
    ("challenge", "calendar", "far"),
    ("challenge", "join", "far", "--as", "mei-chen"),
    ("challenge", "pair", "far"),
    ("journal", "add", "far", "--as", "mei-chen", "-m", "hi"),
    ("report",),
]


@pytest.mark.parametrize("start", ["9999-12-20", "0001-01-01", "2999-12-25"])
def test_no_command_writes_a_date_the_readers_refuse(demo: Path, run: Run, start: str) -> None:
    """F01: `challenge new --start 9999-12-20` wrote the file, then crashed; 2999-12-25 is in
    range but its last day is not."""
    before = snapshot(demo)
    r = run("challenge", "new", "far", "--start", start, "--template", "devops")
    assert r.exit_code == 1, r.output
    assert RANGE in r.stderr
    assert snapshot(demo) == before


def test_a_far_start_is_reported_by_check_and_crashes_no_command(demo: Path, run: Run) -> None:
    text = (demo / "challenges" / f"{DEC}.yaml").read_text(encoding="utf-8")
    start = next(line for line in text.splitlines() if line.startswith("start:"))
    (demo / "challenges" / "far.yaml").write_text(
        text.replace(start, "start: 9999-12-20"), encoding="utf-8"
    )
    line = text.splitlines().index(start) + 1
    r = run("check")
    assert r.exit_code == 1
    assert f"challenges/far.yaml:{line}:8: error: start: 9999-12-20 is {RANGE}; check the year" in (
        r.stdout
    )
    before = snapshot(demo)
    for args in READERS:
        r = run(*args)
        assert r.exit_code in (0, 1), (args, r.output)
    assert snapshot(demo) == before
    assert run("export").exit_code in (0, 1)  # writes export/, leaving the challenge out


def test_charter_approve_refuses_a_charter_with_a_far_date(demo: Path, run: Run) -> None:
    path = demo / "charters" / "chaos-game-days.yaml"
    path.write_text(
        path.read_text(encoding="utf-8").replace("  start: 2027-02-01", "  start: 9999-12-20"),
        encoding="utf-8",
    )
    before = snapshot(demo)
    r = run("charter", "approve", "chaos-game-days", "--by", "priya-raman")
    assert r.exit_code == 1
    assert "charters/chaos-game-days.yaml:26:10:" in r.stderr
    assert f"timeline.start: 9999-12-20 is {RANGE}" in r.stderr
    assert snapshot(demo) == before


@pytest.mark.parametrize(
    "args",
    [
        ("charter", "set", "chaos-game-days", "--start", "9999-12-20"),
        ("charter", "report", "chaos-game-days", "--summary", "x", "--date", "0001-01-01"),
        ("journal", "add", DEC, "--as", "mei-chen", "--date", "9999-12-31", "-m", "x"),
        ("member", "add", "zed", "--name", "Zed", "--joined", "1899-12-31"),
    ],
    ids=["charter-set", "charter-report", "journal-add", "member-joined"],
)
def test_a_far_date_argument_is_refused(demo: Path, run: Run, args: tuple[str, ...]) -> None:
    before = snapshot(demo)
    r = run(*args)
    assert r.exit_code == 1, r.output
    assert RANGE in r.stderr
    assert snapshot(demo) == before


def test_a_far_today_is_refused(demo: Path, run: Run) -> None:
    r = run("challenge", "list", env={"COPKIT_TODAY": "9999-12-31"})
    assert r.exit_code == 1
    assert f"COPKIT_TODAY: 9999-12-31 is {RANGE}" in r.stderr


_FILES = {
    "member": ("members/m.yaml", Member, "name: M\njoined: {d}\n", (2, 9)),
    "entry": ("day-01.md", JournalEntry, "---\ndate: {d}\nstatus: done\n---\n", (2, 7)),
    "plan": ("plan.md", Plan, "---\njoined: {d}\n---\n", (2, 9)),
    "charter": (
        "charters/c.yaml",
        Charter,
        "title: C\ntimeline:\n  milestones:\n    - {{date: {d}, name: M}}\n",
        (4, 14),
    ),
    "challenge": (
        "challenges/c.yaml",
        Challenge,
        "title: C\nstart: 2026-12-01\nmeetup: {{date: {d}}}\ndays:\n  - {{day: 1, kind: learn}}\n",
        (3, 16),
    ),
}


@settings(max_examples=int(os.environ.get("COPKIT_HYPOTHESIS", "40")))
@given(kind=st.sampled_from(sorted(_FILES)), day=st.dates())
def test_every_date_of_every_file_is_bounded_by_one_rule(kind: str, day: date) -> None:
    """Property: a date in any file, at any depth, is read when it lies in the range and is
    refused at its line and column otherwise, by the fast reader and the full loader alike."""
    rel, model, template, (line, col) = _FILES[kind]
    text = template.format(d=day.isoformat())
    if rel.endswith(".md"):
        loaded = parse_markdown(text, rel, model)
        fast = fast_reader.entry(text) if kind == "entry" else fast_reader.plan(text)
    else:
        loaded = parse_yaml(text, [], rel, model)
        fast = fast_reader.member(text) if kind == "member" else None
    if date(1900, 1, 1) <= day <= date(2999, 12, 31):
        assert loaded.errors == [] and loaded.value is not None
    else:
        assert loaded.value is None and fast is None
        (problem,) = loaded.errors
        assert (problem.line, problem.col) == (line, col)
        assert f"{day.isoformat()} is {RANGE}" in problem.message
