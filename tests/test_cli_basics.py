"""The command line as a whole: help everywhere, --version, exit codes, completion, the real executable."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tomllib
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import typer

from copkit import __version__
from copkit.cli.app import app
from tests.conftest import REPO, Run

GROUPS = ["init", "check", "schema", "member", "charter", "challenge", "journal"]


def walk(cmd: Any, path: tuple[str, ...] = ()) -> Iterator[tuple[tuple[str, ...], Any]]:
    """Every command and group under `cmd` (typer vendors click: duck typing)."""
    yield path, cmd
    for name, sub in sorted(getattr(cmd, "commands", {}).items()):
        yield from walk(sub, (*path, name))


COMMANDS = list(walk(typer.main.get_command(app)))


@pytest.mark.parametrize(
    "cmd", [c for _, c in COMMANDS], ids=[" ".join(p) or "copkit" for p, _ in COMMANDS]
)
def test_every_command_and_group_has_help(cmd: Any) -> None:
    assert (cmd.help or "").strip(), "add a docstring (or help=) to this command"
    for param in cmd.params:
        if param.name != "help":
            assert (getattr(param, "help", "") or "").strip(), f"{param.name} has no help"


GROUP_COMMANDS = [(p, c) for p, c in COMMANDS if hasattr(c, "commands")]


def listed_commands() -> list[tuple[str, Any, int]]:
    """(name, command, the width its help gets) for every command a `--help` lists."""
    out = []
    for path, group in GROUP_COMMANDS:
        names = [n for n, c in group.commands.items() if not c.hidden]
        for name in names:
            # click's help formatter at 80 columns: 78 wide, 6 for indent and gap, the names
            limit = 78 - 6 - max(len(n) for n in names)
            out.append(
                (" ".join((*path, name)) if path else f"copkit {name}", group.commands[name], limit)
            )
    return out


@pytest.mark.parametrize(
    ("cmd", "limit"),
    [pytest.param(cmd, limit, id=name) for name, cmd, limit in listed_commands()],
)
def test_command_lists_are_not_cut_at_80_columns(cmd: Any, limit: int) -> None:
    """`--help` shows each command's first sentence whole: keep it short (about 55 characters)."""
    short = cmd.get_short_help_str(limit)
    assert not short.endswith("..."), f"first help sentence too long: {short!r}"


def test_top_level_help_lists_every_group(run: Run) -> None:
    r = run("--help")
    assert r.exit_code == 0
    commands = r.stdout.split("Commands:")[1]
    listed = [line.split()[0] for line in commands.splitlines() if line.startswith("  ")]
    assert set(GROUPS) <= set(listed)
    assert "--root DIR" in r.stdout
    assert "--version" in r.stdout
    assert "--install-completion" in r.stdout


def test_no_arguments_shows_help(run: Run) -> None:
    r = run()
    assert r.exit_code == 2
    assert "Usage:" in r.output
    assert "Commands:" in r.output


def test_short_help_option(run: Run) -> None:
    assert run("-h").stdout == run("--help").stdout


def test_version_matches_the_package(run: Run) -> None:
    r = run("--version")
    assert r.exit_code == 0
    assert r.stdout == f"copkit {__version__}\n"
    meta = tomllib.loads((REPO / "pyproject.toml").read_text())
    assert meta["project"]["version"] == __version__


def test_version_needs_no_workspace(run: Run, isolate: Path) -> None:
    assert run("--version").exit_code == 0
    assert list(isolate.iterdir()) == []


# ---- exit codes ------------------------------------------------------------------------------


def test_user_error_is_one_message_and_exit_1(run: Run) -> None:
    r = run("check")
    assert r.exit_code == 1
    assert r.stdout == ""
    assert r.stderr.startswith("error: no copkit workspace here: no copkit.yaml in ")
    assert "\nhint: Create one with `copkit init --name 'Your community'`" in r.stderr
    assert "Traceback" not in r.stderr


def test_usage_error_exits_2(run: Run) -> None:
    r = run("member", "add", "x", "--nmae", "y")
    assert r.exit_code == 2
    assert r.stderr.startswith("error: no such option: --nmae; did you mean --name?\n")


def test_unexpected_error_is_one_line_and_exit_3(
    ws: Path, run: Run, monkeypatch: pytest.MonkeyPatch
) -> None:
    import copkit.storage.snapshot

    def boom(*_: object, **__: object) -> None:
        raise RuntimeError("disk on fire")

    monkeypatch.setattr(copkit.storage.snapshot, "load_snapshot", boom)
    r = run("check")
    assert r.exit_code == 3
    assert r.stderr == (
        "copkit: internal error: RuntimeError: disk on fire\n"
        "Run again with COPKIT_DEBUG=1 for the traceback, and please report it.\n"
    )
    monkeypatch.setenv("COPKIT_DEBUG", "1")
    with pytest.raises(RuntimeError, match="disk on fire"):
        run("check")


