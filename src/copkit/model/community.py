"""The community settings (copkit.yaml) and its members (members/<member>.yaml)."""

from __future__ import annotations

from datetime import date
from typing import ClassVar

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


class Config(msgspec.Struct, kw_only=True, forbid_unknown_fields=True):
    """copkit.yaml: its presence marks the workspace root."""

    name: str
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

    name: str
    email: str | None = None
    joined: date | None = None
    interests: list[str] = []
    left: date | None = None  # set by `member leave`: the file and history stay

    # keys written only when set, so files of members who stay look as in release 1
    WRITTEN_WHEN_SET: ClassVar[tuple[str, ...]] = ("left",)
