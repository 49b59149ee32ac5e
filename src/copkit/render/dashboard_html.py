"""The community dashboard as one self-contained HTML page, in the challenge report's page
style (the same shell and CSS): no network, every user string escaped, no raw HTML."""

from __future__ import annotations

from copkit.plural import plural
from copkit.render.report_html import e, h2, meter, page, table
from copkit.render.report_markdown import completion_note, nobody_note, pace_note, pct
from copkit.services.reports import ChallengeLine, Dashboard


def dashboard_html(d: Dashboard) -> str:
    """The whole page: the same sections as the Markdown dashboard."""
    p = [f"<h1>{e(d.community)}</h1>"]
    facts = [e(x) for x in (d.domain, d.as_of, plural(d.members, "member")) if x]
    p.append(f'<p class="meta">{" · ".join(facts)}</p>')
    if d.empty:
        steps = []
        if not d.members:
            steps.append("<code>copkit member add YOU --name 'Your Name'</code> to add yourself")
        steps += [
            "<code>copkit challenge templates</code> to browse ready-made 30-day challenges",
            "<code>copkit challenge new ID --start DATE --template devops</code> to start one",
            "<code>copkit charter new ID</code> to propose a project",
        ]
        p.append("<p>Nothing here yet: no charters and no challenges. Try:</p>")
        p.append("<ul>" + "".join(f"<li>{s}</li>" for s in steps) + "</ul>")
        return page(f"{d.community}: dashboard", p, d.today)

    p.append(h2("Charters"))
    if d.charters:
        rows = []
        for c in d.charters:
            lead = e(d.name(c.lead)) if c.lead else ""
            if c.open_seats:
                seats = plural(c.open_seats, "seat")
                lead += f"{'; ' if c.lead else ''}looking for volunteers ({seats})"
            due = (
                ""
                if c.next_report_due is None
                else f"<b>{c.next_report_due} overdue</b>"
                if c.overdue
                else str(c.next_report_due)
            )
            rows.append([e(c.status), f"<code>{e(c.charter)}</code>", e(c.title), lead, due])
        p.append(table(["Status", "Charter", "Title", "Lead", "Next report"], rows))
    else:
        p.append('<p class="note">None yet: <code>copkit charter new ID</code> proposes one.</p>')

    if d.running:
        p.append(h2("Running challenges"))
        p += [_running(d, c) for c in d.running]

    if d.upcoming_challenges:
        p.append(h2("Upcoming challenges"))
        rows = [
            [
                f"<code>{e(c.challenge)}</code>",
                e(c.title),
                str(c.start),
                str(c.length),
                f"{c.participants:,}",
            ]
            for c in d.upcoming_challenges
        ]
        p.append(table(["Challenge", "Title", "Starts", "Days", "Joined"], rows, (3, 4)))

    if d.past:
        p.append(h2("Past challenges"))
        rows = [
            [
                f"<code>{e(c.challenge)}</code>",
                e(c.title),
                str(c.end),
                f"{c.participants:,}",
                f"{len(c.finishers)}"
                + (f": {e(', '.join(map(d.name, c.finishers)))}" if c.finishers else ""),
            ]
            for c in d.past
        ]
        p.append(table(["Challenge", "Title", "Ended", "Took part", "Finishers"], rows, (3,)))

    p.append(h2(f"Coming up in the next {d.horizon_days} days"))
    if d.upcoming:
        rows = [[f"{ev.date} ({ev.date:%a})", e(ev.what), e(ev.where or "")] for ev in d.upcoming]
        p.append(table(["Date", "What", "Where"], rows))
    else:
        p.append('<p class="note">Nothing scheduled.</p>')
    return page(f"{d.community}: dashboard", p, d.today)


def _running(d: Dashboard, c: ChallengeLine) -> str:
    """One running challenge: its day, who takes part, pace, completion, who needs a nudge."""
    items = [
        f"<li><b>Day:</b> {c.day} of {c.length}, until {c.end}</li>",
        f"<li><b>Taking part:</b> {c.participants:,} of {plural(d.members, 'member')} "
        f"({pct(c.participation_rate)})</li>",
        f"<li><b>Pace:</b> {e(pace_note(c))}</li>",
        f"<li><b>Completion:</b> {meter(c.completion)} {e(completion_note(c))}</li>",
    ]
    if c.needs_nudge:
        nudges = []
        for n in c.needs_nudge:
            ask = " or ".join(d.name(m) for m in n.partners)
            ask = f"; ask {ask} to check in" if ask else ""
            silent = plural(n.days_silent, "day")
            nudges.append(f"<li>{e(d.name(n.member))}: silent {silent}{e(ask)}</li>")
        items.append(f"<li><b>Needs a nudge:</b><ul>{''.join(nudges)}</ul></li>")
    elif c.participants:
        items.append(f"<li><b>Needs a nudge:</b> {e(nobody_note(c))}</li>")
    return (
        f'<div class="card"><h3>{e(c.title)} <code>{e(c.challenge)}</code></h3>'
        f"<ul>{''.join(items)}</ul></div>"
    )
