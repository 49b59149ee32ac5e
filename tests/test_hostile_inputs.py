"""Hostile files: every broken shape of every file kind, through every command that reads.

Each run must name the broken file, exit 0 or 1 (never 3, never a traceback), finish within a
deadline, execute nothing, and still report on the healthy files around it (SPEC section 5).
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import pytest
import typer

from copkit.cli.app import app
from copkit.model import Member
from copkit.storage import yamlio
from copkit.storage.documents import load_yaml
from copkit.storage.limits import MAX_FILE_BYTES
from tests.conftest import Run

DEADLINE = 10.0  # seconds for one command on one hostile tree; a healthy run takes ~0.1 s
TODAY = "2026-11-28"

# ---- a healthy community, written in canonical form ------------------------------------------

CHALLENGE = """\
title: December drill
domain: DevOps
start: 2026-11-25
days:
  - {day: 1, kind: learn, title: Map the pipeline, prompt: Draw every step., minutes: 20}
  - {day: 2, kind: practice, title: Cache a build, prompt: Add a cache., minutes: 30}
  - {day: 3, kind: balance, title: Walk, prompt: Take a walk at lunch., minutes: 15}
  - {day: 4, kind: reflect, title: Look back, prompt: What changed?, minutes: 10}
  - {day: 5, kind: practice, title: Automate, prompt: Script one manual step., minutes: 30}
pairs:
  - [alice-martin, bob-lee, carol-diaz]
"""
CHARTER = """\
title: Onboarding playbook
kind: practice-development
status: draft
issue: Slow onboarding.
goal: A playbook.
team:
  - {member: alice-martin, role: lead, hours_per_week: 2}
timeline:
  start: 2026-12-01
reporting:
  every_days: 14
"""
CHARTERED = """\
title: Mentoring circle
status: chartered
issue: Newcomers feel lost.
goal: Every newcomer has a mentor.
team:
  - {member: bob-lee, role: lead, hours_per_week: 1}
timeline:
  start: 2026-11-01
reporting:
  every_days: 30
history:
  - {date: 2026-10-20, status: proposed, by: bob-lee}
  - {date: 2026-10-25, status: chartered, by: bob-lee}
"""
MEMBERS = ("alice-martin", "bob-lee", "carol-diaz")


def plan(joined: str = "2026-11-20") -> str:
    return f"---\njoined: {joined}\nlevel: starter\n---\nWhy I am in.\n"


def entry(day: int, status: str = "done") -> str:
    return (
        f"---\ndate: 2026-11-{24 + day}\nstatus: {status}\nminutes: 20\n---\nDay {day} went well.\n"
    )


def build_community(root: Path) -> None:
    """The `ws` workspace plus a charter, a running 5-day challenge, plans and entries."""
    (root / "charters" / "playbook.yaml").write_text(CHARTER)
    (root / "charters" / "mentoring.yaml").write_text(CHARTERED)
    (root / "challenges" / "dec.yaml").write_text(CHALLENGE)
    for m in MEMBERS:
        d = root / "journals" / "dec" / m
        d.mkdir(parents=True)
        (d / "plan.md").write_text(plan())
        for day in (1, 2, 3):
            (d / f"day-0{day}.md").write_text(entry(day))


# ---- the hostile table -------------------------------------------------------------------------


@dataclass(frozen=True)
class Kind:
    name: str
    rel: str
    valid: str  # YAML text (the front matter for Markdown kinds)
    body: str | None  # Markdown body; None for YAML kinds
    wrong_type: str

    def wrap(self, front: str) -> str:
        return front if self.body is None else f"---\n{front}---\n{self.body}"


KINDS = [
    Kind(
        "config", "copkit.yaml", "name: Test CoP\ntimezone: Europe/Paris\n", None, "name: [1, 2]\n"
    ),
    Kind(
        "member",
        "members/bob-lee.yaml",
        "name: Bob Lee\nemail: bob@example.org\n",
        None,
        "name: Bob Lee\ninterests: 5\n",
    ),
    Kind("charter", "charters/playbook.yaml", CHARTER, None, "title: P\nteam: yes\n"),
    Kind(
        "challenge",
        "challenges/dec.yaml",
        CHALLENGE,
        None,
        "title: D\nstart: 2026-11-25\ndays: 5\n",
    ),
    Kind(
        "plan",
        "journals/dec/bob-lee/plan.md",
        "joined: 2026-11-20\nlevel: starter\n",
        "Why I am in.\n",
        "goal: [a, b]\n",
    ),
    Kind(
        "entry",
        "journals/dec/bob-lee/day-02.md",
        "date: 2026-11-26\nstatus: done\nminutes: 20\n",
        "Day 2 went well.\n",
        "date: 2026-11-26\nstatus: 7\n",
    ),
]

BOMB = 'l0: &l0 ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]\n' + "".join(
    f"l{i}: &l{i} [{', '.join([f'*l{i - 1}'] * 9)}]\n" for i in range(1, 9)
)  # 9**9 strings once expanded
MARKER = "PWNED"  # a tag payload that ran would create this file


def _first_key(k: Kind) -> str:
    return k.valid.split(":", 1)[0]


def _replace_first_value(k: Kind, value: str) -> str:
    rest = k.valid.split("\n", 1)[1]
    return f"{_first_key(k)}: {value}\n{rest}"


@dataclass(frozen=True)
class Case:
    """One hostile shape: how to put it at a kind's path, and what `check` says of it."""

    name: str
    place: Callable[[Kind, Path, Path], None]  # (kind, file path, a folder outside the root)
    expect: Callable[[Kind], str | None]  # fragment of check's message; None: the file is fine


