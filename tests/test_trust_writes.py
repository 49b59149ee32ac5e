"""Issue 20, writes and concurrency (F05): two writers never silently lose one's words.

A new file is published with one exclusive step (a hard link, or an exclusive create where
the file system has none), and a read-modify-write of a shared file is done under a lock that
refuses to write over a change made since the file was read.
"""

from __future__ import annotations

import os
import subprocess
import sys
import threading
from pathlib import Path

import pytest
import yaml

from copkit.errors import CopkitError
from copkit.storage.atomic import write_atomic
from copkit.storage.workspace import Workspace

COPKIT = str(Path(sys.executable).with_name("copkit"))


def _race(path: Path, writers: int) -> list[bool]:
    """`writers` threads create `path` at the same moment; which of them succeeded."""
    start = threading.Barrier(writers)
    won = [False] * writers

    def create(i: int) -> None:
        start.wait()
        try:
            write_atomic(path, f"words of writer {i}\n")
        except CopkitError:
            return
        won[i] = True

    threads = [threading.Thread(target=create, args=(i,)) for i in range(writers)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return won


@pytest.mark.parametrize("round_", range(5))
def test_of_writers_creating_one_file_exactly_one_wins(tmp_path: Path, round_: int) -> None:
    folder = tmp_path / "journal"
    folder.mkdir()
    path = folder / "day-07.md"
    won = _race(path, 8)
    assert won.count(True) == 1
    assert path.read_text() == f"words of writer {won.index(True)}\n"
    assert [p.name for p in folder.iterdir()] == ["day-07.md"]  # no temporary file left


def test_without_hard_links_creation_is_still_exclusive(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def no_link(src: str, dst: str) -> None:
        raise PermissionError(1, "Operation not permitted")

    monkeypatch.setattr(os, "link", no_link)
    folder = tmp_path / "journal"
    folder.mkdir()
    path = folder / "day-07.md"
    write_atomic(path, "first\n")
    with pytest.raises(CopkitError, match="already exists; use --force"):
        write_atomic(path, "second\n")
    assert path.read_text() == "first\n"
    assert [p.name for p in folder.iterdir()] == ["day-07.md"]


def test_an_update_refuses_a_file_changed_since_it_was_read(demo: Path) -> None:
    import msgspec

    ws = Workspace(demo)
    loaded = ws.load_charter("food-bank-pipeline")
    path = ws.charter_path("food-bank-pipeline")
    theirs = path.read_text() + "# a comment someone saved meanwhile\n"
    path.write_text(theirs)
    mine = msgspec.structs.replace(loaded.require(), goal="A different goal")
    with pytest.raises(CopkitError, match="changed while this command ran"):
        ws.update(loaded, path, mine)
    assert path.read_text() == theirs


@pytest.mark.slow
def test_six_parallel_charter_reports_lose_none(demo: Path) -> None:
    env = {**os.environ, "COPKIT_TODAY": "2026-12-01", "COPKIT_ROOT": str(demo)}
    path = demo / "charters" / "food-bank-pipeline.yaml"
    before = len(yaml.safe_load(path.read_text()).get("reports") or [])
    procs = [
        subprocess.Popen(
            [
                COPKIT,
                "charter",
                "report",
                "food-bank-pipeline",
                "--summary",
                f"Report {i}",
                "--by",
                "tomasz-nowak",
            ],
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for i in range(6)
    ]
    results = [(p.wait(), p.communicate()) for p in procs]
    ok = [i for i, (code, _) in enumerate(results) if code == 0]
    for code, (_, err) in results:
        assert code in (0, 1), err
        if code == 1:
            assert "changed while this command ran" in err, err
    summaries = [r["summary"] for r in yaml.safe_load(path.read_text())["reports"]]
    assert len(summaries) == before + len(ok)  # every "Wrote" is in the file
    assert {f"Report {i}" for i in ok} <= set(summaries)


@pytest.mark.slow
def test_two_journal_adds_of_one_new_entry_keep_one_text_and_say_so(demo: Path) -> None:
    env = {**os.environ, "COPKIT_TODAY": "2026-10-20", "COPKIT_ROOT": str(demo)}
    entry = demo / "journals" / "observability-october" / "mei-chen" / "day-20.md"
    entry.unlink(missing_ok=True)
    procs = [
        subprocess.Popen(
            [
                COPKIT,
                "journal",
                "add",
                "observability-october",
                "--as",
                "mei-chen",
                "-m",
                f"Text number {i}",
            ],
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for i in range(4)
    ]
    codes = [p.wait() for p in procs]
    errs = [p.communicate()[1] for p in procs]
    assert codes.count(0) == 1, errs
    winner = codes.index(0)
    assert f"Text number {winner}" in entry.read_text()
    for i, code in enumerate(codes):
        if i != winner:
            assert code == 1 and "already exists" in errs[i]
