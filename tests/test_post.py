"""copkit challenge post: real Apprise posts to a local HTTP server and a local SMTP server.

Everything stays on this machine: pytest-httpserver receives Apprise's json:// and Mattermost
(mmost://) posts, aiosmtpd receives the email. The bodies, the subject, the escaping of user
text and the error paths (HTTP 500, connection refused, wrong credentials) are checked.
"""

from __future__ import annotations

import email
import email.policy
import json
import socket
import subprocess
import sys
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st
from markdown_it import MarkdownIt

from copkit.render.posts import flat, md
from tests.conftest import Run

OCT = "observability-october"
DAY6 = {"COPKIT_TODAY": "2026-10-06"}


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _with_channel(root: Path, env: str = "COPKIT_CHAT_URL") -> None:
    cfg = root / "copkit.yaml"
    cfg.write_text(
        cfg.read_text() + f"channels:\n  team-chat: {{url_env: {env}}}\n", encoding="utf-8"
    )


def _retitle(root: Path, day: int, title: str) -> None:
    """Gives day `day` of the October challenge a hostile title, keeping the file valid."""
    path = root / "challenges" / f"{OCT}.yaml"
    text = path.read_text(encoding="utf-8")
    from ruamel.yaml import YAML

    yaml = YAML()
    doc = yaml.load(text)
    doc["days"][day - 1]["title"] = title
    with path.open("w", encoding="utf-8") as f:
        yaml.dump(doc, f)


# ---- the message, in each form -----------------------------------------------------------------


@settings(deadline=None)
@given(st.text(alphabet=st.characters(blacklist_categories=("Cs", "Cc")), max_size=60))
@example("0.")  # a digit cannot be escaped: `\0.` showed the backslash; `0\.` does not
@example("12) x")
@example("- x")
def test_user_text_is_literal_in_markdown(text: str) -> None:
    """Whatever a lead writes, Markdown renders it as the same characters, never as markup."""
    tokens = MarkdownIt().parse(md(text))
    assert [t.type for t in tokens if t.nesting == 1] in ([], ["paragraph_open"])
    shown = "".join(
        c.content for t in tokens for c in (t.children or []) if c.type in ("text", "softbreak")
    )
    assert shown == flat(text).strip()


def test_dry_run_shows_the_markdown_of_the_day(demo: Path, run: Run) -> None:
    _with_channel(demo)
    r = run("challenge", "post", OCT, "--dry-run", env=DAY6)
    assert r.exit_code == 0, r.output
    assert r.stdout.startswith(
        "--- to team-chat, as markdown (COPKIT_CHAT_URL is not set: the Markdown form is shown) ---\n"
        "**30 days of observability, day 6 of 30** (Tuesday 6 October 2026)\n\n"
        "**Learn: Meet your cardinality**\n"
    )
    assert "- **Starter:** Ask your metrics backend" in r.stdout
    assert "- **Experienced:** Estimate the monthly cost" in r.stdout
    assert "Suggested time: 25 minutes." in r.stdout
    assert r.stdout.endswith(f"Log your day: `copkit journal add {OCT} --day 6`\n")


def test_dry_run_for_email_shows_subject_and_escaped_html(demo: Path, run: Run) -> None:
    _retitle(demo, 6, "Meet <script>alert(1)</script> **cardinality**")
    r = run(
        "challenge",
        "post",
        OCT,
        "--dry-run",
        "--to",
        "mailto://u:p@localhost:2525?to=x@example.com&from=a@example.com",
        env=DAY6,
    )
    assert r.exit_code == 0, r.output
    assert "--- to mailto://localhost:2525/…, as html; subject: 30 days of observability: " in (
        r.stdout
    )
    assert "&lt;script&gt;alert(1)&lt;/script&gt; **cardinality**" in r.stdout
    assert "<script>" not in r.stdout.split("subject:", 1)[1].split("\n", 1)[1]
    assert "u:p" not in r.stdout  # credentials are never printed


