"""The workspace on disk: finding the root, where each file lives, loading and saving models."""

from __future__ import annotations

import contextlib
import os
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import Any, TypeVar

import msgspec

from copkit.errors import CopkitError, Problem
from copkit.model import Challenge, Charter, Config, JournalEntry, Member, Plan, SignUp, Template
from copkit.model.ids import RESERVED, did_you_mean, is_slug, suggest_slug
from copkit.model.rules import (
    challenge_rules,
    charter_rules,
    plan_rules,
    signup_rules,
    template_rules,
)
from copkit.storage import frontmatter
from copkit.storage.atomic import write_atomic
from copkit.storage.documents import Loaded, load_markdown, load_yaml, read_text
from copkit.storage.limits import require_readable

T = TypeVar("T")
CONFIG = "copkit.yaml"
VOLUNTEERS = "volunteers"  # charters/<charter>/volunteers/<member>.yaml
ENTRY_RE = re.compile(r"^day-(\d+)\.md$")
PRIVATE = "private"  # journals/<challenge>/<member>/private/: words kept out of git
PRIVATE_IGNORE = "journals/**/private/"  # the .gitignore line that keeps them out
# where the file of each kind of identifier lives: <folder>/<id>.yaml
ID_FOLDERS = {"member": "members", "charter": "charters", "challenge": "challenges"}


LOOP = "is a symbolic link that loops (it leads back to itself); remove it or point it at a file"


class Outside(CopkitError):
    """A path that leads outside the workspace root, or a looping link: never read, never
    written."""


def _real(p: Path) -> Path | None:
    """Where `p` leads, links followed; None for a link that loops (Python 3.11 raises
    RuntimeError for it, later versions OSError)."""
    try:
        return p.resolve(strict=False)
    except (RuntimeError, OSError):
        return None


def require_slug(value: str, what: str) -> str:
    """`value` if it is a valid identifier, else a CopkitError suggesting one."""
    if is_slug(value):
        return value
    if value in RESERVED:
        raise CopkitError(
            f"{value!r} cannot be a {what} id: Windows reserves the name for a device and Git "
            f"for Windows cannot check out such a file; try {suggest_slug(value, what)!r}"
        )
    raise CopkitError(
        f"{value!r} is not a valid {what} id: use lowercase letters, digits and single hyphens "
        f"(at most 64 characters); try {suggest_slug(value, what)!r}"
    )


def entry_name(day: int, length: int) -> str:
    """day-NN.md, zero-padded to the width of the challenge length (at least two digits)."""
    return f"day-{day:0{max(2, len(str(length)))}d}.md"


def current_folder(hint: str = "cd to the workspace again, or give it with --root DIR.") -> Path:
    """The current folder, for root discovery, `init` and every relative path the user types
    (--output, --ics, --to); one message when it was deleted or moved away (issue 20 F03)."""
    try:
        return Path.cwd()
    except OSError:  # the current folder was deleted or cannot be read
        raise CopkitError(
            "the current folder no longer exists (deleted or moved while this shell was in it)",
            hint=hint,
        ) from None


_INIT_HINT = "cd to an existing folder, or give copkit init the full path of the new workspace."


def new_root(directory: Path) -> Path:
    """Where `copkit init DIR` makes the workspace: DIR with its links followed. A link on
    the way that loops, or that leads nowhere, is refused: following it would fail, or
    create its target, which may lie anywhere (issue 20 F26)."""
    try:
        given = directory.expanduser()
    except RuntimeError:  # ~name of an unknown user
        raise CopkitError(f"{directory}: no such user's home folder") from None
    full = given if given.is_absolute() else current_folder(_INIT_HINT) / given
    for p in (*reversed(full.parents), full):
        if p.is_symlink() and not p.exists():
            target = _real(p)
            if target is None:
                raise CopkitError(
                    f"{p} {LOOP}",
                    hint="Choose another place for the workspace; nothing was written.",
                )
            raise CopkitError(
                f"{p} is a symbolic link to {os.readlink(p)}, which does not exist; copkit "
                "does not create a workspace through a link that leads nowhere",
                hint=f"Create {target} first, or remove the link and run copkit init again; "
                "nothing was written.",
            )
    real = _real(full)
    if real is None:  # a loop the walk above could not see (a link that appeared since)
        raise CopkitError(f"{full} {LOOP}")
    return real


