"""The benchmark's generated community is valid and written exactly as copkit writes it."""

from __future__ import annotations

from pathlib import Path

import pytest
from benchmarks.generate import CHALLENGE, generate, main

from copkit.model import JournalEntry
from copkit.storage import frontmatter, yamlio
from copkit.storage.workspace import Workspace, to_data
from tests.conftest import Run, snapshot


@pytest.fixture
def tree(tmp_path: Path) -> Path:
    root = tmp_path / "bench"
    counts = generate(root, members=12, days=33, seed=5)  # 33 days: the calendar cycles
    assert counts["members"] == 12
    assert 0 < counts["participants"] <= 12
    assert counts["entries"] > counts["participants"] * 25
    return root


def test_check_passes_on_a_generated_community(
    tree: Path, run: Run, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tree)
    r = run("check")
    assert r.exit_code == 0, r.output
    assert "no problems" in r.stderr


def test_every_generated_file_is_byte_identical_to_copkit_s_writers(tmp_path: Path) -> None:
    root = tmp_path / "canonical"
    generate(root, members=12, days=33, seed=5, hand=0)
    ws = Workspace(root)
    seen = 0
    for m in ws.ids("members"):
        path = ws.member_path(m)
        loaded = ws.load_member(m)
        assert loaded.value is not None and not loaded.problems
        assert yamlio.dump(to_data(loaded.value)) == path.read_text(), path
        seen += 1
    for folder in sorted((root / "journals" / CHALLENGE).iterdir()):
        for path in sorted(folder.iterdir()):
            loaded = (
                ws.load_entry(path)
                if path.name != "plan.md"
                else ws.load_plan(CHALLENGE, folder.name)
            )
            assert loaded.value is not None and not loaded.problems, path
            assert loaded.body is not None
            front = to_data(loaded.value, omit_defaults=isinstance(loaded.value, JournalEntry))
            assert frontmatter.join(yamlio.dump(front), loaded.body) == path.read_text(), path
            seen += 1
    challenge = ws.load_challenge(CHALLENGE)
    assert challenge.value is not None
    assert yamlio.dump(to_data(challenge.value)) == ws.challenge_path(CHALLENGE).read_text()
    assert [d.day for d in challenge.value.days] == list(range(1, 34))
    assert challenge.value.days[30].title == challenge.value.days[0].title
    assert seen > 300


def test_hand_written_files_say_what_copkit_s_own_would(tmp_path: Path, tree: Path) -> None:
    """The hand-writing share: other bytes (any valid form), the same values and bodies."""
    canonical = tmp_path / "canonical"
    generate(canonical, members=12, days=33, seed=5, hand=0)
    hand, plain = Workspace(tree), Workspace(canonical)
    differ = 0
    for folder in sorted((canonical / "journals" / CHALLENGE).iterdir()):
        for path in sorted(folder.iterdir()):
            other = tree / path.relative_to(canonical)
            if path.name == "plan.md":
                a, b = (
                    hand.load_plan(CHALLENGE, folder.name),
                    plain.load_plan(CHALLENGE, folder.name),
                )
            else:
                a, b = hand.load_entry(other), plain.load_entry(path)
            assert not a.problems, other
            assert (a.value, a.body) == (b.value, b.body), other
            differ += other.read_bytes() != path.read_bytes()
    assert differ > 30  # about a fifth of the members write by hand


def test_the_same_seed_gives_the_same_bytes(tmp_path: Path, tree: Path) -> None:
    again = tmp_path / "again"
    generate(again, members=12, days=33, seed=5)
    assert snapshot(again) == snapshot(tree)
    other = tmp_path / "other"
    generate(other, members=12, days=33, seed=6)
    assert snapshot(other) != snapshot(tree)


def test_the_generator_refuses_a_folder_in_use(
    tree: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    with pytest.raises(SystemExit) as e:
        main(["--members", "3", str(tree)])
    assert e.value.code == 2
    assert "exists and is not empty" in capsys.readouterr().err
