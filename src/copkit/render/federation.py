"""The federation report for people: a terminal view, Markdown, and one self-contained HTML page."""

from __future__ import annotations

from html import escape
from typing import TYPE_CHECKING

from copkit.plural import plural
from copkit.render.console import table

if TYPE_CHECKING:
    from rich.console import Console

    from copkit.services.federation import (
        ChallengeRun,
        FederationReport,
        SharedDay,
        Totals,
    )


def _pct(x: float) -> str:
    return f"{x:.0%}"


def _median(m: float | None) -> str:
    return "-" if m is None else f"{m:g}"


def _totals(r: FederationReport) -> str:
    """The head line of every form: '2 communities, 1 challenge, 1 participant, ...'."""
    t = r.totals
    return (
        f"{plural(len(r.communities), 'community', 'communities')}, "
        f"{plural(t.challenges, 'challenge')}, {plural(t.participants, 'participant')}, "
        f"completion {_pct(t.completion)}, {plural(t.finishers, 'finisher')}, "
        f"median {_median(t.minutes_median)} minutes"
    )


def _among(d: SharedDay) -> str:
    """'of 3 participants in 2 communities', agreeing with each count."""
    return (
        f"of {plural(d.participants, 'participant')} in "
        f"{plural(d.communities, 'community', 'communities')}"
    )


def _title(r: FederationReport) -> str:
    return "Federation report" + (f": the {r.template} set" if r.template else "")


def _day(d: SharedDay) -> str:
    return f"day {d.day}" + (f", “{d.title}”" if d.title else "")


def _run_cells(run: ChallengeRun) -> list[str]:
    r = run.report
    return [
        run.challenge,
        r.status,
        str(r.participants),
        _pct(run.completion),
        str(len(r.finishers)),
        _median(r.minutes_median),
    ]


def _total_cells(label: str, t: Totals) -> list[str]:
    return [
        label,
        "",
        str(t.participants),
        _pct(t.completion),
        str(t.finishers),
        _median(t.minutes_median),
    ]


HEAD = ["challenge", "status", "participants", "completion", "finishers", "median minutes"]


def print_federation(console: Console, r: FederationReport) -> None:
    console.print(_title(r), style="bold", markup=False)
    console.print(_totals(r), markup=False)
    for c in r.communities:
        console.print()
        heading = c.community + (f" ({c.name})" if c.name else "")
        if c.problem:
            console.print(f"{heading}: left out: {c.problem}", markup=False)
            continue
        if not c.runs:
            console.print(f"{heading}: no challenge from this set", markup=False)
            continue
        tab = table(*HEAD, title=heading)
        for run in c.runs:
            tab.add_row(*_run_cells(run))
        if len(c.runs) > 1:
            tab.add_row(*_total_cells("all", c.totals))
        console.print(tab)
    if r.most:
        console.print()
        tab = table("", "day", "kind", "did it", "mood", "communities", title="Days that resonated")
        for label, days in (("most", r.most), ("least", r.least)):
            for d in days:
                tab.add_row(
                    label,
                    _day(d),
                    d.kind,
                    f"{_pct(d.rate)} of {d.participants}",
                    "-" if d.mood is None else f"{d.mood:.1f}",
                    str(d.communities),
                )
        console.print(tab)
    if r.quotes:
        console.print()
        console.print("Highlights", style="bold", markup=False)
        for q in r.quotes:
            h = q.highlight
            console.print(f"“{h.excerpt}”", markup=False)
            console.print(f"   {h.member}, {q.community}, day {h.day}", markup=False, style="dim")


def _md(text: str) -> str:
    """Text safe inside a Markdown table cell or line: no pipes, no markup characters."""
    out = text.replace("\\", "\\\\")
    for ch in "|*_`[]<>#":
        out = out.replace(ch, "\\" + ch)
    return " ".join(out.split())


