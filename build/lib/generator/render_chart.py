"""Render the stance-over-time chart as an SVG string, at build time, with no JavaScript.

Readable without colour: each stance has its own fill pattern as well as its
colour, the legend spells the stances out, and every bar segment has a <title>.
"""

from __future__ import annotations

from markupsafe import Markup, escape

# (stance, colour, pattern id); patterns are defined once in <defs>.
SERIES = (
    ("optimistic", "#1b7f3b", "solid"),
    ("cautious", "#9a6700", "hatch"),
    ("pessimistic", "#b42318", "cross"),
    ("neutral", "#6e7781", "outline"),
)
MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


def _fill(colour: str, pattern: str) -> tuple[str, str]:
    """Fill and stroke attributes for a segment."""
    if pattern == "solid":
        return colour, colour
    if pattern == "outline":
        return "#ffffff", colour
    return f"url(#parley-{pattern})", colour


def stance_chart(days) -> Markup:
    """`days`: objects with `.date` and `.stance_counts` ((stance, n), …), oldest first."""
    days = list(days)
    if not days:
        return Markup("")
    counts = [dict(d.stance_counts) for d in days]
    top = max(1, max(sum(c.values()) for c in counts))
    bar, gap, left, plot_h, bottom, top_pad = 22, 10, 34, 180, 46, 28
    # Wide enough for the legend even with few days.
    width = max(left + len(days) * (bar + gap) + gap, left + 100 * len(SERIES))
    height = top_pad + plot_h + bottom
    scale = plot_h / top
    label_every = max(1, len(days) // 30)  # keep date labels from overlapping on long timelines
    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="parley-chart__svg" role="img" '
        f'aria-labelledby="parley-chart-title parley-chart-desc" viewBox="0 0 {width} {height}" '
        f'width="{width}" height="{height}">',
        '<title id="parley-chart-title">Claims by stance per briefing day</title>',
        f'<desc id="parley-chart-desc">Stacked bars for {len(days)} days; the table below gives the same '
        "numbers.</desc>",
        "<defs>",
        '<pattern id="parley-hatch" width="6" height="6" patternUnits="userSpaceOnUse" patternTransform="rotate(45)">'
        '<rect width="6" height="6" fill="#ffffff"/><line x1="0" y1="0" x2="0" y2="6" stroke="#9a6700" '
        'stroke-width="3"/></pattern>',
        '<pattern id="parley-cross" width="6" height="6" patternUnits="userSpaceOnUse">'
        '<rect width="6" height="6" fill="#ffffff"/><path d="M0 0L6 6M6 0L0 6" stroke="#b42318" '
        'stroke-width="1.5"/></pattern>',
        "</defs>",
    ]
    # Legend: words, not only colours.
    x = left
    for stance, colour, pattern in SERIES:
        fill, stroke = _fill(colour, pattern)
        out.append(f'<rect x="{x}" y="6" width="12" height="12" fill="{fill}" stroke="{stroke}"/>')
        out.append(f'<text x="{x + 16}" y="16" font-size="12" fill="currentColor">{stance}</text>')
        x += 100
    # Axis with the maximum.
    base = top_pad + plot_h
    axis_end = left + len(days) * (bar + gap) + gap
    out.append(f'<line x1="{left - 4}" y1="{base}" x2="{axis_end}" y2="{base}" stroke="currentColor" '
               'stroke-width="1"/>')
    out.append(f'<text x="{left - 6}" y="{top_pad + 4}" font-size="12" text-anchor="end" '
               f'fill="currentColor">{top}</text>')
    out.append(f'<text x="{left - 6}" y="{base}" font-size="12" text-anchor="end" fill="currentColor">0</text>')
    for i, (day, count) in enumerate(zip(days, counts)):
        x = left + gap + i * (bar + gap)
        y = base
        label = f"{day.date.day} {MONTHS[day.date.month - 1]}"
        for stance, colour, pattern in SERIES:
            n = count.get(stance, 0)
            if not n:
                continue
            h = n * scale
            y -= h
            fill, stroke = _fill(colour, pattern)
            out.append(f'<rect x="{x}" y="{y:.1f}" width="{bar}" height="{h:.1f}" fill="{fill}" '
                       f'stroke="{stroke}"><title>{escape(label)} {day.date.year}: {n} {stance}</title></rect>')
        total = sum(count.values())
        out.append(f'<text x="{x + bar / 2}" y="{y - 3:.1f}" font-size="12" text-anchor="middle" '
                   f'fill="currentColor">{total}</text>')
        if i % label_every == 0:
            out.append(f'<text x="{x + bar / 2}" y="{base + 14}" font-size="12" text-anchor="end" '
                       f'transform="rotate(-45 {x + bar / 2} {base + 14})" fill="currentColor">{escape(label)}</text>')
    out.append("</svg>")
    # One line: a blank line inside would end Markdown's raw HTML block.
    return Markup("".join(out))
