"""Hand-written charter files and helpers shared by the charter tests (no tests here)."""

from __future__ import annotations

from pathlib import Path

# A charter as a person writes it: comments everywhere, flow and block styles mixed,
# quoted strings, keys left out where the default will do.
COMMENTED = """\
# Onboarding project: discussed at the October call
title: "DevOps onboarding playbook"   # working title
kind: practice-development
status: {status}
issue: New members need months to become productive.
goal: A playbook that gets a new member shipping in two weeks.  # agreed with the core group
scope:
  in: [first-week checklist, pairing guide]
  out: [tool procurement]   # procurement is Platform's job
team:
  # the lead reports back
  - {{member: alice-martin, role: lead, hours_per_week: 3}}
  - {{member: bob-lee, hours_per_week: 2}}   # role defaults to member
volunteers_wanted: 1
sponsor:
  learning: 'DevOps CoP core group'
timeline:
  start: 2026-12-01
  end: 2027-02-28
  milestones:
    - {{date: 2027-01-15, name: Draft playbook reviewed}}  # no done: key yet
reporting:
  every_days: 14   # fortnightly
  channel: monthly community call
{rest}"""


def write_charter(
    root: Path, cid: str, status: str = "draft", rest: str = "", *, done: bool = False
) -> Path:
    """COMMENTED as charters/<cid>.yaml; `done` ticks its milestone (so it may complete)."""
    path = root / "charters" / f"{cid}.yaml"
    text = COMMENTED.format(status=status, rest=rest)
    if done:
        text = text.replace(
            "name: Draft playbook reviewed}", "name: Draft playbook reviewed, done: true}"
        )
    path.write_text(text, encoding="utf-8")
    return path


MINIMAL = "title: Bare charter\n"


def copy_demo_charters(dest: Path) -> Path:
    """The demo community without its journals: all that the charter views need, and fast."""
    import shutil

    repo = Path(__file__).resolve().parents[1]
    dest.mkdir()
    shutil.copy(repo / "copkit.yaml", dest / "copkit.yaml")
    for folder in ("members", "charters"):
        shutil.copytree(repo / folder, dest / folder)
    return dest
