"""Who has gone quiet: services.nudge on hand-built months, and `challenge nudge` via the CLI."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest

from copkit.services.nudge import nudges, silence
from tests.conftest import Run
from tests.test_journal import join, month, write_challenge
from tests.test_progress import make, on, picture


@pytest.mark.parametrize(
    ("days", "today", "joined", "expected"),
    [
        pytest.param("DD", 5, None, (2, 2, 3), id="grace-today-not-counted"),
        pytest.param("DD..D", 5, None, (5, 0, 6), id="wrote-today"),
        pytest.param("DDD", 5, None, (3, 1, 4), id="one-day"),
        pytest.param("", 3, None, (None, 2, 1), id="no-entry-yet"),
        pytest.param("", 1, None, (None, 0, 1), id="first-day-grace"),
        pytest.param("DS", 4, None, (2, 1, 3), id="skipped-is-an-entry"),
        pytest.param("DDDDDDDD", 14, None, (8, 2, 9), id="after-the-end-counts-to-the-last-day"),
        pytest.param("DDDDDDDD", 0, None, (None, 0, 1), id="before-the-start"),
        pytest.param("", 7, on(5), (None, 2, 5), id="late-joiner-silent-from-join-day"),
        pytest.param("", 7, on(6), (None, 1, 6), id="late-joiner-new"),
        pytest.param("DD", 5, date(2026, 11, 20), (2, 2, 3), id="joined-before-start"),
        pytest.param("DDDDDDDDD", 10, on(2), (9, 0, 10), id="joined-late-but-wrote"),
    ],
)
def test_silence(
    days: str, today: int, joined: date | None, expected: tuple[int | None, int, int]
) -> None:
    assert silence(make(), picture(days), on(today), joined) == expected


def test_nudges_threshold_partners_and_order() -> None:
    ch = make()
    ch.pairs = [["al", "bo"], ["cy", "di", "ed"]]
    entries = {"al": picture("D"), "bo": picture("DDDDD"), "cy": picture("DDD"), "ed": picture("")}
    participants = ["ed", "cy", "bo", "al"]  # di left: not a participant
    found = nudges(ch, participants, entries, on(6), days=2)
    assert [n.as_json() for n in found] == [
        {"member": "al", "last_entry_day": 1, "days_silent": 4, "partners": ["bo"]},
        {"member": "cy", "last_entry_day": 3, "days_silent": 2, "partners": ["ed"]},
        {"member": "ed", "last_entry_day": None, "days_silent": 5, "partners": ["cy"]},
    ]
    assert [n.member for n in nudges(ch, participants, entries, on(6), days=5)] == ["ed"]
    assert [n.member for n in nudges(ch, participants, entries, on(6), days=1)] == [
        "al",
        "cy",
        "ed",
    ]


# ---- through the CLI -----------------------------------------------------------------------


@pytest.fixture
def quiet(ws: Path, run: Run, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Challenge `dec` from 2026-12-01, today day 7 (no entries yet today)."""
    for m, name in (("dan-wu", "Dan Wu"), ("erin-kim", "Erin Kim")):
        assert run("member", "add", m, "--name", name).exit_code == 0
    write_challenge(ws, pairs=[["alice-martin", "bob-lee"], ["carol-diaz", "dan-wu", "erin-kim"]])
    for m in ("alice-martin", "bob-lee", "carol-diaz", "erin-kim"):
        join(ws, "dec", m)
    join(ws, "dec", "dan-wu", left="2026-12-02")
    month(ws, "dec", "alice-martin", "DDS")  # silent days 4..6: 3 days
    month(ws, "dec", "bob-lee", "DPPDDD")  # wrote yesterday: fine
    month(ws, "dec", "erin-kim", "DDDDP")  # silent day 6: 1 day
    # carol-diaz: no entry at all, 6 days
    monkeypatch.setenv("COPKIT_TODAY", "2026-12-07")
    return ws


def test_nudge_json_is_exactly_spec_section_4(quiet: Path, run: Run) -> None:
    r = run("challenge", "nudge", "dec", "--json", "--no-cache")
    assert r.exit_code == 0, r.output
    assert r.stderr == ""
    assert json.loads(r.stdout) == [
        {"member": "alice-martin", "last_entry_day": 3, "days_silent": 3, "partners": ["bob-lee"]},
        {"member": "carol-diaz", "last_entry_day": None, "days_silent": 6, "partners": ["erin-kim"]},
    ]  # fmt: skip
    # the partner who left (dan-wu) is not asked to reach out, and is not nudged
    r = run("challenge", "nudge", "dec", "--days", "1", "--json")
    assert [n["member"] for n in json.loads(r.stdout)] == ["alice-martin", "carol-diaz", "erin-kim"]
    r = run("challenge", "nudge", "dec", "--days", "4", "--json")
    assert [n["member"] for n in json.loads(r.stdout)] == ["carol-diaz"]


