"""Markdown report-backs: the challenge report and the dashboard, plus the building blocks
(escaping, tables, text bars) other Markdown summaries share."""

from __future__ import annotations

import re
from collections.abc import Sequence

from copkit.plural import plural
from copkit.render import words
from copkit.services.nudge import DEFAULT_DAYS
from copkit.services.reports import (
    ChallengeLine,
    ChallengeReport,
    Dashboard,
    DayFigures,
    Highlight,
    shown_highlights,
)

HIGHLIGHTS_SHOWN = 30
TAGS_SHOWN = 15
SPARKS = "▁▂▃▄▅▆▇█"

# Characters that could start Markdown or HTML syntax inside running text. `_` only matters
# unless it sits between two letters or digits (CommonMark ignores it inside words), so
# snake_case stays readable.
_SPECIAL = re.compile(r"[\\`*\[\]<>|#~]|(?<![^\W_])_|_(?![^\W_])|&(?=#?\w+;)")


# What would open a block at a line's start: a list item (-, +, 1., 1)), a heading underline
# or a thematic break (=, -). Escaping the punctuation is harmless anywhere else.
_BLOCK_START = re.compile(r"^(\d*)([-+=.)])")


def md(text: str | None) -> str:
    """User text made safe for one line of Markdown: syntax escaped, line breaks folded."""
    if not text:
        return ""
    escaped = _SPECIAL.sub(lambda m: "\\" + m.group(0), " ".join(text.split()))
    return _BLOCK_START.sub(r"\1\\\2", escaped, count=1)


def md_table(
    headers: Sequence[str], rows: Sequence[Sequence[str]], right: Sequence[int] = ()
) -> str:
    """A GitHub-flavoured Markdown table; cells must already be escaped with `md`.
    `right` lists the columns aligned right (numbers)."""
    rule = ["---:" if i in right else "---" for i in range(len(headers))]
    lines = ["| " + " | ".join(headers) + " |", "| " + " | ".join(rule) + " |"]
    lines += ["| " + " | ".join(cell or " " for cell in row) + " |" for row in rows]
    return "\n".join(lines)


def text_bar(value: float, width: int = 10) -> str:
    filled = round(max(0.0, min(1.0, value)) * width)
    return "█" * filled + "░" * (width - filled)


def pct(value: float) -> str:
    return f"{value:.0%}"


def _doc(blocks: list[str]) -> str:
    return "\n\n".join(b.rstrip("\n") for b in blocks if b) + "\n"


# ---- challenge report ---------------------------------------------------------------------


def bar_cells(parts: Sequence[int], total: int, width: int) -> list[int]:
    """How many of `width` cells each part of `total` fills, rounding so the cells add up."""
    cells, used, running = [], 0, 0
    for count in parts:
        running += count
        n = round(running / total * width) - used if total else 0
        cells.append(n)
        used += n
    return cells


def sparkline(moods: Sequence[float | None]) -> str:
    """One character per day for a mean mood from 1 to 5; a space where nobody gave one."""
    return "".join(
        " " if v is None else SPARKS[min(len(SPARKS) - 1, int((v - 1) / 4 * len(SPARKS)))]
        for v in moods
    )


def _day_bar(d: DayFigures, participants: int, width: int = 10) -> str:
    cells = bar_cells((d.done, d.partial, d.skipped), participants, width)
    return "".join(c * n for c, n in zip("█▒░", cells, strict=True)) + "·" * (width - sum(cells))


