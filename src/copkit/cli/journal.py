"""copkit journal add | list | show: a participant's daily entries, one Markdown file per day."""

from __future__ import annotations

import contextlib
import os
import sys
from typing import TYPE_CHECKING

import typer

from copkit.cli import completion
from copkit.cli.common import AsOpt, JsonOpt, NoCacheOpt, workspace

if TYPE_CHECKING:
    from datetime import date

    from copkit.model import Challenge, JournalEntry, Plan
    from copkit.storage.workspace import Workspace

app = typer.Typer(no_args_is_help=True)

ChallengeArg = typer.Argument(
    None,
    metavar="CHALLENGE",
    help="The challenge id; may be left out while exactly one challenge is running.",
    autocompletion=completion.challenges,
)


def _statuses(incomplete: str) -> list[str]:
    return [s for s in ("done", "partial", "skipped") if s.startswith(incomplete)]


def interactive() -> bool:
    """In a terminal: stdin is a TTY; COPKIT_INTERACTIVE=1 or 0 forces it either way."""
    forced = os.environ.get("COPKIT_INTERACTIVE", "").strip()
    if forced in ("0", "1"):
        return forced == "1"
    return sys.stdin is not None and sys.stdin.isatty()


def _stdin_text() -> str:
    """The text piped to `-m -`: a closed or unreadable standard input is the user's to fix."""
    from copkit.errors import CopkitError

    stream = getattr(sys.stdin, "buffer", None)
    if stream is None:
        raise CopkitError(
            "-m -: there is no standard input to read the entry's text from",
            hint="Pipe the text in (echo 'words' | copkit journal add -m -) or give it with -m TEXT.",
        )
    try:
        data = stream.read()
    except OSError as e:
        raise CopkitError(f"-m -: standard input cannot be read ({e.strerror or e})") from None
    try:
        return str(data.decode("utf-8"))
    except UnicodeDecodeError as e:
        raise CopkitError(
            f"-m -: the text piped in is not UTF-8 (byte {data[e.start]:#04x} at offset {e.start})",
            hint="Save or convert the text as UTF-8, then pipe it again; nothing was written.",
        ) from None


def _challenge(
    ws: Workspace, challenge: str | None, on: date, today: date, member: str | None
) -> tuple[str, Challenge]:
    """The named challenge, or the one running on `on`, else today (preferring those that
    `member` joined): its id and its value, loaded once."""
    from copkit.errors import CopkitError
    from copkit.storage import cache  # parsed copies in .copkit/: calendars are slow to parse
    from copkit.storage.workspace import require_slug

    if challenge is not None:
        return challenge, cache.challenge(ws, require_slug(challenge, "challenge"))
    from copkit.services.challenges import pick_running

    challenges = cache.challenges(ws)
    broken = [c for c in ws.ids("challenges") if c not in challenges]
    if broken:
        # a broken calendar may be the one running: never guess, and never write the words
        # into another challenge
        raise CopkitError(
            f"challenges/{broken[0]}.yaml cannot be read, so copkit cannot tell which "
            "challenge is running; name the challenge",
            hint=f"For example: copkit journal add CHALLENGE ...; `copkit check` says what is "
            f"wrong with {', '.join(f'challenges/{b}.yaml' for b in broken)}.",
        )
    joined = {c for c in challenges if member and ws.plan_path(c, member).exists()}
    try:
        picked = pick_running(challenges, on, joined=joined, example="copkit journal add")
    except CopkitError:
        # A --date outside every challenge: the challenge running today, so that the
        # refusal names the challenge and its dates.
        if on == today:
            raise
        picked = pick_running(challenges, today, joined=joined, example="copkit journal add")
    return picked, challenges[picked]


def _plan(ws: Workspace, challenge: str, member: str) -> Plan | None:
    from copkit.storage.journals import read_plan  # canonical plans skip ruamel

    return read_plan(ws, challenge, member)


def _day_or_date(day: int | None, on: str | None) -> None:
    if day is not None and on is not None:
        raise typer.BadParameter("give --day or --date, not both", param_hint="'--day' / '--date'")


