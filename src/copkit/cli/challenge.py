"""copkit challenge: templates, new, list, show, today, calendar, join, leave, pair."""

from __future__ import annotations

import os
import sys
from enum import StrEnum
from typing import TYPE_CHECKING

import typer

from copkit.cli import completion
from copkit.cli.common import AsOpt, JsonOpt, NoCacheOpt, workspace
from copkit.plural import plural

if TYPE_CHECKING:
    from copkit.model import Challenge
    from copkit.storage.workspace import Workspace

app = typer.Typer(no_args_is_help=True)


class LevelChoice(StrEnum):
    starter = "starter"
    experienced = "experienced"


ChallengeArg = typer.Argument(
    ..., metavar="CHALLENGE", help="The challenge's id.", autocompletion=completion.challenges
)
NewChallengeArg = typer.Argument(..., metavar="CHALLENGE", help="The new challenge's id.")


# ---- helpers ---------------------------------------------------------------------------------


def _all(ws: Workspace, *, but: str | None = None) -> dict[str, Challenge]:
    """Every challenge that loads (but `but`); the others are named on stderr (copkit check
    says why). Read through the .copkit/ copies, so an unchanged file costs no YAML parse."""
    from copkit.errors import CopkitError
    from copkit.storage import cache  # parsed copies in .copkit/: calendars are slow to parse

    out: dict[str, Challenge] = {}
    broken = []
    for cid in ws.ids("challenges"):
        if cid == but:
            continue
        try:
            out[cid] = cache.challenge(ws, cid)
        except CopkitError:
            broken.append(f"challenges/{cid}.yaml")
    if broken:
        from copkit.render.console import note_skipped

        note_skipped(broken)
    return out


def _participants(ws: Workspace, cid: str, challenge: Challenge, no_cache: bool) -> list[str]:
    from copkit.storage.journals import load_journals

    return load_journals(ws, cid, challenge, use_cache=not no_cache).participants()


def _plain() -> bool:
    """True when stdout takes no colour or box art; decided without importing Rich."""
    return not sys.stdout.isatty() or bool(os.environ.get("NO_COLOR"))


# ---- commands --------------------------------------------------------------------------------


@app.command("templates")
def templates_(json_out: bool = JsonOpt) -> None:
    """List the challenge sets and where each comes from.

    List the challenge sets: copkit's built-in ones, those of installed packages (entry
    points copkit.templates) and the community's own templates/<template>.yaml, which shadow
    a built-in or packaged set of the same id."""
    from copkit.cli.common import workspace_if_any
    from copkit.render.challenges import templates_table
    from copkit.render.console import err, out, print_json
    from copkit.storage.templates import catalog, load_set

    found = catalog(workspace_if_any())
    items = []
    broken = []
    for f in found.sets.values():
        loaded = load_set(f)
        if loaded.value is None or loaded.errors:
            broken.append(f)
        else:
            items.append((f, loaded.value))
    if json_out:
        print_json(
            [
                {
                    "template": f.id,
                    "title": t.title,
                    "domain": t.domain,
                    "length": len(t.days),
                    "source": f.source,
                    "origin": f.origin,
                    "version": t.version,
                    "starts_on": t.starts_on,
                    "schedules": t.schedules,
                }
                for f, t in items
            ]
        )
    else:
        out().print(templates_table([(f.id, f.origin, t) for f, t in items]))
    for note in found.notes:
        err().print(f"note: {note}", markup=False)
    for f in broken:
        name = f.id if f.source == "community" else f.rel
        err().print(
            f"warning: left out {f.rel}: it cannot be read; "
            f"`copkit template check {name}` says why",
            markup=False,
        )
    if not json_out:
        err().print(
            "Start one with: copkit challenge new CHALLENGE --start YYYY-MM-DD --template TEMPLATE"
        )
        err().print(
            "A set's whole description and its days: copkit template show TEMPLATE", markup=False
        )
        err().print("Write your own: copkit template new TEMPLATE --days 30", markup=False)


