"""copkit federation sync | report | export: one programme reading many communities."""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING

import typer

from copkit.cli import completion
from copkit.cli.common import JsonFormatOpt, JsonOpt, NoCacheOpt, chosen_format, workspace
from copkit.cli.export import ExportFormat, FormatOpt, ToOpt, WithTextOpt
from copkit.cli.reports import ForceOpt, OutputOpt, ReportFormat

if TYPE_CHECKING:
    from copkit.model.community import FederatedCommunity
    from copkit.services.federation import CommunityInput
    from copkit.storage.workspace import Workspace

app = typer.Typer(no_args_is_help=True, rich_markup_mode=None)


def communities(ws: Workspace) -> list[FederatedCommunity]:
    """The communities of copkit.yaml's `federation:`; an error saying how to list them."""
    from copkit.errors import CopkitError

    fed = ws.config().federation
    if fed is None or not fed.communities:
        raise CopkitError(
            "copkit.yaml lists no communities to federate",
            hint="Add them under federation: communities: - {id: devops-cop, git: URL} "
            "or - {id: data-cop, path: ../data-cop} (see docs/federation.md).",
        )
    return fed.communities


@app.command("sync")
def sync(
    jobs: int = typer.Option(4, "--jobs", "-j", min=1, max=64, help="Communities synced at once."),
    json_out: bool = JsonOpt,
) -> None:
    """Clone or fast-forward every community with git.

    Each community of copkit.yaml's federation: is cloned into .copkit/federation/<id>/, or
    fast-forwarded when the clone exists. One that cannot be reached, or whose history was
    rewritten, is reported and left as it was; the others still sync. Exit 1 if any failed.
    """
    from concurrent.futures import ThreadPoolExecutor, as_completed

    from copkit.render.console import err, print_json
    from copkit.storage.federation import SyncResult
    from copkit.storage.federation import sync as sync_one

    ws = workspace()
    todo = communities(ws)
    results: dict[str, SyncResult] = {}
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn

    with (
        Progress(
            TextColumn("{task.description}"),
            BarColumn(),
            MofNCompleteColumn(),
            console=err(),
            transient=True,
            disable=json_out or not err().is_terminal,
        ) as bar,
        ThreadPoolExecutor(max_workers=min(jobs, len(todo))) as pool,
    ):
        task = bar.add_task("syncing", total=len(todo))
        futures = {pool.submit(sync_one, ws.root, c): c.id for c in todo}
        for done in as_completed(futures):
            result = done.result()
            results[result.community] = result
            bar.update(task, advance=1, description=f"{result.community}: {result.status}")
    ordered = [results[c.id] for c in todo]
    if json_out:
        print_json([r.as_json() for r in ordered])
    else:
        for r in ordered:
            mark = "ok" if r.ok else r.status
            err().print(f"{r.community}: {mark}: {r.message}", markup=False)
        ok = sum(r.ok for r in ordered)
        err().print(f"{ok} of {len(ordered)} communities synced", markup=False)
    if not all(r.ok for r in ordered):
        raise typer.Exit(1)


def _known_set(ws: Workspace, template: str) -> None:
    """A set id that no community's challenge records must be a set the programme knows: a
    typo is an error with a did-you-mean, not a report of empty communities."""
    from copkit.errors import CopkitError
    from copkit.model.ids import did_you_mean
    from copkit.storage.templates import catalog

    known = catalog(ws).sets
    if template in known:
        return
    close = did_you_mean(template, known)
    raise CopkitError(
        f"no set {template!r}: no community has a challenge made from it, and no set has "
        "that id" + (f"; {close}" if close else ""),
        hint="See the sets with: copkit challenge templates",
    )


def _set_titles(template: str | None) -> list[str | None] | None:
    """The day titles of a built-in set, to recognise challenges that do not record theirs."""
    if template is None:
        return None
    from copkit.storage.templates import load_template, template_ids

    if template not in template_ids():
        return None
    loaded = load_template(template)
    return [d.title for d in loaded.value.days] if loaded.value is not None else None


