"""Report-back figures: a challenge's summary for its meetup, and the community dashboard."""

from __future__ import annotations

import statistics
import unicodedata
from collections import Counter
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import date, timedelta

from copkit.model import Challenge, Charter, JournalEntry, SignUp, TemplateRef
from copkit.model.challenge import DAY_KINDS
from copkit.model.journal import ENTRY_STATUSES
from copkit.plural import plural
from copkit.services import schedule
from copkit.services.cadence import is_overdue, next_report_due
from copkit.services.charters import open_seats
from copkit.services.nudge import Nudge
from copkit.services.nudge import nudges as find_nudges
from copkit.services.progress import elapsed_days, member_progress, status_of
from copkit.services.words import Excerpt, blocks_of, excerpt, full_text, lesson

Entries = dict[str, dict[int, JournalEntry]]

EXCERPT_CHARS = 320  # a highlight's excerpt, cut at a paragraph, list item or sentence
HORIZON_DAYS = 60
RESONATED = 3  # how many activities "resonated most" and "least" name
LEARNED = 8  # how many highlights seed the closing "what we learned" list
# Charters needing attention come first on the dashboard.
CHARTER_ORDER = ("active", "chartered", "proposed", "draft", "completed", "cancelled")


def _rate(part: int, whole: int, digits: int = 3) -> float:
    return round(part / whole, digits) if whole else 0.0


def _mean(values: list[int]) -> float | None:
    return round(sum(values) / len(values), 2) if values else None


# ---- challenge report ---------------------------------------------------------------------


@dataclass(frozen=True)
class DayFigures:
    """One calendar day of the challenge: what it asked, and how participants answered."""

    day: int
    date: date
    kind: str
    title: str | None
    done: int
    partial: int
    skipped: int
    rate: float  # (done + partial) / participants
    mood: float | None  # mean of the moods given that day
    moods: int  # how many entries gave a mood
    elapsed: bool  # False for days still to come

    def as_json(self) -> dict[str, object]:
        return {
            "day": self.day,
            "kind": self.kind,
            "title": self.title,
            "done": self.done,
            "partial": self.partial,
            "skipped": self.skipped,
        }


@dataclass(frozen=True)
class KindFigures:
    """Results of one kind of activity (learn, practice, balance, reflect)."""

    kind: str
    days: int
    done: int
    partial: int
    skipped: int
    rate: float  # (done + partial) over participant-days of this kind elapsed so far
    mood: float | None

    def as_json(self) -> dict[str, object]:
        return {
            "kind": self.kind,
            "days": self.days,
            "done": self.done,
            "partial": self.partial,
            "skipped": self.skipped,
            "rate": self.rate,
            "mood": self.mood,
        }


@dataclass(frozen=True)
class PairFigures:
    members: list[str]
    completion: float  # the group's mean completion
    checkins: int  # entries of its members with partner_checkin: true
    away: list[str]  # members of the group not taking part (left, or never joined)

    def as_json(self) -> dict[str, object]:
        return {"members": self.members, "completion": self.completion}


@dataclass(frozen=True)
class Highlight:
    member: str
    day: int
    title: str | None  # the day's activity
    excerpt: str  # Markdown: the start of the entry (the whole of it with --full)
    cut: bool = False  # text was left out after the excerpt
    path: str | None = None  # the entry's file, where the rest is

    def as_json(self) -> dict[str, object]:
        return {
            "member": self.member,
            "day": self.day,
            "excerpt": self.excerpt,
            # Additions to SPEC section 4 (documented in docs/reports.md).
            "cut": self.cut,
            "path": self.path,
        }


