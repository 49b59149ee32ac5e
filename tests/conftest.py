"""Shared fixtures: an isolated environment, a fresh workspace, and a CLI runner."""

from __future__ import annotations

import os
import shutil
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from hypothesis import settings
from typer.testing import CliRunner, Result

from copkit.cli.app import app

REPO = Path(__file__).resolve().parents[1]

# Hypothesis's 200 ms deadline measures the machine, not copkit: on a loaded CI runner a
# CLI round trip can take longer, and the test then fails for no fault of the code.
settings.register_profile("copkit", deadline=None)
settings.load_profile("copkit")


@pytest.fixture(autouse=True)
def isolate(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """No test reads the real home, git config or current folder, or inherits COPKIT_*."""
    home = tmp_path / "home"
    home.mkdir()
    monkeypatch.setenv("HOME", str(home))
    gitconfig = home / ".gitconfig"
    gitconfig.write_text("[user]\n\tname = Test\n\temail = nobody@example.invalid\n")
    monkeypatch.setenv("GIT_CONFIG_GLOBAL", str(gitconfig))
    monkeypatch.setenv("GIT_CONFIG_NOSYSTEM", "1")
    for var in list(os.environ):
        if var.startswith("COPKIT_") or var in ("VISUAL", "EDITOR"):
            monkeypatch.delenv(var)
    monkeypatch.setenv("NO_COLOR", "1")
    monkeypatch.setenv("COLUMNS", "120")
    monkeypatch.setenv("TERM", "dumb")
    work = tmp_path / "cwd"
    work.mkdir()
    monkeypatch.chdir(work)
    return work


Run = Callable[..., Result]


@pytest.fixture
def run() -> Run:
    """Run copkit in-process: run("check", "--json", input=..., env={...})."""
    runner = CliRunner()

    def _run(*args: str, input: str | None = None, env: dict[str, str] | None = None) -> Result:
        return runner.invoke(app, list(args), input=input, env=env, catch_exceptions=False)

    return _run


MEMBERS = [("alice-martin", "Alice Martin"), ("bob-lee", "Bob Lee"), ("carol-diaz", "Carol Diaz")]


@pytest.fixture(scope="session")
def fresh_workspace(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The workspace `ws` starts from, made once per session by the real commands (`init`,
    then `member add` three times); each test gets a copy of its files."""
    base = tmp_path_factory.mktemp("fresh")
    root = base / "community"
    runner = CliRunner()
    env = {"HOME": str(base), "GIT_CONFIG_NOSYSTEM": "1", "COPKIT_TODAY": "2026-11-28"}
    with pytest.MonkeyPatch.context() as mp:
        for var in list(os.environ):
            if var.startswith("COPKIT_"):
                mp.delenv(var)
        mp.chdir(base)
        r = runner.invoke(app, ["init", str(root), "--name", "Test CoP", "--timezone", "Europe/Paris"], env=env)  # fmt: skip
        assert r.exit_code == 0, r.output
        mp.chdir(root)
        for member, name in MEMBERS:
            email = f"{member.split('-')[0]}@example.org"
            r = runner.invoke(app, ["member", "add", member, "--name", name, "--email", email], env=env)  # fmt: skip
            assert r.exit_code == 0, r.output
    return root


def _place(made: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A copy of a workspace made once, as this test's current folder, today 2026-11-28."""
    root = tmp_path / "community"
    shutil.copytree(made, root, symlinks=True)
    monkeypatch.chdir(root)
    monkeypatch.setenv("COPKIT_TODAY", "2026-11-28")
    return root


@pytest.fixture
def ws(tmp_path: Path, fresh_workspace: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A fresh workspace with three members, as the current folder, today 2026-11-28."""
    return _place(fresh_workspace, tmp_path, monkeypatch)


Build = Callable[[Path, Run], None]
MadeOnce = Callable[[str, Build], Path]
Place = Callable[[Path], Path]


@pytest.fixture(scope="session")
def made_once(tmp_path_factory: pytest.TempPathFactory, fresh_workspace: Path) -> MadeOnce:
    """made_once(name, build): `ws` with `build(root, run)` applied, made by the real commands
    the first time a session asks for `name` and copied from then on (see `place`)."""
    made: dict[str, Path] = {}
    runner = CliRunner()

    def get(name: str, build: Build) -> Path:
        if name not in made:
            root = tmp_path_factory.mktemp(name) / "community"
            shutil.copytree(fresh_workspace, root, symlinks=True)
            base = {"COPKIT_TODAY": "2026-11-28", "HOME": str(root.parent)}

            def run(
                *args: str, input: str | None = None, env: dict[str, str] | None = None
            ) -> Result:
                return runner.invoke(
                    app, list(args), input=input, env=base | (env or {}), catch_exceptions=False
                )

            with pytest.MonkeyPatch.context() as mp:
                mp.chdir(root)
                build(root, run)
            made[name] = root
        return made[name]

    return get


@pytest.fixture
def place(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Place:
    """place(made): this test's own copy of a workspace from `made_once`, as the current folder."""
    return lambda made: _place(made, tmp_path, monkeypatch)


@pytest.fixture
def demo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A copy of the demo community at the repository root, as the current folder."""
    root = tmp_path / "demo"
    root.mkdir()
    shutil.copy(REPO / "copkit.yaml", root / "copkit.yaml")
    (root / ".gitignore").write_text(".copkit/\njournals/**/private/\n", encoding="utf-8")
    for folder in ("members", "charters", "challenges", "journals"):
        if (REPO / folder).exists():
            shutil.copytree(REPO / folder, root / folder)
    monkeypatch.chdir(root)
    return root


def snapshot(root: Path) -> dict[str, bytes]:
    """Every file under root with its bytes, to prove a command changed nothing.

    The disposable .copkit/ cache is left out: any command that reads journals may refresh it.
    """
    return {
        p.relative_to(root).as_posix(): p.read_bytes()
        for p in sorted(root.rglob("*"))
        if p.is_file() and ".copkit" not in p.relative_to(root).parts
    }


Width = Callable[..., None]


@pytest.fixture
def width(monkeypatch: pytest.MonkeyPatch) -> Iterator[Width]:
    """Remake the consoles, which are made once per process, at a given width (and, if asked,
    as a colour terminal); remade again after the test."""
    from copkit.render import console

    def set_width(columns: int, fancy: bool = False) -> None:
        monkeypatch.setenv("COLUMNS", str(columns))
        if fancy:
            monkeypatch.delenv("NO_COLOR", raising=False)
            monkeypatch.setenv("FORCE_COLOR", "1")
            monkeypatch.setenv("TERM", "xterm-256color")
        console.out.cache_clear()
        console.err.cache_clear()

    yield set_width
    console.out.cache_clear()
    console.err.cache_clear()