def _bytes(make: Callable[[Kind], bytes]) -> Callable[[Kind, Path, Path], None]:
    def place(k: Kind, p: Path, outside: Path) -> None:
        p.write_bytes(make(k))

    return place


def _big(k: Kind, p: Path, outside: Path) -> None:
    os.link(big_file(), p)


def _symlink(k: Kind, p: Path, outside: Path) -> None:
    target = outside / p.name
    target.write_text(k.wrap(k.valid))
    p.symlink_to(target)


def _folder(k: Kind, p: Path, outside: Path) -> None:
    p.mkdir()
    (p / "inside.txt").write_text("x")


def _fifo(k: Kind, p: Path, outside: Path) -> None:
    os.mkfifo(p)


def _md(k: Kind, yaml_kind: str, md_kind: str) -> str:
    return md_kind if k.body is not None else yaml_kind


CASES = [
    Case("empty", _bytes(lambda k: b""), lambda k: "file is empty"),
    Case(
        "non-utf8",
        _bytes(lambda k: k.wrap(k.valid).encode().replace(b"\n", b" caf\xe9\n", 1)),
        lambda k: "not valid UTF-8 (byte 0xe9)",
    ),
    Case(
        "bom",
        _bytes(lambda k: b"\xef\xbb\xbf" + k.wrap(k.valid).encode()),
        lambda k: "warning: starts with a byte-order mark",
    ),
    Case(
        "only-front-matter",
        _bytes(lambda k: f"---\n{k.valid}---\n".encode()),
        lambda k: _md(k, "a second YAML document", "") or None,
    ),
    Case(
        "unclosed-front-matter",
        _bytes(lambda k: f"---\n{k.valid}{k.body or ''}".encode()),
        lambda k: _md(k, "", "front matter is not closed") or None,
    ),
    Case(
        "conflict-markers",
        _bytes(
            lambda k: k.wrap(
                k.valid.replace("\n", "\n<<<<<<< HEAD\nx: 1\n=======\nx: 2\n>>>>>>> theirs\n", 1)
            ).encode()
        ),
        lambda k: f"{k.rel}:{2 if k.body is None else 3}:1: error: git conflict marker '<<<<<<<'",
    ),
    Case(
        "duplicate-key",
        _bytes(lambda k: k.wrap(k.valid + k.valid.split("\n", 1)[0] + "\n").encode()),
        lambda k: "appears twice (first on line",
    ),
    Case("wrong-type", _bytes(lambda k: k.wrap(k.wrong_type).encode()), lambda k: "expected"),
    Case(
        "unknown-key",
        _bytes(lambda k: k.wrap(k.valid + "colour: red\n").encode()),
        lambda k: "unknown key 'colour'",
    ),
    Case(
        "python-tag",
        _bytes(
            lambda k: k.wrap(
                _replace_first_value(k, f"!!python/object/apply:os.system ['touch {MARKER}']")
            ).encode()
        ),
        lambda k: "YAML tag !!python/object/apply:os.system is not allowed",
    ),
    Case(
        "alias-bomb",
        _bytes(lambda k: k.wrap(k.valid + BOMB).encode()),
        lambda k: "refused: more than 100000 values",
    ),
    Case("50-mb", _big, lambda k: "over copkit's limit of 2,097,152"),
    Case(
        "symlink-outside",
        _symlink,
        lambda k: _md(
            k, "outside the workspace", "is a symbolic link; journals must be plain files"
        ),
    ),
    Case("folder", _folder, lambda k: "a folder stands where a file belongs"),
    Case(
        "deep-nesting",
        _bytes(lambda k: k.wrap(_replace_first_value(k, "[" * 10_000 + "]" * 10_000)).encode()),
        lambda k: "refused: nested deeper than 64 levels",
    ),
    Case("fifo", _fifo, lambda k: "not a regular file"),
]

