"""Charter rules: the lifecycle, joining a team, report-backs, commitments and what is due next.

Pure functions over `Charter` values: they take `today` and the acting member as arguments,
return a changed copy, and raise `CopkitError` (what is wrong, which rule, how to fix it) when
a change is refused. Nothing here reads the disk, the clock or the environment.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any, TypeVar

import msgspec

from copkit.errors import CopkitError
from copkit.model.charter import (
    Charter,
    Deliverable,
    Funding,
    HistoryEntry,
    Kind,
    Milestone,
    Origin,
    Report,
    Reporting,
    Scope,
    Sponsor,
    Status,
    TeamMember,
    Timeline,
)
from copkit.model.rules import charter_rules, complete_missing, leave_draft_missing
from copkit.services.cadence import REPORTING_STATUSES, is_overdue, next_report_due

OVERCOMMIT_HOURS = 10.0  # the same threshold `copkit check` warns about
CLOSED: tuple[Status, ...] = ("completed", "cancelled")
OPEN: tuple[Status, ...] = ("draft", "proposed", "chartered", "active")


@dataclass(frozen=True)
class Transition:
    verb: str
    sources: tuple[Status, ...]
    target: Status
    rule: str  # the rule, as the refusal states it


TRANSITIONS: dict[str, Transition] = {
    t.verb: t
    for t in (
        Transition("propose", ("draft",), "proposed", "only a draft charter can be proposed"),
        Transition(
            "approve",
            ("proposed",),
            "chartered",
            "only a proposed charter can be approved (the community reviews a proposal first)",
        ),
        Transition(
            "start", ("chartered",), "active", "a charter can become active only from chartered"
        ),
        Transition("complete", ("active",), "completed", "only an active charter can be completed"),
        Transition(
            "cancel", OPEN, "cancelled", "a completed or cancelled charter cannot be cancelled"
        ),
    )
}

# How to satisfy each leave-draft requirement (keyed by the start of its text in model/rules).
_FIX = {
    "a goal": "add `goal:` to {path}",
    "a lead": "copkit charter join {cid} --as MEMBER --role lead --hours H",
    "a start date": "add `timeline: {{start: YYYY-MM-DD}}` to {path}",
    "a report cadence": "add `reporting: {{every_days: 14}}` to {path}",
}
# What to run after a refusal because of the current status.
_NEXT_VERB: dict[Status, str] = {
    "draft": "propose",
    "proposed": "approve",
    "chartered": "start",
    "active": "complete",
}


def _and(items: Sequence[str]) -> str:
    items = list(items)
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]


S = TypeVar("S", bound=msgspec.Struct)


def _with(value: S, **changes: Any) -> S:
    return msgspec.structs.replace(value, **changes)


def _refuse_rule_errors(cid: str, before: Charter, after: Charter, doing: str) -> None:
    """A last safety net: a change never writes a charter that breaks a rule it did not break."""
    known = {f.message for f in charter_rules(before) if f.severity == "error"}
    new = [
        f.message for f in charter_rules(after) if f.severity == "error" and f.message not in known
    ]
    if new:
        raise CopkitError(f"cannot {doing} {cid}: {'; '.join(new)}")


def number(x: float) -> float:
    """Whole numbers as int, so files say `hours_per_week: 3`, not `3.0`."""
    return int(x) if float(x).is_integer() else x


# ---- lifecycle ------------------------------------------------------------------------------


def change_status(
    charter: Charter,
    cid: str,
    verb: str,
    *,
    today: date,
    by: str | None = None,
    findings: str | None = None,
    force: bool = False,
    path: str | None = None,
) -> Charter:
    """The charter after `verb` (propose, approve, start, complete, cancel), recorded in history.

    Refused (CopkitError naming the rule and the fix) when the current status does not allow
    it, when leaving draft without a goal, a lead, a start date and a cadence, or when
    completing without findings and a final report. `findings` replaces existing, different
    findings only with `force`.
    """
    t = TRANSITIONS[verb]
    path = path or f"charters/{cid}.yaml"
    if charter.status not in t.sources:
        if charter.status == t.target:
            raise CopkitError(f"cannot {verb} {cid}: it is already {charter.status}")
        nxt = _NEXT_VERB.get(charter.status)
        hint = (
            f"Its next step is: copkit charter {nxt} {cid}"
            if nxt
            else f"A {charter.status} charter is closed; charter a new project to take the work further."
        )
        raise CopkitError(f"cannot {verb} {cid}: it is {charter.status}, and {t.rule}", hint=hint)
    changes: dict[str, Any] = {"status": t.target}
    if findings is not None:
        findings = findings.strip()
        if not findings:
            raise CopkitError(f"cannot {verb} {cid}: --findings is empty; say what the team found")
        if charter.findings and charter.findings.strip() != findings and not force:
            raise CopkitError(
                f"cannot {verb} {cid}: it already has findings, and copkit does not replace "
                "them without --force",
                hint=f"Edit `findings:` in {path}, or pass --force to replace them.",
            )
        changes["findings"] = findings
    after = _with(charter, **changes)
    if t.target != "cancelled":
        missing = leave_draft_missing(after)
        if missing:
            fixes = [
                _FIX[key].format(cid=cid, path=path)
                for m in missing
                for key in _FIX
                if m.startswith(key)
            ]
            raise CopkitError(
                f"cannot {verb} {cid}: a charter leaves draft only with a goal, a lead, a start "
                f"date and a report cadence; it lacks {_and(missing)}",
                hint="To fix: " + "; ".join(fixes),
            )
    if t.target == "completed":
        missing = complete_missing(after)
        if missing:
            fixes = []
            if not after.findings:
                fixes.append(
                    f'pass --findings "what the team brings back" (or fill `findings:` in {path})'
                )
            if not any(r.final for r in after.reports):
                fixes.append(f'record it with: copkit charter report {cid} --final --summary "..."')
            raise CopkitError(
                f"cannot complete {cid}: a charter is completed only with findings and a final "
                f"report; it lacks {_and(missing)}",
                hint="To fix: " + "; ".join(fixes),
            )
    last = charter.history[-1].date if charter.history else None
    if last is not None and today < last:
        raise CopkitError(
            f"cannot {verb} {cid} on {today}: its history is kept oldest first and its last "
            f"change is dated {last}",
            hint="Check COPKIT_TODAY, or fix the dates in `history:`.",
        )
    after = _with(
        after, history=[*charter.history, HistoryEntry(date=today, status=t.target, by=by)]
    )
    _refuse_rule_errors(cid, charter, after, verb)
    return after


# ---- the team --------------------------------------------------------------------------------


@dataclass(frozen=True)
class Joined:
    charter: Charter
    message: str


def join(
    charter: Charter, cid: str, member: str, *, hours: float | None = None, role: str | None = None
) -> Joined:
    """`member` joins the team (a volunteer fills an open seat); a member already in it changes
    their hours or role. Refused on closed charters and for a second lead."""
    if charter.status in CLOSED:
        raise CopkitError(f"cannot join {cid}: it is {charter.status}; its team is closed")
    if hours is not None and not 0 <= hours <= 80:
        raise CopkitError(f"--hours {hours:g} is out of range: give hours a week from 0 to 80")
    role = role.strip() if role is not None else None
    if role == "":
        raise CopkitError("--role is empty; give a role such as member or lead")
    lead = charter.lead
    if role == "lead" and lead is not None and lead != member:
        raise CopkitError(
            f"cannot join {cid} as lead: {lead} already leads it, and a charter has one lead",
            hint=f"Join with another role (the default is member), or change the lead in charters/{cid}.yaml.",
        )
    team = list(charter.team)
    index = next((i for i, t in enumerate(team) if t.member == member), None)
    if index is not None:
        current = team[index]
        if hours is None and role is None:
            raise CopkitError(
                f"{member} is already in the team of {cid} ({current.role}, "
                f"{current.hours_per_week:g} h a week)",
                hint="Pass --hours or --role to change the commitment.",
            )
        updated = _with(
            current,
            hours_per_week=number(hours) if hours is not None else current.hours_per_week,
            role=role or current.role,
        )
        if current.role == "lead" and updated.role != "lead":
            raise CopkitError(
                f"{member} leads {cid}; a charter needs its lead",
                hint=f"Make another member the lead in charters/{cid}.yaml first.",
            )
        if updated == current:
            return Joined(
                charter,
                f"{member} already works on {cid} as {current.role}, "
                f"{current.hours_per_week:g} h a week; nothing changed",
            )
        team[index] = updated
        after = _with(charter, team=team)
        msg = (
            f"{member} now works on {cid} as {updated.role}, "
            f"{updated.hours_per_week:g} h a week (was {current.role}, "
            f"{current.hours_per_week:g} h)"
        )
        return Joined(after, msg)
    seat = TeamMember(
        member=member, role=role or "member", hours_per_week=number(hours) if hours else 0
    )
    after = _with(
        charter, team=[*team, seat], volunteers_wanted=max(0, charter.volunteers_wanted - 1)
    )
    msg = f"{member} joined {cid} as {seat.role}, {seat.hours_per_week:g} h a week"
    if charter.volunteers_wanted:
        left = after.volunteers_wanted
        msg += (
            f"; {left} open seat{'s' * (left != 1)} left" if left else "; every open seat is filled"
        )
    if hours is None:
        msg += " (say how many hours with --hours)"
    return Joined(after, msg)


# ---- report-backs ----------------------------------------------------------------------------


def add_report(
    charter: Charter,
    cid: str,
    *,
    today: date,
    when: date,
    summary: str,
    by: str | None = None,
    feedback: Sequence[str] = (),
    next_steps: Sequence[str] = (),
    final: bool = False,
) -> Charter:
    """The charter with one more report-back, appended (reports are kept oldest first)."""
    summary = summary.strip()
    if not summary:
        raise CopkitError("--summary is empty; say in a sentence or two where the project stands")
    if charter.status not in REPORTING_STATUSES:
        raise CopkitError(
            f"cannot report on {cid}: it is {charter.status}, and only chartered and active "
            "charters report back to the community",
            hint=(
                f"Approve it first: copkit charter approve {cid}"
                if charter.status in ("draft", "proposed")
                else None
            ),
        )
    if final and charter.status != "active":
        raise CopkitError(
            f"cannot add a final report to {cid}: it is {charter.status}; the final report "
            "closes an active project",
            hint=f"Start it first: copkit charter start {cid}",
        )
    if final:
        done = next((r for r in charter.reports if r.final), None)
        if done is not None:
            raise CopkitError(
                f"{cid} already has a final report ({done.date}); a charter has one",
                hint=f"Report without --final, or edit the final report in charters/{cid}.yaml.",
            )
    if when > today:
        raise CopkitError(f"cannot report on {cid} for {when}: that is after today ({today})")
    last = charter.reports[-1].date if charter.reports else None
    if last is not None and when < last:
        raise CopkitError(
            f"cannot report on {cid} for {when}: reports are kept oldest first and the last "
            f"one is dated {last}",
            hint="Use --date on or after it, or add the report by hand where it belongs.",
        )
    report = Report(
        date=when,
        by=by,
        final=final,
        summary=summary,
        feedback=[f.strip() for f in feedback if f.strip()],
        next=[n.strip() for n in next_steps if n.strip()],
    )
    after = _with(charter, reports=[*charter.reports, report])
    _refuse_rule_errors(cid, charter, after, "report on")
    return after


# ---- commitments -----------------------------------------------------------------------------


def commitments(charters: Mapping[str, Charter], member: str) -> list[tuple[str, float]]:
    """(charter, hours a week) of `member` across chartered and active charters, by charter."""
    return [
        (cid, t.hours_per_week)
        for cid, c in sorted(charters.items())
        if c.status in REPORTING_STATUSES
        for t in c.team
        if t.member == member
    ]


def overcommitment(charters: Mapping[str, Charter], member: str) -> str | None:
    """The over-commitment warning for `member`, or None when within OVERCOMMIT_HOURS."""
    mine = commitments(charters, member)
    total = sum(h for _, h in mine)
    if total <= OVERCOMMIT_HOURS:
        return None
    parts = ", ".join(f"{cid} ({h:g} h)" for cid, h in mine)
    return (
        f"over-commitment: {member} gives {total:g} hours a week across chartered and active "
        f"charters (over {OVERCOMMIT_HOURS:g}): {parts}"
    )


# ---- views -----------------------------------------------------------------------------------


def _iso(d: date | None) -> str | None:
    return d.isoformat() if d else None


def list_row(cid: str, charter: Charter, today: date) -> dict[str, Any]:
    """One charter as `charter list --json` shows it (SPEC section 4)."""
    return {
        "charter": cid,
        "title": charter.title,
        "kind": charter.kind,
        "status": charter.status,
        "lead": charter.lead,
        "team_size": len(charter.team),
        "hours_per_week": number(charter.hours_per_week),
        "next_report_due": _iso(next_report_due(charter)),
        "overdue": is_overdue(charter, today),
    }


def show_data(cid: str, charter: Charter, today: date) -> dict[str, Any]:
    """`charter show --json`: the charter's fields plus charter, next_report_due and overdue."""
    fields = msgspec.to_builtins(charter)
    assert isinstance(fields, dict)
    return {
        "charter": cid,
        **fields,
        "next_report_due": _iso(next_report_due(charter)),
        "overdue": is_overdue(charter, today),
    }


