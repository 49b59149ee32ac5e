"""copkit challenge progress | nudge: how participants are doing, who has gone quiet."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

import typer

from copkit.cli import completion
from copkit.cli.common import JsonOpt, NoCacheOpt, workspace
from copkit.plural import plural

if TYPE_CHECKING:
    from copkit.errors import Problem

FocusOpt = typer.Option(
    None,
    "--as",
    metavar="MEMBER",
    help="Focus on this member and their partners.",
    autocompletion=completion.members,
)


def _journal_note(problems: Sequence[Problem]) -> None:
    """Names on stderr the journal files that could not be read and were left out."""
    from copkit.render.console import error_paths

    _journal_note_paths(error_paths(problems))


def _journal_note_paths(paths: list[str]) -> None:
    if paths:
        from copkit.render.console import note_skipped

        note_skipped(paths)


def progress(
    challenge: str = typer.Argument(
        ..., metavar="CHALLENGE", help="The challenge id.", autocompletion=completion.challenges
    ),
    as_member: str = FocusOpt,
    json_out: bool = JsonOpt,
    no_cache: bool = NoCacheOpt,
) -> None:
    """Each participant's bar, counts, streaks and day strip.

    One row per participant with partners, done / partial / skipped / missing, minutes, current
    and longest streak, and a strip of the month.
    """
    from copkit.cli.common import kept_output, today
    from copkit.errors import CopkitError
    from copkit.services.progress import challenge_progress, focus
    from copkit.storage import cache  # parsed copies in .copkit/: calendars are slow to parse
    from copkit.storage.journals import load_journals
    from copkit.storage.workspace import require_slug

    ws = workspace()
    require_slug(challenge, "challenge")
    t = today(ws)
    # The whole community's JSON is kept for a repeat with nothing changed (see
    # challenge report); a focus or the terminal table is computed every time.
    kept = kept_output(
        ws,
        f"challenge progress {challenge} json",
        challenge,
        t,
        use=json_out and not as_member and not no_cache,
    )
    if kept.found is not None:
        text, skipped = kept.found
        from copkit.render.console import print_json_text

        print_json_text(text)
        _journal_note_paths(skipped)
        return
    ch = cache.challenge(ws, challenge)  # ruamel: 0.5 s at 5,000
    data = load_journals(ws, challenge, ch, use_cache=not no_cache, listing=kept.listing)
    participants = data.participants()
    result = challenge_progress(challenge, ch, participants, data.entries, t)
    if as_member:
        ws.known("member", as_member)
        if as_member not in participants:
            raise CopkitError(
                f"{as_member} is not a participant of {challenge}"
                + (" (they left)" if as_member in data.plans else ""),
                hint=f"Participants: {', '.join(participants) or 'nobody yet'}.",
            )
        result = focus(result, as_member, ch.partners_of(as_member))
    _journal_note(data.problems)
    if json_out:
        from copkit.render.jsonout import json_text

        text = json_text(result.as_json())
        if not as_member:
            from copkit.render.console import error_paths

            kept.keep(ws, data, text, error_paths(data.problems))
        from copkit.render.console import print_json_text

        print_json_text(text)
        return
    from copkit.render.console import out
    from copkit.render.progress import progress_table, show

    if not participants:
        out().print(
            f"Nobody has joined {challenge} yet. Join with: copkit challenge join {challenge} --as YOU"
        )
        return
    left = {m for m, p in data.plans.items() if p.left is not None}
    shown = {p.member for p in result.participants} | {
        m for p in result.participants for m in p.partners
    }
    names = ws.member_names(shown, fast=not no_cache)
    show(progress_table(result, ch, left, out().width, focus=as_member, names=names))


def nudge(
    challenge: str = typer.Argument(
        ..., metavar="CHALLENGE", help="The challenge id.", autocompletion=completion.challenges
    ),
    days: int = typer.Option(2, "--days", min=1, metavar="N", help="Silent for at least N days."),
    json_out: bool = JsonOpt,
    no_cache: bool = NoCacheOpt,
) -> None:
    """Who has gone quiet, and which partners should check in.

    Participants with no entry for the last N days or more, since which day, with the partners
    who should reach out and a message ready to paste.
    """
    from copkit.cli.common import today
    from copkit.services.nudge import nudges
    from copkit.services.progress import status_of
    from copkit.storage import cache  # parsed copies in .copkit/: calendars are slow to parse
    from copkit.storage.journals import load_journals
    from copkit.storage.workspace import require_slug

    ws = workspace()
    ch = cache.challenge(ws, require_slug(challenge, "challenge"))  # ruamel: 0.5 s at 5,000
    t = today(ws)
    data = load_journals(ws, challenge, ch, use_cache=not no_cache)
    participants = data.participants()
    joined = {m: data.plans[m].joined for m in participants}
    found = nudges(ch, participants, data.entries, t, days=days, joined=joined)
    _journal_note(data.problems)
    if json_out:
        from copkit.render.console import print_json

        print_json([n.as_json() for n in found])
        return
    from copkit.render.console import fancy, out

    status = status_of(ch, t)
    if status == "upcoming":
        from copkit.services.schedule import first_date

        out().print(f"{challenge} starts on {first_date(ch)}: nobody to nudge yet.")
        return
    if not participants:
        out().print(f"Nobody has joined {challenge} yet: nobody to nudge.")
        return
    if not found:
        out().print(
            f"Nobody to nudge in {challenge}: {_none_silent(len(participants))} "
            f"been silent for {plural(days, 'day')} or more."
        )
        return
    from copkit.render.posts import nudge_text
    from copkit.render.progress import nudge_table, show

    names = ws.member_names(
        {n.member for n in found} | {p for n in found for p in n.partners}, fast=not no_cache
    )
    show(nudge_table(found, challenge, ch, t, days, names))
    out().print("\nReady to paste in your community channel:\n", style="bold" if fancy() else "")
    out().print(nudge_text(found, challenge, ch, t, names), markup=False, soft_wrap=True)


def register(challenge_app: typer.Typer) -> None:
    """Adds the progress commands to the `challenge` group."""
    challenge_app.command("progress")(progress)
    challenge_app.command("nudge")(nudge)


def _none_silent(n: int) -> str:
    return "its one participant has not" if n == 1 else f"none of the {n:,} participants has"
