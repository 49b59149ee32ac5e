"""copkit beside the tools communities already use: a pre-commit hook and a CI workflow.

The hook is run for real with the `pre-commit` package (`pre-commit try-repo` against this
repository, in a scratch community repository); the workflow's shell steps are run as GitHub
would run them, in a copy of the demo community.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from ruamel.yaml import YAML

from tests.conftest import REPO, Run
from tests.test_hostile_inputs import registered

BIN = Path(sys.executable).parent


def _yaml(path: Path) -> object:
    return YAML(typ="safe", pure=True).load(path.read_text())


def test_pre_commit_hook_manifest_is_valid_for_pre_commit() -> None:
    from pre_commit.clientlib import load_manifest

    [hook] = load_manifest(str(REPO / ".pre-commit-hooks.yaml"))
    assert hook["id"] == "copkit-check"
    assert hook["language"] == "python"
    assert hook["entry"] == "copkit check"
    assert hook["pass_filenames"] is False
    # the hook sees the whole workspace, and runs when a YAML or Markdown file is committed
    import re

    files = re.compile(hook["files"])
    for name in ("copkit.yaml", "members/a.yaml", "journals/c/m/day-01.md", "x.yml"):
        assert files.search(name), name
    assert not files.search("README.txt")


def test_contributor_config_is_valid_and_runs_ruff() -> None:
    from pre_commit.clientlib import load_config

    config = load_config(str(REPO / ".pre-commit-config.yaml"))
    hooks = {h["id"]: h for repo in config["repos"] for h in repo["hooks"]}
    assert hooks["ruff-check"]["entry"].startswith("ruff check")
    assert hooks["ruff-format"]["entry"] == "ruff format"


def test_ci_example_runs_check_and_publishes_the_markdown_report() -> None:
    workflow = _yaml(REPO / "docs" / "ci-example.yml")
    assert isinstance(workflow, dict)
    # YAML 1.1 readers (GitHub's among them) read the key `on` as true
    triggers = workflow.get("on", workflow.get(True))
    assert "push" in triggers
    [job] = workflow["jobs"].values()
    runs = [step.get("run", "") for step in job["steps"]]
    assert any(r.strip() == "copkit check" for r in runs)
    report = next(s for s in job["steps"] if "copkit report" in s.get("run", ""))
    assert "--format markdown" in report["run"]
    assert "GITHUB_STEP_SUMMARY" in report["run"]
    assert report["if"] == "${{ !cancelled() }}"  # published even when the check failed
    upload = next(
        s for s in job["steps"] if s.get("uses", "").startswith("actions/upload-artifact")
    )
    assert upload["with"]["path"] in report["run"]


def _git(cwd: Path, *args: str) -> None:
    subprocess.run(["git", *args], cwd=cwd, check=True, capture_output=True, timeout=60)


@pytest.mark.slow
def test_ci_example_shell_steps_run_on_the_demo(tmp_path: Path) -> None:
    """Each `run:` step after the install, in bash with `set -e` as GitHub runs it."""
    if not (REPO / "copkit.yaml").exists():
        pytest.skip("the demo community has not landed")
    community = tmp_path / "community"
    community.mkdir()
    shutil.copy(REPO / "copkit.yaml", community)
    # a community's repository carries the .gitignore that `copkit init` writes
    (community / ".gitignore").write_text(".copkit/\njournals/**/private/\n", encoding="utf-8")
    for folder in ("members", "charters", "challenges", "journals"):
        if (REPO / folder).is_dir():
            shutil.copytree(REPO / folder, community / folder)
    summary = tmp_path / "summary.md"
    env = {
        **os.environ,
        "PATH": f"{BIN}{os.pathsep}{os.environ['PATH']}",
        "GITHUB_STEP_SUMMARY": str(summary),
        "COPKIT_TODAY": "2026-10-20",
    }
    job = next(iter(_yaml(REPO / "docs" / "ci-example.yml")["jobs"].values()))  # type: ignore[index]
    steps = [s["run"] for s in job["steps"] if "run" in s and "pip install" not in s["run"]]
    for script in steps:
        if "copkit report" in script and not registered(("report",)):
            continue  # `copkit report` lands on another branch; its step runs once it has
        r = subprocess.run(
            ["bash", "-e", "-o", "pipefail", "-c", script],
            cwd=community,
            env=env,
            capture_output=True,
            text=True,
            timeout=120,
        )
        assert r.returncode == 0, f"{script}\n{r.stdout}\n{r.stderr}"
    if registered(("report",)):
        published = summary.read_text()
        assert published == (community / "reports" / "community.md").read_text()
        assert published.startswith("#")


@pytest.mark.slow
def test_pre_commit_hook_runs_copkit_check_in_a_community_repository(
    tmp_path: Path, run: Run
) -> None:
    """`pre-commit try-repo` installs copkit from this repository into its own environment."""
    if shutil.which("git") is None or not (REPO / ".git").exists():
        pytest.skip("needs git and a git checkout of copkit")
    community = tmp_path / "community"
    assert run("init", str(community), "--name", "Hooked CoP").exit_code == 0
    assert run("--root", str(community), "member", "add", "ana-li", "--name", "Ana").exit_code == 0
    _git(community, "init", "-q")
    _git(community, "add", "-A")
    env = {
        **os.environ,
        "PRE_COMMIT_HOME": str(tmp_path / "pre-commit-home"),
        "PATH": f"{BIN}{os.pathsep}{os.environ['PATH']}",
    }

    # the committed copkit (a fixed ref lets the second run reuse the first one's environment)
    head = subprocess.run(
        ["git", "rev-parse", "HEAD"], cwd=REPO, capture_output=True, text=True, check=True
    ).stdout.strip()

    def hook() -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [
                *(str(BIN / "pre-commit"), "try-repo", str(REPO), "copkit-check"),
                *("--ref", head, "--all-files"),
            ],
            cwd=community,
            env=env,
            capture_output=True,
            text=True,
            timeout=600,
        )

    clean = hook()
    if (
        clean.returncode != 0
        and "Installing environment" in clean.stdout
        and "Passed" not in clean.stdout
    ):
        log = tmp_path / "pre-commit-home" / "pre-commit.log"
        text = log.read_text() if log.exists() else clean.stdout
        if any(
            s in text for s in ("No matching distribution", "Could not find a version", "Network")
        ):
            pytest.skip("pre-commit could not install copkit's dependencies (no package index)")
    assert clean.returncode == 0, clean.stdout + clean.stderr
    assert "copkit check" in clean.stdout and "Passed" in clean.stdout

    (community / "members" / "bad.yaml").write_text("name: Bad\nemial: x@y\n")
    _git(community, "add", "-A")
    broken = hook()
    assert broken.returncode == 1, broken.stdout + broken.stderr
    assert "Failed" in broken.stdout
    assert (
        "members/bad.yaml:2:1: error: unknown key 'emial'; did you mean 'email'?" in broken.stdout
    )
