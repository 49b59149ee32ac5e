"""Messages for the community's channels: the day's activity, the nudge list, the meetup
reminder, each in the three forms a service may take (Markdown, plain text, HTML).

User text is escaped for each form here, once: a title holding `<script>` or `**` reaches a
chat as those characters, never as markup.
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date

from copkit.model import Challenge
from copkit.plural import of_us, plural
from copkit.render.text import visible
from copkit.services import schedule
from copkit.services.challenges import DayPost, human_date
from copkit.services.nudge import Nudge
from copkit.services.posting import MeetupReminder

NOT_WRITTEN = "(not written yet)"

_SPACES = re.compile(r"\s+")
_MD_SPECIAL = re.compile(r"([\\`*_\[\]<>#|~&])")
_MD_LINE_START = re.compile(r"^(\s*\d*)([-+=]|(?<=\d)[.)])")  # a list or heading marker


@dataclass(frozen=True)
class Message:
    """One message in every form; `subject` is for email, chats carry the heading in the body."""

    subject: str
    markdown: str
    text: str
    html: str


def flat(text: str) -> str:
    """Runs of whitespace, newlines included, folded to one space, and control characters
    spelt out: user text is one paragraph that no chat or mail client will obey."""
    return visible(_SPACES.sub(" ", text))


def md(text: str) -> str:
    """User text as literal Markdown: markup characters escaped, one paragraph."""
    return _MD_LINE_START.sub(r"\1\\\2", _MD_SPECIAL.sub(r"\\\1", flat(text)))


# A message is built once as a list of blocks, then written in each form. A block is a
# paragraph (a list of spans) or a bullet list (a list of paragraphs). A span is text with a
# style: "" (plain), "b" (bold) or "code" (a command); user text goes in as it is and each
# writer escapes it.

Span = tuple[str, str]  # (text, style)
Para = list[Span]


@dataclass(frozen=True)
class Block:
    para: Para | None = None
    items: list[Para] | None = None
    quote: bool = False


def _write(
    blocks: list[Block], span: Callable[[str, str], str], item: str, quote: str, sep: str = "\n\n"
) -> str:
    out = []
    for b in blocks:
        if b.items is not None:
            out.append("\n".join(item + "".join(span(t, s) for t, s in p).strip() for p in b.items))
        elif b.para is not None:
            text = "".join(span(t, s) for t, s in b.para)
            out.append(quote + text.strip() if b.quote else text.strip())
    return sep.join(out) + "\n"


def _md_span(text: str, style: str) -> str:
    if style == "code":
        return f"`{flat(text).replace('`', '')}`"  # copkit's own commands: never a backtick
    return f"**{md(text)}**" if style == "b" else md(text)


def _markdown(blocks: list[Block]) -> str:
    return _write(blocks, _md_span, "- ", "> ")


def _text(blocks: list[Block]) -> str:
    return _write(blocks, lambda t, s: flat(t), "- ", "")


def _html(blocks: list[Block]) -> str:
    def span(t: str, style: str) -> str:
        e = html.escape(flat(t))
        tag = {"b": "strong", "code": "code"}.get(style)
        return f"<{tag}>{e}</{tag}>" if tag else e

    out = []
    for b in blocks:
        if b.items is not None:
            lis = "".join(f"<li>{''.join(span(t, s) for t, s in p)}</li>" for p in b.items)
            out.append(f"<ul>{lis}</ul>")
        elif b.para is not None:
            text = "".join(span(t, s) for t, s in b.para)
            out.append(f"<blockquote>{text}</blockquote>" if b.quote else f"<p>{text}</p>")
    return "\n".join(out) + "\n"


def _message(subject: str, blocks: list[Block]) -> Message:
    return Message(
        subject=flat(subject),
        markdown=_markdown(blocks),
        text=_text(blocks),
        html=_html(blocks),
    )


def _p(*spans: str | Span) -> Block:
    return Block(para=[(s, "") if isinstance(s, str) else s for s in spans])


def _b(text: str) -> Span:
    return (text, "b")


def _code(text: str) -> Span:
    return (text, "code")


_CODE_SPAN = re.compile(r"`([^`\n]+)`")


def _prose(text: str) -> list[Span]:
    """A set author's text: `inline code` (a command a day names) becomes a code span, the
    rest stays plain user text that each writer escapes; a lone backtick stays a character."""
    spans: list[Span] = []
    at = 0
    for m in _CODE_SPAN.finditer(text):
        if m.start() > at:
            spans.append((text[at : m.start()], ""))
        spans.append(_code(m.group(1)))
        at = m.end()
    if at < len(text) or not spans:
        spans.append((text[at:], ""))
    return spans


# ---- the day's activity ----------------------------------------------------------------------


def day_message(post: DayPost) -> Message:
    """The day's activity: day N of L and its date, the title, the prompt, both levels, the
    suggested time, the mantra on day 1, the meetup on the last day, and how to journal it."""
    title = post.title or NOT_WRITTEN
    blocks = [
        _p(
            _b(f"{post.challenge_title}, day {post.day} of {post.length}"),
            f" ({human_date(post.date)})",
        ),
        _p(_b(f"{post.kind.capitalize()}: {title}")),
        Block(para=_prose(post.prompt or "The challenge lead has not written this day yet.")),
    ]
    if post.minutes:
        blocks.append(_p(f"Suggested time: {plural(post.minutes, 'minute')}."))
    levels = [
        (label, text)
        for label, text in (
            ("Starter", post.levels.starter if post.levels else None),
            ("Experienced", post.levels.experienced if post.levels else None),
        )
        if text
    ]
    if levels:
        blocks.append(
            Block(items=[[_b(f"{label}:"), (" ", ""), *_prose(text)] for label, text in levels])
        )
    if post.mantra:
        blocks.append(Block(para=_prose(post.mantra), quote=True))
    if post.meetup is not None:
        where = f", {post.meetup.where}" if post.meetup.where else ""
        blocks.append(_p(f"Report-back meetup: {human_date(post.meetup.date)}{where}."))
    blocks.append(
        _p(
            "Log your day: ",
            _code(f"copkit journal add {post.challenge} --day {post.day}"),
        )
    )
    subject = f"{post.challenge_title}: day {post.day} of {post.length}, {title}"
    return _message(subject, blocks)


# ---- the nudge list --------------------------------------------------------------------------


def _nudge(
    items: Iterable[Nudge],
    challenge_id: str,
    challenge: Challenge,
    today: date,
    names: dict[str, str],
) -> tuple[str, list[Block]]:
    """The nudge message, written once: its subject and blocks, for the channels' posts
    (`nudge_post`) and the terminal's text ready to paste (`nudge_text`)."""

    def who(member: str) -> str:
        return names.get(member, member)

    ordered = sorted(items, key=lambda n: (-n.days_silent, n.member))
    day = schedule.day_of(challenge, today)
    when = f" (day {day} of {challenge.length})" if day is not None else ""
    rows: list[Para] = []
    for n in ordered:
        span = f"{plural(n.days_silent, 'day')}"
        silent = (
            f"no entry since day {n.last_entry_day} ({span})"
            if n.last_entry_day
            else f"no entry yet ({span})"
        )
        reach = (
            " and ".join(who(p) for p in n.partners) + ", could you check in?"
            if n.partners
            else "No partner yet: could someone reach out?"
        )
        rows.append([_b(who(n.member)), (f": {silent}. {reach}", "")])
    blocks = [
        _p(
            _b(f"Check-in time for {challenge.title}{when}"),
            f"! {of_us(len(ordered)).capitalize()} gone quiet; partners, a short "
            '"how is it going?" helps a lot:',
        ),
        Block(items=rows),
        _p(
            "Missed some days? That's fine: pick up today's activity (",
            _code(f"copkit challenge today {challenge_id}"),
            ") or log a skipped day.",
        ),
    ]
    return f"{challenge.title}: check-in time{when}", blocks


