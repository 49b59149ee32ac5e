"""copkit charter: practice development projects, from proposal to findings."""

from __future__ import annotations

import os
import sys
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Any, cast

import typer

from copkit.cli import completion
from copkit.cli.common import JsonFormatOpt, JsonOpt, chosen_format, today, workspace
from copkit.errors import CopkitError
from copkit.plural import plural

if TYPE_CHECKING:
    from collections.abc import Callable
    from datetime import date

    from copkit.errors import Problem
    from copkit.model.charter import Charter, Kind, SignUp
    from copkit.services.charters import Draft, Folded
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


class SummaryFormat(StrEnum):
    markdown = "markdown"
    json = "json"


class StatusChoice(StrEnum):
    draft = "draft"
    proposed = "proposed"
    chartered = "chartered"
    active = "active"
    completed = "completed"
    cancelled = "cancelled"


CharterArg = typer.Argument(
    ...,
    metavar="CHARTER",
    help="The charter's id, e.g. onboarding-playbook.",
    autocompletion=completion.charters,
)
ByOpt = typer.Option(
    None,
    "--by",
    metavar="MEMBER",
    help="Who makes the change (else COPKIT_MEMBER or your git user.email, if known).",
    autocompletion=completion.members,
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
    path = ws.charter_path(ws.known("charter", cid))
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


def _read_charters(ws: Workspace) -> tuple[dict[str, Charter], list[Problem]]:
    """Every charter that loads cleanly, and the errors of those that do not."""
    from copkit.errors import Problem

    out, problems = {}, []
    for cid in ws.ids("charters"):
        loaded = ws.load_charter(cid)
        if loaded.value is not None and not loaded.errors:
            out[cid] = loaded.value
        else:
            problems += loaded.errors or [Problem(loaded.rel, 0, 0, "error", "cannot be read")]
    return out, problems


def _all_charters(ws: Workspace, warn: bool = True) -> dict[str, Charter]:
    """Every charter that loads cleanly; the others are named on stderr and skipped."""
    from copkit.render.console import error_paths, note_skipped

    out, problems = _read_charters(ws)
    if warn:
        note_skipped(error_paths(problems))
    return out


def _pending(ws: Workspace, cid: str) -> dict[str, SignUp]:
    """The sign-ups waiting to be folded into the team; unreadable ones are named and skipped."""
    from copkit.render.console import note_skipped

    out, broken = {}, []
    for m, loaded in ws.signups(cid).items():
        if loaded.value is not None and not loaded.errors:
            out[m] = loaded.value
        else:
            broken.append(loaded.rel)
    note_skipped(broken)
    return out


def _left(ws: Workspace) -> dict[str, date]:
    """Members who left the community, with the date they left."""
    return {m: v.left for m, v in ws.members().items() if v.left is not None}


def _save(
    ws: Workspace,
    loaded: Loaded[Charter],
    path: Path,
    cid: str,
    after: Charter,
    folded: Folded | None = None,
) -> bool:
    """Write `after` (checked against every rule), then remove the sign-up files folded into
    it and say who joined. False when nothing changed."""
    from copkit.render.console import err

    changed = ws.update_charter(loaded, path, after, cid)
    if folded is not None and folded.members:
        ws.remove_signups(cid, folded.members)
        for message in folded.messages:
            err().print(f"{cid}: {message} (sign-up folded into the team)", markup=False)
    return changed


def _warn_overcommit(ws: Workspace, cid: str, charter: Charter, members: list[str]) -> None:
    from copkit.render.console import err
    from copkit.services.charters import overcommitment

    if charter.status not in ("chartered", "active"):
        return
    charters = _all_charters(ws, warn=False)
    charters[cid] = charter
    for m in members:
        message = overcommitment(charters, m, ws.name_of)
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
        None,
        "--lead",
        metavar="MEMBER[:HOURS]",
        help="The lead and their hours a week.",
        autocompletion=completion.members,
    ),
    member: list[str] = typer.Option(
        None,
        "--member",
        metavar="MEMBER:HOURS",
        help="A team member (repeat for several).",
        autocompletion=completion.members,
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
        d.issue = ask("The issue of the practice it takes on", text, required=False)
    if not d.goal:
        d.goal = ask("Goal: what it will deliver", text, required=False)
    if not d.lead:
        d.lead = ask("Lead (member id; none yet for volunteers to fill)", member, required=False)
    if d.lead and d.lead_hours is None:
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
        d.start = ask("Start date (YYYY-MM-DD, today, tomorrow)", when, required=False)
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
    charters, broken = _read_charters(ws)
    if broken:
        _report_broken(broken, listed=bool(charters))
    rows = [
        list_row(cid, c, t, _pending(ws, cid))
        for cid, c in sorted(charters.items())
        if status is None or c.status == status.value
    ]
    if json_out:
        print_json(rows)
    elif rows:
        from copkit.render.charters import charter_table

        overdue = sum(r["overdue"] for r in rows)
        title = plural(len(rows), f"{status.value} charter" if status else "charter")
        title += f" on {t}" + (f", {plural(overdue, 'report-back')} overdue" if overdue else "")
        names = ws.member_names(r["lead"] for r in rows if r["lead"])
        out().print(charter_table(rows, title=title, names=names))
    elif status is not None and charters:
        err().print(f"No {status.value} charters yet.", markup=False)
    elif not broken:
        which = f"{status.value} charters" if status else "charters"
        err().print(f"No {which} yet. Create one with: copkit charter new CHARTER", markup=False)
    if broken:
        raise typer.Exit(1)


def _report_broken(problems: list[Problem], *, listed: bool) -> None:
    """The errors of the charter files that cannot be read, on stderr, one line each, and
    what `charter list` shows instead."""
    from copkit.render.console import error, error_paths

    files = error_paths(problems)
    n = len(files)
    head = f"{plural(n, 'charter file')} cannot be read"
    head += ", so the list leaves them out:" if listed else ":"
    error(
        "\n".join([head, *(f"  {p.plain()}" for p in problems)]),
        "Fix them (copkit check lists every problem), then run the command again.",
    )


@app.command("show")
def show(charter: str = CharterArg, json_out: bool = JsonOpt) -> None:
    """Everything about one charter.

    Everything about one charter: goal, scope, team, sponsor, timeline, reports, what is next."""
    from copkit.render.console import out, print_json

    ws = workspace()
    _, value, _ = _load(ws, charter)
    t = today(ws)
    pending = _pending(ws, charter)
    if json_out:
        from copkit.services.charters import show_data

        print_json(show_data(charter, value, t, pending))
        return
    from copkit.render.charters import charter_panel
    from copkit.services.charters import people

    names = ws.member_names(people(value, pending))
    out().print(charter_panel(charter, value, t, pending, names))


# ---- the lifecycle -------------------------------------------------------------------------


def _change(verb: str, charter: str, by: str | None, findings: str | None, force: bool) -> None:
    from copkit.render.console import err
    from copkit.services.charters import change_status, fold, next_steps

    ws = workspace()
    loaded, value, path = _load(ws, charter)
    t = today(ws)
    folded = None
    if verb == "approve":  # the organiser's approval takes in the volunteers who signed up
        folded = fold(value, charter, _pending(ws, charter), _left(ws), ws.name_of)
    after = change_status(
        folded.charter if folded else value,
        charter,
        verb,
        today=t,
        by=_by(ws, by),
        findings=findings,
        force=force,
        path=ws.rel(path),
    )
    _save(ws, loaded, path, charter, after, folded)
    err().print(
        f"{charter}: {value.status} -> {after.status} on {t} (recorded in {ws.rel(path)})",
        markup=False,
    )
    planned = after.timeline.start
    if verb == "start" and planned is not None and t < planned:
        err().print(
            f"warning: {charter} starts on {t}, before its planned start ({planned}); "
            f"to record the real start: copkit charter set {charter} --start {t}",
            markup=False,
            style="yellow",
        )
    if verb in ("approve", "start"):
        _warn_overcommit(ws, charter, after, [m.member for m in after.team])
    steps = next_steps(charter, after, t, _pending(ws, charter), ws.name_of)
    if steps:
        err().print(f"Next: {steps[0]}", markup=False)


FindingsOpt = typer.Option(
    None, "--findings", metavar="TEXT", help="What the team brings back to the community."
)
ForceOpt = typer.Option(False, "--force", help="Replace findings already in the charter.")
CompleteForceOpt = typer.Option(
    False,
    "--force",
    help="Complete with milestones or deliverables still open; replace findings already there.",
)


@app.command("propose")
def propose(charter: str = CharterArg, by: str = ByOpt) -> None:
    """Propose a draft charter to the community.

    draft -> proposed: needs the issue and the goal; with no team yet, open seats
    (--volunteers-wanted) for volunteers to fill."""
    _change("propose", charter, by, None, False)


@app.command("approve")
def approve(charter: str = CharterArg, by: str = ByOpt) -> None:
    """Approve a proposed charter.

    proposed -> chartered: adds the volunteers' sign-ups to the team, then needs a lead, a start
    date and a report cadence."""
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
    force: bool = CompleteForceOpt,
) -> None:
    """Complete an active project.

    active -> completed: needs findings and a final report (charter report --final); lists
    open milestones and deliverables and refuses them without --force."""
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


