"""Rules about members that need more than one member file: an email belongs to one member."""

from __future__ import annotations

from collections.abc import Mapping

from copkit.errors import CopkitError
from copkit.model import Member


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
