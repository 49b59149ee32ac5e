"""The challenge report and the community dashboard in the terminal (Rich)."""

from __future__ import annotations

import os
from datetime import date

from rich import box
from rich.columns import Columns
from rich.console import Console
from rich.padding import Padding
from rich.table import Table
from rich.text import Text

from copkit.plural import plural
from copkit.render.report_markdown import (
    KIND_HEADERS,
    bar_cells,
    completion_note,
    finishers_note,
    kind_rows,
    md,
    minutes_note,
    more_note,
    nobody_note,
    pace_note,
    participation_note,
    pct,
    provisional_note,
    resonated,
    sparkline,
    the_days,
    waiting_note,
)
from copkit.services.reports import (
    ChallengeLine,
    ChallengeReport,
    Dashboard,
    DayFigures,
    shown_highlights,
)

HIGHLIGHTS_SHOWN = 10
TAGS_SHOWN = 10
NAMES_SHOWN = 8
BAR = {"done": "█", "partial": "▒", "skipped": "░", "missing": "·"}
STYLE = {"done": "green", "partial": "yellow", "skipped": "red", "missing": "dim"}


def _fancy(console: Console) -> bool:
    return console.is_terminal and not os.environ.get("NO_COLOR")


def _table(console: Console, *columns: str, **kwargs: object) -> Table:
    """House style: rounded boxes in a terminal, plain columns when piped or written to a file."""
    fancy = _fancy(console)
    t = Table(
        box=box.ROUNDED if fancy else box.SIMPLE,
        header_style="bold" if fancy else "",
        **kwargs,  # type: ignore[arg-type]
    )
    for c in columns:
        t.add_column(c)
    return t


ID_WIDTH_CAP = 32  # an id longer than this may still fold: the title beside it says what it is


def _fit_ids(table: Table, column: int, ids: list[str]) -> None:
    """Widen the column that shows ids so no id is broken mid-word (ids have no spaces)."""
    if ids:
        table.columns[column].min_width = min(max(map(len, ids)), ID_WIDTH_CAP)


def _heading(console: Console, text: str, note: str = "") -> None:
    console.print()
    line = Text(text, style="bold")
    if note:
        line.append(f"  {note}", style="dim")
    console.print(line)


def _grid() -> Table:
    g = Table.grid(padding=(0, 2))
    g.add_column(style="bold", no_wrap=True)
    g.add_column(overflow="fold")
    return g


def _items(console: Console, items: list[Text], numbered: bool = False) -> None:
    """A bulleted or numbered list whose lines wrap under their own text."""
    g = Table.grid(padding=(0, 1))
    g.add_column(no_wrap=True, justify="right")
    g.add_column(overflow="fold")
    for i, item in enumerate(items, 1):
        g.add_row(f"{i}." if numbered else "•", item)
    console.print(Padding(g, (0, 0, 0, 2)))


def _names(names: list[str], limit: int = NAMES_SHOWN) -> str:
    if len(names) <= limit:
        return ", ".join(names)
    return ", ".join(names[:limit]) + f" and {len(names) - limit} more"


def meter(value: float, width: int) -> Text:
    """A horizontal bar for a share between 0 and 1."""
    filled = round(max(0.0, min(1.0, value)) * width)
    bar = Text("█" * filled, style="green")
    bar.append("░" * (width - filled), style="dim")
    return bar


def day_bar(day: DayFigures, participants: int, width: int) -> Text:
    """Done, partial and skipped entries of a day, scaled to the participants."""
    cells = bar_cells((day.done, day.partial, day.skipped), participants, width)
    bar = Text()
    for status, n in zip(("done", "partial", "skipped"), cells, strict=True):
        bar.append(BAR[status] * n, style=STYLE[status])
    bar.append(BAR["missing"] * (width - sum(cells)), style="dim")
    return bar


# ---- challenge report ---------------------------------------------------------------------


