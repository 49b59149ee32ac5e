"""Start-up stays light: what the CLI imports before any command runs (SPEC section 6)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
from benchmarks.generate import CHALLENGE, generate

# Heavy or only-sometimes-needed modules: each command that needs one imports it itself.
FORBIDDEN = (
    "rich.markdown",
    "icalendar",
    "sqlite3",
    "_sqlite3",
    "ruamel.yaml",
    "copkit.storage.templates",
)  # copkit.storage.cache may load: it imports sqlite3 only when the journal store is opened


def imported(code: str, *args: str) -> set[str]:
    """The modules loaded by a fresh interpreter running `code`."""
    probe = f"{code}\nimport json, sys\nprint(json.dumps(sorted(sys.modules)))"
    r = subprocess.run(
        [sys.executable, "-c", probe, *args], capture_output=True, text=True, check=False
    )
    last = r.stdout.strip().splitlines()[-1]
    return set(json.loads(last))


def heavy(modules: set[str]) -> list[str]:
    return sorted(
        m for m in modules if any(m == f or m.startswith(f + ".") for f in FORBIDDEN)
    ) + sorted(m for m in modules if m.startswith("copkit.templates"))


def test_importing_the_cli_loads_nothing_heavy() -> None:
    assert heavy(imported("import copkit.cli.app")) == []


def test_version_loads_nothing_heavy() -> None:
    code = (
        "import sys\nfrom copkit.cli.app import app\n"
        "try:\n    app(['--version'], prog_name='copkit')\nexcept SystemExit:\n    pass"
    )
    assert heavy(imported(code)) == []


@pytest.mark.parametrize("module", FORBIDDEN)
def test_the_check_sees_each_forbidden_module(module: str) -> None:
    """The probe itself works: importing a forbidden module is noticed."""
    if module == "copkit.storage.templates":
        pytest.importorskip(module)
    assert module in heavy(imported(f"import {module}"))


def test_the_daily_commands_load_no_yaml_parser(tmp_path: Path) -> None:
    """`challenge today` and `journal add -m` on files in copkit's own form never import
    ruamel: the challenge comes from its .copkit/ copy, the plan and the entry go through
    the canonical reader and writer."""
    root = tmp_path / "bench"
    generate(root, members=4, days=5, seed=1)
    member = sorted(os.listdir(root / "journals" / CHALLENGE))[0]
    env = {**os.environ, "COPKIT_ROOT": str(root), "COPKIT_TODAY": "2026-10-03", "NO_COLOR": "1"}
    (root / "journals" / CHALLENGE / member / "day-03.md").unlink(missing_ok=True)
    old = time.time() - 3600  # older than the racy window: the challenge copy gets written
    os.utime(root / "challenges" / f"{CHALLENGE}.yaml", (old, old))
    run_main = (
        "import sys\nfrom copkit.cli.app import main\nsys.argv = ['copkit', *sys.argv[1:]]\n"
        "try:\n    main()\nexcept SystemExit:\n    pass"
    )
    loaded = {}
    for name, args in (
        ("first today", ["challenge", "today", CHALLENGE]),  # writes the challenge's copy
        ("today", ["challenge", "today", CHALLENGE]),
        ("add", ["journal", "add", CHALLENGE, "--as", member, "-m", "Done.", "--tag", "ci"]),
    ):
        probe = f"{run_main}\nimport json, sys\nprint(json.dumps(sorted(sys.modules)))"
        r = subprocess.run(
            [sys.executable, "-c", probe, *args], capture_output=True, text=True, env=env
        )
        assert r.returncode == 0, r.stderr
        modules = set(json.loads(r.stdout.strip().splitlines()[-1]))
        loaded[name] = heavy(modules) + sorted(m for m in modules if m.startswith("ruamel"))
    assert (
        (root / "journals" / CHALLENGE / member / "day-03.md")
        .read_text()
        .startswith("---\ndate: 2026-10-03\nstatus: done\ntags: [ci]\n---\n")
    )
    assert "ruamel.yaml" in loaded["first today"]  # the probe sees ruamel when it is there
    assert loaded["today"] == []
    assert loaded["add"] == []


def test_a_run_leaves_the_cyclic_collector_off() -> None:
    """copkit's process runs without the cyclic collector (cli.app.main): it would walk a
    report's 150,000 entries again and again after the journal walk."""
    code = (
        "import gc, sys\nfrom copkit.cli import app\nsys.argv = ['copkit', '--version']\n"
        "try:\n    app.main()\nexcept SystemExit:\n    pass\n"
        "print('collector on' if gc.isenabled() else 'collector off')"
    )
    r = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=False)
    assert r.stdout.strip().splitlines()[-1] == "collector off", r.stderr