def find_root(explicit: str | os.PathLike[str] | None = None, start: Path | None = None) -> Path:
    """--root / COPKIT_ROOT, else the nearest folder at or above `start` holding copkit.yaml."""
    if explicit:
        try:
            root = Path(explicit).expanduser().resolve()
            found = (root / CONFIG).is_file()
        except RuntimeError as e:  # ~user with no home folder; a loop of symbolic links
            raise CopkitError(
                f"--root {os.fspath(explicit)}: {e}",
                hint="Give the workspace's folder as a plain path.",
            ) from None
        except OSError as e:
            raise CopkitError(f"--root {os.fspath(explicit)}: {e.strerror or e}") from None
        if not found:
            raise CopkitError(
                f"{root} is not a copkit workspace (no {CONFIG} there)",
                hint=f"Create one with: copkit init {root} --name 'Your community'",
            )
        return root
    base = start or current_folder()
    here = _real(base) or base
    for folder in (here, *here.parents):
        try:
            if (folder / CONFIG).is_file():
                return folder
        except OSError:
            continue
    raise CopkitError(
        f"no copkit workspace here: no {CONFIG} in {here} or any folder above it",
        hint="Create one with `copkit init --name 'Your community'`, or point at one with --root DIR or COPKIT_ROOT.",
    )


