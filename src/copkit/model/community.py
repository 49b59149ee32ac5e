"""The community settings (copkit.yaml) and its members (members/<member>.yaml)."""

from __future__ import annotations

import re
from datetime import date
from typing import Annotated, ClassVar

import msgspec


class FederatedCommunity(msgspec.Struct, kw_only=True, forbid_unknown_fields=True):
    """One community of a federation: a git URL to clone, or a local path (a git repository)."""

    id: str
    git: str | None = None
    path: str | None = None  # relative to the folder of copkit.yaml


class Federation(msgspec.Struct, kw_only=True, forbid_unknown_fields=True):
    """`federation:` in copkit.yaml (SPEC 7.5): the communities a programme reads, and whether
    this community lets federation reports quote its highlights."""

    communities: list[FederatedCommunity] = []
    share_quotes: bool = True


class Channel(msgspec.Struct, kw_only=True, forbid_unknown_fields=True):
    """Where `challenge post` sends: the name of the environment variable that holds the
    channel's Apprise URL. The URL itself carries a secret and never enters the repository."""

    url_env: str


# A name someone can read: at least one visible character. `name: ""` passed check, and
# lists and reports then showed a blank where the person or community should be; so did a
# name of only a zero-width space (issue 20). Invisible: the Unicode categories Z* (spaces,
# line and paragraph separators), Cc (controls) and Cf (format characters: zero-width
# spaces and joiners, bidi controls, the BOM, tag characters), as of Unicode 14-16; a test
# checks the ranges against the running Python's unicodedata.
INVISIBLE = (
    r"\x00-\x20\x7f-\xa0\xad\u0600-\u0605\u061c\u06dd\u070f\u0890-\u0891\u08e2"
    r"\u1680\u180e\u2000-\u200f\u2028-\u202f\u205f-\u2064\u2066-\u206f\u3000\ufeff"
    r"\ufff9-\ufffb\U000110bd\U000110cd\U00013430-\U0001343f\U0001bca0-\U0001bca3"
    r"\U0001d173-\U0001d17a\U000e0001\U000e0020-\U000e007f"
)
VISIBLE = f"[^{INVISIBLE}]"  # searched: the name holds one character outside INVISIBLE
Name = Annotated[str, msgspec.Meta(pattern=VISIBLE)]


def is_blank(name: str) -> bool:
    """True for a name with no visible character: the rule of `Name`, for the commands that
    refuse such a name before building a model (`member add`, `init`)."""
    return re.search(VISIBLE, name) is None


class Config(msgspec.Struct, kw_only=True, forbid_unknown_fields=True):
    """copkit.yaml: its presence marks the workspace root."""

    name: Name
    domain: str | None = None
    timezone: str = "UTC"
    # a fixed "today" for a demo community, so it shows the same month on any date;
    # COPKIT_TODAY still overrides it (docs/decisions.md)
    today: date | None = None
    # a bare string is accepted by the type only so that `check` can say why it is refused
    channels: dict[str, Channel | str] = {}
    federation: Federation | None = None

    # keys written only when set: a new community's file holds what it was given
    WRITTEN_WHEN_SET: ClassVar[tuple[str, ...]] = ("domain", "today", "federation")


class Member(msgspec.Struct, kw_only=True, forbid_unknown_fields=True):
    """members/<member>.yaml; the file name is the member's id."""

    name: Name
    email: str | None = None
    joined: date | None = None
    interests: list[str] = []
    left: date | None = None  # set by `member leave`: the file and history stay

    # keys written only when set, so files of members who stay look as in release 1
    WRITTEN_WHEN_SET: ClassVar[tuple[str, ...]] = ("left",)
