"""What every command needs: the workspace, today, who is running it, and shared options."""

from __future__ import annotations

import contextlib
import os
import subprocess
from dataclasses import dataclass
from datetime import UTC, date, datetime
from enum import StrEnum
from typing import TYPE_CHECKING, TypeVar

import typer

from copkit.cli import completion
from copkit.errors import CopkitError

if TYPE_CHECKING:
    from copkit.services.reports import Dashboard
    from copkit.storage.journals import JournalData, Listing
    from copkit.storage.workspace import Workspace


@dataclass
class State:
    root: str | None = None


state = State()

JsonOpt = typer.Option(False, "--json", help="Print one JSON document to stdout and nothing else.")
# --json next to --format json: every command that has a JSON format takes both
JsonFormatOpt = typer.Option(
    False, "--json", help="The same as --format json: one JSON document, nothing else."
)
F = TypeVar("F", bound=StrEnum)


def chosen_format(fmt: F, json_out: bool, default: F) -> F:
    """The format a command renders: --json means --format json; next to another --format
    than the default it is a usage error, not a guess."""
    if not json_out:
        return fmt
    if fmt not in (default, "json"):
        raise typer.BadParameter(
            f"--json asks for JSON and --format for {fmt.value}; give one of them",
            param_hint="'--json'",
        )
    return type(fmt)("json")


NoCacheOpt = typer.Option(
    False,
    "--no-cache",
    envvar="COPKIT_NO_CACHE",
    help="Read every journal file with the full YAML loader: no .copkit/ cache, no fast reader.",
)
AsOpt = typer.Option(
    None,
    "--as",
    metavar="MEMBER",
    help="Who you are (else COPKIT_MEMBER, else your git user.email).",
    autocompletion=completion.members,
)


def workspace() -> Workspace:
    """The workspace of --root, COPKIT_ROOT, or the nearest folder above holding copkit.yaml."""
    from copkit.storage.workspace import Workspace

    return Workspace.find(state.root or os.environ.get("COPKIT_ROOT") or None)


def workspace_if_any() -> Workspace | None:
    """The workspace when there is one (a command that also works outside a workspace);
    an explicit --root or COPKIT_ROOT that is not one is still an error."""
    try:
        return workspace()
    except CopkitError:
        if state.root or os.environ.get("COPKIT_ROOT"):
            raise
        return None


def today(ws: Workspace, *, now: datetime | None = None, timezone: str | None = None) -> date:
    """Today in the community's timezone; COPKIT_TODAY=YYYY-MM-DD replaces it everywhere, and
    else a `today:` pin in copkit.yaml (a demo's fixed date).

    `now` (a timezone-aware instant) stands in for the clock, for tests; `timezone`, when the
    caller knows it already, spares reading copkit.yaml (and so its pin: a federation reads
    its communities as of the programme's today).
    """
    forced = os.environ.get("COPKIT_TODAY")
    if forced:
        try:
            from copkit.services.dates import ISO_DATE, in_range

            if not ISO_DATE.fullmatch(forced.strip()):
                raise ValueError
            forced_date = date.fromisoformat(forced.strip())
        except ValueError:
            raise CopkitError(f"COPKIT_TODAY={forced!r} is not a date; use YYYY-MM-DD") from None
        return in_range(forced_date, "COPKIT_TODAY")
    from copkit.services.dates import local_date

    if timezone is None:
        config = ws.config()
        if config.today is not None:
            return config.today
        timezone = config.timezone
    return local_date(now or datetime.now(UTC), timezone)


def today_pinned(ws: Workspace) -> bool:
    """True when today comes from the `today:` pin of copkit.yaml (no COPKIT_TODAY)."""
    return not os.environ.get("COPKIT_TODAY") and ws.config().today is not None


def when(ws: Workspace, text: str | None, what: str = "date") -> date:
    """A --date argument (YYYY-MM-DD, today, yesterday, tomorrow); today when absent."""
    from copkit.services.dates import parse_date

    t = today(ws)
    return t if text is None else parse_date(text, t, what=what)


def git_email(cwd: str) -> str | None:
    try:
        r = subprocess.run(
            ["git", "config", "user.email"],
            cwd=cwd,
            capture_output=True,
            text=True,
            timeout=5,
            check=False,
        )
    except (OSError, subprocess.SubprocessError):
        return None
    return r.stdout.strip() or None


def whoami(ws: Workspace, as_member: str | None, *, must_exist: bool = True) -> str:
    """--as, else COPKIT_MEMBER, else the member whose email is git's user.email."""
    from copkit.storage.workspace import require_slug

    member = as_member or os.environ.get("COPKIT_MEMBER")
    if not member:
        email = git_email(str(ws.root))
        if email:
            from copkit.services.members import owners_of

            owners = owners_of(ws.members(), email)
            if len(owners) > 1:
                raise CopkitError(
                    f"who are you? {len(owners)} members give your git user.email ({email}): "
                    f"{', '.join(owners)}",
                    hint="Pass --as MEMBER or set COPKIT_MEMBER; `copkit check` names the files "
                    "to fix, since each member needs their own email.",
                )
            member = owners[0] if owners else None
        if not member:
            raise CopkitError(
                "who are you? copkit could not tell which member runs this command",
                hint=(
                    "Pass --as MEMBER, or set COPKIT_MEMBER=MEMBER, or set the email of your "
                    f"members/<you>.yaml to your git user.email ({email or 'not set'})."
                ),
            )
    require_slug(member, "member")
    if must_exist:
        ws.known(
            "member",
            member,
            hint=f"Add yourself with: copkit member add {member} --name 'Your Name'",
        )
    return member