def print_challenge(console: Console, r: ChallengeReport) -> None:
    width = console.width
    title = Text(f"{r.title}: report-back", style="bold")
    console.print(title)
    facts = [f"{r.challenge}", f"{r.start} to {r.end} ({r.span})"]
    if r.template:
        facts.append(f"from {r.template.label}")
    if r.meetup_date:
        facts.append(
            f"meetup {r.meetup_date}" + (f" at {r.meetup_where}" if r.meetup_where else "")
        )
    console.print(" · ".join(facts), markup=False, highlight=False)
    if r.provisional:
        console.print(Text(f"Provisional. {provisional_note(r)}", style="bold yellow"))
    if r.mantra:
        console.print(Text(f"“{r.mantra}”", style="italic dim"))

    _heading(console, "Headline")
    g = _grid()
    g.add_row("Participants", participation_note(r))
    total = sum(r.entries.values())
    g.add_row(
        "Entries",
        f"{total:,}: {r.entries['done']:,} done · {r.entries['partial']:,} partial · "
        f"{r.entries['skipped']:,} skipped",
    )
    g.add_row("Minutes", minutes_note(r, " · "))
    g.add_row("Finishers", finishers_note(r))
    g.add_row(
        "Check-ins", f"{plural(r.checkins, 'entry', 'entries')} say they checked in with a partner"
    )
    if r.mood_mean is not None:
        g.add_row("Mood", f"{r.mood_mean:.1f} of 5 on average")
    console.print(Padding(g, (0, 0, 0, 2)))

    if waiting := waiting_note(r):
        console.print()
        console.print(Text(waiting))
        return

    _day_chart(console, r, width)
    _resonated(console, r)
    _kinds(console, r)
    _streaks(console, r)
    _pairs(console, r, width)
    _highlights(console, r, width)
    _closing(console, r)


