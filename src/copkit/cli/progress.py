"""copkit challenge progress | nudge: how participants are doing, who has gone quiet."""

from __future__ import annotations

import typer


def register(challenge_app: typer.Typer) -> None:
    """Adds the progress commands to the `challenge` group."""
