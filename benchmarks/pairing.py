"""Pairing a very large roster: `copkit challenge pair` on 10,000 participants.

Issue 20 (F08): every possible pair used to be materialised, 96-167 s and 4-5 GB for 10,000
people. The target is 10,000 people within 10 s and 500 MB. The floor, measured in the same
run on the same tree, is `copkit challenge progress --json`, which reads the same plans and
entries (through the same cache) and pairs nobody; the ratio is what pairing itself costs.

    python benchmarks/pairing.py                      # 10,000 members, 3 days
    python benchmarks/pairing.py --members 2000 --runs 3

The tree is generated into bench-trees/ (git-ignored) and kept for the next run.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))

from benchmarks.run import COPKIT, environment, measure, tree  # noqa: E402

CHALLENGE = "bench-challenge"
TARGET_SECONDS = 10.0
TARGET_MB = 500.0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--members", type=int, default=10_000)
    parser.add_argument("--days", type=int, default=3)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--trees", type=Path, default=HERE.parent / "bench-trees")
    args = parser.parse_args(argv)

    root = tree(args.trees, args.members, args.days)
    env = environment(COPKIT_TODAY="2026-12-02", NO_COLOR="1")
    progress = [COPKIT, "challenge", "progress", CHALLENGE, "--json"]
    pair = [COPKIT, "challenge", "pair", CHALLENGE, "--seed", "1", "--force", "--dry-run"]
    measure("warm-up", progress, env, root, 1)  # builds the cache both commands read
    floor = measure("progress --json", progress, env, root, args.runs)
    run = measure("pair --dry-run", pair, env, root, args.runs)
    print(f"{args.members:,} participants, median of {args.runs} runs")
    print(f"  floor  {floor.name:<18} {floor.seconds:6.2f} s  {floor.rss_mb:6.0f} MB")
    print(
        f"  copkit {run.name:<18} {run.seconds:6.2f} s  {run.rss_mb:6.0f} MB"
        f"  ratio {run.seconds / floor.seconds:.2f}x"
    )
    ok = run.seconds <= TARGET_SECONDS and run.rss_mb <= TARGET_MB
    print(f"  target {TARGET_SECONDS:.0f} s and {TARGET_MB:.0f} MB: {'met' if ok else 'MISSED'}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
