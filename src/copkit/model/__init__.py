"""Typed models of every copkit file kind: msgspec Structs, no I/O, no clock."""

from copkit.model.challenge import (
    Challenge,
    Day,
    JournalSettings,
    Levels,
    Meetup,
    Pairing,
    Template,
    TemplateRef,
)
from copkit.model.charter import (
    Charter,
    Deliverable,
    Funding,
    HistoryEntry,
    Milestone,
    Report,
    Reporting,
    Scope,
    SignUp,
    Sponsor,
    TeamMember,
    Timeline,
)
from copkit.model.community import Config, Member
from copkit.model.journal import JournalEntry, Plan

__all__ = [
    "Challenge",
    "Charter",
    "Config",
    "Day",
    "Deliverable",
    "Funding",
    "HistoryEntry",
    "JournalEntry",
    "JournalSettings",
    "Levels",
    "Meetup",
    "Member",
    "Milestone",
    "Pairing",
    "Plan",
    "Report",
    "Reporting",
    "Scope",
    "SignUp",
    "Sponsor",
    "TeamMember",
    "Template",
    "TemplateRef",
    "Timeline",
]
