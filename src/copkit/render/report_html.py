"""The challenge report as one self-contained HTML page for the meetup: inline CSS and SVG,
no network, every user string escaped, large type for a projector."""

from __future__ import annotations

from html import escape

from copkit.plural import plural
from copkit.render import words
from copkit.render.report_markdown import (
    KIND_HEADERS,
    bar_cells,
    kind_rows,
    minutes_note,
    more_note,
    pct,
    provisional_note,
    resonated,
    the_days,
    waiting_note,
)
from copkit.services.reports import ChallengeReport, DayFigures, shown_highlights

HIGHLIGHTS_SHOWN = 30
TAGS_SHOWN = 15
COLOURS = {"done": "#1b7f3b", "partial": "#d99a00", "skipped": "#c0392b", "missing": "#dde1e6"}

CSS = """
:root { --ink: #1a1d21; --muted: #5b6470; --line: #d5dae0; --paper: #ffffff;
  --done: #1b7f3b; --partial: #d99a00; --skipped: #c0392b; --missing: #dde1e6; --accent: #1f5fa8; }
* { box-sizing: border-box; }
html { font-size: 20px; }
body { margin: 0; background: #f4f6f8; color: var(--ink);
  font-family: system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif;
  line-height: 1.45; }
main { max-width: 1180px; margin: 0 auto; padding: 2rem 1.5rem 3rem; }
h1 { font-size: 2.2rem; line-height: 1.15; margin: 0 0 .4rem; }
h2 { font-size: 1.5rem; margin: 2.2rem 0 .8rem; padding-bottom: .3rem; border-bottom: 3px solid var(--line); }
.meta { color: var(--muted); margin: 0 0 .8rem; }
.mantra { font-style: italic; color: var(--muted); margin: .4rem 0 0; }
.provisional { background: #fff4d6; border-left: 8px solid var(--partial); padding: .7rem 1rem;
  margin: 1rem 0; font-weight: 600; }
.figures { display: grid; grid-template-columns: repeat(auto-fit, minmax(13rem, 1fr)); gap: 1rem; }
.figure { background: var(--paper); border: 1px solid var(--line); border-radius: 10px; padding: 1rem 1.2rem; }
.figure .n { display: block; font-size: 2.1rem; font-weight: 700; line-height: 1.1; }
.figure .what { color: var(--muted); }
.note { color: var(--muted); }
.card { background: var(--paper); border: 1px solid var(--line); border-radius: 10px; padding: 1rem 1.2rem; }
table { border-collapse: collapse; width: 100%; background: var(--paper); }
th, td { text-align: left; padding: .45rem .7rem; border-bottom: 1px solid var(--line); vertical-align: top; }
th { font-size: .85rem; text-transform: uppercase; letter-spacing: .04em; color: var(--muted); }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; }
.meter { display: inline-block; width: 9rem; height: 1rem; background: var(--missing); border-radius: 3px; vertical-align: -0.1rem; }
.meter > span { display: block; height: 100%; background: var(--done); border-radius: 3px; }
svg { display: block; width: 100%; height: auto; }
svg text { font-family: inherit; fill: var(--muted); }
.legend { display: flex; flex-wrap: wrap; gap: 1.2rem; margin: .6rem 0 0; color: var(--muted); }
.legend span::before { content: ""; display: inline-block; width: .9rem; height: .9rem; margin-right: .35rem;
  vertical-align: -0.1rem; border-radius: 2px; background: var(--c); }
blockquote { margin: 0; padding: .2rem 0 .2rem 1rem; border-left: 6px solid var(--accent); font-size: 1.05rem; }
.highlight { margin: 0 0 1.2rem; }
.highlight .who { margin: 0 0 .3rem; color: var(--muted); }
.highlight .who b { color: var(--ink); }
.tags { display: flex; flex-wrap: wrap; gap: .5rem; padding: 0; list-style: none; }
.tags li { background: #e8eef6; border-radius: 999px; padding: .15rem .8rem; }
ol.questions li, ul.learned li { margin: 0 0 .5rem; }
.away { color: var(--muted); font-style: italic; }
footer { margin-top: 3rem; color: var(--muted); font-size: .85rem; }
@media print { body { background: #fff; } .figure, .card { break-inside: avoid; } }
"""


def e(text: object) -> str:
    """Escape anything for HTML text or a quoted attribute."""
    return escape(str(text), quote=True)


