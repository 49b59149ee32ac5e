"""Rules of SPEC section 2 that need only one file. Each finding names the key path it is about."""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Literal

from copkit.model.challenge import Challenge, Template
from copkit.model.charter import ROLES, Charter, SignUp
from copkit.model.community import Config
from copkit.model.ids import is_slug, not_slug_reason, suggest_slug

KeyPath = tuple[str | int, ...]


@dataclass(frozen=True)
class Finding:
    at: KeyPath
    message: str
    severity: Literal["error", "warning"] = "error"
    fix: str | None = None  # the command (or edit) that fixes it

    @property
    def text(self) -> str:
        """The message with its fix, as `check` prints it and refusals state it."""
        return f"{self.message}; to fix: {self.fix}" if self.fix else self.message


def _slug_finding(at: KeyPath, value: str, what: str) -> Finding | None:
    if is_slug(value):
        return None
    return Finding(
        at, f"{what} {value!r} {not_slug_reason(value)}; did you mean {suggest_slug(value)!r}?"
    )


# ---- charters: one function per rule of SPEC section 2 -----------------------------------------
#
# Each rule takes the charter and its id (for the command that fixes it) and returns its
# findings. `copkit check`, every status change, `charter new`, `charter set` and the other
# edits call the same functions through `charter_rules`.

PROPOSED_ON: tuple[str, ...] = ("proposed", "chartered", "active", "completed")
CHARTERED_ON: tuple[str, ...] = ("chartered", "active", "completed")
OPEN_STATUSES: tuple[str, ...] = ("draft", "proposed", "chartered", "active")
# The rules as refusals and `copkit charter show` state them.
RULE_DRAFT = "a draft needs a title, plus the beneficiary for pro bono and the source project for a case study"
RULE_PROPOSE = "a proposed charter needs the issue and the goal"
RULE_APPROVE = "a chartered charter needs a lead, a start date and a report cadence"
RULE_COMPLETE = "a completed charter needs findings and a final report"


def _a(status: str) -> str:
    return f"{'an' if status[0] in 'aeiou' else 'a'} {status}"


def _cmd(cid: str | None, rest: str) -> str:
    return f"copkit charter {rest.replace('{cid}', cid or 'CHARTER')}"


def rule_kind_needs(c: Charter, cid: str | None = None) -> list[Finding]:
    """A pro-bono charter names its beneficiary; a case study, the project it adopts."""
    if c.kind == "pro-bono" and not c.beneficiary:
        return [
            Finding(
                ("kind",),
                "a pro-bono charter needs a beneficiary (beneficiary:)",
                fix=_cmd(cid, "set {cid} --beneficiary TEXT"),
            )
        ]
    if c.kind == "case-study" and not c.source_project:
        return [
            Finding(
                ("kind",),
                "a case-study charter needs the project it adopts (source_project:)",
                fix=_cmd(cid, "set {cid} --source-project TEXT"),
            )
        ]
    return []


def rule_title(c: Charter, cid: str | None = None) -> list[Finding]:
    """Every charter, even a draft, has a title."""
    if c.title.strip():
        return []
    return [Finding(("title",), "a charter needs a title", fix=_cmd(cid, "set {cid} --title TEXT"))]


def rule_end_after_start(c: Charter, cid: str | None = None) -> list[Finding]:
    """`end` is not before `start`."""
    tl = c.timeline
    if tl.start and tl.end and tl.end < tl.start:
        return [
            Finding(
                ("timeline", "end"),
                f"end {tl.end} is before start {tl.start}",
                fix=_cmd(cid, "set {cid} --end DATE"),
            )
        ]
    return []


def rule_team_ids(c: Charter, cid: str | None = None) -> list[Finding]:
    """Team members are member ids, each in the team once."""
    out: list[Finding] = []
    seen: set[str] = set()
    for i, t in enumerate(c.team):
        f = _slug_finding(("team", i, "member"), t.member, "member")
        if f:
            out.append(f)
        if t.member in seen:
            out.append(
                Finding(
                    ("team", i, "member"),
                    f"{t.member} is in the team twice",
                    fix=f"remove one of the two entries of {t.member} from `team:`",
                )
            )
        seen.add(t.member)
    return out


