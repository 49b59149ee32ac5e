"""Charter rules: the lifecycle, joining a team, report-backs, commitments and what is due next.

Pure functions over `Charter` values: they take `today` and the acting member as arguments,
return a changed copy, and raise `CopkitError` (what is wrong, which rule, how to fix it) when
a change is refused. Nothing here reads the disk, the clock or the environment.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
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
    Role,
    Scope,
    SignUp,
    Sponsor,
    Status,
    TeamMember,
    Timeline,
)
from copkit.model.rules import (
    RULE_APPROVE,
    RULE_COMPLETE,
    RULE_DRAFT,
    RULE_PROPOSE,
    Finding,
    charter_rules,
    errors,
)
from copkit.plural import plural
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


# The rule each target status adds, as a refusal names it.
RULE_OF: dict[Status, str] = {
    "draft": RULE_DRAFT,
    "proposed": RULE_PROPOSE,
    "chartered": RULE_APPROVE,
    "active": RULE_APPROVE,
    "completed": RULE_COMPLETE,
}


def new_errors(before: Charter | None, after: Charter, cid: str) -> list[Finding]:
    """The rule errors of `after` that `before` did not have (all of them without `before`)."""
    known = {f.text for f in errors(charter_rules(before, cid))} if before is not None else set()
    return [f for f in errors(charter_rules(after, cid)) if f.text not in known]


def refuse_broken(
    before: Charter | None, after: Charter, cid: str, doing: str, rule: str | None = None
) -> None:
    """CopkitError naming the rule(s) `after` breaks and the command(s) that fix them: a
    change never writes a charter that breaks a rule it did not break."""
    found = new_errors(before, after, cid)
    if not found:
        return
    head = f"cannot {doing} {cid}"
    if rule:
        head += f" (rule: {rule})"
    raise CopkitError(
        f"{head}: " + "; ".join(f.message for f in found),
        hint="To fix: " + "; ".join(dict.fromkeys(f.fix for f in found if f.fix)),
    )


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
    it, or when the charter in its new status would break a rule of `charter_rules` (propose:
    the issue and the goal; approve: a lead, a start date and a cadence; complete: findings
    and a final report), or, without `force`, when completing with open milestones or
    deliverables. `findings` replaces existing, different findings only with `force`.
    """
    t = TRANSITIONS[verb]
    path = path or f"charters/{cid}.yaml"
    if charter.status not in t.sources:
        if charter.status == t.target:
            nxt = _NEXT_VERB.get(charter.status)
            raise CopkitError(
                f"cannot {verb} {cid}: it is already {charter.status}",
                hint=f"Its next step is: copkit charter {nxt} {cid}" if nxt else None,
            )
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
            raise CopkitError(
                f"cannot {verb} {cid}: --findings is empty; say what the team found",
                hint=f'To fix: copkit charter {verb} {cid} --findings "what the team brings back"',
            )
        if charter.findings and charter.findings.strip() != findings and not force:
            raise CopkitError(
                f"cannot {verb} {cid}: it already has findings, and copkit does not replace "
                "them without --force",
                hint=f"Edit `findings:` in {path}, or pass --force to replace them.",
            )
        changes["findings"] = findings
    after = _with(charter, **changes)
    if t.target == "completed" and not force:
        still = open_items(charter)
        if still:
            raise CopkitError(
                f"cannot complete {cid} (rule: a project completes with its milestones and "
                f"deliverables done, or with --force): still open: {_and(still)}",
                hint=(
                    f"To fix: copkit charter milestone {cid} NAME --done; "
                    f"copkit charter deliverable {cid} NAME --done --url URL; "
                    f"or copkit charter complete {cid} --force to complete with them open"
                ),
            )
    refuse_broken(charter, after, cid, verb, RULE_OF.get(t.target))
    last = charter.history[-1].date if charter.history else None
    if last is not None and today < last:
        raise CopkitError(
            f"cannot {verb} {cid} on {today}: its history is kept oldest first and its last "
            f"change is dated {last}",
            hint="Check COPKIT_TODAY, or fix the dates in `history:`.",
        )
    return _with(
        after, history=[*charter.history, HistoryEntry(date=today, status=t.target, by=by)]
    )