def _read(
    ws: Workspace,
    c: FederatedCommunity,
    template: str | None,
    titles: list[str | None] | None,
    use_cache: bool,
) -> tuple[CommunityInput, list[str]]:
    """One community's challenges of the set, read through its own clone's cache."""
    from copkit.cli.common import today
    from copkit.cli.export import read_community
    from copkit.errors import CopkitError
    from copkit.services.federation import (
        ChallengeRun,
        CommunityInput,
        Summary,
        counted_minutes,
        made_from,
    )
    from copkit.services.reports import build_challenge_report, highlight_keys
    from copkit.storage import summary
    from copkit.storage.federation import clone_dir
    from copkit.storage.journals import quoted_bodies
    from copkit.storage.workspace import CONFIG, Workspace

    root = clone_dir(ws.root, c.id)
    if not (root / CONFIG).is_file():
        why = (
            "not synced yet: run copkit federation sync"
            if not root.exists()
            else f"not a copkit workspace (no {CONFIG} in its repository)"
        )
        return CommunityInput(c.id, None, False, problem=why), []
    cws = Workspace(root)
    if (root / ".copkit").is_symlink():
        use_cache = False  # a repository that tracks a link there: never write through it
    # The stored figures answer when no file changed (copkit.yaml included, so its timezone
    # still holds) and they are as of today: then not even copkit.yaml is parsed.
    key = summary.fingerprint(root, _asked(c.id, template)) if use_cache else None
    known = summary.load(root, key, Summary) if key is not None else None
    if known is not None and today(cws, timezone=known.timezone) == known.today:
        return known.community, known.skipped
    try:
        config = cws.config()
        t = today(cws, timezone=config.timezone)
    except CopkitError as e:
        return CommunityInput(c.id, None, False, problem=e.message), []
    try:
        data = read_community(cws, use_cache=use_cache, today=t)
    except CopkitError as e:
        return CommunityInput(c.id, None, False, problem=e.message), []
    members = len(cws.ids("members"))
    share = config.federation.share_quotes if config.federation else True
    runs = []
    for ch in data.challenges:
        if template is not None and not made_from(ch.challenge, template, titles):
            continue
        participants = sorted(m for m, p in ch.plans.items() if p.left is None)
        bodies: dict[tuple[str, int], str] = {}
        keys = None
        if share:
            keys = highlight_keys(ch.challenge, participants, ch.entries, t)
            bodies, _ = quoted_bodies(cws, ch.challenge_id, keys, ch.challenge.length)
        report = build_challenge_report(
            ch.challenge_id,
            ch.challenge,
            members=members,
            participants=participants,
            entries=ch.entries,
            bodies=bodies,
            today=t,
            keys=keys,
        )
        minutes = counted_minutes(ch.challenge, participants, ch.entries, t)
        runs.append(ChallengeRun(ch.challenge_id, report, minutes))
    skipped = [f"{c.id}: {path}" for path in data.skipped]
    got = CommunityInput(c.id, config.name, share, runs)
    if key is not None:
        summary.store(root, key, Summary(got, skipped, t, config.timezone))
    return got, skipped


def _asked(community: str, template: str | None) -> str:
    """What a community's figures depend on besides its files: the question and the code."""
    return f"{community}\0{template or ''}\0{_code()}"


@cache
def _code() -> str:
    """A digest of the code that computes the figures: a change to it makes them stale."""
    import hashlib

    from copkit.services import export, federation, progress, reports

    digest = hashlib.blake2b(digest_size=8)
    for module in (federation, progress, reports, export):
        digest.update(Path(module.__file__ or "").read_bytes())
    return digest.hexdigest()


