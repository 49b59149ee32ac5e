"""Measure `copkit federation report` over many communities against the stat floor of their
journals, in one run.

    python benchmarks/federation.py                        # 50 communities x 200 members x 30 days
    python benchmarks/federation.py --communities 5 --runs 3   # a quick look

The communities are generated (benchmarks/generate.py, one seed each) straight into a
programme's `.copkit/federation/<id>/`, where `federation sync` would have cloned them: the
report reads clones, not git, so the benchmark needs none. The tree is kept in bench-trees/
between runs. The floor is one `os.scandir` walk of every community's journals/ with a stat of
every file; the warm report is the median of --runs runs after one cold run has filled each
community's cache. Target (issue 16): warm report within 2x the floor.
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))

from benchmarks.generate import generate  # noqa: E402
from benchmarks.run import COPKIT, PY, environment, machine, measure  # noqa: E402

TARGET = 2.0
STAT_ALL = """
import os, sys
n = 0
for community in os.scandir(sys.argv[1]):
    for ch in os.scandir(os.path.join(community.path, "journals")):
        for m in os.scandir(ch.path):
            for f in os.scandir(m.path):
                f.stat()
                n += 1
print(n)
"""


def programme(trees: Path, communities: int, members: int, days: int) -> Path:
    root = trees / f"federation-{communities}x{members}x{days}"
    clones = root / ".copkit" / "federation"
    if (root / "copkit.yaml").exists() and len(list(clones.iterdir())) == communities:
        return root
    shutil.rmtree(root, ignore_errors=True)
    clones.mkdir(parents=True)
    ids = [f"cop-{i + 1:03d}" for i in range(communities)]
    lines = ["name: Benchmark programme", "timezone: UTC", "federation:", "  communities:"]
    for i, cid in enumerate(ids):
        print(f"generating {cid} ({i + 1}/{communities}) ...", file=sys.stderr)
        generate(clones / cid, members=members, days=days, seed=1000 + i)
        lines.append(f"    - {{id: {cid}, git: https://git.example.org/{cid}.git}}")
    (root / "copkit.yaml").write_text("\n".join(lines) + "\n", encoding="utf-8")
    time.sleep(3.5)  # let every file age past the caches' racy window, as on a real disk
    return root


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--communities", type=int, default=50)
    parser.add_argument("--members", type=int, default=200)
    parser.add_argument("--days", type=int, default=30)
    parser.add_argument("--runs", type=int, default=3, help="runs per figure (median)")
    parser.add_argument("--trees", type=Path, default=HERE.parent / "bench-trees")
    args = parser.parse_args(argv)
    root = programme(args.trees, args.communities, args.members, args.days)
    clones = root / ".copkit" / "federation"
    env = environment(NO_COLOR="1", COLUMNS="120", COPKIT_ROOT=str(root), COPKIT_TODAY="2026-11-05")
    env.pop("COPKIT_MEMBER", None)
    report = [COPKIT, "federation", "report", "--format", "json"]
    for c in clones.iterdir():  # cold: no caches
        shutil.rmtree(c / ".copkit", ignore_errors=True)
    with tempfile.TemporaryDirectory() as tmp:
        floor_py = Path(tmp) / "stat_all.py"
        floor_py.write_text(STAT_ALL.lstrip())
        files = int(
            subprocess.run([PY, str(floor_py), str(clones)], capture_output=True, text=True).stdout
        )
        floor = measure("stat", [PY, str(floor_py), str(clones)], env, root, args.runs)
        cold = measure("federation report, cold", report, env, root, 1)
        warm = measure("federation report, warm", report, env, root, args.runs)
    ratio = warm.seconds / floor.seconds
    print(
        f"Measured on {machine()}; {args.communities} communities x {args.members} members x "
        f"{args.days} days, {files:,} journal files; median of {args.runs} runs.\n\n"
        "| operation | median s | peak MB | x stat floor | target | met |\n"
        "|---|---:|---:|---:|---:|:---:|\n"
        f"| floor: stat of every journal file | {floor.seconds:.3f} | {floor.rss_mb:.0f} | | | |\n"
        f"| federation report --format json, cold | {cold.seconds:.3f} | {cold.rss_mb:.0f} | "
        f"{cold.seconds / floor.seconds:.2f}x | | |\n"
        f"| federation report --format json, warm | {warm.seconds:.3f} | {warm.rss_mb:.0f} | "
        f"{ratio:.2f}x | <= {TARGET:g}x | {'yes' if ratio <= TARGET else '**no**'} |"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