@dataclass(frozen=True)
class Standing:
    """Where a charter stands on `today`: the figures of `show` and `summary`."""

    today: date
    status: Status
    next_report_due: date | None
    overdue: bool
    days_overdue: int
    hours_per_week: float
    milestones_done: int
    milestones_total: int
    deliverables_done: int
    deliverables_total: int
    days_elapsed: int | None  # since timeline.start; None before it or without one
    days_total: int | None  # start to end, inclusive; None without both
    late_milestones: list[str]
    next_milestone: tuple[date, str] | None
    final_report: date | None

    @property
    def timeline_share(self) -> float | None:
        if self.days_elapsed is None or not self.days_total:
            return None
        return round(min(self.days_elapsed, self.days_total) / self.days_total, 3)


def standing(charter: Charter, today: date) -> Standing:
    due = next_report_due(charter)
    overdue = is_overdue(charter, today)
    tl = charter.timeline
    open_ms = charter.status in OPEN
    elapsed = (today - tl.start).days + 1 if tl.start and today >= tl.start else None
    if charter.status in ("draft", "proposed"):
        elapsed = None
    total = (tl.end - tl.start).days + 1 if tl.start and tl.end and tl.end >= tl.start else None
    pending = sorted((m.date, m.name) for m in tl.milestones if not m.done)
    return Standing(
        today=today,
        status=charter.status,
        next_report_due=due,
        overdue=overdue,
        days_overdue=(today - due).days if overdue and due else 0,
        hours_per_week=number(charter.hours_per_week),
        milestones_done=sum(m.done for m in tl.milestones),
        milestones_total=len(tl.milestones),
        deliverables_done=sum(d.done for d in charter.deliverables),
        deliverables_total=len(charter.deliverables),
        days_elapsed=elapsed,
        days_total=total,
        late_milestones=[n for d, n in pending if d < today] if open_ms else [],
        next_milestone=next(((d, n) for d, n in pending if d >= today), None) if open_ms else None,
        final_report=next((r.date for r in charter.reports if r.final), None),
    )


