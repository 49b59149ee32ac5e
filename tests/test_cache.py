"""The .copkit/ cache never changes an answer: same results with it, without it, and from ruamel."""

from __future__ import annotations

import os
import re
import shutil
import sqlite3
import tempfile
import time
from datetime import date
from pathlib import Path

import pytest
from benchmarks.generate import CHALLENGE, generate
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from copkit.errors import Problem
from copkit.model import JournalEntry
from copkit.services.check import all_problems
from copkit.storage import cache, journals
from copkit.storage.journals import LINK, JournalData, load_journals, read_body
from copkit.storage.snapshot import load_snapshot
from copkit.storage.workspace import Workspace, entry_name
from tests.conftest import Run

DAY = 86_400 * 10**9
# Edit sequences per property test; COPKIT_HYPOTHESIS=2000 digs deeper.
DEPTH = int(os.environ.get("COPKIT_HYPOTHESIS", "20"))


def reference(ws: Workspace, challenge_id: str) -> JournalData:
    """The journal walk written plainly: ruamel for every file, no cache, no fast reader."""
    challenge = ws.challenge(challenge_id)
    data = JournalData()
    length = challenge.length
    for member in ws.journal_members(challenge_id):
        data.folders.append(member)
        folder = ws.journal_dir(challenge_id, member)
        rel_m = f"journals/{challenge_id}/{member}"
        plan_path = folder / "plan.md"
        if plan_path.is_symlink():
            data.files += 1
            data.problems.append(Problem(f"{rel_m}/plan.md", 0, 0, "error", LINK))
        elif plan_path.exists():
            data.files += 1
            loaded = ws.load_plan(challenge_id, member)
            data.problems += loaded.problems
            if loaded.value is not None and not loaded.errors:
                data.plans[member] = loaded.value
        days: dict[int, JournalEntry] = {}
        names = sorted(n for n in os.listdir(folder) if n != "plan.md" and n[0] != ".")
        if (
            plan_path.is_symlink() is False
            and not plan_path.exists()
            and any(n.startswith("day-") for n in names)
        ):
            data.problems.append(
                Problem(
                    rel_m,
                    0,
                    0,
                    "error",
                    f"entries without a sign-up; run `copkit challenge join {challenge_id} "
                    f"--as {member}`",
                )
            )
        for name in names:
            rel, path = f"{rel_m}/{name}", folder / name
            m = re.fullmatch(r"day-(\d+)\.md", name)
            if m is None:
                data.problems.append(
                    Problem(
                        rel, 0, 0, "warning", "unexpected file; journal entries are named day-NN.md"
                    )
                )
                continue
            data.files += 1
            day = int(m.group(1))
            if path.is_symlink():
                data.problems.append(Problem(rel, 0, 0, "error", LINK))
            elif not 1 <= day <= length:
                message = f"day {day} is outside the challenge (days 1..{length})"
                data.problems.append(Problem(rel, 0, 0, "error", message))
            elif name != entry_name(day, length):
                message = f"misnamed entry; rename it to {entry_name(day, length)}"
                data.problems.append(Problem(rel, 0, 0, "error", message))
            else:
                entry = ws.load_entry(path)
                data.problems += entry.problems
                if entry.value is None or entry.errors:
                    continue
                if entry.value.date != challenge.date_of(day):
                    line = entry.text.split("\n").index(f"date: {entry.value.date}") + 1
                    data.problems.append(
                        Problem(
                            rel,
                            line,
                            7,
                            "error",
                            f"date {entry.value.date} does not match day {day} of {challenge_id} "
                            f"({challenge.date_of(day)}); write date: {challenge.date_of(day)}",
                        )
                    )
                    continue
                if entry.value.private and entry.value.highlight:
                    line = entry.text.split("\n").index("highlight: true") + 1
                    message = (
                        "highlight is ignored on a private entry: its words are never quoted; "
                        "remove the line, or share the entry with `copkit journal add "
                        f"{challenge_id} --as {member} --day {day} --shared --force`"
                    )
                    data.problems.append(Problem(rel, line, 12, "warning", message))
                days[day] = entry.value
        if days:
            data.entries[member] = days
    return data


def same(a: JournalData, b: JournalData) -> bool:
    """The same result, problems in any order."""
    key = lambda p: (p.path, p.line, p.col, p.message)  # noqa: E731
    return (a.plans, a.entries, a.folders, a.files, sorted(a.problems, key=key)) == (
        b.plans,
        b.entries,
        b.folders,
        b.files,
        sorted(b.problems, key=key),
    )


