"""Charters for people: the list table, the show panel, prompts for `charter new`, and the
Markdown report-back of `charter summary`."""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence
from datetime import date
from typing import Any, TypeVar

from rich.console import Group, RenderableType
from rich.padding import Padding
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from copkit.errors import CopkitError
from copkit.model.charter import Charter, SignUp
from copkit.plural import plural
from copkit.render import console
from copkit.services.charters import (
    Standing,
    milestone_late,
    next_steps,
    open_seats,
    standing,
)

T = TypeVar("T")

STATUS_STYLE = {
    "draft": "dim",
    "proposed": "yellow",
    "chartered": "cyan",
    "active": "green",
    "completed": "blue",
    "cancelled": "red",
}
KIND_LABEL = {
    "practice-development": "practice development",
    "case-study": "case study",
    "pro-bono": "pro bono",
}


def _hours(h: float) -> str:
    return f"{h:g} h"


def status_text(status: str) -> Text:
    return Text(status, style=STATUS_STYLE.get(status, ""))


# ---- charter list ----------------------------------------------------------------------------


def charter_table(
    rows: Sequence[dict[str, Any]], *, title: str, names: Mapping[str, str] | None = None
) -> Table:
    """`charter list`: one row per charter, status coloured, overdue report-backs in red; the
    lead by name (`names`: member id -> name; the id when the file has none).

    The id, title and kind share the first column so that 80 columns are enough."""
    names = names or {}
    fancy = console.fancy()
    t = console.table(title=title, pad_edge=False, leading=1)
    t.add_column("Charter", ratio=1, min_width=20, overflow="fold")
    t.add_column("Status")
    t.add_column("Lead, team")
    t.add_column("Next report")
    for r in rows:
        cell = Text()
        cell.append(r["charter"], style="bold" if fancy else "")
        cell.append(f"\n{r['title']}")
        cell.append(f"\n{KIND_LABEL.get(r['kind'], r['kind'])}", style="dim")
        if r.get("open_seats"):
            cell.append("\n" + seats_text(r["open_seats"]), style="yellow" if fancy else "")
        n = r["team_size"]
        lead = r["lead"]
        team = Text(names.get(lead, lead) if lead else "no lead", style="" if lead else "dim")
        space = "\u00a0" if fancy else " "  # in a terminal, keep the figures on one line
        people = f"{plural(n, 'person', 'people')}, {r['hours_per_week']:g} h/wk"
        team.append("\n" + people.replace(" ", space), style="dim")
        due = r["next_report_due"]
        if due is None:
            due_cell = Text("-", style="dim")
        elif r["overdue"]:
            due_cell = Text(f"{due}\noverdue", style="bold red")
        else:
            due_cell = Text(due)
        t.add_row(cell, status_text(r["status"]), team, due_cell)
    return t


# ---- charter show ----------------------------------------------------------------------------


def _heading(text: str) -> Text:
    return Text(text, style="bold underline" if console.fancy() else "")


def _mark(done: bool) -> Text:
    """A done / not done mark; plain output uses [x] and [ ] so it survives copy and paste."""
    if console.fancy():
        return Text("✓", style="green") if done else Text("○")
    return Text("[x]" if done else "[ ]")


def _grid(*justify: str) -> Table:
    g = Table.grid(padding=(0, 2))
    for j in justify:
        g.add_column(justify=j)  # type: ignore[arg-type]
    return g


def _facts(rows: Sequence[tuple[str, Text | Table | None]]) -> Table:
    """Label and value pairs; empty values are left out. Values are Text, never markup."""
    grid = Table.grid(padding=(0, 2))
    grid.add_column(style="bold" if console.fancy() else "", no_wrap=True)
    grid.add_column(ratio=1)
    for label, value in rows:
        if value is not None and (not isinstance(value, Text) or value.plain):
            grid.add_row(label, value)
    return grid


_LIST_ITEM = re.compile(r"^\s*(?:[-*+]|\d+[.)])\s")