def challenge_markdown(r: ChallengeReport) -> str:
    """The report-back for the meetup, as Markdown with headings, tables and text charts."""
    b: list[str] = [f"# {md(r.title)}: report-back"]
    facts = [f"`{r.challenge}`", f"{r.start} to {r.end} ({r.span})"]
    if r.template:
        facts.append(f"from {md(r.template.label)}")
    if r.meetup_date:
        facts.append(
            f"meetup {r.meetup_date}" + (f" at {md(r.meetup_where)}" if r.meetup_where else "")
        )
    b.append(" · ".join(facts))
    if r.provisional:
        b.append(f"> **Provisional.** {provisional_note(r)}")
    if r.mantra:
        b.append(f"*“{md(r.mantra)}”*")

    b.append("## Headline")
    rows = [
        ["Members", f"{r.members:,}"],
        ["Participants", participation_note(r)],
        [
            "Entries",
            f"{sum(r.entries.values()):,}: {r.entries['done']:,} done, "
            f"{r.entries['partial']:,} partial, {r.entries['skipped']:,} skipped",
        ],
        [
            "Minutes",
            minutes_note(r),
        ],
        ["Finishers", finishers_note(r)],
        ["Partner check-ins", f"{r.checkins:,}"],
    ]
    if r.mood_mean is not None:
        rows.append(["Mood", f"{r.mood_mean:.1f} of 5 on average"])
    b.append(md_table(["Figure", "Value"], rows))

    if waiting := waiting_note(r):
        b.append(md(waiting))
        return _doc(b)

    b.append("## Day by day")
    b.append(
        "Each bar shows the participants: █ done, ▒ partial, ░ skipped, · no entry. "
        "*Did it* counts days done or partial."
    )
    day_rows = []
    for d in r.days:
        if d.elapsed:
            counts = [str(d.done), str(d.partial), str(d.skipped), pct(d.rate)]
            bar = f"`{_day_bar(d, r.participants)}`"
            mood = f"{d.mood:.1f}" if d.mood is not None else ""
        else:
            counts, bar, mood = ["", "", "", "to come"], "", ""
        day_rows.append(
            [
                str(d.day),
                f"{d.date:%a %d %b}",
                d.kind,
                md(d.title) or "*(not filled in)*",
                *counts,
                mood,
                bar,
            ]
        )
    b.append(
        md_table(
            [
                "Day",
                "Date",
                "Kind",
                "Activity",
                "Done",
                "Partial",
                "Skipped",
                "Did it",
                "Mood",
                "Chart",
            ],
            day_rows,
            right=(0, 4, 5, 6, 7, 8),
        )
    )
    if r.mood_by_day:
        b.append("## Mood over the month")
        b.append(
            "Mean mood per day, from 1 (low) to 5 (high)"
            + (f"; {r.mood_mean:.1f} on average." if r.mood_mean is not None else ".")
        )
        b.append(f"```text\nday 1 {sparkline([d.mood for d in r.days])} day {r.length}\n```")

    if any(days for _, days in resonated(r)):
        b.append("## What resonated")
        rows = []
        for label, days in resonated(r):
            for i, d in enumerate(days):
                rows.append(
                    [
                        f"**{label}**" if i == 0 else "",
                        str(d.day),
                        md(d.title) or d.kind,
                        d.kind,
                        pct(d.rate),
                        f"{d.mood:.1f}" if d.mood is not None else "",
                    ]
                )
        b.append(md_table(["", "Day", "Activity", "Kind", "Did it", "Mood"], rows, right=(1, 4, 5)))

    b.append("## Results by kind")
    b.append(
        md_table(
            list(KIND_HEADERS),
            kind_rows(r),
            right=(1, 2, 3, 4, 5, 6),
        )
    )

    b.append("## Streaks")
    lines = []
    if r.longest_streaks:
        top = ", ".join(f"{md(r.name(m))} ({plural(s, 'day')})" for m, s in r.longest_streaks[:5])
        lines.append(f"- **Longest:** {top}")
    if r.provisional:
        lines.append(f"- **On a streak now:** {len(r.kept_going)} of {r.participants}")
    else:
        names = f": {_people(r, r.kept_going)}" if r.kept_going else ""
        lines.append(
            f"- **Kept going to the last day:** {len(r.kept_going)} of {r.participants}{names}"
        )
    if r.finishers:
        lines.append(f"- **Finishers:** {_people(r, r.finishers)}")
    b.append("\n".join(lines))

    if r.pairs:
        b.append("## Accountability partners")
        b.append(
            f"{plural(r.checkins, 'entry', 'entries')} record a check-in with a partner. "
            f"Completion is the group's mean share of {the_days(r.length)} done or partial."
        )
        b.append(
            md_table(
                ["Partners", "Completion", "", "Check-ins"],
                [
                    [
                        " + ".join(
                            f"{md(r.name(m))} (not taking part)" if m in p.away else md(r.name(m))
                            for m in p.members
                        ),
                        f"`{text_bar(p.completion)}`",
                        pct(p.completion),
                        str(p.checkins),
                    ]
                    for p in r.pairs
                ],
                right=(2, 3),
            )
        )
        if r.unpaired:
            b.append(f"Not paired: {_people(r, r.unpaired)}.")

    if r.tags:
        b.append("## Top tags")
        b.append(", ".join(f"{md(t)} ({c})" for t, c in r.tags[:TAGS_SHOWN]))

    if r.highlights:
        b.append("## Highlights")
        shown = shown_highlights(r, HIGHLIGHTS_SHOWN)
        if len(shown) < len(r.highlights):
            b.append(
                f"{len(shown)} of {len(r.highlights)} highlights, spread over the month; "
                "`--format json` lists them all."
            )
        for h in shown:
            head = (
                f"**Day {h.day}**"
                + (f" · {md(h.title)}" if h.title else "")
                + f" · *{md(r.name(h.member))}*"
            )
            quoted = words.markdown_block(h.excerpt) if h.excerpt else "*(no text)*"
            if h.cut:
                quoted += f"\n\n*{md(more_note(h))}*"
            b.append(f"{head}\n\n" + "\n".join(f"> {line}".rstrip() for line in quoted.split("\n")))

    if r.learned:
        b.append("## What we learned")
        b.append(
            "\n".join(
                f"- {words.markdown_inline(h.excerpt)} ({md(r.name(h.member))}, day {h.day})"
                for h in r.learned
            )
        )
    b.append("## For the meetup")
    b.append("\n".join(f"{i}. {md(q)}" for i, q in enumerate(r.questions, 1)))
    b.append(f"---\n\n*Made with copkit on {r.today}.*")
    return _doc(b)