_BIG: list[Path] = []
_BIG_DIR: list[Path] = []


@pytest.fixture(scope="session", autouse=True)
def _big_dir(tmp_path_factory: pytest.TempPathFactory) -> None:
    """Where the 50 MB file lives: pytest's own temporary folders, which it prunes."""
    _BIG_DIR.append(tmp_path_factory.mktemp("big"))


def big_file() -> Path:
    """One real 50 MB file per session, hard-linked wherever a test needs it."""
    if not _BIG:
        p = _BIG_DIR[0] / "big"
        with p.open("w") as f:
            f.write("name: Big\n")
            block = ("# " + "x" * 98 + "\n") * 10_000  # 1 MB of YAML comments
            for _ in range(50):
                f.write(block)
        _BIG.append(p)
    return _BIG[0]


# ---- the commands that read ----------------------------------------------------------------

READERS: dict[str, tuple[str, ...]] = {
    "check": ("check",),
    "check-json": ("check", "--json"),
    "challenge-progress": ("challenge", "progress", "dec"),
    "challenge-report": ("challenge", "report", "dec", "--format", "json"),
    "journal-list": ("journal", "list", "dec"),
    "report": ("report",),
}
# The kinds each command reads and so must name when broken (check reads everything).
READS = {
    "challenge-progress": {"challenge", "plan", "entry"},
    "challenge-report": {"challenge", "plan", "entry"},
    "journal-list": {"challenge", "entry"},
    "report": {"config", "charter", "challenge", "plan", "entry"},
}


def registered(args: tuple[str, ...]) -> bool:
    """True when the command exists on this branch (others land on main over time)."""
    cmd = typer.main.get_command(app)
    ctx = cmd.make_context("copkit", [], resilient_parsing=True)
    for name in args:
        get = getattr(cmd, "get_command", None)
        if get is None:
            return True
        sub = get(ctx, name)
        if sub is None:
            return False
        cmd = sub
    return True


class Hung(BaseException):
    """Raised by the deadline alarm; a BaseException so no handler in copkit swallows it."""


@contextmanager
def deadline(seconds: float) -> Iterator[None]:
    def ring(signum: int, frame: object) -> None:
        raise Hung(f"no answer within {seconds} s")

    old = signal.signal(signal.SIGALRM, ring)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, old)


def run_within(run: Run, *args: str) -> tuple[int, str, str, float]:
    start = time.monotonic()
    with deadline(DEADLINE):
        r = run(*args)
    return r.exit_code, r.stdout, r.stderr, time.monotonic() - start


@pytest.fixture
def community(ws: Path, tmp_path: Path) -> Path:
    build_community(ws)
    return ws


TRIED = {"inputs": 0, "runs": 0}