def prose(text: str) -> str:
    """Text written as Markdown, reflowed for the terminal: the lines of a paragraph join
    (a single line break is soft in Markdown), list items and blank lines stay."""
    out: list[str] = []
    for line in text.strip().splitlines():
        if out and line.strip() and out[-1].strip() and not _LIST_ITEM.match(line):
            out[-1] = f"{out[-1].rstrip()} {line.strip()}"
        else:
            out.append(line.rstrip())
    return "\n".join(out)


def _opt(text: str | None) -> Text | None:
    return Text(prose(text)) if text else None


def _money(amount: float | None, currency: str | None) -> str:
    if amount is None:
        return ""
    text = f"{amount:,.2f}".removesuffix(".00")
    return f"{text} {currency}" if currency else text


def _timeline_text(charter: Charter, s: Standing) -> str | None:
    tl = charter.timeline
    if not tl.start and not tl.end:
        return None
    text = f"{tl.start or '?'} to {tl.end or 'open end'}"
    if s.days_elapsed is not None and charter.status in ("chartered", "active"):
        if s.days_total:
            share = s.timeline_share or 0
            text += f" (day {min(s.days_elapsed, s.days_total)} of {s.days_total}, {share:.0%})"
        else:
            text += f" (day {s.days_elapsed})"
    return text


ORIGIN_LABEL = {
    "members-proposed": "proposed by members",
    "community-requested": "requested by the community",
}
ROLE_LABEL = {"lead": "lead", "member": "member", "observer": "observer (no hours)"}


def seats_text(n: int) -> str:
    """How the list, the panel and the dashboard say a charter wants volunteers."""
    return f"looking for volunteers ({plural(n, 'seat')})"