def rule_one_lead(c: Charter, cid: str | None = None) -> list[Finding]:
    """A charter has at most one lead."""
    leads = [i for i, t in enumerate(c.team) if t.role == "lead"]
    return [
        Finding(
            ("team", i, "role"),
            "a charter has one lead; make the others role: member",
            fix=_cmd(cid, "set {cid} --lead MEMBER (the others become members)"),
        )
        for i in leads[1:]
    ]


def rule_roles(c: Charter, cid: str | None = None) -> list[Finding]:
    """Roles are lead, member or observer; only an observer gives 0 hours (warnings: files
    written before release 2 may use other roles)."""
    out: list[Finding] = []
    if c.status not in OPEN_STATUSES:
        return out
    for i, t in enumerate(c.team):
        if t.role not in ROLES:
            out.append(
                Finding(
                    ("team", i, "role"),
                    f"role {t.role!r} is not one of {', '.join(ROLES)}",
                    "warning",
                    fix=_cmd(cid, f"set {{cid}} --member {t.member}:HOURS"),
                )
            )
        elif t.role != "observer" and not t.hours_per_week:
            out.append(
                Finding(
                    ("team", i, "hours_per_week"),
                    f"{t.member} gives 0 hours a week as {t.role}; only an observer gives none",
                    "warning",
                    fix=_cmd(cid, f"set {{cid}} --member {t.member}:HOURS")
                    + f" (or --observer {t.member})",
                )
            )
    return out


def rule_propose_needs(c: Charter, cid: str | None = None) -> list[Finding]:
    """Proposed and every status past it: the issue and the goal."""
    if c.status not in PROPOSED_ON:
        return []
    out = []
    if not c.issue:
        out.append(
            Finding(
                ("status",),
                f"{_a(c.status)} charter needs the issue of the practice (issue:)",
                fix=_cmd(cid, "set {cid} --issue TEXT"),
            )
        )
    if not c.goal:
        out.append(
            Finding(
                ("status",),
                f"{_a(c.status)} charter needs a goal (goal:)",
                fix=_cmd(cid, "set {cid} --goal TEXT"),
            )
        )
    return out


def rule_team_or_seats(c: Charter, cid: str | None = None) -> list[Finding]:
    """A proposed charter with nobody in its team asks for volunteers (volunteers_wanted)."""
    if c.status != "proposed" or c.team or c.volunteers_wanted:
        return []
    return [
        Finding(
            ("status",),
            "a proposed charter with no team needs open seats for volunteers (volunteers_wanted:)",
            fix=_cmd(cid, "set {cid} --volunteers-wanted N"),
        )
    ]


def rule_approve_needs(c: Charter, cid: str | None = None) -> list[Finding]:
    """Chartered and every status past it: a lead, a start date and a report cadence."""
    if c.status not in CHARTERED_ON:
        return []
    out = []
    if c.lead is None:
        out.append(
            Finding(
                ("status",),
                f"{_a(c.status)} charter needs a lead (a team member with role: lead)",
                fix=_cmd(cid, "set {cid} --lead MEMBER:HOURS")
                + ", or a volunteer signs up: "
                + _cmd(cid, "join {cid} --as MEMBER --role lead --hours H"),
            )
        )
    if c.timeline.start is None:
        out.append(
            Finding(
                ("status",),
                f"{_a(c.status)} charter needs a start date (timeline.start)",
                fix=_cmd(cid, "set {cid} --start DATE"),
            )
        )
    if c.reporting.every_days is None:
        out.append(
            Finding(
                ("status",),
                f"{_a(c.status)} charter needs a report cadence (reporting.every_days)",
                fix=_cmd(cid, "set {cid} --every-days N"),
            )
        )
    return out


def rule_complete_needs(c: Charter, cid: str | None = None) -> list[Finding]:
    """Completed: findings and a final report."""
    if c.status != "completed":
        return []
    out = []
    if not c.findings:
        out.append(
            Finding(
                ("status",),
                "a completed charter needs findings (findings:)",
                fix=_cmd(cid, "set {cid} --findings TEXT"),
            )
        )
    if not any(r.final for r in c.reports):
        out.append(
            Finding(
                ("status",),
                "a completed charter needs a final report",
                fix=_cmd(cid, "report {cid} --final --summary TEXT")
                + " while it is active, or add a report with `final: true` to `reports:`",
            )
        )
    return out