@dataclass
class Workspace:
    root: Path

    @classmethod
    def find(cls, explicit: str | os.PathLike[str] | None = None) -> Workspace:
        return cls(find_root(explicit))

    # ---- layout ---------------------------------------------------------------------------
    def rel(self, path: Path) -> str:
        try:
            return path.relative_to(self.root).as_posix()
        except ValueError:
            return str(path)

    def path(self, *parts: str) -> Path:
        """A path under the root; refuses anything that would leave it, even through symlinks."""
        for part in parts:
            if not part or part in (".", "..") or "/" in part or "\\" in part or "\0" in part:
                raise CopkitError(f"{part!r} is not a valid path part inside the workspace")
        p = self.root.joinpath(*parts)
        if (why := self.outside(p)) is not None:
            raise Outside(why)
        return p

    def outside(self, p: Path) -> str | None:
        """Why `p` cannot be used: it leads outside the root (through a link on the way, or
        being one), or it is a link that loops (a.yaml -> a.yaml); else None."""
        real_root = _real(self.root) or self.root
        if p.is_symlink():
            target = _real(p)
            if target is None:
                return f"{self.rel(p)} {LOOP}"
            if target != real_root and real_root not in target.parents:
                return (
                    f"{self.rel(p)} is a link to {target}, outside the workspace; copkit reads "
                    "and writes nothing through it: replace the link with the file or folder "
                    "itself"
                )
        probe = p
        while not probe.exists() and probe != probe.parent:
            if probe.is_symlink() and _real(probe) is None:
                return f"{self.rel(probe)} {LOOP}"
            probe = probe.parent
        real = _real(probe)
        if real is None:
            return f"{self.rel(probe)} {LOOP}"
        if real != real_root and real_root not in real.parents:
            return f"{self.rel(p)} leads outside the workspace ({real}); copkit refuses to use it"
        return None

    def _load(
        self, parts: tuple[str, ...], loader: Any, model: type[T], rules: Any = None
    ) -> Loaded[T]:
        """Load a file inside the root; one that leads outside is a problem, not a read."""
        rel = "/".join(parts)
        try:
            p = self.path(*parts)
        except Outside as e:
            why = e.message.removeprefix(f"{rel} ")  # the problem names the file already
            return Loaded(rel, problems=[Problem(rel, 0, 0, "error", why)])
        result: Loaded[T] = loader(p, rel, model, rules)
        return result

    def output_path(self, given: str | os.PathLike[str], option: str = "--output") -> Path:
        """A file the user names for copkit to write (--output, --ics, --to): where the user
        says, relative to the current folder, like any other tool's -o (SPEC section 5).

        Only what copkit derives from identifiers and files is held inside the root; a path
        typed on purpose is the user's choice. `~` is the home folder.
        """
        text = os.fspath(given)
        full = typed_path(text, option)
        if not text.strip() or text.endswith(("/", os.sep)) or full.is_dir():
            raise CopkitError(
                f"{option} {text} is a folder; give a file name, e.g. reports/summary.md"
            )
        refuse_git_folder(full, f"{option} {text}")
        return full

    @property
    def config_path(self) -> Path:
        return self.root / CONFIG

    def member_path(self, member: str) -> Path:
        return self.path("members", f"{require_slug(member, 'member')}.yaml")

    def charter_path(self, charter: str) -> Path:
        return self.path("charters", f"{require_slug(charter, 'charter')}.yaml")

    def signup_dir(self, charter: str) -> Path:
        """charters/<charter>/volunteers/: one file per volunteer (the git-friendly rule)."""
        return self.path("charters", require_slug(charter, "charter"), VOLUNTEERS)

    def signup_path(self, charter: str, member: str) -> Path:
        return self.signup_dir(charter) / f"{require_slug(member, 'member')}.yaml"

    def challenge_path(self, challenge: str) -> Path:
        return self.path("challenges", f"{require_slug(challenge, 'challenge')}.yaml")

    def journal_dir(self, challenge: str, member: str | None = None) -> Path:
        parts = ["journals", require_slug(challenge, "challenge")]
        if member is not None:
            parts.append(require_slug(member, "member"))
        return self.path(*parts)

    # The folder is checked; a link in the file's place is not followed by writes (os.replace
    # swaps the link itself) and is reported by the loaders, so readers need not stop at it.
    def plan_path(self, challenge: str, member: str) -> Path:
        return self.journal_dir(challenge, member) / "plan.md"

    def entry_path(self, challenge: str, member: str, day: int, length: int) -> Path:
        return self.journal_dir(challenge, member) / entry_name(day, length)

    def private_dir(self, challenge: str, member: str) -> Path:
        """journals/<challenge>/<member>/private/: a member's private words, never committed."""
        return self.path(*self._journal_parts(challenge, member), PRIVATE)

    def private_entry_path(self, challenge: str, member: str, day: int, length: int) -> Path:
        """private/day-NN.md: the words of a private entry (plain Markdown, no front matter)."""
        return self.private_dir(challenge, member) / entry_name(day, length)

    @staticmethod
    def _journal_parts(challenge: str, member: str) -> tuple[str, str, str]:
        return ("journals", require_slug(challenge, "challenge"), require_slug(member, "member"))

    def ids(self, folder: str, suffix: str = ".yaml") -> list[str]:
        """Identifiers of the files in a folder, sorted (files named like slugs only)."""
        d = self.root / folder
        if not d.is_dir() or self.outside(d) is not None:  # never list through a link out
            return []
        out = []
        for e in os.scandir(d):
            if e.name.endswith(suffix) and not e.name.startswith("."):
                ident = e.name[: -len(suffix)]
                if is_slug(ident):
                    out.append(ident)
        return sorted(out)

    # ---- loading --------------------------------------------------------------------------
    def load_config(self) -> Loaded[Config]:
        return self._load((CONFIG,), load_yaml, Config, _config_rules)

    def config(self) -> Config:
        return self.load_config().require()

    def load_member(self, member: str) -> Loaded[Member]:
        return self._load(("members", f"{require_slug(member, 'member')}.yaml"), load_yaml, Member)

    def members(self) -> dict[str, Member]:
        """Every member that loads cleanly (check reports the others)."""
        from copkit.storage.fast_reader import read_member  # spares ruamel

        fast = not os.path.islink(self.root / "members")
        out = {}
        for m in self.ids("members"):
            value = read_member(os.path.join(self.root, "members", f"{m}.yaml")) if fast else None
            if value is None:
                value = self.load_member(m).value
            if value is not None:
                out[m] = value
        return out

    def member_names(self, ids: Iterable[str], *, fast: bool = True) -> dict[str, str]:
        """The names of the members `ids` whose files load cleanly, read fast where they can be
        (`fast` False, for --no-cache: the full loader only).

        Only the members a report shows are read: a member with no readable file is left out,
        and the caller shows the id instead (`copkit check` says what is wrong).
        """
        from copkit.storage.fast_reader import read_member

        fast = fast and not os.path.islink(self.root / "members")
        out = {}
        for m in sorted(set(ids)):
            if not is_slug(m):
                continue
            value = read_member(os.path.join(self.root, "members", f"{m}.yaml")) if fast else None
            if value is None:
                value = self.load_member(m).value
            if value is not None and value.name:
                out[m] = value.name
        return out

    def name_of(self, member: str) -> str:
        """The name people read for `member`: its name, or the id when it has none."""
        return self.member_names([member]).get(member, member)

    def load_charter(self, charter: str) -> Loaded[Charter]:
        parts = ("charters", f"{require_slug(charter, 'charter')}.yaml")
        return self._load(parts, load_yaml, Charter, partial(charter_rules, cid=charter))

    def load_signup(self, charter: str, member: str) -> Loaded[SignUp]:
        parts = (
            "charters",
            require_slug(charter, "charter"),
            VOLUNTEERS,
            f"{require_slug(member, 'member')}.yaml",
        )
        return self._load(
            parts, load_yaml, SignUp, partial(signup_rules, cid=charter, member=member)
        )

    def signups(self, charter: str) -> dict[str, Loaded[SignUp]]:
        """The pending sign-ups of a charter by member (files named like slugs only)."""
        folder = f"charters/{require_slug(charter, 'charter')}/{VOLUNTEERS}"
        return {m: self.load_signup(charter, m) for m in self.ids(folder)}

    def update_charter(self, loaded: Loaded[Charter], path: Path, value: Charter, cid: str) -> bool:
        """`update` for a charter, refused (nothing written) when the text it would write
        breaks a rule that `copkit check` applies: the same loader, the same rules."""
        from copkit.storage.documents import parse_yaml

        def check(text: str) -> None:
            again = parse_yaml(text, [], loaded.rel, Charter, partial(charter_rules, cid=cid))
            if again.errors:
                raise CopkitError(
                    f"cannot change {cid}: the result would break the charter rules:\n"
                    + "\n".join(f"  {p}" for p in again.errors),
                    hint=f"Nothing was written; {loaded.rel} is unchanged.",
                )

        return self.update(loaded, path, value, check=check)

    def charter(self, charter: str) -> Charter:
        return self._require(self.load_charter(charter), "charter", charter, "charters")

    def load_challenge(self, challenge: str) -> Loaded[Challenge]:
        parts = ("challenges", f"{require_slug(challenge, 'challenge')}.yaml")
        return self._load(parts, load_yaml, Challenge, challenge_rules)

    def challenge(self, challenge: str) -> Challenge:
        return self._require(self.load_challenge(challenge), "challenge", challenge, "challenges")

    def template_path(self, template: str) -> Path:
        return self.path("templates", f"{require_slug(template, 'template')}.yaml")

    def load_template(self, template: str) -> Loaded[Template]:
        """The community's own set templates/<template>.yaml, with every set rule applied."""
        parts = ("templates", f"{require_slug(template, 'template')}.yaml")
        return self._load(parts, load_yaml, Template, template_rules)

    def _require(self, loaded: Loaded[T], kind: str, ident: str, folder: str) -> T:
        self.known(kind, ident)
        return loaded.require()

    def known(self, kind: str, ident: str, *, hint: str | None = None) -> str:
        """`ident` when the workspace has a file of that kind (member, charter, challenge) by
        that id; else the one error every command gives for an unknown id: the file that is
        missing, the closest ids (did you mean), and how to add one. `hint` replaces the
        default advice when nothing is close."""
        require_slug(ident, kind)
        folder = ID_FOLDERS[kind]
        if (self.root / folder / f"{ident}.yaml").is_file():
            return ident
        known = self.ids(folder)
        message = f"no {kind} {ident!r} ({folder}/{ident}.yaml does not exist)"
        close = did_you_mean(ident, known)
        if close:
            raise CopkitError(f"{message}; {close}")
        if hint is None:
            hint = (
                f"Add them with: copkit member add {ident} --name NAME"
                if kind == "member"
                else f"The {folder}: {', '.join(known)}."
                if known
                else f"There are no {folder} yet."
            )
        raise CopkitError(message, hint=hint)

    def load_plan(self, challenge: str, member: str) -> Loaded[Plan]:
        parts = (*self._journal_parts(challenge, member), "plan.md")
        return self._load(parts, load_markdown, Plan, plan_rules)

    def load_entry(self, path: Path) -> Loaded[JournalEntry]:
        rel = self.rel(path)
        # one lstat per entry: the folders above were reached without following links
        if path.is_symlink() and (why := self.outside(path)) is not None:
            return Loaded(rel, problems=[Problem(rel, 0, 0, "error", why.removeprefix(f"{rel} "))])
        return load_markdown(path, rel, JournalEntry)

    def journal_members(self, challenge: str) -> list[str]:
        d = self.root / "journals" / challenge
        if not d.is_dir():
            return []
        return sorted(
            e.name for e in os.scandir(d) if e.is_dir(follow_symlinks=False) and is_slug(e.name)
        )

    def entry_files(self, challenge: str, member: str) -> Iterator[tuple[int, Path]]:
        """(day, path) of every day-NN.md in a member's journal folder, in day order."""
        d = self.root / "journals" / challenge / member
        found = []
        for e in os.scandir(d):
            m = ENTRY_RE.match(e.name)
            if m:
                found.append((int(m.group(1)), Path(e.path)))
        yield from sorted(found)

    # ---- writing --------------------------------------------------------------------------
    def write_new(self, path: Path, value: msgspec.Struct, *, force: bool = False) -> None:
        """Write a model as a new YAML file; refuses to replace one unless `force`."""
        self.require_dates_in_range(path, value)
        text = yaml_text(value)
        require_readable(self.rel(path), text, "yaml")  # never a file copkit cannot read back
        self.require_reads_back(path, text, type(value))
        write_atomic(path, text, overwrite=force, display=self.rel(path))

    def update(
        self,
        loaded: Loaded[Any],
        path: Path,
        value: msgspec.Struct,
        *,
        check: Callable[[str], None] | None = None,
    ) -> bool:
        """Save a changed model into its file, keeping comments and formatting; False if unchanged.
        `check`, when given, sees the new text first and raises to refuse it."""
        from copkit.storage import yamlio  # ruamel: only when YAML is written

        if loaded.doc is None:
            raise CopkitError(f"{loaded.rel} cannot be updated: it could not be read")
        self.require_dates_in_range(path, value)
        data = to_data(value)
        yamlio.merge_into(loaded.doc, data, keep=non_defaults(value))
        if loaded.body is not None:
            text = frontmatter.join(yamlio.dump(loaded.doc, loaded.indent), loaded.body)
        else:
            text = yamlio.dump(loaded.doc, loaded.indent)
        if text == loaded.text:
            return False
        require_readable(self.rel(path), text, "yaml" if loaded.body is None else "markdown")
        self.require_reads_back(path, text, type(value), markdown=loaded.body is not None)
        if check is not None:
            check(text)
        with self.lock(path):
            # read-modify-write: a file changed by someone else since it was read is never
            # overwritten with a version that lacks their change (six `charter report` runs at
            # once used to keep one report of six)
            now, _ = read_text(path, loaded.rel)
            if now != loaded.text:
                raise CopkitError(
                    f"{loaded.rel} changed while this command ran (another copkit command "
                    "wrote it); nothing was written",
                    hint="Run the command again: it will start from the new file.",
                )
            write_atomic(path, text, overwrite=True, display=self.rel(path))
        return True

    def remove_signups(self, charter: str, members: list[str]) -> None:
        """Delete folded sign-up files, then the folders left empty (git keeps no folders)."""
        folder = self.signup_dir(charter)
        for m in members:
            with contextlib.suppress(FileNotFoundError):
                (folder / f"{require_slug(m, 'member')}.yaml").unlink()
        for d in (folder, folder.parent):
            try:
                d.rmdir()
            except OSError:  # not empty, or gone
                break

    def require_dates_in_range(self, path: Path, value: msgspec.Struct) -> None:
        """No write leaves a date that the readers refuse (model/dates.py, issue 20 F01)."""
        from copkit.model.dates import dates_out_of_range

        found = dates_out_of_range(value)
        if found:
            raise CopkitError(
                f"{self.rel(path)} not written: " + "; ".join(message for _, message in found),
                hint="Nothing was changed.",
            )

    def require_reads_back(
        self, path: Path, text: str, model: type[msgspec.Struct], *, markdown: bool = False
    ) -> None:
        """No write leaves a value that the reader refuses: the text is read back by the same
        loader as every command and `check` (a model's bounds, e.g. a finite budget up to
        1e15, live in one place: its msgspec constraints; issue 20 F18)."""
        from copkit.storage.documents import parse_markdown, parse_yaml

        rel = self.rel(path)
        again = parse_markdown(text, rel, model) if markdown else parse_yaml(text, [], rel, model)
        if again.errors:
            message = again.errors[0].message
            raise CopkitError(
                f"{rel} was not written: copkit's own readers would refuse it: {message}",
                hint="Change the value you gave; nothing was written.",
            )

    @contextlib.contextmanager
    def lock(self, path: Path) -> Iterator[None]:
        """An exclusive lock on one file of the workspace, across processes and platforms,
        held for a read-modify-write. The lock file lives in .copkit/locks/ (git-ignored);
        where .copkit/ is not a plain folder of the workspace, in the system's temp folder."""
        import hashlib
        import tempfile

        from filelock import FileLock, Timeout

        from copkit.storage.scratch import own_folder

        key = hashlib.sha256(os.fsencode(os.path.realpath(path))).hexdigest()[:32]
        folder = own_folder(self.root, "locks") or Path(tempfile.gettempdir())
        try:
            with FileLock(str(folder / f"copkit-{key}.lock"), timeout=30):
                yield
        except Timeout:
            raise CopkitError(
                f"{self.rel(path)} is being written by another copkit command (waited 30 s)",
                hint="Run the command again once the other one has finished.",
            ) from None

    def write_markdown(
        self, path: Path, front: msgspec.Struct | dict[str, Any], body: str, *, force: bool = False
    ) -> None:
        if isinstance(front, msgspec.Struct):
            self.require_dates_in_range(path, front)
        yaml = None
        if isinstance(front, JournalEntry):  # `journal add`, daily: spared importing ruamel
            from copkit.storage.fast_writer import dump_entry

            yaml = dump_entry(front)
        if yaml is None:
            from copkit.storage import yamlio  # ruamel: only when YAML is written

            data = (
                front
                if isinstance(front, dict)
                else to_data(front, omit_defaults=isinstance(front, JournalEntry))
            )
            yaml = yamlio.dump(data)
        text = frontmatter.join(yaml, body if body.endswith("\n") or not body else body + "\n")
        require_readable(self.rel(path), text, "markdown")  # never a file copkit cannot read
        write_atomic(path, text, overwrite=force, display=self.rel(path))