def charter_panel(
    cid: str,
    charter: Charter,
    today: date,
    pending: Mapping[str, SignUp] | None = None,
    names: Mapping[str, str] | None = None,
) -> RenderableType:
    """`charter show`: everything about one charter, and what is due next. People by name
    (`names`: member id -> name); the team and sign-ups also give the id commands take."""
    pending = pending or {}
    names = names or {}

    def who(member: str) -> Text:
        name = names.get(member)
        text = Text(name or member)
        if name:
            text.append(f" ({member})", style="dim")
        return text

    s = standing(charter, today)
    fancy = console.fancy()
    running = charter.status in ("chartered", "active")
    parts: list[RenderableType] = []

    head = Text()
    if not fancy:
        head.append(f"{charter.title} ({cid})\n")
    head.append(charter.status, style=STATUS_STYLE.get(charter.status, ""))
    head.append(
        f" · {KIND_LABEL.get(charter.kind, charter.kind)}"
        f" · {ORIGIN_LABEL.get(charter.origin, charter.origin)}"
    )
    parts.append(head)

    funding = charter.sponsor.funding
    funding_text = None
    if funding:
        money = _money(funding.amount, funding.currency)
        funding_text = Text(funding.by + (f", {money}" if money else ""))
    scope = Text()
    if charter.scope.in_:
        scope.append("in: " + "; ".join(charter.scope.in_))
    if charter.scope.out:
        scope.append(("\n" if scope.plain else "") + "out: " + "; ".join(charter.scope.out))
    facts = _facts(
        [
            ("Issue", _opt(charter.issue)),
            ("Goal", _opt(charter.goal)),
            ("Scope", scope),
            ("Beneficiary", _opt(charter.beneficiary)),
            ("Case study of", _opt(charter.source_project)),
            ("Learning sponsor", _opt(charter.sponsor.learning)),
            ("Funding", funding_text),
        ]
    )
    if facts.row_count:
        parts.append(facts)

    if charter.findings:  # what a closed project brings back matters most
        parts.append(_section("Findings", Text(prose(charter.findings))))

    seats = open_seats(charter, pending)
    label = f"Team: {len(charter.team)}, {_hours(s.hours_per_week)} a week"
    if seats:
        label += f", {seats_text(seats)}"
    team = _grid("left", "left", "right")
    for m in charter.team:
        team.add_row(
            who(m.member), Text(ROLE_LABEL.get(m.role, m.role)), Text(_hours(m.hours_per_week))
        )
    parts.append(_section(label, team if charter.team else Text("nobody yet", style="dim")))
    if pending:
        signed = _grid("left", "left", "right", "left")
        for member, v in sorted(pending.items()):
            signed.add_row(
                who(member),
                Text(ROLE_LABEL.get(v.role, v.role)),
                Text(_hours(v.hours_per_week)),
                Text(f"since {v.date}" if v.date else ""),
            )
        parts.append(_section(f"Signed up, waiting to join the team: {len(pending)}", signed))

    reporting = []
    if charter.reporting.every_days:
        every = charter.reporting.every_days
        reporting.append("every day" if every == 1 else f"every {every} days")
    if charter.reporting.channel:
        reporting.append(f"at the {charter.reporting.channel}")
    due: Text | None = None
    if s.next_report_due:
        due = Text(str(s.next_report_due))
        if s.overdue:
            days = f"{plural(s.days_overdue, 'day')}"
            due = Text(f"{s.next_report_due}, overdue by {days}", style="bold red")
    milestones = Table.grid(padding=(0, 1))
    milestones.add_column(no_wrap=True)
    milestones.add_column(no_wrap=True)
    milestones.add_column()
    for ms in charter.timeline.milestones:
        late = not ms.done and ms.date < today and running
        milestones.add_row(
            _mark(ms.done),
            Text(str(ms.date)),
            Text(ms.name + (" (late)" if late else ""), style="red" if late else ""),
        )
    timeline = _facts(
        [
            ("Dates", _opt(_timeline_text(charter, s))),
            ("Reports", Text(" ".join(reporting))),
            ("Next report", due),
            ("Milestones", milestones if charter.timeline.milestones else None),
        ]
    )
    parts.append(
        _section(
            "Timeline",
            timeline if timeline.row_count else Text("no dates or cadence yet", style="dim"),
        )
    )

    if charter.reports:
        items: list[RenderableType] = []
        for r in reversed(charter.reports):  # the latest report-back matters most
            line = Text()
            line.append(str(r.date), style="bold" if fancy else "")
            if r.by:
                line.append(f"  {names.get(r.by, r.by)}")
            if r.final:
                line.append("  final report", style="bold" if fancy else "")
            notes = Table.grid(padding=(0, 1))
            notes.add_column(no_wrap=True, style="dim" if fancy else "")
            notes.add_column()
            notes.add_row("", Text(prose(r.summary)))
            if r.feedback:
                notes.add_row("feedback", _bullets(r.feedback, style="italic"))
            if r.next:
                notes.add_row("next", _bullets(r.next))
            if items:
                items.append(Text(""))
            items.append(line)
            items.append(notes)
        parts.append(_section(f"Report-backs: {len(charter.reports)}", Group(*items)))

    if charter.deliverables:
        d = Table.grid(padding=(0, 1))
        d.add_column(no_wrap=True)
        d.add_column()
        for x in charter.deliverables:
            name = Text(x.name)
            if x.url:
                name.append(f"\n{x.url}", style="dim")
            d.add_row(_mark(x.done), name)
        parts.append(
            _section(f"Deliverables: {s.deliverables_done} of {s.deliverables_total} done", d)
        )
    if charter.success_criteria:
        parts.append(_section("Success criteria", _bullets(charter.success_criteria)))
    if charter.risks:
        parts.append(_section("Risks", _bullets(charter.risks)))
    if charter.history:
        h = _grid("left", "left", "left")
        for e in charter.history:
            by = f"by {names.get(e.by, e.by)}" if e.by else ""
            h.add_row(Text(str(e.date)), status_text(e.status), Text(by))
        parts.append(_section("History", h))
    steps = next_steps(cid, charter, today, pending, lambda m: names.get(m, m))
    parts.append(
        _section("Next", _bullets(steps) if steps else Text(f"nothing: it is {charter.status}"))
    )

    body = Group(*_spaced(parts))
    if not fancy:
        return body
    return Panel(
        body,
        title=Text.assemble((charter.title, "bold"), f" ({cid})"),
        title_align="left",
        padding=(0, 1),
    )


def _section(label: str, content: RenderableType) -> Group:
    return Group(_heading(label), Padding(content, (0, 0, 0, 2)))