class RoleChoice(StrEnum):
    lead = "lead"
    member = "member"
    observer = "observer"


@app.command("join")
def join(
    charter: str = CharterArg,
    as_member: str = typer.Option(
        None,
        "--as",
        metavar="MEMBER",
        help="Who joins (else COPKIT_MEMBER or git user.email).",
        autocompletion=completion.members,
    ),
    hours: float = typer.Option(
        None, "--hours", metavar="H", help="Hours a week you commit (above 0 unless observer)."
    ),
    role: RoleChoice = typer.Option(
        RoleChoice.member, "--role", metavar="ROLE", help="lead, member (default) or observer."
    ),
) -> None:
    """Volunteer for a charter's team.

    Writes your own sign-up, charters/CHARTER/volunteers/MEMBER.yaml, and nothing else, so
    volunteers in many clones never conflict; the organiser's `charter approve` or `charter set`
    adds the sign-ups to the team."""
    from copkit.cli.common import whoami
    from copkit.render.console import err
    from copkit.services import charters as svc

    ws = workspace()
    member = whoami(ws, as_member)
    _, value, _ = _load(ws, charter)
    me = ws.load_member(member).value
    signed = svc.sign_up(
        value,
        charter,
        member,
        today=today(ws),
        hours=hours,
        role=role.value,
        pending=_pending(ws, charter),
        left=me.left if me else None,
        name=ws.name_of,
    )
    if signed.signup is None:
        err().print(signed.message, markup=False)
        return
    path = ws.signup_path(charter, member)
    ws.write_new(path, signed.signup, force=True)  # the member's own file: theirs to change
    err().print(f"{signed.message} ({ws.rel(path)})", markup=False)
    err().print(
        f"Next: commit and push {ws.rel(path)}; the organiser's `copkit charter "
        f"{'approve' if value.status == 'proposed' else 'set'} {charter}` adds you to the team.",
        markup=False,
    )
    from copkit.model.charter import TeamMember

    seat = TeamMember(
        member=member, role=signed.signup.role, hours_per_week=signed.signup.hours_per_week
    )
    others = [t for t in value.team if t.member != member]
    _warn_overcommit(ws, charter, _replace(value, team=[*others, seat]), [member])


