"""copkit member: the community's roster."""

from __future__ import annotations

import typer

from copkit.cli.common import JsonOpt, workspace

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
    value = Member(
        name=name,
        email=email,
        joined=when(ws, joined, "--joined"),
        interests=sorted(set(interest or [])),
    )
    path = ws.member_path(member)
    ws.write_new(path, value, force=force)
    err().print(f"Added {name} as {member} ({ws.rel(path)})")


@app.command("list")
def list_(json_out: bool = JsonOpt) -> None:
    """List the members, sorted by id."""
    from copkit.render.console import out, print_json, table

    ws = workspace()
    members = ws.members()
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
    t = table("Member", "Name", "Email", "Joined", "Interests", title=f"{len(members)} members")
    for mid, m in members.items():
        t.add_row(mid, m.name, m.email or "", str(m.joined or ""), ", ".join(m.interests))
    out().print(t)