def open_items(charter: Charter) -> list[str]:
    """Milestones and deliverables not done yet, as `complete` lists them."""
    out = [f"milestone {m.name!r} ({m.date})" for m in charter.timeline.milestones if not m.done]
    out += [f"deliverable {d.name!r}" for d in charter.deliverables if not d.done]
    return out


# ---- the team --------------------------------------------------------------------------------


@dataclass(frozen=True)
class SignedUp:
    """What `charter join` writes: the volunteer's own sign-up file (None: nothing to write)."""

    signup: SignUp | None
    message: str


def sign_up(
    charter: Charter,
    cid: str,
    member: str,
    *,
    today: date,
    hours: float | None = None,
    role: Role = "member",
    pending: Mapping[str, SignUp] | None = None,
    left: date | None = None,
    name: Callable[[str], str] = str,
) -> SignedUp:
    """`member` volunteers for `cid`: their own sign-up, which the organiser folds into the
    team (`fold`). Refused on closed charters, for members who left the community, for 0 hours
    unless the role is observer, and for a second lead. `name` gives the name a person reads
    for a member id (commands in hints keep ids)."""
    from copkit.services.members import refuse_if_left

    pending = pending or {}
    refuse_if_left(member, left, f"join {cid}")
    if charter.status in CLOSED:
        raise CopkitError(
            f"cannot join {cid} (rule: only open charters take volunteers): it is "
            f"{charter.status}; its team is closed",
            hint="See the open ones with: copkit charter list",
        )
    if hours is not None and not 0 <= hours <= 80:
        raise CopkitError(
            f"--hours {hours:g} is out of range (rule: hours a week are 0 to 80)",
            hint=f"To fix: copkit charter join {cid} --as {member} --hours H",
        )
    if role != "observer" and not hours:
        raise CopkitError(
            f"cannot join {cid} as {role} with {'no' if hours is None else '0'} hours a week "
            "(rule: only an observer gives 0 hours)",
            hint=(
                f"To fix: copkit charter join {cid} --as {member} --role {role} --hours H, "
                f"or follow it without hours: copkit charter join {cid} --as {member} --role observer"
            ),
        )
    h = number(hours or 0)
    lead = charter.lead
    other_leads = sorted(m for m, s in pending.items() if s.role == "lead" and m != member)
    if role == "lead" and ((lead is not None and lead != member) or other_leads):
        who = lead if lead is not None and lead != member else other_leads[0]
        where = "leads it" if who == lead else f"signed up to lead it ({_signup_rel(cid, who)})"
        raise CopkitError(
            f"cannot join {cid} as lead (rule: a charter has one lead): {name(who)} already {where}",
            hint=f"To fix: copkit charter join {cid} --as {member} --role member --hours {h:g}",
        )
    current = next((t for t in charter.team if t.member == member), None)
    if current is not None:
        if current.role == "lead" and role != "lead":
            raise CopkitError(
                f"cannot join {cid} as {role}: {name(member)} leads it "
                "(rule: a charter keeps its lead)",
                hint=f"To fix: make another member the lead first: copkit charter set {cid} --lead MEMBER",
            )
        if current.role == role and current.hours_per_week == h:
            return SignedUp(
                None,
                f"{name(member)} already works on {cid} as {role}, {h:g} h a week; nothing changed",
            )
    mine = pending.get(member)
    signup = SignUp(role=role, hours_per_week=h, date=mine.date if mine else today)
    if mine is not None and mine.role == role and mine.hours_per_week == h:
        return SignedUp(
            None, f"{name(member)} already signed up for {cid} as {role}, {h:g} h a week"
        )
    what = "changed their sign-up for" if mine is not None else "signed up for"
    if current is not None:
        what = f"asked to change their place in (now {current.role}, {current.hours_per_week:g} h)"
    return SignedUp(signup, f"{name(member)} {what} {cid} as {role}, {h:g} h a week")