def _replace(value: Charter, **changes: Any) -> Charter:
    import msgspec

    return msgspec.structs.replace(value, **changes)


# ---- routine edits -------------------------------------------------------------------------


def _dates(ws: Workspace, text: str | None, flag: str) -> date | None:
    from copkit.services.dates import parse_date

    return parse_date(text, today(ws), what=flag) if text is not None else None


@app.command("set")
def set_(
    charter: str = CharterArg,
    title: str = typer.Option(None, "--title", metavar="TEXT", help="A new title."),
    kind: KindChoice = typer.Option(
        None, "--kind", metavar="KIND", help="practice-development, case-study or pro-bono."
    ),
    issue: str = typer.Option(None, "--issue", metavar="TEXT", help="The issue of the practice."),
    goal: str = typer.Option(None, "--goal", metavar="TEXT", help="What the project delivers."),
    origin: OriginChoice = typer.Option(
        None, "--origin", metavar="ORIGIN", help="members-proposed or community-requested."
    ),
    beneficiary: str = typer.Option(
        None, "--beneficiary", metavar="TEXT", help="Pro bono: who the work is for."
    ),
    source_project: str = typer.Option(
        None, "--source-project", metavar="TEXT", help="Case study: the project adopted."
    ),
    volunteers_wanted: int = typer.Option(
        None, "--volunteers-wanted", metavar="N", min=0, help="Open seats for volunteers."
    ),
    sponsor: str = typer.Option(
        None, "--sponsor", metavar="TEXT", help="The learning sponsor who receives the reports."
    ),
    funding_by: str = typer.Option(None, "--funding-by", metavar="TEXT", help="Who funds it."),
    budget: float = typer.Option(None, "--budget", metavar="AMOUNT", min=0, help="The amount."),
    currency: str = typer.Option(None, "--currency", metavar="CODE", help="e.g. EUR."),
    start: str = typer.Option(None, "--start", metavar="DATE", help="Start date."),
    end: str = typer.Option(None, "--end", metavar="DATE", help="End date."),
    every_days: int = typer.Option(
        None, "--every-days", metavar="N", min=1, max=366, help="Report back every N days."
    ),
    channel: str = typer.Option(
        None, "--channel", metavar="TEXT", help="Where the team reports back."
    ),
    findings: str = typer.Option(
        None, "--findings", metavar="TEXT", help="What the team brings back."
    ),
    scope_in: list[str] = typer.Option(
        None, "--scope-in", metavar="TEXT", help="In scope (repeat; replaces the list)."
    ),
    scope_out: list[str] = typer.Option(
        None, "--scope-out", metavar="TEXT", help="Out of scope (repeat; replaces the list)."
    ),
    success_criterion: list[str] = typer.Option(
        None,
        "--success-criterion",
        metavar="TEXT",
        help="A success criterion (repeat; replaces the list).",
    ),
    risk: list[str] = typer.Option(
        None, "--risk", metavar="TEXT", help="A risk (repeat; replaces the list)."
    ),
    lead: str = typer.Option(
        None,
        "--lead",
        metavar="MEMBER[:HOURS]",
        help="The lead (the former lead stays as a member).",
        autocompletion=completion.members,
    ),
    member: list[str] = typer.Option(
        None,
        "--member",
        metavar="MEMBER:HOURS",
        help="Add a member or change their hours.",
        autocompletion=completion.members,
    ),
    observer: list[str] = typer.Option(
        None,
        "--observer",
        metavar="MEMBER",
        help="Add an observer (0 hours), or make one.",
        autocompletion=completion.members,
    ),
    drop_member: list[str] = typer.Option(
        None,
        "--drop-member",
        metavar="MEMBER",
        help="Take a member off the team.",
        autocompletion=completion.members,
    ),
) -> None:
    """Change a charter's fields; fold volunteers' sign-ups in.

    Each change is checked by the same rules as `copkit check`; comments and the lines it does
    not change stay as they are. Without flags, it only adds the pending sign-ups."""
    from copkit.render.console import err
    from copkit.services.charters import Edit, edit, fold, parse_member_hours

    ws = workspace()
    loaded, value, path = _load(ws, charter)
    e = Edit(
        title=title,
        kind=kind.value if kind else None,
        issue=issue,
        goal=goal,
        origin=origin.value if origin else None,
        beneficiary=beneficiary,
        source_project=source_project,
        volunteers_wanted=volunteers_wanted,
        sponsor=sponsor,
        funding_by=funding_by,
        budget=budget,
        currency=currency,
        start=_dates(ws, start, "--start"),
        end=_dates(ws, end, "--end"),
        every_days=every_days,
        channel=channel,
        findings=findings,
        scope_in=scope_in or None,
        scope_out=scope_out or None,
        success_criteria=success_criterion or None,
        risks=risk or None,
    )
    if lead:
        m, h = parse_member_hours(lead, "--lead")
        e.lead = (_member(ws, m, "--lead"), h)
    for text in member or []:
        m, h = parse_member_hours(text, "--member")
        e.members.append((_member(ws, m, "--member"), h))
    e.observers = [_member(ws, m, "--observer") for m in observer or []]
    e.drop = list(drop_member or [])
    pending = _pending(ws, charter)
    if e.empty() and not pending:
        raise CopkitError(
            f"nothing to change in {charter}: give a field to set, e.g. --end DATE, or wait "
            "for volunteers' sign-ups",
            hint="See every field with: copkit charter set --help",
        )
    left = _left(ws)
    newcomers = [m for m, _ in e.members] + e.observers + ([e.lead[0]] if e.lead else [])
    from copkit.services.members import refuse_if_left

    for m in newcomers:
        if all(t.member != m for t in value.team):
            refuse_if_left(m, left.get(m), f"add {m} to {charter}")
    changed = edit(value, charter, e)
    folded = fold(changed, charter, pending, left, ws.name_of)
    wrote = _save(ws, loaded, path, charter, folded.charter, folded)
    err().print(
        f"Updated {ws.rel(path)}" if wrote else f"{ws.rel(path)} already says so; nothing changed",
        markup=False,
    )
    if folded.charter.status in ("chartered", "active"):
        _warn_overcommit(ws, charter, folded.charter, [*newcomers, *folded.members])


