"""A federation report: one challenge set run across many communities, seen whole.

Each challenge's figures are those of its own `challenge report` (build_challenge_report);
this module only adds them up across challenges and communities.
"""

from __future__ import annotations

import statistics
from dataclasses import dataclass, field
from datetime import date

import msgspec

from copkit.model import Challenge
from copkit.services.progress import elapsed_days
from copkit.services.reports import ChallengeReport, Entries, Highlight, as_of

RESONATED = 3  # days named as resonating most and least
QUOTES = 12  # highlights quoted across all communities


@dataclass(frozen=True)
class ChallengeRun:
    """One challenge of one community, with its report and the minutes its figures counted."""

    challenge: str
    report: ChallengeReport
    minutes: list[int]

    @property
    def counted(self) -> int:
        return self.report.entries["done"] + self.report.entries["partial"]

    @property
    def completion(self) -> float:
        """(done + partial) over participants x length: the mean of members' completion."""
        r = self.report
        return _rate(self.counted, r.participants * r.length)

    def as_json(self) -> dict[str, object]:
        r = self.report
        return {
            "challenge": self.challenge,
            "title": r.title,
            "start": r.start.isoformat(),
            "end": r.end.isoformat(),
            "status": r.status,
            "participants": r.participants,
            "completion": self.completion,
            "finishers": len(r.finishers),
            "entries": dict(r.entries),
            "minutes_total": r.minutes_total,
            "minutes_median": r.minutes_median,
        }


@dataclass(frozen=True)
class CommunityInput:
    """One community as the report reads it; `problem` says why it could not be read."""

    community: str
    name: str | None
    share_quotes: bool
    runs: list[ChallengeRun] = field(default_factory=list)
    problem: str | None = None


class Summary(msgspec.Struct, array_like=True):
    """A community's figures and the files it left out, as kept between reports."""

    community: CommunityInput
    skipped: list[str]
    today: date  # the date the figures are as of
    timezone: str  # the community's, to tell whether today is still that date


@dataclass(frozen=True)
class Totals:
    challenges: int
    participants: int
    counted: int  # entries done or partial
    possible: int  # participants x length, summed
    finishers: int
    entries: dict[str, int]
    minutes_total: int
    minutes_median: float | None

    @property
    def completion(self) -> float:
        return _rate(self.counted, self.possible)

    def as_json(self) -> dict[str, object]:
        return {
            "challenges": self.challenges,
            "participants": self.participants,
            "completion": self.completion,
            "finishers": self.finishers,
            "entries": dict(self.entries),
            "minutes_total": self.minutes_total,
            "minutes_median": self.minutes_median,
        }


@dataclass(frozen=True)
class CommunityFigures:
    community: str
    name: str | None
    runs: list[ChallengeRun]
    totals: Totals
    problem: str | None

    def as_json(self) -> dict[str, object]:
        return {
            "community": self.community,
            "name": self.name,
            "problem": self.problem,
            "challenges": [r.as_json() for r in self.runs],
            "totals": self.totals.as_json(),
        }


@dataclass(frozen=True)
class SharedDay:
    """One day of the set across every challenge that reached it."""

    day: int
    title: str | None
    kind: str
    participants: int  # participants of the challenges where this day has passed
    counted: int  # of them, done or partial
    mood: float | None
    communities: int

    @property
    def rate(self) -> float:
        return _rate(self.counted, self.participants)

    def as_json(self) -> dict[str, object]:
        return {
            "day": self.day,
            "title": self.title,
            "kind": self.kind,
            "participants": self.participants,
            "rate": self.rate,
            "mood": self.mood,
            "communities": self.communities,
        }


@dataclass(frozen=True)
class Quote:
    community: str
    challenge: str
    highlight: Highlight

    def as_json(self) -> dict[str, object]:
        h = self.highlight
        return {
            "community": self.community,
            "challenge": self.challenge,
            "member": h.member,
            "day": h.day,
            "title": h.title,
            "excerpt": h.excerpt,
        }


@dataclass(frozen=True)
class FederationReport:
    template: str | None
    communities: list[CommunityFigures]
    totals: Totals
    days: list[SharedDay]
    most: list[SharedDay]
    least: list[SharedDay]
    quotes: list[Quote]

    def as_json(self) -> dict[str, object]:
        return {
            "template": self.template,
            "communities": [c.as_json() for c in self.communities],
            "totals": {"communities": len(self.communities), **self.totals.as_json()},
            "days": [d.as_json() for d in self.days],
            "resonated_most": [d.as_json() for d in self.most],
            "resonated_least": [d.as_json() for d in self.least],
            "highlights": [q.as_json() for q in self.quotes],
        }