@app.command("new")
def new(
    challenge: str = NewChallengeArg,
    start: str = typer.Option(
        ..., "--start", metavar="DATE", help="Day 1: YYYY-MM-DD, today or tomorrow."
    ),
    template: str = typer.Option(
        None,
        "--template",
        metavar="TEMPLATE|PATH",
        help="A set to copy the days from: its id (copkit challenge templates) or its file.",
        autocompletion=completion.templates,
    ),
    days: int = typer.Option(
        None, "--days", min=1, max=366, help="An empty calendar of N days for you to fill in."
    ),
    title: str = typer.Option(None, "--title", help="The title (default: the template's)."),
    domain: str = typer.Option(None, "--domain", help="The domain (default: the template's)."),
    meetup: str = typer.Option(
        None, "--meetup", metavar="DATE", help="The report-back meetup, after the last day."
    ),
    meetup_where: str = typer.Option(
        None, "--meetup-where", metavar="TEXT", help="Where the meetup happens."
    ),
    weekdays: bool = typer.Option(
        False, "--weekdays", help="Run on Monday to Friday only: weekends have no activity."
    ),
    holidays: str = typer.Option(
        None,
        "--holidays",
        metavar="CC[-SUB]",
        help="Skip the public holidays of a country (and subdivision), e.g. GB-ENG, DE-BY, FR.",
    ),
    skip: list[str] = typer.Option(
        None,
        "--skip",
        metavar="DATE[=NAME]",
        help="A date with no activity, e.g. 2026-12-28 or '2026-12-28=Team offsite'; repeatable.",
    ),
    force: bool = typer.Option(False, "--force", help="Replace an existing challenge file."),
) -> None:
    """Create a challenge from a set, or blank.

    Create challenges/CHALLENGE.yaml from a challenge set (built in, the community's own in
    templates/, a package's, or a set file), or as a blank calendar of N days."""
    if (template is None) == (days is None):
        raise typer.BadParameter(
            "give either --template TEMPLATE (see copkit challenge templates) or --days N",
            param_hint="'--template' / '--days'",
        )
    if meetup_where is not None and meetup is None:
        raise typer.BadParameter("--meetup-where needs --meetup DATE", param_hint="'--meetup'")
    from copkit.cli.common import today, when
    from copkit.model import Challenge, Meetup
    from copkit.render.console import err
    from copkit.services import public_holidays
    from copkit.services.challenges import (
        blank_days,
        check_meetup,
        from_template,
        past_note,
        start_note,
    )
    from copkit.storage.templates import challenge_text, load_set, resolve, write_challenge
    from copkit.storage.workspace import require_slug

    ws = workspace()
    require_slug(challenge, "challenge")
    day1 = when(ws, start, "--start")
    meet = Meetup(date=when(ws, meetup, "--meetup"), where=meetup_where) if meetup else None
    region = public_holidays.resolve_region(holidays) if holidays else None
    t = today(ws)
    skips = [public_holidays.parse_skip(x, t) for x in skip or []]
    found = resolve(ws, template) if template is not None else None
    if found is not None:
        loaded = load_set(found)
        tpl = loaded.require()
        value = from_template(found.id, tpl, day1, title=title, domain=domain, meetup=meet)
        described = (
            f"copkit's {found.id} template" if found.source == "built-in" else found.described
        )
        origin = (
            f"From {described}: adapt any day to your community; `copkit check` validates the file."
        )
    else:
        loaded = None
        value = Challenge(
            title=title or challenge.replace("-", " ").capitalize(),
            domain=domain,
            start=day1,
            meetup=meet,
            days=blank_days(days),
        )
        origin = (
            "A blank calendar: fill in each day's title, prompt, minutes and level variants.\n"
            "`copkit check` lists the days still empty. The meetup, once known:\n"
            "meetup: {date: YYYY-MM-DD, where: Community call}"
        )
    value.start, value.schedule = public_holidays.schedule_from(
        day1, value.length, weekdays=weekdays, skips=skips, region=region
    )
    skip_note = (
        public_holidays.schedule_comment(region, value.schedule, len({s.date for s in skips}))
        if value.schedule
        else None
    )
    check_meetup(value)
    rel = write_challenge(
        ws, challenge, value, challenge_text(value, loaded, origin, skip_note), force=force
    )
    if found is not None:
        source = f"the {found.id} template" if found.source == "built-in" else found.described
    else:
        source = f"a blank calendar of {plural(days, 'day')}"
    from copkit.services import schedule

    err().print(
        f"Created {rel} from {source}: {schedule.length_words(value)}, "
        f"{value.start} to {value.end}."
    )
    if warning := past_note(value, t):
        err().print(f"warning: {warning}", markup=False)
    if value.start != day1:
        err().print(
            f"{day1} ({day1:%A}) has no activity on this schedule: "
            f"day 1 is {value.start:%A} {value.start}, the start written in the file."
        )
    if found is not None and loaded is not None:
        if note := start_note(found.id, tpl, day1):
            err().print(f"note: {note}", markup=False)
        if warnings := [p for p in loaded.problems if p.severity == "warning"]:
            shown = found.rel if found.source == "file" else found.id
            err().print(
                f"note: the set has {plural(len(warnings), 'warning')}; "
                f"copkit template check {shown} lists them",
                markup=False,
            )
    err().print(
        f"Next: copkit challenge show {challenge}; members sign up with "
        f"copkit challenge join {challenge} --as MEMBER"
    )