@app.command("milestone")
def milestone(
    charter: str = CharterArg,
    name: str = typer.Argument(None, metavar="NAME", help="The milestone (its name, or a prefix)."),
    done: bool = typer.Option(None, "--done/--not-done", help="Tick it (or untick it)."),
    date_: str = typer.Option(
        None, "--date", metavar="DATE", help="Its date: when it was reached, or its new date."
    ),
    add: str = typer.Option(
        None, "--add", metavar="DATE:NAME", help="Add a milestone, e.g. 2027-01-15:Draft reviewed."
    ),
) -> None:
    """Tick a milestone, move its date, or add one."""
    from copkit.render.console import err
    from copkit.services.charters import add_milestone, parse_milestone, set_milestone

    ws = workspace()
    loaded, value, path = _load(ws, charter)
    t = today(ws)
    if add is not None:
        if name is not None or done is not None or date_ is not None:
            raise typer.BadParameter(
                "--add takes DATE:NAME on its own; tick it afterwards", param_hint="'--add'"
            )
        when, title = parse_milestone(add, t)
        after = add_milestone(value, charter, when, title)
        what = f"added milestone {title!r} ({when})"
    else:
        if name is None:
            raise typer.BadParameter(
                "give the milestone's NAME (with --done or --date), or --add DATE:NAME",
                param_hint="'NAME'",
            )
        if done is None and date_ is None:
            raise typer.BadParameter(
                "say what changes: --done, --not-done or --date DATE", param_hint="'--done'"
            )
        after = set_milestone(value, charter, name, done=done, when=_dates(ws, date_, "--date"))
        ms = (
            next(
                m
                for m, o in zip(after.timeline.milestones, value.timeline.milestones, strict=False)
                if m != o
            )
            if after != value
            else None
        )
        what = (
            f"milestone {ms.name!r}: {'done' if ms.done else 'not done'}, {ms.date}"
            if ms
            else "nothing changed"
        )
    _save(ws, loaded, path, charter, after)
    err().print(f"{charter}: {what} ({ws.rel(path)})", markup=False)