def _signup_rel(cid: str, member: str) -> str:
    return f"charters/{cid}/volunteers/{member}.yaml"


def open_seats(charter: Charter, pending: Mapping[str, SignUp] | None = None) -> int:
    """Seats still open: `volunteers_wanted` less the sign-ups waiting to be folded that will
    take one (newcomers who are not observers); 0 for closed charters."""
    if charter.status in CLOSED:
        return 0
    team = {t.member for t in charter.team}
    taking = sum(1 for m, s in (pending or {}).items() if m not in team and s.role != "observer")
    return max(0, charter.volunteers_wanted - taking)


@dataclass(frozen=True)
class Folded:
    charter: Charter
    members: list[str]  # whose sign-ups were folded, sorted
    messages: list[str]


def fold(
    charter: Charter,
    cid: str,
    pending: Mapping[str, SignUp],
    left: Mapping[str, date],
    name: Callable[[str], str] = str,
) -> Folded:
    """The charter with every pending sign-up in its team: a newcomer takes a seat (an
    observer takes none), a member already in the team gets the role and hours they asked for.
    Refused, naming the sign-up files, when two people would lead or a volunteer has left.
    `name` gives the name a person reads for a member id."""
    if not pending:
        return Folded(charter, [], [])
    gone = sorted(m for m in pending if m in left)
    if gone:
        from copkit.services.members import RULE_LEFT

        files = " ".join(_signup_rel(cid, m) for m in gone)
        raise CopkitError(
            f"cannot add the sign-ups to {cid}: {_and(list(map(name, gone)))} left the community "
            f"(rule: {RULE_LEFT})",
            hint=f"To fix: remove their sign-up: git rm {files}",
        )
    if charter.status in CLOSED:
        raise CopkitError(
            f"cannot add the sign-ups to {cid} (rule: only open charters take volunteers): "
            f"it is {charter.status}",
            hint="To fix: git rm -r " + f"charters/{cid}/volunteers",
        )
    leads = sorted(m for m, s in pending.items() if s.role == "lead")
    lead = charter.lead
    if len(leads) > 1 or (leads and lead is not None and lead != leads[0]):
        who = sorted({*leads, *([lead] if lead else [])})
        raise CopkitError(
            f"cannot add the sign-ups to {cid} (rule: a charter has one lead): "
            f"{_and(list(map(name, who)))} would lead it",
            hint="To fix: all but one join as member: "
            + "; ".join(
                f"copkit charter join {cid} --as {m} --role member --hours "
                f"{pending[m].hours_per_week:g}"
                for m in leads
                if m != (lead or leads[0])
            ),
        )
    team = list(charter.team)
    seats = charter.volunteers_wanted
    messages = []
    for m in sorted(pending):
        s = pending[m]
        entry = TeamMember(member=m, role=s.role, hours_per_week=number(s.hours_per_week))
        index = next((i for i, t in enumerate(team) if t.member == m), None)
        if index is None:
            team.append(entry)
            if s.role != "observer":
                seats = max(0, seats - 1)
            messages.append(f"{name(m)} joined as {s.role}, {s.hours_per_week:g} h a week")
        else:
            was = team[index]
            team[index] = _with(was, role=s.role, hours_per_week=entry.hours_per_week)
            messages.append(
                f"{name(m)} now {s.role}, {s.hours_per_week:g} h a week "
                f"(was {was.role}, {was.hours_per_week:g} h)"
            )
    after = _with(charter, team=team, volunteers_wanted=seats)
    return Folded(after, sorted(pending), messages)


# ---- routine edits: charter set, milestone, deliverable ----------------------------------


@dataclass
class Edit:
    """What `charter set` changes; None leaves a field as it is. Lists replace the old list."""

    title: str | None = None
    kind: Kind | None = None
    issue: str | None = None
    goal: str | None = None
    origin: Origin | None = None
    beneficiary: str | None = None
    source_project: str | None = None
    volunteers_wanted: int | None = None
    sponsor: str | None = None
    funding_by: str | None = None
    budget: float | None = None
    currency: str | None = None
    start: date | None = None
    end: date | None = None
    every_days: int | None = None
    channel: str | None = None
    findings: str | None = None
    scope_in: list[str] | None = None
    scope_out: list[str] | None = None
    success_criteria: list[str] | None = None
    risks: list[str] | None = None
    lead: tuple[str, float | None] | None = None
    members: list[tuple[str, float | None]] = field(default_factory=list)
    observers: list[str] = field(default_factory=list)
    drop: list[str] = field(default_factory=list)

    def empty(self) -> bool:
        return self == Edit()


