"""copkit member: the community's roster."""

from __future__ import annotations

from typing import TYPE_CHECKING

import typer

from copkit.cli import completion
from copkit.cli.common import JsonOpt, workspace
from copkit.errors import CopkitError
from copkit.plural import plural, plural_word

if TYPE_CHECKING:
    from pathlib import Path

    from copkit.model import Member
    from copkit.storage.documents import Loaded
    from copkit.storage.workspace import Workspace

app = typer.Typer(no_args_is_help=True)


@app.command("add")
def add(
    member: str = typer.Argument(
        ..., metavar="MEMBER", help="The member's id, a slug such as alice-martin."
    ),
    name: str = typer.Option(..., "--name", metavar="NAME", help="Full name."),
    email: str = typer.Option(
        None,
        "--email",
        metavar="EMAIL",
        help="Email; copkit recognises you when it is your git user.email.",
    ),
    interest: list[str] = typer.Option(
        None, "--interest", metavar="TOPIC", help="An interest (repeat for several)."
    ),
    joined: str = typer.Option(
        "today",
        "--joined",
        metavar="DATE",
        help="Date joined: YYYY-MM-DD, today, yesterday or tomorrow.",
    ),
    force: bool = typer.Option(False, "--force", help="Replace an existing member file."),
) -> None:
    """Add a member to the community.

    Writes members/MEMBER.yaml and nothing else; refuses to replace it without --force.
    """
    from copkit.cli.common import when
    from copkit.model import Member
    from copkit.model.community import is_blank
    from copkit.render.console import err
    from copkit.storage.workspace import require_slug

    ws = workspace()
    require_slug(member, "member")
    if is_blank(name):
        raise CopkitError(
            "--name is empty; give the member's full name, e.g. --name 'Alice Martin'"
        )
    value = Member(
        name=name,
        email=email or None,
        joined=when(ws, joined, "--joined"),
        interests=sorted({i.strip() for i in interest or [] if i.strip()}),
    )
    from copkit.services.members import require_free_email, require_valid_email

    require_valid_email(value.email)
    require_free_email(ws.members(), value.email, member)
    path = ws.member_path(member)
    ws.write_new(path, value, force=force)
    err().print(f"Added {name} as {member} ({ws.rel(path)})")


def _load_member(ws: Workspace, member: str) -> tuple[Loaded[Member], Member, Path]:
    ws.known("member", member)
    path = ws.member_path(member)
    loaded = ws.load_member(member)
    return loaded, loaded.require(), path


@app.command("set")
def set_(
    member: str = typer.Argument(
        ..., metavar="MEMBER", help="The member's id.", autocompletion=completion.members
    ),
    name: str = typer.Option(None, "--name", metavar="NAME", help="A new full name."),
    email: str = typer.Option(
        None, "--email", metavar="EMAIL", help="A new email ('' removes it)."
    ),
    interest: list[str] = typer.Option(
        None, "--interest", metavar="TOPIC", help="Interests (repeat; replaces the list)."
    ),
    back: bool = typer.Option(False, "--back", help="Undo `member leave`: they are back."),
) -> None:
    """Change a member's name, email or interests.

    Changes only members/MEMBER.yaml; comments and the lines it does not change stay."""
    from copkit.render.console import err
    from copkit.services.members import edit, require_free_email, require_valid_email

    if name is None and email is None and not interest and not back:
        raise CopkitError(
            f"nothing to change for {member}: give --name, --email, --interest or --back",
            hint="See them with: copkit member set --help",
        )
    ws = workspace()
    loaded, value, path = _load_member(ws, member)
    after = edit(value, member, name=name, email=email, interests=interest or None, back=back)
    if email is not None:
        require_valid_email(after.email)
        require_free_email(ws.members(), after.email, member)
    if back and loaded.doc is not None and "left" in loaded.doc:
        del loaded.doc["left"]  # `left: null` would say the same with one more line
    changed = ws.update(loaded, path, after)
    err().print(
        f"Updated {ws.rel(path)}"
        if changed
        else f"{ws.rel(path)} already says so; nothing changed",
        markup=False,
    )