def test_commands_a_day_names_stay_code_in_every_form() -> None:
    """A set writes commands as `inline code`: Markdown and HTML show them as code (a reviewer
    saw literal backticks in chat), while the rest of the text stays escaped."""
    from copkit.model.challenge import Levels
    from copkit.render.posts import day_message
    from copkit.services.challenges import DayPost

    post = DayPost(
        challenge="dec",
        challenge_title="December",
        day=3,
        length=30,
        date=date(2026, 12, 3),
        kind="practice",
        title="Keep it private",
        prompt="Run `copkit journal add --private` and keep **this** a `lone backtick.",
        minutes=20,
        levels=Levels(starter="Try `cast call` once.", experienced=None),
        mantra=None,
        meetup=None,
    )
    m = day_message(post)
    assert (
        "Run `copkit journal add --private` and keep \\*\\*this\\*\\* a \\`lone backtick."
        in m.markdown
    )
    assert "- **Starter:** Try `cast call` once." in m.markdown
    assert "Run <code>copkit journal add --private</code> and keep **this** a `lone" in m.html
    assert "Run copkit journal add --private and keep **this** a `lone backtick." in m.text
    tokens = MarkdownIt().parse(m.markdown)
    codes = [c.content for t in tokens for c in (t.children or []) if c.type == "code_inline"]
    assert codes[:2] == ["copkit journal add --private", "cast call"]


# ---- a local HTTP server: json:// and mmost:// ---------------------------------------------------


def test_json_post_carries_the_day(demo: Path, run: Run, httpserver) -> None:  # type: ignore[no-untyped-def]
    _retitle(demo, 6, "Meet <script>alert(1)</script> **cardinality**")
    httpserver.expect_oneshot_request("/hook", method="POST").respond_with_data("ok")
    url = f"json://127.0.0.1:{httpserver.port}/hook"
    r = run("challenge", "post", OCT, "--to", url, env=DAY6)
    assert r.exit_code == 0, r.output
    assert f"Posted to json://127.0.0.1:{httpserver.port}/… (markdown)" in r.stdout
    (req, _), *_ = httpserver.log
    body = json.loads(req.get_data())
    message = body["message"]
    assert "**30 days of observability, day 6 of 30** (Tuesday 6 October 2026)" in message
    # the hostile title arrives as literal characters: escaped for Markdown, not as markup
    assert r"**Learn: Meet \<script\>alert(1)\</script\> \*\*cardinality\*\***" in message
    assert "Find the metric with the most time series" in message
    assert body["title"] == ""  # the heading is in the body for a chat


def test_mattermost_gets_markdown(demo: Path, run: Run, httpserver) -> None:  # type: ignore[no-untyped-def]
    httpserver.expect_oneshot_request("/hooks/abcdefghij", method="POST").respond_with_data("ok")
    _with_channel(demo)
    url = f"mmost://127.0.0.1:{httpserver.port}/abcdefghij"
    r = run("challenge", "post", OCT, env={**DAY6, "COPKIT_CHAT_URL": url})
    assert r.exit_code == 0, r.output
    assert "Posted to team-chat (markdown)" in r.stdout
    (req, _), *_ = httpserver.log
    text = json.loads(req.get_data())["text"]
    assert text.startswith("**30 days of observability, day 6 of 30**")
    assert "- **Starter:** Ask your metrics backend" in text


def test_refused_post_is_one_error_naming_the_channel(demo: Path, run: Run, httpserver) -> None:  # type: ignore[no-untyped-def]
    httpserver.expect_request("/hook").respond_with_data("boom", status=500)
    _with_channel(demo)
    url = f"json://127.0.0.1:{httpserver.port}/hook"
    r = run("challenge", "post", OCT, env={**DAY6, "COPKIT_CHAT_URL": url})
    assert r.exit_code == 1
    assert r.stdout == ""
    assert r.stderr.startswith("error: could not post to team-chat: ")
    assert "500" in r.stderr
    assert "Traceback" not in r.stderr
    assert len(httpserver.log) == 1  # tried once: copkit retries nothing


def test_unreachable_service_is_one_error(demo: Path, run: Run) -> None:
    url = f"json://127.0.0.1:{_free_port()}/hook"
    r = run("challenge", "post", OCT, "--to", url, env=DAY6)
    assert r.exit_code == 1
    assert "error: could not post to json://127.0.0.1:" in r.stderr
    assert "Connection error" in r.stderr
    assert "Traceback" not in r.stderr


def test_missing_variable_is_named_and_nothing_is_sent(demo: Path, run: Run, httpserver) -> None:  # type: ignore[no-untyped-def]
    _with_channel(demo)
    url = f"json://127.0.0.1:{httpserver.port}/hook"
    r = run("challenge", "post", OCT, "--to", url, "--to", "team-chat", env=DAY6)
    assert r.exit_code == 1
    assert "the environment variable COPKIT_CHAT_URL is not set" in r.stderr
    assert httpserver.log == []  # refused before anything was posted anywhere


