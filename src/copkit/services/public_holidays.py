"""The schedule of a new challenge: weekdays, public holidays (the `holidays` package) and
chosen dates, resolved once and written into the file (SPEC section 7.1).

The holidays are written, not looked up again later, so every member's copkit computes the
same dates whatever version of the package they have. `holidays` is imported only here, and
only when `challenge new --holidays` runs.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from copkit.errors import CopkitError
from copkit.model.calendar import Calendar
from copkit.model.challenge import Schedule, ScheduleName, SkipDate
from copkit.plural import plural

MAX_YEARS = 3  # a 366-day weekday challenge with its holidays spans less than two years


@dataclass(frozen=True)
class Region:
    """A country, and a subdivision of it, as the `holidays` package names them."""

    country: str  # GB
    subdivision: str | None  # ENG
    country_name: str  # United Kingdom
    subdivision_name: str | None  # England
    package_version: str

    @property
    def code(self) -> str:
        return f"{self.country}-{self.subdivision}" if self.subdivision else self.country

    @property
    def label(self) -> str:
        """GB-ENG (United Kingdom, England)."""
        names = ", ".join(n for n in (self.country_name, self.subdivision_name) if n)
        return f"{self.code} ({names})"


def _version() -> str:
    from importlib.metadata import version

    return version("holidays")


def _readable(class_name: str) -> str:
    """UnitedKingdom -> United Kingdom."""
    return re.sub(r"(?<=[a-z])(?=[A-Z])", " ", class_name)


def _countries() -> dict[str, tuple[str, list[str]]]:
    """Country code -> (readable name, other names: alpha-3 code and aliases)."""
    from holidays import registry

    out: dict[str, tuple[str, list[str]]] = {}
    for entry in registry.COUNTRIES.values():
        class_name, alpha2, *others = entry
        out[alpha2] = (_readable(class_name), [o for o in others if not o.startswith("Holidays")])
    return out


def _close(word: str, choices: dict[str, str]) -> list[str]:
    """Close matches of `word` among the keys of `choices` (any case), as their values."""
    folded = {k.casefold(): v for k, v in choices.items()}
    hits = difflib.get_close_matches(word.casefold(), list(folded), n=6, cutoff=0.6)
    seen: list[str] = []
    for h in hits:
        if folded[h] not in seen:
            seen.append(folded[h])
    return seen


def resolve_region(text: str) -> Region:
    """`GB`, `gb-eng`, `GB-England`: a Region; a CopkitError listing close matches otherwise."""
    import holidays

    country, _, sub = text.strip().partition("-")
    countries = _countries()
    supported = holidays.list_supported_countries()
    code = country.upper()
    if code not in countries or code not in supported:
        lookup = {c: f"{c} ({n})" for c, (n, _) in countries.items()}
        lookup.update({n: f"{c} ({n})" for c, (n, _) in countries.items()})
        for c, (n, others) in countries.items():
            lookup.update({o: f"{c} ({n})" for o in others})
        exact = lookup.get(country.upper()) or next(
            (v for k, v in lookup.items() if k.casefold() == country.casefold()), None
        )
        close = [exact] if exact else _close(country, lookup)
        hint = (
            f"Close matches: {', '.join(close)}."
            if close
            else "Use a two-letter country code (ISO 3166-1), such as GB, DE or US."
        )
        raise CopkitError(f"--holidays {text}: unknown country {country!r}", hint=hint)
    name = countries[code][0]
    if not sub:
        return Region(code, None, name, None, _version())
    subdivisions: list[str] = list(supported[code])
    aliases: dict[str, str] = dict(
        getattr(holidays.country_holidays(code), "subdivisions_aliases", {}) or {}
    )
    names_of: dict[str, str] = {}
    for alias, subcode in aliases.items():
        names_of.setdefault(subcode, alias)
    want = sub.upper() if sub.upper() in subdivisions else None
    if want is None:
        want = next((c for a, c in aliases.items() if a.casefold() == sub.casefold()), None)
    if want is None:
        if not subdivisions:
            raise CopkitError(
                f"--holidays {text}: {code} ({name}) has no subdivisions in the holidays package",
                hint=f"Use --holidays {code}.",
            )
        shown = {
            c: f"{code}-{c}" + (f" ({names_of[c]})" if c in names_of else "") for c in subdivisions
        }
        lookup = dict(shown)
        lookup.update({a: shown[c] for a, c in aliases.items() if c in shown})
        close = _close(sub, lookup)
        listing = close or [shown[c] for c in subdivisions[:12]]
        more = "" if close or len(subdivisions) <= 12 else f" and {len(subdivisions) - 12} more"
        raise CopkitError(
            f"--holidays {text}: {name} has no subdivision {sub!r}",
            hint=f"{'Close matches' if close else 'Its subdivisions'}: {', '.join(listing)}{more}.",
        )
    return Region(code, want, name, names_of.get(want), _version())


def _holidays(region: Region, years: list[int]) -> dict[date, str]:
    import holidays

    found: Any = holidays.country_holidays(region.country, subdiv=region.subdivision, years=years)
    return {d: str(n) for d, n in sorted(found.items())}


def parse_skip(text: str, today: date) -> SkipDate:
    """`--skip 2026-12-28` or `--skip "2026-12-28=Team offsite"`."""
    from copkit.services.dates import parse_date

    when, _, name = text.partition("=")
    return SkipDate(date=parse_date(when, today, what="--skip"), name=name.strip() or None)


def build_schedule(
    start: date,
    length: int,
    *,
    weekdays: bool,
    skips: list[SkipDate],
    region: Region | None,
) -> Schedule | None:
    """The schedule to write: None when nothing was asked (release 1's every-day calendar).

    Holidays are taken between `start` and the last day; since each one pushes the last day
    later, the range grows until no new holiday falls inside it. A chosen date that the
    schedule would skip anyway, or that falls outside the challenge, is refused.
    """
    if not weekdays and not skips and region is None:
        return None
    days: ScheduleName = "weekdays" if weekdays else "every-day"
    chosen: dict[date, str | None] = {}
    for s in skips:
        if weekdays and s.date.weekday() >= 5:
            raise CopkitError(
                f"--skip {s.date} is a {s.date:%A}, which --weekdays skips anyway",
                hint="Leave it out.",
            )
        if s.date < start:
            raise CopkitError(f"--skip {s.date} is before the start ({start})")
        chosen[s.date] = s.name
    public: dict[date, str] = {}
    if region is not None:
        public = _holidays(region, list(range(start.year, start.year + MAX_YEARS)))
    taken: dict[date, str | None] = dict(chosen)
    while True:
        end = Calendar(start, length, weekdays_only=weekdays, skipped=taken).end
        more = {
            d: n
            for d, n in public.items()
            if start <= d <= end and d not in taken and not (weekdays and d.weekday() >= 5)
        }
        if not more:
            break
        taken.update(more)
    for d in chosen:
        if d > end:
            raise CopkitError(
                f"--skip {d} is after the last day ({end})",
                hint="Only dates inside the challenge can be skipped.",
            )
    merged = {d: (chosen.get(d) or public.get(d)) for d in taken}
    return Schedule(days=days, skip=[SkipDate(date=d, name=merged[d]) for d in sorted(merged)])


def schedule_from(
    start: date,
    length: int,
    *,
    weekdays: bool,
    skips: list[SkipDate],
    region: Region | None,
) -> tuple[date, Schedule | None]:
    """The start and the schedule of a new challenge. A `start` with no activity (a Saturday
    of a weekdays schedule, a holiday) moves to the first challenge date after it, so the
    file's `start` is day 1, as `check` expects."""
    sched = build_schedule(start, length, weekdays=weekdays, skips=skips, region=region)
    if sched is None:
        return start, None
    skipped = {s.date for s in sched.skip}
    first = start
    while (weekdays and first.weekday() >= 5) or first in skipped:
        first += timedelta(days=1)
    if first == start:
        return start, sched
    later = [s for s in skips if s.date >= first]
    return first, build_schedule(first, length, weekdays=weekdays, skips=later, region=region)


def schedule_comment(region: Region | None, schedule: Schedule, chosen: int) -> str | None:
    """The comment written above `skip`: where the dates came from, a clause a line."""
    if not schedule.skip:
        return None
    lines = []
    if region is not None:
        lines.append(f"Public holidays of {region.label},")
        lines.append(f"from the holidays package {region.package_version}")
    if chosen:
        said = f"{plural(chosen, 'date')} chosen with --skip"
        lines.append(f"and {said}" if lines else said[0].upper() + said[1:])
    lines[-1] += "."
    lines.append("Days fall on the other dates; edit this list to change them.")
    return "\n".join(lines)
