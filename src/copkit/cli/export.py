"""copkit export: the workspace as tidy tables (CSV, JSON Lines or Parquet) for analysts."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING

import typer

from copkit.cli import completion
from copkit.cli.common import NoCacheOpt, workspace

if TYPE_CHECKING:
    from datetime import date

    from copkit.services.export import ChallengeData, Tables
    from copkit.storage.workspace import Workspace


class ExportFormat(StrEnum):
    csv = "csv"
    jsonl = "jsonl"
    parquet = "parquet"


FormatOpt = typer.Option(
    ExportFormat.csv,
    "--format",
    "-f",
    help="csv and jsonl need nothing more; parquet needs the extra: pip install 'copkit[parquet]'.",
)
ToOpt = typer.Option(
    Path("export"),
    "--to",
    metavar="DIR",
    help="The folder to write the tables into, relative to the current folder (default: export).",
)
WithTextOpt = typer.Option(
    False,
    "--with-text",
    help="Also export the words: entries' text and participants' goals (never private ones).",
)
ForceOpt = typer.Option(False, "--force", help="Replace the tables already in DIR.")


@dataclass
class Community:
    """What one workspace holds for the reports and exports that read it whole."""

    ws: Workspace
    today: date
    challenges: list[ChallengeData] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)  # files left out: `check` says why


def read_community(
    ws: Workspace,
    *,
    only: str | None = None,
    use_cache: bool = True,
    today: date | None = None,
) -> Community:
    """Every challenge (or `only` that one) with its plans and entries' front matter.

    A challenge file that does not load is left out and named in `skipped`, as are journal
    files with errors; `copkit check` says what is wrong with each.
    """
    from copkit.cli.common import today as today_of
    from copkit.errors import CopkitError
    from copkit.render.console import error_paths
    from copkit.services.export import ChallengeData
    from copkit.storage import cache  # parsed copies in .copkit/: calendars are slow to parse
    from copkit.storage.journals import load_journals

    out = Community(ws, today if today is not None else today_of(ws))
    for cid in [only] if only else ws.ids("challenges"):
        try:
            ch = cache.challenge(ws, cid)
        except CopkitError:
            if only:
                raise
            out.skipped.append(f"challenges/{cid}.yaml")
            continue
        data = load_journals(ws, cid, ch, use_cache=use_cache)
        out.skipped += error_paths(data.problems)
        out.challenges.append(ChallengeData(cid, ch, data.plans, data.entries))
    return out


def community_id(ws: Workspace) -> str:
    """The id a community gives itself in its exports: its name as a slug."""
    from copkit.model.ids import suggest_slug

    return suggest_slug(ws.config().name, "community")


def tables_of(community: str, c: Community, *, with_text: bool) -> Tables:
    """The tidy tables of one community read by `read_community`."""
    from copkit.services.export import community_tables

    bodies = _bodies(c) if with_text else None
    return community_tables(community, c.ws.members(), c.challenges, c.today, bodies=bodies)


def _bodies(c: Community) -> dict[tuple[str, str, int], str | None]:
    """The words of every entry that may leave the community (the rule of private words is
    applied where they are used, `shareable_words`), read from where the walk listed them."""
    from copkit.storage.journals import quoted_bodies

    out: dict[tuple[str, str, int], str | None] = {}
    for data in c.challenges:
        length = data.challenge.length
        keys = [
            (member, day)
            for member in data.plans
            for day in data.entries.get(member, {})
            if 1 <= day <= length
        ]
        bodies, _ = quoted_bodies(c.ws, data.challenge_id, keys, length)
        for member, day in keys:
            out[(data.challenge_id, member, day)] = bodies.get((member, day))
    return out


def write_export(
    tables: Tables, fmt: ExportFormat, to: Path, *, with_text: bool, force: bool
) -> None:
    """Write the tables where the user said and name the files on stderr."""
    import os

    from copkit.plural import plural
    from copkit.render.console import err
    from copkit.storage.tables import Format, write_tables
    from copkit.storage.workspace import refuse_git_folder, typed_path

    folder = typed_path(os.fspath(to), "--to")
    refuse_git_folder(folder / "x", f"--to {to}")
    kind: Format = fmt.value
    paths = write_tables(
        folder, tables.rows, kind, with_text=with_text, force=force, display=str(to)
    )
    one = {"entries": "entry"}  # the tables are named in the plural: members, days, ...
    counts = ", ".join(
        plural(len(rows), one.get(name, name.removesuffix("s")), name)
        for name, rows in tables.rows.items()
    )
    err().print(f"Wrote {plural(len(paths), 'table')} to {to}: {counts}", markup=False)


def export(
    challenge: str = typer.Option(
        None,
        "--challenge",
        "-c",
        metavar="CHALLENGE",
        help="Only this challenge.",
        autocompletion=completion.challenges,
    ),
    fmt: ExportFormat = FormatOpt,
    to: Path = ToOpt,
    with_text: bool = WithTextOpt,
    community: str = typer.Option(
        None,
        "--community",
        metavar="ID",
        help="The value of the community column (default: the community's name as a slug).",
    ),
    force: bool = ForceOpt,
    no_cache: bool = NoCacheOpt,
) -> None:
    """Tidy tables for analysis (CSV, JSON Lines, Parquet).

    One file per table in DIR (members.csv, entries.csv ...), one row per member, challenge,
    day, participant and journal entry, with the columns documented in docs/federation.md.
    No words leave the community unless --with-text, and never private ones.
    """
    from copkit.render.console import note_skipped
    from copkit.storage.workspace import require_slug

    ws = workspace()
    if challenge:
        require_slug(challenge, "challenge")
        if not ws.challenge_path(challenge).exists():
            ws.challenge(challenge)  # the message with a did-you-mean
    if community:
        require_slug(community, "community")
    c = read_community(ws, only=challenge, use_cache=not no_cache)
    tables = tables_of(community or community_id(ws), c, with_text=with_text)
    write_export(tables, fmt, to, with_text=with_text, force=force)
    note_skipped(c.skipped)


def register(app: typer.Typer) -> None:
    app.command("export")(export)