def test_unknown_channel_lists_the_known_ones(demo: Path, run: Run) -> None:
    _with_channel(demo)
    r = run("challenge", "post", OCT, "--to", "team-chta", env=DAY6)
    assert r.exit_code == 1
    assert "--to team-chta: team-chta is not a channel of copkit.yaml (channels: team-chat)" in (
        r.stderr
    )


def test_no_channel_anywhere_says_how_to_add_one(demo: Path, run: Run) -> None:
    r = run("challenge", "post", OCT, env=DAY6)
    assert r.exit_code == 1
    assert "no channel to post to" in r.stderr
    assert "url_env" in r.stderr


@pytest.mark.parametrize(
    ("today", "said"),
    [
        pytest.param(
            "2026-09-28", "has not started: day 1 is Thursday 1 October 2026", id="before"
        ),
        pytest.param("2026-11-20", "ended on Friday 30 October 2026", id="after"),
    ],
)
def test_no_activity_posts_nothing_and_exits_0(
    demo: Path,
    run: Run,
    httpserver,  # type: ignore[no-untyped-def]
    today: str,
    said: str,
) -> None:
    url = f"json://127.0.0.1:{httpserver.port}/hook"
    r = run("challenge", "post", OCT, "--to", url, env={"COPKIT_TODAY": today})
    assert r.exit_code == 0, r.output
    assert said in r.stdout and r.stdout.endswith("Nothing was posted.\n")
    assert httpserver.log == []


def test_nudge_is_addressed_to_partners_by_name(demo: Path, run: Run, httpserver) -> None:  # type: ignore[no-untyped-def]
    httpserver.expect_request("/hook").respond_with_data("ok")
    url = f"json://127.0.0.1:{httpserver.port}/hook"
    for day in range(15, 21):  # Mei goes quiet after day 14
        (demo / "journals" / OCT / "mei-chen" / f"day-{day:02d}.md").unlink(missing_ok=True)
    expected = run("challenge", "nudge", OCT, "--json", env={"COPKIT_TODAY": "2026-10-20"})
    silent = json.loads(expected.stdout)
    assert [n["member"] for n in silent] == ["mei-chen"]
    r = run(
        "challenge", "post", OCT, "--what", "nudge", "--to", url, env={"COPKIT_TODAY": "2026-10-20"}
    )
    assert r.exit_code == 0, r.output
    message = json.loads(httpserver.log[0][0].get_data())["message"]
    assert message.startswith("**Check-in time for 30 days of observability (day 20 of 30)**")
    names = {
        p.stem: p.read_text(encoding="utf-8").split("name:", 1)[1].splitlines()[0].strip()
        for p in (demo / "members").glob("*.yaml")
    }
    for n in silent:
        assert f"- **{names[n['member']]}**: " in message
        for partner in n["partners"]:
            assert names[partner] in message


def test_meetup_reminder_if_due_only_a_week_and_a_day_before(
    demo: Path,
    run: Run,
    httpserver,  # type: ignore[no-untyped-def]
) -> None:
    httpserver.expect_request("/hook").respond_with_data("ok")
    url = f"json://127.0.0.1:{httpserver.port}/hook"
    args = ("challenge", "post", OCT, "--what", "meetup", "--if-due", "--to", url)
    for today, posted in [("2026-10-29", True), ("2026-11-01", False), ("2026-11-04", True)]:
        before = len(httpserver.log)
        r = run(*args, env={"COPKIT_TODAY": today})
        assert r.exit_code == 0, r.output
        assert (len(httpserver.log) == before + 1) is posted, today
    week, day = (json.loads(req.get_data())["message"] for req, _ in httpserver.log)
    assert "the report-back meetup is in a week" in week
    assert "the report-back meetup is tomorrow" in day
    assert "Thursday 5 November 2026, Community call and room Vauban." in day
    assert "`highlight: true`" in day


# ---- a local SMTP server -------------------------------------------------------------------------


class _Inbox:
    def __init__(self) -> None:
        self.messages: list[email.message.EmailMessage] = []

    async def handle_DATA(self, server, session, envelope):  # type: ignore[no-untyped-def]
        self.messages.append(
            email.message_from_bytes(envelope.content, policy=email.policy.default)  # type: ignore[arg-type]
        )
        return "250 OK"


@pytest.fixture
def smtp() -> Iterator[tuple[int, _Inbox]]:
    from aiosmtpd.controller import Controller

    inbox = _Inbox()
    controller = Controller(inbox, hostname="127.0.0.1", port=_free_port())
    controller.start()
    try:
        yield controller.port, inbox
    finally:
        controller.stop()