@app.command("list")
def list_(json_out: bool = JsonOpt, no_cache: bool = NoCacheOpt) -> None:
    """List the challenges: dates, status, today's day, participants."""
    from copkit.cli.common import today
    from copkit.render.challenges import challenges_table
    from copkit.render.console import out, print_json
    from copkit.services.challenges import summary

    ws = workspace()
    t = today(ws)
    rows = [
        summary(cid, c, t, len(_participants(ws, cid, c, no_cache))) for cid, c in _all(ws).items()
    ]
    if json_out:
        print_json([r.as_json() for r in rows])
        return
    out().print(challenges_table(rows, t))
    if not rows:
        from copkit.render.console import err

        err().print(
            "No challenges yet. Start one from a template: "
            "copkit challenge new CHALLENGE --start YYYY-MM-DD --template devops "
            "(copkit challenge templates lists them)"
        )


@app.command("show")
def show(
    challenge: str = ChallengeArg, json_out: bool = JsonOpt, no_cache: bool = NoCacheOpt
) -> None:
    """Show a challenge's calendar and partners.

    Show a challenge: its calendar with today marked, and the partner groups."""
    from copkit.cli.common import today
    from copkit.render import challenges as render
    from copkit.render.console import out, print_json
    from copkit.services.challenges import calendar_rows, show_json, summary

    ws = workspace()
    c = ws.challenge(challenge)
    who = _participants(ws, challenge, c, no_cache)
    if json_out:
        print_json(show_json(challenge, c, who))
        return
    t = today(ws)
    names = ws.member_names((m for group in c.pairs for m in group), fast=not no_cache)
    parts = render.show(
        challenge, c, calendar_rows(c, t), summary(challenge, c, t, len(who)), who, t, names
    )
    console = out()
    for i, part in enumerate(parts):
        if i:
            console.print()
        console.print(part)