STDOUT = "-"  # `--output -` and `--ics -`: standard output, as for most tools' -o


def to_stdout(given: str | os.PathLike[str] | None) -> bool:
    """The one rule for an output option: absent or `-` means standard output."""
    return given is None or os.fspath(given) == STDOUT


def typed_path(text: str, option: str) -> Path:
    """A path the user typed for copkit to write (a file of --output or --ics, the folder of
    `export --to`), made absolute: `~` is the home folder, a relative path starts at the
    current folder. One message for a NUL byte, an unknown `~user` and a deleted current
    folder."""
    if "\0" in text:
        raise CopkitError(f"{option}: the path holds a NUL byte; give a plain file name")
    try:
        raw = Path(text).expanduser()
    except RuntimeError:  # ~name of an unknown user
        raise CopkitError(f"{option} {text}: no such user's home folder") from None
    if not raw.is_absolute():
        raw = current_folder(f"cd to an existing folder, or give {option} a full path.") / raw
    return Path(os.path.normpath(raw))


def refuse_git_folder(path: Path, what: str) -> None:
    """A path typed on purpose goes where the user says (SPEC section 5), except into a
    `.git` folder: a file there can be a hook that git runs as a program
    (`--output .git/hooks/pre-commit --force`)."""
    try:
        real = path.parent.resolve() / path.name  # a link on the way counts where it leads
    except (OSError, RuntimeError):
        real = path
    if any(part.casefold() == ".git" for part in (*path.parts, *real.parts)):
        raise CopkitError(
            f"{what} is inside a .git folder; copkit does not write into git's own files",
            hint="Choose a file outside .git, e.g. reports/summary.md.",
        )


