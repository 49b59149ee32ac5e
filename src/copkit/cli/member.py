"""copkit member: the community's roster."""

from __future__ import annotations

import typer

from copkit.cli.common import JsonOpt, workspace
from copkit.errors import CopkitError

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
    from copkit.render.console import err
    from copkit.storage.workspace import require_slug

    ws = workspace()
    require_slug(member, "member")
    if not name.strip():
        raise CopkitError(
            "--name is empty; give the member's full name, e.g. --name 'Alice Martin'"
        )
    value = Member(
        name=name,
        email=email or None,
        joined=when(ws, joined, "--joined"),
        interests=sorted({i.strip() for i in interest or [] if i.strip()}),
    )
    from copkit.services.members import require_free_email

    require_free_email(ws.members(), value.email, member)
    path = ws.member_path(member)
    ws.write_new(path, value, force=force)
    err().print(f"Added {name} as {member} ({ws.rel(path)})")


@app.command("list")
def list_(json_out: bool = JsonOpt) -> None:
    """List the members, sorted by id."""
    from copkit.render.console import err, out, print_json, table

    ws = workspace()
    members = ws.members()
    unreadable = len(ws.ids("members")) - len(members)
    if unreadable:
        err().print(
            f"warning: {unreadable} member file{'s' * (unreadable != 1)} could not be read "
            f"and {'are' if unreadable != 1 else 'is'} left out; copkit check says why",
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
    t = table(title=f"{len(members)} member{'s' * (len(members) != 1)}", pad_edge=False)
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
        row = [mid, m.name, m.email or "", str(m.joined or ""), ", ".join(m.interests)]
        t.add_row(*(row if joined else row[:3] + row[4:]))
    out().print(t)