@dataclass(frozen=True)
class ChallengeReport:
    """Everything `challenge report` shows; `as_json` is the document of SPEC section 4."""

    challenge: str
    title: str
    domain: str | None
    mantra: str | None
    template: TemplateRef | None  # the set the challenge was made from
    start: date
    end: date
    length: int
    today: date
    status: str  # upcoming | running | ended
    elapsed: int
    finish_threshold: float
    meetup_date: date | None
    meetup_where: str | None
    members: int
    participants: int
    participation_rate: float
    entries: dict[str, int]
    minutes_total: int
    minutes_median: float | None
    finishers: list[str]
    longest_streaks: list[tuple[str, int]]
    kept_going: list[str]  # participants whose streak is still alive (at the end: reached it)
    days: list[DayFigures]
    by_kind: list[KindFigures]
    mood_mean: float | None
    checkins: int
    pairs: list[PairFigures]
    unpaired: list[str]
    highlights: list[Highlight]
    tags: list[tuple[str, int]]
    most_done: list[DayFigures]
    least_done: list[DayFigures]
    best_mood: list[DayFigures]
    worst_mood: list[DayFigures]
    learned: list[Highlight]  # one lesson per highlight, for the closing list
    names: dict[str, str] = field(default_factory=dict)  # member id -> name, for people
    schedule: str | None = None  # with a schedule: what the length counts ("weekdays, ...")

    def name(self, member: str) -> str:
        """What a person reads for a member: their name, or the id when the file has none."""
        return self.names.get(member, member)

    @property
    def span(self) -> str:
        """'30 days', or with a schedule '20 weekdays, 2 dates skipped'."""
        if self.schedule is None:
            return plural(self.length, "day")
        return f"{self.length:,} {self.schedule}"

    @property
    def provisional(self) -> bool:
        """A report run before the last day is over: its figures will still change."""
        return self.today <= self.end

    @property
    def questions(self) -> list[str]:
        """Questions to seed the meetup discussion, each grounded in a figure of the report."""
        q: list[str] = []
        if self.learned:
            q.append("Which of these highlights would you try next month, and with whom?")
        if self.least_done:
            d = self.least_done[0]
            q.append(f"Fewest people did {_quote(d)} ({d.rate:.0%}): what got in the way?")
        if self.best_mood:
            d = self.best_mood[0]
            q.append(f"The best mood came on {_quote(d)} ({d.mood:.1f} of 5): what made it work?")
        if self.worst_mood and self.worst_mood[0].day not in {d.day for d in self.least_done[:1]}:
            d = self.worst_mood[0]
            q.append(f"The lowest mood came on {_quote(d)} ({d.mood:.1f} of 5): what was hard?")
        if self.participants and self.elapsed:
            going, of = len(self.kept_going), self.participants
            q.append(
                f"{going} of {of} are on a streak right now: what keeps you going?"
                if self.provisional
                else f"{going} of {of} kept going to the last day: what kept you going?"
            )
        if self.tags:
            tag, count = self.tags[0]
            q.append(
                f"“{tag}” came up most ({plural(count, 'entry', 'entries')}): who will show what "
                "they found?"
            )
        if 0 < self.participants < self.members:
            q.append(
                f"{plural(self.members - self.participants, 'member')} did not take part: what "
                "would make the next challenge worth their time?"
            )
        q.append("Which activity would you swap out for the next challenge?")
        return q

    @property
    def mood_by_day(self) -> list[tuple[int, float]]:
        return [(d.day, d.mood) for d in self.days if d.mood is not None]

    def as_json(self) -> dict[str, object]:
        return {
            "challenge": self.challenge,
            "title": self.title,
            "length": self.length,
            "members": self.members,
            "participants": self.participants,
            "participation_rate": self.participation_rate,
            "entries": dict(self.entries),
            "minutes_total": self.minutes_total,
            "finishers": self.finishers,
            "longest_streaks": [{"member": m, "streak": s} for m, s in self.longest_streaks],
            "days": [d.as_json() for d in self.days],
            "mood_by_day": [{"day": d, "mean": m} for d, m in self.mood_by_day],
            "checkins": self.checkins,
            "pairs": [p.as_json() for p in self.pairs],
            "highlights": [h.as_json() for h in self.highlights],
            "tags": [{"tag": t, "count": c} for t, c in self.tags],
            # Additions to SPEC section 4 (documented in docs/reports.md).
            "provisional": self.provisional,
            "today": self.today.isoformat(),
            "elapsed": self.elapsed,
            "minutes_median": self.minutes_median,
            "kept_going": self.kept_going,
            "by_kind": [k.as_json() for k in self.by_kind],
            "template": (
                {"id": self.template.id, "version": self.template.version}
                if self.template
                else None
            ),
        }


_STATUS = {s: i for i, s in enumerate(ENTRY_STATUSES)}  # a status: its place in per_day


def as_of(entries: Entries, elapsed: int) -> Entries:
    """The entries of days up to `elapsed`: a report as of a day ignores later days' files.

    A member's days already all in range are kept as they are (not copied): the common case
    of a report after the last day, over 150,000 entries."""
    out: Entries = {}
    for m, days in entries.items():
        if days and min(days) >= 1 and max(days) <= elapsed:
            out[m] = days
        elif kept := {d: e for d, e in days.items() if 1 <= d <= elapsed}:
            out[m] = kept
    return out