@app.command("today")
def today_(
    challenge: str = typer.Argument(
        None,
        metavar="[CHALLENGE]",
        help="The challenge; may be left out when exactly one is running.",
        autocompletion=completion.challenges,
    ),
    day: int = typer.Option(None, "--day", min=1, help="Show day N instead of today's."),
    on: str = typer.Option(
        None, "--date", metavar="DATE", help="Show the day of DATE (YYYY-MM-DD, tomorrow...)."
    ),
    markdown: bool = typer.Option(
        False, "--markdown", help="Print a post ready to paste into a chat channel."
    ),
    json_out: bool = JsonOpt,
) -> None:
    """The day's activity, ready to post.

    The day's activity: what to post today (day, date, kind, title, prompt, minutes, levels)."""
    if day is not None and on is not None:
        raise typer.BadParameter("give --day N or --date DATE, not both", param_hint="'--day'")
    if markdown and json_out:
        raise typer.BadParameter("give --markdown or --json, not both", param_hint="'--markdown'")
    # the daily command: the calendar comes from the .copkit/ copy when unchanged, and JSON
    # and plain text are written without importing Rich (start-up time is a measured target)
    from copkit.cli.common import today, when
    from copkit.services.challenges import pick_running, post_for_day, post_on
    from copkit.storage import cache  # parsed copies in .copkit/: calendars are slow to parse

    ws = workspace()
    target = when(ws, on, "--date")
    now = target if on is None else today(ws)
    if challenge is None:
        running = cache.challenges(ws)
        challenge = pick_running(running, target)
        c = running[challenge]
    else:
        c = cache.challenge(ws, challenge)
    post = (
        post_for_day(challenge, c, day)
        if day is not None
        else post_on(challenge, c, target, today=now)
    )
    if json_out:
        from copkit.render.jsonout import json_text

        sys.stdout.write(json_text(post.as_json()))
        return
    from copkit.render import challenges as render
    from copkit.render.text import write_out
    from copkit.services.challenges import Outside, Rest

    if isinstance(post, Outside):
        write_out(render.outside_text(post))
    elif isinstance(post, Rest):
        write_out(render.rest_text(post))
    elif markdown:
        write_out(render.post_markdown(post))
    elif _plain():
        write_out(render.post_plain(post))
    else:
        from copkit.render.console import out

        out().print(render.post_panel(post))


@app.command("calendar")
def calendar(
    challenge: str = ChallengeArg,
    ics: str = typer.Option(
        "-",
        "--ics",
        metavar="FILE",
        help="The .ics file to write, relative to the current folder; without it (or with -) "
        "the calendar goes to stdout.",
    ),
    force: bool = typer.Option(
        False, "--force", help="Replace FILE even when it is not an iCalendar file."
    ),
) -> None:
    """Export the calendar as iCalendar (.ics).

    Export the calendar as iCalendar: an all-day event per day, plus the meetup."""

    from copkit import __version__
    from copkit.errors import CopkitError
    from copkit.render.challenges import ics as to_ics
    from copkit.render.console import err
    from copkit.storage.atomic import write_atomic

    ws = workspace()
    c = ws.challenge(challenge)
    data = to_ics(challenge, c, __version__)
    events = c.length + (1 if c.meetup else 0)
    from copkit.storage.workspace import to_stdout

    if to_stdout(ics):
        sys.stdout.buffer.write(data)
        sys.stdout.flush()
        return
    target = ws.output_path(ics, "--ics")
    shown = ws.rel(target)
    if target.is_file() and not force:
        with target.open("rb") as f:  # the first bytes only, whatever the file's size
            head = f.read(15)
        if head != b"BEGIN:VCALENDAR":
            raise CopkitError(
                f"{shown} exists and is not an iCalendar file; copkit will not replace it",
                hint="Choose another FILE, or use --force to replace it.",
            )
    write_atomic(target, data.decode("utf-8"), overwrite=True, display=shown)
    meet = " and the meetup" if c.meetup else ""
    err().print(
        f"Wrote {shown}: {plural(c.length, 'day')}{meet}, {plural(events, 'all-day event')}. "
        "Import it into your "
        "calendar; importing it again updates the events instead of duplicating them."
    )