def _people(r: ChallengeReport, members: Sequence[str]) -> str:
    return ", ".join(md(r.name(m)) for m in members)


def more_note(h: Highlight) -> str:
    """Where the rest of a highlight cut short is: its file, or the report's --full."""
    return f"(more in {h.path}, or with --full)" if h.path else "(more with --full)"


def provisional_note(r: ChallengeReport) -> str:
    """Why the figures of a report run before the end will still change."""
    if r.status == "upcoming":
        return f"The challenge starts on {r.start}; nothing to report yet."
    return f"Day {r.elapsed} of {r.length}; the figures will change until the last day, {r.end}."


KIND_HEADERS = ("Kind", "Days", "Done", "Partial", "Skipped", "Done or partial", "Mood")


def kind_rows(r: ChallengeReport) -> list[list[str]]:
    """The cells of the results-by-kind table (no user text in them: safe in any format)."""
    return [
        [
            k.kind,
            str(k.days),
            f"{k.done:,}",
            f"{k.partial:,}",
            f"{k.skipped:,}",
            pct(k.rate),
            f"{k.mood:.1f}" if k.mood is not None else "",
        ]
        for k in r.by_kind
    ]


def resonated(r: ChallengeReport) -> list[tuple[str, list[DayFigures]]]:
    """The activities that resonated most and least, by completion and by mood, labelled."""
    return [
        ("Most done", r.most_done),
        ("Least done", r.least_done),
        ("Best mood", r.best_mood),
        ("Lowest mood", r.worst_mood),
    ]


def waiting_note(r: ChallengeReport) -> str | None:
    """What a report says instead of charts when there is nothing to chart yet."""
    if not r.participants:
        return f"Nobody has joined yet. Members join with: copkit challenge join {r.challenge} --as <member>"
    if not r.elapsed:
        return (
            f"Nothing to report before the first day, {r.start}; {r.participants:,} joined so far."
        )
    return None


def participation_note(r: ChallengeReport) -> str:
    """Participants out of members, saying plainly that not everyone takes part."""
    text = f"{r.participants:,} of {plural(r.members, 'member')} ({pct(r.participation_rate)})"
    if r.participants < r.members:
        text += "; taking part is optional, and not everyone did"
    return text


def minutes_note(r: ChallengeReport, sep: str = ", ") -> str:
    """Minutes in total and the median per entry that gives them; "none recorded" when no
    entry gives minutes (a 0 there read as if members had spent no time)."""
    if r.minutes_median is None:
        return "none recorded" + (" yet" if r.provisional else "")
    return f"{r.minutes_total:,} in total{sep}median {r.minutes_median:g} per entry"


def finishers_note(r: ChallengeReport) -> str:
    """Finishers out of participants, with the threshold that makes one."""
    did = "have done" if r.provisional else "did"
    text = (
        f"{len(r.finishers):,} of {r.participants:,} {did} at least {pct(r.finish_threshold)} "
        f"of the days ({r.finish_threshold * r.length:g} of {r.length})"
    )
    return text + " so far" if r.provisional else text


# ---- dashboard ----------------------------------------------------------------------------


def pace_note(c: ChallengeLine) -> str:
    """The pace of a running challenge in words: its share of the days so far."""
    if not c.member_days:
        return "none yet: today counts once written"
    return f"{pct(c.pace)} of the days so far done or partial"


def completion_note(c: ChallengeLine) -> str:
    days = "the one day" if c.length == 1 else f"all {c.length:,} days"
    return f"{pct(c.completion)} of {days} done or partial"


