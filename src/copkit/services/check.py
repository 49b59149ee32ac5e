"""Cross-file rules for `copkit check`: references between members, charters, challenges, journals."""

from __future__ import annotations

from typing import Any

from copkit.errors import Problem
from copkit.model.ids import is_slug, suggest_slug
from copkit.model.rules import OPEN_STATUSES
from copkit.services.charters import overcommitment
from copkit.services.members import shared_emails
from copkit.storage import yamlio
from copkit.storage.documents import Loaded
from copkit.storage.gitrepo import PrivacyFacts
from copkit.storage.snapshot import Snapshot
from copkit.storage.workspace import PRIVATE_IGNORE


def _at(
    loaded: Loaded[Any],
    at: tuple[str | int, ...],
    message: str,
    severity: str = "error",
    offset: int = 0,
) -> Problem:
    line, col = yamlio.locate(loaded.doc, at) if loaded.doc is not None else (-1, -1)
    return Problem(loaded.rel, line + 1 + offset, col + 1, severity, message)  # type: ignore[arg-type]


def cross_check(snap: Snapshot) -> list[Problem]:
    """Problems that need more than one file to see (the journal walk applies the rules of
    journal files against their challenge itself: storage/journals.py)."""
    out: list[Problem] = []
    members = set(snap.members)

    def unknown(
        loaded: Loaded[Any], at: tuple[str | int, ...], member: str, offset: int = 0
    ) -> None:
        if member not in members:
            import difflib

            if not is_slug(member) and at[0] in ("team", "pairs"):
                return  # the file's own rules already say it is not a valid id
            close = difflib.get_close_matches(member, sorted(members), n=1)
            hint = (
                f"; did you mean {close[0]!r}?"
                if close
                else f"; add them with `copkit member add {suggest_slug(member)} --name NAME`"
            )
            out.append(_at(loaded, at, f"unknown member {member!r}{hint}", offset=offset))

    charters = {cid: ld.value for cid, ld in snap.charters.items() if ld.value is not None}
    left = {m: ld.value.left for m, ld in snap.members.items() if ld.value and ld.value.left}
    for cid, loaded in snap.charters.items():
        # a charter that does not validate still has its references checked, in one pass
        charter = loaded.value if loaded.value is not None else loaded.partial
        if charter is None:
            continue
        for i, t in enumerate(charter.team):
            unknown(loaded, ("team", i, "member"), t.member)
            if t.member in left and charter.status in OPEN_STATUSES:
                out.append(
                    _at(
                        loaded,
                        ("team", i, "member"),
                        f"{t.member} left the community on {left[t.member]} but is still in "
                        f"the team of this {charter.status} charter; to fix: "
                        f"copkit charter set {cid} --drop-member {t.member}",
                        "warning",
                    )
                )
        for key in ("history", "reports"):
            for i, item in enumerate(getattr(charter, key)):
                if item.by:
                    unknown(loaded, (key, i, "by"), item.by)
    in_teams = {t.member for c in charters.values() for t in c.team}
    for member in sorted(in_teams & members):
        warning = overcommitment(charters, member)
        if warning is not None:
            out.append(Problem(snap.members[member].rel, 1, 1, "warning", warning))

    out += _signup_problems(snap, members, left)
    readable = {mid: ld.value for mid, ld in snap.members.items() if ld.value is not None}
    for email, ids in shared_emails(readable).items():
        for mid in ids[1:]:
            out.append(
                _at(
                    snap.member_located(mid),
                    ("email",),
                    f"{ids[0]} has the same email ({email}); copkit recognises a member by "
                    "their email, so each member needs their own",
                )
            )

    for cid, loaded_ch in snap.challenges.items():
        challenge = loaded_ch.value
        if challenge is None:
            partial = loaded_ch.partial
            for g, group in enumerate(partial.pairs if partial is not None else []):
                for j, m in enumerate(group):
                    unknown(loaded_ch, ("pairs", g, j), m)
            continue
        data = snap.journals.get(cid)
        folders = set(data.folders) if data is not None else set()
        for g, group in enumerate(challenge.pairs):
            for j, m in enumerate(group):
                unknown(loaded_ch, ("pairs", g, j), m)
                if m in members and m not in folders:
                    out.append(
                        _at(
                            loaded_ch,
                            ("pairs", g, j),
                            f"{m} is paired but has not joined (no journals/{cid}/{m}/plan.md)",
                            "warning",
                        )
                    )
        for member in sorted(folders - members):
            out.append(
                Problem(
                    f"journals/{cid}/{member}",
                    0,
                    0,
                    "error",
                    f"journal folder of unknown member {member!r}; add them with "
                    f"`copkit member add {member} --name NAME`",
                )
            )
    return out


