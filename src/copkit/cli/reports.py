"""copkit report and copkit challenge report: report-back summaries and the dashboard."""

from __future__ import annotations

import typer


def register(app: typer.Typer, challenge_app: typer.Typer) -> None:
    """Adds `report` to the top level and `report` to the `challenge` group."""