@app.command("join")
def join(
    challenge: str = ChallengeArg,
    as_member: str = AsOpt,
    level: LevelChoice = typer.Option(
        None, "--level", help="starter or experienced: the variant of each day you aim for."
    ),
    goal: str = typer.Option(None, "--goal", help="What you want out of the month."),
    force: bool = typer.Option(False, "--force", help="Replace your existing sign-up."),
) -> None:
    """Sign up: writes only journals/CHALLENGE/YOU/plan.md."""
    from copkit.cli.common import today, whoami
    from copkit.errors import CopkitError
    from copkit.render.console import err
    from copkit.services.challenges import plan_body, plan_to_join
    from copkit.services.members import refuse_if_left
    from copkit.services.progress import status_of

    ws = workspace()
    c = ws.challenge(challenge)
    member = whoami(ws, as_member)
    me = ws.load_member(member).value
    refuse_if_left(member, me.left if me else None, f"join {challenge}")
    t = today(ws)
    path = ws.plan_path(challenge, member)
    rel = ws.rel(path)
    loaded = ws.load_plan(challenge, member) if path.exists() else None
    existing = None
    if loaded is not None:
        if loaded.value is None or loaded.errors:
            if not force:
                raise CopkitError(
                    f"{rel} exists but cannot be read: "
                    + "; ".join(p.message for p in loaded.errors or loaded.problems),
                    hint="Fix it (copkit check shows where), or use --force to replace it.",
                )
        else:
            existing = loaded.value
    plan, rejoin = plan_to_join(
        challenge,
        c,
        member,
        t,
        existing,
        level=level.value if level else None,
        goal=goal,
        force=force,
        where=rel,
    )
    if rejoin:
        assert loaded is not None and existing is not None
        ws.update(loaded, path, plan)
        err().print(
            f"{ws.name_of(member)} rejoined {challenge} ({rel}); the journal is as you left it.",
            markup=False,
        )
    else:
        ws.write_markdown(path, plan, plan_body(c, goal), force=force)
        err().print(f"{ws.name_of(member)} joined {challenge}: wrote {rel}.", markup=False)
    from copkit.services import schedule

    status = status_of(c, t)
    day_now = schedule.day_of(c, t)
    if status == "upcoming":
        err().print(
            f"Day 1 is {schedule.first_date(c)}. Commit and push {rel} to share your sign-up."
        )
    elif day_now is None:
        err().print(f"{schedule.rest_note(c, t, t)}. Commit and push {rel} to share your sign-up.")
    else:
        err().print(
            f"Today is day {day_now}: copkit challenge today {challenge}. "
            f"Commit and push {rel} to share your sign-up."
        )
    if c.pairs and not c.partners_of(member):
        err().print(
            f"Partners are already drawn; an organiser places you with: "
            f"copkit challenge pair {challenge} --late"
        )


@app.command("leave")
def leave(challenge: str = ChallengeArg, as_member: str = AsOpt) -> None:
    """Leave a challenge; your journal stays.

    Leave a challenge: records `left` in your plan.md and keeps your journal."""
    from copkit.cli.common import today, whoami
    from copkit.errors import CopkitError
    from copkit.render.console import err
    from copkit.services.challenges import plan_to_leave

    ws = workspace()
    ws.challenge(challenge)
    member = whoami(ws, as_member, must_exist=False)
    path = ws.plan_path(challenge, member)
    rel = ws.rel(path)
    if not path.exists():
        raise CopkitError(
            f"{member} has not joined {challenge} ({rel} does not exist); there is nothing to leave"
        )
    loaded = ws.load_plan(challenge, member)
    plan = loaded.require()
    new_plan = plan_to_leave(challenge, member, plan, today(ws))
    ws.update(loaded, path, new_plan)
    err().print(
        f"{ws.name_of(member)} left {challenge} on {new_plan.left} ({rel}); the journal stays. "
        f"Rejoin any time with: copkit challenge join {challenge} --as {member}",
        markup=False,
    )