@app.command("add")
def add(
    challenge: str = ChallengeArg,
    as_member: str = AsOpt,
    day: int = typer.Option(None, "--day", metavar="N", help="The challenge day (default today)."),
    on: str = typer.Option(
        None, "--date", metavar="DATE", help="The date: YYYY-MM-DD, today, yesterday."
    ),
    status: str = typer.Option(
        None,
        "--status",
        metavar="STATUS",
        help="done (the default), partial or skipped.",
        autocompletion=_statuses,
    ),
    minutes: int = typer.Option(None, "--minutes", metavar="N", help="Minutes spent."),
    mood: int = typer.Option(None, "--mood", metavar="1-5", help="How it felt, 1 (low) to 5."),
    tag: list[str] = typer.Option(None, "--tag", metavar="TAG", help="A tag (repeat for more)."),
    highlight: bool = typer.Option(
        False, "--highlight", help="Offer this entry to the report-back."
    ),
    checkin: bool = typer.Option(
        False, "--checkin", help="Record that you checked in with your partner today."
    ),
    private: bool = typer.Option(
        False,
        "--private",
        help="Keep the words in private/day-NN.md, in this checkout only (git-ignored); "
        "the shared entry holds the fields and `private: true`.",
    ),
    shared: bool = typer.Option(
        False,
        "--shared",
        help="Commit the words with the entry, even where the challenge "
        "keeps journals private by default.",
    ),
    message: str = typer.Option(
        None,
        "-m",
        "--message",
        metavar="TEXT",
        help="The entry's text ('-' reads it from stdin); without it copkit opens your editor.",
    ),
    force: bool = typer.Option(
        False,
        "--force",
        help="Replace an existing entry; without new text, its words are kept (and moved with "
        "--private or --shared).",
    ),
) -> None:
    """Write your journal entry for today (or --day N, --date D).

    The entry is journals/CHALLENGE/YOU/day-NN.md. With -m it is written at once; without -m,
    in a terminal, your editor opens on a template with the day's activity. A private entry
    (--private, or the challenge's default) keeps its words in
    journals/CHALLENGE/YOU/private/day-NN.md, which git ignores.
    """
    from copkit.cli.common import today, whoami
    from copkit.errors import CopkitError
    from copkit.services import journal as rules
    from copkit.services.dates import parse_date
    from copkit.storage.journals import entry_files_present, save_entry

    _day_or_date(day, on)
    if private and shared:
        raise typer.BadParameter(
            "give --private or --shared, not both", param_hint="'--private' / '--shared'"
        )
    ws = workspace()
    member = whoami(ws, as_member)
    now = today(ws)
    when = parse_date(on, now, what="--date") if on is not None else None
    challenge, ch = _challenge(ws, challenge, when or now, now, member)
    plan_rel = ws.rel(ws.plan_path(challenge, member))
    plan = rules.check_participant(challenge, member, _plan(ws, challenge, member), plan_rel)
    target = rules.entry_target(challenge, ch, now, day=day, on=when)
    path = ws.entry_path(challenge, member, target.day, ch.length)
    private_rel = ws.rel(ws.private_entry_path(challenge, member, target.day, ch.length))
    rel = ws.rel(path)
    present = entry_files_present(ws, challenge, member, target.day, ch.length)
    if present and not force:
        what = "an entry" if present[0] == rel else "private words"
        raise CopkitError(
            f"{present[0]} already exists: {member} has {what} for day {target.day}",
            hint="Use --force to replace it, or edit the file itself.",
        )
    old, old_words = (
        _existing(ws, challenge, member, target.day, ch.length) if present else (None, "")
    )
    is_private = rules.entry_privacy(ch, private=private, shared=shared, existing=old)
    entry = rules.new_entry(
        target,
        status=status or "done",
        minutes=minutes,
        mood=mood,
        tags=tag or [],
        highlight=highlight,
        checkin=checkin,
        private=is_private,
    )
    # the old entry with the fields given on the command line (--highlight, --status, ...)
    updated = (
        None
        if old is None
        else rules.updated_entry(
            old,
            private=is_private,
            status=status,
            minutes=minutes,
            mood=mood,
            tags=tag,
            highlight=highlight,
            checkin=checkin,
        )
    )
    edited = None
    if message is not None:
        body = _stdin_text() if message == "-" else message
    elif present and not interactive():
        # --force without new text: the words stay, the fields given replace the old ones,
        # and the entry moves to where --private or --shared puts it
        body = old_words
        if updated is not None:
            entry = updated
    elif entry.status == "skipped":
        body = ""  # a skipped day needs no words: no editor, no -m
    else:
        if not interactive():
            raise CopkitError(
                "no text for the entry: pass it with -m TEXT",
                hint="copkit opens your editor ($VISUAL or $EDITOR) only when run in a terminal.",
            )
        quote = rules.activity_quote(challenge, ch, target, plan.level)
        note = rules.privacy_note(is_private, private_rel)
        moved = old is not None and old.private != is_private
        # fields given on the command line (--highlight, --status, ...) are applied to the
        # entry the editor opens on, and saving it unchanged still saves them
        flagged = old is not None and (
            any(v is not None for v in (status, minutes, mood, tag)) or highlight or checkin
        )
        as_is = None
        if path.exists() and not is_private and not flagged and (old is None or not old.private):
            with contextlib.suppress(OSError, UnicodeDecodeError):  # else: from its fields
                as_is = path.read_text(encoding="utf-8")  # the file as it is, formatting and all
        if as_is is not None:
            start = as_is
        elif present:
            import msgspec

            if old is None:
                was = entry
            elif flagged and updated is not None:
                was = updated
            else:
                was = msgspec.structs.replace(old, private=is_private)
            start = rules.editor_existing(was, old_words, note)
        else:
            start = rules.editor_template(entry, quote, note)
        edited = _edit(start, path.name)
        if rules.is_empty(edited.text) or (
            rules.is_unchanged(start, edited.text) and not (moved or flagged)
        ):
            edited.discard()
            how = "emptied" if rules.is_empty(edited.text) else "left unchanged"
            sys.stderr.write(f"Not saved: the entry was {how}, so {rel} was not written.\n")
            raise typer.Exit(1)
        try:
            entry, body = rules.parse_edited(edited.text, rel, challenge, target, quote)
        except CopkitError as e:
            raise CopkitError(
                e.message,
                hint=f"Nothing was saved; your text is kept in {edited.path}. Fix it there and "
                f"copy it to {rel}, then run `copkit check`.",
            ) from None
    try:
        save_entry(ws, challenge, member, target.day, ch.length, entry, body, force=force)
    except CopkitError as e:
        if edited is not None:  # someone wrote the entry while the editor was open
            raise CopkitError(e.message, hint=f"Your text is kept in {edited.path}.") from None
        raise
    if edited is not None:
        edited.discard()
    where = f", private: the words are in {private_rel}" if entry.private else ""
    sys.stderr.write(
        f"{'Replaced' if present else 'Wrote'} {rel} (day {target.day}, {entry.status}{where})\n"
    )


