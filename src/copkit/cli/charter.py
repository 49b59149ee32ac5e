"""copkit charter: practice development projects, from proposal to findings."""

from __future__ import annotations

import os
import sys
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Any, cast

import typer

from copkit.cli.common import JsonOpt, today, workspace
from copkit.errors import CopkitError

if TYPE_CHECKING:
    from collections.abc import Callable
    from datetime import date

    from copkit.model.charter import Charter, Kind
    from copkit.services.charters import Draft
    from copkit.storage.documents import Loaded
    from copkit.storage.workspace import Workspace

app = typer.Typer(no_args_is_help=True)


class KindChoice(StrEnum):
    practice_development = "practice-development"
    case_study = "case-study"
    pro_bono = "pro-bono"


class OriginChoice(StrEnum):
    members_proposed = "members-proposed"
    community_requested = "community-requested"


class StatusChoice(StrEnum):
    draft = "draft"
    proposed = "proposed"
    chartered = "chartered"
    active = "active"
    completed = "completed"
    cancelled = "cancelled"


CharterArg = typer.Argument(
    ..., metavar="CHARTER", help="The charter's id, e.g. onboarding-playbook."
)
ByOpt = typer.Option(
    None,
    "--by",
    metavar="MEMBER",
    help="Who makes the change (else COPKIT_MEMBER or your git user.email, if known).",
)


def interactive(no_input: bool) -> bool:
    """Whether `charter new` may ask questions: never with --no-input; COPKIT_INTERACTIVE=1 or 0
    forces the answer (tests, scripts); else only when stdin is a terminal."""
    if no_input:
        return False
    forced = os.environ.get("COPKIT_INTERACTIVE", "").strip()
    if forced in ("0", "1"):
        return forced == "1"
    return sys.stdin.isatty()


# ---- helpers -------------------------------------------------------------------------------


def _load(ws: Workspace, cid: str) -> tuple[Loaded[Charter], Charter, Path]:
    path = ws.charter_path(cid)
    if not path.exists():
        ws.charter(cid)  # raises the helpful "no charter ..., did you mean" error
    loaded = ws.load_charter(cid)
    return loaded, loaded.require(), path


def _member(ws: Workspace, member: str, flag: str) -> str:
    from copkit.services.charters import unknown_member

    why = unknown_member(member, ws.ids("members"))
    if why:
        raise CopkitError(f"{flag} {member}: {why}")
    return member


def _by(ws: Workspace, by: str | None) -> str | None:
    """--by, else the member running copkit when copkit can tell, else nobody (null)."""
    from copkit.cli.common import whoami

    if by:
        return _member(ws, by, "--by")
    try:
        return whoami(ws, None)
    except CopkitError:
        return None


def _all_charters(ws: Workspace, warn: bool = True) -> dict[str, Charter]:
    """Every charter that loads cleanly; the others are named on stderr and skipped."""
    from copkit.render.console import note_skipped

    out, broken = {}, []
    for cid in ws.ids("charters"):
        loaded = ws.load_charter(cid)
        if loaded.value is not None and not loaded.errors:
            out[cid] = loaded.value
        else:
            broken.append(loaded.rel)
    if warn:
        note_skipped(broken)
    return out


def _warn_overcommit(ws: Workspace, cid: str, charter: Charter, members: list[str]) -> None:
    from copkit.render.console import err
    from copkit.services.charters import overcommitment

    if charter.status not in ("chartered", "active"):
        return
    charters = _all_charters(ws, warn=False)
    charters[cid] = charter
    for m in members:
        message = overcommitment(charters, m)
        if message:
            err().print(f"warning: {message}", markup=False, style="yellow")


# ---- new -----------------------------------------------------------------------------------