def next_steps(cid: str, charter: Charter, today: date) -> list[str]:
    """What is due next, as sentences for people, most pressing first."""
    s = standing(charter, today)
    out: list[str] = []
    if charter.status == "draft":
        missing = leave_draft_missing(charter)
        if missing:
            out.append(f"Before it can be proposed it needs {_and(missing)}.")
        else:
            out.append(f"Ready to be proposed: copkit charter propose {cid}")
    elif charter.status == "proposed":
        out.append(f"Waiting for the community's approval: copkit charter approve {cid}")
    elif charter.status == "chartered":
        out.append(f"Start it when the team begins work: copkit charter start {cid}")
    if s.next_report_due is not None:
        if s.overdue:
            out.append(
                f"Report-back overdue since {s.next_report_due} ({s.days_overdue} "
                f"day{'s' * (s.days_overdue != 1)}): copkit charter report {cid} --summary ..."
            )
        else:
            days = (s.next_report_due - today).days
            when = "today" if days == 0 else f"in {days} day{'s' * (days != 1)}"
            out.append(f"Report-back due {s.next_report_due} ({when}).")
    if charter.status == "active":
        tl_end = charter.timeline.end
        missing = complete_missing(charter)
        if not missing:
            out.append(f"Ready to complete: copkit charter complete {cid}")
        elif s.final_report or (tl_end is not None and today >= tl_end):
            what = " and ".join(
                ("--findings" if m.startswith("findings") else "a final report (report --final)")
                for m in missing
            )
            out.append(f"To complete it, it needs {what}: copkit charter complete {cid}")
    for name in s.late_milestones:
        out.append(f"Milestone past its date and not done: {name}.")
    if s.next_milestone:
        out.append(f"Next milestone: {s.next_milestone[1]} ({s.next_milestone[0]}).")
    if charter.volunteers_wanted and charter.status in OPEN:
        n = charter.volunteers_wanted
        out.append(
            f"{n} open seat{'s' * (n != 1)} for volunteers: "
            f"copkit charter join {cid} --as MEMBER --hours H"
        )
    return out


