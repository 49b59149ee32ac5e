"""Challenges for people: tables, the day's panel, the Markdown post, and the iCalendar file."""

from __future__ import annotations

import os
import re
import textwrap
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from datetime import UTC, date, datetime, time, timedelta
from typing import TYPE_CHECKING

from copkit.model import Challenge, Template
from copkit.model.challenge import DAY_KINDS, Levels
from copkit.plural import plural
from copkit.render.text import visible
from copkit.services.challenges import (
    CalendarRow,
    DayPost,
    Outside,
    Rest,
    Summary,
    human_date,
)
from copkit.services.schedule import length_words

if TYPE_CHECKING:
    from rich.console import RenderableType
    from rich.text import Text

    from copkit.services.pairing import PairingResult

KIND_STYLE = {"learn": "cyan", "practice": "green", "balance": "magenta", "reflect": "yellow"}
NOT_WRITTEN = "(not written yet)"


def _kind(kind: str) -> Text:
    from rich.text import Text

    return Text(kind, style=KIND_STYLE.get(kind, ""))


def kind_mix(days: Sequence[object]) -> str:
    """'9 learn, 12 practice, 4 balance, 5 reflect'."""
    counts = Counter(getattr(d, "kind") for d in days)  # noqa: B009
    return ", ".join(f"{counts[k]} {k}" for k in DAY_KINDS if counts[k])


def suits(template: Template) -> str:
    """Which schedules a set reads well on, from its `schedules` and `starts_on`."""
    if not template.schedules:
        said = "Suits: not stated by the set (its `schedules:`)"
    else:
        names = {"every-day": "every day", "weekdays": "weekdays only"}
        said = "Suits: " + " or ".join(names[s] for s in template.schedules)
    if template.starts_on:
        said += f"; day 1 on a {template.starts_on.capitalize()}"
    return said + "."


_FIRST_SENTENCE = re.compile(r"(.+?(?<!\be\.g)(?<!\bi\.e)[.!?])(?=\s|$)", re.DOTALL)


def first_sentence(text: str) -> str:
    """The first sentence of a set's description, on one line: who the set is for. A set's
    description goes on to the lead's logistics, which `template show` prints whole."""
    flat = " ".join(text.split())
    m = _FIRST_SENTENCE.match(flat)
    return m.group(1) if m else flat


# ---- tables ----------------------------------------------------------------------------------


def templates_table(items: list[tuple[str, str, Template]]) -> RenderableType:
    """Each set: its id to pass to --template, where it comes from and its version, then its
    title, domain, mix of kinds and the first sentence of its description (who it is for).
    `items` holds (id, origin, set)."""
    from rich.text import Text

    from copkit.render.console import fancy, table

    rich = fancy()
    t = table(title="Challenge sets")
    t.add_column("Template", no_wrap=True)
    t.add_column("About", ratio=1)
    for i, (name, origin, tpl) in enumerate(items):
        head = Text(name, style="bold" if rich else "")
        head.append(f"\n{origin}", style="dim" if rich else "")
        if tpl.version:
            head.append(f"\n{tpl.version}", style="dim" if rich else "")
        about = Text()
        about.append(tpl.title + "\n", style="bold" if rich else "")
        facts = [tpl.domain] if tpl.domain else []
        facts.append(f"{plural(len(tpl.days), 'day')}: {kind_mix(tpl.days)}")
        about.append(", ".join(facts), style="dim" if rich else "")
        about.append("\n" + suits(tpl), style="dim" if rich else "")
        if tpl.description:
            about.append("\n" + first_sentence(tpl.description))
        if i != len(items) - 1:
            about.append("\n")
        t.add_row(head, about)
    return t


def status_text(s: Summary, today: date) -> str:
    if s.status == "running":
        return f"day {s.day} of {s.length}" if s.day else "no activity today"
    if s.status == "upcoming":
        days = (s.start - today).days
        return "starts tomorrow" if days == 1 else f"in {days} days"
    return "ended"