def test_email_has_subject_text_and_escaped_html(demo: Path, run: Run, smtp) -> None:  # type: ignore[no-untyped-def]
    port, inbox = smtp
    _retitle(demo, 6, "Meet <script>alert(1)</script> **cardinality**")
    url = f"mailto://127.0.0.1:{port}?to=cop@example.com&from=copkit@example.com"
    r = run("challenge", "post", OCT, "--to", url, env=DAY6)
    assert r.exit_code == 0, r.output
    (msg,) = inbox.messages
    assert msg["Subject"] == (
        "30 days of observability: day 6 of 30, Meet <script>alert(1)</script> **cardinality**"
    )
    assert msg["To"] == "cop@example.com"
    assert msg.get_content_type() == "multipart/alternative"
    plain = msg.get_body(("plain",)).get_content()  # type: ignore[union-attr]
    html = msg.get_body(("html",)).get_content()  # type: ignore[union-attr]
    assert "Find the metric with the most time series" in plain
    assert "<script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "<strong>Starter:</strong>" in html


def test_email_with_wrong_credentials_is_one_error(demo: Path, run: Run) -> None:
    from aiosmtpd.controller import Controller
    from aiosmtpd.smtp import AuthResult

    def deny(server, session, envelope, mechanism, auth_data):  # type: ignore[no-untyped-def]
        return AuthResult(success=False, handled=False)

    port = _free_port()
    controller = Controller(
        _Inbox(),
        hostname="127.0.0.1",
        port=port,
        authenticator=deny,
        auth_require_tls=False,
    )
    controller.start()
    try:
        url = f"mailto://lead:wrong@127.0.0.1:{port}?to=cop@example.com&from=copkit@example.com"
        r = run("challenge", "post", OCT, "--to", url, env=DAY6)
    finally:
        controller.stop()
    assert r.exit_code == 1
    assert r.stderr.startswith("error: could not post to mailto://127.0.0.1:")
    assert "535" in r.stderr and "Authentication credentials invalid" in r.stderr
    assert "wrong" not in r.stderr  # the password is never printed
    assert "Traceback" not in r.stderr


# ---- the repository never holds a secret ---------------------------------------------------------


@pytest.mark.parametrize(
    ("channels", "message"),
    [
        pytest.param(
            "  team-chat: {url_env: 'slack://T1JJ3T3L2/A1BRTD4JD/TIiajkdnlazkcOXrIdevi7FQ'}\n",
            "copkit.yaml:5:24: error: url_env of channel team-chat looks like a URL with "
            "credentials or a token",
            id="url-in-url_env",
        ),
        pytest.param(
            "  team-chat: mmosts://chat.example.org/abcdef1234567890\n",
            "copkit.yaml:5:14: error: channel team-chat holds an address in the repository",
            id="bare-url",
        ),
        pytest.param(
            "  team-chat: {url_env: xoxb2Fa9Kd81mQpL0aZ7wE3rT5yU}\n",
            "copkit.yaml:5:24: error: url_env of channel team-chat looks like a URL with "
            "credentials or a token",
            id="token",
        ),
        pytest.param(
            "  team-chat: {url_env: chat url}\n",
            "copkit.yaml:5:24: error: url_env of channel team-chat is 'chat url', not the name "
            "of an environment variable",
            id="not-a-name",
        ),
    ],
)
def test_check_refuses_a_secret_in_the_repository(
    demo: Path, run: Run, channels: str, message: str
) -> None:
    cfg = demo / "copkit.yaml"
    lines = len(cfg.read_text().splitlines())  # the messages are written for 3 lines before
    cfg.write_text(cfg.read_text() + "channels:\n" + channels, encoding="utf-8")
    r = run("check")
    assert r.exit_code == 1
    assert message.replace("copkit.yaml:5:", f"copkit.yaml:{lines + 2}:") in r.stdout + r.stderr


def test_check_accepts_a_channel_named_by_its_variable(demo: Path, run: Run) -> None:
    _with_channel(demo, "COPKIT_TEAM_CHAT_URL")
    r = run("check")
    assert r.exit_code == 0, r.output


def test_apprise_is_imported_only_by_post() -> None:
    code = (
        "import sys; from copkit.cli.app import app; "
        "import copkit.cli.post, copkit.render.posts, copkit.services.posting; "
        "assert 'apprise' not in sys.modules, 'apprise imported at start-up'"
    )
    r = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert r.returncode == 0, r.stderr
