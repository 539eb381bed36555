"""Scores over time as a small server-rendered SVG per domain, with the same numbers in a table beside it (the
chart is decoration for sighted readers: the table is what a screen reader and a printout use)."""

from markupsafe import Markup, escape

from macp.core.formats import date_uk

WIDTH, HEIGHT, LEFT, RIGHT, TOP, BOTTOM = 320, 140, 34, 12, 12, 28


def domain_chart(tool, series: dict) -> dict:
    values = [s["value"] for s in tool.scale]
    low, high = min(values), max(values)
    points = series["points"]
    span_x = WIDTH - LEFT - RIGHT
    span_y = HEIGHT - TOP - BOTTOM

    def x(i: int) -> float:
        return LEFT + (span_x / 2 if len(points) == 1 else span_x * i / (len(points) - 1))

    def y(score: int) -> float:
        return TOP + span_y * (high - score) / (high - low)

    parts = [
        f'<svg class="macp-tool-chart" viewBox="0 0 {WIDTH} {HEIGHT}" width="{WIDTH}" height="{HEIGHT}" aria-hidden="true" focusable="false">'
    ]
    # Band boundaries as light guide lines, labelled with the scale's ends.
    for value in (low, (low + high) / 2, high):
        parts.append(
            f'<line x1="{LEFT}" x2="{WIDTH - RIGHT}" y1="{y(value):.1f}" y2="{y(value):.1f}" stroke="#b1b4b6" stroke-width="1"/>'
        )
        parts.append(
            f'<text x="{LEFT - 6}" y="{y(value) + 4:.1f}" text-anchor="end" font-size="11" fill="#0b0c0c">{value:g}</text>'
        )
    path = " ".join(f"{'M' if i == 0 else 'L'}{x(i):.1f},{y(s):.1f}" for i, (_, s) in enumerate(points))
    if len(points) > 1:
        parts.append(f'<path d="{path}" fill="none" stroke="#1d70b8" stroke-width="3"/>')
    for i, (on, score) in enumerate(points):
        parts.append(f'<circle cx="{x(i):.1f}" cy="{y(score):.1f}" r="5" fill="#1d70b8"/>')
        parts.append(
            f'<text x="{x(i):.1f}" y="{HEIGHT - 8}" text-anchor="middle" font-size="11" fill="#0b0c0c">{escape(on.strftime("%-d %b %y"))}</text>'
        )
    parts.append("</svg>")
    labels = {s["value"]: s["label"] for s in tool.scale}
    rows = [{"date": date_uk(on), "score": score, "label": labels.get(score, str(score))} for on, score in points]
    return {"domain": series["domain"], "title": series["title"], "svg": Markup("".join(parts)), "rows": rows}