def test_nudge_human_table_and_message_to_paste(quiet: Path, run: Run) -> None:
    r = run("challenge", "nudge", "dec")
    assert r.exit_code == 0, r.output
    lines = [line.rstrip() for line in r.stdout.splitlines()]
    assert lines[0] == "dec, day 7 of 10: silent for 2 days or more"
    rows = [line.split() for line in lines if line.startswith((" Alice", " Carol"))]
    # most silent first, by name
    assert rows == [
        ["Carol", "Diaz", "6", "days", "day", "1", "(2026-12-01)", "none", "yet", "Erin", "Kim"],
        ["Alice", "Martin", "3", "days", "day", "4", "(2026-12-04)", "day", "3", "Bob", "Lee"],
    ]
    message = r.stdout.split("Ready to paste in your community channel:\n\n")[1]
    assert message == (
        "Check-in time for Test challenge dec (day 7 of 10)! 2 of us have gone quiet; "
        'partners, a short "how is it going?" helps a lot:\n'
        "- Carol Diaz: no entry yet (6 days). Erin Kim, could you check in?\n"
        "- Alice Martin: no entry since day 3 (3 days). Bob Lee, could you check in?\n"
        "Missed some days? That's fine: pick up today's activity (copkit challenge today dec) "
        "or log a skipped day.\n"
    )


def test_one_writer_for_the_terminal_and_the_post(quiet: Path, run: Run) -> None:
    """`challenge nudge` shows the words `challenge post --what nudge` sends: the same lines."""
    from copkit.render.posts import nudge_post, nudge_text
    from copkit.storage.workspace import Workspace

    ch = Workspace(quiet).challenge("dec")
    found = nudges(ch, ["alice-martin", "carol-diaz"], {}, date(2026, 12, 7), days=2)
    names = {"alice-martin": "Alice [b]Martin[/b]", "carol-diaz": "Carol\x1b[31m Diaz"}
    text = nudge_text(found, "dec", ch, date(2026, 12, 7), names)
    post = nudge_post(found, "dec", ch, date(2026, 12, 7), names)
    assert text == post.text.replace("\n\n", "\n").rstrip("\n")
    assert text.splitlines()[2] == (
        "- Carol\\x1b[31m Diaz: no entry yet (6 days). No partner yet: could someone reach out?"
    )  # control characters spelt out, markup never read
    assert post.markdown.startswith("**Check-in time for Test challenge dec (day 7 of 10)**! ")


def test_nudge_names_members_without_the_full_parser(
    quiet: Path, run: Run, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Names come from the fast member reader (F09: a full parse of each member file took 15 s
    for 10,000 participants); a member file it cannot read still gets its name."""
    from copkit.storage.workspace import Workspace

    def refuse(self: Workspace, member: str) -> None:
        raise AssertionError(f"members/{member}.yaml parsed in full")

    (quiet / "members" / "carol-diaz.yaml").write_text("# written by hand\nname: 'Carol Diaz'\n")
    with monkeypatch.context() as m:
        m.setattr(Workspace, "load_member", refuse)
        r = run("challenge", "nudge", "dec")
    assert r.exit_code == 0, r.output
    assert "- Carol Diaz: no entry yet (6 days). Erin Kim, could you check in?" in r.stdout
    (quiet / "members" / "carol-diaz.yaml").write_text("name: !!str Carol Diaz\n")
    r = run("challenge", "nudge", "dec")
    assert "- Carol Diaz: no entry yet (6 days)." in r.stdout


def test_nudge_without_partner_asks_someone(quiet: Path, run: Run) -> None:
    write_challenge(quiet)  # the same calendar, no pairs yet
    r = run("challenge", "nudge", "dec")
    assert (
        "- Carol Diaz: no entry yet (6 days). No partner yet: could someone reach out?" in r.stdout
    )
    assert "no partner yet" in r.stdout.split("Ready to paste")[0]


@pytest.mark.parametrize(
    ("today", "expected"),
    [
        pytest.param("2026-11-28", "dec starts on 2026-12-01: nobody to nudge yet.\n", id="upcoming"),
        pytest.param("2026-12-01", "Nobody to nudge in dec: none of the 4 participants has been silent for 2 days or more.\n", id="first-day"),
    ],
)  # fmt: skip
def test_nudge_nobody(
    quiet: Path, run: Run, monkeypatch: pytest.MonkeyPatch, today: str, expected: str
) -> None:
    monkeypatch.setenv("COPKIT_TODAY", today)
    r = run("challenge", "nudge", "dec")
    assert r.exit_code == 0
    assert r.stdout == expected
    assert json.loads(run("challenge", "nudge", "dec", "--json").stdout) == []


def test_nudge_no_participants(ws: Path, run: Run, monkeypatch: pytest.MonkeyPatch) -> None:
    write_challenge(ws)
    monkeypatch.setenv("COPKIT_TODAY", "2026-12-05")
    r = run("challenge", "nudge", "dec")
    assert r.stdout == "Nobody has joined dec yet: nobody to nudge.\n"


def test_nudge_days_must_be_positive(quiet: Path, run: Run) -> None:
    r = run("challenge", "nudge", "dec", "--days", "0")
    assert r.exit_code == 2
    assert "--days" in r.stderr


def test_progress_and_nudge_have_help(run: Run) -> None:
    for cmd in ("progress", "nudge"):
        r = run("challenge", cmd, "--help")
        assert r.exit_code == 0
        assert "--no-cache" in r.stdout and "--json" in r.stdout