def both(ws: Workspace) -> tuple[JournalData, JournalData]:
    challenge = ws.challenge(CHALLENGE)
    cached = load_journals(ws, CHALLENGE, challenge)
    fresh = load_journals(ws, CHALLENGE, challenge, use_cache=False)
    return cached, fresh


def age(path: Path, ns: int) -> None:
    """Give a file an mtime in the past, as a file that has not changed for a while."""
    os.utime(path, ns=(ns, ns))


def age_all(root: Path, ns: int) -> None:
    for p in root.rglob("*.md"):
        age(p, ns)


@pytest.fixture
def community(tmp_path: Path) -> Workspace:
    root = tmp_path / "bench"
    generate(root, members=6, days=5, seed=3)
    age_all(root, time.time_ns() - DAY)
    return Workspace(root)


# ---- equivalence over random edits -----------------------------------------------------------

BODIES = ["Short.\n", "A longer body, with words.\n", "", "no newline"]
FRONTS = [
    "---\ndate: {d}\nstatus: done\nminutes: 20\nmood: 4\ntags: [ci, docker]\n---\n",
    "---\ndate: {d}\nstatus: partial\nhighlight: true\n---\n",
    "---\ndate: {d}\nstatus: skipped\ntags:\n  - a\n  - b\n---\n",
    "---\nstatus: done\ndate: {d}\n---\n",  # not canonical: the full loader reads it
    "---\ndate: {d}\nstatus: done  # a comment\n---\n",
    "---\ndate: 2020-01-01\nstatus: done\n---\n",  # wrong date for its day
    "---\ndate: {d}\nstatus: finished\n---\n",  # bad status
    "---\ndate: {d}\nstatus: done\nmood: 9\n---\n",
    "---\ndate: [unclosed\n---\n",
    "---\ndate: {d}\nstatus: done\n",  # no closing fence
    "no front matter at all\n",
    "",
    "<<<<<<< HEAD\n---\n",
    "---\ndate: {d}\nstatus: done\nprivate: true\n---\n",  # words in the shared file: check
    "---\ndate: {d}\nstatus: done\nprivate: true\nhighlight: true\n---\n",
]
PLANS = [
    "---\njoined: 2026-09-20\nlevel: starter\ngoal: Ship it.\nleft: null\n---\n",
    "---\njoined: 2026-09-20\nlevel: experienced\ngoal: null\nleft: 2026-10-03\n---\n",
    "---\njoined: 2026-09-20\nlevel: expert\n---\n",
    "---\nlevel: starter\n---\n",
]

SAME_SIZE = [
    (b"mood: 4", b"mood: 2"),
    (b"mood: 5", b"mood: 1"),
    (b"status: done", b"status: d0ne"),
    (b"status: partial", b"status: skipped"[:15]),
    (b"level: starter", b"level: s7arter"),
    (b"---\n", b"--- "),
]

edits = st.lists(
    st.tuples(
        st.sampled_from(
            ["write", "write", "same-size", "delete", "touch", "plan", "bytes", "stray", "racy"]
        ),
        st.integers(0, 5),  # member
        st.integers(0, 6),  # day (0 and 6 fall outside the 5-day challenge)
        st.integers(0, len(FRONTS) * len(BODIES) - 1),
    ),
    min_size=1,
    max_size=12,
)