@app.command("new")
def new(
    charter: str = CharterArg,
    title: str = typer.Option(None, "--title", metavar="TEXT", help="A short title."),
    kind: KindChoice = typer.Option(
        None,
        "--kind",
        metavar="KIND",
        help="practice-development (default), case-study or pro-bono.",
    ),
    issue: str = typer.Option(
        None, "--issue", metavar="TEXT", help="The issue of the practice the project takes on."
    ),
    goal: str = typer.Option(None, "--goal", metavar="TEXT", help="What the project will deliver."),
    lead: str = typer.Option(
        None, "--lead", metavar="MEMBER[:HOURS]", help="The lead and their hours a week."
    ),
    member: list[str] = typer.Option(
        None, "--member", metavar="MEMBER:HOURS", help="A team member (repeat for several)."
    ),
    start: str = typer.Option(
        None, "--start", metavar="DATE", help="Start date (YYYY-MM-DD, today, tomorrow)."
    ),
    end: str = typer.Option(None, "--end", metavar="DATE", help="End date."),
    every_days: int = typer.Option(
        None,
        "--every-days",
        metavar="N",
        min=1,
        max=366,
        help="Report back to the community every N days.",
    ),
    channel: str = typer.Option(
        None,
        "--channel",
        metavar="TEXT",
        help="Where the team reports back, e.g. 'monthly community call'.",
    ),
    beneficiary: str = typer.Option(
        None,
        "--beneficiary",
        metavar="TEXT",
        help="Pro bono: who the work is for (required for pro-bono).",
    ),
    source_project: str = typer.Option(
        None,
        "--source-project",
        metavar="TEXT",
        help="Case study: the existing project adopted (required for case-study).",
    ),
    volunteers_wanted: int = typer.Option(
        None,
        "--volunteers-wanted",
        metavar="N",
        min=0,
        help="Open seats the community is asked to fill.",
    ),
    scope_in: list[str] = typer.Option(
        None, "--scope-in", metavar="TEXT", help="In scope (repeat)."
    ),
    scope_out: list[str] = typer.Option(
        None, "--scope-out", metavar="TEXT", help="Out of scope (repeat)."
    ),
    origin: OriginChoice = typer.Option(
        None,
        "--origin",
        metavar="ORIGIN",
        help="members-proposed (default) or community-requested.",
    ),
    sponsor: str = typer.Option(
        None,
        "--sponsor",
        metavar="TEXT",
        help="The learning sponsor who receives the reports (default: the community).",
    ),
    funding_by: str = typer.Option(
        None, "--funding-by", metavar="TEXT", help="Who funds the project, if anyone."
    ),
    budget: float = typer.Option(
        None, "--budget", metavar="AMOUNT", min=0, help="The funding amount."
    ),
    currency: str = typer.Option(
        None, "--currency", metavar="CODE", help="The funding currency, e.g. EUR."
    ),
    milestone: list[str] = typer.Option(
        None, "--milestone", metavar="DATE:NAME", help="A milestone (repeat)."
    ),
    deliverable: list[str] = typer.Option(
        None, "--deliverable", metavar="NAME", help="Something the project delivers (repeat)."
    ),
    success_criterion: list[str] = typer.Option(
        None,
        "--success-criterion",
        metavar="TEXT",
        help="How the community will know it worked (repeat).",
    ),
    risk: list[str] = typer.Option(None, "--risk", metavar="TEXT", help="A known risk (repeat)."),
    no_input: bool = typer.Option(
        False, "--no-input", help="Never ask; fail listing every missing field instead."
    ),
    by: str = ByOpt,
    force: bool = typer.Option(False, "--force", help="Replace an existing charter file."),
) -> None:
    """Create a charter, in draft.

    Create a charter in draft. In a terminal, asks for what the flags leave out."""
    from copkit.render.console import err
    from copkit.services.charters import (
        Draft,
        implied_kind,
        missing_new,
        new_charter,
        parse_member_hours,
        parse_milestone,
    )
    from copkit.services.dates import parse_date
    from copkit.storage.workspace import require_slug

    ws = workspace()
    require_slug(charter, "charter")
    path = ws.charter_path(charter)
    if path.exists() and not force:
        raise CopkitError(
            f"{ws.rel(path)} already exists; copkit does not replace a charter without --force",
            hint=f"See it with: copkit charter show {charter}",
        )
    t = today(ws)
    roster = ws.ids("members")
    problems: list[str] = []

    def attempt(fn: Any, *args: Any) -> Any:
        try:
            return fn(*args)
        except CopkitError as e:
            problems.append(e.message)
            return None

    def roster_check(m: str | None, flag: str) -> str | None:
        from copkit.services.charters import unknown_member

        if m is None:
            return None
        why = unknown_member(m, roster)
        if why:
            problems.append(f"{flag} {m}: {why}")
            return None
        return m

    d = Draft(
        title=title,
        kind=kind.value if kind else None,
        issue=issue,
        goal=goal,
        scope_in=list(scope_in or []),
        scope_out=list(scope_out or []),
        origin=origin.value if origin else None,
        beneficiary=beneficiary,
        source_project=source_project,
        volunteers_wanted=volunteers_wanted,
        sponsor=sponsor,
        funding_by=funding_by,
        budget=budget,
        currency=currency,
        every_days=every_days,
        channel=channel,
        deliverables=list(deliverable or []),
        success_criteria=list(success_criterion or []),
        risks=list(risk or []),
    )
    if lead:
        parsed = attempt(parse_member_hours, lead, "--lead")
        if parsed:
            d.lead, d.lead_hours = roster_check(parsed[0], "--lead"), parsed[1]
    for m in member or []:
        parsed = attempt(parse_member_hours, m, "--member")
        if parsed and roster_check(parsed[0], "--member"):
            d.members.append(parsed)
    if start:
        d.start = attempt(lambda: parse_date(start, t, what="--start"))
    if end:
        d.end = attempt(lambda: parse_date(end, t, what="--end"))
    for text in milestone or []:
        ms = attempt(parse_milestone, text, t)
        if ms:
            d.milestones.append(ms)
    d.kind = implied_kind(d)
    if problems:
        raise CopkitError(
            f"cannot create charter {charter}:\n" + "\n".join(f"  {p}" for p in problems),
            hint="Fix these flags and run the command again; nothing was written.",
        )

    if interactive(no_input):
        _ask_missing(d, charter, roster, t)
        from copkit.render.charters import confirm

        if not confirm(f"Create {ws.rel(path)}?", default=True):
            err().print("Nothing was written.")
            raise typer.Exit(1)
    missing = missing_new(d)
    if missing:
        raise CopkitError(
            f"cannot create charter {charter}: missing {', '.join(missing)}",
            hint="Pass them as flags, or run it in a terminal without --no-input to be asked.",
        )
    value = new_charter(d, community=ws.config().name, today=t, by=_by(ws, by))
    ws.write_new(path, value, force=force)
    err().print(f"Created {ws.rel(path)} (draft).", markup=False)
    err().print(
        f"Next: review it with `copkit charter show {charter}`, then "
        f"`copkit charter propose {charter}`.",
        markup=False,
    )