@app.command("pair")
def pair_(
    challenge: str = ChallengeArg,
    seed: int = typer.Option(
        None, "--seed", min=0, help="Draw with this seed (the same seed gives the same pairs)."
    ),
    late: bool = typer.Option(
        False, "--late", help="Place only participants who have no partner yet."
    ),
    dry_run: bool = typer.Option(False, "--dry-run", help="Print the groups; write nothing."),
    force: bool = typer.Option(False, "--force", help="Redraw existing partner groups."),
    json_out: bool = JsonOpt,
    no_cache: bool = NoCacheOpt,
) -> None:
    """Draw accountability partners.

    Draw accountability partners: pairs, one trio when odd, avoiding earlier partners."""
    if late and force:
        raise typer.BadParameter(
            "--late keeps the existing groups and --force redraws them; choose one",
            param_hint="'--late'",
        )
    import secrets

    import msgspec

    from copkit.cli.common import today
    from copkit.errors import CopkitError
    from copkit.model import Pairing
    from copkit.render.challenges import pairing_view
    from copkit.render.console import err, out, print_json
    from copkit.services.challenges import history_for
    from copkit.services.pairing import pair, place_late
    from copkit.storage import cache  # parsed copies in .copkit/: calendars are slow to parse
    from copkit.storage.templates import flow

    ws = workspace()
    path = ws.challenge_path(challenge)
    if not path.exists():
        ws.challenge(challenge)  # says so, with the closest name
    # the model from the .copkit/ copy when unchanged; the round-trip YAML (seconds for the
    # thousands of pairs of a large community) only when the file is written
    c = cache.challenge(ws, challenge)
    rel = ws.rel(path)
    if c.pairs and not late and not force:
        drawn = f" (drawn {c.pairing.date} with seed {c.pairing.seed})" if c.pairing else ""
        raise CopkitError(
            f"{rel} already has {plural(len(c.pairs), 'partner group')}{drawn}",
            hint="Place newcomers with --late, or redraw every group with --force.",
        )
    t = today(ws)
    gone = {m for m, v in ws.members().items() if v.left is not None}
    who = [m for m in _participants(ws, challenge, c, no_cache) if m not in gone]  # left: unpaired
    history = history_for(challenge, c, _all(ws, but=challenge))
    if seed is None:
        seed = c.pairing.seed if (late and c.pairing) else secrets.randbelow(1_000_000)
    result = place_late(c.pairs, who, history, seed) if late else pair(who, history, seed)
    pairing = c.pairing if (late and c.pairing) else Pairing(seed=seed, date=t)
    updated = msgspec.structs.replace(c, pairs=result.groups, pairing=pairing)
    if json_out:
        print_json(
            {
                "challenge": challenge,
                "pairs": result.groups,
                "pairing": {"seed": pairing.seed, "date": pairing.date.isoformat()},
                "repeats": [list(p) for p in result.repeats],
                "placed": result.placed,
                "written": not dry_run and bool(result.placed),
            }
        )
    else:
        names = ws.member_names(m for group in result.groups for m in group)
        out().print(pairing_view(result, who, seed, late=late, names=names))
    if late and not result.placed:
        err().print("Everyone who joined already has a partner group; nothing to place.")
        return
    if dry_run:
        again = f"copkit challenge pair {challenge}{' --late' if late else ''} --seed {seed}"
        err().print(
            f"Dry run: {rel} is unchanged. To write exactly these groups: {again}",
            markup=False,
        )
        return
    loaded = ws.load_challenge(challenge)
    if loaded.require() != c:
        raise CopkitError(f"{rel} changed while the groups were drawn; run the command again")
    if "pairing" not in loaded.doc:  # written on one line, as in the spec's example
        loaded.doc.insert(len(loaded.doc), "pairing", flow({"seed": seed, "date": t}))
    ws.update(loaded, path, updated)
    if late:
        err().print(
            f"Placed {', '.join(result.placed)} in {loaded.rel}; the other groups are unchanged."
        )
    else:
        err().print(
            f"Wrote {plural(len(result.groups), 'partner group')} "
            f"to {loaded.rel} (seed {seed}); "
            f"the same seed gives the same groups: --seed {seed}."
        )
