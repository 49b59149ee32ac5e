"""Sending a message to a chat service or a mailbox through Apprise.

The only code of copkit that talks to a network. Apprise is imported here alone, when a post
is actually sent, so the start-up of every other command does not pay for it.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from copkit.errors import CopkitError

if TYPE_CHECKING:
    from apprise import NotifyBase

    from copkit.render.posts import Message
    from copkit.services.posting import Target

# Services that render Markdown although Apprise declares them plain text.
RENDERS_MARKDOWN = frozenset({"mmost", "mmosts"})


def form_for(url: str) -> str:
    """Which form of a message a service gets: "markdown", "html" (email) or "text"."""
    plugin = _plugin(url, name=url)
    return _form(plugin, url)


def _plugin(url: str, *, name: str) -> NotifyBase:
    import apprise

    plugin = apprise.Apprise.instantiate(url, suppress_exceptions=True)
    if plugin is None:
        scheme = url.partition("://")[0]
        raise CopkitError(
            f"{name}: Apprise cannot use this URL (scheme {scheme!r}, or a part it needs is "
            "missing)",
            hint="Check the URL's form for your service in Apprise's documentation; "
            "docs/posting.md has Teams, Slack, Mattermost and email.",
        )
    return plugin


def _form(plugin: NotifyBase, url: str) -> str:
    from apprise import NotifyFormat

    resolve = getattr(plugin, "resolve_format", None)
    fmt = resolve(NotifyFormat.MARKDOWN) if resolve else getattr(plugin, "notify_format", None)
    if isinstance(fmt, tuple):
        fmt = fmt[0]
    if fmt == NotifyFormat.HTML:
        return "html"
    if fmt == NotifyFormat.MARKDOWN or url.partition("://")[0].lower() in RENDERS_MARKDOWN:
        return "markdown"
    return "text"


def send(target: Target, message: Message) -> str:
    """Posts `message` to `target` in the form its service takes, and returns that form.

    A refusal or an unreachable service is a CopkitError naming the target and Apprise's
    reason. Apprise's own retry policy applies (none by default); copkit adds none.
    """
    import apprise

    if target.url is None:
        raise target.missing()
    plugin = _plugin(target.url, name=target.name)
    form = _form(plugin, target.url)
    if form == "html":
        body, fmt, title = message.html, apprise.NotifyFormat.HTML, message.subject
    elif form == "markdown":
        body, fmt, title = message.markdown, apprise.NotifyFormat.MARKDOWN, ""
    else:
        body, fmt, title = message.text, apprise.NotifyFormat.TEXT, ""
    sender = apprise.Apprise()
    sender.add(plugin)
    # Apprise reports why a post failed only in its log: the warning says what failed, and a
    # debug line carries the underlying exception (an SMTP 535, a refused connection).
    with apprise.LogCapture(level=logging.DEBUG, fmt="%(levelname)s %(message)s") as logs:  # type: ignore[no-untyped-call]
        ok = sender.notify(body=body, title=title, body_format=fmt)
    if not ok:
        reasons = []
        for line in logs.getvalue().splitlines():
            level, _, text = line.partition(" ")
            if level in ("WARNING", "ERROR") or text.startswith("Socket Exception:"):
                reasons.append(text.strip()[:300])
        reason = "; ".join(dict.fromkeys(r for r in reasons if r))
        reason = reason or "the service did not accept the message"
        raise CopkitError(
            f"could not post to {target.name}: {reason}",
            hint="Check the channel's URL"
            + (f" in ${target.env}" if target.env else "")
            + " and that the service is reachable; nothing was retried.",
        )
    return form