def _existing(
    ws: Workspace, challenge: str, member: str, day: int, length: int
) -> tuple[JournalEntry | None, str]:
    """The entry being replaced (None when only its private words are here) and its words:
    the private ones and any left in the shared file, so that a move never loses a word."""
    from copkit.storage.journals import read_private_words

    path = ws.entry_path(challenge, member, day, length)
    old, shared_words = None, ""
    if path.exists() or path.is_symlink():
        loaded = ws.load_entry(path)
        old = None if loaded.errors else loaded.value  # a broken file is replaced as before
        shared_words = loaded.body or ""
    private_words = read_private_words(ws, challenge, member, day, length) or ""
    parts = [w.strip("\n") for w in (private_words, shared_words) if w.strip()]
    return old, "\n\n".join(parts) + "\n" if parts else ""


class _Edited:
    def __init__(self, path: str, text: str) -> None:
        self.path, self.text = path, text

    def discard(self) -> None:
        import shutil

        shutil.rmtree(os.path.dirname(self.path), ignore_errors=True)


def split_command(value: str, *, windows: bool = os.name == "nt") -> list[str]:
    """$VISUAL / $EDITOR as a command line: POSIX rules, or Windows' where backslashes are
    path separators (`C:\\Tools\\vim.exe`) and double quotes only group words."""
    import shlex

    words = shlex.split(value, posix=not windows)
    if windows:
        words = [w[1:-1] if len(w) >= 2 and w[0] == w[-1] == '"' else w for w in words]
    return words