def the_days(n: int) -> str:
    """`the 30 days`, `the one day`: a challenge's length after `share of`."""
    return "the one day" if n == 1 else f"the {n:,} days"


def nobody_note(c: ChallengeLine) -> str:
    """Why nobody needs a nudge: too early to tell, or everyone wrote lately."""
    if (c.day or 0) <= DEFAULT_DAYS:
        return f"nobody yet: on day {c.day} nobody can have been silent for {DEFAULT_DAYS} days"
    return f"nobody: everyone wrote in the last {DEFAULT_DAYS} days"


def dashboard_markdown(d: Dashboard) -> str:
    """The community dashboard as Markdown."""
    b = [f"# {md(d.community)}"]
    b.append(" · ".join(x for x in (md(d.domain), d.as_of, plural(d.members, "member")) if x))
    if d.empty:
        b.append("Nothing here yet: no charters and no challenges. Try:")
        steps = []
        if not d.members:
            steps.append("- `copkit member add <you> --name 'Your Name'` to add yourself")
        steps += [
            "- `copkit challenge templates` to browse ready-made 30-day challenges",
            "- `copkit challenge new <id> --start <date> --template devops` to start one",
            "- `copkit charter new <id>` to propose a project",
        ]
        b.append("\n".join(steps))
        return _doc(b)

    b.append("## Charters")
    if d.charters:
        b.append(
            md_table(
                ["Status", "Charter", "Title", "Lead", "Next report"],
                [
                    [
                        c.status,
                        f"`{c.charter}`",
                        md(c.title),
                        (md(d.name(c.lead)) if c.lead else "")
                        + (
                            f"{'; ' if c.lead else ''}looking for volunteers "
                            f"({plural(c.open_seats, 'seat')})"
                            if c.open_seats
                            else ""
                        ),
                        ""
                        if c.next_report_due is None
                        else f"**{c.next_report_due} overdue**"
                        if c.overdue
                        else str(c.next_report_due),
                    ]
                    for c in d.charters
                ],
            )
        )
    else:
        b.append("None yet: `copkit charter new <id>` proposes one.")

    if d.running:
        b.append("## Running challenges")
        for c in d.running:
            lines = [
                f"### {md(c.title)} (`{c.challenge}`)",
                "",
                f"- **Day:** {c.day} of {c.length}, until {c.end}",
                f"- **Taking part:** {c.participants:,} of {plural(d.members, 'member')} "
                f"({pct(c.participation_rate)})",
                f"- **Pace:** {pace_note(c)}",
                f"- **Completion:** `{text_bar(c.completion)}` {completion_note(c)}",
            ]
            if c.needs_nudge:
                lines.append("- **Needs a nudge:**")
                for n in c.needs_nudge:
                    ask = " or ".join(md(d.name(p)) for p in n.partners)
                    ask = f"; ask {ask} to check in" if ask else ""
                    lines.append(
                        f"  - {md(d.name(n.member))}: silent {plural(n.days_silent, 'day')}{ask}"
                    )
            elif c.participants:
                lines.append(f"- **Needs a nudge:** {nobody_note(c)}")
            b.append("\n".join(lines))

    if d.upcoming_challenges:
        b.append("## Upcoming challenges")
        b.append(
            md_table(
                ["Challenge", "Title", "Starts", "Days", "Joined"],
                [
                    [
                        f"`{c.challenge}`",
                        md(c.title),
                        str(c.start),
                        str(c.length),
                        f"{c.participants:,}",
                    ]
                    for c in d.upcoming_challenges
                ],
                right=(3, 4),
            )
        )

    if d.past:
        b.append("## Past challenges")
        b.append(
            md_table(
                ["Challenge", "Title", "Ended", "Took part", "Finishers"],
                [
                    [
                        f"`{c.challenge}`",
                        md(c.title),
                        str(c.end),
                        f"{c.participants:,}",
                        f"{len(c.finishers)}"
                        + (
                            f": {', '.join(md(d.name(m)) for m in c.finishers)}"
                            if c.finishers
                            else ""
                        ),
                    ]
                    for c in d.past
                ],
                right=(3,),
            )
        )

    b.append(f"## Coming up in the next {d.horizon_days} days")
    if d.upcoming:
        b.append(
            md_table(
                ["Date", "What", "Where"],
                [[f"{e.date} ({e.date:%a})", md(e.what), md(e.where)] for e in d.upcoming],
            )
        )
    else:
        b.append("Nothing scheduled.")
    return _doc(b)
