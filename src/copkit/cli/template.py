"""copkit template: write a challenge set of your own, show and check any set."""

from __future__ import annotations

import typer

from copkit.cli import completion
from copkit.cli.common import JsonOpt, workspace
from copkit.plural import plural

app = typer.Typer(no_args_is_help=True)


@app.command("new")
def new(
    template: str = typer.Argument(
        ..., metavar="TEMPLATE", help="The set's id: the file is templates/TEMPLATE.yaml."
    ),
    days: int = typer.Option(
        None, "--days", min=1, max=366, help="A skeleton of N days to fill in (default 30)."
    ),
    from_challenge: str = typer.Option(
        None,
        "--from",
        metavar="CHALLENGE",
        help="Make a finished challenge into a set: its days, byte for byte.",
        autocompletion=completion.challenges,
    ),
    force: bool = typer.Option(False, "--force", help="Replace an existing set file."),
) -> None:
    """Write a challenge set of your own.

    Write templates/TEMPLATE.yaml: a skeleton of N days with the weekly rhythm and comments
    that teach the format, or a finished challenge made reusable (its start, meetup,
    partners and schedule dropped). The community's sets are listed by `copkit challenge
    templates` and shadow a built-in set of the same id."""
    if days is not None and from_challenge is not None:
        raise typer.BadParameter(
            "give --days N or --from CHALLENGE, not both", param_hint="'--days'"
        )
    from copkit.cli.common import today
    from copkit.render.console import err
    from copkit.services.challenges import blank_days
    from copkit.storage.atomic import write_atomic
    from copkit.storage.limits import require_readable
    from copkit.storage.templates import catalog, set_from_challenge, skeleton_text

    ws = workspace()
    path = ws.template_path(template)
    rel = ws.rel(path)
    version = f"{today(ws):%Y.%m}"
    if from_challenge is not None:
        loaded = ws.load_challenge(from_challenge)
        ws.challenge(from_challenge)  # says which challenge is missing, or what is wrong in it
        c = loaded.require()
        came = f", itself from {c.template.label}" if c.template else ""
        origin = (
            f"Made from challenges/{from_challenge}.yaml{came}.\n"
            "Start, meetup, partners and schedule belong to each run and were left out.\n"
            f"Check it with: copkit template check {template}"
        )
        text = set_from_challenge(loaded, version, origin)
        what = f"the days of {from_challenge} ({plural(c.length, 'day')})"
    else:
        n = days or 30
        kinds = [d.kind for d in blank_days(n)]
        title = template.replace("-", " ").capitalize()
        text = skeleton_text(template, title, version, kinds)
        what = f"a skeleton of {plural(n, 'day')} to fill in"
    shadowed = catalog(None).sets.get(template)
    require_readable(rel, text, "yaml")  # never a set copkit cannot read back
    write_atomic(path, text, overwrite=force, display=rel)
    err().print(f"Created {rel}: {what}.", markup=False)
    if shadowed is not None:
        err().print(
            f"note: it shadows {shadowed.described}: in this workspace, --template {template} "
            f"now means {rel}",
            markup=False,
        )
    err().print(
        f"Next: copkit template check {template}; then start a month with "
        f"copkit challenge new CHALLENGE --start YYYY-MM-DD --template {template}",
        markup=False,
    )


@app.command("show")
def show(
    template: str = typer.Argument(
        ...,
        metavar="TEMPLATE|PATH",
        help="A set's id or file.",
        autocompletion=completion.templates,
    ),
) -> None:
    """Print a challenge set's YAML, to read its format or borrow from it.

    Prints the set file as it is (comments and all) on stdout, and where it comes from on
    stderr, so `copkit template show devops > templates/ours.yaml` starts a set from it."""
    import sys

    from copkit.cli.common import workspace_if_any
    from copkit.errors import CopkitError
    from copkit.render.console import err
    from copkit.storage.templates import load_set, resolve

    found = resolve(workspace_if_any(), template)
    loaded = load_set(found)
    if not loaded.text:
        raise CopkitError.from_problems(loaded.problems)
    sys.stdout.write(loaded.text)
    err().print(f"{found.rel}: {found.described}", markup=False)


@app.command("check")
def check(
    template: str = typer.Argument(
        None,
        metavar="[TEMPLATE|PATH]",
        help="A set's id or file; default: every set in templates/.",
        autocompletion=completion.templates,
    ),
    strict: bool = typer.Option(
        False, "--strict", help="Exit 1 on warnings too (for a set you publish)."
    ),
    json_out: bool = JsonOpt,
) -> None:
    """Check a challenge set against the rules of a good set.

    Length, every day filled, kinds in a weekly rhythm, distinct titles and prompts,
    minutes in range, both levels present and different, the last day preparing the
    report-back. One line per problem, path:line:col: error|warning: message. Exits 1 on
    an error (with --strict, on a warning too)."""
    from copkit.cli.common import workspace_if_any
    from copkit.errors import Problem
    from copkit.render.console import err, print_json
    from copkit.render.problems import print_problems, summary
    from copkit.storage.templates import load_set, resolve

    problems: list[Problem]
    if template is None:
        from copkit.storage.snapshot import scan_templates

        snap = scan_templates(workspace())
        problems = snap.problems()
        count = len(snap.templates)
        if not count and not problems and not json_out:
            err().print(
                "No sets in templates/ yet. Write one with: copkit template new TEMPLATE --days 30",
                markup=False,
            )
    else:
        problems = load_set(resolve(workspace_if_any(), template)).problems
        count = 1
    problems = sorted(set(problems), key=lambda p: (p.path, p.line, p.col, p.severity, p.message))
    if json_out:
        print_json([p.as_json() for p in problems])
    else:
        print_problems(problems)
        if count or problems:
            err().print(summary(problems, count, "set"))
    failing = ("error", "warning") if strict else ("error",)
    if any(p.severity in failing for p in problems):
        raise typer.Exit(1)