def challenges_table(rows: list[Summary], today: date) -> RenderableType:
    from rich.text import Text

    from copkit.render.console import fancy, table

    t = table(title=f"{plural(len(rows), 'challenge')}")
    t.add_column("Challenge and title", ratio=1, min_width=24)
    t.add_column("Start", no_wrap=True)
    t.add_column("Status", no_wrap=True)
    t.add_column("People", justify="right")
    style = {"running": "bold green", "upcoming": "cyan", "ended": "dim"}
    for s in rows:
        name = Text(s.challenge, style="bold" if fancy() else "")
        name.append(f"\n{s.title}")
        t.add_row(
            name,
            str(s.start),
            Text(status_text(s, today), style=style[s.status] if fancy() else ""),
            str(s.participants),
        )
    return t


def show(
    challenge_id: str,
    challenge: Challenge,
    rows: list[CalendarRow],
    s: Summary,
    participants: list[str],
    today: date,
    names: Mapping[str, str] | None = None,
) -> list[RenderableType]:
    """The heading, the calendar (today marked) and the partner groups, by name (`names`:
    member id -> name; the id when the file has none)."""
    names = names or {}
    from rich.text import Text

    from copkit.render.console import fancy, table

    rich = fancy()
    head = Text()
    head.append(challenge.title, style="bold" if rich else "")
    head.append(f"  ({challenge_id})\n")
    facts = [challenge.domain] if challenge.domain else []
    if challenge.template:
        facts.append(f"from {challenge.template.label}")
    facts += [f"{s.start} to {s.end}", length_words(challenge)]
    lead = {"running": "running, ", "upcoming": "starts ", "ended": ""}[s.status]
    facts.append(lead + status_text(s, today))
    head.append(", ".join(facts) + "\n")
    who = f"{plural(len(participants), 'participant')}"
    if challenge.meetup:
        where = f" ({challenge.meetup.where})" if challenge.meetup.where else ""
        who += f"; report-back meetup on {challenge.meetup.date}{where}"
    head.append(who)
    if challenge.mantra:
        head.append("\n" + challenge.mantra, style="italic" if rich else "")

    t = table("Day", "Date", "Kind", "Activity", "Min")
    t.columns[0].justify = "right"
    t.columns[4].justify = "right"
    for r in rows:
        mark = r.when == "today"
        style = "bold reverse" if (mark and rich) else ("dim" if r.when == "past" and rich else "")
        t.add_row(
            f"{'> ' if mark and not rich else ''}{r.day}",
            f"{r.date:%a} {r.date}",
            _kind(r.kind) if rich else r.kind,
            r.title or NOT_WRITTEN,
            str(r.minutes) if r.minutes is not None else "",
            style=style,
        )
    parts: list[RenderableType] = [head, t]
    if challenge.pairs:
        lines = Text("Partner groups", style="bold" if rich else "")
        if challenge.pairing:
            lines.append(f" (seed {challenge.pairing.seed}, drawn {challenge.pairing.date})")
        for group in challenge.pairs:
            lines.append("\n  " + " + ".join(names.get(m, m) for m in group))
        parts.append(lines)
    return parts


# ---- the day's post --------------------------------------------------------------------------


def _width() -> int:
    """COLUMNS or the terminal's width, kept between 40 and 100 for reading (no shutil: start-up)."""
    try:
        columns = int(os.environ.get("COLUMNS", "") or os.get_terminal_size(1).columns)
    except (OSError, ValueError):
        columns = 88
    return max(40, min(columns, 100))


def _levels(levels: Levels | None) -> list[tuple[str, str]]:
    if levels is None:
        return []
    return [
        (label, text)
        for label, text in (("Starter", levels.starter), ("Experienced", levels.experienced))
        if text
    ]


def _heading(post: DayPost) -> str:
    return f"{post.challenge_title}: day {post.day} of {post.length}, {human_date(post.date)}"


def _activity(post: DayPost) -> str:
    title = post.title or NOT_WRITTEN
    minutes = f" ({plural(post.minutes, 'minute')})" if post.minutes else ""
    return f"{post.kind.capitalize()}: {title}{minutes}"


def _meetup_line(post: DayPost) -> str | None:
    if post.meetup is None:
        return None
    where = f", {post.meetup.where}" if post.meetup.where else ""
    return f"Report-back meetup: {human_date(post.meetup.date)}{where}."


NBSP = "\xa0"