def _text_field(value: str, flag: str) -> str:
    value = value.strip()
    if not value:
        raise CopkitError(f"{flag} is empty; give the new text")
    return value


def edit(charter: Charter, cid: str, e: Edit) -> Charter:
    """The charter with the fields of `e` changed; the caller checks the result against every
    charter rule (the same ones as `copkit check`) before writing."""
    c = charter
    texts = {
        "title": "--title",
        "issue": "--issue",
        "goal": "--goal",
        "beneficiary": "--beneficiary",
        "source_project": "--source-project",
        "findings": "--findings",
    }
    for attr, flag in texts.items():
        value = getattr(e, attr)
        if value is not None:
            c = _with(c, **{attr: _text_field(value, flag)})
    if e.kind is not None:
        c = _with(c, kind=e.kind)
    if e.origin is not None:
        c = _with(c, origin=e.origin)
    if e.volunteers_wanted is not None:
        c = _with(c, volunteers_wanted=e.volunteers_wanted)
    scope = c.scope
    if e.scope_in is not None:
        scope = _with(scope, in_=[x.strip() for x in e.scope_in if x.strip()])
    if e.scope_out is not None:
        scope = _with(scope, out=[x.strip() for x in e.scope_out if x.strip()])
    c = _with(c, scope=scope)
    if e.success_criteria is not None:
        c = _with(c, success_criteria=[x.strip() for x in e.success_criteria if x.strip()])
    if e.risks is not None:
        c = _with(c, risks=[x.strip() for x in e.risks if x.strip()])
    sponsor = c.sponsor
    if e.sponsor is not None:
        sponsor = _with(sponsor, learning=_text_field(e.sponsor, "--sponsor"))
    if e.funding_by is not None or e.budget is not None or e.currency is not None:
        funding = sponsor.funding
        if funding is None and e.funding_by is None:
            raise CopkitError(
                f"cannot set the budget of {cid}: it has no funder "
                "(rule: --budget and --currency need --funding-by)",
                hint=f"To fix: copkit charter set {cid} --funding-by WHO --budget N --currency EUR",
            )
        funding = funding or Funding(by="")
        if e.funding_by is not None:
            funding = _with(funding, by=_text_field(e.funding_by, "--funding-by"))
        if e.budget is not None:
            funding = _with(funding, amount=number(e.budget))
        if e.currency is not None:
            funding = _with(funding, currency=e.currency.strip() or None)
        sponsor = _with(sponsor, funding=funding)
    c = _with(c, sponsor=sponsor)
    tl = c.timeline
    if e.start is not None:
        tl = _with(tl, start=e.start)
    if e.end is not None:
        tl = _with(tl, end=e.end)
    c = _with(c, timeline=tl)
    rep = c.reporting
    if e.every_days is not None:
        rep = _with(rep, every_days=e.every_days)
    if e.channel is not None:
        rep = _with(rep, channel=_text_field(e.channel, "--channel"))
    c = _with(c, reporting=rep)
    return _edit_team(c, cid, e)


