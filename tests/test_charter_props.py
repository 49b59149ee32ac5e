"""Property: whatever routine commands run on a charter, in whatever order, the file passes
`copkit check` after each one, and `history` records every status change (and only those)."""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from copkit.cli.app import app
from copkit.services.check import all_problems
from copkit.storage.snapshot import load_snapshot
from copkit.storage.workspace import Workspace

DEPTH = int(os.environ.get("COPKIT_HYPOTHESIS", "25"))
MEMBERS = ("alice-martin", "bob-lee", "carol-diaz")
DATES = ("2026-11-20", "2026-12-01", "2027-01-15", "2027-03-01")

member = st.sampled_from(MEMBERS)
day = st.sampled_from(DATES)
COMMANDS = st.one_of(
    st.tuples(st.sampled_from(["propose", "approve", "start", "cancel"])),
    st.tuples(st.just("complete"), st.booleans()),
    st.tuples(st.just("set-end"), day),
    st.tuples(st.just("set-start"), day),
    st.tuples(st.just("set-every"), st.integers(1, 30)),
    st.tuples(st.just("set-goal"), st.sampled_from(["", "G", "A new goal."])),
    st.tuples(st.just("set-issue"), st.sampled_from(["I", "Slow."])),
    st.tuples(st.just("set-seats"), st.integers(0, 3)),
    st.tuples(st.just("set-lead"), member, st.integers(0, 4)),
    st.tuples(st.just("drop"), member),
    st.tuples(
        st.just("join"), member, st.sampled_from(["lead", "member", "observer"]), st.integers(0, 12)
    ),
    st.tuples(st.just("fold")),
    st.tuples(st.just("milestone-add"), day, st.sampled_from(["Draft", "Pilot"])),
    st.tuples(st.just("milestone-done"), st.sampled_from(["Draft", "Pilot"])),
    st.tuples(st.just("deliverable-add"), st.sampled_from(["Guide", "Talk"])),
    st.tuples(st.just("deliverable-done"), st.sampled_from(["Guide", "Talk"])),
    st.tuples(st.just("report"), st.booleans()),
    st.tuples(st.just("leave"), member),
)


def argv(cmd: tuple[object, ...]) -> list[str]:
    verb, *rest = cmd
    c = "req"
    match verb:
        case "propose" | "approve" | "start" | "cancel":
            return ["charter", str(verb), c]
        case "complete":
            return ["charter", "complete", c, "--findings", "F", *(["--force"] if rest[0] else [])]
        case "set-end":
            return ["charter", "set", c, "--end", str(rest[0])]
        case "set-start":
            return ["charter", "set", c, "--start", str(rest[0])]
        case "set-every":
            return ["charter", "set", c, "--every-days", str(rest[0])]
        case "set-goal":
            return ["charter", "set", c, "--goal", str(rest[0])]
        case "set-issue":
            return ["charter", "set", c, "--issue", str(rest[0])]
        case "set-seats":
            return ["charter", "set", c, "--volunteers-wanted", str(rest[0])]
        case "set-lead":
            return ["charter", "set", c, "--lead", f"{rest[0]}:{rest[1]}"]
        case "drop":
            return ["charter", "set", c, "--drop-member", str(rest[0])]
        case "join":
            return ["charter", "join", c, "--as", str(rest[0]), "--role", str(rest[1]), "--hours", str(rest[2])]  # fmt: skip
        case "fold":
            return ["charter", "set", c]
        case "milestone-add":
            return ["charter", "milestone", c, "--add", f"{rest[0]}:{rest[1]}"]
        case "milestone-done":
            return ["charter", "milestone", c, str(rest[0]), "--done"]
        case "deliverable-add":
            return ["charter", "deliverable", c, "--add", str(rest[0])]
        case "deliverable-done":
            return ["charter", "deliverable", c, str(rest[0]), "--done", "--url", "https://x"]
        case "report":
            return ["charter", "report", c, "--summary", "S", *(["--final"] if rest[0] else [])]
        case "leave":
            return ["member", "leave", str(rest[0])]
    raise AssertionError(verb)


@pytest.fixture(scope="module")
def seed_workspace(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("seed")
    runner = CliRunner()
    env = {"COPKIT_TODAY": "2026-11-28"}
    assert runner.invoke(app, ["init", str(root), "--name", "P"], env=env).exit_code == 0
    for m in MEMBERS:
        r = runner.invoke(app, ["--root", str(root), "member", "add", m, "--name", m], env=env)
        assert r.exit_code == 0, r.output
    args = ["--root", str(root), "charter", "new", "req", "--title", "Requested", "--no-input"]
    assert runner.invoke(app, [*args, "--origin", "community-requested"], env=env).exit_code == 0
    return root


@pytest.mark.slow  # ~2 s an example on a shared machine: a CLI run and a check per command
@settings(
    max_examples=DEPTH,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(commands=st.lists(COMMANDS, min_size=1, max_size=12))
def test_any_command_sequence_keeps_the_charter_valid_and_its_history_whole(
    seed_workspace: Path, commands: list[tuple[object, ...]]
) -> None:
    runner = CliRunner()
    env = {"COPKIT_TODAY": "2027-02-01", "COPKIT_MEMBER": "alice-martin"}
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp) / "w"
        shutil.copytree(seed_workspace, root)
        ws = Workspace(root)
        status = ws.charter("req").status
        history = len(ws.charter("req").history)
        for cmd in commands:
            r = runner.invoke(app, ["--root", str(root), *argv(cmd)], env=env)
            assert r.exit_code in (0, 1, 2), (cmd, r.output)
            assert "Traceback" not in r.output, (cmd, r.output)
            errors = [
                p
                for p in all_problems(load_snapshot(ws, journals=False))
                if p.severity == "error" and p.path.startswith("charters/")
            ]
            assert not errors, (cmd, [str(p) for p in errors])
            charter = ws.charter("req")
            if charter.status != status:
                assert len(charter.history) == history + 1, cmd
                assert charter.history[-1].status == charter.status, cmd
            else:
                assert len(charter.history) == history, cmd
            status, history = charter.status, len(charter.history)
