"""copkit report and copkit challenge report: report-back summaries and the dashboard."""

from __future__ import annotations

from datetime import date
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING

import typer

from copkit.cli import completion
from copkit.cli.common import (
    JsonFormatOpt,
    NoCacheOpt,
    chosen_format,
    today,
    today_pinned,
    workspace,
)

if TYPE_CHECKING:
    from collections.abc import Callable

    from rich.console import Console

    from copkit.model import SignUp
    from copkit.services.reports import Dashboard
    from copkit.storage.journals import Listing
    from copkit.storage.workspace import Workspace


class ReportFormat(StrEnum):
    terminal = "terminal"
    markdown = "markdown"
    json = "json"
    html = "html"


class DashboardFormat(StrEnum):
    terminal = "terminal"
    markdown = "markdown"
    json = "json"
    html = "html"


OutputOpt = typer.Option(
    None,
    "--output",
    "-o",
    metavar="FILE",
    help="Write the report to FILE (relative to the current folder, e.g. reports/...) instead "
    "of stdout; - is stdout.",
)
ForceOpt = typer.Option(False, "--force", help="Replace FILE when it already exists.")


def challenge_report(
    challenge: str = typer.Argument(
        ...,
        metavar="CHALLENGE",
        help="The challenge id (challenges/<id>.yaml).",
        autocompletion=completion.challenges,
    ),
    fmt: ReportFormat = typer.Option(
        ReportFormat.terminal,
        "--format",
        "-f",
        help="How to render it; html is one self-contained page for the meetup's projector.",
    ),
    json_out: bool = JsonFormatOpt,
    output: Path = OutputOpt,
    force: bool = ForceOpt,
    full: bool = typer.Option(
        False, "--full", help="Quote each highlight whole instead of its opening lines."
    ),
    no_cache: bool = NoCacheOpt,
) -> None:
    """The report-back summary, for the meetup.

    The report-back summary of a challenge, for its meetup (provisional before the end)."""
    from copkit.cli.common import kept_output
    from copkit.storage import cache  # parsed copies in .copkit/: calendars are slow to parse
    from copkit.storage.journals import load_journals, quoted_bodies
    from copkit.storage.workspace import require_slug

    fmt = chosen_format(fmt, json_out, ReportFormat.terminal)
    ws = workspace()
    t = today(ws)
    require_slug(challenge, "challenge")
    # A report in a file format is kept in the cache with a key of everything it is made
    # from: a repeat with nothing changed costs the listing and its stats, and prints what
    # the first run printed (the terminal form depends on the terminal: always drawn).
    kept = kept_output(
        ws,
        f"challenge report {challenge} {fmt.value}{' --full' if full else ''}",
        challenge,
        t,
        use=fmt is not ReportFormat.terminal and not no_cache,
        members="count" if fmt is ReportFormat.json else "names",
    )
    if kept.found is not None:
        text, skipped = kept.found
        _emit_report(ws, fmt, text, output, force)
        if skipped:
            from copkit.render.console import note_skipped

            note_skipped(skipped)
        return
    from copkit.render.console import error_paths, note_skipped
    from copkit.services.reports import build_challenge_report, highlight_keys

    ch = cache.challenge(ws, challenge)  # its parsed copy, else the fast reader when sure
    data = load_journals(ws, challenge, ch, use_cache=not no_cache, listing=kept.listing)
    skipped = error_paths(data.problems)
    participants = data.participants()
    keys = highlight_keys(ch, participants, data.entries, t)
    bodies, sources = quoted_bodies(ws, challenge, keys, ch.length)
    shown = {*participants, *(m for group in ch.pairs for m in group)}
    report = build_challenge_report(
        challenge,
        ch,
        # Members are counted by their files: parsing thousands of member files only to
        # count them costs seconds, and `copkit check` reports the broken ones.
        members=len(ws.ids("members")),
        participants=participants,
        entries=data.entries,
        bodies=bodies,
        today=t,
        names=ws.member_names(shown, fast=not no_cache) if fmt is not ReportFormat.json else {},
        sources=sources,
        full=full,
        keys=keys,
    )
    if fmt is ReportFormat.terminal:
        from copkit.render.report_terminal import print_challenge

        _emit_terminal(ws, lambda c: print_challenge(c, report), output, force)
    else:
        if fmt is ReportFormat.json:
            from copkit.render.jsonout import json_text

            text = json_text(report.as_json())
        elif fmt is ReportFormat.markdown:
            from copkit.render.report_markdown import challenge_markdown

            text = challenge_markdown(report)
        else:
            from copkit.render.report_html import challenge_html

            text = challenge_html(report)
        kept.keep(ws, data, text, skipped)
        _emit_report(ws, fmt, text, output, force)
    note_skipped(skipped)


def _emit_report(
    ws: Workspace, fmt: ReportFormat, text: str, output: Path | None, force: bool
) -> None:
    """A report in a file format: JSON as it is, Markdown and HTML as text for people."""
    from copkit.storage.workspace import to_stdout

    if fmt is ReportFormat.json and (output is None or to_stdout(output)):
        from copkit.render.console import print_json_text

        print_json_text(text)
    else:
        _emit_text(ws, text, output, force)