def _bullets(items: Sequence[str], style: str = "") -> Table:
    g = Table.grid(padding=(0, 1))
    g.add_column(no_wrap=True)
    g.add_column()
    for item in items:
        g.add_row(Text("•" if console.fancy() else "-"), Text(item.strip(), style=style))
    return g


def _spaced(parts: Sequence[RenderableType]) -> list[RenderableType]:
    out: list[RenderableType] = []
    for i, p in enumerate(parts):
        if i:
            out.append(Text(""))
        out.append(p)
    return out


# ---- prompts for charter new -----------------------------------------------------------------


def _input(label: str, default: str | None) -> str:
    from rich.prompt import Prompt

    try:
        answer = Prompt.ask(
            label, console=console.err(), default=default or "", show_default=bool(default)
        )
    except EOFError:
        raise CopkitError(f"no answer for {label!r} (input ended); nothing was written") from None
    return answer.strip()


def ask(
    label: str,
    parse: Callable[[str], T],
    *,
    default: str | None = None,
    required: bool = True,
) -> T | None:
    """Ask until `parse` accepts the answer (it raises CopkitError to refuse); None for an
    empty answer when not `required`."""
    while True:
        answer = _input(label if required else f"{label} (Enter to skip)", default)
        if not answer:
            if not required:
                return None
            console.err().print("  an answer is needed here", style="red", markup=False)
            continue
        try:
            return parse(answer)
        except CopkitError as e:
            console.err().print(f"  {e.message}", style="red", markup=False, highlight=False)


def ask_choice(label: str, choices: Sequence[str], default: str) -> str:
    from rich.prompt import Prompt

    try:
        return Prompt.ask(label, console=console.err(), choices=list(choices), default=default)
    except EOFError:
        raise CopkitError(f"no answer for {label!r} (input ended); nothing was written") from None


def confirm(label: str, default: bool = False) -> bool:
    from rich.prompt import Confirm

    try:
        return Confirm.ask(label, console=console.err(), default=default)
    except EOFError:
        raise CopkitError(f"no answer for {label!r} (input ended); nothing was written") from None


# ---- charter summary: Markdown ---------------------------------------------------------------

_CELL = re.compile(r"[\\|]")


def _cell(text: str) -> str:
    """Text inside a Markdown table cell: one line, pipes escaped."""
    return _CELL.sub(lambda m: "\\" + m.group(0), " ".join(text.split()))


def _inline(text: str) -> str:
    """User text on a line of its own making (headings, list items): one line."""
    return " ".join(text.split())


def _block(text: str) -> str:
    """User prose (goal, summaries, findings) is Markdown already: kept, trimmed."""
    return text.strip()