@pytest.mark.slow  # 576 command runs, about 45 s
@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
@pytest.mark.parametrize("kind", KINDS, ids=[k.name for k in KINDS])
def test_hostile_file_is_named_and_the_rest_still_checked(
    community: Path, run: Run, tmp_path: Path, kind: Kind, case: Case
) -> None:
    outside = tmp_path / "outside"
    outside.mkdir()
    target = community / kind.rel
    target.unlink()
    case.place(kind, target, outside)
    # a second broken file that every command run must still reach
    (community / "members" / "zz-sentinel.yaml").write_text("name: [unclosed\n")
    TRIED["inputs"] += 1
    expected = case.expect(kind)
    no_root = kind.name == "config" and case.name in ("folder", "fifo")

    for label, args in READERS.items():
        if not registered(args):
            continue
        TRIED["runs"] += 1
        code, out, err, took = run_within(run, *args)
        both = out + err
        where = f"{label} on {kind.name}/{case.name}"
        assert code in (0, 1), f"{where}: exit {code}\n{both}"
        assert "Traceback" not in both and "internal error" not in both, f"{where}: {both}"
        assert took < DEADLINE, where
        assert not (community / MARKER).exists() and not Path(MARKER).exists(), where
        if no_root:  # copkit.yaml is what marks the root: without a file there is no workspace
            assert code == 1 and "no copkit workspace here" in err, f"{where}: {both}"
            continue
        if label == "check":
            if expected is None:
                assert f"{kind.rel}:" not in out, f"{where}: a fine file was reported: {out}"
            else:
                lines = [ln for ln in out.splitlines() if kind.rel in ln]
                assert any(expected in ln for ln in lines), f"{where}: {expected!r}\n{out}"
            assert "members/zz-sentinel.yaml" in out, f"{where}: the sentinel was hidden"
            assert code == 1
        elif label == "check-json":
            paths = {p["path"] for p in json.loads(out)}
            assert "members/zz-sentinel.yaml" in paths, where
            assert (kind.rel in paths) == (expected is not None), f"{where}: {paths}"
        elif kind.name in READS.get(label, set()) and expected and "warning" not in expected:
            assert kind.rel in both, f"{where}: the broken file is not named\n{both}"


@pytest.mark.parametrize(
    ("label", "rel"),
    [
        ("report", "charters/playbook.yaml"),
        ("report", "challenges/dec.yaml"),
        ("challenge-report", "journals/dec/bob-lee/day-02.md"),
        ("challenge-progress", "journals/dec/bob-lee/day-02.md"),
        ("challenge-progress", "journals/dec/bob-lee/plan.md"),
        ("journal-list", "journals/dec/bob-lee/day-02.md"),
    ],
)
def test_reports_name_the_files_they_skip(community: Path, run: Run, label: str, rel: str) -> None:
    if not registered(READERS[label]):
        pytest.skip("this command has not landed on this branch yet")
    (community / rel).write_text("")
    code, out, err, _ = run_within(run, *READERS[label])
    assert code in (0, 1)
    assert rel in out + err


def test_symlinked_entries_are_mentioned(community: Path, run: Run, tmp_path: Path) -> None:
    if not registered(READERS["challenge-report"]):
        pytest.skip("this command has not landed on this branch yet")
    target = tmp_path / "elsewhere.md"
    target.write_text(entry(2))
    (community / KINDS[-1].rel).unlink()
    (community / KINDS[-1].rel).symlink_to(target)
    code, out, err, _ = run_within(run, *READERS["challenge-report"])
    assert code in (0, 1)
    assert KINDS[-1].rel in out + err or "copkit check" in err


def test_the_table_covers_every_kind_and_shape() -> None:
    assert {k.name for k in KINDS} == {"config", "member", "charter", "challenge", "plan", "entry"}
    assert len(CASES) >= 16
    assert len(KINDS) * len(CASES) >= 96


# ---- nothing executed -------------------------------------------------------------------------

TAGS = [
    "!!python/object/apply:os.system ['touch {m}']",
    "!!python/object/apply:subprocess.check_output [['touch', '{m}']]",
    "!!python/object/new:subprocess.Popen [['touch', '{m}']]",
    "!!python/name:os.system",
    "!!python/object/apply:builtins.exec [\"open('{m}', 'w')\"]",
    "!!python/object:os.system {{}}",
    "!secret x",
    "!Ref '{m}'",
]


