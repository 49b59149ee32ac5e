"""What `challenge post` sends and where: the channels to reach, and the meetup reminder.

Pure functions: the CLI passes in the settings, the environment and the date.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date

from copkit.errors import CopkitError
from copkit.model import Challenge, Meetup
from copkit.model.community import Channel
from copkit.plural import plural

# The meetup reminder goes out a week before the meetup and again the day before.
REMINDER_DAYS = (7, 1)


@dataclass(frozen=True)
class Target:
    """One place to post: a channel of copkit.yaml, or a URL typed on the command line."""

    name: str  # the channel's name, or the URL with its secrets masked
    url: str | None  # None when the variable is not set (allowed for a dry run only)
    env: str | None = None  # the variable the URL came from

    def missing(self) -> CopkitError:
        return CopkitError(
            f"channel {self.name}: the environment variable {self.env} is not set; it holds "
            "the channel's Apprise URL",
            hint=f"Set it before posting, e.g. export {self.env}='mmosts://host/token', or "
            "pass a URL with --to. See docs/posting.md.",
        )


def is_url(text: str) -> bool:
    return "://" in text


def targets(
    channels: Mapping[str, Channel | str],
    to: Sequence[str],
    environ: Mapping[str, str],
) -> list[Target]:
    """The places named by `--to` (channel names or URLs), or every channel of copkit.yaml.

    A URL is used as it is. A channel's URL comes from the environment variable it names;
    an unset variable gives a target without URL, which the caller refuses unless dry-running.
    """
    names = list(to) or list(channels)
    if not names:
        raise CopkitError(
            "no channel to post to: copkit.yaml names none and no --to was given",
            hint="Add one to copkit.yaml, e.g. channels: {team-chat: {url_env: COPKIT_CHAT_URL}}, "
            "or pass an Apprise URL with --to. See docs/posting.md.",
        )
    out: list[Target] = []
    for name in dict.fromkeys(names):  # each place once, in the order given
        if is_url(name):
            out.append(Target(name=mask_url(name), url=name))
            continue
        channel = channels.get(name)
        if not isinstance(channel, Channel):
            known = ", ".join(sorted(channels)) or "none yet"
            why = "is not set up as {url_env: VARIABLE}" if name in channels else "is not"
            raise CopkitError(
                f"--to {name}: {name} {why} a channel of copkit.yaml (channels: {known})",
                hint="Name a channel of copkit.yaml or give an Apprise URL such as "
                "mmosts://host/token; `copkit check` explains what is wrong with a channel.",
            )
        url = environ.get(channel.url_env) or None
        out.append(Target(name=name, url=url, env=channel.url_env))
    return out


def mask_url(url: str) -> str:
    """A URL fit to print: its scheme and host, with the path and credentials hidden
    (`mmosts://chat.example.org/…`), since the rest of an Apprise URL is usually a token."""
    scheme, _, rest = url.partition("://")
    host = rest.split("/", 1)[0].split("?", 1)[0].rsplit("@", 1)[-1]
    return f"{scheme}://{host}/…" if host else f"{scheme}://…"


@dataclass(frozen=True)
class MeetupReminder:
    challenge: str
    challenge_title: str
    meetup: Meetup
    days_to_go: int  # 0 on the day itself
    length: int


def meetup_reminder(
    challenge_id: str, challenge: Challenge, on: date, *, if_due: bool
) -> MeetupReminder | str:
    """The reminder of the report-back meetup, or why there is none to post on `on`.

    With `if_due` (the scheduled job), only a week before and the day before; asked for
    by hand, any day from now until the meetup itself.
    """
    m = challenge.meetup
    if m is None:
        return (
            f"{challenge_id} has no meetup date: nothing to remind. Set one in "
            f"challenges/{challenge_id}.yaml (meetup: {{date: YYYY-MM-DD, where: ...}})."
        )
    to_go = (m.date - on).days
    if to_go < 0:
        return f"The meetup of {challenge_id} was on {m.date}: nothing to remind."
    if if_due and to_go not in REMINDER_DAYS:
        return (
            f"No meetup reminder due on {on}: the meetup of {challenge_id} is in "
            f"{plural(to_go, 'day')} ({m.date}); reminders go out a week before and "
            "the day before."
        )
    return MeetupReminder(challenge_id, challenge.title, m, to_go, challenge.length)
