"""Server-rendered SVG charts for the dashboards: bars for a set of proportions and a line for a proportion month by
month. A chart is decoration for sighted readers (aria-hidden); the table beside it carries the same figures for
screen readers, printouts and copying (WCAG 2.2 1.1.1). No script and no inline style, so the Content-Security-
Policy has nothing to allow; the colours are GOV.UK's and keep 3:1 contrast with the white page (1.4.11)."""

import datetime as dt

from markupsafe import Markup, escape

BLUE, TEXT, GUIDE, MUTED = "#1d70b8", "#0b0c0c", "#b1b4b6", "#505a5f"


def _percent(value: float | None) -> str:
    return "no cases" if value is None else f"{value:.0%}"


def bars(items: list[dict], *, css: str = "macp-quality-chart", width: int = 640) -> Markup:
    """One horizontal bar per item ({"label", "value": 0..1 or None}): the label above its bar, the percentage at
    its end; an item with nothing counted shows "no cases" and no bar."""
    row, top, bar_height, right = 46, 8, 18, 56
    span = width - right
    height = top + row * len(items) + 8
    parts = [
        f'<svg class="{css}" viewBox="0 0 {width} {height}" width="100%" height="{height}" '
        f'preserveAspectRatio="xMinYMin meet" aria-hidden="true" focusable="false">'
    ]
    for fraction in (0, 0.5, 1):
        x = fraction * span
        parts.append(
            f'<line x1="{x:.1f}" x2="{x:.1f}" y1="{top}" y2="{height - 8}" stroke="{GUIDE}" stroke-width="1"/>'
        )
    for i, item in enumerate(items):
        y = top + i * row
        parts.append(f'<text x="0" y="{y + 14}" font-size="14" fill="{TEXT}">{escape(item["label"])}</text>')
        value = item.get("value")
        if value is None:
            parts.append(f'<text x="0" y="{y + 34}" font-size="13" fill="{MUTED}">no cases</text>')
            continue
        length = max(value * span, 2)
        parts.append(
            f'<rect class="macp-quality-bar" x="0" y="{y + 20}" width="{length:.1f}" height="{bar_height}" fill="{BLUE}"/>'
        )
        parts.append(
            f'<text x="{length + 6:.1f}" y="{y + 34}" font-size="13" font-weight="bold" fill="{TEXT}">'
            f"{_percent(value)}</text>"
        )
    parts.append("</svg>")
    return Markup("".join(parts))


def line(points: list[tuple[dt.date, float | None]], *, width: int = 640, height: int = 200) -> Markup:
    """A proportion month by month: a line through the months with cases (a gap where a month had none), 0% to
    100% on the vertical axis, the months' short names along the bottom."""
    left, right, top, bottom = 44, 12, 12, 30
    span_x, span_y = width - left - right, height - top - bottom

    def x(i: int) -> float:
        return left + (span_x / 2 if len(points) == 1 else span_x * i / (len(points) - 1))

    def y(value: float) -> float:
        return top + span_y * (1 - value)

    parts = [
        f'<svg class="macp-quality-trend" viewBox="0 0 {width} {height}" width="100%" height="{height}" '
        f'preserveAspectRatio="xMinYMin meet" aria-hidden="true" focusable="false">'
    ]
    for value in (0, 0.5, 1):
        parts.append(
            f'<line x1="{left}" x2="{width - right}" y1="{y(value):.1f}" y2="{y(value):.1f}" stroke="{GUIDE}" stroke-width="1"/>'
        )
        parts.append(
            f'<text x="{left - 6}" y="{y(value) + 4:.1f}" text-anchor="end" font-size="12" fill="{TEXT}">{value:.0%}</text>'
        )
    segment: list[str] = []
    segments = []
    for i, (_, value) in enumerate(points):
        if value is None:
            if segment:
                segments.append(segment)
            segment = []
            continue
        segment.append(f"{'M' if not segment else 'L'}{x(i):.1f},{y(value):.1f}")
    if segment:
        segments.append(segment)
    for seg in segments:
        if len(seg) > 1:
            parts.append(f'<path d="{" ".join(seg)}" fill="none" stroke="{BLUE}" stroke-width="3"/>')
    for i, (month, value) in enumerate(points):
        if value is not None:
            parts.append(f'<circle cx="{x(i):.1f}" cy="{y(value):.1f}" r="4" fill="{BLUE}"/>')
        parts.append(
            f'<text x="{x(i):.1f}" y="{height - 10}" text-anchor="middle" font-size="11" fill="{TEXT}">'
            f"{escape(month.strftime('%b'))}</text>"
        )
    parts.append("</svg>")
    return Markup("".join(parts))