def post_plain(post: DayPost) -> str:
    """The day as plain text (piped output, NO_COLOR): no box art, wrapped for reading."""
    width = _width()

    def wrap(text: str, label: str = "", keep: str | None = None) -> str:
        flat = " ".join(text.split())
        if keep:  # words that stay on one line: no-break spaces until the lines are made
            flat = flat.replace(keep, keep.replace(" ", NBSP))
        return textwrap.fill(
            flat,
            width,
            initial_indent=label,
            subsequent_indent="  " if label else "",
            break_long_words=False,  # a date, a URL or an id stays whole
            break_on_hyphens=False,
        ).replace(NBSP, " ")

    # the heading too: a terminal would break it anywhere, a date in the middle
    lines = [wrap(_heading(post), keep=human_date(post.date)), wrap(_activity(post)), ""]
    lines.append(wrap(post.prompt or "The challenge lead has not written this day yet."))
    for label, text in _levels(post.levels):
        lines += ["", wrap(text, f"{label}: ")]
    if post.mantra:
        lines += ["", wrap(post.mantra)]
    if meet := _meetup_line(post):
        lines += ["", wrap(meet)]
    return "\n".join(lines) + "\n"


def post_panel(post: DayPost) -> RenderableType:
    """The day as a Rich panel for the terminal, its border in the colour of its kind."""
    from rich.panel import Panel
    from rich.text import Text

    colour = KIND_STYLE.get(post.kind, "white")
    body = Text()
    body.append(post.title or NOT_WRITTEN, style="bold")
    if post.minutes:
        body.append(f"   {plural(post.minutes, 'minute')}", style="dim")
    body.append("\n\n")
    body.append(
        " ".join((post.prompt or "The challenge lead has not written this day yet.").split())
    )
    for label, text in _levels(post.levels):
        body.append(f"\n\n{label}: ", style="bold")
        body.append(" ".join(text.split()))
    if post.mantra:
        body.append("\n\n" + " ".join(post.mantra.split()), style="italic")
    if meet := _meetup_line(post):
        body.append("\n\n" + meet, style="bold")
    return Panel(
        body,
        title=f"[bold]Day {post.day} of {post.length}[/] · [{colour}]{post.kind}[/]",
        title_align="left",
        subtitle=f"{post.challenge_title} · {human_date(post.date)}",
        subtitle_align="right",
        border_style=colour,
        width=min(_width(), 100),
        padding=(1, 2),
    )


def post_markdown(post: DayPost) -> str:
    """A post ready to paste into a chat channel: the Markdown that `challenge post` sends."""
    from copkit.render.posts import day_message

    return day_message(post).markdown


def rest_text(r: Rest) -> str:
    """No activity on a weekend or a skipped date, and when the next day is."""
    return f"{r.challenge_title} ({r.challenge}): {r.note}.\n"


def outside_text(o: Outside) -> str:
    """When a challenge starts, or that it has ended."""
    n = o.days_away
    if o.status == "upcoming":
        when = "tomorrow" if n == 1 else f"in {plural(n, 'day')}"
        return (
            f"{o.challenge_title} ({o.challenge}) has not started: day 1 is "
            f"{human_date(o.start)}, {when}.\n"
        )
    text = f"{o.challenge_title} ({o.challenge}) ended on {human_date(o.end)}."
    if o.meetup and o.meetup.date >= o.on:
        where = f", {o.meetup.where}" if o.meetup.where else ""
        text += f" The report-back meetup is on {human_date(o.meetup.date)}{where}."
    return text + "\n"


# ---- iCalendar -------------------------------------------------------------------------------


