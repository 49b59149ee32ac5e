"""copkit journal add | list | show through the CLI: entries written, refusals, the editor."""

from __future__ import annotations

import json
import shlex
import sys
from pathlib import Path

import frontmatter
import pytest

from tests.conftest import Run, Width, snapshot

# ---- helpers shared by the journal, progress and nudge tests --------------------------------


def write_challenge(
    root: Path,
    cid: str = "dec",
    *,
    start: str = "2026-12-01",
    length: int = 10,
    pairs: list[list[str]] | None = None,
    threshold: float = 0.8,
) -> Path:
    """challenges/<cid>.yaml with `length` filled-in days, written directly (not via
    `challenge new`, which another branch builds)."""
    lines = [f"title: Test challenge {cid}", f"start: {start}", f"finish_threshold: {threshold}"]
    lines.append("days:")
    for d in range(1, length + 1):
        lines += [
            f"  - day: {d}",
            "    kind: practice",
            f"    title: Activity {d}",
            f"    prompt: Do the thing of day {d}, then write down what changed.",
            "    minutes: 20",
            "    levels:",
            f"      starter: Starter variant {d}.",
            f"      experienced: Experienced variant {d}.",
        ]
    if pairs:
        lines.append("pairs:")
        lines += [f"  - [{', '.join(group)}]" for group in pairs]
    path = root / "challenges" / f"{cid}.yaml"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def join(
    root: Path,
    cid: str,
    member: str,
    *,
    level: str = "starter",
    joined: str = "2026-11-28",
    left: str | None = None,
) -> Path:
    """journals/<cid>/<member>/plan.md, as `challenge join` writes it."""
    folder = root / "journals" / cid / member
    folder.mkdir(parents=True, exist_ok=True)
    front = f"joined: {joined}\nlevel: {level}\n" + (f"left: {left}\n" if left else "")
    path = folder / "plan.md"
    path.write_text(f"---\n{front}---\nWhy I'm in.\n", encoding="utf-8")
    return path


def entry(
    root: Path,
    cid: str,
    member: str,
    day: int,
    status: str = "done",
    *,
    start: str = "2026-12-01",
    minutes: int | None = None,
) -> Path:
    """journals/<cid>/<member>/day-NN.md for a 30-or-fewer-day challenge."""
    from datetime import date, timedelta

    when = date.fromisoformat(start) + timedelta(days=day - 1)
    front = f"date: {when}\nstatus: {status}\n" + (f"minutes: {minutes}\n" if minutes else "")
    path = root / "journals" / cid / member / f"day-{day:02d}.md"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(f"---\n{front}---\nDay {day}.\n", encoding="utf-8")
    return path


def month(root: Path, cid: str, member: str, days: str, *, start: str = "2026-12-01") -> None:
    """Entries from a picture of the month: D done, P partial, S skipped, '.' none."""
    status = {"D": "done", "P": "partial", "S": "skipped"}
    for i, c in enumerate(days, start=1):
        if c != ".":
            entry(root, cid, member, i, status[c], start=start, minutes=10)


