"""Round trips: models come back equal, journal bodies byte for byte, hand edits survive changes."""

from __future__ import annotations

import difflib
from datetime import date
from pathlib import Path

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
    Timeline,
)
from copkit.model.community import is_blank
from copkit.storage.workspace import Workspace

# Deep property runs (about a minute in all): `pytest -m slow` and CI run them.
pytestmark = pytest.mark.slow

FIXTURES = [HealthCheck.function_scoped_fixture, HealthCheck.too_slow]
EXAMPLES = {"count": 0}

text = st.text(max_size=40)
opt_text = st.none() | text
dates = st.dates(min_value=date(1900, 1, 1), max_value=date(2200, 12, 31))
opt_dates = st.none() | dates
slug = st.from_regex(r"[a-z0-9]{1,8}(-[a-z0-9]{1,8}){0,2}", fullmatch=True)
hours = st.floats(min_value=0, max_value=80, allow_nan=False)  # float fields read back as floats
minutes = st.none() | st.integers(0, 1440)

names = text.filter(lambda s: not is_blank(s))  # the rule of model.community.Name
members = st.builds(Member, name=names, email=opt_text, joined=opt_dates, interests=st.lists(text))
configs = st.builds(Config, name=names, domain=opt_text, timezone=text)
charters = st.builds(
    Charter,
    title=text,
    kind=st.sampled_from(["practice-development", "case-study", "pro-bono"]),
    status=st.sampled_from(["draft", "proposed", "chartered", "active", "completed", "cancelled"]),
    issue=opt_text,
    goal=opt_text,
    scope=st.builds(Scope, in_=st.lists(text, max_size=3), out=st.lists(text, max_size=3)),
    origin=st.sampled_from(["members-proposed", "community-requested"]),
    beneficiary=opt_text,
    source_project=opt_text,
    team=st.lists(st.builds(TeamMember, member=slug, role=text, hours_per_week=hours), max_size=3),
    volunteers_wanted=st.integers(0, 100),
    sponsor=st.builds(
        Sponsor,
        learning=opt_text,
        funding=st.none()
        | st.builds(
            Funding,
            by=text,
            amount=st.none() | st.floats(0, 1e9, allow_nan=False),
            currency=opt_text,
        ),
    ),
    timeline=st.builds(
        Timeline,
        start=opt_dates,
        end=opt_dates,
        milestones=st.lists(
            st.builds(Milestone, date=dates, name=text, done=st.booleans()), max_size=2
        ),
    ),
    reporting=st.builds(Reporting, every_days=st.none() | st.integers(1, 366), channel=opt_text),
    deliverables=st.lists(
        st.builds(Deliverable, name=text, url=opt_text, done=st.booleans()), max_size=2
    ),
    success_criteria=st.lists(text, max_size=2),
    risks=st.lists(text, max_size=2),
    history=st.lists(
        st.builds(
            HistoryEntry,
            date=dates,
            status=st.sampled_from(["draft", "proposed"]),
            by=st.none() | slug,
        ),
        max_size=2,
    ),
    reports=st.lists(
        st.builds(
            Report,
            date=dates,
            by=st.none() | slug,
            final=st.booleans(),
            summary=st.text(max_size=200),
            feedback=st.lists(text, max_size=2),
            next=st.lists(text, max_size=2),
        ),
        max_size=2,
    ),
    findings=st.none() | st.text(max_size=200),
)
days = st.integers(1, 6).flatmap(
    lambda n: st.tuples(
        *[
            st.builds(
                Day,
                day=st.just(i + 1),
                kind=st.sampled_from(["learn", "practice", "balance", "reflect"]),
                title=opt_text,
                prompt=st.none() | st.text(max_size=200),
                minutes=minutes,
                levels=st.none() | st.builds(Levels, starter=opt_text, experienced=opt_text),
            )
            for i in range(n)
        ]
    ).map(list)
)
challenges = st.builds(
    Challenge,
    title=text,
    domain=opt_text,
    start=dates,
    mantra=opt_text,
    finish_threshold=st.floats(0, 1, allow_nan=False),
    meetup=st.none() | st.builds(Meetup, date=dates, where=opt_text),
    days=days,
    pairs=st.lists(st.lists(slug, min_size=2, max_size=3), max_size=3),
    pairing=st.none() | st.builds(Pairing, seed=st.integers(0, 2**63 - 1), date=dates),
)
plans = st.builds(
    Plan,
    joined=opt_dates,
    level=st.sampled_from(["starter", "experienced"]),
    goal=opt_text,
    left=opt_dates,
)
entries = st.builds(
    JournalEntry,
    date=dates,
    status=st.sampled_from(["done", "partial", "skipped"]),
    minutes=minutes,
    mood=st.none() | st.integers(1, 5),
    tags=st.lists(text, max_size=4),
    highlight=st.booleans(),
    partner_checkin=st.booleans(),
)