def _edit_team(c: Charter, cid: str, e: Edit) -> Charter:
    team = list(c.team)

    def index(m: str) -> int | None:
        return next((i for i, t in enumerate(team) if t.member == m), None)

    for m in e.drop:
        i = index(m)
        if i is None:
            from copkit.model.ids import did_you_mean

            close = did_you_mean(m, [t.member for t in team])
            raise CopkitError(
                f"--drop-member {m}: {m} is not in the team of {cid}"
                + (f"; {close}" if close else ""),
                hint=f"See the team with: copkit charter show {cid}",
            )
        team.pop(i)
    for m, h in e.members:
        i = index(m)
        if i is None:
            team.append(TeamMember(member=m, role="member", hours_per_week=number(h or 0)))
        else:
            role = team[i].role if team[i].role != "observer" else "member"
            hours = number(team[i].hours_per_week if h is None else h)
            team[i] = _with(team[i], role=role, hours_per_week=hours)
    for m in e.observers:
        i = index(m)
        seat = TeamMember(member=m, role="observer", hours_per_week=0)
        if i is None:
            team.append(seat)
        else:
            team[i] = _with(team[i], role="observer")
    if e.lead is not None:
        m, h = e.lead
        for i, t in enumerate(team):
            if t.role == "lead" and t.member != m:
                team[i] = _with(t, role="member", hours_per_week=number(t.hours_per_week))
        i = index(m)
        if i is None:
            team.append(TeamMember(member=m, role="lead", hours_per_week=number(h or 0)))
        else:
            hours = number(team[i].hours_per_week if h is None else h)
            team[i] = _with(team[i], role="lead", hours_per_week=hours)
    return _with(c, team=team)


def _find(names: Sequence[str], name: str, what: str, cid: str, command: str) -> int:
    """The index of `name` among `names`: exact, else the only case-insensitive or prefix
    match; else CopkitError listing them."""
    if name in names:
        return names.index(name)
    low = name.strip().lower()
    for pick in (
        [i for i, n in enumerate(names) if n.lower() == low],
        [i for i, n in enumerate(names) if n.lower().startswith(low)],
    ):
        if len(pick) == 1:
            return pick[0]
    known = "; ".join(repr(n) for n in names) if names else f"it has no {what}s yet"
    raise CopkitError(
        f"no {what} {name!r} in {cid}: {known}",
        hint=f"To fix: give one of these names, or add it: {command}",
    )


def set_milestone(
    charter: Charter,
    cid: str,
    name: str,
    *,
    done: bool | None = None,
    when: date | None = None,
) -> Charter:
    """Tick (or untick) a milestone and/or move its date."""
    ms = list(charter.timeline.milestones)
    i = _find(
        [m.name for m in ms],
        name,
        "milestone",
        cid,
        f"copkit charter milestone {cid} --add DATE:NAME",
    )
    changed = ms[i]
    if done is not None:
        changed = _with(changed, done=done)
    if when is not None:
        changed = _with(changed, date=when)
    ms[i] = changed
    return _with(charter, timeline=_with(charter.timeline, milestones=ms))


def add_milestone(charter: Charter, cid: str, when: date, name: str) -> Charter:
    """One more milestone, at the end of the list (the file's order is kept)."""
    name = name.strip()
    if any(m.name == name for m in charter.timeline.milestones):
        raise CopkitError(
            f"{cid} already has a milestone {name!r} (rule: milestone names are unique)",
            hint=f"To fix: copkit charter milestone {cid} {name!r} --date {when}",
        )
    ms = [*charter.timeline.milestones, Milestone(date=when, name=name)]
    return _with(charter, timeline=_with(charter.timeline, milestones=ms))


def set_deliverable(
    charter: Charter,
    cid: str,
    name: str,
    *,
    done: bool | None = None,
    url: str | None = None,
) -> Charter:
    """Mark a deliverable done (or not), with the URL where it lives."""
    ds = list(charter.deliverables)
    i = _find(
        [d.name for d in ds],
        name,
        "deliverable",
        cid,
        f"copkit charter deliverable {cid} --add NAME",
    )
    changed = ds[i]
    if done is not None:
        changed = _with(changed, done=done)
    if url is not None:
        changed = _with(changed, url=url.strip() or None)
    ds[i] = changed
    return _with(charter, deliverables=ds)


def add_deliverable(charter: Charter, cid: str, name: str) -> Charter:
    name = name.strip()
    if not name:
        raise CopkitError("--add is empty; give the deliverable's name")
    if any(d.name == name for d in charter.deliverables):
        raise CopkitError(
            f"{cid} already has a deliverable {name!r} (rule: deliverable names are unique)",
            hint=f"To fix: copkit charter deliverable {cid} {name!r} --done",
        )
    return _with(charter, deliverables=[*charter.deliverables, Deliverable(name=name)])


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
    refuse_broken(charter, after, cid, "report on")
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