def _edit(text: str, name: str) -> _Edited:
    """Opens $VISUAL or $EDITOR on `text` in a temporary file; the text as saved."""
    import subprocess
    import tempfile

    from copkit.errors import CopkitError

    command: list[str] = []
    for var in ("VISUAL", "EDITOR"):
        value = os.environ.get(var, "").strip()
        if value:
            try:
                command = split_command(value)
            except ValueError as e:
                raise CopkitError(f"${var} cannot be read as a command ({e}): {value!r}") from None
            break
    if not command:
        raise CopkitError(
            "no editor to write the entry in: $VISUAL and $EDITOR are not set",
            hint="Set one (for example: export EDITOR=nano), or pass the text with -m TEXT.",
        )
    folder = tempfile.mkdtemp(prefix="copkit-entry-")
    path = os.path.join(folder, name)
    with open(path, "w", encoding="utf-8", newline="\n") as f:
        f.write(text)
    edited = _Edited(path, text)
    try:
        code = subprocess.run([*command, path], check=False).returncode
    except OSError as e:
        edited.discard()
        raise CopkitError(
            f"cannot run your editor {command[0]!r}: {e.strerror or e}",
            hint="Set $VISUAL or $EDITOR to an editor on your PATH, or pass the text with -m TEXT.",
        ) from None
    edited.text = _saved_text(path, command[0])
    if code != 0:
        if edited.text == text:
            edited.discard()
            raise CopkitError(
                f"your editor {command[0]!r} exited with status {code}; nothing was saved"
            )
        raise CopkitError(
            f"your editor {command[0]!r} exited with status {code}; nothing was saved",
            hint=f"Your text is kept in {path}.",
        )
    return edited


def _saved_text(path: str, editor: str) -> str:
    """The text the editor saved in `path`, as UTF-8; a CopkitError when it is gone or in
    another encoding, with the person's words left where they are (never decoded lossily)."""
    from copkit.errors import CopkitError

    try:
        with open(path, "rb") as f:
            raw = f.read()
    except FileNotFoundError:
        folder = os.path.dirname(path)
        kept = os.listdir(folder) if os.path.isdir(folder) else []
        if not kept:
            _Edited(path, "").discard()
        raise CopkitError(
            f"your editor {editor!r} deleted the file it was given ({path}); nothing was saved",
            hint=(
                f"Anything else it saved is still in {folder}."
                if kept
                else "Run the command again and save the text in the file the editor opens."
            ),
        ) from None
    except OSError as e:
        raise CopkitError(
            f"the text your editor saved cannot be read ({path}: {e.strerror or e}); "
            "nothing was saved"
        ) from None
    kept_in = f"Your text is kept, byte for byte, in {path}. Set your editor to save UTF-8 "
    if (wide := _utf16(raw)) is not None:  # ASCII in UTF-16 without a BOM decodes as UTF-8
        raise CopkitError(
            f"your editor {editor!r} saved the entry in UTF-16, not UTF-8 ({path}); "
            "nothing was saved",
            hint=f"{kept_in}and copy the text from there, or convert it: "
            f"iconv -f {wide} -t UTF-8 '{path}'",
        )
    try:
        return raw.removeprefix(b"\xef\xbb\xbf").decode("utf-8")  # a BOM is no part of it
    except UnicodeDecodeError as e:
        line = raw.count(b"\n", 0, e.start) + 1
        col = e.start - (raw.rfind(b"\n", 0, e.start) + 1) + 1
        raise CopkitError(
            f"your editor {editor!r} saved the entry in another encoding than UTF-8 "
            f"(byte 0x{raw[e.start]:02x} at {path}:{line}:{col}); nothing was saved",
            hint=f"{kept_in}and copy the text from there, or convert it: "
            f"iconv -f LATIN1 -t UTF-8 '{path}'",
        ) from None


def _utf16(raw: bytes) -> str | None:
    """The iconv name of the UTF-16 an editor saved (Windows editors call it "Unicode"),
    or None: a byte-order mark, else a NUL in every other byte of the first ones. UTF-8
    text holds no NUL, so neither is ever taken for the other."""
    if raw[:2] in (b"\xff\xfe", b"\xfe\xff"):
        return "UTF-16"  # iconv reads the order from the mark
    head = raw[:512]
    pairs = len(head) // 2
    if pairs < 2:
        return None
    if head[1::2].count(0) >= pairs * 0.9:
        return "UTF-16LE"
    if head[0::2].count(0) >= pairs * 0.9:
        return "UTF-16BE"
    return None