def test_root_option_reaches_the_workspace(
    ws: Path, run: Run, isolate: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(isolate)
    r = run("--root", str(ws), "check")
    assert r.exit_code == 0, r.output


# ---- the installed executable ----------------------------------------------------------------


def copkit_exe() -> str:
    exe = Path(sys.executable).with_name("copkit")
    found = str(exe) if exe.exists() else shutil.which("copkit")
    if not found:
        pytest.fail("the copkit executable is not installed: pip install -e .")
    return found


def sh(
    *args: str, cwd: Path, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [copkit_exe(), *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=60,
        env={**os.environ, **(env or {})},
        check=False,
    )


@pytest.mark.slow
def test_installed_executable_end_to_end(tmp_path: Path) -> None:
    assert sh("--version", cwd=tmp_path).stdout == f"copkit {__version__}\n"
    r = sh("init", "cop", "--name", "Sub CoP", "--timezone", "Europe/Paris", cwd=tmp_path)
    assert r.returncode == 0, r.stderr
    root = tmp_path / "cop"
    r = sh(
        "member",
        "add",
        "ana-silva",
        "--name",
        "Ana Silva",
        cwd=root,
        env={"COPKIT_TODAY": "2026-11-28"},
    )
    assert r.returncode == 0, r.stderr
    assert (root / "members" / "ana-silva.yaml").read_text() == (
        "name: Ana Silva\nemail: null\njoined: 2026-11-28\ninterests: []\n"
    )
    r = sh("check", cwd=root / "members")
    assert (r.returncode, r.stdout, r.stderr) == (0, "", "2 files checked: no problems.\n")
    (root / "members" / "bad.yaml").write_text("name: x\nemial: y\n")
    r = sh("check", cwd=root)
    assert r.returncode == 1
    assert r.stdout == "members/bad.yaml:2:1: error: unknown key 'emial'; did you mean 'email'?\n"
    assert "Traceback" not in r.stderr


def test_installed_executable_without_colour_when_piped(tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if k != "NO_COLOR"}
    r = subprocess.run(
        [copkit_exe(), "--help"], cwd=tmp_path, capture_output=True, text=True, env=env, check=False
    )
    assert r.returncode == 0
    assert "\x1b[" not in r.stdout


# ---- shell completion ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("words", "cword", "expected"),
    [
        pytest.param("copkit mem", "1", {"member"}, id="group"),
        pytest.param("copkit member ", "2", {"add", "list"}, id="subcommand"),
        pytest.param("copkit schema c", "2", {"charter", "challenge", "config"}, id="choice"),
    ],
)
def test_bash_completion(tmp_path: Path, words: str, cword: str, expected: set[str]) -> None:
    r = sh(
        cwd=tmp_path,
        env={"_COPKIT_COMPLETE": "complete_bash", "COMP_WORDS": words, "COMP_CWORD": cword},
    )
    assert r.returncode == 0
    assert expected <= set(r.stdout.split())


def test_completion_script_is_available(tmp_path: Path) -> None:
    # Typer detects the shell from the parent processes; with detection off it takes the
    # shell as the option's value, so the test does not depend on what runs pytest
    r = sh(
        "--show-completion",
        "bash",
        cwd=tmp_path,
        env={"_TYPER_COMPLETE_TEST_DISABLE_SHELL_DETECTION": "1"},
    )
    assert r.returncode == 0
    assert "_COPKIT_COMPLETE=complete_bash" in r.stdout


# ---- one group built per run (cli.app.only) -------------------------------------------------


@pytest.mark.parametrize("path", [p for p, _ in COMMANDS if p], ids=lambda p: " ".join(p))
def test_a_narrowed_app_says_what_the_whole_app_says(path: tuple[str, ...]) -> None:
    from typer.testing import CliRunner

    from copkit.cli.app import only

    narrow = only(["--root", "x", *path])
    assert narrow is not app
    assert len(narrow.registered_commands) + len(narrow.registered_groups) == 1
    runner = CliRunner()
    for args in ([*path, "--help"], [*path, "--no-such-option"]):
        whole, one = runner.invoke(app, args), runner.invoke(narrow, args)
        assert (one.exit_code, one.output) == (whole.exit_code, whole.output)


@pytest.mark.parametrize(
    "args",
    [[], ["--version"], ["--help"], ["-h"], ["chalenge", "today"], ["--bogus", "challenge"]],
)
def test_anything_unusual_gets_the_whole_app(args: list[str]) -> None:
    from copkit.cli.app import only

    assert only(args) is app


def test_completion_gets_the_whole_app(monkeypatch: pytest.MonkeyPatch) -> None:
    from copkit.cli.app import only

    monkeypatch.setenv("_COPKIT_COMPLETE", "complete_bash")
    assert only(["challenge"]) is app


def test_the_executable_builds_one_group(tmp_path: Path) -> None:
    """A real run of `copkit journal --help` builds the journal group alone."""
    probe = (
        "import sys, typer.main as tm\n"
        "built = []\n"
        "real = tm.get_command\n"
        "tm.get_command = lambda a: built.append(sorted(g.name for g in a.registered_groups)) or real(a)\n"
        "from copkit.cli.app import main\n"
        "sys.argv = ['copkit', 'journal', '--help']\n"
        "try:\n    main()\nexcept SystemExit:\n    pass\n"
        "print(built)\n"
    )
    r = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True)
    assert r.stdout.strip().splitlines()[-1] == "[['journal']]"