def highlight_keys(
    challenge: Challenge, participants: list[str], entries: Entries, today: date
) -> list[tuple[str, int]]:
    """(member, day) of the highlighted entries a report on `today` quotes: the only bodies
    it reads. A private entry is never quoted (`JournalEntry.quotable`), highlight or not."""
    keep = set(participants)
    shown = as_of(entries, elapsed_days(challenge, today))
    return sorted(
        (m, d) for m, days in shown.items() if m in keep for d, e in days.items() if e.quotable
    )


def build_challenge_report(
    challenge_id: str,
    challenge: Challenge,
    *,
    members: int,
    participants: list[str],
    entries: Entries,
    bodies: dict[tuple[str, int], str],
    today: date,
    names: dict[str, str] | None = None,
    sources: dict[tuple[str, int], str] | None = None,
    full: bool = False,
    keys: list[tuple[str, int]] | None = None,
) -> ChallengeReport:
    """The figures of SPEC section 4 for one challenge, as of `today`.

    Counts cover participants (joined and not left); `bodies` holds the Markdown of the
    highlighted entries only (see `highlight_keys`), and `sources` their files, named where
    an excerpt points to the rest. `full` quotes whole entries instead of excerpts; `names`
    gives the members' names for the human forms. `keys` are the `highlight_keys` the caller
    read the bodies for (worked out again when not given).
    """
    length = challenge.length
    elapsed = elapsed_days(challenge, today)
    entries = as_of(entries, elapsed)
    people = sorted(participants)
    n = len(people)
    progress = {m: member_progress(m, entries.get(m, {}), challenge, today) for m in people}

    # Run over every entry (150,000 at 5,000 members): plain lists indexed by day and status.
    per_day = [[0, 0, 0] for _ in range(length + 1)]  # done, partial, skipped
    day_moods: list[list[int]] = [[] for _ in range(length + 1)]
    minutes: list[int] = []
    tagged: list[str] = []  # counted once at the end: Counter.update per entry costs 0.1 s
    checkins_of: Counter[str] = Counter()
    for m in people:
        kept = entries.get(m)
        if not kept:
            continue
        for day, e in kept.items():
            if not 1 <= day <= length:
                continue
            per_day[day][_STATUS[e.status]] += 1
            if e.minutes is not None:
                minutes.append(e.minutes)
            if e.mood is not None:
                day_moods[day].append(e.mood)
            if e.tags:
                tagged.extend(set(e.tags) if len(e.tags) > 1 else e.tags)
            if e.partner_checkin:
                checkins_of[m] += 1
    checkins = sum(checkins_of.values())
    totals = [sum(counts[i] for counts in per_day) for i in range(3)]
    # one tag whatever its Unicode form: `café` typed as é or as e + a combining accent
    tags = Counter[str]()
    for tag, count in Counter(tagged).items():
        tags[unicodedata.normalize("NFC", tag)] += count

    dates = schedule.challenge_dates(challenge)
    days = [
        DayFigures(
            day=d.day,
            date=dates[d.day - 1],
            kind=d.kind,
            title=d.title,
            done=per_day[d.day][0],
            partial=per_day[d.day][1],
            skipped=per_day[d.day][2],
            rate=_rate(per_day[d.day][0] + per_day[d.day][1], n),
            mood=_mean(day_moods[d.day]),
            moods=len(day_moods[d.day]),
            elapsed=d.day <= elapsed,
        )
        for d in challenge.days
    ]

    by_kind = []
    for kind in DAY_KINDS:
        of_kind = [d for d in days if d.kind == kind]
        if not of_kind:
            continue
        counted = sum(d.done + d.partial for d in of_kind)
        moods = [mood for d in of_kind for mood in day_moods[d.day]]
        by_kind.append(
            KindFigures(
                kind=kind,
                days=len(of_kind),
                done=sum(d.done for d in of_kind),
                partial=sum(d.partial for d in of_kind),
                skipped=sum(d.skipped for d in of_kind),
                rate=_rate(counted, n * sum(d.elapsed for d in of_kind)),
                mood=_mean(moods),
            )
        )

    most_done, least_done = _ends([d for d in days if d.elapsed and n], key=lambda d: d.rate)
    best_mood, worst_mood = _ends(
        [d for d in days if d.mood is not None], key=lambda d: d.mood or 0
    )

    pairs, paired = [], set()
    for group in challenge.pairs:
        group_members = sorted(group)
        paired.update(group_members)
        completions = [
            progress[m].completion
            if m in progress
            else member_progress(m, entries.get(m, {}), challenge, today).completion
            for m in group_members
        ]
        pairs.append(
            PairFigures(
                members=group_members,
                completion=round(sum(completions) / len(completions), 3),
                checkins=sum(checkins_of[m] for m in group_members),
                away=[m for m in group_members if m not in progress],
            )
        )
    pairs.sort(key=lambda p: p.members)

    titles = {d.day: d.title for d in challenge.days}
    sources = sources or {}
    highlights, lessons = [], []
    if keys is None:
        keys = highlight_keys(challenge, people, entries, today)
    for m, d in sorted(keys, key=lambda k: (k[1], k[0])):
        blocks = blocks_of(bodies.get((m, d), ""))  # split once for the quote and the lesson
        quoted = Excerpt(full_text(blocks), False) if full else excerpt(blocks, EXCERPT_CHARS)
        h = Highlight(m, d, titles.get(d), quoted.text, quoted.cut, sources.get((m, d)))
        highlights.append(h)
        if (said := lesson(blocks)) is not None:
            lessons.append(Highlight(m, d, h.title, said, path=h.path))
    learned = _spread(lessons, LEARNED)

    longest = sorted(
        ((p.member, p.longest_streak) for p in progress.values() if p.longest_streak),
        key=lambda ms: (-ms[1], ms[0]),
    )
    return ChallengeReport(
        challenge=challenge_id,
        title=challenge.title,
        domain=challenge.domain,
        mantra=challenge.mantra,
        template=challenge.template,
        start=schedule.first_date(challenge),
        end=schedule.end_date(challenge),
        length=length,
        today=today,
        status=status_of(challenge, today),
        elapsed=elapsed,
        finish_threshold=challenge.finish_threshold,
        meetup_date=challenge.meetup.date if challenge.meetup else None,
        meetup_where=challenge.meetup.where if challenge.meetup else None,
        members=members,
        participants=n,
        participation_rate=_rate(n, members),
        entries=dict(zip(_STATUS, totals, strict=True)),
        minutes_total=sum(minutes),
        minutes_median=float(statistics.median(minutes)) if minutes else None,
        finishers=[p.member for p in progress.values() if p.finisher],
        longest_streaks=longest,
        kept_going=[p.member for p in progress.values() if p.current_streak],
        days=days,
        by_kind=by_kind,
        mood_mean=_mean([mood for ms in day_moods for mood in ms]),
        checkins=checkins,
        pairs=pairs,
        unpaired=[m for m in people if m not in paired],
        highlights=highlights,
        tags=sorted(tags.items(), key=lambda tc: (-tc[1], tc[0])),
        most_done=most_done,
        least_done=least_done,
        best_mood=best_mood,
        worst_mood=worst_mood,
        learned=learned,
        names=dict(names or {}),
        schedule=schedule.schedule_words(challenge) if challenge.schedule else None,
    )