YAML_KINDS = [
    pytest.param(members, "members/x.yaml", "load_member", id="member"),
    pytest.param(charters, "charters/x.yaml", "load_charter", id="charter"),
    pytest.param(challenges, "challenges/x.yaml", "load_challenge", id="challenge"),
]


@pytest.mark.parametrize(("strategy", "rel", "loader"), YAML_KINDS)
@settings(max_examples=120, deadline=None, suppress_health_check=FIXTURES)
@given(data=st.data())
def test_yaml_model_written_then_read_is_equal(
    tmp_path: Path,
    strategy: st.SearchStrategy[msgspec.Struct],
    rel: str,
    loader: str,
    data: st.DataObject,
) -> None:
    EXAMPLES["count"] += 1
    value = data.draw(strategy)
    w = Workspace(tmp_path)
    p = tmp_path / rel
    w.write_new(p, value, force=True)
    loaded = getattr(w, loader)("x")
    assert loaded.value == value, (p.read_text(), loaded.problems)
    again = p.read_bytes()
    w.write_new(p, loaded.value, force=True)
    assert p.read_bytes() == again, "same input, same bytes"


@settings(max_examples=120, deadline=None, suppress_health_check=FIXTURES)
@given(value=configs)
def test_config_written_then_read_is_equal(tmp_path: Path, value: Config) -> None:
    EXAMPLES["count"] += 1
    w = Workspace(tmp_path)
    w.write_new(w.config_path, value, force=True)
    assert w.load_config().value == value


BODY = st.lists(
    st.characters(codec="utf-8")
    | st.sampled_from(["---", "...", "\r\n", "\n", "---\n", "\n---\r\n", "date: x\n", "\ufeff"]),
    max_size=120,
).map("".join) | st.lists(
    st.sampled_from(
        ["---", "...", "--- ", "---\r", "title: x", "", "<<<<<<< HEAD", "# h", "\u2028", "éà"]
    ),
    max_size=12,
).map("\r\n".join)


@pytest.mark.parametrize("kind", ["entry", "plan"])
@settings(max_examples=200, deadline=None, suppress_health_check=FIXTURES)
@given(data=st.data(), body=BODY)
def test_journal_body_comes_back_byte_for_byte(
    tmp_path: Path, kind: str, data: st.DataObject, body: str
) -> None:
    EXAMPLES["count"] += 1
    w = Workspace(tmp_path)
    if kind == "entry":
        p = w.entry_path("dec", "alice-martin", 7, 30)
        front: msgspec.Struct = data.draw(entries)
    else:
        p = w.plan_path("dec", "alice-martin")
        front = data.draw(plans)
    w.write_markdown(p, front, body, force=True)
    loaded = w.load_entry(p) if kind == "entry" else w.load_plan("dec", "alice-martin")
    expected = body if body.endswith("\n") or not body else body + "\n"  # a final newline
    assert loaded.body == expected
    assert loaded.value == front, loaded.problems
    assert p.read_bytes().endswith(expected.encode())


@settings(max_examples=100, deadline=None, suppress_health_check=FIXTURES)
@given(body=BODY)
def test_journal_body_reads_the_same_in_python_frontmatter(tmp_path: Path, body: str) -> None:
    """SPEC: a journal file is Markdown with front matter as python-frontmatter reads it."""
    import frontmatter as pf

    EXAMPLES["count"] += 1
    w = Workspace(tmp_path)
    p = w.entry_path("dec", "alice-martin", 7, 30)
    entry = JournalEntry(date=date(2026, 12, 7), status="done", minutes=35, tags=["ci"])
    w.write_markdown(p, entry, body.replace("\r", ""), force=True)
    post = pf.loads(p.read_text(encoding="utf-8"))
    assert post["status"] == "done" and post["tags"] == ["ci"]
    assert post["date"] == date(2026, 12, 7)


# ---- a hand-edited charter: change one field, keep everything else ------------------------------