# ---- a new charter -------------------------------------------------------------------------


@dataclass
class Draft:
    """What `charter new` gathered from flags and answers, before it becomes a Charter."""

    title: str | None = None
    kind: Kind | None = None
    issue: str | None = None
    goal: str | None = None
    scope_in: list[str] = field(default_factory=list)
    scope_out: list[str] = field(default_factory=list)
    origin: Origin | None = None
    beneficiary: str | None = None
    source_project: str | None = None
    lead: str | None = None
    lead_hours: float | None = None
    members: list[tuple[str, float | None]] = field(default_factory=list)
    volunteers_wanted: int | None = None
    sponsor: str | None = None
    funding_by: str | None = None
    budget: float | None = None
    currency: str | None = None
    start: date | None = None
    end: date | None = None
    milestones: list[tuple[date, str]] = field(default_factory=list)
    every_days: int | None = None
    channel: str | None = None
    deliverables: list[str] = field(default_factory=list)
    success_criteria: list[str] = field(default_factory=list)
    risks: list[str] = field(default_factory=list)


# (Draft attribute, flag) of what `charter new` cannot do without, in the order it asks.
REQUIRED_NEW: tuple[tuple[str, str], ...] = (
    ("title", "--title"),
    ("issue", "--issue"),
    ("goal", "--goal"),
    ("lead", "--lead"),
    ("start", "--start"),
    ("every_days", "--every-days"),
)
KIND_NEEDS: dict[str, tuple[str, str]] = {
    "pro-bono": ("beneficiary", "--beneficiary"),
    "case-study": ("source_project", "--source-project"),
}