def _ends(
    days: list[DayFigures], key: Callable[[DayFigures], float], count: int = RESONATED
) -> tuple[list[DayFigures], list[DayFigures]]:
    """The `count` highest and lowest days by `key`, never the same day in both lists."""
    k = min(count, len(days) // 2)
    top = sorted(days, key=lambda d: (-key(d), d.day))[:k]
    bottom = sorted(days, key=lambda d: (key(d), d.day))[:k]
    return top, bottom


def shown_highlights(report: ChallengeReport, limit: int) -> list[Highlight]:
    """The highlights a human form shows: at most `limit`, spread over the month."""
    return _spread(report.highlights, limit)


def _spread(items: list[Highlight], count: int) -> list[Highlight]:
    """At most `count` highlights spread over the month, one per member while there is choice."""
    if len(items) <= count:
        return items
    chosen: list[Highlight] = []
    seen: set[str] = set()
    step = len(items) / count
    for i in range(count):
        window = items[int(i * step) : int((i + 1) * step)]
        pick = next((h for h in window if h.member not in seen), window[0])
        seen.add(pick.member)
        chosen.append(pick)
    return chosen


def _quote(day: DayFigures) -> str:
    return f"day {day.day}" + (f", “{day.title}”" if day.title else "")


# ---- community dashboard ------------------------------------------------------------------


@dataclass(frozen=True)
class ChallengeInput:
    """One challenge as the dashboard needs it: the calendar and its journals' front matter."""

    challenge_id: str
    challenge: Challenge
    participants: list[str]
    entries: Entries
    joined: dict[str, date | None] = field(default_factory=dict)


@dataclass(frozen=True)
class CharterLine:
    charter: str
    title: str
    kind: str
    status: str
    lead: str | None
    next_report_due: date | None
    overdue: bool
    open_seats: int = 0  # seats a requested charter still asks volunteers to fill

    def as_json(self) -> dict[str, object]:
        return {
            "charter": self.charter,
            "title": self.title,
            "kind": self.kind,
            "status": self.status,
            "lead": self.lead,
            "next_report_due": self.next_report_due.isoformat() if self.next_report_due else None,
            "overdue": self.overdue,
            "open_seats": self.open_seats,
        }


@dataclass(frozen=True)
class ChallengeLine:
    """A challenge on the dashboard: running, upcoming or past."""

    challenge: str
    title: str
    status: str
    start: date
    end: date
    length: int
    day: int | None  # today's day while running
    participants: int
    participation_rate: float
    pace: float  # (done + partial) over the participant-days so far (today once written)
    completion: float  # (done + partial) over participants x length: SPEC's completion
    member_days: int  # participant-days so far, the pace's denominator
    finishers: list[str]
    needs_nudge: list[Nudge]
    meetup: date | None

    def as_json(self) -> dict[str, object]:
        data: dict[str, object] = {
            "challenge": self.challenge,
            "title": self.title,
            "status": self.status,
            "start": self.start.isoformat(),
            "end": self.end.isoformat(),
            "length": self.length,
            "participants": self.participants,
            "participation_rate": self.participation_rate,
            "meetup": self.meetup.isoformat() if self.meetup else None,
        }
        if self.status == "running":
            data["day"] = self.day
            data["pace"] = self.pace
            data["completion"] = self.completion
            data["needs_nudge"] = [n.as_json() for n in self.needs_nudge]
        if self.status == "ended":
            data["completion"] = self.completion
            data["finishers"] = self.finishers
        return data


@dataclass(frozen=True)
class Event:
    """Something coming up: a challenge start, a meetup, a milestone, a report due."""

    date: date
    kind: str  # challenge-start | meetup | milestone | report-due
    what: str
    challenge: str | None = None
    charter: str | None = None
    where: str | None = None

    def as_json(self) -> dict[str, object]:
        data: dict[str, object] = {"date": self.date.isoformat(), "kind": self.kind}
        data["challenge" if self.challenge else "charter"] = self.challenge or self.charter
        data["what"] = self.what
        data["where"] = self.where
        return data


@dataclass(frozen=True)
class Dashboard:
    community: str
    domain: str | None
    today: date
    members: int
    charters: list[CharterLine] = field(default_factory=list)
    running: list[ChallengeLine] = field(default_factory=list)
    upcoming_challenges: list[ChallengeLine] = field(default_factory=list)
    past: list[ChallengeLine] = field(default_factory=list)
    upcoming: list[Event] = field(default_factory=list)
    horizon_days: int = HORIZON_DAYS
    names: dict[str, str] = field(default_factory=dict)  # member id -> name, for people
    pinned: bool = False  # today is the `today:` pin of copkit.yaml (a demo's fixed date)

    def name(self, member: str) -> str:
        """What a person reads for a member: their name, or the id when the file has none."""
        return self.names.get(member, member)

    @property
    def as_of(self) -> str:
        """The dashboard's date as its header says it, naming a pinned date's source."""
        return f"as of {self.today} (pinned in copkit.yaml)" if self.pinned else str(self.today)

    def people(self, finishers: int | None = None) -> set[str]:
        """The members the dashboard names: leads, who needs a nudge and their partners,
        finishers (the first `finishers` of each challenge's, when a form shows no more)."""
        out = {c.lead for c in self.charters if c.lead}
        for line in (*self.running, *self.past):
            out.update(line.finishers[:finishers])
            for n in line.needs_nudge:
                out.add(n.member)
                out.update(n.partners)
        return out

    @property
    def empty(self) -> bool:
        return not (self.charters or self.running or self.upcoming_challenges or self.past)

    def as_json(self) -> dict[str, object]:
        return {
            "community": self.community,
            "domain": self.domain,
            "today": self.today.isoformat(),
            "members": self.members,
            "charters": [c.as_json() for c in self.charters],
            "running_challenges": [c.as_json() for c in self.running],
            "upcoming_challenges": [c.as_json() for c in self.upcoming_challenges],
            "past_challenges": [c.as_json() for c in self.past],
            "upcoming": [e.as_json() for e in self.upcoming],
            "horizon_days": self.horizon_days,
        }


def _challenge_line(c: ChallengeInput, members: int, today: date) -> ChallengeLine:
    ch = c.challenge
    elapsed = elapsed_days(ch, today)
    entries = as_of(c.entries, elapsed)
    rows = [member_progress(m, entries.get(m, {}), ch, today) for m in sorted(c.participants)]
    counted = sum(p.done + p.partial for p in rows)
    status = status_of(ch, today)
    return ChallengeLine(
        challenge=c.challenge_id,
        title=ch.title,
        status=status,
        start=schedule.first_date(ch),
        end=schedule.end_date(ch),
        length=ch.length,
        day=elapsed if status == "running" else None,
        participants=len(rows),
        participation_rate=_rate(len(rows), members),
        pace=_rate(counted, sum(p.days_so_far for p in rows)),
        completion=_rate(counted, len(rows) * ch.length),
        member_days=sum(p.days_so_far for p in rows),
        finishers=[p.member for p in rows if p.finisher] if status == "ended" else [],
        needs_nudge=find_nudges(ch, c.participants, c.entries, today, joined=c.joined)
        if status == "running"
        else [],
        meetup=ch.meetup.date if ch.meetup else None,
    )


def build_dashboard(
    *,
    community: str,
    domain: str | None,
    members: int,
    charters: dict[str, Charter],
    challenges: list[ChallengeInput],
    today: date,
    horizon_days: int = HORIZON_DAYS,
    signups: Mapping[str, Mapping[str, SignUp]] | None = None,
) -> Dashboard:
    """The community at a glance on `today`; events reach `horizon_days` ahead."""
    horizon = today + timedelta(days=horizon_days)
    rank = {s: i for i, s in enumerate(CHARTER_ORDER)}
    lines = sorted(
        (
            CharterLine(
                charter=cid,
                title=c.title,
                kind=c.kind,
                status=c.status,
                lead=c.lead,
                next_report_due=next_report_due(c),
                overdue=is_overdue(c, today),
                open_seats=open_seats(c, (signups or {}).get(cid)),
            )
            for cid, c in charters.items()
        ),
        key=lambda line: (rank.get(line.status, len(rank)), line.charter),
    )

    events: list[Event] = []
    for cid, c in charters.items():
        if c.status in ("completed", "cancelled"):
            continue
        for ms in c.timeline.milestones:
            if not ms.done and today <= ms.date <= horizon:
                events.append(Event(ms.date, "milestone", f"{c.title}: {ms.name}", charter=cid))
        due = next_report_due(c)
        if due is not None and today <= due <= horizon:
            events.append(
                Event(
                    due,
                    "report-due",
                    f"{c.title}: report-back",
                    charter=cid,
                    where=c.reporting.channel,
                )
            )

    by_status: dict[str, list[ChallengeLine]] = {"running": [], "upcoming": [], "ended": []}
    for item in challenges:
        line = _challenge_line(item, members, today)
        by_status[line.status].append(line)
        ch = item.challenge
        first = schedule.first_date(ch)
        if today <= first <= horizon:
            events.append(
                Event(first, "challenge-start", f"{ch.title} starts", challenge=item.challenge_id)
            )
        if ch.meetup and today <= ch.meetup.date <= horizon:
            events.append(
                Event(
                    ch.meetup.date,
                    "meetup",
                    f"{ch.title}: report-back meetup",
                    challenge=item.challenge_id,
                    where=ch.meetup.where,
                )
            )
    order = {"challenge-start": 0, "meetup": 1, "milestone": 2, "report-due": 3}
    events.sort(key=lambda e: (e.date, order[e.kind], e.challenge or e.charter or ""))
    return Dashboard(
        community=community,
        domain=domain,
        today=today,
        members=members,
        charters=lines,
        running=sorted(by_status["running"], key=lambda c: (c.start, c.challenge)),
        upcoming_challenges=sorted(by_status["upcoming"], key=lambda c: (c.start, c.challenge)),
        past=sorted(by_status["ended"], key=lambda c: (c.end, c.challenge), reverse=True),
        upcoming=events,
        horizon_days=horizon_days,
    )
