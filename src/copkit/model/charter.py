"""A practice development project (charters/<charter>.yaml)."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Literal

import msgspec

Kind = Literal["practice-development", "case-study", "pro-bono"]
Status = Literal["draft", "proposed", "chartered", "active", "completed", "cancelled"]
Origin = Literal["members-proposed", "community-requested"]
Role = Literal["lead", "member", "observer"]

KINDS: tuple[Kind, ...] = ("practice-development", "case-study", "pro-bono")
STATUSES: tuple[Status, ...] = (
    "draft",
    "proposed",
    "chartered",
    "active",
    "completed",
    "cancelled",
)
ORIGINS: tuple[Origin, ...] = ("members-proposed", "community-requested")
ROLES: tuple[Role, ...] = ("lead", "member", "observer")

Hours = Annotated[float, msgspec.Meta(ge=0, le=80)]


class _Strict(msgspec.Struct, kw_only=True, forbid_unknown_fields=True):
    pass


class Scope(_Strict, kw_only=True):
    in_: list[str] = msgspec.field(default_factory=list, name="in")
    out: list[str] = []


class TeamMember(_Strict, kw_only=True):
    member: str
    role: str = "member"
    hours_per_week: Hours = 0


class SignUp(_Strict, kw_only=True):
    """charters/<charter>/volunteers/<member>.yaml: one volunteer's own sign-up, written by
    `charter join` and folded into `team` by the organiser's `approve` or `charter set`."""

    role: Role = "member"
    hours_per_week: Hours = 0
    date: date | None = None  # when they signed up


class Funding(_Strict, kw_only=True):
    by: str
    # finite: `.inf` is valid YAML but no budget (it printed as 'inf EUR' and null in JSON)
    amount: Annotated[float, msgspec.Meta(ge=0, le=1e15)] | None = None
    currency: str | None = None


class Sponsor(_Strict, kw_only=True):
    learning: str | None = None
    funding: Funding | None = None


class Milestone(_Strict, kw_only=True):
    date: date
    name: str
    done: bool = False


class Timeline(_Strict, kw_only=True):
    start: date | None = None
    end: date | None = None
    milestones: list[Milestone] = []


class Reporting(_Strict, kw_only=True):
    every_days: Annotated[int, msgspec.Meta(ge=1, le=366)] | None = None
    channel: str | None = None


class Deliverable(_Strict, kw_only=True):
    name: str
    url: str | None = None
    done: bool = False


class HistoryEntry(_Strict, kw_only=True):
    date: date
    status: Status
    by: str | None = None


class Report(_Strict, kw_only=True):
    date: date
    by: str | None = None
    final: bool = False
    summary: str
    feedback: list[str] = []
    next: list[str] = []


class Charter(_Strict, kw_only=True):
    """Fields in the order copkit writes them (SPEC section 2)."""

    title: str
    kind: Kind = "practice-development"
    status: Status = "draft"
    issue: str | None = None
    goal: str | None = None
    scope: Scope = msgspec.field(default_factory=Scope)
    origin: Origin = "members-proposed"
    beneficiary: str | None = None
    source_project: str | None = None
    team: list[TeamMember] = []
    volunteers_wanted: Annotated[int, msgspec.Meta(ge=0)] = 0
    sponsor: Sponsor = msgspec.field(default_factory=Sponsor)
    timeline: Timeline = msgspec.field(default_factory=Timeline)
    reporting: Reporting = msgspec.field(default_factory=Reporting)
    deliverables: list[Deliverable] = []
    success_criteria: list[str] = []
    risks: list[str] = []
    history: list[HistoryEntry] = []
    reports: list[Report] = []
    findings: str | None = None

    @property
    def lead(self) -> str | None:
        return next((t.member for t in self.team if t.role == "lead"), None)

    @property
    def hours_per_week(self) -> float:
        return sum(t.hours_per_week for t in self.team)