def implied_kind(d: Draft) -> Kind | None:
    """--kind when given, else the variation a --beneficiary or --source-project implies."""
    if d.kind:
        return d.kind
    if d.beneficiary and not d.source_project:
        return "pro-bono"
    if d.source_project and not d.beneficiary:
        return "case-study"
    return None


def missing_new(d: Draft) -> list[str]:
    """The flags a new charter still needs: SPEC's leave-draft fields, a title and an issue,
    and the beneficiary (pro-bono) or the adopted project (case-study)."""
    out = [flag for attr, flag in REQUIRED_NEW if not getattr(d, attr)]
    need = KIND_NEEDS.get(d.kind or "practice-development")
    if need and not getattr(d, need[0]):
        out.append(need[1])
    return out


def parse_member_hours(text: str, flag: str) -> tuple[str, float | None]:
    """`MEMBER[:HOURS]` of --lead and --member; the member is checked as a slug by the caller."""
    member, sep, hours = text.strip().partition(":")
    if not member:
        raise CopkitError(f"{flag} {text!r}: give MEMBER or MEMBER:HOURS, e.g. alice-martin:3")
    if not sep:
        return member, None
    return member, parse_hours(hours, f"{flag} {text!r}")


def parse_hours(text: str, what: str = "hours") -> float:
    try:
        value = float(text.strip())
    except ValueError:
        raise CopkitError(f"{what}: {text.strip()!r} is not a number of hours a week") from None
    if not 0 <= value <= 80:
        raise CopkitError(f"{what}: {value:g} hours a week is out of range (0 to 80)")
    return number(value)