@app.command("deliverable")
def deliverable(
    charter: str = CharterArg,
    name: str = typer.Argument(
        None, metavar="NAME", help="The deliverable (its name, or a prefix)."
    ),
    done: bool = typer.Option(None, "--done/--not-done", help="Mark it done (or not)."),
    url: str = typer.Option(None, "--url", metavar="URL", help="Where it can be found."),
    add: str = typer.Option(None, "--add", metavar="NAME", help="Add a deliverable."),
) -> None:
    """Mark a deliverable done, with its URL, or add one."""
    from copkit.render.console import err
    from copkit.services.charters import add_deliverable, set_deliverable

    ws = workspace()
    loaded, value, path = _load(ws, charter)
    if add is not None:
        if name is not None or done is not None or url is not None:
            raise typer.BadParameter(
                "--add takes NAME on its own; mark it done afterwards", param_hint="'--add'"
            )
        after = add_deliverable(value, charter, add)
        what = f"added deliverable {add.strip()!r}"
    else:
        if name is None:
            raise typer.BadParameter(
                "give the deliverable's NAME (with --done or --url), or --add NAME",
                param_hint="'NAME'",
            )
        if done is None and url is None:
            raise typer.BadParameter(
                "say what changes: --done, --not-done or --url URL", param_hint="'--done'"
            )
        after = set_deliverable(value, charter, name, done=done, url=url)
        d = next(
            (a for a, b in zip(after.deliverables, value.deliverables, strict=False) if a != b),
            None,
        )
        what = (
            f"deliverable {d.name!r}: {'done' if d.done else 'not done'}"
            + (f", {d.url}" if d.url else "")
            if d
            else "nothing changed"
        )
    _save(ws, loaded, path, charter, after)
    err().print(f"{charter}: {what} ({ws.rel(path)})", markup=False)


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
    _save(ws, loaded, path, charter, after)
    r = after.reports[-1]
    err().print(
        f"Recorded the {'final ' if r.final else ''}report-back of {r.date} in {ws.rel(path)}",
        markup=False,
    )
    steps = next_steps(charter, after, t, _pending(ws, charter), ws.name_of)
    if steps:
        err().print(f"Next: {steps[0]}", markup=False)