@pytest.mark.parametrize("tag", TAGS)
@pytest.mark.parametrize("where", ["value", "document", "list-item", "key-in-map"])
def test_yaml_tags_are_refused_by_position_and_never_run(
    tmp_path: Path, tag: str, where: str
) -> None:
    marker = tmp_path / "ran"
    t = tag.format(m=marker)
    text = {
        "value": f"name: Bob\nemail: {t}\n",
        "document": f"{t}\n",
        "list-item": f"name: Bob\ninterests:\n  - ok\n  - {t}\n",
        "key-in-map": f"name: Bob\nextra:\n  inner: {t}\n",
    }[where]
    p = tmp_path / "x.yaml"
    p.write_text(text)
    loaded = load_yaml(p, "members/x.yaml", Member)
    assert not marker.exists()
    assert loaded.value is None
    [problem] = loaded.problems
    shown = t.split(" ", 1)[0]
    assert f"YAML tag {shown} is not allowed" in problem.message
    expected_line = {"value": 2, "document": 1, "list-item": 4, "key-in-map": 3}[where]
    assert problem.line == expected_line, problem


def test_plain_core_tags_are_still_read() -> None:
    parsed = yamlio.parse("x", "name: !!str 5\ninterests: !!seq [a]\n")
    assert yamlio.to_plain(parsed.data) == {"name": "5", "interests": ["a"]}


# ---- bounded time and memory, measured on a real process -------------------------------------


@pytest.mark.slow
def test_every_hostile_shape_at_once_stays_within_time_and_memory(community: Path) -> None:
    """All of the table's big and deep inputs in one tree; copkit check in a real process."""
    outside = community.parent / "outside"
    outside.mkdir()
    members = community / "members"
    os.link(big_file(), members / "big.yaml")
    (members / "bomb.yaml").write_text("name: x\n" + BOMB)
    (members / "deep-flow.yaml").write_text("name: " + "[" * 100_000 + "\n")
    (members / "deep-map.yaml").write_text("name: " + "{a: " * 10_000 + "}" * 10_000 + "\n")
    (members / "deep-block.yaml").write_text("".join(" " * i + "a:\n" for i in range(1500)))
    (members / "self-alias.yaml").write_text("name: &a [" + ", ".join(["*a"] * 9) + "]\n")
    (members / "wide.yaml").write_text(
        "name: x\ninterests: [" + ", ".join("a" * 10 for _ in range(150_000)) + "]\n"
    )
    rss = community.parent / "rss"
    measure = (
        "import atexit, os, resource, sys\n"
        "peak = lambda: resource.getrusage(resource.RUSAGE_SELF).ru_maxrss\n"
        "atexit.register(lambda: open(os.environ['RSS_OUT'], 'w').write(str(peak())))\n"
        "from copkit.cli.app import main\n"
        "sys.argv = ['copkit', 'check']\n"
        "main()\n"
    )
    start = time.monotonic()
    proc = subprocess.run(
        [sys.executable, "-c", measure],
        cwd=community,
        capture_output=True,
        env={**os.environ, "COPKIT_TODAY": TODAY, "RSS_OUT": str(rss)},
        timeout=60,
        check=False,
    )
    took = time.monotonic() - start
    text = proc.stdout.decode()
    assert proc.returncode == 1, proc.stderr.decode()
    peak_kib = int(rss.read_text())
    for name, fragment in [
        ("big", "over copkit's limit"),
        ("bomb", "more than 100000 values"),
        ("deep-flow", "error: refused: "),  # 100,000 `[` pass the piece cap (brackets count) first
        ("deep-map", "nested deeper than 64 levels"),
        ("deep-block", "nested deeper than 64 levels"),
        ("self-alias", "name: expected text, got a list"),
    ]:
        assert any(f"members/{name}.yaml" in ln and fragment in ln for ln in text.splitlines()), (
            name,
            text,
        )
    assert (
        "members/wide.yaml:1:1: error: refused: 150,002 lines, list items and brackets, over copkit's limit of 40,000"
        in text
    )
    print(f"all hostile shapes at once: {took:.2f} s, peak RSS {peak_kib / 1024:.0f} MiB")
    assert took < 20, f"took {took:.1f} s"
    assert peak_kib < 300 * 1024, f"peak memory {peak_kib} KiB"