HAND_EDITED = """\
# The onboarding playbook: our first practice development project.
title: "DevOps onboarding playbook"   # quoted on purpose
kind: practice-development
status: draft                         # draft until the core group reads it
issue: New members need months to become productive.
goal: 'A playbook that gets a new member shipping in two weeks.'
scope:
    in: [first-week checklist, pairing guide]   # flow style kept
    out:
        - tool procurement
origin: members-proposed
# The team: Alice leads.
team:
    - {member: alice-martin, role: lead, hours_per_week: 3}
    - member: bob-lee       # block style item
      role: member
      hours_per_week: 2
volunteers_wanted: 1
sponsor:
    learning: DevOps CoP core group
timeline:
    start: 2026-12-01
    end: 2027-02-28   # hard stop
reporting:
    every_days: 14              # fortnightly
    channel: monthly community call
reports:
    - date: 2026-12-15
      by: alice-martin
      summary: Interviewed six recent joiners.
# findings come at the end
findings:   # not yet
"""

one_line = st.text(
    alphabet=st.characters(codec="utf-8", exclude_categories=["Cc", "Zl", "Zp", "Cs"]),
    min_size=1,
    max_size=50,
).filter(lambda s: s.strip() == s and "\x85" not in s)

CHANGES = st.one_of(
    st.tuples(st.just("title"), one_line),
    st.tuples(st.just("goal"), one_line),
    st.tuples(st.just("status"), st.sampled_from(["proposed", "chartered", "active", "cancelled"])),
    st.tuples(st.just("reporting.every_days"), st.integers(1, 366)),
    st.tuples(st.just("reporting.channel"), one_line),
    st.tuples(st.just("volunteers_wanted"), st.integers(0, 1000)),
    st.tuples(st.just("timeline.end"), dates),
    st.tuples(st.just("team.1.hours_per_week"), st.integers(0, 80)),
    st.tuples(st.just("reports.append"), one_line),
)


def _apply(c: Charter, field: str, value: object) -> Charter:
    if field == "reports.append":
        extra = Report(date=date(2027, 1, 5), by="bob-lee", summary=str(value))
        return msgspec.structs.replace(c, reports=[*c.reports, extra])
    if field == "team.1.hours_per_week":
        team = list(c.team)
        team[1] = msgspec.structs.replace(team[1], hours_per_week=value)
        return msgspec.structs.replace(c, team=team)
    if "." in field:
        outer, inner = field.split(".")
        part = msgspec.structs.replace(getattr(c, outer), **{inner: value})
        return msgspec.structs.replace(c, **{outer: part})
    return msgspec.structs.replace(c, **{field: value})


@settings(max_examples=150, deadline=None, suppress_health_check=FIXTURES)
@given(change=CHANGES)
def test_changing_one_field_keeps_every_comment_and_the_rest_of_the_text(
    tmp_path: Path, change: tuple[str, object]
) -> None:
    EXAMPLES["count"] += 1
    field, value = change
    w = Workspace(tmp_path)
    p = tmp_path / "charters" / "playbook.yaml"
    p.parent.mkdir(exist_ok=True)
    p.write_text(HAND_EDITED)
    loaded = w.load_charter("playbook")
    old = loaded.require()
    new = _apply(old, field, value)
    changed = w.update(loaded, p, new)
    after = p.read_text()
    assert w.load_charter("playbook").value == new
    if new == old:
        assert not changed and after == HAND_EDITED
        return
    before_lines, after_lines = HAND_EDITED.splitlines(), after.splitlines()
    removed = [ln for ln in difflib.ndiff(before_lines, after_lines) if ln.startswith("- ")]
    added = [ln for ln in difflib.ndiff(before_lines, after_lines) if ln.startswith("+ ")]
    key = field.split(".")[-1] if field != "reports.append" else None
    if key is None:  # a report appended: every old line is kept, in order, and new ones follow it
        assert removed == [], removed
        assert after.startswith(HAND_EDITED.split("# findings")[0])
    else:
        assert len(removed) == 1 and len(added) == 1, (removed, added)
        assert removed[0].lstrip("- ").startswith(key + ":"), removed
        old_line = removed[0][2:]
        if "#" in old_line:  # the comment on the changed line survives
            assert added[0].endswith(old_line[old_line.index("  #") :].strip()), added
    for comment in [ln for ln in before_lines if "#" in ln]:
        text_part = comment[comment.index("#") :]
        assert text_part in after, f"lost comment {text_part!r}"


def test_report_figures() -> None:
    print(f"round-trip examples: {EXAMPLES['count']}")
