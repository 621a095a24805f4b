"""Render the stance-over-time chart as SVG, at build time, with no JavaScript.

Readable without colour: each stance has its own fill pattern as well as its colour, the legend
spells the stances out, and every bar segment has a <title>. Two drawings of the same numbers:
columns for a wide screen, and rows for a phone (one row per day, however many days), so that
neither is wider than its screen nor has labels over one another. The stylesheet shows one of
them and gives both their colours in the light and the dark scheme (the attributes here are the
light scheme's, for a page read without the stylesheet).
"""

from __future__ import annotations

from markupsafe import Markup, escape

# (stance, colour, pattern); patterns are defined once per drawing in <defs>.
SERIES = (
    ("optimistic", "#1b7f3b", "solid"),
    ("cautious", "#9a6700", "hatch"),
    ("pessimistic", "#b42318", "cross"),
    ("neutral", "#6e7781", "outline"),
)
MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
FONT = 12
LEGEND_STEP = 100
"""Horizontal room for each legend entry (a swatch and the longest word, "pessimistic")."""


def _fill(colour: str, pattern: str, variant: str) -> tuple[str, str]:
    """Fill and stroke attributes for a segment."""
    if pattern == "solid":
        return colour, colour
    if pattern == "outline":
        return "#ffffff", colour
    return f"url(#parley-{pattern}-{variant})", colour


def _defs(variant: str) -> str:
    return (
        "<defs>"
        f'<pattern id="parley-hatch-{variant}" width="6" height="6" patternUnits="userSpaceOnUse" '
        'patternTransform="rotate(45)"><rect class="parley-chart__paper" width="6" height="6" fill="#ffffff"/>'
        '<line class="parley-chart__ink--cautious" x1="0" y1="0" x2="0" y2="6" stroke="#9a6700" stroke-width="3"/>'
        "</pattern>"
        f'<pattern id="parley-cross-{variant}" width="6" height="6" patternUnits="userSpaceOnUse">'
        '<rect class="parley-chart__paper" width="6" height="6" fill="#ffffff"/>'
        '<path class="parley-chart__ink--pessimistic" d="M0 0L6 6M6 0L0 6" stroke="#b42318" stroke-width="1.5"/>'
        "</pattern>"
        "</defs>"
    )


def _segment(stance: str, colour: str, pattern: str, variant: str, x: float, y: float, w: float, h: float,
             title: str) -> str:
    fill, stroke = _fill(colour, pattern, variant)
    return (f'<rect class="parley-series parley-series--{stance}" x="{x:.1f}" y="{y:.1f}" width="{w:.1f}" '
            f'height="{h:.1f}" fill="{fill}" stroke="{stroke}"><title>{escape(title)}</title></rect>')