def report(
    fmt: DashboardFormat = typer.Option(
        DashboardFormat.terminal,
        "--format",
        "-f",
        help="How to render it; html is one self-contained page to share or project.",
    ),
    json_out: bool = JsonFormatOpt,
    output: Path = OutputOpt,
    force: bool = ForceOpt,
    no_cache: bool = NoCacheOpt,
) -> None:
    """The community dashboard.

    The community dashboard: charters, challenges, who needs a nudge, what is coming up."""
    from copkit.cli.common import kept_dashboard
    from copkit.render.console import note_skipped

    fmt = chosen_format(fmt, json_out, DashboardFormat.terminal)
    ws = workspace()
    t = today(ws)
    # The figures are kept in the cache with a key of every file they are made from, and
    # drawn afresh each time (the terminal form depends on the terminal).
    kept = kept_dashboard(ws, f"report {fmt.value}", t, use=not no_cache)
    if kept.found is not None:
        dashboard, skipped = kept.found
    else:
        dashboard, skipped, digests = _dashboard(ws, fmt, t, kept.listings, no_cache)
        kept.keep(ws, digests, dashboard, skipped)
    if fmt is DashboardFormat.json:
        _emit_json(ws, dashboard.as_json(), output, force)
    elif fmt is DashboardFormat.markdown:
        from copkit.render.report_markdown import dashboard_markdown

        _emit_text(ws, dashboard_markdown(dashboard), output, force)
    elif fmt is DashboardFormat.html:
        from copkit.render.dashboard_html import dashboard_html

        _emit_text(ws, dashboard_html(dashboard), output, force)
    else:
        from copkit.render.report_terminal import print_dashboard

        _emit_terminal(ws, lambda c: print_dashboard(c, dashboard), output, force)
    note_skipped(skipped)


def _dashboard(
    ws: Workspace,
    fmt: DashboardFormat,
    t: date,
    listings: dict[str, Listing],
    no_cache: bool,
) -> tuple[Dashboard, list[str], dict[str, bytes | None]]:
    """(the dashboard, the files left out, the digest of each challenge's journals)."""
    import dataclasses

    from copkit.errors import CopkitError
    from copkit.render.console import error_paths
    from copkit.services.reports import ChallengeInput, build_dashboard
    from copkit.storage import cache  # parsed copies in .copkit/: calendars are slow to parse
    from copkit.storage.journals import list_journals, load_journals

    config = ws.config()
    skipped: list[str] = []
    charters = {}
    signups: dict[str, dict[str, SignUp]] = {}
    for cid in ws.ids("charters"):
        loaded = ws.load_charter(cid)
        if loaded.value is None or loaded.errors:
            skipped.append(loaded.rel)
        else:
            charters[cid] = loaded.value
            signups[cid] = {m: s.value for m, s in ws.signups(cid).items() if s.value}
    challenges = []
    digests: dict[str, bytes | None] = {}
    for cid in ws.ids("challenges"):
        try:
            ch = cache.challenge(ws, cid)
        except CopkitError:  # a broken challenge file: `copkit check` says what is wrong
            skipped.append(f"challenges/{cid}.yaml")
            digests[cid] = (listings.get(cid) or list_journals(ws, cid)).digest
            continue
        data = load_journals(ws, cid, ch, use_cache=not no_cache, listing=listings.get(cid))
        digests[cid] = data.digest
        skipped += error_paths(data.problems)
        joined = {m: p.joined for m, p in data.plans.items()}
        challenges.append(ChallengeInput(cid, ch, data.participants(), data.entries, joined))
    dashboard = build_dashboard(
        community=config.name,
        domain=config.domain,
        members=len(ws.ids("members")),
        charters=charters,
        challenges=challenges,
        today=t,
        signups=signups,
    )
    if fmt is not DashboardFormat.json:
        finishers = None  # the Markdown and HTML forms name every finisher
        if fmt is DashboardFormat.terminal:
            from copkit.render.report_terminal import NAMES_SHOWN

            finishers = NAMES_SHOWN  # and the terminal the first few: 4,762 member files
            # read for their names cost 0.3 s at 5,000 members
        dashboard = dataclasses.replace(
            dashboard,
            names=ws.member_names(dashboard.people(finishers), fast=not no_cache),
            pinned=today_pinned(ws),
        )
    return dashboard, skipped, digests


# ---- helpers ------------------------------------------------------------------------------


def _write(ws: Workspace, text: str, output: Path, force: bool) -> None:
    from copkit.render.console import err
    from copkit.render.text import visible
    from copkit.storage.atomic import write_atomic

    path = ws.output_path(output)
    write_atomic(path, visible(text), overwrite=force, display=ws.rel(path))
    err().print(f"Wrote {ws.rel(path)}", markup=False)


def _emit_text(ws: Workspace, text: str, output: Path | None, force: bool) -> None:
    from copkit.storage.workspace import to_stdout

    if output is None or to_stdout(output):
        from copkit.render.text import write_out

        write_out(text)
    else:
        _write(ws, text, output, force)


def _emit_json(ws: Workspace, data: object, output: Path | None, force: bool) -> None:
    from copkit.storage.workspace import to_stdout

    if output is None or to_stdout(output):
        from copkit.render.console import print_json

        print_json(data)
    else:
        from copkit.render.jsonout import json_text

        _write(ws, json_text(data), output, force)


def _emit_terminal(
    ws: Workspace, draw: Callable[[Console], None], output: Path | None, force: bool
) -> None:
    """Rich output on stdout, or as plain text (100 columns, no colour) into FILE."""
    from copkit.storage.workspace import to_stdout

    if output is None or to_stdout(output):
        from copkit.render.console import out

        draw(out())
        return
    import io

    from copkit.render.console import SafeConsole

    console = SafeConsole(file=io.StringIO(), width=100, record=True, color_system=None)
    draw(console)
    text = "\n".join(line.rstrip() for line in console.export_text().splitlines()) + "\n"
    _write(ws, text, output, force)


def register(app: typer.Typer, challenge_app: typer.Typer) -> None:
    """Adds `report` to the top level and `report` to the `challenge` group."""
    app.command("report")(report)
    challenge_app.command("report")(challenge_report)