@pytest.fixture
def dec(ws: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A ten-day challenge `dec` from 2026-12-01 that alice and bob joined; today 2026-12-07."""
    write_challenge(ws, pairs=[["alice-martin", "bob-lee"]])
    join(ws, "dec", "alice-martin")
    join(ws, "dec", "bob-lee", level="experienced")
    monkeypatch.setenv("COPKIT_TODAY", "2026-12-07")
    return ws


def files(root: Path) -> dict[str, bytes]:
    """Every file but the disposable .copkit/ cache, which a refused command may warm."""
    return {k: v for k, v in snapshot(root).items() if not k.startswith(".copkit/")}


def day_file(root: Path, member: str, day: int, cid: str = "dec") -> Path:
    return root / "journals" / cid / member / f"day-{day:02d}.md"


# ---- journal add -m ------------------------------------------------------------------------


def test_add_writes_todays_entry_in_canonical_order_without_defaults(dec: Path, run: Run) -> None:
    r = run(
        "journal", "add", "dec", "--as", "alice-martin", "-m", "Mapped the pipeline.",
        "--minutes", "30", "--mood", "4", "--tag", "docker", "--tag", " ci ", "--tag", "docker",
        "--checkin",
    )  # fmt: skip
    assert r.exit_code == 0, r.output
    assert r.stdout == ""
    assert r.stderr == "Wrote journals/dec/alice-martin/day-07.md (day 7, done)\n"
    assert day_file(dec, "alice-martin", 7).read_text() == (
        "---\n"
        "date: 2026-12-07\n"
        "status: done\n"
        "minutes: 30\n"
        "mood: 4\n"
        "tags: [ci, docker]\n"
        "partner_checkin: true\n"
        "---\n"
        "Mapped the pipeline.\n"
    )


def test_add_entry_reads_back_with_python_frontmatter(dec: Path, run: Run) -> None:
    body = "## What I did\n\nRan `docker build` twice: 4 min, then 40 s.\n\n- cache: yes\n"
    r = run(
        "journal", "add", "dec", "--as", "bob-lee", "--day", "3", "--status", "partial",
        "--minutes", "15", "--mood", "2", "--tag", "docker", "--highlight", "-m", body,
    )  # fmt: skip
    assert r.exit_code == 0, r.output
    post = frontmatter.load(day_file(dec, "bob-lee", 3))
    from datetime import date

    assert post.metadata == {
        "date": date(2026, 12, 3),
        "status": "partial",
        "minutes": 15,
        "mood": 2,
        "tags": ["docker"],
        "highlight": True,
    }
    assert post.content == body.strip()
    # and copkit reads it back to the same values
    r = run("journal", "list", "dec", "--as", "bob-lee", "--json")
    assert json.loads(r.stdout) == [
        {
            "member": "bob-lee",
            "day": 3,
            "date": "2026-12-03",
            "status": "partial",
            "minutes": 15,
            "mood": 2,
            "tags": ["docker"],
            "highlight": True,
            "partner_checkin": False,
            "private": False,
        }
    ]


def test_add_by_date_word_and_member_from_env_and_git_email(
    dec: Path, run: Run, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert run("journal", "add", "dec", "--date", "yesterday", "-m", "x", env={"COPKIT_MEMBER": "bob-lee"}).exit_code == 0  # fmt: skip
    assert day_file(dec, "bob-lee", 6).exists()
    import subprocess

    subprocess.run(["git", "init", "-q", str(dec)], check=True)
    subprocess.run(["git", "-C", str(dec), "config", "user.email", "Alice@Example.org"], check=True)
    r = run("journal", "add", "dec", "--date", "2026-12-05", "-m", "x")
    assert r.exit_code == 0, r.output
    assert day_file(dec, "alice-martin", 5).exists()


def test_add_odd_tags_read_back_the_same(dec: Path, run: Run) -> None:
    # ruamel writes [?x] unquoted and reads it back as a mapping; storage quotes it
    tags = ["?x", "a: b", "#c", "é 👩‍💻", "[d"]
    r = run("journal", "add", "dec", "--as", "bob-lee", "-m", "x", *(f"--tag={t}" for t in tags))
    assert r.exit_code == 0, r.output
    assert frontmatter.load(day_file(dec, "bob-lee", 7)).metadata["tags"] == sorted(tags)
    assert json.loads(run("journal", "list", "dec", "--json").stdout)[0]["tags"] == sorted(tags)
    assert run("check").exit_code == 0


def test_add_reads_text_from_stdin_with_dash(dec: Path, run: Run) -> None:
    r = run("journal", "add", "dec", "--as", "bob-lee", "-m", "-", input="From a pipe.\n")
    assert r.exit_code == 0, r.output
    assert day_file(dec, "bob-lee", 7).read_text().endswith("---\nFrom a pipe.\n")


def test_add_force_replaces_and_says_so(dec: Path, run: Run) -> None:
    assert run("journal", "add", "dec", "--as", "bob-lee", "-m", "first").exit_code == 0
    r = run("journal", "add", "dec", "--as", "bob-lee", "-m", "second", "--status", "skipped", "--force")  # fmt: skip
    assert r.exit_code == 0, r.output
    assert r.stderr.startswith("Replaced journals/dec/bob-lee/day-07.md (day 7, skipped)")
    assert day_file(dec, "bob-lee", 7).read_text().endswith("status: skipped\n---\nsecond\n")


def test_add_after_the_end_can_back_fill_a_named_day(
    dec: Path, run: Run, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("COPKIT_TODAY", "2026-12-15")
    r = run("journal", "add", "dec", "--as", "bob-lee", "--day", "10", "-m", "late")
    assert r.exit_code == 0, r.output
    assert "date: 2026-12-10\n" in day_file(dec, "bob-lee", 10).read_text()


def test_add_pads_day_numbers_to_the_challenge_length(
    ws: Path, run: Run, monkeypatch: pytest.MonkeyPatch
) -> None:
    write_challenge(ws, "long", length=100)
    join(ws, "long", "carol-diaz")
    monkeypatch.setenv("COPKIT_TODAY", "2026-12-09")
    assert run("journal", "add", "long", "--as", "carol-diaz", "-m", "x").exit_code == 0
    assert (ws / "journals/long/carol-diaz/day-009.md").exists()


REFUSALS = [
    pytest.param(
        ["--as", "carol-diaz", "-m", "x"],
        "error: carol-diaz has not joined dec (journals/dec/carol-diaz/plan.md does not exist)\n"
        "hint: Join first: copkit challenge join dec --as carol-diaz",
        id="not-joined",
    ),
    pytest.param(
        ["--as", "dan-left", "-m", "x"],
        "error: dan-left left dec on 2026-12-04; their journal is kept but takes no new entries\n"
        "hint: To come back, remove the `left:` line from journals/dec/dan-left/plan.md.",
        id="left",
    ),
    pytest.param(
        ["--as", "zed", "-m", "x"],
        "error: no member 'zed' (members/zed.yaml does not exist)",
        id="unknown-member",
    ),
    pytest.param(
        ["--as", "Alice", "-m", "x"],
        "error: 'Alice' is not a valid member id",
        id="member-not-a-slug",
    ),
    pytest.param(
        ["--as", "bob-lee", "--date", "2026-11-30", "-m", "x"],
        "error: 2026-11-30 is before dec starts: day 1 is 2026-12-01\n"
        "hint: dec runs from day 1 (2026-12-01) to day 10 (2026-12-10).",
        id="before-start",
    ),
    pytest.param(
        ["--as", "bob-lee", "--date", "2026-12-11", "-m", "x"],
        "error: 2026-12-11 is after dec ended: day 10 was 2026-12-10",
        id="after-end",
    ),
    pytest.param(
        ["--as", "bob-lee", "--day", "11", "-m", "x"],
        "error: day 11 is not a day of dec: its days are 1..10",
        id="day-past-length",
    ),
    pytest.param(
        ["--as", "bob-lee", "--day", "0", "-m", "x"],
        "error: day 0 is not a day of dec: its days are 1..10",
        id="day-zero",
    ),
    pytest.param(
        ["--as", "bob-lee", "--day", "8", "-m", "x"],
        "error: day 8 of dec (2026-12-08) is in the future: today is 2026-12-07\n"
        "hint: Journal a day on the day itself or after it.",
        id="future-day",
    ),
    pytest.param(
        ["--as", "bob-lee", "--date", "tomorrow", "-m", "x"],
        "error: day 8 of dec (2026-12-08) is in the future: today is 2026-12-07",
        id="future-date",
    ),
    pytest.param(
        ["--as", "bob-lee", "--date", "07/12/2026", "-m", "x"],
        "error: --date '07/12/2026' is not a date; use YYYY-MM-DD, today, yesterday or tomorrow",
        id="bad-date",
    ),
    pytest.param(
        ["--as", "bob-lee", "--status", "finished", "-m", "x"],
        "error: status 'finished' is not one of done, partial, skipped",
        id="bad-status",
    ),
    pytest.param(
        ["--as", "bob-lee", "--mood", "6", "-m", "x"],
        "error: mood 6 is out of range: use 1 (low) to 5 (high)",
        id="mood-high",
    ),
    pytest.param(
        ["--as", "bob-lee", "--mood", "0", "-m", "x"],
        "error: mood 0 is out of range: use 1 (low) to 5 (high)",
        id="mood-low",
    ),
    pytest.param(
        ["--as", "bob-lee", "--minutes", "-5", "-m", "x"],
        "error: minutes -5 is out of range: use 0 to 1440",
        id="minutes-negative",
    ),
    pytest.param(
        ["--as", "bob-lee", "--tag", "ci\nx", "-m", "x"],
        "error: tag 'ci\\nx' has a line break or a control character",
        id="tag-with-line-break",
    ),
    pytest.param(
        ["--as", "alice-martin", "--day", "2", "-m", "again"],
        "error: journals/dec/alice-martin/day-02.md already exists: alice-martin has an entry for "
        "day 2\nhint: Use --force to replace it, or edit the file itself.",
        id="exists",
    ),
    pytest.param(
        ["--as", "bob-lee"],
        "error: no text for the entry: pass it with -m TEXT\n"
        "hint: copkit opens your editor ($VISUAL or $EDITOR) only when run in a terminal.",
        id="no-terminal-no-text",
    ),
]


@pytest.mark.parametrize(("args", "expected"), REFUSALS)
def test_add_refusals_change_nothing(dec: Path, run: Run, args: list[str], expected: str) -> None:
    run("member", "add", "dan-left", "--name", "Dan Left")
    join(dec, "dec", "dan-left", left="2026-12-04")
    entry(dec, "dec", "alice-martin", 2)
    before = files(dec)
    r = run("journal", "add", "dec", *args)
    assert r.exit_code == 1, r.output
    assert r.stdout == ""
    assert r.stderr.startswith(expected), r.stderr
    assert "Traceback" not in r.output
    assert files(dec) == before


def test_add_unknown_challenge_suggests_the_close_one(dec: Path, run: Run) -> None:
    r = run("journal", "add", "dce", "--as", "bob-lee", "-m", "x")
    assert r.exit_code == 1
    assert "error: no challenge 'dce' (challenges/dce.yaml does not exist); did you mean 'dec'?" in r.stderr  # fmt: skip


def test_add_day_and_date_together_is_a_usage_error(dec: Path, run: Run) -> None:
    r = run("journal", "add", "dec", "--as", "bob-lee", "--day", "2", "--date", "today", "-m", "x")
    assert r.exit_code == 2
    assert "give --day or --date, not both" in r.stderr


def test_add_without_challenge_uses_the_one_running(
    dec: Path, run: Run, monkeypatch: pytest.MonkeyPatch
) -> None:
    write_challenge(dec, "old", start="2026-10-01")  # ended
    write_challenge(dec, "spring", start="2027-03-01")  # upcoming
    r = run("journal", "add", "--as", "bob-lee", "-m", "x")
    assert r.exit_code == 0, r.output
    assert day_file(dec, "bob-lee", 7).exists()


def test_add_without_challenge_prefers_the_one_joined_when_several_run(dec: Path, run: Run) -> None:
    write_challenge(dec, "other", start="2026-12-05")
    join(dec, "other", "carol-diaz")
    assert run("journal", "add", "--as", "bob-lee", "-m", "x").exit_code == 0
    assert day_file(dec, "bob-lee", 7).exists()
    assert run("journal", "add", "--as", "carol-diaz", "-m", "x").exit_code == 0
    assert day_file(dec, "carol-diaz", 3, cid="other").exists()


@pytest.mark.parametrize(
    ("today", "expected"),
    [
        pytest.param(
            "2027-02-01",
            "error: no challenge is running on 2027-02-01; name one\n"
            "hint: Challenges: dec, other. For example: copkit journal add dec",
            id="none-running",
        ),
        pytest.param(
            "2026-12-07",
            "error: 2 challenges are running on 2026-12-07: dec, other; name one\n"
            "hint: For example: copkit journal add dec",
            id="several-running",
        ),
    ],
)
def test_add_without_challenge_refuses_when_ambiguous(
    dec: Path, run: Run, monkeypatch: pytest.MonkeyPatch, today: str, expected: str
) -> None:
    write_challenge(dec, "other", start="2026-12-05")
    join(dec, "other", "alice-martin")  # alice joined both
    monkeypatch.setenv("COPKIT_TODAY", today)
    before = files(dec)
    r = run("journal", "add", "--as", "alice-martin", "-m", "x")
    assert r.exit_code == 1
    assert r.stderr.startswith(expected), r.stderr
    assert files(dec) == before


# ---- journal add in the editor -------------------------------------------------------------


def fake_editor(tmp_path: Path, code: str, name: str = "editor.py") -> str:
    """An $EDITOR command: a Python script run on the file, `path` bound to its path."""
    script = tmp_path / name
    script.write_text(
        "import sys, pathlib\npath = pathlib.Path(sys.argv[1])\n"
        "text = path.read_text(encoding='utf-8')\n"
        "pathlib.Path(sys.argv[0]).with_suffix('.seen').write_text(text, encoding='utf-8')\n" + code
    )
    return f"{shlex.quote(sys.executable)} {shlex.quote(str(script))}"


def editor_env(command: str, var: str = "EDITOR") -> dict[str, str]:
    return {"COPKIT_INTERACTIVE": "1", var: command}


ANSWER = (
    "text = text.replace('### What did I do?\\n\\n', '### What did I do?\\n\\nPaired on it.\\n')\n"
    "text = text.replace('mood:  ', 'mood: 4')\n"
    "path.write_text(text, encoding='utf-8')\n"
)


def test_editor_opens_a_template_and_saves_the_answers(dec: Path, run: Run, tmp_path: Path) -> None:
    cmd = fake_editor(tmp_path, ANSWER)
    r = run("journal", "add", "dec", "--as", "alice-martin", "--tag", "ci", "--checkin", env=editor_env(cmd))  # fmt: skip
    assert r.exit_code == 0, r.output
    seen = (tmp_path / "editor.seen").read_text()
    # the template: front matter filled in, the day's activity and the member's level quoted,
    # three questions
    assert seen.startswith(
        "---\n# SHARED: the words below are committed for all to read (private: true keeps them).\n"
        "date: 2026-12-07 "
    )
    assert "\nstatus: done " in seen
    assert "\ntags: [ci] " in seen
    assert "\npartner_checkin: true " in seen
    assert "> **Day 7 of dec (2026-12-07), practice: Activity 7, about 20 minutes**\n" in seen
    assert "> Do the thing of day 7, then write down what changed.\n" in seen
    assert "> *Starter:* Starter variant 7.\n" in seen
    assert "Experienced variant" not in seen
    for q in ("What did I do?", "What did I learn?", "What next?"):
        assert f"\n### {q}\n" in seen
    # saved: canonical front matter, the answer kept, the untouched quote and the unanswered
    # questions dropped
    assert day_file(dec, "alice-martin", 7).read_text() == (
        "---\ndate: 2026-12-07\nstatus: done\nmood: 4\ntags: [ci]\npartner_checkin: true\n---\n"
        "### What did I do?\n\nPaired on it.\n"
    )
    assert r.stderr == "Wrote journals/dec/alice-martin/day-07.md (day 7, done)\n"


def test_editor_quotes_the_experienced_variant_for_experienced_members(
    dec: Path, run: Run, tmp_path: Path
) -> None:
    cmd = fake_editor(tmp_path, ANSWER)
    assert run("journal", "add", "dec", "--as", "bob-lee", env=editor_env(cmd)).exit_code == 0
    seen = (tmp_path / "editor.seen").read_text()
    assert "> *Experienced:* Experienced variant 7.\n" in seen
    assert "Starter variant" not in seen


def test_visual_wins_over_editor(dec: Path, run: Run, tmp_path: Path) -> None:
    visual = fake_editor(tmp_path, ANSWER, "visual.py")
    broken = fake_editor(tmp_path, "raise SystemExit(9)\n", "broken.py")
    env = {"COPKIT_INTERACTIVE": "1", "VISUAL": visual, "EDITOR": broken}
    assert run("journal", "add", "dec", "--as", "bob-lee", env=env).exit_code == 0
    assert (tmp_path / "visual.seen").exists()
    assert not (tmp_path / "broken.seen").exists()


@pytest.mark.parametrize(
    ("code", "how"),
    [
        pytest.param("", "left unchanged", id="unchanged"),
        pytest.param(
            "path.write_text(text.replace('\\n\\n', '\\n') + '\\n\\n  \\n', encoding='utf-8')\n",
            "left unchanged",
            id="only-blank-lines-changed",
        ),
        pytest.param("path.write_text('', encoding='utf-8')\n", "emptied", id="emptied"),
        pytest.param("path.write_text('\\n  \\n', encoding='utf-8')\n", "emptied", id="blanked"),
    ],
)
def test_editor_unchanged_or_emptied_entry_is_not_saved(
    dec: Path, run: Run, tmp_path: Path, code: str, how: str
) -> None:
    before = files(dec)
    r = run("journal", "add", "dec", "--as", "bob-lee", env=editor_env(fake_editor(tmp_path, code)))
    assert r.exit_code == 1
    assert r.stderr == (
        f"Not saved: the entry was {how}, so journals/dec/bob-lee/day-07.md was not written.\n"
    )
    assert files(dec) == before


def test_editor_with_force_opens_the_existing_entry(dec: Path, run: Run, tmp_path: Path) -> None:
    path = entry(dec, "dec", "bob-lee", 7)
    old = path.read_text()
    code = "path.write_text(text.replace('Day 7.', 'Day 7, revised.'), encoding='utf-8')\n"
    cmd = fake_editor(tmp_path, code)
    r = run("journal", "add", "dec", "--as", "bob-lee", "--force", env=editor_env(cmd))
    assert r.exit_code == 0, r.output
    assert (tmp_path / "editor.seen").read_text() == old
    assert path.read_text() == old.replace("Day 7.", "Day 7, revised.")
    # without --force the editor never opens
    (tmp_path / "editor.seen").unlink()
    r = run("journal", "add", "dec", "--as", "bob-lee", env=editor_env(cmd))
    assert r.exit_code == 1
    assert not (tmp_path / "editor.seen").exists()


def test_editor_with_force_applies_the_fields_given(dec: Path, run: Run, tmp_path: Path) -> None:
    # `--highlight --force` in a terminal: the editor opens on the entry with highlight: true,
    # and saving it as it is keeps the words and marks the highlight
    path = entry(dec, "dec", "bob-lee", 7)
    cmd = fake_editor(tmp_path, "")  # the editor saves nothing new
    r = run("journal", "add", "dec", "--as", "bob-lee", "--highlight", "--force", env=editor_env(cmd))  # fmt: skip
    assert r.exit_code == 0, r.output
    seen = (tmp_path / "editor.seen").read_text()
    assert "\nhighlight: true " in seen
    saved = path.read_text()
    assert "\nhighlight: true\n" in saved
    assert "Day 7." in saved


def test_editor_bad_front_matter_keeps_the_text_and_saves_nothing(
    dec: Path, run: Run, tmp_path: Path
) -> None:
    code = (
        "text = text.replace('status: done', 'status: finished')\n"
        "text = text.replace('### What did I do?\\n', '### What did I do?\\nMy precious words.\\n')\n"
        "path.write_text(text, encoding='utf-8')\n"
    )
    before = files(dec)
    r = run("journal", "add", "dec", "--as", "bob-lee", env=editor_env(fake_editor(tmp_path, code)))
    assert r.exit_code == 1
    assert r.stderr.startswith(
        "error: journals/dec/bob-lee/day-07.md:4:9: status: 'finished' is not one of "
        "done, partial, skipped"
    ), r.stderr
    assert files(dec) == before
    kept = r.stderr.split("your text is kept in ")[1].split(". Fix it")[0]
    assert "My precious words." in Path(kept).read_text()


def test_editor_entry_written_meanwhile_is_not_overwritten(
    dec: Path, run: Run, tmp_path: Path
) -> None:
    target = day_file(dec, "bob-lee", 7)
    code = (
        f"pathlib.Path({str(target)!r}).write_text('---\\ndate: 2026-12-07\\nstatus: done\\n---\\nOther.\\n')\n"
        "path.write_text(text.replace('### What next?\\n', '### What next?\\nMine.\\n'), encoding='utf-8')\n"
    )
    r = run("journal", "add", "dec", "--as", "bob-lee", env=editor_env(fake_editor(tmp_path, code)))
    assert r.exit_code == 1
    assert "journals/dec/bob-lee/day-07.md already exists" in r.stderr
    assert target.read_text().endswith("Other.\n")
    kept = r.stderr.split("Your text is kept in ")[1].strip().rstrip(".")
    assert "Mine." in Path(kept).read_text()


def test_editor_changed_date_is_refused(dec: Path, run: Run, tmp_path: Path) -> None:
    code = "path.write_text(text.replace('date: 2026-12-07', 'date: 2026-12-06') + 'x\\n', encoding='utf-8')\n"  # fmt: skip
    r = run("journal", "add", "dec", "--as", "bob-lee", env=editor_env(fake_editor(tmp_path, code)))
    assert r.exit_code == 1
    assert (
        "date 2026-12-06 does not match day 7 of dec (2026-12-07); write date: 2026-12-07"
        in r.stderr
    )
    assert not day_file(dec, "bob-lee", 7).exists()


@pytest.mark.parametrize(
    ("env", "expected"),
    [
        pytest.param(
            {"COPKIT_INTERACTIVE": "1"},
            "error: no editor to write the entry in: $VISUAL and $EDITOR are not set\n"
            "hint: Set one (for example: export EDITOR=nano), or pass the text with -m TEXT.",
            id="no-editor",
        ),
        pytest.param(
            {"COPKIT_INTERACTIVE": "1", "EDITOR": "copkit-no-such-editor --wait"},
            "error: cannot run your editor 'copkit-no-such-editor': No such file or directory",
            id="editor-not-found",
        ),
        pytest.param(
            {"COPKIT_INTERACTIVE": "1", "EDITOR": "false"},
            "error: your editor 'false' exited with status 1; nothing was saved",
            id="editor-fails",
        ),
        pytest.param(
            {"COPKIT_INTERACTIVE": "1", "EDITOR": "vim 'unclosed"},
            'error: $EDITOR cannot be read as a command (No closing quotation): "vim \'unclosed"',
            id="editor-unparsable",
        ),
        pytest.param(
            {"COPKIT_INTERACTIVE": "0", "EDITOR": "true"},
            "error: no text for the entry: pass it with -m TEXT",
            id="forced-non-interactive",
        ),
    ],
)
def test_editor_problems_are_clear_and_change_nothing(
    dec: Path, run: Run, env: dict[str, str], expected: str
) -> None:
    before = files(dec)
    r = run("journal", "add", "dec", "--as", "bob-lee", env=env)
    assert r.exit_code == 1
    assert r.stderr.startswith(expected), r.stderr
    assert files(dec) == before


# ---- journal list --------------------------------------------------------------------------


def test_list_json_sorted_by_member_then_day_with_spec_fields(dec: Path, run: Run) -> None:
    entry(dec, "dec", "bob-lee", 2, "skipped")
    entry(dec, "dec", "alice-martin", 3, "partial", minutes=5)
    entry(dec, "dec", "alice-martin", 1)
    r = run("journal", "list", "dec", "--json", "--no-cache")
    assert r.exit_code == 0, r.output
    rows = json.loads(r.stdout)
    assert [(x["member"], x["day"]) for x in rows] == [
        ("alice-martin", 1),
        ("alice-martin", 3),
        ("bob-lee", 2),
    ]
    assert list(rows[1]) == [
        "member", "day", "date", "status", "minutes", "mood", "tags", "highlight", "partner_checkin",
        "private",
    ]  # fmt: skip
    assert rows[1] == {
        "member": "alice-martin",
        "day": 3,
        "date": "2026-12-03",
        "status": "partial",
        "minutes": 5,
        "mood": None,
        "tags": [],
        "highlight": False,
        "partner_checkin": False,
        "private": False,
    }
    r = run("journal", "list", "dec", "--as", "bob-lee", "--json")
    assert [x["day"] for x in json.loads(r.stdout)] == [2]


def test_list_keeps_the_journal_of_a_member_who_left(dec: Path, run: Run) -> None:
    join(dec, "dec", "carol-diaz", left="2026-12-03")
    entry(dec, "dec", "carol-diaz", 1)
    rows = json.loads(run("journal", "list", "dec", "--json").stdout)
    assert [x["member"] for x in rows] == ["carol-diaz"]


def test_list_human_table_and_empty_message(dec: Path, run: Run) -> None:
    r = run("journal", "list", "dec")
    assert r.exit_code == 0
    assert r.stdout == "No entries in dec yet: nobody has journaled.\n"
    r = run("journal", "list", "dec", "--as", "bob-lee")
    assert r.stdout == "No entries in dec yet: Bob Lee has not journaled.\n"  # names for people
    entry(dec, "dec", "bob-lee", 2, "skipped")
    r = run("journal", "add", "dec", "--as", "bob-lee", "-m", "x", "--highlight", "--tag", "ci", "--mood", "5")  # fmt: skip
    r = run("journal", "list", "dec", "--as", "bob-lee")
    assert r.exit_code == 0
    lines = r.stdout.splitlines()
    assert lines[0].rstrip() == "dec: 2 entries by Bob Lee"
    assert "Member" not in r.stdout
    row = next(line for line in lines if "2026-12-07" in line).split()
    assert row == ["7", "2026-12-07", "done", "5/5", "highlight", "ci"]
    assert all(line == line.rstrip() for line in lines)


def test_list_wraps_tags_to_the_terminal(dec: Path, run: Run, width: Width) -> None:
    tags = [f"--tag={t}" for t in ("observability", "kubernetes", "tracing", "ci", "on-call")]
    assert run("journal", "add", "dec", "--as", "bob-lee", "-m", "x", *tags).exit_code == 0
    width(70)
    r = run("journal", "list", "dec")
    lines = r.stdout.splitlines()
    assert all(len(line) <= 70 for line in lines), r.stdout
    assert " ".join(r.stdout.split()).endswith(
        "Bob Lee 7 2026-12-07 done ci, kubernetes, observability, on-call, tracing"
    )
    assert len([line for line in lines if line.strip()]) > 5  # the tags took several lines


def test_list_reports_unreadable_files_on_stderr_and_lists_the_rest(dec: Path, run: Run) -> None:
    entry(dec, "dec", "bob-lee", 2)
    day_file(dec, "bob-lee", 3).write_text("---\nstatus: [\n---\n")
    r = run("journal", "list", "dec", "--json")
    assert r.exit_code == 0
    assert [x["day"] for x in json.loads(r.stdout)] == [2]
    assert (
        "warning: left out 1 file that cannot be read: journals/dec/bob-lee/day-03.md; "
        "run `copkit check`" in r.stderr
    )


# ---- journal show --------------------------------------------------------------------------


def test_show_renders_fields_and_markdown(dec: Path, run: Run) -> None:
    body = "## Pipeline\n\nThe **slowest** step is `deploy`.\n\n- one\n- two\n"
    r = run("journal", "add", "dec", "--as", "bob-lee", "--day", "4", "--mood", "3", "--tag", "ci", "--highlight", "-m", body)  # fmt: skip
    assert r.exit_code == 0
    r = run("journal", "show", "dec", "--as", "bob-lee", "--day", "4")
    assert r.exit_code == 0, r.output
    out = r.stdout
    assert out.startswith("Bob Lee, day 4 of dec: Activity 4\n")
    lines = [line.rstrip() for line in out.splitlines()]
    assert "date       2026-12-04" in lines
    assert "status     ● done" in lines
    assert "mood       3/5" in lines
    assert "tags       ci" in lines
    assert "file       journals/dec/bob-lee/day-04.md" in lines
    # rendered, not raw: no Markdown markers left
    assert "Pipeline" in out and "## Pipeline" not in out
    assert "The slowest step is deploy." in out
    assert "• one" in out


def test_show_json_has_list_fields_and_body(dec: Path, run: Run) -> None:
    entry(dec, "dec", "alice-martin", 2)
    r = run("journal", "show", "dec", "--day", "2", "--json", env={"COPKIT_MEMBER": "alice-martin"})  # fmt: skip
    assert json.loads(r.stdout) == {
        "member": "alice-martin",
        "day": 2,
        "date": "2026-12-02",
        "status": "done",
        "minutes": None,
        "mood": None,
        "tags": [],
        "highlight": False,
        "partner_checkin": False,
        "private": False,
        "body": "Day 2.\n",
    }


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        pytest.param(
            ["--day", "3"],
            "error: bob-lee has no entry for day 3 of dec (journals/dec/bob-lee/day-03.md does not "
            "exist)\nhint: Write it with: copkit journal add dec --as bob-lee --day 3",
            id="missing",
        ),
        pytest.param(
            ["--day", "12"], "error: day 12 is not a day of dec: its days are 1..10", id="bad-day"
        ),
        pytest.param(
            ["--date", "2026-11-01"],
            "error: 2026-11-01 is not a day of dec (2026-12-01 to 2026-12-10)",
            id="bad-date",
        ),
    ],
)
def test_show_refusals(dec: Path, run: Run, args: list[str], expected: str) -> None:
    r = run("journal", "show", "dec", "--as", "bob-lee", *args)
    assert r.exit_code == 1
    assert r.stderr.startswith(expected), r.stderr


def test_show_broken_entry_names_the_problem(dec: Path, run: Run) -> None:
    day_file(dec, "bob-lee", 3).parent.mkdir(parents=True, exist_ok=True)
    day_file(dec, "bob-lee", 3).write_text("---\ndate: 2026-12-03\nstatus: done\nmod: 3\n---\nx\n")
    r = run("journal", "show", "dec", "--as", "bob-lee", "--day", "3")
    assert r.exit_code == 1
    assert r.stderr.startswith("error: journals/dec/bob-lee/day-03.md:4:1: unknown key 'mod'; did you mean 'mood'?\n")  # fmt: skip


def test_every_journal_command_has_help(run: Run) -> None:
    for cmd in ("add", "list", "show"):
        r = run("journal", cmd, "--help")
        assert r.exit_code == 0
        assert f"journal {cmd} [OPTIONS]" in r.stdout
    assert "--checkin" in run("journal", "add", "--help").stdout


def test_a_skipped_day_needs_no_words(dec: Path, run: Run) -> None:
    r = run("journal", "add", "dec", "--as", "bob-lee", "--status", "skipped")
    assert r.exit_code == 0, r.output
    assert r.stderr.startswith("Wrote journals/dec/bob-lee/day-07.md (day 7, skipped)")
    assert day_file(dec, "bob-lee", 7).read_text().endswith("status: skipped\n---\n")
    r = run("journal", "add", "dec", "--as", "alice-martin")
    assert r.exit_code == 1  # a day done still needs its words
    assert "no text for the entry" in r.stderr
