"""Report-back cadence of charters: when the next report is due, and whether it is overdue."""

from __future__ import annotations

from datetime import date, timedelta

from copkit.model import Charter

REPORTING_STATUSES = ("chartered", "active")


def next_report_due(charter: Charter) -> date | None:
    """`every_days` after the last report (or after the start); None when no report is due.

    Only chartered and active charters report; a final report closes the reporting (what is
    left is to complete the charter)."""
    if charter.status not in REPORTING_STATUSES or not charter.reporting.every_days:
        return None
    if any(r.final for r in charter.reports):
        return None
    last = max((r.date for r in charter.reports), default=charter.timeline.start)
    if last is None:
        return None
    return last + timedelta(days=charter.reporting.every_days)


def is_overdue(charter: Charter, today: date) -> bool:
    due = next_report_due(charter)
    return due is not None and today > due