def ics(challenge_id: str, challenge: Challenge, version: str) -> bytes:
    """The challenge as an RFC 5545 calendar: one all-day event per challenge date (weekends
    and skipped dates of a working-day schedule have none), and the meetup.

    Deterministic: UIDs come from the challenge and the day (re-importing updates the events
    rather than duplicating them) and DTSTAMP is the start of day 1 in UTC.
    """
    from icalendar import Calendar, Event

    from copkit.services import schedule

    width = max(2, len(str(challenge.length)))
    dates = schedule.challenge_dates(challenge)
    stamp = datetime.combine(challenge.start, time(0), tzinfo=UTC)
    cal = Calendar()
    cal.add("prodid", f"-//copkit//copkit {version}//EN")
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("method", "PUBLISH")
    cal.add("x-wr-calname", _one_line(challenge.title))
    for d in challenge.days:
        on = dates[d.day - 1]
        ev = Event()
        ev.add("uid", f"{challenge_id}-day-{d.day:0{width}d}@copkit")
        ev.add("dtstamp", stamp)
        ev.add("dtstart", on)
        ev.add("dtend", on + timedelta(days=1))
        ev.add("summary", _one_line(f"Day {d.day}: {d.title or d.kind}"))
        ev.add("description", _lines(_description(d.prompt, d.minutes, d.levels)))
        ev.add("categories", [d.kind])
        ev.add("transp", "TRANSPARENT")  # an activity, not a meeting: the day stays free
        cal.add_component(ev)
    if challenge.meetup:
        m = challenge.meetup
        ev = Event()
        ev.add("uid", f"{challenge_id}-meetup@copkit")
        ev.add("dtstamp", stamp)
        ev.add("dtstart", m.date)
        ev.add("dtend", m.date + timedelta(days=1))
        ev.add("summary", _one_line(f"Report-back meetup: {challenge.title}"))
        ev.add(
            "description",
            "The group reports back: highlights, what we learned, what comes next.",
        )
        if m.where:
            ev.add("location", _one_line(m.where))
        ev.add("transp", "TRANSPARENT")  # the hour is not known: keep the day free
        cal.add_component(ev)
    return bytes(cal.to_ical())


def _one_line(text: str) -> str:
    """User text for a one-line iCalendar property (a name, a summary, a place): line breaks
    of every kind become spaces and other control characters are spelt out, so a reader that
    splits lines on a bare CR finds no property, and no event, that the file does not hold."""
    return visible(" ".join(text.split()), lines=False)


def _lines(text: str) -> str:
    """User text for DESCRIPTION: `\n` line breaks stay (icalendar escapes them as `\\n`);
    CR, CRLF and every other line break become `\n`; other control characters are spelt out."""
    return visible("\n".join(text.splitlines()))


def _description(prompt: str | None, minutes: int | None, levels: Levels | None) -> str:
    parts = [" ".join((prompt or "Not written yet.").split())]
    if minutes:
        parts.append(f"Suggested time: {plural(minutes, 'minute')}.")
    parts += [f"{label}: {' '.join(text.split())}" for label, text in _levels(levels)]
    return "\n\n".join(parts)


# ---- partner groups --------------------------------------------------------------------------


def pairing_view(
    result: PairingResult,
    participants: list[str],
    seed: int,
    *,
    late: bool,
    names: Mapping[str, str] | None = None,
) -> RenderableType:
    """The partner groups by name, with repeats, newly placed people and leavers noted."""
    names = names or {}

    def who(members: Iterable[str], sep: str) -> str:
        return sep.join(names.get(m, m) for m in members)

    from rich.console import Group
    from rich.text import Text

    from copkit.render.console import table

    repeats = set(result.repeats)
    placed = set(result.placed) if late else set()
    active = set(participants)
    t = table("#", "Partners", "Note", title=f"Partner groups (seed {seed})")
    t.columns[0].justify = "right"
    for i, group in enumerate(result.groups, 1):
        notes = []
        if placed & set(group):
            notes.append("placed now: " + who((m for m in group if m in placed), ", "))
        again = [who((a, b), " + ") for a, b in result.repeats if a in group and b in group]
        if again:
            notes.append("partners before: " + "; ".join(again))
        gone = [m for m in group if m not in active]
        if gone:
            notes.append("left the challenge: " + who(gone, ", "))
        t.add_row(str(i), who(group, " + "), "; ".join(notes))
    n = len(repeats)
    if n == 0:
        verdict = "nobody is paired with a partner from an earlier challenge."
    else:
        pairs = f"{plural(n, 'pair')} of earlier partners"
        verdict = (
            f"{pairs}: no arrangement of these participants has fewer."
            if result.optimal
            else f"{pairs}: the fewest found (the search was capped; not proven minimal)."
        )
    people = sum(len(g) for g in result.groups)
    n = len(result.groups)
    summary = Text(f"{plural(n, 'group')}, {plural(people, 'person', 'people')}; {verdict}")
    return Group(t, summary)
