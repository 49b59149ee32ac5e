"""copkit federation report without git: clones laid out by hand, the per-community summary
kept between runs, and copkit.yaml's federation rules."""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import pytest

from tests.conftest import REPO, Run

TODAY = {"COPKIT_TODAY": "2026-12-20"}
OLD = 1_700_000_000  # an mtime well past the caches' racy window


def age(root: Path) -> None:
    for p in root.rglob("*"):
        if ".copkit" not in p.relative_to(root).parts[:1]:
            os.utime(p, (OLD, OLD), follow_symlinks=False)


@pytest.fixture
def programme(tmp_path: Path, run: Run, monkeypatch: pytest.MonkeyPatch) -> Path:
    root = tmp_path / "programme"
    run("init", str(root), "--name", "Office")
    (root / "copkit.yaml").write_text(
        "name: Office\nfederation:\n  communities:\n"
        "    - {id: one, git: https://example.invalid/one.git}\n"
        "    - {id: two, path: ../two}\n"
    )
    for cid in ("one", "two"):
        clone = root / ".copkit" / "federation" / cid
        clone.mkdir(parents=True)
        (clone / "copkit.yaml").write_text(f"name: Community {cid}\n")
        for folder in ("members", "challenges", "journals"):
            shutil.copytree(REPO / folder, clone / folder)
        age(clone)
    monkeypatch.chdir(root)
    return root


def report(run: Run) -> dict[str, object]:
    r = run("federation", "report", "--format", "json", env=TODAY)
    assert r.exit_code == 0, r.output
    return json.loads(r.stdout)  # type: ignore[no-any-return]


def october(fed: dict[str, object], cid: str) -> dict[str, object]:
    community = next(c for c in fed["communities"] if c["community"] == cid)  # type: ignore[attr-defined]
    return next(c for c in community["challenges"] if c["challenge"] == "observability-october")


def test_a_repeat_report_uses_the_summary_until_a_file_changes(programme: Path, run: Run) -> None:
    first = report(run)
    clone = programme / ".copkit" / "federation" / "one"
    kept = clone / ".copkit" / "federation-summary.msgpack"
    assert kept.is_file()
    assert report(run) == first
    # an entry edited (its mtime old enough to be trusted): the change is seen
    entry = next(
        p
        for p in sorted((clone / "journals" / "observability-october").glob("*/day-05.md"))
        if "status: done" in p.read_text()
    )
    entry.write_text(entry.read_text().replace("status: done", "status: skipped"))
    os.utime(entry, (OLD + 60, OLD + 60))
    second = report(run)
    assert october(second, "one")["entries"]["done"] == october(first, "one")["entries"]["done"] - 1
    assert october(second, "two") == october(first, "two")
    # a summary from other code, or for another day, is not used
    assert report(run) == second
    r = run("federation", "report", "--format", "json", env={"COPKIT_TODAY": "2026-10-10"})
    assert json.loads(r.stdout) != second


def test_a_damaged_summary_is_recomputed(programme: Path, run: Run) -> None:
    first = report(run)
    kept = programme / ".copkit" / "federation" / "one" / ".copkit" / "federation-summary.msgpack"
    kept.write_bytes(b"\x00garbage")
    assert report(run) == first
    assert kept.read_bytes() != b"\x00garbage"


def test_no_cache_reads_everything(programme: Path, run: Run) -> None:
    first = report(run)
    r = run("federation", "report", "--format", "json", "--no-cache", env=TODAY)
    assert json.loads(r.stdout) == first


@pytest.mark.parametrize(
    ("federation", "message"),
    [
        pytest.param("federation: {}", "lists no communities", id="empty"),
        pytest.param(
            "federation:\n  communities:\n    - {id: Data CoP, path: x}",
            "copkit.yaml:4:12: community 'Data CoP' is not a valid id",
            id="slug",
        ),
        pytest.param(
            "federation:\n  communities:\n    - {id: a, path: x, git: y}",
            "exactly one",
            id="both",
        ),
        pytest.param(
            "federation:\n  communities:\n    - {id: a, path: x}\n    - {id: a, path: y}",
            "community 'a' is listed twice",
            id="twice",
        ),
        pytest.param(
            "federation:\n  communities:\n    - {id: a, url: x}",
            "unknown key 'url'",
            id="unknown-key",
        ),
    ],
)
def test_bad_federation_config(
    tmp_path: Path, run: Run, monkeypatch: pytest.MonkeyPatch, federation: str, message: str
) -> None:
    root = tmp_path / "p"
    run("init", str(root), "--name", "P")
    (root / "copkit.yaml").write_text(f"name: P\n{federation}\n")
    monkeypatch.chdir(root)
    r = run("federation", "sync")
    assert r.exit_code == 1
    assert message in r.stderr
    assert "Traceback" not in r.stderr


def test_template_selects_the_challenges_made_from_a_set(programme: Path, run: Run) -> None:
    for cid in ("one", "two"):
        clone = programme / ".copkit" / "federation" / cid
        r = run(
            "--root",
            str(clone),
            "challenge",
            "new",
            "set-december",
            "--template",
            "devops",
            "--start",
            "2026-12-01",
            env=TODAY,
        )
        assert r.exit_code == 0, r.output
        age(clone)
    r = run("federation", "report", "--template", "devops", "--format", "json", env=TODAY)
    assert r.exit_code == 0, r.output
    fed = json.loads(r.stdout)
    assert fed["template"] == "devops"
    for community in fed["communities"]:
        made = [c["challenge"] for c in community["challenges"]]
        assert "set-december" in made
        assert "observability-october" not in made
    r = run("federation", "report", "--template", "blockchain", "--format", "markdown", env=TODAY)
    assert "No challenge from this set." in r.stdout
    r = run("federation", "report", "--template", "Dev Ops", env=TODAY)
    assert r.exit_code == 1
    assert "not a valid template id" in r.stderr
    r = run("federation", "report", "--template", "devps", env=TODAY)
    assert r.exit_code == 1
    assert r.stderr.startswith(
        "error: no set 'devps': no community has a challenge made from it, and no set has "
        "that id; did you mean 'devops'?\n"
    ), r.stderr


def test_a_link_in_place_of_a_clones_cache_is_never_written_through(
    programme: Path, tmp_path: Path, run: Run
) -> None:
    outside = tmp_path / "outside"
    outside.mkdir()
    clone = programme / ".copkit" / "federation" / "two"
    (clone / ".copkit").symlink_to(outside)
    fed = report(run)
    assert october(fed, "two")["participants"] == october(fed, "one")["participants"]
    assert list(outside.iterdir()) == []