def summary_markdown(
    cid: str,
    charter: Charter,
    today: date,
    community: str,
    names: Mapping[str, str] | None = None,
) -> str:
    """The report-back to the community: where the project stands against its goal,
    milestones, hours, each report with its feedback, deliverables and findings; people by
    name (`names`: member id -> name)."""
    names = names or {}
    s = standing(charter, today)
    lines: list[str] = []
    add = lines.append
    add(f"# {_inline(charter.title)}: report-back")
    add("")
    add(
        f"*Charter `{cid}` of {_inline(community)}: {KIND_LABEL.get(charter.kind, charter.kind)}, "
        f"{charter.status}, as of {today}.*"
    )
    add("")

    add("## Where the project stands")
    add("")
    if charter.goal:
        add(f"**Goal:** {_block(charter.goal)}")
        add("")
    if charter.issue:
        add(f"**The issue of the practice:** {_block(charter.issue)}")
        add("")
    if charter.beneficiary:
        add(f"**Done for:** {_inline(charter.beneficiary)} (pro bono)")
        add("")
    if charter.source_project:
        add(f"**Case study of:** {_inline(charter.source_project)}")
        add("")
    since = next((e.date for e in reversed(charter.history) if e.status == charter.status), None)
    add(f"- **Status:** {charter.status}" + (f" since {since}" if since else ""))
    tl = _timeline_text(charter, s)
    if tl:
        add(f"- **Timeline:** {tl}")
    if s.milestones_total:
        add(f"- **Milestones:** {s.milestones_done} of {s.milestones_total} done")
    if s.deliverables_total:
        add(f"- **Deliverables:** {s.deliverables_done} of {s.deliverables_total} done")
    people = len(charter.team)
    add(
        f"- **Hours committed:** {_hours(s.hours_per_week)} a week by {plural(people, 'person', 'people')}"
    )
    reports = f"- **Report-backs:** {len(charter.reports)}"
    if s.next_report_due:
        reports += f"; next due {s.next_report_due}" + (" (overdue)" if s.overdue else "")
    add(reports)
    if charter.scope.in_:
        add(f"- **In scope:** {'; '.join(_inline(x) for x in charter.scope.in_)}")
    if charter.scope.out:
        add(f"- **Out of scope:** {'; '.join(_inline(x) for x in charter.scope.out)}")
    if charter.success_criteria:
        add("- **Success criteria:**")
        for c in charter.success_criteria:
            add(f"  - {_inline(c)}")
    add("")

    if charter.timeline.milestones:
        add("## Milestones")
        add("")
        add("| Date | Milestone | Done |")
        add("| --- | --- | :---: |")
        for m in charter.timeline.milestones:
            late = milestone_late(m, charter, today)
            mark = "yes" if m.done else ("late" if late else "not yet")
            add(f"| {m.date} | {_cell(m.name)} | {mark} |")
        add("")

    add("## Team and hours")
    add("")
    if charter.team:
        add("| Member | Role | Hours a week |")
        add("| --- | --- | ---: |")
        for t in charter.team:
            add(
                f"| {_cell(names.get(t.member, t.member))} | {_cell(t.role)} | {t.hours_per_week:g} |"
            )
        add(f"| **Total** | | **{s.hours_per_week:g}** |")
    else:
        add("Nobody has joined the team yet.")
    add("")
    if charter.volunteers_wanted and charter.status not in ("completed", "cancelled"):
        n = charter.volunteers_wanted
        add(
            f"The team looks for {plural(n, 'more volunteer')}: "
            f"`copkit charter join {cid} --as YOU --hours H`."
        )
        add("")
    sponsor = charter.sponsor
    if sponsor.learning or sponsor.funding:
        if sponsor.learning:
            add(f"Learning sponsor: {_inline(sponsor.learning)}.")
        if sponsor.funding:
            money = _money(sponsor.funding.amount, sponsor.funding.currency)
            add(f"Funded by {_inline(sponsor.funding.by)}" + (f" ({money})." if money else "."))
        add("")

    add("## Report-backs")
    add("")
    if not charter.reports:
        add("No report-back yet.")
        add("")
    for r in charter.reports:
        head = f"### {r.date}"
        if r.by:
            head += f", {_inline(names.get(r.by, r.by))}"
        if r.final:
            head += " (final)"
        add(head)
        add("")
        add(_block(r.summary))
        add("")
        if r.feedback:
            add("Feedback received:")
            add("")
            for f in r.feedback:
                add(f"- {_inline(f)}")
            add("")
        if r.next:
            add("Next steps:")
            add("")
            for step in r.next:
                add(f"- {_inline(step)}")
            add("")

    if charter.deliverables:
        add("## Deliverables")
        add("")
        add("| Deliverable | Link | Done |")
        add("| --- | --- | :---: |")
        for d in charter.deliverables:
            link = f"<{d.url}>" if d.url and " " not in d.url else _cell(d.url or "")
            add(f"| {_cell(d.name)} | {link or '-'} | {'yes' if d.done else 'not yet'} |")
        add("")

    add("## Findings")
    add("")
    if charter.findings:
        add(_block(charter.findings))
    elif charter.status == "cancelled":
        add("The project was cancelled before the team brought findings back.")
    else:
        add("Not yet: the team brings its findings back when the project completes.")
    add("")

    if charter.history:
        add("## History")
        add("")
        for e in charter.history:
            by = f" ({_inline(names.get(e.by, e.by))})" if e.by else ""
            add(f"- {e.date}: {e.status}{by}")
        add("")
    return "\n".join(lines).rstrip("\n") + "\n"