def _signup_problems(snap: Snapshot, members: set[str], left: dict[str, Any]) -> list[Problem]:
    """Volunteers' sign-ups: known members who have not left, open charters, one lead."""
    out: list[Problem] = []
    for cid, by_member in sorted(snap.signups.items()):
        charter = snap.charters[cid].value if cid in snap.charters else None
        leads = sorted(m for m, ld in by_member.items() if ld.value and ld.value.role == "lead")
        for m, ld in sorted(by_member.items()):
            rel = ld.rel
            if m not in members:
                out.append(
                    Problem(
                        rel,
                        0,
                        0,
                        "error",
                        f"sign-up of unknown member {m!r}; add them with "
                        f"`copkit member add {m} --name NAME`, or `git rm {rel}`",
                    )
                )
            elif m in left:
                out.append(
                    Problem(
                        rel,
                        0,
                        0,
                        "error",
                        f"{m} left the community on {left[m]}; members who left take no new "
                        f"sign-ups: `git rm {rel}`",
                    )
                )
            if charter is not None and charter.status in ("completed", "cancelled"):
                out.append(
                    Problem(
                        rel,
                        0,
                        0,
                        "warning",
                        f"sign-up for a {charter.status} charter, whose team is closed: `git rm {rel}`",
                    )
                )
            lead = charter.lead if charter is not None else None
            if m in leads and ((lead is not None and lead != m) or len(leads) > 1):
                others = sorted(
                    {*(x for x in leads if x != m), *([lead] if lead and lead != m else [])}
                )
                out.append(
                    _at(
                        ld,
                        ("role",),
                        f"{m} signs up to lead {cid}, as {' and '.join(others)} "
                        "(a charter has one lead); to fix: "
                        f"copkit charter join {cid} --as {m} --role member --hours H",
                        "warning",
                    )
                )
    return out


def privacy_problems(facts: PrivacyFacts) -> list[Problem]:
    """Private words and git (SPEC 7.2): the private folders must be git-ignored, and git must
    track no private file."""
    out = []
    if facts.ignored:
        pass
    elif facts.unfixable is not None:  # --fix would refuse: say why, and what to do instead
        why, todo = facts.unfixable
        out.append(
            Problem(
                ".gitignore",
                0,
                0,
                "error",
                f"private journal words are not git-ignored, and `copkit check --fix` cannot "
                f"add the line {PRIVATE_IGNORE}: {why}. {todo}, then run `copkit check --fix` "
                "(it adds the line)",
            )
        )
    else:
        out.append(
            Problem(
                ".gitignore",
                0,
                0,
                "error",
                f"private journal words are not git-ignored: add the line {PRIVATE_IGNORE} "
                "(`copkit check --fix` adds it)",
            )
        )
    out += [
        Problem(
            path,
            0,
            0,
            "error",
            "private words tracked by git, so pushed with the repository: run "
            f"`git rm --cached {path}` (the file stays here) and commit",
        )
        for path in facts.tracked
    ]
    return out


def all_problems(snap: Snapshot, facts: PrivacyFacts | None = None) -> list[Problem]:
    """Every problem of the workspace, sorted by path then position; `facts` adds what git
    says about private words."""
    problems = snap.problems() + cross_check(snap)
    if facts is not None:
        problems += privacy_problems(facts)
    return sorted(set(problems), key=lambda p: (p.path, p.line, p.col, p.severity, p.message))