@dataclass
class _Pool:
    kind: str
    participants: int = 0
    counted: int = 0
    moods: int = 0
    mood_sum: float = 0.0
    communities: set[str] = field(default_factory=set)


def made_from(challenge: Challenge, template: str, titles: list[str | None] | None) -> bool:
    """Whether a challenge was made from the set `template`: the set it records, else (a
    challenge made before copkit recorded its set) a calendar with the set's day titles."""
    if challenge.template is not None:
        return challenge.template.id == template
    return titles is not None and [d.title for d in challenge.days] == titles


def _rate(part: int, whole: int) -> float:
    return round(part / whole, 3) if whole else 0.0


def counted_minutes(
    challenge: Challenge, participants: list[str], entries: Entries, today: date
) -> list[int]:
    """The minutes a challenge report counts: participants' entries on days elapsed."""
    shown = as_of(entries, elapsed_days(challenge, today))
    return [
        e.minutes
        for m in participants
        for d, e in shown.get(m, {}).items()
        if 1 <= d <= challenge.length and e.minutes is not None
    ]


def _totals(runs: list[ChallengeRun]) -> Totals:
    minutes = [m for r in runs for m in r.minutes]
    return Totals(
        challenges=len(runs),
        participants=sum(r.report.participants for r in runs),
        counted=sum(r.counted for r in runs),
        possible=sum(r.report.participants * r.report.length for r in runs),
        finishers=sum(len(r.report.finishers) for r in runs),
        entries={s: sum(r.report.entries[s] for r in runs) for s in ("done", "partial", "skipped")},
        minutes_total=sum(minutes),
        minutes_median=float(statistics.median(minutes)) if minutes else None,
    )


def build_federation_report(
    communities: list[CommunityInput], *, template: str | None, quotes: int = QUOTES
) -> FederationReport:
    """Per community and across all: participants, completion, finishers, median minutes;
    the days that resonated; highlights quoted with their community.

    Days are pooled by (day, title): challenges made from one set share them. A community
    with `share_quotes` off is never quoted.
    """
    figures = [
        CommunityFigures(c.community, c.name, c.runs, _totals(c.runs), c.problem)
        for c in sorted(communities, key=lambda c: c.community)
    ]
    runs = [r for c in figures for r in c.runs]

    pooled: dict[tuple[int, str | None], _Pool] = {}
    for c in figures:
        for run in c.runs:
            n = run.report.participants
            for d in run.report.days:
                if not d.elapsed or not n:
                    continue
                pool = pooled.setdefault((d.day, d.title), _Pool(d.kind))
                pool.participants += n
                pool.counted += d.done + d.partial
                if d.mood is not None:
                    pool.moods += d.moods
                    pool.mood_sum += d.mood * d.moods
                pool.communities.add(c.community)
    days = [
        SharedDay(
            day=day,
            title=title,
            kind=p.kind,
            participants=p.participants,
            counted=p.counted,
            mood=round(p.mood_sum / p.moods, 2) if p.moods else None,
            communities=len(p.communities),
        )
        for (day, title), p in sorted(pooled.items(), key=lambda kv: (kv[0][0], kv[0][1] or ""))
    ]
    k = min(RESONATED, len(days) // 2)
    most = sorted(days, key=lambda d: (-d.rate, d.day))[:k]
    least = sorted(days, key=lambda d: (d.rate, d.day))[:k]

    offered = {
        c.community: [
            Quote(c.community, run.challenge, h)
            for run in c.runs
            for h in run.report.highlights
            if h.excerpt
        ]
        for c in communities
        if c.share_quotes
    }
    return FederationReport(
        template=template,
        communities=figures,
        totals=_totals(runs),
        days=days,
        most=most,
        least=least,
        quotes=_round_robin(offered, quotes),
    )


def _round_robin(offered: dict[str, list[Quote]], count: int) -> list[Quote]:
    """Up to `count` quotes, taking each community's in turn, spread over its month."""
    spread: dict[str, list[Quote]] = {}
    for community, items in sorted(offered.items()):
        items = sorted(items, key=lambda q: (q.highlight.day, q.challenge, q.highlight.member))
        share = max(1, count // max(1, len(offered)))
        if len(items) > share:
            step = len(items) / share
            items = [items[int(i * step)] for i in range(share)]
        spread[community] = items
    out: list[Quote] = []
    while len(out) < count and any(spread.values()):
        for community in sorted(spread):
            if spread[community] and len(out) < count:
                out.append(spread[community].pop(0))
    return out