def rule_oldest_first(c: Charter, cid: str | None = None) -> list[Finding]:
    """History and reports are kept oldest first."""
    out: list[Finding] = []
    for key in ("history", "reports"):
        items: Sequence[object] = getattr(c, key)
        dates = [getattr(x, "date") for x in items]  # noqa: B009
        for i in range(1, len(dates)):
            if dates[i] < dates[i - 1]:
                out.append(
                    Finding(
                        (key, i, "date"),
                        f"{key} are kept oldest first",
                        fix=f"put the entries of `{key}:` in date order",
                    )
                )
    return out


CHARTER_RULES = (
    rule_title,
    rule_kind_needs,
    rule_end_after_start,
    rule_team_ids,
    rule_one_lead,
    rule_roles,
    rule_propose_needs,
    rule_team_or_seats,
    rule_approve_needs,
    rule_complete_needs,
    rule_oldest_first,
)


def charter_rules(charter: Charter, cid: str | None = None) -> list[Finding]:
    """Every finding of every charter rule; `cid` names the charter in the fixes."""
    return [f for rule in CHARTER_RULES for f in rule(charter, cid)]


def errors(findings: Sequence[Finding]) -> list[Finding]:
    return [f for f in findings if f.severity == "error"]


def signup_rules(
    signup: SignUp, cid: str | None = None, member: str | None = None
) -> list[Finding]:
    """A volunteer's sign-up: only an observer gives 0 hours a week."""
    if signup.role != "observer" and not signup.hours_per_week:
        join = f"join {{cid}} --as {member or 'MEMBER'}"
        return [
            Finding(
                ("hours_per_week",),
                f"a {signup.role} signs up with 0 hours a week; only an observer gives none",
                fix=_cmd(cid, f"{join} --role {signup.role} --hours H")
                + f" (or {_cmd(cid, join + ' --role observer')})",
            )
        ]
    return []


def days_rules(days: Sequence[object], pre: KeyPath = ()) -> list[Finding]:
    out: list[Finding] = []
    if not days:
        out.append(Finding((*pre, "days"), "a challenge needs at least one day"))
    for i, d in enumerate(days):
        number = getattr(d, "day")  # noqa: B009
        if number != i + 1:
            out.append(
                Finding(
                    (*pre, "days", i, "day"),
                    f"days are numbered 1..N in order: expected {i + 1}, found {number}",
                )
            )
        if not getattr(d, "filled"):  # noqa: B009
            out.append(
                Finding(
                    (*pre, "days", i), f"day {i + 1} has no title or prompt yet", severity="warning"
                )
            )
    return out


def challenge_rules(challenge: Challenge) -> list[Finding]:
    out = days_rules(challenge.days)
    seen: dict[str, int] = {}
    for g, group in enumerate(challenge.pairs):
        if not 2 <= len(group) <= 3:
            out.append(
                Finding(("pairs", g), f"a partner group has 2 or 3 members, not {len(group)}")
            )
        for j, m in enumerate(group):
            f = _slug_finding(("pairs", g, j), m, "member")
            if f:
                out.append(f)
            if m in seen:
                out.append(Finding(("pairs", g, j), f"{m} is in two partner groups"))
            seen[m] = g
    out += schedule_rules(challenge)
    if challenge.meetup and challenge.meetup.date < challenge.end:
        out.append(
            Finding(
                ("meetup", "date"),
                f"the meetup ({challenge.meetup.date}) is before the last day ({challenge.end})",
                severity="warning",
            )
        )
    return out