@app.command("summary")
def summary(
    charter: str = CharterArg,
    fmt: SummaryFormat = typer.Option(
        SummaryFormat.markdown,
        "--format",
        "-f",
        help="markdown for people; json for tools (fields in docs/reports.md).",
    ),
    json_out: bool = JsonFormatOpt,
    output: Path = typer.Option(
        None,
        "--output",
        "-o",
        metavar="FILE",
        help="Write it to FILE (relative to the current folder) instead of stdout; - is stdout.",
    ),
    force: bool = typer.Option(False, "--force", help="Replace FILE if it exists."),
) -> None:
    """A charter's report-back, as Markdown or JSON.

    The report-back to the community: standing, milestones, team, reports, findings."""
    from copkit.render.console import err

    fmt = chosen_format(fmt, json_out, SummaryFormat.markdown)
    ws = workspace()
    _, value, _ = _load(ws, charter)
    from copkit.render.text import visible
    from copkit.services.charters import people

    if fmt is SummaryFormat.json:
        from copkit.render.jsonout import json_text
        from copkit.services.charters import summary_data

        text = json_text(summary_data(charter, value, today(ws), ws.config().name))
    else:
        from copkit.render.charters import summary_markdown

        names = ws.member_names(people(value))
        text = visible(summary_markdown(charter, value, today(ws), ws.config().name, names))
    from copkit.storage.workspace import to_stdout

    if to_stdout(output):
        sys.stdout.write(text)
        return
    from copkit.storage.atomic import write_atomic

    target = ws.output_path(output)
    write_atomic(target, text, overwrite=force, display=ws.rel(target))
    err().print(f"Wrote {ws.rel(target)}", markup=False)
