"""The rows of a community's tidy tables (members, challenges, days, participants, entries).

One row per thing, one column per fact; the columns are model/tables.py's SCHEMA.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date

from copkit.model import Challenge, JournalEntry, Member, Plan
from copkit.model.journal import shareable_words
from copkit.model.tables import TABLES, Row
from copkit.services.progress import member_progress, status_of


@dataclass(frozen=True)
class ChallengeData:
    """One challenge as an export needs it: its calendar, plans and entries' front matter."""

    challenge_id: str
    challenge: Challenge
    plans: dict[str, Plan]
    entries: dict[str, dict[int, JournalEntry]]


@dataclass
class Tables:
    """Rows of every table, in the order of SCHEMA; each row maps column name to value."""

    rows: dict[str, list[Row]] = field(default_factory=lambda: {t: [] for t in TABLES})

    def extend(self, other: Tables) -> None:
        for table, rows in other.rows.items():
            self.rows[table].extend(rows)


def community_tables(
    community: str,
    members: dict[str, Member],
    challenges: Iterable[ChallengeData],
    today: date,
    *,
    bodies: dict[tuple[str, str, int], str | None] | None = None,
) -> Tables:
    """The tidy tables of one community as of `today`.

    Participants are every member with a plan (`left` says who left); their figures are
    those of `challenge progress`. Entries are every valid entry of a member with a plan, on
    days 1..length, whatever `today` is. `bodies` maps (challenge, member, day) to the words
    that may be shared (None for a private entry): given, the `text` and `goal` columns are
    filled; absent, no words leave the community.
    """
    with_text = bodies is not None
    out = Tables()
    for mid in sorted(members):
        m = members[mid]
        out.rows["members"].append(
            {
                "community": community,
                "member": mid,
                "name": m.name,
                "joined": m.joined,
                "interests": sorted(m.interests),
            }
        )
    for data in sorted(challenges, key=lambda c: c.challenge_id):
        cid, ch = data.challenge_id, data.challenge
        out.rows["challenges"].append(
            {
                "community": community,
                "challenge": cid,
                "title": ch.title,
                "domain": ch.domain,
                "template": ch.template.id if ch.template else None,
                "start": ch.start,
                "end": ch.end,
                "length": ch.length,
                "finish_threshold": ch.finish_threshold,
                "meetup": ch.meetup.date if ch.meetup else None,
                "status": status_of(ch, today),
                "as_of": today,
            }
        )
        for d in ch.days:
            out.rows["days"].append(
                {
                    "community": community,
                    "challenge": cid,
                    "day": d.day,
                    "date": ch.date_of(d.day),
                    "kind": d.kind,
                    "title": d.title,
                    "minutes": d.minutes,
                }
            )
        for member in sorted(data.plans):
            plan = data.plans[member]
            days = data.entries.get(member, {})
            p = member_progress(member, days, ch, today)
            row: Row = {
                "community": community,
                "challenge": cid,
                "member": member,
                "joined": plan.joined,
                "level": plan.level,
                "left": plan.left,
                "partners": p.partners,
                "done": p.done,
                "partial": p.partial,
                "skipped": p.skipped,
                "missing": p.missing,
                "minutes": p.minutes,
                "completion": p.completion,
                "current_streak": p.current_streak,
                "longest_streak": p.longest_streak,
                "finisher": p.finisher,
            }
            if with_text:
                row["goal"] = plan.goal
            out.rows["participants"].append(row)
            for day in sorted(days):
                if not 1 <= day <= ch.length:
                    continue
                e = days[day]
                entry: Row = {
                    "community": community,
                    "challenge": cid,
                    "member": member,
                    "day": day,
                    "date": e.date,
                    "status": e.status,
                    "minutes": e.minutes,
                    "mood": e.mood,
                    "tags": list(e.tags),
                    "highlight": e.highlight,
                    "partner_checkin": e.partner_checkin,
                    "private": e.private,
                }
                if bodies is not None:  # the one rule of private words (SPEC 7.2)
                    entry["text"] = shareable_words(e, bodies.get((cid, member, day)))
                out.rows["entries"].append(entry)
    return out
