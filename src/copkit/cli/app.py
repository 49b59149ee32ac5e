"""The copkit command: global options, error handling, and the command groups."""

from __future__ import annotations

import copy
import gc
import os
import sys
from typing import Any

import typer
from typer._click.exceptions import UsageError
from typer.core import TyperGroup
from typer.exceptions import Abort, Exit, TyperException

from copkit import __version__
from copkit.cli import (
    challenge,
    charter,
    export,
    federation,
    journal,
    member,
    post,
    progress,
    reports,
    template,
    workspace,
)
from copkit.cli.common import state
from copkit.errors import CopkitError


class CopkitGroup(TyperGroup):
    """Turns CopkitError into one message and exit 1, a usage error into copkit's style and
    exit 2, anything unexpected into exit 3."""

    def make_context(self, *args: Any, **kwargs: Any) -> Any:
        try:
            return super().make_context(*args, **kwargs)
        except UsageError as e:  # copkit's own options: `copkit --bogus`
            from copkit.cli.usage import wrap

            raise wrap(e) from None

    def parse_args(self, ctx: Any, args: list[str]) -> list[str]:
        ctx.meta["copkit.argv"] = list(args)
        return super().parse_args(ctx, args)

    def invoke(self, ctx: Any) -> Any:
        try:
            _refuse_undecodable(ctx.meta.get("copkit.argv", ()))
            return super().invoke(ctx)
        except UsageError as e:  # a command's options and arguments, parsed in there
            from copkit.cli.usage import wrap

            raise wrap(e) from None
        except CopkitError as e:
            from copkit.render.console import error

            error(e.message, e.hint)
            raise typer.Exit(1) from None
        except KeyboardInterrupt:
            from copkit.render.console import err

            err().print("interrupted; nothing was written")
            raise typer.Exit(130) from None
        except (Exit, TyperException, Abort):
            raise
        except OSError as e:
            if os.environ.get("COPKIT_DEBUG") == "1":
                raise
            # the system refused: a name too long, a folder gone, no permission, a full disk.
            # Not copkit's bug: say what the system said and about which file.
            from copkit.render.console import error

            where = f": {e.filename}" if getattr(e, "filename", None) else ""
            error(f"{e.strerror or e}{where}", "Nothing was changed by this command.")
            raise typer.Exit(1) from None
        except Exception as e:
            if os.environ.get("COPKIT_DEBUG") == "1":
                raise
            sys.stderr.write(
                f"copkit: internal error: {type(e).__name__}: {e}\n"
                "Run again with COPKIT_DEBUG=1 for the traceback, and please report it.\n"
            )
            raise typer.Exit(3) from None


def _refuse_undecodable(args: list[str]) -> None:
    """Refuses an argument holding bytes that are not UTF-8 (`--name $'\\xe9'` from a Latin-1
    terminal). Python hands such a byte over as half of a character (a lone surrogate), which
    no file, terminal or JSON document can carry: copkit's readers refuse it in files, so no
    command writes it."""
    for arg in args:
        bad = next((c for c in arg if "\ud800" <= c <= "\udfff"), None)
        if bad is None:
            continue
        code = ord(bad)
        what = f"the byte 0x{code - 0xDC00:02x}" if 0xDC80 <= code <= 0xDCFF else f"U+{code:04X}"
        shown = arg.encode("utf-8", "backslashreplace").decode("ascii", "backslashreplace")
        raise CopkitError(
            f"the argument '{shown}' holds {what}, which is not UTF-8 text; nothing was changed",
            hint="Set your terminal to UTF-8 (e.g. LANG=C.UTF-8) and type the text again.",
        )


app = typer.Typer(
    cls=CopkitGroup,
    help="The command-line companion of a Community of Practice: charters, thirty-day "
    "challenges, journals and report-backs, in plain files in a shared git repository.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
    context_settings={"help_option_names": ["-h", "--help"]},
)


def _version(value: bool) -> None:
    if value:
        sys.stdout.write(f"copkit {__version__}\n")
        raise typer.Exit()


@app.callback()
def _main(
    root: str = typer.Option(
        None,
        "--root",
        metavar="DIR",
        envvar="COPKIT_ROOT",
        help="The workspace root (else the nearest folder above holding copkit.yaml).",
    ),
    version: bool = typer.Option(
        False, "--version", callback=_version, is_eager=True, help="Print the version and exit."
    ),
) -> None:
    state.root = root


workspace.register(app)
app.add_typer(member.app, name="member", help="The community's members: add and list.")
app.add_typer(
    charter.app,
    name="charter",
    help="Practice development projects, from proposal to findings.",
)
app.add_typer(
    challenge.app,
    name="challenge",
    help="Thirty-day challenges: calendars, posts, partners, progress.",
)
app.add_typer(
    template.app,
    name="template",
    help="Challenge sets of your own: write one; show and check any.",
)
app.add_typer(
    journal.app, name="journal", help="Your challenge journal: one Markdown file per day."
)
progress.register(challenge.app)
post.register(challenge.app)
reports.register(app, challenge.app)
export.register(app)
federation.register(app)


def main() -> None:
    # A copkit run is one short process. Its report-wide data (150,000 entries at 5,000
    # members) holds no reference cycles, yet the cyclic collector would walk all of it
    # several times after the journal walk (which runs without it already): 0.1 to 0.2 s of
    # a first report. Whatever a run leaves is freed when it ends.
    gc.disable()
    # A terminal or pipe that cannot take every character (cp1252 on Windows,
    # PYTHONIOENCODING=ascii) gets `\xe8`-style escapes rather than a crash on the first
    # accented name or bar.
    for stream in (sys.stdout, sys.stderr):
        reconfigure = getattr(stream, "reconfigure", None)
        encoding = (getattr(stream, "encoding", None) or "").lower().replace("-", "")
        if reconfigure is not None and encoding not in ("utf8", "utf16", "utf32"):
            reconfigure(errors="backslashreplace")
    only(sys.argv[1:])(prog_name="copkit")


def only(args: list[str]) -> typer.Typer:
    """The app with just the command or group that `args` runs, when that is plain to see.

    Typer builds a click command for every registered command on each run (about 45 ms for
    copkit's 45): a daily `copkit challenge today` or `journal add` needs one group of them.
    Help, completion, `--version`, a command name that is not exact (its error lists every
    command) and anything else unusual get the whole app; tests hold the help of each
    narrowed command to the whole app's."""
    if any(k.endswith("_COMPLETE") for k in os.environ):
        return app  # shell completion lists every command
    name = _command_name(args)
    if name is None:
        return app
    commands = [c for c in app.registered_commands if _name(c) == name]
    groups = [g for g in app.registered_groups if g.name == name]
    if len(commands) + len(groups) != 1:
        return app
    narrow = copy.copy(app)
    narrow.registered_commands, narrow.registered_groups = commands, groups
    return narrow


def _command_name(args: list[str]) -> str | None:
    """The first argument after copkit's own options, or None when those are not plain."""
    i = 0
    while i < len(args):
        arg = args[i]
        if arg == "--root":
            i += 2
        elif arg.startswith("--root="):
            i += 1
        elif arg.startswith("-"):
            return None  # --version, --help, -h, an unknown option: the whole app answers
        else:
            return arg
    return None


def _name(command: Any) -> str | None:
    from typer.main import get_command_name

    if command.name is not None:
        return str(command.name)
    callback = command.callback
    return None if callback is None else get_command_name(callback.__name__)
