"""Issue 20, terminal and other outputs (F04, F13, F17, F28): user text is shown, never obeyed.

Escape sequences, bidi overrides and lone surrogates in names, titles and bodies are spelt
out (`\\x1b`), Rich markup in user text is never read, and a file name with a line break
stays on one line of `check`.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from copkit.render.text import visible
from tests.conftest import Run

COPKIT = str(Path(sys.executable).with_name("copkit"))
OSC52 = "\x1b]52;c;cm0gLXJmIH4K\x07"  # a clipboard write
OSC8 = "\x1b]8;;https://evil.example\x1b\\click\x1b]8;;\x1b\\"  # a hidden link


@given(st.text())
def test_visible_text_has_no_control_character_and_always_encodes(text: str) -> None:
    shown = visible(text)
    shown.encode("utf-8")  # lone surrogates spelt out: never a UnicodeEncodeError
    assert not any(
        (ord(c) < 32 and c not in "\n\t") or 0x7F <= ord(c) <= 0x9F or 0x202A <= ord(c) <= 0x202E
        for c in shown
    )
    assert "\n" not in visible(text, lines=False) and "\r" not in visible(text, lines=False)


@given(st.text(alphabet=st.characters(blacklist_categories=("Cc", "Cs", "Cf"))))
def test_visible_leaves_ordinary_text_alone(text: str) -> None:
    assert visible(text) == text


@pytest.mark.parametrize(
    "name",
    [
        pytest.param("C.J. [/r/devops]", id="closing-tag"),
        pytest.param("Bob Lee [he/him]", id="pronouns"),
        pytest.param("[link=https://evil.example]Ana[/link]", id="link"),
        pytest.param("[bold red]Loud[/]", id="style"),
    ],
)
def test_names_with_brackets_are_shown_as_typed(ws: Path, run: Run, name: str) -> None:
    r = run("member", "add", "cj", "--name", name)
    assert r.exit_code == 0, r.output
    r = run("member", "list")
    assert r.exit_code == 0, r.output
    assert name in r.stdout


def test_escape_sequences_in_a_name_reach_the_terminal_spelt_out(ws: Path) -> None:
    yaml_name = OSC52.replace("\x1b", "\\e").replace("\x07", "\\a")  # YAML escapes
    (ws / "members" / "eve.yaml").write_text(f'name: "Eve {yaml_name}"\n', encoding="utf-8")
    r = subprocess.run(
        [COPKIT, "member", "list"],
        cwd=ws,
        capture_output=True,
        text=True,
        env={**os.environ, "COLUMNS": "200"},
    )
    assert r.returncode == 0, r.stderr
    assert "\x1b]52" not in r.stdout and "\x07" not in r.stdout
    assert "Eve \\x1b]52;c;cm0gLXJmIH4K" in r.stdout  # Rich drops the BEL itself


def test_a_day_title_with_markup_and_escapes_shows_in_every_form(demo: Path, run: Run) -> None:
    path = demo / "challenges" / "observability-october.yaml"
    text = path.read_text(encoding="utf-8")
    old = "title: Take stock of your three signals"
    assert old in text
    path.write_text(
        text.replace(old, 'title: "Take [/bold] stock \\e]8;;https://evil.example\\a"'),
        encoding="utf-8",
    )
    env = {"COPKIT_TODAY": "2026-10-01"}
    for args in (
        ("challenge", "show", "observability-october"),
        ("challenge", "today", "observability-october"),
        ("challenge", "today", "observability-october", "--markdown"),
    ):
        r = run(*args, env=env)
        assert r.exit_code == 0, (args, r.output)
        assert "\x1b]8" not in r.stdout and "\x07" not in r.stdout, args
        shown = r.stdout.replace("\\[", "[").replace("\\]", "]")  # Markdown escapes
        assert "Take [/bold] stock" in shown, args


def test_a_markdown_report_file_holds_no_raw_control_byte(demo: Path, run: Run) -> None:
    entry = demo / "journals" / "observability-october" / "priya-raman" / "day-03.md"
    entry.write_text(entry.read_text(encoding="utf-8") + f"\nCopied {OSC8} and {OSC52}\n", "utf-8")
    for fmt in ("markdown", "html"):
        r = run(
            "challenge",
            "report",
            "observability-october",
            "--format",
            fmt,
            "--full",
            "--output",
            f"reports/october.{fmt}",
            env={"COPKIT_TODAY": "2026-11-20"},
        )
        if r.exit_code == 2:  # no --full in this build: the plain report
            r = run(
                "challenge",
                "report",
                "observability-october",
                "--format",
                fmt,
                "--output",
                f"reports/october.{fmt}",
                env={"COPKIT_TODAY": "2026-11-20"},
            )
        assert r.exit_code == 0, r.output
        data = (demo / "reports" / f"october.{fmt}").read_bytes()
        assert b"\x1b" not in data and b"\x07" not in data, fmt


def test_a_file_name_with_a_line_break_stays_one_line_of_check(ws: Path, run: Run) -> None:
    (ws / "members" / "odd\nname.yaml").write_text("name: Odd\n", encoding="utf-8")
    r = run("check")
    lines = [line for line in r.stdout.splitlines() if "odd" in line]
    assert lines and all("members/odd\\x0aname.yaml" in line for line in lines), r.stdout


# ---- F02: user text in the .ics ----------------------------------------------------------------

_ONE_LINE = ("X-WR-CALNAME", "SUMMARY", "LOCATION")


def _ics_lines(data: bytes) -> list[bytes]:
    """The file split on every line break a lax reader might honour: CRLF, bare CR, bare LF."""
    return data.replace(b"\r\n", b"\n").replace(b"\r", b"\n").split(b"\n")


def _calendar_holds_exactly(data: bytes, events: int) -> None:
    from icalendar import Calendar

    cal = Calendar.from_ical(data)
    assert len(cal.walk("VEVENT")) == events
    starts = [line for line in _ics_lines(data) if line.startswith(b"BEGIN:")]
    assert starts == [b"BEGIN:VCALENDAR"] + [b"BEGIN:VEVENT"] * events
    for component in cal.walk():
        for name, value in component.property_items(recursive=False):
            text = value.to_ical().decode() if hasattr(value, "to_ical") else str(value)
            assert not any(
                ord(c) < 0x20 or 0x7F <= ord(c) <= 0x9F for c in text.replace("\\n", "")
            ), (name, text)
    for ev in cal.walk("VEVENT"):
        for name in ("SUMMARY", "LOCATION"):
            if name in ev:
                assert "\n" not in _decoded(ev, name), name
        assert "\r" not in _decoded(ev, "DESCRIPTION")
    assert "\n" not in str(cal["X-WR-CALNAME"])


def _decoded(component: object, name: str) -> str:
    value = component.decoded(name)  # type: ignore[attr-defined]
    return value.decode() if isinstance(value, bytes) else str(value)


def test_a_title_with_line_breaks_and_controls_makes_a_sound_ics(demo: Path, run: Run) -> None:
    """F02: a newline in the title crashed with exit 3; a bare CR could inject an event for
    readers that split on CR; control bytes reached LOCATION."""
    path = demo / "challenges" / "observability-october.yaml"
    text = path.read_text(encoding="utf-8")
    text = text.replace(
        "title: 30 days of observability",
        'title: "Line one\\nLine two\\rBEGIN:VEVENT\\rSUMMARY:evil\\x07"',
        1,
    )
    text = text.replace("where: Community call and room Vauban", 'where: "Room\\x01\\rA\\x1b[31m"')
    text = text.replace("title: Write one SLO and measure it", 'title: "One\\r\\nTwo\\x85Three"')
    path.write_text(text, encoding="utf-8")
    assert run("check").exit_code == 0
    r = run("challenge", "calendar", "observability-october", "--ics", "october.ics")
    assert r.exit_code == 0, r.output
    data = (demo / "october.ics").read_bytes()
    _calendar_holds_exactly(data, 31)
    from icalendar import Calendar

    cal = Calendar.from_ical(data)
    assert str(cal["X-WR-CALNAME"]) == "Line one Line two BEGIN:VEVENT SUMMARY:evil\\x07"
    evs = cal.walk("VEVENT")
    assert _decoded(evs[15], "SUMMARY") == "Day 16: One Two Three"
    assert _decoded(evs[30], "LOCATION") == "Room\\x01 A\\x1b[31m"


_TEXT = st.text(st.characters(codec="utf-8"), min_size=1, max_size=40)


@settings(max_examples=int(os.environ.get("COPKIT_HYPOTHESIS", "40")))
@given(title=_TEXT, where=_TEXT, day_title=_TEXT, prompt=_TEXT)
def test_any_user_text_keeps_the_ics_to_its_events(
    title: str, where: str, day_title: str, prompt: str
) -> None:
    """F02 as a property: whatever the title, place, day title and prompt hold, the file has
    one event per day and the meetup, and no property carries a control character."""
    from datetime import date

    from copkit.model import Challenge, Day, Meetup
    from copkit.render.challenges import ics

    days = [
        Day(day=1, kind="learn", title=day_title, prompt=prompt),
        Day(day=2, kind="reflect", title=None, prompt=None),
    ]
    c = Challenge(
        title=title,
        start=date(2026, 12, 1),
        meetup=Meetup(date=date(2026, 12, 10), where=where),
        days=days,
    )
    _calendar_holds_exactly(ics("c", c, "0"), 3)