@pytest.mark.slow
@settings(max_examples=DEPTH, deadline=None, suppress_health_check=list(HealthCheck))
@given(edits)
def test_results_are_identical_with_and_without_the_cache(
    ops: list[tuple[str, int, int, int]],
) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp) / "bench"
        generate(root, members=6, days=5, seed=1)
        clock = time.time_ns() - DAY
        age_all(root, clock)
        ws = Workspace(root)
        members = sorted(os.listdir(root / "journals" / CHALLENGE))
        start = ws.challenge(CHALLENGE).start
        for op, m, day, pick in ops:
            clock += 10**9
            folder = root / "journals" / CHALLENGE / members[m % len(members)]
            path = folder / f"day-{day:02d}.md"
            if op in ("write", "racy"):
                front = FRONTS[pick % len(FRONTS)].format(
                    d=date.fromordinal(start.toordinal() + day - 1)
                )
                path.write_text(front + BODIES[pick % len(BODIES)], encoding="utf-8")
            elif op == "same-size" and path.exists():
                # an edit that keeps the size: only the mtime tells it apart
                text = path.read_bytes()
                for a, b in SAME_SIZE:
                    if a in text:
                        path.write_bytes(text.replace(a, b, 1))
                        break
            elif op == "delete":
                path.unlink(missing_ok=True)
            elif op == "plan":
                path = folder / "plan.md"
                path.write_text(PLANS[pick % len(PLANS)], encoding="utf-8")
            elif op == "bytes":
                path.write_bytes(b"---\ndate: \xff\n---\n")
            elif op == "stray":
                path = folder / "notes.txt"
                path.write_text("not an entry\n")
            if op != "racy" and path.exists():
                age(path, clock)  # "touch" only moves the mtime
            # first as a kept output's lookup reads them: a changed folder walked from the
            # rows of the listing taken before (journals._Listed), not listed again
            listed = journals.list_journals(ws, CHALLENGE)
            via_listing = load_journals(ws, CHALLENGE, ws.challenge(CHALLENGE), listing=listed)
            cached, fresh = both(ws)
            assert cached == fresh
            assert via_listing == fresh
            # read again: unchanged folders are now given by their summaries
            assert load_journals(ws, CHALLENGE, ws.challenge(CHALLENGE)) == fresh
            checked = all_problems(load_snapshot(ws, use_cache=False))
            assert all_problems(load_snapshot(ws)) == checked
            assert all_problems(load_snapshot(ws)) == checked  # check's own summaries
            assert load_journals(ws, CHALLENGE, ws.challenge(CHALLENGE)) == fresh
        assert same(both(ws)[0], reference(ws, CHALLENGE))  # and what ruamel alone reads


# ---- the cache is used, and only when it may be ----------------------------------------------


def test_an_unchanged_file_is_answered_from_the_cache(community: Workspace) -> None:
    first, _ = both(community)
    entry = next(iter(sorted((community.root / "journals" / CHALLENGE).glob("*/day-02.md"))))
    st_before = entry.stat()
    text = entry.read_text()
    # same size, same mtime, other content: only a cache hit can still say "done"
    entry.write_text(
        text.replace("status: done", "status: XXXX").replace("status: partial", "status: XXXXXXX")
    )
    age(entry, st_before.st_mtime_ns)
    again = load_journals(community, CHALLENGE, community.challenge(CHALLENGE))
    assert again == first


