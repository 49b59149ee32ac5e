"""`copkit report` keeps the dashboard's figures in the cache and draws them afresh: a repeat
with nothing changed reads no journal, charter or member file, and any change to what the
figures are made from makes them again. Every test compares with a `--no-cache` run."""

from __future__ import annotations

import shutil
import time
from pathlib import Path

import pytest
from benchmarks.generate import CHALLENGE

from copkit.cli import reports
from copkit.storage import cache
from copkit.storage.workspace import Workspace
from tests.conftest import REPO, Run
from tests.test_cache import DAY, age
from tests.test_kept_outputs import (
    TODAY,
    _add_entry,
    _add_member,
    _break_entry,
    _edit_entry,
    _rename_member,
    _retitle_challenge,
    community,  # noqa: F401  (a fixture)
    fresh,
    no_journal_read,
    twice,
)

FORMS = [
    ("report",),
    ("report", "--format", "json"),
    ("report", "--format", "markdown"),
    ("report", "--format", "html"),
]


@pytest.fixture
def with_charters(community: Path) -> Path:  # noqa: F811
    """The generated community, with two of the demo's charters (one asks for volunteers)."""
    (community / "charters").mkdir(exist_ok=True)
    for name in ("food-bank-pipeline.yaml", "onboarding-playbook.yaml"):
        shutil.copy(REPO / "charters" / name, community / "charters" / name)
    signed = community / "charters" / "onboarding-playbook" / "volunteers"
    signed.mkdir(parents=True)
    member = sorted((community / "members").iterdir())[1].stem
    (signed / f"{member}.yaml").write_text("hours_per_week: 2\nrole: member\n")
    settle(community)
    return community


def settle(root: Path) -> None:
    """Every file and folder outside journals/ written in the last minute unchanged for a
    while (past the racy window); the others keep their times."""
    recent = time.time_ns() - 60 * 10**9
    for p in [root / "copkit.yaml", *(root / d for d in ("members", "charters", "challenges"))]:
        for q in [p, *(p.rglob("*") if p.is_dir() else [])]:
            if q.stat().st_mtime_ns > recent:
                age(q, time.time_ns() - DAY // 2)


def _retitle_charter(root: Path) -> None:
    path = root / "charters" / "onboarding-playbook.yaml"
    path.write_text(path.read_text().replace("DevOps onboarding playbook", "Onboarding, again"))
    settle(root)


def _volunteer(root: Path) -> None:
    member = sorted((root / "members").iterdir())[0].stem
    folder = root / "charters" / "food-bank-pipeline" / "volunteers"
    folder.mkdir(parents=True)
    (folder / f"{member}.yaml").write_text("hours_per_week: 2\nrole: member\n")
    settle(root)


def _edit_signup(root: Path) -> None:
    (signed,) = (root / "charters" / "onboarding-playbook" / "volunteers").iterdir()
    signed.write_text("hours_per_week: 3\nrole: member\n")
    settle(root)


def _rename_community(root: Path) -> None:
    path = root / "copkit.yaml"
    path.write_text(path.read_text().replace("name: ", "name: The ", 1))
    settle(root)


def _second_challenge(root: Path) -> None:
    src = root / "challenges" / f"{CHALLENGE}.yaml"
    shutil.copy(src, root / "challenges" / "second-run.yaml")
    settle(root)


@pytest.mark.parametrize("form", FORMS, ids=lambda f: f[-1])
def test_a_repeat_with_nothing_changed_reads_no_file_it_was_made_from(
    with_charters: Path, run: Run, form: tuple[str, ...], monkeypatch: pytest.MonkeyPatch
) -> None:
    expected = fresh(run, form)
    assert twice(run, form) == expected
    no_journal_read(monkeypatch)

    def refuse(*args: object, **kwargs: object) -> object:
        raise AssertionError("a charter was read although nothing changed")

    monkeypatch.setattr(Workspace, "load_charter", refuse)
    r = run(*form, env=TODAY)
    assert (r.stdout, r.stderr) == expected


@pytest.mark.parametrize(
    "change",
    [
        _edit_entry,
        _add_entry,
        _break_entry,
        _retitle_challenge,
        _rename_member,
        _add_member,
        _retitle_charter,
        _volunteer,
        _edit_signup,
        _rename_community,
        _second_challenge,
    ],
)
@pytest.mark.parametrize("form", [FORMS[0], FORMS[1]], ids=["terminal", "json"])
def test_any_change_to_what_it_is_made_from_makes_it_again(
    with_charters: Path,
    run: Run,
    form: tuple[str, ...],
    change: object,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    made = []
    real = reports._dashboard
    monkeypatch.setattr(reports, "_dashboard", lambda *a: made.append(1) or real(*a))
    twice(run, form)
    assert len(made) == 1  # made once, then drawn from what was kept
    change(with_charters)  # type: ignore[operator]
    assert twice(run, form) == fresh(run, form)
    assert len(made) == 3  # made again after the change (and by --no-cache), then kept


def test_another_day_makes_it_again(with_charters: Path, run: Run) -> None:
    twice(run, *FORMS[1:2])
    later = {"COPKIT_TODAY": "2026-10-09"}
    assert twice(run, FORMS[1], env=later) == fresh(run, FORMS[1], env=later)


def test_no_cache_keeps_nothing(with_charters: Path, run: Run) -> None:
    fresh(run, FORMS[0])
    assert cache.kept(Workspace(with_charters), "report terminal") is None
    run(*FORMS[0], env=TODAY)
    assert cache.kept(Workspace(with_charters), "report terminal") is not None


def test_a_file_changed_within_the_racy_window_keeps_nothing(with_charters: Path, run: Run) -> None:
    path = with_charters / "charters" / "onboarding-playbook.yaml"
    path.write_text(path.read_text())  # just written: its mtime is now
    twice(run, FORMS[0])
    assert cache.kept(Workspace(with_charters), "report terminal") is None