@app.command("report")
def report(
    template: str = typer.Option(
        None,
        "--template",
        "-t",
        metavar="TEMPLATE",
        help="Only challenges made from this set.",
        autocompletion=completion.templates,
    ),
    fmt: ReportFormat = typer.Option(
        ReportFormat.terminal, "--format", "-f", help="How to render it."
    ),
    json_out: bool = JsonFormatOpt,
    output: Path = OutputOpt,
    force: bool = ForceOpt,
    no_cache: bool = NoCacheOpt,
) -> None:
    """The challenge across every community, seen whole.

    Per community: its challenges (made from the set with --template), participants,
    completion, finishers, median minutes; across all: the same figures, the days that
    resonated most and least, and highlights quoted with their community and author.
    """
    from copkit.cli.reports import _emit_json, _emit_terminal, _emit_text
    from copkit.render.console import err, note_skipped
    from copkit.services.federation import build_federation_report

    fmt = chosen_format(fmt, json_out, ReportFormat.terminal)
    ws = workspace()
    if template is not None:
        from copkit.storage.workspace import require_slug

        require_slug(template, "template")
    titles = _set_titles(template)
    inputs, skipped = [], []
    for c in communities(ws):
        got, bad = _read(ws, c, template, titles, not no_cache)
        inputs.append(got)
        skipped += bad
    if template is not None and not any(got.runs for got in inputs):
        _known_set(ws, template)
    result = build_federation_report(inputs, template=template)
    if fmt is ReportFormat.json:
        _emit_json(ws, result.as_json(), output, force)
    elif fmt is ReportFormat.markdown:
        from copkit.render.federation import federation_markdown

        _emit_text(ws, federation_markdown(result), output, force)
    elif fmt is ReportFormat.html:
        from copkit.render.federation import federation_html

        _emit_text(ws, federation_html(result), output, force)
    else:
        from copkit.render.federation import print_federation

        _emit_terminal(ws, lambda con: print_federation(con, result), output, force)
    for got in inputs:
        if got.problem:
            err().print(f"warning: {got.community}: left out: {got.problem}", markup=False)
    note_skipped(skipped)


@app.command("export")
def export(
    fmt: ExportFormat = FormatOpt,
    to: Path = ToOpt,
    with_text: bool = WithTextOpt,
    force: bool = ForceOpt,
    no_cache: bool = NoCacheOpt,
) -> None:
    """Every community's tidy tables, stacked.

    The tables of `copkit export` for every synced community, in one file per table, with
    the community's id from copkit.yaml in the community column.
    """
    from copkit.cli.export import read_community, tables_of, write_export
    from copkit.errors import CopkitError
    from copkit.render.console import err, note_skipped
    from copkit.services.export import Tables
    from copkit.storage.federation import clone_dir
    from copkit.storage.workspace import CONFIG, Workspace

    ws = workspace()
    tables = Tables()
    skipped: list[str] = []
    for c in communities(ws):
        root = clone_dir(ws.root, c.id)
        if not (root / CONFIG).is_file():
            err().print(f"warning: {c.id}: left out: not synced yet", markup=False)
            continue
        cws = Workspace(root)
        try:
            data = read_community(cws, use_cache=not no_cache)
            share = cws.config().federation
        except CopkitError as e:
            err().print(f"warning: {c.id}: left out: {e.message}", markup=False)
            continue
        words = with_text and (share is None or share.share_quotes)
        part = tables_of(c.id, data, with_text=words)
        if with_text and not words:
            for row in part.rows["entries"]:
                row["text"] = None
            for row in part.rows["participants"]:
                row["goal"] = None
        tables.extend(part)
        skipped += [f"{c.id}: {p}" for p in data.skipped]
    write_export(tables, fmt, to, with_text=with_text, force=force)
    note_skipped(skipped)


def register(main: typer.Typer) -> None:
    main.add_typer(
        app,
        name="federation",
        help="One challenge across many communities: sync, report, export.",
    )