FOLDERS = ("members", "charters", "challenges", "journals")  # what `copkit init` makes


def create(root: Path, config: Config) -> None:
    """Make a new workspace in `root`: copkit.yaml, the FOLDERS and the .gitignore lines
    (gitrepo.INIT_IGNORES). All or nothing: everything is checked before the first write, and
    a write that fails takes back the ones before it."""
    from copkit.storage.gitrepo import INIT_IGNORES, IgnoreFile, read_gitignore

    if os.path.lexists(root / CONFIG):
        raise CopkitError(
            f"{root / CONFIG} already exists: this folder is already a copkit workspace"
        )
    if root.exists() and not root.is_dir():
        raise CopkitError(f"{root} is a file, not a folder; choose another place for the workspace")
    for folder in FOLDERS:
        p = root / folder
        if os.path.lexists(p) and (p.is_symlink() or not p.is_dir()):
            what = "a symbolic link" if p.is_symlink() else "a file"
            raise CopkitError(
                f"{p} is {what}, where the workspace needs its {folder}/ folder",
                hint="Move it away (or choose another place), then run copkit init again. "
                "Nothing was written.",
            )
    # the .gitignore as it will be, refused now if copkit must not change it
    ignore_text, _ = (read_gitignore(root) if root.is_dir() else IgnoreFile([])).with_lines(
        INIT_IGNORES
    )
    config_text = yaml_text(config)
    require_readable(CONFIG, config_text, "yaml")
    made: list[Path] = []  # what this call created, taken back if a later step fails
    try:
        for p in (*reversed(root.parents), root):
            if not p.exists():
                try:
                    p.mkdir()
                except OSError as e:
                    raise CopkitError(
                        f"cannot create the folder {root}: {e.strerror or e}",
                        hint="Choose another place for the workspace, or create the folder first.",
                    ) from None
                made.append(p)
        write_atomic(root / CONFIG, config_text, display=CONFIG)
        made.append(root / CONFIG)
        for folder in FOLDERS:
            if not (root / folder).exists():
                (root / folder).mkdir()
                made.append(root / folder)
        if ignore_text is not None:
            write_atomic(root / ".gitignore", ignore_text, overwrite=True, display=".gitignore")
    except BaseException as e:
        for p in reversed(made):
            with contextlib.suppress(OSError):
                p.rmdir() if p.is_dir() else p.unlink()
        if isinstance(e, OSError):
            raise CopkitError(
                f"the workspace could not be created in {root} ({e.strerror or e}); "
                "nothing was left behind"
            ) from None
        raise