def overcommitment(
    charters: Mapping[str, Charter], member: str, name: Callable[[str], str] = str
) -> str | None:
    """The over-commitment warning for `member` (`name`: the name a person reads for the id),
    or None when within OVERCOMMIT_HOURS."""
    mine = commitments(charters, member)
    total = sum(h for _, h in mine)
    if total <= OVERCOMMIT_HOURS:
        return None
    parts = ", ".join(f"{cid} ({h:g} h)" for cid, h in mine)
    return (
        f"over-commitment: {name(member)} gives {total:g} hours a week across chartered and active "
        f"charters (over {OVERCOMMIT_HOURS:g}): {parts}"
    )


# ---- views -----------------------------------------------------------------------------------


def _iso(d: date | None) -> str | None:
    return d.isoformat() if d else None


def people(charter: Charter, pending: Mapping[str, SignUp] | None = None) -> set[str]:
    """The members a charter's views name: its team, sign-ups, reporters and history."""
    out = {t.member for t in charter.team} | set(pending or {})
    out |= {r.by for r in charter.reports if r.by} | {e.by for e in charter.history if e.by}
    return out


def list_row(
    cid: str, charter: Charter, today: date, pending: Mapping[str, SignUp] | None = None
) -> dict[str, Any]:
    """One charter as `charter list --json` shows it (SPEC section 4), with its open seats
    and the sign-ups waiting to be added to the team."""
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
        "open_seats": open_seats(charter, pending),
        "signups": sorted(pending or {}),
    }


