"""Member rules: an email belongs to one member; editing a member's own file; leaving the
community, and what leaving stops."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date

import msgspec

from copkit.errors import CopkitError
from copkit.model import Member
from copkit.model.community import is_blank


def email_key(email: str) -> str:
    """The form two emails are compared in: case and surrounding spaces do not count."""
    return email.strip().casefold()


def owners_of(members: Mapping[str, Member], email: str) -> list[str]:
    """The members (sorted ids) whose email is `email`."""
    key = email_key(email)
    return sorted(mid for mid, m in members.items() if m.email and email_key(m.email) == key)


def shared_emails(members: Mapping[str, Member]) -> dict[str, list[str]]:
    """Each email that two or more members give, with their sorted ids."""
    by: dict[str, list[str]] = {}
    for mid in sorted(members):
        email = members[mid].email
        if email:
            by.setdefault(email_key(email), []).append(mid)
    return {e: ids for e, ids in by.items() if len(ids) > 1}


def require_valid_email(email: str | None) -> None:
    """Refuses an email that is not a mail address (the rule `copkit check` applies)."""
    from copkit.model.rules import email_finding

    found = email_finding(email)
    if found is not None:
        raise CopkitError(
            found.message.replace("email ", "--email ", 1),
            hint="Give your address as name@example.org, or leave --email out.",
        )


def require_free_email(members: Mapping[str, Member], email: str | None, member: str) -> None:
    """Refuses an email that another member already gives: copkit recognises a person by it
    (git's user.email), so two members with one email would take each other's identity."""
    if not email:
        return
    others = [m for m in owners_of(members, email) if m != member]
    if others:
        raise CopkitError(
            f"{email} is already the email of {others[0]} (members/{others[0]}.yaml); copkit "
            "recognises a member by their email, so each member needs their own",
            hint="Give another email, or none (then use --as or COPKIT_MEMBER).",
        )


# The rule, as refusals state it.
RULE_LEFT = "members who left take no new sign-ups and are not paired"


def refuse_if_left(member: str, left: date | None, doing: str) -> None:
    """CopkitError when `member` has left the community: they take no new sign-ups."""
    if left is None:
        return
    raise CopkitError(
        f"cannot {doing}: {member} left the community on {left} (rule: {RULE_LEFT})",
        hint=f"If they are back: copkit member set {member} --back",
    )


def edit(
    value: Member,
    member: str,
    *,
    name: str | None = None,
    email: str | None = None,
    interests: list[str] | None = None,
    back: bool = False,
) -> Member:
    """The member with a new name, email or interests; `back` undoes `member leave`."""
    changes: dict[str, object] = {}
    if name is not None:
        if is_blank(name):
            raise CopkitError(
                "--name is empty; give the member's full name, e.g. --name 'Alice Martin'"
            )
        changes["name"] = name.strip()
    if email is not None:
        changes["email"] = email.strip() or None
    if interests is not None:
        changes["interests"] = sorted({i.strip() for i in interests if i.strip()})
    if back:
        if value.left is None:
            raise CopkitError(
                f"{member} has not left the community; --back undoes `copkit member leave`"
            )
        changes["left"] = None
    return msgspec.structs.replace(value, **changes)


def leave(value: Member, member: str, when: date) -> Member:
    """The member who left the community on `when`; the file and every record stay."""
    if value.left is not None:
        raise CopkitError(
            f"{member} already left the community on {value.left}",
            hint=f"To change the date: copkit member set {member} --back, then leave again.",
        )
    if value.joined is not None and when < value.joined:
        raise CopkitError(
            f"cannot leave on {when}: {member} joined on {value.joined} "
            "(rule: a member leaves after joining)",
            hint=f"To fix: copkit member leave {member} --date {value.joined} (or later)",
        )
    return msgspec.structs.replace(value, left=when)