def yaml_text(value: msgspec.Struct) -> str:
    """A model as the YAML text of a new file."""
    from copkit.storage import yamlio  # ruamel: only when YAML is written

    data = to_data(value)
    for f in msgspec.structs.fields(value):  # an empty optional mapping is not worth a line
        if data.get(f.encode_name) == {} and f.default_factory is dict:
            del data[f.encode_name]
    return yamlio.dump(data)


def to_data(value: msgspec.Struct, *, omit_defaults: bool = False) -> dict[str, Any]:
    """A model as plain data in field order, dates kept as dates for YAML."""
    from datetime import date

    data = msgspec.to_builtins(value, builtin_types=(date,))
    assert isinstance(data, dict)
    for key in getattr(type(value), "WRITTEN_WHEN_SET", ()):
        if data.get(key) is None:
            data.pop(key, None)
    if omit_defaults:
        for f in msgspec.structs.fields(value):
            default = (
                f.default_factory() if f.default_factory is not msgspec.NODEFAULT else f.default
            )
            if default is not msgspec.NODEFAULT and data.get(f.encode_name) == default:
                del data[f.encode_name]
    return data


def non_defaults(value: Any) -> Any:
    """`to_data(value)` without the fields (at any depth) that hold their default value."""
    from datetime import date

    if isinstance(value, msgspec.Struct):
        out = {}
        for f in msgspec.structs.fields(value):
            v = getattr(value, f.name)
            default = (
                f.default_factory() if f.default_factory is not msgspec.NODEFAULT else f.default
            )
            if default is not msgspec.NODEFAULT and v == default:
                continue
            out[f.encode_name] = non_defaults(v)
        return out
    if isinstance(value, (list, tuple)):
        return [non_defaults(v) for v in value]
    return msgspec.to_builtins(value, builtin_types=(date,))


def _config_rules(config: Config) -> list[Any]:
    from copkit.model.rules import channel_rules, federation_rules

    return _timezone_rules(config) + channel_rules(config.channels) + federation_rules(config)


def _timezone_rules(config: Config) -> list[Any]:
    from copkit.model.rules import Finding

    found: list[Any] = []
    try:
        from zoneinfo import ZoneInfo

        ZoneInfo(config.timezone)
    except (ValueError, KeyError, OSError):
        from zoneinfo import available_timezones

        zones = {z.lower(): z for z in available_timezones()}
        close = zones.get(config.timezone.strip().lower().replace(" ", "_"))
        hint = f"did you mean {close!r}?" if close else "use an IANA name such as Europe/Paris"
        found.append(Finding(("timezone",), f"unknown timezone {config.timezone!r}; {hint}"))
    return found