def test_size_cap_reads_at_most_the_limit(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A file that grows after stat() is still read only up to the cap."""
    from copkit.storage import documents

    p = tmp_path / "x.yaml"
    p.write_text("name: x\n")
    real_stat = Path.stat

    def small_stat(self: Path, **kw: object) -> os.stat_result:
        st = real_stat(self)
        return os.stat_result((st.st_mode, *st[1:6], 10, *st[7:]))

    p.write_text("name: x\n" + "#" * (MAX_FILE_BYTES + 10) + "\n")
    monkeypatch.setattr(Path, "stat", small_stat)
    text, problems = documents.read_text(p, "x.yaml")
    assert text is None
    assert problems[0].message.startswith("file is over copkit's limit")


def test_report_figures() -> None:
    """Keeps the counts visible in -rA output: how many hostile inputs and runs were tried."""
    print(f"hostile inputs: {TRIED['inputs']}, command runs: {TRIED['runs']}")


@pytest.mark.slow
def test_a_year_long_challenge_is_well_under_the_caps() -> None:
    """The caps refuse hostile files, never real ones: 365 days of the longest template."""
    from importlib.resources import files

    template = yamlio.parse("t", files("copkit").joinpath("templates/devops.yaml").read_text())
    days = list(template.data["days"])
    year = [{**dict(days[i % len(days)]), "day": i + 1} for i in range(365)]
    text = yamlio.dump({"title": "A year", "start": "2027-01-01", "days": year})
    start = time.monotonic()
    parsed = yamlio.parse("challenges/year.yaml", text)
    assert parsed.problems == []
    assert len(yamlio.to_plain(parsed.data)["days"]) == 365
    assert len(text.encode()) < MAX_FILE_BYTES // 4
    assert yamlio.count_pieces(text) < yamlio.MAX_PIECES // 2
    assert time.monotonic() - start < 5


EVERY_READER = [
    ("check",),
    ("member", "list"),
    ("member", "list", "--json"),
    ("charter", "list"),
    ("charter", "list", "--json"),
    ("charter", "show", "playbook"),
    ("charter", "summary", "playbook"),
    ("challenge", "list"),
    ("challenge", "list", "--json"),
    ("challenge", "show", "dec"),
    ("challenge", "today", "dec"),
    ("challenge", "today", "dec", "--markdown"),
    ("challenge", "progress", "dec"),
    ("challenge", "progress", "dec", "--json"),
    ("challenge", "nudge", "dec"),
    ("challenge", "report", "dec"),
    ("challenge", "report", "dec", "--format", "markdown"),
    ("challenge", "report", "dec", "--format", "json"),
    ("challenge", "report", "dec", "--format", "html"),
    ("journal", "list", "dec"),
    ("journal", "show", "dec", "--as", "alice-martin", "--day", "1"),
    ("report",),
    ("report", "--format", "markdown"),
    ("report", "--format", "json"),
]


@pytest.mark.slow
def test_every_reading_command_survives_a_tree_of_every_hostile_shape(
    community: Path, run: Run, tmp_path: Path
) -> None:
    """One file of each shape per kind, side by side: members, charters, challenges, plans, entries."""
    outside = tmp_path / "outside"
    outside.mkdir()
    by_name = {k.name: k for k in KINDS}
    for i, case in enumerate(CASES):
        for kind, rel in [
            ("member", f"members/h{i}.yaml"),
            ("charter", f"charters/h{i}.yaml"),
            ("challenge", f"challenges/h{i}.yaml"),
            ("plan", f"journals/dec/h{i}/plan.md"),
            (
                "entry",
                f"journals/dec/carol-diaz/day-0{i % 3 + 4}.md"
                if i < 2
                else f"journals/dec/h{i}/day-01.md",
            ),
        ]:
            p = community / rel
            p.parent.mkdir(parents=True, exist_ok=True)
            if kind == "entry" and not (p.parent / "plan.md").exists():
                (p.parent / "plan.md").write_text(plan())
            if p.exists() or p.is_symlink():
                continue
            case.place(by_name[kind], p, outside)
    ran = 0
    for args in EVERY_READER:
        if not registered(args):
            continue
        ran += 1
        TRIED["runs"] += 1
        code, out, err, _ = run_within(run, *args)
        both = out + err
        assert code in (0, 1), f"{args}: exit {code}\n{both}"
        assert "Traceback" not in both and "internal error" not in both, f"{args}: {both}"
        assert not (community / MARKER).exists()
    assert ran >= 10
