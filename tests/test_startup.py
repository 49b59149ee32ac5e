"""Start-up stays light: what the CLI imports before any command runs (SPEC section 6)."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

# Heavy or only-sometimes-needed modules: each command that needs one imports it itself.
FORBIDDEN = (
    "rich.markdown",
    "icalendar",
    "sqlite3",
    "_sqlite3",
    "ruamel.yaml",
    "copkit.storage.templates",
    "copkit.storage.cache",
)


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