@dataclass
class KeptOutput:
    """A command's output kept in the cache for the files it is made from (storage/cache:
    `output_inputs`, `output_key`, `kept`, `keep`). `found` is the text and the files left out
    that the last run printed, when nothing it was made from has changed since; else the
    command computes the output, reads the journals with `listing` (None on a first run) and
    calls `keep` with what it read."""

    kind: str
    inputs: bytes | None
    listing: Listing | None
    found: tuple[str, list[str]] | None

    def keep(self, ws: Workspace, data: JournalData, text: str, skipped: list[str]) -> None:
        import msgspec

        from copkit.storage import cache

        key = cache.output_key(data.digest, self.inputs)
        cache.keep(ws, self.kind, key, msgspec.msgpack.encode((text, skipped)))


@dataclass
class KeptDashboard:
    """The community dashboard's figures kept in the cache for the files they are made from,
    as KeptOutput keeps a report's text: the dashboard is drawn afresh from them (the
    terminal form depends on the terminal). `found` is (the dashboard, the files left out)
    when nothing they were made from has changed since."""

    kind: str
    inputs: bytes | None
    listings: dict[str, Listing]
    found: tuple[Dashboard, list[str]] | None

    def keep(
        self, ws: Workspace, digests: dict[str, bytes | None], value: Dashboard, skipped: list[str]
    ) -> None:
        """Keep `value`, made from journals whose digests (journals.Listing) `digests` holds
        for every challenge id in challenges/."""
        import msgspec

        from copkit.storage import cache
        from copkit.storage.journals import digest_of_all

        key = cache.output_key(digest_of_all(digests), self.inputs)
        cache.keep(ws, self.kind, key, msgspec.msgpack.encode((value, skipped)))


def kept_dashboard(ws: Workspace, kind: str, on: date, *, use: bool) -> KeptDashboard:
    """The dashboard `kind` (the command and its form) last made on the same date from the
    same files: copkit.yaml, members/, charters/ with every volunteers/ folder, challenges/
    and every challenge's journals, by the same copkit. `use` False (--no-cache) keeps
    nothing. The journals are listed first only when a dashboard was kept."""
    if not use:
        return KeptDashboard(kind, None, {}, None)
    import msgspec

    from copkit.services.reports import Dashboard
    from copkit.storage import cache
    from copkit.storage.journals import digest_of_all, list_journals
    from copkit.storage.workspace import VOLUNTEERS

    volunteers = [ws.root / "charters" / c / VOLUNTEERS for c in ws.ids("charters")]
    folders = [ws.root / "members", ws.root / "charters", ws.root / "challenges", *volunteers]
    folders = [f for f in folders if ws.outside(f) is None]  # never listed through a link out
    # without COPKIT_TODAY, copkit.yaml's `today:` pin may name the date (the header says so)
    by_env = os.environ.get("COPKIT_TODAY") is not None
    inputs = cache.output_inputs([ws.config_path], folders, kind, on.isoformat(), by_env)
    last = cache.kept(ws, kind) if inputs is not None else None
    if last is None:
        return KeptDashboard(kind, inputs, {}, None)
    listings = {c: list_journals(ws, c) for c in ws.ids("challenges")}
    digest = digest_of_all({c: listed.digest for c, listed in listings.items()})
    found = None
    if cache.output_key(digest, inputs) == last[0]:
        with contextlib.suppress(msgspec.DecodeError, msgspec.ValidationError):
            found = msgspec.msgpack.decode(last[1], type=tuple[Dashboard, list[str]])
    return KeptDashboard(kind, inputs, listings, found)


def kept_output(
    ws: Workspace, kind: str, challenge: str, on: date, *, use: bool, members: str = "count"
) -> KeptOutput:
    """What a command over one challenge's journals printed the last time it was made from
    the same files: the journals (every name, size and mtime), the challenge file,
    copkit.yaml, the members (`count`: their names; `names`: their files too), on the same
    date, by the same command (`kind`, with its options) and the same copkit. `use` False
    (--no-cache, or a form that depends on the terminal) keeps nothing.

    The journals are listed first only when an output was kept: a first run reads them once.
    """
    if not use:
        return KeptOutput(kind, None, None, None)
    import msgspec

    from copkit.storage import cache
    from copkit.storage.journals import list_journals

    folders = [ws.root / "members"] if members == "names" else []
    inputs = cache.output_inputs(
        [ws.challenge_path(challenge), ws.config_path],
        folders,
        kind,
        on.isoformat(),
        ws.ids("members") if members == "count" else None,
    )
    last = cache.kept(ws, kind) if inputs is not None else None
    if last is None:
        return KeptOutput(kind, inputs, None, None)
    listed = list_journals(ws, challenge)
    found = None
    if cache.output_key(listed.digest, inputs) == last[0]:
        with contextlib.suppress(msgspec.DecodeError, msgspec.ValidationError):
            found = msgspec.msgpack.decode(last[1], type=tuple[str, list[str]])
    return KeptOutput(kind, inputs, listed, found)