def test_the_warm_path_opens_no_journal_file(
    community: Workspace, monkeypatch: pytest.MonkeyPatch
) -> None:
    cold, _ = both(community)
    opened: list[str] = []
    real_open = os.open

    def spy(path: str, *args: object, **kwargs: object) -> int:
        opened.append(str(path))
        return real_open(path, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(os, "open", spy)
    warm = load_journals(community, CHALLENGE, community.challenge(CHALLENGE))
    assert warm == cold
    assert [p for p in opened if p.endswith(".md")] == []  # folders are opened, files not


def test_an_unchanged_folder_is_given_by_its_summary(
    community: Workspace, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A warm walk of unchanged folders reads no record one by one: each folder's summary
    gives its plan, entries and problems (a misdated and a misnamed entry here)."""
    folder = sorted((community.root / "journals" / CHALLENGE).iterdir())[0]
    (folder / "day-2.md").write_text("---\ndate: 2026-10-02\nstatus: done\n---\n")
    misdated = folder / "day-03.md"
    misdated.write_text(misdated.read_text().replace("date: 2026-10-03", "date: 2026-10-09"))
    age_all(community.root, time.time_ns() - DAY)
    cold, fresh = both(community)
    assert cold == fresh and len(cold.problems) == 2

    def no_file_by_file(*args: object) -> object:
        raise AssertionError("a file of an unchanged folder was read on its own")

    monkeypatch.setattr(journals.JournalReader, "read", no_file_by_file)
    monkeypatch.setattr(journals._Walk, "_wrong_date", no_file_by_file)
    assert load_journals(community, CHALLENGE, community.challenge(CHALLENGE)) == cold


def test_a_touched_or_racy_folder_is_walked_file_by_file(community: Workspace) -> None:
    """A summary stands only for the listing it was made with, and only once every file in
    the folder has settled: a touch (same bytes) or a file just written walks the folder
    again, and the answer is the full loader's."""
    folder = sorted((community.root / "journals" / CHALLENGE).iterdir())[0]
    both(community)
    entry = folder / "day-02.md"
    st_before = entry.stat()
    text = entry.read_text()
    entry.write_text(text.replace("status: done", "status: XXXX").replace("partial", "XXXXXXX"))
    age(entry, st_before.st_mtime_ns + 1)  # same size, another mtime: only the stat tells
    cached, fresh = both(community)
    assert cached == fresh and cached.problems
    (folder / "notes.txt").write_text("just written\n")  # racy: the summary is not kept
    first, fresh = both(community)
    assert first == fresh
    assert load_journals(community, CHALLENGE, community.challenge(CHALLENGE)) == fresh


def test_a_recent_file_is_not_trusted_to_the_cache(community: Workspace) -> None:
    """A same-size edit within one mtime tick must not be missed (git's racy-clean problem)."""
    path = sorted((community.root / "journals" / CHALLENGE).glob("*/day-01.md"))[0]
    member = path.parent.name
    path.write_text("---\ndate: 2026-10-01\nstatus: done\nmood: 4\n---\nJust written.\n")
    mtime = path.stat().st_mtime_ns
    first, _ = both(community)
    assert first.entries[member][1].mood == 4
    path.write_text("---\ndate: 2026-10-01\nstatus: done\nmood: 2\n---\nJust written.\n")
    age(path, mtime)  # same size, same mtime: as two saves within one clock tick
    cached, fresh = both(community)
    assert cached == fresh
    assert cached.entries[member][1].mood == 2


def test_a_changed_added_or_deleted_file_is_read_again(community: Workspace) -> None:
    folder = sorted((community.root / "journals" / CHALLENGE).iterdir())[0]
    both(community)
    (folder / "day-01.md").unlink(missing_ok=True)
    new = folder / "day-05.md"
    new.unlink(missing_ok=True)
    new.write_text("---\ndate: 2026-10-05\nstatus: partial\nminutes: 7\n---\nNew.\n")
    age(new, time.time_ns() - DAY // 2)
    cached, fresh = both(community)
    assert cached == fresh
    assert cached.entries[folder.name][5].minutes == 7
    assert 1 not in cached.entries[folder.name]


def rows(root: Path) -> int:
    """How many file records the cache holds."""
    db = sqlite3.connect(root / ".copkit" / "cache.sqlite")
    try:
        return sum(
            len(cache.decode_folder(b) or ()) for (b,) in db.execute("SELECT files FROM folders")
        )
    finally:
        db.close()


@pytest.mark.parametrize(
    "damage",
    [
        pytest.param(lambda p: p.write_bytes(b"this is not a database" * 100), id="corrupt"),
        pytest.param(lambda p: p.write_bytes(b""), id="empty"),
        pytest.param(lambda p: p.unlink(), id="missing"),
        pytest.param(
            lambda p: (
                sqlite3.connect(p).execute("UPDATE meta SET value = 'old'").connection.commit()
            ),
            id="other-version",
        ),
        pytest.param(
            lambda p: sqlite3.connect(p).execute("DROP TABLE folders").connection.commit(),
            id="no-table",
        ),
        pytest.param(
            lambda p: (
                sqlite3.connect(p).execute("UPDATE folders SET files = x'c1c1'").connection.commit()
            ),
            id="garbage-rows",
        ),
    ],
)
def test_a_broken_cache_is_rebuilt_silently(community: Workspace, damage: object) -> None:
    expected, _ = both(community)
    db = community.root / ".copkit" / "cache.sqlite"
    total = rows(community.root)
    assert total > 0
    damage(db)  # type: ignore[operator]
    cached, _ = both(community)
    assert cached == expected
    cached, _ = both(community)
    assert cached == expected
    assert rows(community.root) == total


def test_a_locked_cache_is_left_alone(community: Workspace) -> None:
    expected, _ = both(community)
    db = sqlite3.connect(community.root / ".copkit" / "cache.sqlite", isolation_level=None)
    db.execute("PRAGMA journal_mode=DELETE")
    db.execute("BEGIN EXCLUSIVE")
    try:
        started = time.monotonic()
        cached, _ = both(community)
        assert cached == expected
        assert time.monotonic() - started < 5
    finally:
        db.execute("ROLLBACK")
        db.close()


def test_no_cache_when_the_cache_folder_cannot_be_made(community: Workspace) -> None:
    (community.root / ".copkit").write_text("a file where the folder should be\n")
    cached, fresh = both(community)
    assert cached == fresh
    assert (community.root / ".copkit").read_text() == "a file where the folder should be\n"


def test_no_cache_writes_no_cache(
    community: Workspace, run: Run, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(community.root)
    load_journals(community, CHALLENGE, community.challenge(CHALLENGE), use_cache=False)
    assert not (community.root / ".copkit").exists()
    r = run("check", "--no-cache")
    assert r.exit_code == 0, r.output
    assert not (community.root / ".copkit").exists()
    r = run("check")
    assert r.exit_code == 0, r.output
    assert (community.root / ".copkit" / "cache.sqlite").exists()


def test_the_cache_version_follows_copkit() -> None:
    from copkit import __version__

    assert cache.VERSION.startswith(f"{cache.SCHEMA}/{__version__}/")


# ---- check: same problems and positions through the fast path ----------------------------------


def test_check_points_at_the_date_of_a_misdated_entry(
    community: Workspace, run: Run, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(community.root)
    path = sorted((community.root / "journals" / CHALLENGE).glob("*/day-02.md"))[0]
    path.write_text(path.read_text().replace("date: 2026-10-02", "date: 2026-10-09"))
    age(path, time.time_ns() - DAY // 2)
    for _ in range(2):  # cold, then warm
        r = run("check")
        assert r.exit_code == 1
        rel = path.relative_to(community.root).as_posix()
        assert (
            f"{rel}:2:7: error: date 2026-10-09 does not match day 2 of {CHALLENGE} (2026-10-02)"
            in r.stdout
        )


def test_check_points_at_left_before_joined(
    community: Workspace, run: Run, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(community.root)
    path = sorted((community.root / "journals" / CHALLENGE).glob("*/plan.md"))[0]
    path.write_text("---\njoined: 2026-09-20\nlevel: starter\ngoal: null\nleft: 2026-09-01\n---\n")
    age(path, time.time_ns() - DAY // 2)
    for _ in range(2):
        r = run("check", "--json")
        rel = path.relative_to(community.root).as_posix()
        assert {
            "path": rel,
            "line": 5,
            "col": 7,
            "severity": "error",
            "message": "left 2026-09-01 is before joined 2026-09-20",
        } in __import__("json").loads(r.stdout)


# ---- read_body and members ----------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        pytest.param(
            "---\ndate: 2026-10-01\nstatus: done\nhighlight: true\n---\nQuote me.\n", id="fast"
        ),
        pytest.param("---\nstatus: done\ndate: 2026-10-01\n---\nOther order.\n", id="slow"),
        pytest.param("---\ndate: [\n---\nBroken YAML, body still there.\n", id="broken"),
        pytest.param("---\ndate: 2026-10-01\n", id="unclosed"),
        pytest.param("No front matter.\n", id="none"),
        pytest.param("", id="empty"),
    ],
)
def test_read_body_gives_what_the_full_loader_gives(community: Workspace, text: str) -> None:
    member = sorted(os.listdir(community.root / "journals" / CHALLENGE))[0]
    path = community.entry_path(CHALLENGE, member, 1, 5)
    path.write_text(text)
    age(path, time.time_ns() - DAY // 2)
    expected = community.load_entry(path).body
    for _ in range(2):
        load_journals(community, CHALLENGE, community.challenge(CHALLENGE))
        assert read_body(community, CHALLENGE, member, 1, 5) == expected


def test_read_body_of_a_cached_highlight_opens_nothing(
    community: Workspace, monkeypatch: pytest.MonkeyPatch
) -> None:
    member = sorted(os.listdir(community.root / "journals" / CHALLENGE))[0]
    path = community.entry_path(CHALLENGE, member, 1, 5)
    path.write_text("---\ndate: 2026-10-01\nstatus: done\nhighlight: true\n---\nQuote me.\n")
    age(path, time.time_ns() - DAY // 2)
    load_journals(community, CHALLENGE, community.challenge(CHALLENGE))  # fills the cache
    load_journals(community, CHALLENGE, community.challenge(CHALLENGE))  # answered by it
    monkeypatch.setattr(journals, "read_text", lambda *a: pytest.fail("read the file"))
    assert read_body(community, CHALLENGE, member, 1, 5) == "Quote me.\n"


def test_members_read_fast_are_the_members_read_by_ruamel(community: Workspace) -> None:
    folder = community.root / "members"
    (folder / "odd-one.yaml").write_text("name: 'Odd: One'\nemail: null\ninterests: [x]\n")
    (folder / "bad-one.yaml").write_text("name: [\n")
    (folder / "no-name.yaml").write_text("email: x@example.org\n")
    slow = {}
    for m in community.ids("members"):
        loaded = community.load_member(m)
        if loaded.value is not None:
            slow[m] = loaded.value
    assert community.members() == slow
    assert "odd-one" in slow and "bad-one" not in slow


# ---- the walk ------------------------------------------------------------------------------------


def test_a_challenge_without_journals_has_none(community: Workspace) -> None:
    shutil.rmtree(community.root / "journals" / CHALLENGE)
    assert load_journals(community, CHALLENGE, community.challenge(CHALLENGE)) == JournalData()
