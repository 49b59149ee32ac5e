"""Measure copkit against the physical floors of its work, side by side, in one run.

    python benchmarks/run.py                      # 100, 1,000 and 5,000 members x 30 days
    python benchmarks/run.py --sizes 100 --runs 3 # a quick look
    python benchmarks/run.py --readme             # also rewrite the table in benchmarks/README.md

Every operation and every floor runs as a fresh process, the same way (the project's
interpreter, warm OS page cache), on the same generated tree (benchmarks/generate.py,
kept in bench-trees/ between runs). Each figure is the median of --runs runs: wall time,
and the peak resident memory of the largest process. Operations whose command does not
exist yet on this branch are skipped.
"""

from __future__ import annotations

import argparse
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
PY = sys.executable
COPKIT = str(Path(PY).with_name("copkit"))
CHALLENGE = "bench-challenge"
START = date(2026, 10, 1)
TARGET_SIZE = 5000  # the size SPEC section 6 sets the data targets for
MARK_BEGIN = "<!-- figures:begin (benchmarks/run.py --readme) -->"
MARK_END = "<!-- figures:end -->"

FLOOR_SCRIPTS = {
    "typer-app": """
import typer

app = typer.Typer()


@app.command()
def hello() -> None:
    print("hello")


app()
""",
    "stat": """
import os, sys
n = 0
for ch in os.scandir(sys.argv[1]):
    for m in os.scandir(ch.path):
        for f in os.scandir(m.path):
            f.stat()
            n += 1
print(n)
""",
    "read": """
import os, sys
n = 0
for ch in os.scandir(sys.argv[1]):
    for m in os.scandir(ch.path):
        for f in os.scandir(m.path):
            with open(f.path, "rb") as fh:
                n += len(fh.read())
print(n)
""",
    "parse": """
import os, sys
try:
    import yaml
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    load = lambda text: yaml.load(text, Loader=loader)
except ImportError:
    from ruamel.yaml import YAML
    y = YAML(typ="safe", pure=False)
    load = y.load
n = 0
for ch in os.scandir(sys.argv[1]):
    for m in os.scandir(ch.path):
        for f in os.scandir(m.path):
            with open(f.path, encoding="utf-8") as fh:
                text = fh.read()
            end = text.find("\\n---\\n", 3)
            load(text[4:end + 1])
            n += 1
print(n)
""",
}


@dataclass
class Measure:
    name: str
    seconds: float
    rss_mb: float
    runs: int


@dataclass
class Row:
    size: int
    operation: str
    measure: Measure | None
    floor: str = ""
    target: float | None = None
    note: str = ""
    ratios: dict[str, float] = field(default_factory=dict)