def _ask_missing(d: Draft, cid: str, roster: list[str], t: date) -> None:
    """Fill what the flags left out of `d` with Rich prompts (render.charters.ask)."""
    from copkit.model.charter import KINDS
    from copkit.render.charters import ask, ask_choice
    from copkit.render.console import err
    from copkit.services.charters import KIND_NEEDS, parse_hours, unknown_member
    from copkit.services.dates import parse_date

    def text(s: str) -> str:
        return s

    def member(s: str) -> str:
        why = unknown_member(s, roster)
        if why:
            raise CopkitError(why)
        if s == d.lead or any(s == m for m, _ in d.members):
            raise CopkitError(f"{s} is already in the team")
        return s

    def member_hours(s: str) -> tuple[str, float | None]:
        name, _, hours = s.partition(":")
        m = member(name.strip())
        return m, parse_hours(hours, "hours") if hours.strip() else None

    def when(s: str) -> date:
        return parse_date(s, t, what="date")

    def end_date(s: str) -> date:
        value = when(s)
        if d.start and value < d.start:
            raise CopkitError(f"the end ({value}) is before the start ({d.start})")
        return value

    def whole(low: int, high: int) -> Callable[[str], int]:
        def parse(s: str) -> int:
            try:
                n = int(s)
            except ValueError:
                raise CopkitError(f"{s!r} is not a whole number") from None
            if not low <= n <= high:
                raise CopkitError(f"give a number from {low} to {high}")
            return n

        return parse

    err().print(
        f"New charter {cid}: answer each question (Ctrl-C leaves nothing behind).", markup=False
    )
    if not d.title:
        d.title = ask("Title", text, default=cid.replace("-", " ").capitalize())
    if not d.kind:
        d.kind = cast("Kind", ask_choice("Kind", KINDS, default="practice-development"))
    need = KIND_NEEDS.get(d.kind or "")
    if need and not getattr(d, need[0]):
        label = (
            "Who the work is for (beneficiary)"
            if need[0] == "beneficiary"
            else "The existing project adopted as a case study"
        )
        setattr(d, need[0], ask(label, text))
    if not d.issue:
        d.issue = ask("The issue of the practice it takes on", text)
    if not d.goal:
        d.goal = ask("Goal: what it will deliver", text)
    if not d.lead:
        d.lead = ask("Lead (member id)", member)
    if d.lead_hours is None:
        d.lead_hours = ask(f"Hours a week for {d.lead}", lambda s: parse_hours(s, "hours"))
    if not d.members:
        while True:
            extra = ask("Another team member, as MEMBER:HOURS", member_hours, required=False)
            if extra is None:
                break
            if extra[1] is None:
                extra = (extra[0], ask(f"Hours a week for {extra[0]}", parse_hours))
            d.members.append(extra)
    if d.volunteers_wanted is None:
        d.volunteers_wanted = ask("Open seats for volunteers", whole(0, 99), default="0")
    if not d.start:
        d.start = ask("Start date (YYYY-MM-DD, today, tomorrow)", when)
    if not d.end:
        d.end = ask("End date", end_date, required=False)
    if not d.every_days:
        d.every_days = ask("Report back to the community every N days", whole(1, 366), default="14")
    if not d.channel:
        d.channel = ask("Where the team reports back", text, required=False)


