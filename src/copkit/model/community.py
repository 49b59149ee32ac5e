"""The community settings (copkit.yaml) and its members (members/<member>.yaml)."""

from __future__ import annotations

from datetime import date

import msgspec


class Channel(msgspec.Struct, kw_only=True, forbid_unknown_fields=True):
    """Where `challenge post` sends: the name of the environment variable that holds the
    channel's Apprise URL. The URL itself carries a secret and never enters the repository."""

    url_env: str


class Config(msgspec.Struct, kw_only=True, forbid_unknown_fields=True):
    """copkit.yaml: its presence marks the workspace root."""

    name: str
    domain: str | None = None
    timezone: str = "UTC"
    # a bare string is accepted by the type only so that `check` can say why it is refused
    channels: dict[str, Channel | str] = {}


class Member(msgspec.Struct, kw_only=True, forbid_unknown_fields=True):
    """members/<member>.yaml; the file name is the member's id."""

    name: str
    email: str | None = None
    joined: date | None = None
    interests: list[str] = []
