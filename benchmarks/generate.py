"""Generate a valid copkit community of any size, for the benchmark: deterministic per seed.

    python benchmarks/generate.py --members 5000 --days 30 bench-trees/m5000

Writes copkit.yaml, N members, one challenge of D days (a built-in calendar, cycled past its
length) with accountability pairs, the participants' plans and their journal entries:
statuses, minutes, mood, tags, some highlights, some missing days, ~300-byte bodies. Files are
written as bytes directly (copkit's writers would take minutes for 150,000 files). A share of
the members (`--hand`, 20 % by default) write their plans and entries by hand, in any form
YAML allows: keys in another order, optional keys left out, quoted strings, block lists,
comments, `~` for null. Everyone else's files are exactly what copkit writes.
tests/test_cache_bench.py proves both file by file, and `copkit check` passes on the result.
The form is drawn from its own random stream: the content is the same whatever `--hand` is.
"""

from __future__ import annotations

import argparse
import os
import random
import sys
from datetime import date, timedelta
from pathlib import Path

CHALLENGE = "bench-challenge"
HAND = 0.2  # share of members who write their journal files by hand
FIRST = [
    "ada",
    "amara",
    "ben",
    "chloe",
    "diego",
    "elena",
    "farid",
    "grace",
    "hannah",
    "ivan",
    "jun",
    "kwame",
    "lea",
    "mei",
    "noah",
    "olga",
    "priya",
    "quentin",
    "rosa",
    "sofia",
    "tomasz",
    "uma",
    "victor",
    "wen",
    "yusuf",
    "zoe",
]
LAST = [
    "alvarez",
    "berg",
    "chen",
    "diaz",
    "evans",
    "fischer",
    "garcia",
    "haddad",
    "ito",
    "jansen",
    "kim",
    "lopez",
    "mensah",
    "nowak",
    "okafor",
    "petrov",
    "quinn",
    "raman",
    "schmidt",
    "tanaka",
    "umar",
    "vidal",
    "weber",
    "xu",
    "yilmaz",
    "zhou",
]
TAGS = [
    "ansible",
    "automation",
    "bash",
    "caching",
    "cd",
    "ci",
    "docker",
    "documentation",
    "dora",
    "flaky-tests",
    "gitops",
    "helm",
    "incident-response",
    "kubernetes",
    "linux",
    "logging",
    "metrics",
    "networking",
    "observability",
    "on-call",
    "pairing",
    "pipelines",
    "postmortem",
    "python",
    "review",
    "security",
    "slo",
    "terraform",
    "testing",
    "tracing",
]
GOALS = [
    "Automate one manual step of our release.",
    "Cut our pipeline time in half.",
    "Write the runbook I wish I had on my first on-call week.",
    "Get one service to a real SLO with an error budget.",
    "Stop being afraid of Kubernetes manifests.",
    "Make our flaky tests visible, then fix the worst three.",
    "Ship a small change to production every day of the month.",
    "Learn enough Terraform to review my team's changes.",
    "Leave work on time four days a week.",
    "Pair with someone new every week.",
]
SENTENCES = [
    "Mapped the steps from commit to production and timed the slowest one.",
    "Our CI spends four minutes installing dependencies it already had yesterday.",
    "Paired with my partner for twenty minutes and we found a missing alert.",
    "Tried the starter variant first, then did half of the experienced one.",
    "Wrote down the three commands I type every morning and scripted two of them.",
    "The dashboard averages latency across pods, which hides the tail we care about.",
    "Read the postmortem of last month's outage again and found a follow-up nobody owns.",
    "Added a cache to the build and the median run went from 11 to 7 minutes.",
    "Skipped the exercise because of an incident, but took notes on what I'd want to know.",
    "Explained our deployment flow to a new colleague and noticed two undocumented steps.",
    "Turned one noisy log line into structured output with a request id.",
    "Next: ask the team whether we can drop the manual approval on staging.",
    "Felt rushed today; twenty minutes was not enough for the experienced variant.",
    "Found that our retry policy doubles the load during an outage.",
    "Reviewed a Terraform plan line by line and understood it for the first time.",
    "Closed my laptop at six and went for a walk; the balance day worked.",
    "Measured how long a rollback takes: nine minutes, mostly waiting for approvals.",
    "My partner checked in and we agreed to swap notes on Friday.",
    "Deleted three alerts nobody acted on in the last quarter.",
    "Learned how our secrets are rotated, and that one of them never is.",
]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("out", type=Path, help="folder to create (must not exist or be empty)")
    parser.add_argument("--members", type=int, required=True, help="number of members")
    parser.add_argument("--days", type=int, default=30, help="challenge length (default 30)")
    parser.add_argument("--seed", type=int, default=7, help="random seed (default 7)")
    parser.add_argument("--start", default="2026-10-01", help="day 1 (default 2026-10-01)")
    parser.add_argument("--template", default="devops", help="built-in calendar to use")
    parser.add_argument("--body", type=int, default=300, help="entry body bytes (default ~300)")
    parser.add_argument(
        "--hand", type=float, default=HAND, help=f"share of hand-writing members (default {HAND})"
    )
    args = parser.parse_args(argv)
    if args.out.exists() and any(args.out.iterdir()):
        parser.error(f"{args.out} exists and is not empty")
    counts = generate(
        args.out,
        members=args.members,
        days=args.days,
        seed=args.seed,
        start=date.fromisoformat(args.start),
        template=args.template,
        body=args.body,
        hand=args.hand,
    )
    print(
        f"{args.out}: {counts['members']} members, {counts['participants']} participants, "
        f"{counts['entries']} entries, {counts['bytes']:,} bytes of journals",
        file=sys.stderr,
    )
    return 0