def _legend(x: int, y: int, variant: str, per_line: int = len(SERIES)) -> list[str]:
    """The stances in words, a swatch before each, in a band of their own above the bars
    (`per_line` entries to a line)."""
    out = []
    for n, (stance, colour, pattern) in enumerate(SERIES):
        fill, stroke = _fill(colour, pattern, variant)
        left, top = x + LEGEND_STEP * (n % per_line), y + 18 * (n // per_line)
        out.append(f'<rect class="parley-series parley-series--{stance}" x="{left}" y="{top}" width="12" height="12" '
                   f'fill="{fill}" stroke="{stroke}"/>')
        out.append(f'<text x="{left + 16}" y="{top + 10}" font-size="{FONT}" fill="currentColor">{stance}</text>')
    return out


def _open(variant: str, width: float, height: float, days: int, desc: str) -> list[str]:
    return [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="parley-chart__svg parley-chart__svg--{variant}" role="img" '
        f'aria-labelledby="parley-chart-title-{variant} parley-chart-desc-{variant}" viewBox="0 0 {width:g} {height:g}" '
        f'width="{width:g}" height="{height:g}">',
        f'<title id="parley-chart-title-{variant}">Claims by stance per briefing day</title>',
        f'<desc id="parley-chart-desc-{variant}">{desc} for {days} days; the table beside it gives the same '
        "numbers.</desc>",
        _defs(variant),
    ]


def _label(date) -> str:
    return f"{date.day} {MONTHS[date.month - 1]}"


def columns(days, counts, top: int) -> str:
    """One stacked column per day, oldest first; the legend above, each total above its column."""
    bar, gap, left, plot_h, bottom = 22, 10, 34, 180, 46
    legend_h, label_room = 24, FONT + 6  # the totals sit between the legend and the tallest column
    top_pad = legend_h + label_room
    width = max(left + len(days) * (bar + gap) + gap, left + LEGEND_STEP * len(SERIES))
    height = top_pad + plot_h + bottom
    scale = plot_h / top
    label_every = max(1, len(days) // 30)  # keep date labels from overlapping on long timelines
    out = _open("columns", width, height, len(days), "Stacked columns")
    out += _legend(left, 4, "columns")
    base = top_pad + plot_h
    axis_end = left + len(days) * (bar + gap) + gap
    out.append(f'<line x1="{left - 4}" y1="{base}" x2="{axis_end}" y2="{base}" stroke="currentColor" stroke-width="1"/>')
    out.append(f'<text x="{left - 6}" y="{top_pad + 4}" font-size="{FONT}" text-anchor="end" fill="currentColor">{top}</text>')
    out.append(f'<text x="{left - 6}" y="{base}" font-size="{FONT}" text-anchor="end" fill="currentColor">0</text>')
    for i, (day, count) in enumerate(zip(days, counts)):
        x = left + gap + i * (bar + gap)
        y = base
        label = _label(day.date)
        for stance, colour, pattern in SERIES:
            n = count.get(stance, 0)
            if not n:
                continue
            h = n * scale
            y -= h
            out.append(_segment(stance, colour, pattern, "columns", x, y, bar, h,
                                f"{label} {day.date.year}: {n} {stance}"))
        out.append(f'<text x="{x + bar / 2}" y="{y - 4:.1f}" font-size="{FONT}" text-anchor="middle" '
                   f'fill="currentColor">{sum(count.values())}</text>')
        if i % label_every == 0:
            out.append(f'<text x="{x + bar / 2}" y="{base + 14}" font-size="{FONT}" text-anchor="end" '
                       f'transform="rotate(-45 {x + bar / 2} {base + 14})" fill="currentColor">{escape(label)}</text>')
    out.append("</svg>")
    return "".join(out)


def rows(days, counts, top: int) -> str:
    """One stacked row per day, oldest first, for a narrow screen: the date at the left, the total
    after the bar; the legend on two lines above."""
    left, bar_w, row_h, bar_h, right = 52, 240, 20, 14, 30
    legend_h = 40
    width = left + bar_w + right
    height = legend_h + len(days) * row_h + 4
    scale = bar_w / top
    out = _open("rows", width, height, len(days), "Stacked bars, one row per day,")
    out += _legend(left, 2, "rows", per_line=2)  # two words side by side is what a phone has room for
    for i, (day, count) in enumerate(zip(days, counts)):
        y = legend_h + i * row_h
        label = _label(day.date)
        out.append(f'<text x="{left - 6}" y="{y + bar_h - 3}" font-size="{FONT}" text-anchor="end" '
                   f'fill="currentColor">{escape(label)}</text>')
        x = left
        for stance, colour, pattern in SERIES:
            n = count.get(stance, 0)
            if not n:
                continue
            w = n * scale
            out.append(_segment(stance, colour, pattern, "rows", x, y, w, bar_h, f"{label} {day.date.year}: {n} {stance}"))
            x += w
        out.append(f'<text x="{x + 4:.1f}" y="{y + bar_h - 3}" font-size="{FONT}" fill="currentColor">'
                   f"{sum(count.values())}</text>")
    out.append("</svg>")
    return "".join(out)


def stance_chart(days) -> Markup:
    """`days`: objects with `.date` and `.stance_counts` ((stance, n), …), oldest first. Both drawings,
    each on one line (a blank line inside would end Markdown's raw HTML block)."""
    days = list(days)
    if not days:
        return Markup("")
    counts = [dict(d.stance_counts) for d in days]
    top = max(1, max(sum(c.values()) for c in counts))
    return Markup(columns(days, counts, top) + rows(days, counts, top))