def parse_milestone(text: str, today: date) -> tuple[date, str]:
    """`YYYY-MM-DD:name` of --milestone."""
    from copkit.services.dates import parse_date

    when, sep, name = text.partition(":")
    if not sep or not name.strip():
        raise CopkitError(
            f"--milestone {text!r}: write DATE:NAME, e.g. 2027-01-15:Draft playbook reviewed"
        )
    return parse_date(when, today, what="--milestone date"), name.strip()


def unknown_member(member: str, roster: Sequence[str]) -> str | None:
    """Why `member` cannot be used (not in the roster, with a did-you-mean), or None."""
    import difflib

    from copkit.model.ids import is_slug, suggest_slug

    if not is_slug(member):
        return f"{member!r} is not a valid member id; did you mean {suggest_slug(member)!r}?"
    if member in roster:
        return None
    close = (
        difflib.get_close_matches(member, list(roster), n=1)
        or [m for m in roster if m.startswith(f"{member}-")][:1]
    )
    hint = f"did you mean {close[0]!r}?" if close else f"add them with `copkit member add {member}`"
    return f"unknown member {member!r}: {hint}"


def new_charter(d: Draft, *, community: str, today: date, by: str | None = None) -> Charter:
    """A draft charter from `d`, its creation recorded in history; CopkitError listing every
    rule the answers break."""
    problems: list[str] = []
    seen: set[str] = set()
    team: list[TeamMember] = []
    if d.lead:
        team.append(
            TeamMember(member=d.lead, role="lead", hours_per_week=number(d.lead_hours or 0))
        )
        seen.add(d.lead)
    for m, h in d.members:
        if m in seen:
            problems.append(f"{m} is given twice for the team")
            continue
        seen.add(m)
        team.append(TeamMember(member=m, role="member", hours_per_week=number(h or 0)))
    if (d.budget is not None or d.currency) and not d.funding_by:
        problems.append("--budget and --currency need --funding-by (who funds the project)")
    funding = (
        Funding(
            by=d.funding_by,
            amount=number(d.budget) if d.budget is not None else None,
            currency=d.currency,
        )
        if d.funding_by
        else None
    )
    kind = d.kind or "practice-development"
    charter = Charter(
        title=(d.title or "").strip(),
        kind=kind,
        status="draft",
        issue=d.issue,
        goal=d.goal,
        scope=Scope(in_=list(d.scope_in), out=list(d.scope_out)),
        origin=d.origin or "members-proposed",
        beneficiary=d.beneficiary,
        source_project=d.source_project,
        team=team,
        volunteers_wanted=d.volunteers_wanted or 0,
        sponsor=Sponsor(learning=d.sponsor or community, funding=funding),
        timeline=Timeline(
            start=d.start,
            end=d.end,
            milestones=[Milestone(date=w, name=n) for w, n in sorted(d.milestones)],
        ),
        reporting=Reporting(every_days=d.every_days, channel=d.channel),
        deliverables=[Deliverable(name=n) for n in d.deliverables],
        success_criteria=list(d.success_criteria),
        risks=list(d.risks),
        history=[HistoryEntry(date=today, status="draft", by=by)],
    )
    if d.beneficiary and kind != "pro-bono":
        problems.append("--beneficiary is for pro-bono charters (--kind pro-bono)")
    if d.source_project and kind != "case-study":
        problems.append("--source-project is for case-study charters (--kind case-study)")
    problems += [f.message for f in charter_rules(charter) if f.severity == "error"]
    if problems:
        raise CopkitError("the charter cannot be created: " + "; ".join(dict.fromkeys(problems)))
    return charter
