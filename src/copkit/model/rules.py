"""Rules of SPEC section 2 that need only one file. Each finding names the key path it is about."""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Literal

from copkit.model.challenge import DAY_KINDS, MAX_DAYS, Challenge, Day, Template
from copkit.model.charter import ROLES, Charter, SignUp
from copkit.model.community import Config, Member
from copkit.model.ids import is_slug, not_slug_reason, suggest_slug
from copkit.model.journal import Plan
from copkit.plural import plural

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


# name@domain, with nothing a mail address cannot hold unquoted: catches a name or a word typed
# where the address goes (`not-an-email`, `Ana Silva`), not every RFC 5322 subtlety
_EMAIL = re.compile(r"[^@\s<>(),;:\"\[\]]+@[^@\s<>(),;:\"\[\].]+(\.[^@\s<>(),;:\"\[\].]+)*")


def email_finding(email: str | None) -> Finding | None:
    """An email that is not a mail address (copkit matches it against git's user.email)."""
    if email is None or _EMAIL.fullmatch(email.strip()):
        return None
    return Finding(
        ("email",), f"email {email!r} is not an email address; write it as name@example.org"
    )


def member_rules(member: Member) -> list[Finding]:
    """A member file's own rules: its email is a mail address."""
    found = email_finding(member.email)
    return [found] if found else []


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


def days_rules(days: Sequence[object], pre: KeyPath = (), what: str = "challenge") -> list[Finding]:
    out: list[Finding] = []
    if not days:
        out.append(Finding((*pre, "days"), f"a {what} needs at least one day"))
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


# ---- challenge sets (SPEC 7.4): what `copkit template check` and `copkit check` apply -------

SET_MINUTES = (5, 120)  # a daily activity fits beside work: at least 5 minutes, at most 2 hours
# A week that holds all four kinds has room for at most four days of one kind in a row (a
# rehearsal build-up: drill, rehearse, dress rehearsal, the talk); five or more cross into the
# next week and the month stops alternating.
MAX_RUN = 4
REPORT_BACK = re.compile(r"report[- ]?back|meet-?up", re.IGNORECASE)


def week_length(template: Template) -> int:
    """Days in one week of the set: 5 when it runs on weekdays only, else 7."""
    return 5 if template.schedules == ["weekdays"] else 7


def _same_text(text: str) -> str:
    return " ".join(text.split()).casefold()


def template_rules(template: Template) -> list[Finding]:
    """Every rule of a challenge set. Errors: copkit cannot run the set as it is; warnings:
    it runs, but members would feel the gap (docs/challenges.md lists each rule)."""
    days = template.days
    out = days_rules(days, what="set")
    if len(days) > MAX_DAYS:
        out.append(Finding(("days",), f"a set has at most {MAX_DAYS} days, not {len(days)}"))
    if not template.version:
        out.append(
            Finding(
                (),
                'no version: add one such as version: "2026.12", so the challenges made from '
                "the set record which edition they used",
                "warning",
            )
        )
    if template.starts_on in ("saturday", "sunday") and template.schedules == ["weekdays"]:
        out.append(
            Finding(
                ("starts_on",),
                f"starts_on: {template.starts_on}, but the set runs on weekdays only; "
                "day 1 of a weekdays challenge falls on a weekday",
                "warning",
            )
        )
    out += _day_rules(days)
    out += _rhythm_rules(days, week_length(template))
    if days and days[-1].filled:
        out += _last_day_rules(days[-1], len(days))
    return out