def nudge_post(
    items: Iterable[Nudge],
    challenge_id: str,
    challenge: Challenge,
    today: date,
    names: dict[str, str],
) -> Message:
    """The participants who have gone quiet, each addressed to the partners who should check in."""
    subject, blocks = _nudge(items, challenge_id, challenge, today, names)
    return _message(subject, blocks)


def nudge_text(
    items: Iterable[Nudge],
    challenge_id: str,
    challenge: Challenge,
    today: date,
    names: dict[str, str],
) -> str:
    """The same message as `nudge_post`, as plain lines for the terminal (`challenge nudge`
    shows it ready to paste): one line per paragraph and per person, user text made visible."""
    _, blocks = _nudge(items, challenge_id, challenge, today, names)
    return _write(blocks, lambda t, s: flat(t), "- ", "", sep="\n").rstrip("\n")


# ---- the meetup reminder ---------------------------------------------------------------------


def meetup_post(r: MeetupReminder) -> Message:
    """The report-back meetup: when and where, and what to bring."""
    when = {0: "today", 1: "tomorrow", 7: "in a week"}.get(r.days_to_go, f"in {r.days_to_go} days")
    where = f", {r.meetup.where}" if r.meetup.where else ""
    blocks = [
        _p(_b(f"{r.challenge_title}: the report-back meetup is {when}")),
        _p(f"{human_date(r.meetup.date)}{where}."),
        _p(
            "Bring one highlight of your month. The report-back quotes only the entries marked ",
            _code("highlight: true"),
            f" in their front matter (journals/{r.challenge}/<you>/day-NN.md): mark yours "
            "before the meetup.",
        ),
    ]
    return _message(f"{r.challenge_title}: report-back meetup {when}", blocks)