def show_data(
    cid: str, charter: Charter, today: date, pending: Mapping[str, SignUp] | None = None
) -> dict[str, Any]:
    """`charter show --json`: the charter's fields plus charter, next_report_due, overdue,
    open_seats and the pending sign-ups."""
    fields = msgspec.to_builtins(charter)
    assert isinstance(fields, dict)
    return {
        "charter": cid,
        **fields,
        "next_report_due": _iso(next_report_due(charter)),
        "overdue": is_overdue(charter, today),
        "open_seats": open_seats(charter, pending),
        "signups": [
            {"member": m, **msgspec.to_builtins(v)} for m, v in sorted((pending or {}).items())
        ],
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


def milestone_late(m: Milestone, charter: Charter, today: date) -> bool:
    """A milestone not done by its date, while the project runs (chartered or active)."""
    return not m.done and m.date < today and charter.status in ("chartered", "active")


def summary_data(cid: str, charter: Charter, today: date, community: str) -> dict[str, Any]:
    """`charter summary --json`: the report-back's content as data (docs/reports.md): the
    charter's own fields plus where it stands on `today`. Members are ids, dates ISO text."""
    s = standing(charter, today)
    fields = msgspec.to_builtins(charter)
    assert isinstance(fields, dict)
    since = next((e.date for e in reversed(charter.history) if e.status == charter.status), None)
    fields["timeline"]["milestones"] = [
        {**data, "late": milestone_late(m, charter, today)}
        for m, data in zip(
            charter.timeline.milestones, fields["timeline"]["milestones"], strict=True
        )
    ]
    return {
        "charter": cid,
        "community": community,
        "today": today.isoformat(),
        **fields,
        "status_since": _iso(since),
        "standing": {
            "hours_per_week": s.hours_per_week,
            "team_size": len(charter.team),
            "milestones_done": s.milestones_done,
            "milestones_total": s.milestones_total,
            "deliverables_done": s.deliverables_done,
            "deliverables_total": s.deliverables_total,
            "days_elapsed": s.days_elapsed,
            "days_total": s.days_total,
            "timeline_share": s.timeline_share,
            "report_backs": len(charter.reports),
            "next_report_due": _iso(s.next_report_due),
            "overdue": s.overdue,
            "days_overdue": s.days_overdue,
            "final_report": _iso(s.final_report),
        },
    }


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


def lacks(charter: Charter, cid: str, target: Status) -> list[Finding]:
    """What `charter` would break in status `target`: what its next verb still needs."""
    return new_errors(charter, _with(charter, status=target), cid)


def _needs(found: Sequence[Finding]) -> str:
    return _and([f.message.split(" needs ", 1)[-1] for f in found])


def next_steps(
    cid: str,
    charter: Charter,
    today: date,
    pending: Mapping[str, SignUp] | None = None,
    name: Callable[[str], str] = str,
) -> list[str]:
    """What is due next, as sentences for people, most pressing first (`name`: the name a
    person reads for a member id)."""
    s = standing(charter, today)
    pending = pending or {}
    out: list[str] = []
    if pending and charter.status in OPEN:
        n = len(pending)
        verb = "approve" if charter.status == "proposed" else "set"
        out.append(
            f"{plural(n, 'sign-up')} waiting ({_and([name(m) for m in sorted(pending)])}): "
            f"copkit charter {verb} {cid} adds {'them' if n != 1 else 'it'} to the team"
        )
    if charter.status == "draft":
        missing = lacks(charter, cid, "proposed")
        if missing:
            out.append(f"Before it can be proposed it needs {_needs(missing)}.")
        else:
            out.append(f"Ready to be proposed: copkit charter propose {cid}")
    elif charter.status == "proposed":
        try:
            base = fold(charter, cid, pending, {}).charter
        except CopkitError:  # two would-be leads: `approve` says so
            base = charter
        missing = lacks(base, cid, "chartered")
        if missing:
            out.append(f"Before it can be approved it needs {_needs(missing)}.")
        else:
            out.append(f"Waiting for the community's approval: copkit charter approve {cid}")
    elif charter.status == "chartered":
        out.append(f"Start it when the team begins work: copkit charter start {cid}")
    if s.next_report_due is not None:
        if s.overdue:
            out.append(
                f"Report-back overdue since {s.next_report_due} "
                f"({plural(s.days_overdue, 'day')}): copkit charter report {cid} --summary ..."
            )
        else:
            days = (s.next_report_due - today).days
            when = "today" if days == 0 else f"in {plural(days, 'day')}"
            out.append(f"Report-back due {s.next_report_due} ({when}).")
    if charter.status == "active":
        tl_end = charter.timeline.end
        missing = lacks(charter, cid, "completed")
        if not missing:
            out.append(f"Ready to complete: copkit charter complete {cid}")
        elif s.final_report or (tl_end is not None and today >= tl_end):
            what = " and ".join(
                "--findings" if "findings" in f.message else "a final report (report --final)"
                for f in missing
            )
            out.append(f"To complete it, it needs {what}: copkit charter complete {cid}")
    for milestone in s.late_milestones:
        out.append(f"Milestone past its date and not done: {milestone}.")
    if s.next_milestone:
        out.append(f"Next milestone: {s.next_milestone[1]} ({s.next_milestone[0]}).")
    seats = open_seats(charter, pending)
    if seats:
        out.append(
            f"Looking for volunteers ({plural(seats, 'seat')}): "
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


# (Draft attribute, flag) of what `charter new` cannot do without: a draft needs only a
# title (plus KIND_NEEDS); the rest is worked out in the draft (SPEC section 2).
REQUIRED_NEW: tuple[tuple[str, str], ...] = (("title", "--title"),)
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
    """The flags a new draft still needs: a title, and the beneficiary (pro-bono) or the
    adopted project (case-study)."""
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
    from copkit.model.ids import did_you_mean, is_slug, suggest_slug

    if not is_slug(member):
        return f"{member!r} is not a valid member id; did you mean {suggest_slug(member)!r}?"
    if member in roster:
        return None
    hint = did_you_mean(member, roster) or f"add them with `copkit member add {member}`"
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
    problems += [f.message for f in errors(charter_rules(charter))]
    if problems:
        raise CopkitError("the charter cannot be created: " + "; ".join(dict.fromkeys(problems)))
    return charter