def _day_chart(console: Console, r: ChallengeReport, width: int) -> None:
    legend = "█ done  ▒ partial  ░ skipped  · no entry"
    _heading(console, "Day by day", legend)
    bar_width = max(10, min(30, width // 6))
    dated = r.schedule is not None  # real dates beside the days, when they skip some
    headers = ["Day", *(["Date"] if dated else []), "Kind", "Activity", "Entries", "Did it"]
    t = _table(console, *headers)
    k = 1 if dated else 0
    t.columns[0].justify = "right"
    t.columns[0].min_width = len(str(r.length))
    if dated:
        t.columns[1].no_wrap = True
    t.columns[1 + k].min_width = 8
    t.columns[2 + k].overflow = "fold"
    t.columns[2 + k].max_width = max(12, min(60, width - bar_width - 33 - 12 * k))
    t.columns[3 + k].no_wrap = True
    t.columns[3 + k].min_width = bar_width
    t.columns[4 + k].justify = "right"
    t.columns[4 + k].no_wrap = True
    for d in r.days:
        if d.elapsed:
            bar = day_bar(d, r.participants, bar_width)
            share = f"{d.done + d.partial}/{r.participants} {pct(d.rate):>4}"
        else:
            bar, share = Text("to come", style="dim"), ""
        when = [f"{d.date:%a %d %b}"] if dated else []
        t.add_row(str(d.day), *when, d.kind, Text(d.title or "(not filled in)"), bar, share)
    console.print(t)
    if r.mood_by_day:
        _heading(console, "Mood over the month", "mean mood per day, 1 (low) to 5 (high)")
        moods = [d.mood for d in r.days]
        chunk = max(10, width - 12)
        for i in range(0, len(moods), chunk):
            part = moods[i : i + chunk]
            line = Text(f"  day {i + 1:>3} ", style="dim")
            line.append(sparkline(part), style="cyan")
            line.append(f" {i + len(part)}", style="dim")
            console.print(line)


def _resonated(console: Console, r: ChallengeReport) -> None:
    rows = resonated(r)
    if not any(days for _, days in rows):
        return
    _heading(console, "What resonated", "by completion and by mood")
    t = _table(console, "", "Day", "Activity", "Done", "Mood")
    t.columns[0].style = "bold"
    t.columns[0].no_wrap = True
    t.columns[1].justify = "right"
    t.columns[2].overflow = "fold"
    t.columns[2].ratio = 1
    t.columns[3].justify = "right"
    t.columns[4].justify = "right"
    for label, days in rows:
        for i, d in enumerate(days):
            t.add_row(
                label if i == 0 else "",
                str(d.day),
                Text(d.title or d.kind),
                pct(d.rate),
                f"{d.mood:.1f}" if d.mood is not None else "",
            )
    console.print(t)


def _kinds(console: Console, r: ChallengeReport) -> None:
    _heading(console, "Results by kind")
    t = _table(console, *KIND_HEADERS)
    for c in t.columns[1:]:
        c.justify = "right"
    for row in kind_rows(r):
        t.add_row(*row)
    console.print(t)


def _streaks(console: Console, r: ChallengeReport) -> None:
    _heading(console, "Streaks")
    g = _grid()
    top = ", ".join(f"{r.name(m)} {plural(s, 'day')}" for m, s in r.longest_streaks[:5])
    g.add_row("Longest", top or "none yet")
    if r.provisional:
        g.add_row("On a streak now", f"{len(r.kept_going)} of {r.participants}")
    else:
        g.add_row(
            "Kept going to the end",
            f"{len(r.kept_going)} of {r.participants}"
            + (f": {_names(list(map(r.name, r.kept_going)))}" if r.kept_going else ""),
        )
    if r.finishers:
        g.add_row("Finishers", _names(list(map(r.name, r.finishers))))
    console.print(Padding(g, (0, 0, 0, 2)))


def _pairs(console: Console, r: ChallengeReport, width: int) -> None:
    if not r.pairs:
        return
    _heading(console, "Accountability partners", f"{plural(r.checkins, 'check-in')} in all")
    console.print(
        Text(
            f"  Completion: the group's mean share of {the_days(r.length)} done or partial.",
            style="dim",
        )
    )
    t = _table(console, "Partners", "Completion", "", "Check-ins")
    t.columns[0].overflow = "fold"
    t.columns[1].no_wrap = True
    t.columns[2].justify = "right"
    t.columns[3].justify = "right"
    for p in r.pairs:
        t.add_row(
            Text(
                " + ".join(
                    f"{r.name(m)} (not taking part)" if m in p.away else r.name(m)
                    for m in p.members
                )
            ),
            meter(p.completion, 10 if width < 100 else 20),
            pct(p.completion),
            str(p.checkins),
        )
    console.print(t)
    if r.unpaired:
        console.print(
            Text(
                f"  Not paired: {_names(list(map(r.name, r.unpaired)))}  "
                f"(copkit challenge pair {r.challenge} --late)"
            )
        )


def _highlights(console: Console, r: ChallengeReport, width: int) -> None:
    from copkit.render import words

    if r.tags:
        _heading(console, "Top tags")
        tags = [Text(f"{t} ({c})") for t, c in r.tags[:TAGS_SHOWN]]
        console.print(Padding(Columns(tags, padding=(0, 2)), (0, 0, 0, 2)))
    if not r.highlights:
        return
    shown = shown_highlights(r, HIGHLIGHTS_SHOWN)
    note = ""
    if len(shown) < len(r.highlights):
        note = f"{len(shown)} of {len(r.highlights)}; --format markdown shows more"
    _heading(console, "Highlights", note)
    for h in shown:
        head = Text(f"Day {h.day}", style="bold")
        if h.title:
            head.append(f" · {h.title}")
        head.append(f" · {r.name(h.member)}", style="cyan")
        console.print(Padding(head, (1, 0, 0, 2)))
        body = words.terminal(h.excerpt) if h.excerpt else Text("(no text)", style="dim")
        console.print(Padding(body, (0, 0, 0, 4)))
        if h.cut:
            console.print(Padding(Text(more_note(h), style="dim"), (0, 0, 0, 4)))


def _closing(console: Console, r: ChallengeReport) -> None:
    from copkit.render import words

    if r.learned:
        _heading(console, "What we learned", "from the highlights")
        lines = [f"- {h.excerpt} *({md(r.name(h.member))}, day {h.day})*" for h in r.learned]
        console.print(Padding(words.terminal("\n".join(lines)), (0, 0, 0, 2)))
    _heading(console, "For the meetup", "questions to open the discussion")
    _items(console, [Text(q) for q in r.questions], numbered=True)


# ---- dashboard ----------------------------------------------------------------------------


def print_dashboard(console: Console, d: Dashboard) -> None:
    head = Text(d.community, style="bold")
    if d.domain:
        head.append(f" · {d.domain}")
    console.print(head)
    console.print(
        f"{d.as_of} · {plural(d.members, 'member')}", markup=False, highlight=False, style="dim"
    )
    if d.empty:
        console.print()
        for line in empty_lines(d):
            console.print(line, markup=False, highlight=False)
        return
    _charters(console, d)
    _running(console, d)
    _upcoming_challenges(console, d)
    _past(console, d)
    _events(console, d)
    _next_steps(console, d)


def empty_lines(d: Dashboard) -> list[str]:
    """What a brand-new community sees: nothing yet, and the first commands to try."""
    lines = ["Nothing here yet: no charters and no challenges. Try:"]
    if not d.members:
        lines.append("  copkit member add <you> --name 'Your Name'        add yourself")
    lines += [
        "  copkit challenge templates                       browse ready-made 30-day challenges",
        "  copkit challenge new <id> --start <date> --template devops",
        "  copkit charter new <id> --title '...'              propose a project",
    ]
    return lines


def seats_text(n: int) -> str:
    return f"looking for volunteers ({plural(n, 'seat')})"


def _charters(console: Console, d: Dashboard) -> None:
    overdue = sum(c.overdue for c in d.charters)
    _heading(
        console,
        "Charters",
        f"{plural(len(d.charters), 'project')}" + (f", {overdue} overdue" if overdue else ""),
    )
    if not d.charters:
        console.print("  none yet: copkit charter new <id> proposes one", markup=False)
        return
    wide = console.width >= 120
    columns = ("Status", "Charter", "Title") if wide else ("Status", "Charter")
    t = _table(console, *columns, "Lead", "Next report")
    t.columns[0].no_wrap = True
    t.columns[1].no_wrap = wide
    t.columns[1].overflow = "fold"
    t.columns[2 if wide else 1].ratio = 1
    t.columns[-1].no_wrap = True
    _fit_ids(t, 1, [c.charter for c in d.charters])
    for c in d.charters:
        if c.next_report_due is None:
            due = Text("")
        elif c.overdue:
            due = Text(f"{c.next_report_due} OVERDUE", style="bold red")
        else:
            due = Text(str(c.next_report_due))
        cells: list[str | Text]
        if wide:
            cells = [c.charter, Text(c.title)]
        else:
            name = Text(c.title)
            name.append(f"\n{c.charter}", style="dim")
            cells = [name]
        lead = d.name(c.lead) if c.lead else ""
        if c.open_seats:  # a requested charter asks the community for volunteers
            lead = (lead + "\n" if lead else "") + seats_text(c.open_seats)
        t.add_row(c.status, *cells, lead, due)
    console.print(t)


def _running(console: Console, d: Dashboard) -> None:
    if not d.running:
        return
    _heading(console, "Running challenges")
    width = 20 if console.width >= 100 else 10
    for i, c in enumerate(d.running):
        if i:
            console.print()
        console.print(Padding(Text.assemble((c.title, "bold"), f" ({c.challenge})"), (0, 0, 0, 2)))
        g = _grid()
        g.add_row("Day", f"{c.day} of {c.length}, until {c.end}")
        g.add_row(
            "Taking part",
            f"{c.participants:,} of {plural(d.members, 'member')} ({pct(c.participation_rate)})",
        )
        pace = meter(c.pace, width).append(" ") if c.member_days else Text()
        g.add_row("Pace", pace.append(pace_note(c)))
        g.add_row("Completion", meter(c.completion, width).append(f" {completion_note(c)}"))
        if c.needs_nudge:
            g.add_row("Needs a nudge", _nudge_text(c, d))
        elif c.participants:
            g.add_row("Needs a nudge", nobody_note(c))
        console.print(Padding(g, (0, 0, 0, 4)))


def _nudge_text(c: ChallengeLine, d: Dashboard) -> Text:
    out = Text()
    for i, n in enumerate(c.needs_nudge[:NAMES_SHOWN]):
        if i:
            out.append("\n")
        out.append(d.name(n.member), style="yellow")
        out.append(f" silent {plural(n.days_silent, 'day')}")
        if n.partners:
            out.append(f"; ask {' or '.join(map(d.name, n.partners))} to check in", style="dim")
    more = len(c.needs_nudge) - NAMES_SHOWN
    if more > 0:
        out.append(f"\nand {more} more: copkit challenge nudge {c.challenge}", style="dim")
    return out


def _upcoming_challenges(console: Console, d: Dashboard) -> None:
    if not d.upcoming_challenges:
        return
    _heading(console, "Upcoming challenges")
    t = _table(console, "Challenge", "Title", "Starts", "Days", "Joined")
    t.columns[1].overflow = "fold"
    t.columns[2].no_wrap = True
    t.columns[3].justify = "right"
    t.columns[4].justify = "right"
    for c in d.upcoming_challenges:
        t.add_row(c.challenge, Text(c.title), str(c.start), str(c.length), f"{c.participants:,}")
    console.print(t)


def _past(console: Console, d: Dashboard) -> None:
    if not d.past:
        return
    _heading(console, "Past challenges")
    t = _table(console, "Challenge", "Ended", "Took part", "Finishers")
    t.columns[0].overflow = "fold"
    t.columns[1].no_wrap = True
    t.columns[2].justify = "right"
    t.columns[3].overflow = "fold"
    t.columns[3].ratio = 1
    _fit_ids(t, 0, [c.challenge for c in d.past])
    for c in d.past:
        finishers = f"{len(c.finishers)}" + (
            f": {_names(list(map(d.name, c.finishers)))}" if c.finishers else ""
        )
        name = Text(c.title)
        name.append(f"\n{c.challenge}", style="dim")
        t.add_row(name, str(c.end), f"{c.participants:,}", finishers)
    console.print(t)


def _events(console: Console, d: Dashboard) -> None:
    _heading(console, "Coming up", f"next {d.horizon_days} days")
    if not d.upcoming:
        console.print("  nothing scheduled", markup=False)
        return
    t = _table(console, "Date", "When", "What")
    t.columns[0].no_wrap = True
    t.columns[1].no_wrap = True
    t.columns[2].overflow = "fold"
    for e in d.upcoming:
        what = Text(e.what)
        if e.where:
            what.append(f" ({e.where})", style="dim")
        t.add_row(f"{e.date:%a} {e.date}", _days_until(d.today, e.date), what)
    console.print(t)


def _next_steps(console: Console, d: Dashboard) -> None:
    """A few commands to go further from here, for the newcomer who ran this first."""
    steps = []
    if d.running:
        c = d.running[0].challenge
        steps += [f"copkit challenge today {c}", f"copkit challenge progress {c}"]
    if d.past:
        steps.append(f"copkit challenge report {d.past[0].challenge}")
    if d.charters:
        steps.append(f"copkit charter show {d.charters[0].charter}")
    _heading(console, "Try next")
    for step in steps[:3]:
        console.print(Text(f"  {step}"), soft_wrap=True)


def _days_until(today: date, when: date) -> str:
    days = (when - today).days
    return "today" if days == 0 else ("tomorrow" if days == 1 else f"{days} days")