def generate(
    out: Path,
    *,
    members: int,
    days: int,
    seed: int = 7,
    start: date = date(2026, 10, 1),
    template: str = "devops",
    body: int = 300,
    hand: float = HAND,
) -> dict[str, int]:
    """Write the community into `out`; returns counts of what was written."""
    rng = random.Random(seed)
    style = random.Random(seed + 1)  # the form only: the content does not depend on it
    out.mkdir(parents=True, exist_ok=True)
    for folder in ("members", "charters", "challenges", "journals"):
        (out / folder).mkdir(exist_ok=True)
    _write(
        out / "copkit.yaml",
        "name: Benchmark Community of Practice\ndomain: DevOps\ntimezone: UTC\n",
    )
    _write(out / ".gitignore", ".copkit/\njournals/**/private/\n")  # as `copkit init` writes

    ids = _member_ids(members)
    for i, mid in enumerate(ids):
        first, last = mid.split("-")[:2]
        joined = date(2025, 1, 1) + timedelta(days=(i * 7) % 600)
        interests = sorted(rng.sample(TAGS, rng.randint(0, 3)))
        _write(
            out / "members" / f"{mid}.yaml",
            f"name: {first.title()} {last.title()}\n"
            f"email: {mid}@example.org\n"
            f"joined: {joined.isoformat()}\n"
            f"interests: [{', '.join(interests)}]\n",
        )

    participants = sorted(m for m in ids if rng.random() < 0.99) or ids[:1]
    _write_challenge(out, participants, days, seed, start, template, rng)

    entries = total = 0
    base = out / "journals" / CHALLENGE
    width = max(2, len(str(days)))
    for mid in participants:
        folder = base / mid
        folder.mkdir(parents=True)
        diligence = rng.uniform(0.96, 1.0)
        leaves = rng.random() < 0.01
        last_day = rng.randint(days // 2, days) if leaves else days
        left = start + timedelta(days=last_day) if leaves else None
        by_hand = style.random() < hand
        plan = {
            "joined": (start - timedelta(days=rng.randint(1, 14))).isoformat(),
            "level": "starter" if rng.random() < 0.6 else "experienced",
            "goal": rng.choice(GOALS),
            "left": left.isoformat() if left else None,
        }
        text = _by_hand(style, plan) if by_hand else _canonical(plan)
        total += _write(folder / "plan.md", f"---\n{text}---\n{_body(rng, 160)}\n")
        for day in range(1, last_day + 1):
            if rng.random() > diligence:
                continue  # a missing day
            front, text = _entry(rng, start, day, body)
            front = _by_hand(style, front) if by_hand else _canonical(front)
            total += _write(folder / f"day-{day:0{width}d}.md", f"---\n{front}---\n{text}")
            entries += 1
    return {
        "members": len(ids),
        "participants": len(participants),
        "entries": entries,
        "bytes": total,
    }


def _member_ids(n: int) -> list[str]:
    digits = len(str(n))
    return [
        f"{FIRST[i % len(FIRST)]}-{LAST[(i // len(FIRST)) % len(LAST)]}-{i + 1:0{digits}d}"
        for i in range(n)
    ]


Front = dict[str, "str | int | bool | list[str] | None"]


def _entry(rng: random.Random, start: date, day: int, body: int = 300) -> tuple[Front, str]:
    """An entry's front matter (the keys copkit writes: defaults left out) and its body."""
    status = rng.choices(("done", "partial", "skipped"), (78, 14, 8))[0]
    front: Front = {"date": (start + timedelta(days=day - 1)).isoformat(), "status": status}
    if status != "skipped" or rng.random() < 0.2:
        front["minutes"] = rng.randint(5, 90) if status != "skipped" else 0
    if rng.random() < 0.9:
        front["mood"] = rng.choices((1, 2, 3, 4, 5), (3, 10, 30, 37, 20))[0]
    tags = rng.sample(TAGS, rng.choices((0, 1, 2, 3), (15, 40, 30, 15))[0])
    if tags:
        front["tags"] = tags
    if status != "skipped" and rng.random() < 0.06:
        front["highlight"] = True
    if rng.random() < 0.35:
        front["partner_checkin"] = True
    return front, _body(rng, body) + "\n"


def _scalar(value: str | int | bool | None) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def _canonical(front: Front) -> str:
    """The front matter as copkit writes it: model order, flow lists, plain scalars."""
    lines = []
    for key, value in front.items():
        if isinstance(value, list):
            lines.append(f"{key}: [{', '.join(value)}]")
        else:
            lines.append(f"{key}: {_scalar(value)}")
    return "\n".join(lines) + "\n"


def _by_hand(style: random.Random, front: Front) -> str:
    """The same front matter as a person or another tool might write it: any valid form."""
    items = list(front.items())
    if style.random() < 0.5:
        style.shuffle(items)  # keys in another order
    lines = []
    if style.random() < 0.3:
        lines.append("# written by hand")
    for key, value in items:
        if value is None and style.random() < 0.7:
            continue  # an optional key left out
        if key == "left" and value is None:
            lines.append(f"left: {style.choice(('~', 'null', ''))}".rstrip())
        elif isinstance(value, list):
            form = style.random()
            if form < 0.4:
                lines.append(f"{key}:")
                indent = style.choice(("  ", ""))
                lines += [f"{indent}- {v}" for v in value]
            elif form < 0.7:
                lines.append(f"{key}: [{', '.join(_quoted(style, v) for v in value)}]")
            else:
                lines.append(f"{key}: [{', '.join(value)}]")
        elif isinstance(value, str) and key in ("goal", "status", "level"):
            lines.append(f"{key}: {_quoted(style, value)}")
        else:
            lines.append(f"{key}: {_scalar(value)}")
        if style.random() < 0.1:
            lines[-1] += "  # noted"
    return "\n".join(lines) + "\n"


def _quoted(style: random.Random, text: str) -> str:
    form = style.random()
    if form < 0.35:
        return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'
    if form < 0.7:
        return "'" + text.replace("'", "''") + "'"
    return text


def _body(rng: random.Random, target: int) -> str:
    picked = rng.sample(SENTENCES, 6)
    text = picked.pop()
    while picked and len(text) < target - 40:
        text += " " + picked.pop()
    while len(text) < target - 40:  # long bodies: paragraphs of the month's notes
        text += "\n\n" + " ".join(rng.sample(SENTENCES, 5))
    return text


def _write_challenge(
    out: Path,
    participants: list[str],
    days: int,
    seed: int,
    start: date,
    template: str,
    rng: random.Random,
) -> None:
    """The challenge file through copkit's own writer: one file, its canonical form."""
    from importlib.resources import files

    from copkit.model import Challenge, Day, Meetup, Pairing, Template
    from copkit.storage.documents import load_yaml
    from copkit.storage.workspace import Workspace

    source = files("copkit") / "templates" / f"{template}.yaml"
    calendar = load_yaml(Path(str(source)), f"{template}.yaml", Template).require()
    cycle = calendar.days
    shuffled = participants[:]
    rng.shuffle(shuffled)
    groups = [sorted(shuffled[i : i + 2]) for i in range(0, len(shuffled) - len(shuffled) % 2, 2)]
    if len(shuffled) % 2 and groups:
        groups[-1] = sorted([*groups[-1], shuffled[-1]])
    challenge = Challenge(
        title=f"{days} days: {calendar.title}",
        domain=calendar.domain,
        start=start,
        mantra=calendar.mantra,
        finish_threshold=calendar.finish_threshold,
        meetup=Meetup(date=start + timedelta(days=days + 4), where="Community call"),
        days=[
            Day(
                day=n,
                kind=cycle[(n - 1) % len(cycle)].kind,
                title=cycle[(n - 1) % len(cycle)].title,
                prompt=cycle[(n - 1) % len(cycle)].prompt,
                minutes=cycle[(n - 1) % len(cycle)].minutes,
                levels=cycle[(n - 1) % len(cycle)].levels,
            )
            for n in range(1, days + 1)
        ],
        pairs=sorted(groups),
        pairing=Pairing(seed=seed, date=start - timedelta(days=1)),
    )
    ws = Workspace(out)
    ws.write_new(out / "challenges" / f"{CHALLENGE}.yaml", challenge)


def _write(path: Path, text: str) -> int:
    data = text.encode("utf-8")
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o644)
    try:
        os.write(fd, data)
    finally:
        os.close(fd)
    return len(data)


if __name__ == "__main__":
    sys.exit(main())