@app.command("leave")
def leave(
    member: str = typer.Argument(
        ..., metavar="MEMBER", help="The member's id.", autocompletion=completion.members
    ),
    date: str = typer.Option(
        "today", "--date", metavar="DATE", help="When they left (default today)."
    ),
) -> None:
    """Record that a member left the community.

    Keeps their file and every record: they stay in past reports, are left out of pairing and
    new sign-ups, and `copkit check` flags them in the teams of open charters."""
    from copkit.cli.common import today, when
    from copkit.render.console import err
    from copkit.services.members import leave as leave_

    ws = workspace()
    loaded, value, path = _load_member(ws, member)
    day = when(ws, date, "--date")
    if day > today(ws):
        raise CopkitError(
            f"--date {day} is after today ({today(ws)}); record a departure once it happened"
        )
    ws.update(loaded, path, leave_(value, member, day))
    err().print(f"{member} left the community on {day} ({ws.rel(path)})", markup=False)
    teams = _open_teams(ws, member)
    for cid in teams:
        err().print(
            f"  still in the team of {cid}: copkit charter set {cid} --drop-member {member}",
            markup=False,
        )


def _open_teams(ws: Workspace, member: str) -> list[str]:
    """Open charters whose team holds `member`."""
    from copkit.model.rules import OPEN_STATUSES

    out = []
    for cid in ws.ids("charters"):
        c = ws.load_charter(cid).value
        if c and c.status in OPEN_STATUSES and any(t.member == member for t in c.team):
            out.append(cid)
    return out


@app.command("list")
def list_(json_out: bool = JsonOpt) -> None:
    """List the members, sorted by id."""
    from copkit.render.console import err, out, print_json, table

    ws = workspace()
    members = ws.members()
    unreadable = len(ws.ids("members")) - len(members)
    if unreadable:
        err().print(
            f"warning: {plural(unreadable, 'member file')} could not be read "
            f"and {plural_word(unreadable, 'is', 'are')} left out; copkit check says why",
            markup=False,
        )
    if json_out:
        print_json(
            [
                {
                    "member": mid,
                    "name": m.name,
                    "email": m.email,
                    "joined": m.joined.isoformat() if m.joined else None,
                    "interests": m.interests,
                    "left": m.left.isoformat() if m.left else None,
                }
                for mid, m in members.items()
            ]
        )
        return
    if not members:
        err().print(
            "No members yet; add one with: copkit member add MEMBER --name NAME", markup=False
        )
        return
    t = table(title=f"{plural(len(members), 'member')}", pad_edge=False)
    # ids and emails stay whole, names and interests wrap between words; on a narrow
    # terminal the joined date gives way first, then ids and emails fold
    width = out().width
    ids = max(len(mid) for mid in members)
    emails = max(len(m.email or "") for m in members.values())
    words = max((len(w) for m in members.values() for w in m.name.split()), default=4)
    topics = max(
        (len(w) + 1 for m in members.values() for i in m.interests for w in i.split()), default=9
    )
    joined = ids + emails + 10 + max(words, 6) + max(topics, 9) + 12 <= width
    whole = ids + emails + 30 <= width
    t.add_column("Member", no_wrap=whole, overflow="fold")
    t.add_column("Name")
    t.add_column("Email", no_wrap=whole, overflow="fold")
    if joined:
        t.add_column("Joined", no_wrap=True, min_width=10)
    t.add_column("Interests")
    for mid, m in members.items():
        name = m.name + (f" (left {m.left})" if m.left else "")
        row = [mid, name, m.email or "", str(m.joined or ""), ", ".join(m.interests)]
        t.add_row(*(row if joined else row[:3] + row[4:]))
    out().print(t)