def _entries_json(rows: list[tuple[str, int, JournalEntry]]) -> list[dict[str, object]]:
    return [
        {
            "member": member,
            "day": day,
            "date": e.date.isoformat(),
            "status": e.status,
            "minutes": e.minutes,
            "mood": e.mood,
            "tags": e.tags,
            "highlight": e.highlight,
            "partner_checkin": e.partner_checkin,
            "private": e.private,
        }
        for member, day, e in rows
    ]


@app.command("list")
def list_(
    challenge: str = ChallengeArg,
    as_member: str = typer.Option(
        None,
        "--as",
        metavar="MEMBER",
        help="Only this member's entries (default: everyone's).",
        autocompletion=completion.members,
    ),
    json_out: bool = JsonOpt,
    no_cache: bool = NoCacheOpt,
) -> None:
    """List the journal entries of a challenge, by member then day."""
    from copkit.cli.common import today
    from copkit.storage.journals import load_journals

    ws = workspace()
    if as_member is not None:
        ws.known("member", as_member)
    now = today(ws)
    challenge, ch = _challenge(ws, challenge, now, now, as_member)
    data = load_journals(ws, challenge, ch, use_cache=not no_cache)
    rows = [
        (m, d, e)
        for m in sorted(data.entries)
        if as_member is None or m == as_member
        for d, e in sorted(data.entries[m].items())
    ]
    from copkit.cli.progress import _journal_note

    _journal_note(data.problems)
    if json_out:
        from copkit.render.console import print_json

        print_json(_entries_json(rows))
        return
    from copkit.render.console import out

    names = ws.member_names({m for m, _, _ in rows} | ({as_member} if as_member else set()))
    if not rows:
        who = f"{names.get(as_member, as_member)} has not" if as_member else "nobody has"
        out().print(f"No entries in {challenge} yet: {who} journaled.", markup=False)
        return
    from copkit.render.journal import entries_table
    from copkit.render.progress import show

    show(entries_table(rows, challenge, as_member, out().width, names))


@app.command("show")
def show(
    challenge: str = ChallengeArg,
    as_member: str = AsOpt,
    day: int = typer.Option(None, "--day", metavar="N", help="The challenge day (default today)."),
    on: str = typer.Option(None, "--date", metavar="DATE", help="The date instead of --day."),
    json_out: bool = JsonOpt,
) -> None:
    """Show one entry: its fields, and its text rendered as Markdown."""
    from copkit.cli.common import today, whoami
    from copkit.errors import CopkitError
    from copkit.services.dates import parse_date

    _day_or_date(day, on)
    ws = workspace()
    member = whoami(ws, as_member)
    now = today(ws)
    when = parse_date(on, now, what="--date") if on is not None else None
    challenge, ch = _challenge(ws, challenge, when or now, now, member)
    if day is not None and not 1 <= day <= ch.length:
        raise CopkitError(f"day {day} is not a day of {challenge}: its days are 1..{ch.length}")
    from copkit.services import schedule

    n = day if day is not None else schedule.day_of(ch, when or now)
    if n is None:
        cal = schedule.calendar(ch)
        rest = schedule.rest_note(ch, when or now, now)
        raise CopkitError(
            f"{when or now} is not a day of {challenge}"
            + (f": {rest}" if rest else f" ({cal.first} to {cal.end})"),
            hint="Name the day with --day N.",
        )
    path = ws.entry_path(challenge, member, n, ch.length)
    if not path.exists():
        raise CopkitError(
            f"{member} has no entry for day {n} of {challenge} ({ws.rel(path)} does not exist)",
            hint=f"Write it with: copkit journal add {challenge} --as {member} --day {n}",
        )
    loaded = ws.load_entry(path)
    entry = loaded.require()
    body: str | None = loaded.body or ""
    if entry.private:  # the words live in private/, in their author's checkout only
        from copkit.storage.journals import read_private_words

        body = read_private_words(ws, challenge, member, n, ch.length)
    if json_out:
        from copkit.render.console import print_json

        data = _entries_json([(member, n, entry)])[0]
        data["body"] = body
        print_json(data)
        return
    from copkit.render.console import out
    from copkit.render.journal import entry_view

    out().print(entry_view(challenge, ch, ws.name_of(member), n, entry, body, ws.rel(path)))