def federation_markdown(r: FederationReport) -> str:
    lines = [f"# {_md(_title(r))}", "", f"{_totals(r)}.", ""]
    for c in r.communities:
        lines.append(f"## {_md(c.community)}" + (f" ({_md(c.name)})" if c.name else ""))
        lines.append("")
        if c.problem:
            lines += [f"Left out: {_md(c.problem)}", ""]
            continue
        if not c.runs:
            lines += ["No challenge from this set.", ""]
            continue
        lines.append("| " + " | ".join(HEAD) + " |")
        lines.append("|---|---|---:|---:|---:|---:|")
        for run in c.runs:
            lines.append("| " + " | ".join(_md(x) for x in _run_cells(run)) + " |")
        if len(c.runs) > 1:
            lines.append("| " + " | ".join(_total_cells("**all**", c.totals)) + " |")
        lines.append("")
    if r.most:
        lines += ["## Days that resonated", ""]
        for label, days in (("Most", r.most), ("Least", r.least)):
            lines.append(f"{label}:")
            lines.append("")
            for d in days:
                mood = "" if d.mood is None else f", mood {d.mood:.1f}"
                lines.append(f"- {_md(_day(d))} ({d.kind}): {_pct(d.rate)} {_among(d)}{mood}")
            lines.append("")
    if r.quotes:
        lines += ["## Highlights", ""]
        for q in r.quotes:
            h = q.highlight
            lines.append(f"> {_md(h.excerpt)}")
            lines.append(">")
            lines.append(f"> {_md(h.member)}, {_md(q.community)}, day {h.day}")
            lines.append("")
    return "\n".join(lines).rstrip("\n") + "\n"


_CSS = (
    "body{font-family:system-ui,sans-serif;max-width:60rem;margin:2rem auto;padding:0 1rem;"
    "color:#222}table{border-collapse:collapse;margin:.5rem 0 1.5rem}td,th{padding:.3rem .7rem;"
    "border-bottom:1px solid #ddd;text-align:left}td.n{text-align:right}blockquote{margin:1rem 0;"
    "padding-left:1rem;border-left:4px solid #8ab}cite{display:block;color:#666;font-size:.9em}"
)


def federation_html(r: FederationReport) -> str:
    e = escape
    parts = [
        "<!DOCTYPE html>",
        '<html lang="en"><head><meta charset="utf-8">',
        f"<title>{e(_title(r))}</title><style>{_CSS}</style></head><body>",
        f"<h1>{e(_title(r))}</h1>",
        f"<p>{e(_totals(r))}.</p>",
    ]
    for c in r.communities:
        name = e(c.community) + (f" ({e(c.name)})" if c.name else "")
        parts.append(f"<h2>{name}</h2>")
        if c.problem:
            parts.append(f"<p>Left out: {e(c.problem)}</p>")
            continue
        if not c.runs:
            parts.append("<p>No challenge from this set.</p>")
            continue
        parts.append("<table><tr>" + "".join(f"<th>{h}</th>" for h in HEAD) + "</tr>")
        rows = [_run_cells(run) for run in c.runs]
        if len(c.runs) > 1:
            rows.append(_total_cells("all", c.totals))
        for cells in rows:
            parts.append(
                "<tr>"
                + "".join(
                    f'<td class="n">{e(x)}</td>' if i >= 2 else f"<td>{e(x)}</td>"
                    for i, x in enumerate(cells)
                )
                + "</tr>"
            )
        parts.append("</table>")
    if r.most:
        parts.append("<h2>Days that resonated</h2>")
        for label, days in (("Most", r.most), ("Least", r.least)):
            parts.append(f"<h3>{label}</h3><ul>")
            for d in days:
                mood = "" if d.mood is None else f", mood {d.mood:.1f}"
                parts.append(
                    f"<li>{e(_day(d))} ({e(d.kind)}): {_pct(d.rate)} {e(_among(d))}{mood}</li>"
                )
            parts.append("</ul>")
    if r.quotes:
        parts.append("<h2>Highlights</h2>")
        for q in r.quotes:
            h = q.highlight
            parts.append(
                f"<blockquote>{e(h.excerpt)}<cite>{e(h.member)}, {e(q.community)}, "
                f"day {h.day}</cite></blockquote>"
            )
    parts.append("</body></html>")
    return "\n".join(parts) + "\n"
