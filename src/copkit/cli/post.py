"""copkit challenge post: the day's activity, the nudge list or the meetup reminder, sent to the
community's channels through Apprise."""

from __future__ import annotations

import os
import sys
from enum import StrEnum
from typing import TYPE_CHECKING

import typer

from copkit.cli import completion
from copkit.cli.common import NoCacheOpt, workspace
from copkit.plural import plural
from copkit.render.text import write_out

if TYPE_CHECKING:
    from collections.abc import Sequence
    from datetime import date

    from copkit.model import Challenge
    from copkit.render.posts import Message
    from copkit.services.posting import Target
    from copkit.storage.workspace import Workspace


class What(StrEnum):
    today = "today"
    nudge = "nudge"
    meetup = "meetup"


def post(
    challenge: str = typer.Argument(
        ..., metavar="CHALLENGE", help="The challenge id.", autocompletion=completion.challenges
    ),
    to: list[str] = typer.Option(
        [],
        "--to",
        metavar="CHANNEL|URL",
        help="A channel of copkit.yaml or an Apprise URL; repeat for several. "
        "Default: every channel of copkit.yaml.",
    ),
    day: int = typer.Option(None, "--day", min=1, help="Post day N instead of today's."),
    on: str = typer.Option(
        None, "--date", metavar="DATE", help="Post as on DATE (YYYY-MM-DD, tomorrow...)."
    ),
    what: What = typer.Option(
        What.today, "--what", help="The day's activity, the nudge list, or the meetup reminder."
    ),
    days: int = typer.Option(
        2, "--days", min=1, metavar="N", help="Nudge: silent for at least N days."
    ),
    if_due: bool = typer.Option(
        False,
        "--if-due",
        help="Meetup: post only a week before and the day before (for a daily scheduled job).",
    ),
    dry_run: bool = typer.Option(
        False, "--dry-run", help="Print what would be sent to each channel; send nothing."
    ),
    no_cache: bool = NoCacheOpt,
) -> None:
    """Post the day's activity to the community's chat or email.

    The day's activity, the nudge list or the meetup reminder, to the community's channels.
    Channels are named in copkit.yaml (channels: {team-chat: {url_env: COPKIT_CHAT_URL}}); the
    environment variable holds the Apprise URL. On a date with no activity nothing is sent.
    """
    if day is not None and on is not None:
        raise typer.BadParameter("give --day N or --date DATE, not both", param_hint="'--day'")
    if day is not None and what is not What.today:
        raise typer.BadParameter(f"--day goes with --what today, not {what.value}", "'--day'")
    from copkit.cli.common import when
    from copkit.services.posting import targets
    from copkit.storage import cache  # parsed copies in .copkit/: calendars are slow to parse
    from copkit.storage.workspace import require_slug

    ws = workspace()
    c = cache.challenge(ws, require_slug(challenge, "challenge"))
    target_date = when(ws, on, "--date")
    places = targets(ws.config().channels, to, os.environ)
    if what is What.today:
        message = _today(challenge, c, day, target_date)
    elif what is What.nudge:
        message = _nudge(ws, challenge, c, target_date, days, no_cache)
    else:
        message = _meetup(challenge, c, target_date, if_due)
    if message is None:
        return
    if dry_run:
        _dry_run(places, message)
        return
    from copkit.delivery import send
    from copkit.errors import CopkitError

    for place in places:
        if place.url is None:
            raise place.missing()
    failures: list[CopkitError] = []
    for place in places:
        try:
            form = send(place, message)
        except CopkitError as e:
            failures.append(e)
            continue
        sys.stdout.write(f"Posted to {place.name} ({form}): {message.subject}\n")
    if len(failures) == 1:
        raise failures[0]
    if failures:
        raise CopkitError(
            "; ".join(f.message for f in failures),
            hint="Check each channel's URL and that its service is reachable; nothing was retried.",
        )


def _say(text: str) -> None:
    """Why nothing is sent: not an error (a scheduled job runs every day), exit 0."""
    write_out(text.rstrip("\n") + " Nothing was posted.\n")


def _today(challenge_id: str, c: Challenge, day: int | None, on: date) -> Message | None:
    from copkit.render import challenges as render
    from copkit.render.posts import day_message
    from copkit.services.challenges import DayPost, Rest, post_for_day, post_on

    post = post_for_day(challenge_id, c, day) if day is not None else post_on(challenge_id, c, on)
    if isinstance(post, Rest):  # a weekend or a skipped date of a working-day schedule
        _say(render.rest_text(post))
        return None
    if not isinstance(post, DayPost):
        _say(render.outside_text(post))
        return None
    return day_message(post)


def _nudge(
    ws: Workspace, challenge_id: str, c: Challenge, on: date, days: int, no_cache: bool
) -> Message | None:
    from copkit.render.posts import nudge_post
    from copkit.services.nudge import nudges
    from copkit.services.progress import status_of
    from copkit.storage.journals import load_journals

    if status_of(c, on) != "running":
        _say(f"{challenge_id} is not running on {on}: nobody to nudge.")
        return None
    data = load_journals(ws, challenge_id, c, use_cache=not no_cache)
    participants = data.participants()
    joined = {m: data.plans[m].joined for m in participants}
    found = nudges(c, participants, data.entries, on, days=days, joined=joined)
    if not found:
        _say(
            f"Nobody to nudge in {challenge_id}: no participant has been silent for "
            f"{plural(days, 'day')} or more."
        )
        return None
    names = ws.member_names({n.member for n in found} | {p for n in found for p in n.partners})
    return nudge_post(found, challenge_id, c, on, names)


def _meetup(challenge_id: str, c: Challenge, on: date, if_due: bool) -> Message | None:
    from copkit.render.posts import meetup_post
    from copkit.services.posting import meetup_reminder

    reminder = meetup_reminder(challenge_id, c, on, if_due=if_due)
    if isinstance(reminder, str):
        _say(reminder)
        return None
    return meetup_post(reminder)


def _dry_run(places: Sequence[Target], message: Message) -> None:
    from copkit.delivery import form_for

    for i, place in enumerate(places):
        if place.url is None:
            form, note = "markdown", f" ({place.env} is not set: the Markdown form is shown)"
        else:
            form, note = form_for(place.url), ""
        body = {"markdown": message.markdown, "html": message.html, "text": message.text}[form]
        head = f"--- to {place.name}, as {form}{note}"
        if form == "html":
            head += f"; subject: {message.subject}"
        write_out(("\n" if i else "") + head + " ---\n" + body)


def register(challenge_app: typer.Typer) -> None:
    """Adds `post` to the `challenge` group."""
    challenge_app.command("post")(post)