# ---- list and show -------------------------------------------------------------------------


@app.command("list")
def list_(
    status: StatusChoice = typer.Option(
        None,
        "--status",
        metavar="STATUS",
        help="Only charters in this status: draft, proposed, chartered, active, completed or cancelled.",
    ),
    json_out: bool = JsonOpt,
) -> None:
    """List the charters.

    List the charters: status, lead, team, hours a week, next report due."""
    from copkit.render.console import err, out, print_json
    from copkit.services.charters import list_row

    ws = workspace()
    t = today(ws)
    charters = _all_charters(ws)
    rows = [
        list_row(cid, c, t)
        for cid, c in sorted(charters.items())
        if status is None or c.status == status.value
    ]
    if json_out:
        print_json(rows)
        return
    if not rows:
        which = f"{status.value} charters" if status else "charters"
        err().print(f"No {which} yet. Create one with: copkit charter new CHARTER", markup=False)
        return
    from copkit.render.charters import charter_table

    overdue = sum(r["overdue"] for r in rows)
    title = f"{len(rows)} {status.value + ' ' if status else ''}charter{'s' * (len(rows) != 1)}"
    title += f" on {t}" + (
        f", {overdue} report-back{'s' * (overdue != 1)} overdue" if overdue else ""
    )
    out().print(charter_table(rows, title=title))


@app.command("show")
def show(charter: str = CharterArg, json_out: bool = JsonOpt) -> None:
    """Everything about one charter.

    Everything about one charter: goal, scope, team, sponsor, timeline, reports, what is next."""
    from copkit.render.console import out, print_json

    ws = workspace()
    _, value, _ = _load(ws, charter)
    t = today(ws)
    if json_out:
        from copkit.services.charters import show_data

        print_json(show_data(charter, value, t))
        return
    from copkit.render.charters import charter_panel

    out().print(charter_panel(charter, value, t))


# ---- the lifecycle -------------------------------------------------------------------------


def _change(verb: str, charter: str, by: str | None, findings: str | None, force: bool) -> None:
    from copkit.render.console import err
    from copkit.services.charters import change_status, next_steps

    ws = workspace()
    loaded, value, path = _load(ws, charter)
    t = today(ws)
    after = change_status(
        value,
        charter,
        verb,
        today=t,
        by=_by(ws, by),
        findings=findings,
        force=force,
        path=ws.rel(path),
    )
    ws.update(loaded, path, after)
    err().print(
        f"{charter}: {value.status} -> {after.status} on {t} (recorded in {ws.rel(path)})",
        markup=False,
    )
    if verb in ("approve", "start"):
        _warn_overcommit(ws, charter, after, [m.member for m in after.team])
    steps = next_steps(charter, after, t)
    if steps:
        err().print(f"Next: {steps[0]}", markup=False)


FindingsOpt = typer.Option(
    None, "--findings", metavar="TEXT", help="What the team brings back to the community."
)
ForceOpt = typer.Option(False, "--force", help="Replace findings already in the charter.")


@app.command("propose")
def propose(charter: str = CharterArg, by: str = ByOpt) -> None:
    """Propose a draft charter to the community.

    draft -> proposed: needs a goal, a lead, a start date and a report cadence."""
    _change("propose", charter, by, None, False)


@app.command("approve")
def approve(charter: str = CharterArg, by: str = ByOpt) -> None:
    """Approve a proposed charter.

    proposed -> chartered: the community takes the project on."""
    _change("approve", charter, by, None, False)