def meter(share: float) -> str:
    width = round(max(0.0, min(1.0, share)) * 100)
    return f'<span class="meter"><span style="width:{width}%"></span></span>'


def h2(title: str) -> str:
    """A section heading with an anchor (#day-by-day) to jump to during the meetup."""
    anchor = "-".join(title.lower().split())
    return f'<h2 id="{anchor}">{title}</h2>'


def table(headers: list[str], rows: list[list[str]], numeric: tuple[int, ...] = ()) -> str:
    """A table; cells are HTML already escaped by the caller."""

    def cls(i: int) -> str:
        return ' class="num"' if i in numeric else ""

    head = "".join(f"<th{cls(i)}>{h}</th>" for i, h in enumerate(headers))
    body = "".join(
        "<tr>" + "".join(f"<td{cls(i)}>{c}</td>" for i, c in enumerate(row)) + "</tr>"
        for row in rows
    )
    return f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"


def day_chart_svg(r: ChallengeReport) -> str:
    """Stacked bars, one per day: done, partial, skipped and no entry among participants."""
    n = max(r.participants, 1)
    dated = r.schedule is not None  # label the weeks with real dates when days skip some
    bar, gap, height, top, bottom, left = 22, 6, 240, 12, 54 if dated else 34, 56
    width = left + len(r.days) * (bar + gap)
    label_every = 1 if len(r.days) <= 31 else 5
    out = [
        f'<svg viewBox="0 0 {width} {top + height + bottom}" role="img" '
        f'aria-label="Completions per day">'
    ]
    for share in (0, 0.5, 1):
        y = top + height - share * height
        out.append(
            f'<line x1="{left - 6}" x2="{width}" y1="{y:.1f}" y2="{y:.1f}" stroke="#d5dae0"/>'
            f'<text x="{left - 10}" y="{y + 5:.1f}" text-anchor="end" font-size="13">'
            f"{share:.0%}</text>"
        )
    for i, d in enumerate(r.days):
        x = left + i * (bar + gap)
        tip = e(_tip(d, r.participants, dated))
        out.append(f"<g><title>{tip}</title>")
        if d.elapsed:
            cells = bar_cells((d.done, d.partial, d.skipped), n, height)
            y = top + height
            statuses = ("done", "partial", "skipped", "missing")
            for status, h in zip(statuses, [*cells, height - sum(cells)], strict=True):
                if h:
                    y -= h
                    out.append(
                        f'<rect x="{x}" y="{y}" width="{bar}" height="{h}" fill="{COLOURS[status]}"/>'
                    )
        else:
            out.append(
                f'<rect x="{x}" y="{top}" width="{bar}" height="{height}" fill="none" '
                f'stroke="{COLOURS["missing"]}" stroke-dasharray="4 3"/>'
            )
        out.append("</g>")
        if d.day == 1 or d.day % label_every == 0 or d.day == len(r.days):
            out.append(
                f'<text x="{x + bar / 2}" y="{top + height + 22}" text-anchor="middle" '
                f'font-size="13">{d.day}</text>'
            )
        if dated and (i == 0 or d.date.weekday() <= r.days[i - 1].date.weekday()):
            out.append(  # the first day of each calendar week, with its date
                f'<text x="{x}" y="{top + height + 42}" font-size="12" fill="#5a6470">'
                f"{d.date:%a} {d.date.day} {d.date:%b}</text>"
            )
    out.append("</svg>")
    return "".join(out)


def mood_svg(r: ChallengeReport) -> str:
    """The mean mood per day as a line over the 1..5 scale."""
    step, height, top, bottom, left = 28, 140, 12, 30, 56
    width = left + len(r.days) * step

    def y(mood: float) -> float:
        return top + height - (mood - 1) / 4 * height

    out = [
        f'<svg viewBox="0 0 {width} {top + height + bottom}" role="img" aria-label="Mood per day">'
    ]
    for mood in (1, 3, 5):
        out.append(
            f'<line x1="{left - 6}" x2="{width}" y1="{y(mood):.1f}" y2="{y(mood):.1f}" '
            f'stroke="#d5dae0"/><text x="{left - 10}" y="{y(mood) + 5:.1f}" text-anchor="end" '
            f'font-size="13">{mood}</text>'
        )
    points = [
        (left + (d.day - 1) * step + step / 2, y(d.mood), d) for d in r.days if d.mood is not None
    ]
    if len(points) > 1:
        path = " ".join(f"{x:.1f},{yy:.1f}" for x, yy, _ in points)
        out.append(f'<polyline points="{path}" fill="none" stroke="#1f5fa8" stroke-width="3"/>')
    for x, yy, d in points:
        tip = f"Day {d.day}: mood {d.mood:.2f} from {plural(d.moods, 'entry', 'entries')}"
        out.append(
            f'<circle cx="{x:.1f}" cy="{yy:.1f}" r="5" fill="#1f5fa8"><title>'
            f"{e(tip)}</title></circle>"
        )
    every = 1 if len(r.days) <= 31 else 5
    for d in r.days:
        if d.day == 1 or d.day % every == 0 or d.day == len(r.days):
            x = left + (d.day - 1) * step + step / 2
            out.append(
                f'<text x="{x:.1f}" y="{top + height + 22}" text-anchor="middle" '
                f'font-size="13">{d.day}</text>'
            )
    out.append("</svg>")
    return "".join(out)