def schedule_rules(challenge: Challenge) -> list[Finding]:
    """Skipped dates lie inside the challenge, once each; day 1 falls on `start`."""
    sched = challenge.schedule
    if sched is None or not challenge.days:
        return []
    cal = challenge.calendar
    out: list[Finding] = []
    seen: dict[object, int] = {}
    for i, skip in enumerate(sched.skip):
        at = ("schedule", "skip", i, "date")
        if skip.date in seen:
            out.append(
                Finding(at, f"{skip.date} is skipped twice (also entry {seen[skip.date] + 1})")
            )
            continue
        seen[skip.date] = i
        if not challenge.start <= skip.date <= cal.end:
            out.append(
                Finding(
                    at,
                    f"skipped date {skip.date} is outside the challenge "
                    f"({challenge.start} to {cal.end}); remove it",
                )
            )
        elif sched.days == "weekdays" and skip.date.weekday() >= 5:
            out.append(
                Finding(
                    at,
                    f"skipped date {skip.date} is a {skip.date:%A}, which a weekdays schedule "
                    "skips anyway; remove it",
                    severity="warning",
                )
            )
    if cal.first != challenge.start:
        out.append(
            Finding(
                ("start",),
                f"start {challenge.start} ({challenge.start:%A}) has no activity on this "
                f"schedule: day 1 falls on {cal.first:%A} {cal.first}; make that the start",
                severity="warning",
            )
        )
    return out


def template_rules(template: Template) -> list[Finding]:
    return days_rules(template.days)


# ---- channels (copkit.yaml) ------------------------------------------------------------------

_ENV_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
# what a secret looks like when someone pastes it where a variable's name belongs: an address
# (scheme://...), credentials (user:password@host) or a long run of token characters
_ADDRESS = re.compile(r"://|@|^[A-Za-z][A-Za-z0-9+.-]*:")
_TOKEN = re.compile(r"[A-Za-z0-9_\-/+=.]{24,}")


def looks_secret(value: str) -> bool:
    """True when `value` looks like a URL with credentials, an address or a token: the kind of
    text that must never be committed to a repository the whole community reads."""
    text = value.strip()
    if _ADDRESS.search(text):
        return True
    return bool(_TOKEN.fullmatch(text)) and any(c.isdigit() for c in text) and text != text.upper()


def channel_rules(channels: Mapping[str, object]) -> list[Finding]:
    """Each channel names the environment variable that holds its Apprise URL, never the URL."""
    out = []
    fix = "put the URL in an environment variable and write its name here, e.g. url_env: COPKIT_CHAT_URL"
    for name, channel in channels.items():
        f = _slug_finding(("channels", name), name, "channel")
        if f:
            out.append(f)
        if isinstance(channel, str):
            if looks_secret(channel):
                msg = (
                    f"channel {name} holds an address in the repository, where everyone can "
                    f"read it; {fix}"
                )
            else:
                msg = f"channel {name} needs the name of a variable: {{url_env: VARIABLE}}"
            out.append(Finding(("channels", name), msg))
            continue
        env = getattr(channel, "url_env", "")
        if looks_secret(env):
            out.append(
                Finding(
                    ("channels", name, "url_env"),
                    f"url_env of channel {name} looks like a URL with credentials or a token, "
                    f"and the repository must never hold a secret; {fix}",
                )
            )
        elif not _ENV_NAME.fullmatch(env):
            out.append(
                Finding(
                    ("channels", name, "url_env"),
                    f"url_env of channel {name} is {env!r}, not the name of an environment "
                    "variable (letters, digits and _, e.g. COPKIT_CHAT_URL)",
                )
            )
    return out


def federation_rules(config: Config) -> list[Finding]:
    """copkit.yaml's `federation.communities`: ids are slugs, once each; a git URL or a path."""
    out: list[Finding] = []
    if config.federation is None:
        return out
    seen: set[str] = set()
    for i, c in enumerate(config.federation.communities):
        at: KeyPath = ("federation", "communities", i)
        f = _slug_finding((*at, "id"), c.id, "community")
        if f:
            out.append(f)
        if c.id in seen:
            out.append(Finding((*at, "id"), f"community {c.id!r} is listed twice"))
        seen.add(c.id)
        if (c.git is None) == (c.path is None):
            out.append(
                Finding(at, "give a community either git: URL or path: FOLDER (exactly one)")
            )
        elif not (c.git or c.path or "").strip():
            out.append(Finding(at, "the community's git URL or path is empty"))
    return out
