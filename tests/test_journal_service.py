"""services.journal: the rules of a new entry and the editor round trip, as plain functions."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from copkit.errors import CopkitError
from copkit.model import Challenge, Day, JournalEntry, Levels, Plan
from copkit.services import journal as rules


def challenge(length: int = 10, start: date = date(2026, 12, 1)) -> Challenge:
    return Challenge(
        title="T",
        start=start,
        days=[
            Day(
                day=i,
                kind="learn",
                title=f"Title {i}",
                prompt=f"Prompt {i}.\n\nSecond paragraph {i}.",
                minutes=15,
                levels=Levels(starter=f"Starter {i}.", experienced=None),
            )
            for i in range(1, length + 1)
        ],
    )


CH = challenge()
TODAY = date(2026, 12, 7)


@pytest.mark.parametrize(
    ("kwargs", "today", "expected"),
    [
        pytest.param({}, TODAY, (7, date(2026, 12, 7)), id="today"),
        pytest.param({"day": 1}, TODAY, (1, date(2026, 12, 1)), id="day-1"),
        pytest.param({"on": date(2026, 12, 7)}, TODAY, (7, TODAY), id="date-today"),
        pytest.param({"day": 10}, date(2027, 1, 5), (10, date(2026, 12, 10)), id="back-fill"),
    ],
)
def test_entry_target_accepts(
    kwargs: dict[str, object], today: date, expected: tuple[int, date]
) -> None:
    t = rules.entry_target("dec", CH, today, **kwargs)  # type: ignore[arg-type]
    assert (t.day, t.date) == expected


@pytest.mark.parametrize(
    ("kwargs", "today", "message"),
    [
        pytest.param({}, date(2026, 11, 30), "today (2026-11-30) is before dec starts: day 1 is 2026-12-01", id="today-before"),
        pytest.param({}, date(2026, 12, 11), "today (2026-12-11) is after dec ended: day 10 was 2026-12-10", id="today-after"),
        pytest.param({"on": date(2026, 11, 1)}, TODAY, "2026-11-01 is before dec starts", id="date-before"),
        pytest.param({"day": 8}, TODAY, "day 8 of dec (2026-12-08) is in the future: today is 2026-12-07", id="future"),
        pytest.param({"day": -1}, TODAY, "day -1 is not a day of dec: its days are 1..10", id="negative"),
    ],
)  # fmt: skip
def test_entry_target_refuses(kwargs: dict[str, object], today: date, message: str) -> None:
    with pytest.raises(CopkitError) as e:
        rules.entry_target("dec", CH, today, **kwargs)  # type: ignore[arg-type]
    assert e.value.message.startswith(message)


def test_check_participant() -> None:
    rules.check_participant("dec", "a", Plan(), "p")
    with pytest.raises(CopkitError, match="a has not joined dec"):
        rules.check_participant("dec", "a", None, "p")
    with pytest.raises(CopkitError, match="a left dec on 2026-12-03"):
        rules.check_participant("dec", "a", Plan(left=date(2026, 12, 3)), "p")


def test_new_entry_cleans_tags_and_checks_values() -> None:
    t = rules.Target(7, TODAY)
    e = rules.new_entry(t, status="partial", tags=["b", " a ", "", "b"], checkin=True, minutes=0)
    assert e == JournalEntry(
        date=TODAY, status="partial", tags=["a", "b"], partner_checkin=True, minutes=0
    )
    for bad in ({"mood": 6}, {"minutes": 1441}, {"status": "Done"}):
        with pytest.raises(CopkitError):
            rules.new_entry(t, **bad)  # type: ignore[arg-type]


def test_template_round_trip_unchanged_and_answered() -> None:
    target = rules.Target(3, date(2026, 12, 3))
    entry = rules.new_entry(target, mood=2, tags=["x y", "ci"])
    quote = rules.activity_quote("dec", CH, target, "starter")
    assert quote == (
        "> **Day 3 of dec (2026-12-03), learn: Title 3, about 15 minutes**\n"
        ">\n> Prompt 3.\n>\n> Second paragraph 3.\n>\n> *Starter:* Starter 3.\n"
    )
    # no experienced variant on this day: nothing quoted for it
    assert "Experienced" not in rules.activity_quote("dec", CH, target, "experienced")
    text = rules.editor_template(entry, quote)
    assert rules.is_unchanged(text, text)
    assert rules.is_unchanged(text, text.replace("\n", "\r\n") + "\n\n")
    assert not rules.is_empty(text)
    parsed, body = rules.parse_edited(text, "f.md", "dec", target, quote)
    assert parsed == entry  # the template's front matter reads back as the entry it shows
    assert body == ""
    answered = text.replace("### What next?\n", "### What next?\nShip it.  \n")
    assert not rules.is_unchanged(text, answered)
    parsed, body = rules.parse_edited(answered, "f.md", "dec", target, quote)
    assert body == "### What next?\nShip it.\n"


def test_tidy_body_keeps_an_edited_quote_and_answered_questions() -> None:
    quote = "> **Day 1**\n>\n> Prompt.\n"
    body = (
        "\n> **Day 1**\n>\n> Prompt. My note.\n\n### What did I do?\n\n\n"
        "### What did I learn?\r\nThat.\r\n\n### What next?\n\n"
    )
    assert rules.tidy_body(body, quote) == (
        "> **Day 1**\n>\n> Prompt. My note.\n\n### What did I learn?\nThat.\n"
    )
    assert rules.tidy_body("> **Day 1**\n>\n> Prompt.\n\nMine.\n", quote) == "Mine.\n"
    assert rules.tidy_body("\n\n", quote) == ""


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=st.sampled_from("ab #>\n\r?W"), max_size=80))
def test_tidy_body_is_idempotent_and_ends_cleanly(body: str) -> None:
    once = rules.tidy_body(body, "> q\n")
    assert rules.tidy_body(once, "> q\n") == once
    assert once == "" or (once.endswith("\n") and not once.endswith("\n\n"))
    assert "\r\n" not in once


@settings(max_examples=100, deadline=None)
@given(
    status=st.sampled_from(["done", "partial", "skipped"]),
    minutes=st.none() | st.integers(0, 1440),
    mood=st.none() | st.integers(1, 5),
    tags=st.lists(st.text(st.characters(codec="utf-8", exclude_categories=["Cs", "Cc", "Zl", "Zp"]), min_size=1, max_size=12), max_size=4),
    highlight=st.booleans(),
    checkin=st.booleans(),
)  # fmt: skip
def test_template_front_matter_reads_back_exactly(
    status: str,
    minutes: int | None,
    mood: int | None,
    tags: list[str],
    highlight: bool,
    checkin: bool,
) -> None:
    target = rules.Target(2, date(2026, 12, 2))
    entry = rules.new_entry(
        target,
        status=status,
        minutes=minutes,
        mood=mood,
        tags=tags,
        highlight=highlight,
        checkin=checkin,
    )
    text = rules.editor_template(entry, rules.activity_quote("dec", CH, target, "starter"))
    parsed, _ = rules.parse_edited(text, "f.md", "dec", target)
    assert parsed == entry


def test_parse_edited_refuses_broken_front_matter_with_positions() -> None:
    target = rules.Target(2, date(2026, 12, 2))
    with pytest.raises(CopkitError) as e:
        rules.parse_edited(
            "---\ndate: 2026-12-02\nstatus: done\nmood: 9\n---\n", "f.md", "dec", target
        )
    assert e.value.message.startswith("f.md:4:7: mood:")
    with pytest.raises(CopkitError) as e:
        rules.parse_edited("no front matter\n", "f.md", "dec", target)
    assert "no front matter" in e.value.message


def test_pick_running() -> None:
    dec, jan = challenge(), challenge(start=date(2026, 12, 5))
    from copkit.services.challenges import pick_running

    assert pick_running({"dec": dec}, TODAY) == "dec"
    assert pick_running({"dec": dec, "jan": jan}, TODAY, joined={"jan"}) == "jan"
    assert pick_running({"dec": dec, "jan": jan}, date(2026, 12, 2)) == "dec"
    with pytest.raises(CopkitError, match="2 challenges are running on 2026-12-07: dec, jan"):
        pick_running({"dec": dec, "jan": jan}, TODAY)
    with pytest.raises(CopkitError, match="no challenge is running on 2027-03-01"):
        pick_running({"dec": dec}, TODAY + timedelta(days=84))