def _day_rules(days: Sequence[Day]) -> list[Finding]:
    out: list[Finding] = []
    titles: dict[str, int] = {}
    prompts: dict[str, int] = {}
    low, high = SET_MINUTES
    for i, d in enumerate(days):
        if not d.filled:
            continue  # days_rules said so once; the rest follows when it is written
        n = i + 1
        title = _same_text(d.title or "")
        if title in titles:
            out.append(
                Finding(
                    ("days", i, "title"),
                    f"day {n} has the same title as day {titles[title]}; give each day its own",
                    "warning",
                )
            )
        titles.setdefault(title, n)
        prompt = _same_text(d.prompt or "")
        if prompt in prompts:
            out.append(
                Finding(
                    ("days", i, "prompt"),
                    f"day {n} has the same prompt as day {prompts[prompt]}; give each day its own",
                    "warning",
                )
            )
        prompts.setdefault(prompt, n)
        if d.minutes is None:
            out.append(
                Finding(
                    ("days", i),
                    f"day {n} has no minutes: suggest the time it takes ({low} to {high})",
                    "warning",
                )
            )
        elif not low <= d.minutes <= high:
            out.append(
                Finding(
                    ("days", i, "minutes"),
                    f"day {n} suggests {plural(d.minutes, 'minute')}; a daily activity takes "
                    f"{low} to {high} minutes (split a longer one over two days)",
                    "warning",
                )
            )
        out += _level_rules(d, i)
    return out


def _level_rules(d: Day, i: int) -> list[Finding]:
    n = i + 1
    lv = d.levels
    if lv is None or not (lv.starter or lv.experienced):
        return [
            Finding(
                ("days", i),
                f"day {n} has no level variants: add levels: with a starter and an "
                "experienced version of the activity",
                "warning",
            )
        ]
    for level in ("starter", "experienced"):
        if not getattr(lv, level):
            return [
                Finding(
                    ("days", i, "levels"),
                    f"day {n} has no {level} variant; every level needs its own way in",
                    "warning",
                )
            ]
    if _same_text(lv.starter or "") == _same_text(lv.experienced or ""):
        return [
            Finding(
                ("days", i, "levels", "experienced"),
                f"day {n}: the starter and experienced variants are the same text; "
                "make the experienced one go further",
                "warning",
            )
        ]
    return []


def _rhythm_rules(days: Sequence[Day], week: int) -> list[Finding]:
    """Each full week holds all four kinds; no kind runs more than MAX_RUN days in a row."""
    out: list[Finding] = []
    for first in range(0, len(days) - week + 1, week):
        kinds = {d.kind for d in days[first : first + week]}
        missing = [k for k in DAY_KINDS if k not in kinds]
        if missing:
            out.append(
                Finding(
                    ("days", first),
                    f"week {first // week + 1} (days {first + 1}-{first + week}) has no "
                    f"{' or '.join(missing)} day; each week of a set holds learn, practice, "
                    "balance and reflect days",
                    "warning",
                )
            )
    run = 1
    for i in range(1, len(days) + 1):
        if i < len(days) and days[i].kind == days[i - 1].kind:
            run += 1
            continue
        if run > MAX_RUN:
            first = i - run
            out.append(
                Finding(
                    ("days", first + MAX_RUN),
                    f"days {first + 1}-{i} are {run} {days[first].kind} days in a row; "
                    f"alternate the kinds (at most {MAX_RUN} in a row)",
                    "warning",
                )
            )
        run = 1
    return out


def _last_day_rules(last: Day, n: int) -> list[Finding]:
    if last.kind != "reflect":
        return [
            Finding(
                ("days", n - 1, "kind"),
                f"the last day (day {n}) is a {last.kind} day; make it a reflect day that "
                "prepares the report-back",
                "warning",
            )
        ]
    if not REPORT_BACK.search(f"{last.title} {last.prompt}"):
        return [
            Finding(
                ("days", n - 1, "prompt"),
                f"the last day (day {n}) does not prepare the report-back: have its title or "
                "prompt name the report-back or the meetup, and what to bring to it",
                "warning",
            )
        ]
    return []


def plan_rules(plan: Plan) -> list[Finding]:
    """A sign-up's own rules: `copkit check`, the reading commands and `journal add` alike."""
    if plan.left and plan.joined and plan.left < plan.joined:
        return [Finding(("left",), f"left {plan.left} is before joined {plan.joined}")]
    return []


def entry_date_finding(challenge_id: str, day: int, found: date, expected: date) -> Finding | None:
    """The rule that an entry's `date:` is the date of its day in the challenge."""
    if found == expected:
        return None
    return Finding(
        ("date",),
        f"date {found} does not match day {day} of {challenge_id} ({expected}); "
        f"write date: {expected}",
    )


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