def _tip(d: DayFigures, participants: int, dated: bool = False) -> str:
    when = f", {d.date:%a} {d.date}" if dated else ""
    head = f"Day {d.day} ({d.kind}{when})" + (f": {d.title}" if d.title else "")
    if not d.elapsed:
        return f"{head}: to come"
    return f"{head}: {d.done} done, {d.partial} partial, {d.skipped} skipped of {participants}"


def challenge_html(r: ChallengeReport) -> str:
    """The whole page."""
    p: list[str] = []
    p.append(f"<h1>{e(r.title)}: report-back</h1>")
    facts = [
        f"<code>{e(r.challenge)}</code>",
        f"{r.start} to {r.end} ({r.span})",
    ]
    if r.template:
        facts.append(f"from {e(r.template.label)}")
    if r.meetup_date:
        facts.append(
            f"meetup {r.meetup_date}" + (f" at {e(r.meetup_where)}" if r.meetup_where else "")
        )
    p.append(f'<p class="meta">{" · ".join(facts)}</p>')
    if r.provisional:
        p.append(f'<p class="provisional">Provisional. {e(provisional_note(r))}</p>')
    if r.mantra:
        p.append(f'<p class="mantra">“{e(r.mantra)}”</p>')

    p.append(h2("Headline"))
    total = sum(r.entries.values())
    figures = [
        (
            f"{r.participants:,} of {r.members:,}",
            f"members took part ({pct(r.participation_rate)})"
            + (
                "; taking part is optional, and not everyone did"
                if r.participants < r.members
                else ""
            ),
        ),
        (
            f"{total:,}",
            f"entries: {r.entries['done']:,} done, {r.entries['partial']:,} partial, "
            f"{r.entries['skipped']:,} skipped",
        ),
        (
            f"{r.minutes_total:,}" if r.minutes_median is not None else "&ndash;",
            "minutes: " + minutes_note(r),
        ),
        (
            f"{len(r.finishers):,} of {r.participants:,}",
            f"finishers: at least {pct(r.finish_threshold)} of the days done or partial"
            + (" so far" if r.provisional else ""),
        ),
        (f"{r.checkins:,}", "partner check-ins"),
    ]
    if r.mood_mean is not None:
        figures.append((f"{r.mood_mean:.1f}", "mean mood, of 5"))
    p.append(
        '<div class="figures">'
        + "".join(
            f'<div class="figure"><span class="n">{n}</span><span class="what">{what}</span></div>'
            for n, what in figures
        )
        + "</div>"
    )

    if waiting := waiting_note(r):
        p.append(f"<p>{e(waiting)}</p>")
        return _page(r, p)

    p.append(h2("Day by day"))
    p.append(f'<div class="card">{day_chart_svg(r)}')
    p.append(
        '<p class="legend">'
        + "".join(
            f'<span style="--c:{COLOURS[s]}">{label}</span>'
            for s, label in (
                ("done", "done"),
                ("partial", "partial"),
                ("skipped", "skipped"),
                ("missing", "no entry"),
            )
        )
        + "</p></div>"
    )
    if r.mood_by_day:
        p.append(h2("Mood over the month"))
        p.append(
            f'<div class="card">{mood_svg(r)}<p class="note">Mean mood per day, from 1 (low) to '
            f"5 (high).</p></div>"
        )

    if any(days for _, days in resonated(r)):
        p.append(h2("What resonated"))
        rows = [
            [
                f"<b>{label}</b>" if i == 0 else "",
                str(d.day),
                e(d.title or d.kind),
                e(d.kind),
                pct(d.rate),
                f"{d.mood:.1f}" if d.mood is not None else "",
            ]
            for label, days in resonated(r)
            for i, d in enumerate(days)
        ]
        p.append(table(["", "Day", "Activity", "Kind", "Did it", "Mood"], rows, (1, 4, 5)))

    p.append(h2("Results by kind"))
    p.append(
        table(
            list(KIND_HEADERS),
            kind_rows(r),
            (1, 2, 3, 4, 5, 6),
        )
    )

    p.append(h2("Streaks") + "<ul>")
    if r.longest_streaks:
        top = ", ".join(f"{e(r.name(m))} ({plural(s, 'day')})" for m, s in r.longest_streaks[:5])
        p.append(f"<li><b>Longest:</b> {top}</li>")
    if r.provisional:
        p.append(f"<li><b>On a streak now:</b> {len(r.kept_going)} of {r.participants}</li>")
    else:
        names = f": {e(', '.join(map(r.name, r.kept_going)))}" if r.kept_going else ""
        p.append(
            f"<li><b>Kept going to the last day:</b> {len(r.kept_going)} of "
            f"{r.participants}{names}</li>"
        )
    if r.finishers:
        p.append(f"<li><b>Finishers:</b> {e(', '.join(map(r.name, r.finishers)))}</li>")
    p.append("</ul>")

    if r.pairs:
        p.append(h2("Accountability partners"))
        p.append(
            f'<p class="note">{plural(r.checkins, "entry", "entries")} record a check-in with a '
            f"partner. Completion is the group's mean share of {the_days(r.length)} done or "
            "partial.</p>"
        )
        rows = []
        for pair in r.pairs:
            names = " + ".join(
                f'<span class="away">{e(r.name(m))} (not taking part)</span>'
                if m in pair.away
                else e(r.name(m))
                for m in pair.members
            )
            rows.append(
                [
                    names,
                    meter(pair.completion),
                    pct(pair.completion),
                    str(pair.checkins),
                ]
            )
        p.append(table(["Partners", "Completion", "", "Check-ins"], rows, (2, 3)))
        if r.unpaired:
            p.append(f"<p>Not paired: {e(', '.join(map(r.name, r.unpaired)))}.</p>")

    if r.tags:
        p.append(h2("Top tags"))
        p.append(
            '<ul class="tags">'
            + "".join(f"<li>{e(t)} <b>{c}</b></li>" for t, c in r.tags[:TAGS_SHOWN])
            + "</ul>"
        )

    if r.highlights:
        p.append(h2("Highlights"))
        shown = shown_highlights(r, HIGHLIGHTS_SHOWN)
        if len(shown) < len(r.highlights):
            p.append(
                f'<p class="note">{len(shown)} of {len(r.highlights)} highlights, spread over '
                "the month.</p>"
            )
        for h in shown:
            title = f" · {e(h.title)}" if h.title else ""
            more = f'<p class="note">{e(more_note(h))}</p>' if h.cut else ""
            p.append(
                f'<div class="highlight"><p class="who"><b>Day {h.day}</b>{title} · '
                f"<b>{e(r.name(h.member))}</b></p><blockquote>"
                f"{words.html_block(h.excerpt) if h.excerpt else '<p><i>(no text)</i></p>'}"
                f"</blockquote>{more}</div>"
            )

    if r.learned:
        p.append(h2("What we learned") + '<ul class="learned">')
        p += [
            f"<li>{words.html_inline(h.excerpt)} "
            f'<span class="note">({e(r.name(h.member))}, day {h.day})</span></li>'
            for h in r.learned
        ]
        p.append("</ul>")
    p.append(h2("For the meetup") + '<ol class="questions">')
    p += [f"<li>{e(q)}</li>" for q in r.questions]
    p.append("</ol>")
    return _page(r, p)


def _page(r: ChallengeReport, parts: list[str]) -> str:
    return page(f"{r.title}: report-back", parts, r.today)


def page(title: str, parts: list[str], today: object) -> str:
    """The shell every copkit HTML page shares: one self-contained file, the house style
    inline, `title` escaped here; `parts` are HTML already escaped by the caller."""
    body = "\n".join(parts)
    return (
        "<!DOCTYPE html>\n"
        '<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{e(title)}</title>\n"
        f"<style>{CSS}</style>\n</head>\n<body>\n<main>\n{body}\n"
        f"<footer>Made with copkit on {e(today)}.</footer>\n</main>\n</body>\n</html>\n"
    )