@app.command("start")
def start(charter: str = CharterArg, by: str = ByOpt) -> None:
    """Start a chartered project.

    chartered -> active: the team begins; report-backs fall due on the cadence."""
    _change("start", charter, by, None, False)


@app.command("complete")
def complete(
    charter: str = CharterArg,
    by: str = ByOpt,
    findings: str = FindingsOpt,
    force: bool = ForceOpt,
) -> None:
    """Complete an active project.

    active -> completed: needs findings and a final report (charter report --final)."""
    _change("complete", charter, by, findings, force)


@app.command("cancel")
def cancel(
    charter: str = CharterArg,
    by: str = ByOpt,
    findings: str = FindingsOpt,
    force: bool = ForceOpt,
) -> None:
    """Cancel an open charter.

    Any open status -> cancelled; --findings keeps what was learned anyway."""
    _change("cancel", charter, by, findings, force)


# ---- the team and its report-backs ---------------------------------------------------------


@app.command("join")
def join(
    charter: str = CharterArg,
    as_member: str = typer.Option(
        None, "--as", metavar="MEMBER", help="Who joins (else COPKIT_MEMBER or git user.email)."
    ),
    hours: float = typer.Option(None, "--hours", metavar="H", help="Hours a week you commit."),
    role: str = typer.Option(
        None, "--role", metavar="ROLE", help="Your role: member (default) or lead."
    ),
) -> None:
    """A volunteer joins the team (or changes their hours or role)."""
    from copkit.cli.common import whoami
    from copkit.render.console import err
    from copkit.services import charters as svc

    ws = workspace()
    member = whoami(ws, as_member)
    loaded, value, path = _load(ws, charter)
    joined = svc.join(value, charter, member, hours=hours, role=role)
    ws.update(loaded, path, joined.charter)
    err().print(f"{joined.message} ({ws.rel(path)})", markup=False)
    _warn_overcommit(ws, charter, joined.charter, [member])


@app.command("report")
def report(
    charter: str = CharterArg,
    summary: str = typer.Option(
        ..., "--summary", metavar="TEXT", help="Where the project stands, in a few lines."
    ),
    feedback: list[str] = typer.Option(
        None, "--feedback", metavar="TEXT", help="Feedback the community gave (repeat)."
    ),
    next_step: list[str] = typer.Option(
        None, "--next", metavar="TEXT", help="A next step (repeat)."
    ),
    final: bool = typer.Option(False, "--final", help="The final report-back of the project."),
    by: str = ByOpt,
    date: str = typer.Option(
        None, "--date", metavar="DATE", help="Date of the report-back (default today)."
    ),
) -> None:
    """Record a report-back to the community.

    Record a report-back to the community: summary, feedback received, next steps."""
    from copkit.cli.common import when
    from copkit.render.console import err
    from copkit.services.charters import add_report, next_steps

    ws = workspace()
    loaded, value, path = _load(ws, charter)
    t = today(ws)
    after = add_report(
        value,
        charter,
        today=t,
        when=when(ws, date, "--date"),
        summary=summary,
        by=_by(ws, by),
        feedback=feedback or [],
        next_steps=next_step or [],
        final=final,
    )
    ws.update(loaded, path, after)
    r = after.reports[-1]
    err().print(
        f"Recorded the {'final ' if r.final else ''}report-back of {r.date} in {ws.rel(path)}",
        markup=False,
    )
    steps = next_steps(charter, after, t)
    if steps:
        err().print(f"Next: {steps[0]}", markup=False)


@app.command("summary")
def summary(
    charter: str = CharterArg,
    output: Path = typer.Option(
        None, "--output", "-o", metavar="FILE", help="Write the Markdown to FILE in the workspace."
    ),
    force: bool = typer.Option(False, "--force", help="Replace FILE if it exists."),
) -> None:
    """A charter's report-back, as Markdown.

    The report-back to the community as Markdown: standing, milestones, reports, findings."""
    from copkit.render.charters import summary_markdown
    from copkit.render.console import err

    ws = workspace()
    _, value, _ = _load(ws, charter)
    from copkit.render.text import visible

    text = visible(summary_markdown(charter, value, today(ws), ws.config().name))
    if output is None:
        sys.stdout.write(text)
        return
    from copkit.storage.atomic import write_atomic

    target = ws.output_path(output)
    write_atomic(target, text, overwrite=force, display=ws.rel(target))
    err().print(f"Wrote {ws.rel(target)}", markup=False)
