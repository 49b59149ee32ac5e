"""Workspace commands: init, check, schema, report."""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path

import typer

from copkit.cli.common import JsonOpt, NoCacheOpt, workspace
from copkit.errors import CopkitError


class SchemaKind(StrEnum):
    charter = "charter"
    challenge = "challenge"
    template = "template"
    journal = "journal"
    plan = "plan"
    member = "member"
    config = "config"


def init(
    directory: Path = typer.Argument(
        Path("."), metavar="DIR", help="Folder of the new workspace (created if missing)."
    ),
    name: str = typer.Option(..., "--name", metavar="NAME", help="The community's name."),
    domain: str = typer.Option(
        None, "--domain", metavar="DOMAIN", help="The community's domain, e.g. DevOps."
    ),
    timezone: str = typer.Option(
        "UTC",
        "--timezone",
        metavar="TZ",
        help="IANA timezone that decides what 'today' is, e.g. Europe/Paris.",
    ),
) -> None:
    """Create a new community workspace.

    Writes copkit.yaml, the members/, charters/, challenges/ and journals/ folders, and a
    .gitignore for the .copkit/ cache and private journal words; nothing else. Refuses a folder that already holds
    copkit.yaml.
    """
    from copkit.model import Config
    from copkit.model.community import is_blank
    from copkit.render.console import err
    from copkit.storage.workspace import _config_rules, create, current_folder, new_root

    root = new_root(directory)
    if is_blank(name):
        raise CopkitError("--name is empty; give the community's name, e.g. --name 'DevOps CoP'")
    config = Config(name=name, domain=domain or None, timezone=timezone)
    if bad := _config_rules(config):
        raise CopkitError(bad[0].message)
    create(root, config)  # all or nothing: checks everything, then writes
    err().print(f"Created the workspace of {name!r} in {root}")
    try:
        here = root == current_folder().resolve()
    except CopkitError:  # an absolute DIR typed in a deleted folder: the workspace is made
        here = False
    err().print(
        ("Next: " if here else f"Next: cd {directory}, then ")
        + "copkit member add YOU --name 'Your Name', then copkit challenge templates",
        markup=False,
    )


def check(
    json_out: bool = JsonOpt,
    no_cache: bool = NoCacheOpt,
    fix: bool = typer.Option(
        False,
        "--fix",
        help="Add the .gitignore lines copkit needs when they are missing: journals/**/private/ "
        "and *.copkit-tmp (nothing else changes).",
    ),
) -> None:
    """Validate every file and every cross-reference.

    Prints one line per problem, path:line:col: error|warning: message, sorted by path.
    Exits 1 when there is any error; warnings alone exit 0. Private journal folders must be
    git-ignored and untracked; --fix adds the missing .gitignore lines (the private folders,
    and the temporary files of an interrupted write, which older workspaces lack)."""
    from copkit.render.console import err, print_json
    from copkit.render.problems import print_problems, summary
    from copkit.services.check import all_problems
    from copkit.storage.gitrepo import add_ignores, privacy_facts
    from copkit.storage.scratch import TEMP_IGNORE
    from copkit.storage.snapshot import load_snapshot
    from copkit.storage.workspace import PRIVATE_IGNORE

    ws = workspace()
    facts = privacy_facts(ws.root)
    if fix:
        wanted = [TEMP_IGNORE] if facts.ignored else [PRIVATE_IGNORE, TEMP_IGNORE]
        for line in add_ignores(ws.root, wanted):
            err().print(f"Fixed: added {line} to .gitignore", markup=False)
        facts = privacy_facts(ws.root)
    snap = load_snapshot(ws, use_cache=not no_cache)
    problems = all_problems(snap, facts)
    if json_out:
        print_json([p.as_json() for p in problems])
    else:
        print_problems(problems)
        err().print(summary(problems, snap.files()))
    if any(p.severity == "error" for p in problems):
        raise typer.Exit(1)


def schema(
    kind: SchemaKind = typer.Argument(..., metavar="KIND", help="Which file kind."),
) -> None:
    """Print the JSON Schema of a file kind, for editors and CI.

    The schema follows JSON Schema draft 2020-12 and rejects unknown keys. Save it, e.g.
    `copkit schema charter > schemas/charter.json`, and point yaml-language-server at it.
    """
    from copkit.render.console import print_json
    from copkit.services.schema import json_schema

    print_json(json_schema(kind.value))


def register(app: typer.Typer) -> None:
    app.command()(init)
    app.command()(check)
    app.command()(schema)
