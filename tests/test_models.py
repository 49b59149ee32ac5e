"""Every model survives write -> read unchanged, through the real writers and loaders."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date
from pathlib import Path
from typing import Any

import msgspec
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from copkit.model import (
    Challenge,
    Charter,
    Config,
    Day,
    Deliverable,
    Funding,
    HistoryEntry,
    JournalEntry,
    Levels,
    Meetup,
    Member,
    Milestone,
    Pairing,
    Plan,
    Report,
    Reporting,
    Scope,
    Sponsor,
    TeamMember,
    Template,
    TemplateRef,
    Timeline,
)
from copkit.model.challenge import DAY_KINDS, LEVELS, SCHEDULES, WEEKDAYS
from copkit.model.charter import KINDS, ORIGINS, STATUSES
from copkit.model.community import is_blank
from copkit.model.journal import ENTRY_STATUSES
from copkit.model.rules import plan_rules
from copkit.storage.workspace import Workspace

# ---- strategies (also used by test_schema) ---------------------------------------------------

# Any text a person could type or paste, control characters and odd line breaks included;
# surrogates are left out because no UTF-8 file can hold them.
text = st.text(max_size=40)
long_text = st.text(max_size=120)
short_words = st.text(
    alphabet=st.characters(categories=("Ll", "Lu", "Nd", "Zs", "Pd", "Po")), max_size=20
)
slugs = st.from_regex(r"\A[a-z0-9]{1,8}(-[a-z0-9]{1,8}){0,3}\Z")
dates = st.dates(min_value=date(1900, 1, 1), max_value=date(2200, 12, 31))
opt = st.none().__or__  # opt(s): s or None
minutes = st.integers(0, 1440)
hours = st.floats(0, 80, allow_nan=False) | st.integers(0, 80).map(float)

# a name holds a visible character (model.community.Name)
names = text.filter(lambda s: not is_blank(s))
configs = st.builds(
    Config,
    name=names,
    domain=opt(text),
    timezone=st.sampled_from(["UTC", "Europe/Paris", "Pacific/Auckland", "America/New_York"]),
)
members = st.builds(
    Member, name=names, email=opt(text), joined=opt(dates), interests=st.lists(text, max_size=4)
)
team_members = st.builds(
    TeamMember,
    member=slugs,
    role=st.sampled_from(["lead", "member", "mentor"]),
    hours_per_week=hours,
)
charters = st.builds(
    Charter,
    title=text,
    kind=st.sampled_from(KINDS),
    status=st.sampled_from(STATUSES),
    issue=opt(long_text),
    goal=opt(long_text),
    scope=st.builds(Scope, in_=st.lists(text, max_size=3), out=st.lists(short_words, max_size=3)),
    origin=st.sampled_from(ORIGINS),
    beneficiary=opt(text),
    source_project=opt(text),
    team=st.lists(team_members, max_size=4),
    volunteers_wanted=st.integers(0, 1000),
    sponsor=st.builds(
        Sponsor,
        learning=opt(text),
        funding=opt(
            st.builds(
                Funding,
                by=text,
                amount=opt(st.floats(0, 1e12, allow_nan=False)),
                currency=opt(st.sampled_from(["EUR", "USD", "€"])),
            )
        ),
    ),
    timeline=st.builds(
        Timeline,
        start=opt(dates),
        end=opt(dates),
        milestones=st.lists(
            st.builds(Milestone, date=dates, name=text, done=st.booleans()), max_size=3
        ),
    ),
    reporting=st.builds(Reporting, every_days=opt(st.integers(1, 366)), channel=opt(text)),
    deliverables=st.lists(
        st.builds(Deliverable, name=text, url=opt(text), done=st.booleans()), max_size=3
    ),
    success_criteria=st.lists(text, max_size=3),
    risks=st.lists(long_text, max_size=2),
    history=st.lists(
        st.builds(HistoryEntry, date=dates, status=st.sampled_from(STATUSES), by=opt(slugs)),
        max_size=3,
    ),
    reports=st.lists(
        st.builds(
            Report,
            date=dates,
            by=opt(slugs),
            final=st.booleans(),
            summary=long_text,
            feedback=st.lists(text, max_size=3),
            next=st.lists(text, max_size=3),
        ),
        max_size=3,
    ),
    findings=opt(long_text),
)


template_refs = st.builds(TemplateRef, id=slugs, version=opt(text))


@st.composite
def day_lists(draw: st.DrawFn) -> list[Day]:
    n = draw(st.integers(1, 6))
    return [
        Day(
            day=i,
            kind=draw(st.sampled_from(DAY_KINDS)),
            title=draw(opt(text)),
            prompt=draw(opt(long_text)),
            minutes=draw(opt(minutes)),
            levels=draw(opt(st.builds(Levels, starter=opt(text), experienced=opt(text)))),
        )
        for i in range(1, n + 1)
    ]


@st.composite
def challenges(draw: st.DrawFn) -> Challenge:
    days = draw(day_lists())
    return Challenge(
        title=draw(text),
        domain=draw(opt(text)),
        template=draw(opt(template_refs)),
        start=draw(dates),
        mantra=draw(opt(long_text)),
        finish_threshold=draw(st.floats(0, 1, allow_nan=False)),
        meetup=draw(opt(st.builds(Meetup, date=dates, where=opt(text)))),
        days=days,
        pairs=draw(st.lists(st.lists(slugs, min_size=2, max_size=3), max_size=4)),
        pairing=draw(opt(st.builds(Pairing, seed=st.integers(0, 2**63 - 1), date=dates))),
    )


templates = st.builds(
    Template,
    title=text,
    domain=opt(text),
    version=opt(text),
    starts_on=opt(st.sampled_from(WEEKDAYS)),
    schedules=st.lists(st.sampled_from(SCHEDULES), unique=True),
    description=opt(long_text),
    mantra=opt(long_text),
    finish_threshold=st.floats(0, 1, allow_nan=False),
    days=day_lists(),
)

entries = st.builds(
    JournalEntry,
    date=dates,
    status=st.sampled_from(ENTRY_STATUSES),
    minutes=opt(minutes),
    mood=opt(st.integers(1, 5)),
    tags=st.lists(text, max_size=4),
    highlight=st.booleans(),
    partner_checkin=st.booleans(),
)
plans = st.builds(
    Plan, joined=opt(dates), level=st.sampled_from(LEVELS), goal=opt(long_text), left=opt(dates)
)
bodies = st.text(max_size=200)

# ---- helpers ---------------------------------------------------------------------------------

# A few dozen examples per test keep the suite quick; COPKIT_HYPOTHESIS=2000 digs deeper.
FAST = settings(
    max_examples=int(os.environ.get("COPKIT_HYPOTHESIS", "30")),
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)


@contextmanager
def workspace() -> Iterator[Workspace]:
    with tempfile.TemporaryDirectory() as d:
        root = Path(d)
        (root / "copkit.yaml").write_text("name: T\n")
        yield Workspace(root)


def same(a: msgspec.Struct, b: Any) -> bool:
    """Equal as data (floats compared by value, so 3 and 3.0 agree)."""
    return bool(msgspec.to_builtins(a) == msgspec.to_builtins(b))


# ---- YAML file kinds -------------------------------------------------------------------------


@FAST
@given(configs)
def test_config_round_trip(value: Config) -> None:
    with workspace() as ws:
        ws.write_new(ws.config_path, value, force=True)
        loaded = ws.load_config()
        assert loaded.problems == []
        assert same(value, loaded.value)


@FAST
@given(members)
def test_member_round_trip(value: Member) -> None:
    with workspace() as ws:
        path = ws.member_path("m")
        ws.write_new(path, value)
        loaded = ws.load_member("m")
        assert loaded.errors == []
        assert same(value, loaded.value)


@pytest.mark.slow
@FAST
@given(charters)
def test_charter_round_trip(value: Charter) -> None:
    with workspace() as ws:
        ws.write_new(ws.charter_path("c"), value)
        loaded = ws.load_charter("c")
        # random charters break lifecycle rules; the value itself must come back intact
        assert not [p for p in loaded.problems if "expected" in p.message or "YAML" in p.message]
        assert same(value, loaded.value)


@pytest.mark.slow
@FAST
@given(challenges())
def test_challenge_round_trip(value: Challenge) -> None:
    with workspace() as ws:
        ws.write_new(ws.challenge_path("c"), value)
        loaded = ws.load_challenge("c")
        assert not [p for p in loaded.problems if "expected" in p.message or "YAML" in p.message]
        assert same(value, loaded.value)


# ---- Markdown file kinds ---------------------------------------------------------------------


def _expected_body(body: str) -> str:
    return body if body.endswith("\n") or not body else body + "\n"


@FAST
@given(entries, bodies)
def test_journal_entry_round_trip(value: JournalEntry, body: str) -> None:
    with workspace() as ws:
        path = ws.entry_path("ch", "m", 7, 30)
        ws.write_markdown(path, value, body)
        loaded = ws.load_entry(path)
        assert loaded.problems == []
        assert same(value, loaded.value)
        assert loaded.body == _expected_body(body)


@FAST
@given(plans, bodies)
def test_plan_round_trip(value: Plan, body: str) -> None:
    with workspace() as ws:
        ws.write_markdown(ws.plan_path("ch", "m"), value, body)
        loaded = ws.load_plan("ch", "m")
        assert [p.message for p in loaded.problems] == [f.message for f in plan_rules(value)]
        assert same(value, loaded.value)
        assert loaded.body == _expected_body(body)


# ---- edits of an existing file ---------------------------------------------------------------


@pytest.mark.slow
@FAST
@given(charters, charters)
def test_charter_update_round_trip(old: Charter, new: Charter) -> None:
    """Any charter edited into any other reads back as the new one."""
    with workspace() as ws:
        path = ws.charter_path("c")
        ws.write_new(path, old)
        ws.update(ws.load_charter("c"), path, new)
        assert same(new, ws.load_charter("c").value)


@pytest.mark.slow
@FAST
@given(challenges(), challenges())
def test_challenge_update_round_trip(old: Challenge, new: Challenge) -> None:
    with workspace() as ws:
        path = ws.challenge_path("c")
        ws.write_new(path, old)
        ws.update(ws.load_challenge("c"), path, new)
        assert same(new, ws.load_challenge("c").value)


@FAST
@given(entries, entries, bodies)
def test_entry_update_round_trip(old: JournalEntry, new: JournalEntry, body: str) -> None:
    """An entry's front matter changes; its body stays byte for byte."""
    with workspace() as ws:
        path = ws.entry_path("ch", "m", 3, 30)
        ws.write_markdown(path, old, body)
        ws.update(ws.load_entry(path), path, new)
        loaded = ws.load_entry(path)
        assert same(new, loaded.value)
        assert loaded.body == _expected_body(body)


@FAST
@given(members)
def test_unchanged_update_writes_nothing(value: Member) -> None:
    with workspace() as ws:
        path = ws.member_path("m")
        ws.write_new(path, value)
        before = path.read_bytes()
        assert ws.update(ws.load_member("m"), path, value) is False
        assert path.read_bytes() == before


@pytest.mark.slow
@FAST
@given(charters)
def test_output_is_deterministic(value: Charter) -> None:
    """Same model, same bytes: `\\n` line ends and one final newline."""
    with workspace() as ws:
        a, b = ws.charter_path("a"), ws.charter_path("b")
        ws.write_new(a, value)
        ws.write_new(b, msgspec.convert(msgspec.to_builtins(value), Charter))
        data = a.read_bytes()
        assert data == b.read_bytes()
        assert data.endswith(b"\n") and not data.endswith(b"\n\n")
        assert b"\r\n" not in data
