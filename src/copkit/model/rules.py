"""Rules of SPEC section 2 that need only one file. Each finding names the key path it is about."""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Literal

from copkit.model.challenge import Challenge, Template
from copkit.model.charter import Charter
from copkit.model.ids import is_slug, not_slug_reason, suggest_slug

KeyPath = tuple[str | int, ...]


@dataclass(frozen=True)
class Finding:
    at: KeyPath
    message: str
    severity: Literal["error", "warning"] = "error"


def _slug_finding(at: KeyPath, value: str, what: str) -> Finding | None:
    if is_slug(value):
        return None
    return Finding(
        at, f"{what} {value!r} {not_slug_reason(value)}; did you mean {suggest_slug(value)!r}?"
    )


def leave_draft_missing(charter: Charter) -> list[str]:
    """What a charter lacks to leave `draft` (goal, lead, start date, cadence)."""
    missing = []
    if not charter.goal:
        missing.append("a goal (goal:)")
    if charter.lead is None:
        missing.append("a lead (a team member with role: lead)")
    if charter.timeline.start is None:
        missing.append("a start date (timeline.start)")
    if charter.reporting.every_days is None:
        missing.append("a report cadence (reporting.every_days)")
    return missing


def complete_missing(charter: Charter) -> list[str]:
    """What a charter lacks to be `completed` (findings and a final report)."""
    missing = []
    if not charter.findings:
        missing.append("findings (findings:)")
    if not any(r.final for r in charter.reports):
        missing.append("a final report (copkit charter report --final)")
    return missing


def charter_rules(charter: Charter) -> list[Finding]:
    out: list[Finding] = []
    if charter.kind == "pro-bono" and not charter.beneficiary:
        out.append(Finding(("kind",), "a pro-bono charter needs a beneficiary (beneficiary:)"))
    if charter.kind == "case-study" and not charter.source_project:
        out.append(
            Finding(("kind",), "a case-study charter needs the project it adopts (source_project:)")
        )
    tl = charter.timeline
    if tl.start and tl.end and tl.end < tl.start:
        out.append(Finding(("timeline", "end"), f"end {tl.end} is before start {tl.start}"))
    seen: set[str] = set()
    for i, t in enumerate(charter.team):
        f = _slug_finding(("team", i, "member"), t.member, "member")
        if f:
            out.append(f)
        if t.member in seen:
            out.append(Finding(("team", i, "member"), f"{t.member} is in the team twice"))
        seen.add(t.member)
    leads = [i for i, t in enumerate(charter.team) if t.role == "lead"]
    for i in leads[1:]:
        out.append(
            Finding(("team", i, "role"), "a charter has one lead; make the others role: member")
        )
    if charter.status != "draft" and charter.status != "cancelled":
        for what in leave_draft_missing(charter):
            out.append(Finding(("status",), f"a {charter.status} charter needs {what}"))
    if charter.status == "completed":
        for what in complete_missing(charter):
            out.append(Finding(("status",), f"a completed charter needs {what}"))
    for key in ("history", "reports"):
        items: Sequence[object] = getattr(charter, key)
        dates = [getattr(x, "date") for x in items]  # noqa: B009
        for i in range(1, len(dates)):
            if dates[i] < dates[i - 1]:
                out.append(Finding((key, i, "date"), f"{key} are kept oldest first"))
    return out


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
