"""The README's "Starting your own community" works when pasted: each line, in order, exits 0
with the installed `copkit` (issue 18 item 16)."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import REPO

SECTION = "Starting your own community"


def readme_commands(text: str) -> list[str]:
    """The lines of the first ```sh block after the section's lead-in, comments left to bash."""
    start = text.index(SECTION)
    block = text.index("```sh\n", start) + len("```sh\n")
    end = text.index("```", block)
    return [line for line in text[block:end].splitlines() if line.strip()]


def test_the_section_is_found_and_holds_the_steps() -> None:
    lines = readme_commands((REPO / "README.md").read_text(encoding="utf-8"))
    assert lines[0].startswith("copkit init ")
    assert any(line.startswith("copkit challenge pair ") for line in lines)
    assert any(line.startswith("copkit journal add ") for line in lines)
    # two people join before `pair`, which cannot pair one
    joins = [i for i, line in enumerate(lines) if line.startswith("copkit challenge join ")]
    pair = next(i for i, line in enumerate(lines) if line.startswith("copkit challenge pair "))
    assert len(joins) >= 2 and max(joins) < pair


@pytest.mark.slow  # 14 runs of the installed copkit and git: ~5 s on an idle machine
@pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")
def test_the_readme_section_runs_line_by_line(tmp_path: Path) -> None:
    lines = readme_commands((REPO / "README.md").read_text(encoding="utf-8"))
    here = tmp_path / "paste"
    here.mkdir()
    rcs = tmp_path / "rcs"
    # one shell, as a person pastes the lines: `cd` carries over; each line's status goes to fd 3
    script = (
        "exec 3>"
        + str(rcs)
        + "\n"
        + "".join(f'{line}\necho "{i} $?" >&3\n' for i, line in enumerate(lines))
    )
    env = {k: v for k, v in os.environ.items() if not k.startswith("COPKIT_")}
    env["PATH"] = os.pathsep.join([str(Path(sys.executable).parent), env.get("PATH", "")])
    r = subprocess.run(
        ["bash", "-c", script],
        cwd=here,
        env=env,
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        timeout=600,
    )
    statuses = dict(line.split() for line in rcs.read_text().splitlines())
    failed = [(lines[int(i)], rc) for i, rc in statuses.items() if rc != "0"]
    assert len(statuses) == len(lines), r.stderr
    assert failed == [], r.stderr
    root = here / "my-cop"
    assert (root / ".git").is_dir()
    assert sorted(p.name for p in (root / "journals" / "data-month").iterdir()) == [
        "ana-silva",
        "ben-okoro",
    ]
    assert len(list((root / "journals" / "data-month" / "ana-silva").glob("day-*.md"))) == 1
    assert "pairs:\n  - [ana-silva, ben-okoro]\n" in (
        root / "challenges" / "data-month.yaml"
    ).read_text(encoding="utf-8")