def environment(**values: str) -> dict[str, str]:
    """The environment every measured process runs in: this one, with `values` set, without
    COPKIT_* settings, and with bytecode caching on. Some shells and sandboxes export
    PYTHONDONTWRITEBYTECODE=1; copkit then compiles every module from source on every run
    (about 90 ms at start-up), which an installed copy never does, while the floors, which
    are small scripts and pip-compiled libraries, pay nothing."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("COPKIT_")}
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    return env | values


def timed(argv: list[str], env: dict[str, str], cwd: Path) -> tuple[float, float, int]:
    """Wall seconds, peak RSS in MB (largest process of the tree) and exit status of one run."""
    start = time.perf_counter()
    proc = subprocess.Popen(
        argv, cwd=cwd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE
    )
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - start
    proc.returncode = os.waitstatus_to_exitcode(status)
    if proc.stderr:
        proc.stderr.read()
        proc.stderr.close()
    return wall, usage.ru_maxrss / 1024, proc.returncode


def measure(
    name: str,
    argv: list[str],
    env: dict[str, str],
    cwd: Path,
    runs: int,
    before: Callable[[], None] | None = None,
    ok: tuple[int, ...] = (0,),
) -> Measure:
    walls, rss = [], []
    for _ in range(runs):
        if before:
            before()
        wall, mb, code = timed(argv, env, cwd)
        if code not in ok:
            result = subprocess.run(argv, cwd=cwd, env=env, capture_output=True, text=True)
            raise SystemExit(f"{name}: exit {code}\n{result.stderr[-2000:]}")
        walls.append(wall)
        rss.append(mb)
    return Measure(name, statistics.median(walls), statistics.median(rss), runs)


def has_command(*words: str) -> bool:
    r = subprocess.run([COPKIT, *words, "--help"], capture_output=True, text=True)
    return r.returncode == 0


def tree(trees: Path, members: int, days: int, body: int = 300) -> Path:
    path = trees / (f"m{members}-d{days}" + (f"-b{body}" if body != 300 else ""))
    if not (path / "copkit.yaml").exists():
        if path.exists():
            shutil.rmtree(path)
        print(f"generating {path} ...", file=sys.stderr)
        args = ["--members", str(members), "--days", str(days), "--body", str(body)]
        subprocess.run([PY, str(HERE / "generate.py"), *args, str(path)], check=True)
        time.sleep(3.5)  # let every file age past the cache's racy window, as on a real disk
    return path


def count_entries(root: Path) -> int:
    return sum(
        1
        for m in os.scandir(root / "journals" / CHALLENGE)
        for f in os.scandir(m.path)
        if f.name.startswith("day-")
    )


def a_missing_day(root: Path, days: int) -> tuple[str, int]:
    """A participant and a day without an entry (journal add writes it, the runner removes it)."""
    width = max(2, len(str(days)))
    for m in sorted(os.scandir(root / "journals" / CHALLENGE), key=lambda e: e.name):
        names = set(os.listdir(m.path))
        for day in range(2, days):
            if f"day-{day:0{width}d}.md" not in names:
                return m.name, day
    m = sorted(os.listdir(root / "journals" / CHALLENGE))[0]
    return m, days


def bench_size(
    root: Path, members: int, days: int, runs: int, floors_dir: Path, slow_runs: int
) -> list[Row]:
    base_env = environment(
        NO_COLOR="1",
        COLUMNS="120",
        COPKIT_ROOT=str(root),
        COPKIT_TODAY=(START + timedelta(days=days + 1)).isoformat(),
    )
    during = {**base_env, "COPKIT_TODAY": (START + timedelta(days=days // 2)).isoformat()}
    journals = str(root / "journals")
    cache = root / ".copkit"
    rows: list[Row] = []

    def floor(name: str, *args: str, n: int = runs) -> Measure:
        return measure(name, [PY, str(floors_dir / f"{name}.py"), *args], base_env, root, n)

    f_pass = measure("python -c pass", [PY, "-c", "pass"], base_env, root, runs)
    f_typer = measure("import typer", [PY, "-c", "import typer"], base_env, root, runs)
    f_app = floor("typer-app")
    f_stat = floor("stat", journals)
    f_read = floor("read", journals)
    f_parse = floor("parse", journals, n=slow_runs)
    for f in (f_pass, f_typer, f_app, f_stat, f_read, f_parse):
        rows.append(Row(members, f"floor: {f.name}", f))

    def op(
        label: str,
        argv: list[str],
        floor_m: Measure,
        target: float | None,
        env: dict[str, str] | None = None,
        before: Callable[[], None] | None = None,
        exists: tuple[str, ...] = (),
        n: int = runs,
        extra: tuple[Measure, ...] = (),
    ) -> None:
        if exists and not has_command(*exists):
            rows.append(Row(members, label, None, note="skipped: command not on this branch"))
            return
        m = measure(label, [COPKIT, *argv], env or base_env, root, n, before)
        if floor_m not in (f_app, f_typer) and members < TARGET_SIZE:
            target = None  # the data targets are set for 5,000 members; smaller sizes show growth
        row = Row(members, label, m, floor_m.name, target)
        for f in (floor_m, *extra):
            row.ratios[f.name] = m.seconds / f.seconds
        rows.append(row)

    def drop_cache() -> None:
        shutil.rmtree(cache, ignore_errors=True)

    op("copkit --version", ["--version"], f_app, 1.2, extra=(f_typer,))
    op(
        "copkit challenge today",
        ["challenge", "today", CHALLENGE],
        f_app,
        1.5,
        env=during,
        exists=("challenge", "today"),
        extra=(f_typer,),
    )
    member, day = a_missing_day(root, days)
    width = max(2, len(str(days)))
    target_file = root / "journals" / CHALLENGE / member / f"day-{day:0{width}d}.md"

    def no_entry() -> None:
        target_file.unlink(missing_ok=True)

    on_the_day = {**base_env, "COPKIT_TODAY": (START + timedelta(days=day - 1)).isoformat()}
    op(
        "copkit journal add -m",
        ["journal", "add", CHALLENGE, "--as", member, "-m", "Benchmarked."],
        f_app,
        1.5,
        env=on_the_day,
        before=no_entry,
        exists=("journal", "add"),
        extra=(f_typer,),
    )
    no_entry()

    op(
        "challenge report --format json, cold",
        ["challenge", "report", CHALLENGE, "--format", "json"],
        f_read,
        3.0,
        before=drop_cache,
        exists=("challenge", "report"),
        n=slow_runs,
        extra=(f_parse,),
    )
    if has_command("challenge", "report"):
        subprocess.run(
            [COPKIT, "challenge", "report", CHALLENGE, "--format", "json"],
            env=base_env,
            cwd=root,
            capture_output=True,
            check=True,
        )
    op(
        "challenge report --format json, warm",
        ["challenge", "report", CHALLENGE, "--format", "json"],
        f_stat,
        2.0,
        exists=("challenge", "report"),
    )
    changed = sorted((root / "journals" / CHALLENGE).glob("*/day-03.md"))[0]
    original = changed.read_bytes()

    def change_one() -> None:
        text = changed.read_bytes()
        # flips one character of the body, a real edit with a new mtime
        changed.write_bytes(text[:-2] + (b"!" if text[-2:-1] != b"!" else b".") + text[-1:])

    op(
        "challenge report --format json, one file changed",
        ["challenge", "report", CHALLENGE, "--format", "json"],
        f_stat,
        2.0,
        before=change_one,
        exists=("challenge", "report"),
    )
    changed.write_bytes(original)

    day_files = sorted((root / "journals" / CHALLENGE).glob("*/day-03.md"))
    originals = [p.read_bytes() for p in day_files]
    edits = iter(range(1, 10_000))

    def change_every_folder() -> None:
        """One entry edited in every member folder, as on a day when every member wrote; its
        mtime set a minute back, as when the report runs a while after the pushes."""
        back = time.time() - 60 - next(edits)
        for p in day_files:
            text = p.read_bytes()
            p.write_bytes(text[:-2] + (b"!" if text[-2:-1] != b"!" else b".") + text[-1:])
            os.utime(p, (back, back))

    op(
        "challenge report --format json, one entry changed in every folder",
        ["challenge", "report", CHALLENGE, "--format", "json"],
        f_stat,
        None,
        before=change_every_folder,
        exists=("challenge", "report"),
    )
    for p, text in zip(day_files, originals, strict=True):
        p.write_bytes(text)
    # the rows below measure repeats with nothing changed: let the file just written back age
    # past the cache's racy window first, as after generating the tree (within it, nothing
    # made from that file may be kept, and every run computes in full)
    time.sleep(3.5)
    op(
        "challenge progress --json",
        ["challenge", "progress", CHALLENGE, "--json"],
        f_stat,
        2.0,
        exists=("challenge", "progress"),
    )
    op("copkit report", ["report"], f_stat, 2.0, exists=("report",))
    op(
        "copkit check, cold",
        ["check"],
        f_read,
        None,
        before=drop_cache,
        n=slow_runs,
        extra=(f_parse,),
    )
    subprocess.run([COPKIT, "check"], env=base_env, cwd=root, capture_output=True, check=True)
    op("copkit check, warm", ["check"], f_stat, None)
    return rows


def bodies_check(root: Path, big: Path, members: int, runs: int) -> list[Row]:
    """Peak memory of the report with ~300-byte and ~3,000-byte bodies: it must not grow."""
    rows = []
    for label, where in (("~300-byte bodies", root), ("~3,000-byte bodies", big)):
        env = environment(
            NO_COLOR="1",
            COPKIT_ROOT=str(where),
            COPKIT_TODAY=(START + timedelta(days=40)).isoformat(),
        )
        argv = [COPKIT, "challenge", "report", CHALLENGE, "--format", "json"]

        def drop(where: Path = where) -> None:
            shutil.rmtree(where / ".copkit", ignore_errors=True)

        cold = measure("cold", argv, env, where, runs, before=drop)
        rows.append(Row(members, f"challenge report, cold, {label}", cold))
        warm = measure("warm", argv, env, where, runs)
        rows.append(Row(members, f"challenge report, warm, {label}", warm))
    return rows


def table(rows: list[Row], entries: dict[int, int]) -> str:
    lines = [
        "| members | entries | operation | median s | peak MB | floor | x floor | target | met |",
        "|---:|---:|---|---:|---:|---|---:|---:|:---:|",
    ]
    for r in rows:
        if r.measure is None:
            lines.append(
                f"| {r.size:,} | {entries[r.size]:,} | {r.operation} | | | | | | {r.note} |"
            )
            continue
        m = r.measure
        if not r.floor:
            lines.append(
                f"| {r.size:,} | {entries[r.size]:,} | {r.operation} | {m.seconds:.3f} "
                f"| {m.rss_mb:.0f} | | | | |"
            )
            continue
        ratio = r.ratios[r.floor]
        others = ", ".join(f"{v:.2f}x {k}" for k, v in r.ratios.items() if k != r.floor)
        met = "" if r.target is None else ("yes" if ratio <= r.target else "**no**")
        target = "" if r.target is None else f"<= {r.target:g}x"
        lines.append(
            f"| {r.size:,} | {entries[r.size]:,} | {r.operation} | {m.seconds:.3f} "
            f"| {m.rss_mb:.0f} | {r.floor} | {ratio:.2f}x{f' ({others})' if others else ''} "
            f"| {target} | {met} |"
        )
    return "\n".join(lines)


def machine() -> str:
    cpu = platform.processor() or platform.machine()
    try:
        with open("/proc/cpuinfo") as f:
            for line in f:
                if line.startswith("model name"):
                    cpu = line.split(":", 1)[1].strip()
                    break
    except OSError:
        pass
    return (
        f"{cpu}, {os.cpu_count()} cores, Python {platform.python_version()}, "
        f"{platform.system()} {platform.release()}"
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="100,1000,5000", help="member counts (comma-separated)")
    parser.add_argument("--days", type=int, default=30)
    parser.add_argument("--runs", type=int, default=5, help="runs per figure (median)")
    parser.add_argument(
        "--slow-runs", type=int, default=3, help="runs for the cold and parse figures"
    )
    parser.add_argument("--trees", type=Path, default=REPO / "bench-trees")
    parser.add_argument("--readme", action="store_true", help="write the table into README.md")
    parser.add_argument(
        "--bodies",
        type=int,
        default=1000,
        metavar="MEMBERS",
        help="also compare peak memory with 10x longer bodies at this size (0: skip)",
    )
    args = parser.parse_args(argv)
    sizes = [int(s) for s in args.sizes.split(",")]
    rows: list[Row] = []
    entries: dict[int, int] = {}
    with tempfile.TemporaryDirectory() as tmp:
        floors_dir = Path(tmp)
        for name, code in FLOOR_SCRIPTS.items():
            (floors_dir / f"{name}.py").write_text(code.lstrip())
        for size in sizes:
            root = tree(args.trees, size, args.days)
            entries[size] = count_entries(root)
            print(f"measuring {size} members ({entries[size]:,} entries) ...", file=sys.stderr)
            rows += bench_size(root, size, args.days, args.runs, floors_dir, args.slow_runs)
        if args.bodies:
            size = args.bodies
            root = tree(args.trees, size, args.days)
            big = tree(args.trees, size, args.days, body=3000)
            entries.setdefault(size, count_entries(root))
            print(f"memory with long bodies, {size} members ...", file=sys.stderr)
            rows += bodies_check(root, big, size, args.slow_runs)
    when = date.today().isoformat()
    text = (
        f"Measured {when} on {machine()}; median of {args.runs} runs "
        f"({args.slow_runs} for cold runs and the YAML parse floor).\n\n{table(rows, entries)}\n"
    )
    print(text)
    if args.readme:
        readme = HERE / "README.md"
        current = readme.read_text(encoding="utf-8")
        head, _, rest = current.partition(MARK_BEGIN)
        _, _, tail = rest.partition(MARK_END)
        readme.write_text(f"{head}{MARK_BEGIN}\n{text}{MARK_END}{tail}", encoding="utf-8")
        print(f"wrote the table into {readme}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
