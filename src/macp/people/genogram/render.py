"""Drawing a laid-out genogram as SVG in McGoldrick notation, with a key of the symbols used.

Only presentation attributes are used for the drawing (no CSS needed, so exports look the same everywhere); a
small <style> adds the keyboard focus and hover states for the links. Colour never carries meaning on its own:
lines differ by dash pattern and marks, links are underlined as well as blue, and text is GOV.UK black
(#0b0c0c) or dark grey (#505a5f) on white.

Accessibility: a title and a description that says in words who lives with the index person and who else is
shown. With no links the SVG is role="img". With links it is role="group" (labelled by the same title and
description) because an image role would hide the links inside it from screen readers; every person one may
open is a real link with an accessible name, reachable by Tab, with a visible yellow focus box.
"""

from __future__ import annotations

from xml.sax.saxutils import escape as _escape
from xml.sax.saxutils import quoteattr as _quoteattr

from macp.core.text import without_controls
from macp.people.genogram.family import (
    ADOPTED,
    BIRTH,
    DIVORCED,
    FOSTERED,
    MARRIED,
    SEPARATED,
    UNKNOWN_RELATIONSHIP,
    UNRECORDED,
)
from macp.people.genogram.layout import DETAIL_SIZE, DIAMOND_HALF, HALF, LINE_H, NAME_SIZE, SYMBOL, Layout, Placed, wrap

INK = "#0b0c0c"
MUTED = "#505a5f"
LINK = "#1d70b8"
HOUSEHOLD = "#1d70b8"
FOCUS = "#ffdd00"
FONT = "Arial, 'Liberation Sans', Helvetica, sans-serif"
DASH = {BIRTH: None, ADOPTED: "7 4", FOSTERED: "2 3"}
COHABITING_DASH = "8 5"
UNRECORDED_DASH = "10 3 2 3"

_STYLE = (
    ".macp-genogram a:focus{outline:none}"
    ".macp-genogram a:focus .gg-focus{fill:#ffdd00;stroke:#0b0c0c;stroke-width:3px}"
    ".macp-genogram a:focus .gg-name{fill:#0b0c0c;text-decoration:none}"
    ".macp-genogram a:hover .gg-name{fill:#003078;stroke:#003078;stroke-width:0.3px}"
)


# Names arrive from many systems: a control character would make the SVG ill-formed XML (issue 14).
def escape(text: str) -> str:
    return _escape(without_controls(text))


def quoteattr(text: str) -> str:
    return _quoteattr(without_controls(text))


def _n(value: float) -> str:
    text = f"{value:.1f}"
    return text[:-2] if text.endswith(".0") else text


def _attrs(**attrs) -> str:
    out = []
    for name, value in attrs.items():
        if value is None or value is False:
            continue
        name = name.rstrip("_").replace("_", "-")
        if isinstance(value, float):
            value = _n(value)
        out.append(f" {name}={quoteattr(str(value))}")
    return "".join(out)


def _el(tag: str, **attrs) -> str:
    return f"<{tag}{_attrs(**attrs)}/>"


def _path(points, **attrs) -> str:
    d = "M" + " L".join(f"{_n(x)} {_n(y)}" for x, y in points)
    return _el("path", d=d, fill="none", **attrs)


# ---------------------------------------------------------------------------------------------------------------
# Symbols.


def shape_svg(
    shape: str,
    x: float,
    cy: float,
    size: float = SYMBOL,
    *,
    inner: bool = False,
    dashed: bool = False,
    stroke_width: float = 2,
) -> list[str]:
    """One symbol centred at (x, cy): square, circle, diamond or triangle; `inner` adds the index's second outline."""
    half = size / 2
    dia = half * DIAMOND_HALF / HALF
    common = dict(fill="#ffffff", stroke=INK, stroke_width=stroke_width, stroke_dasharray="4 3" if dashed else None)

    def one(h: float, d: float, **extra) -> str:
        if shape == "square":
            return _el("rect", x=x - h, y=cy - h, width=2 * h, height=2 * h, **extra)
        if shape == "circle":
            return _el("circle", cx=x, cy=cy, r=h, **extra)
        if shape == "diamond":
            return _el(
                "polygon",
                points=f"{_n(x)},{_n(cy - d)} {_n(x + d)},{_n(cy)} {_n(x)},{_n(cy + d)} {_n(x - d)},{_n(cy)}",
                **extra,
            )
        top = cy - h
        return _el(
            "polygon", points=f"{_n(x)},{_n(top)} {_n(x + d)},{_n(top + 2 * h)} {_n(x - d)},{_n(top + 2 * h)}", **extra
        )

    out = [one(half, dia, **common)]
    if inner:
        k = 0.72 if shape != "triangle" else 0.55
        if shape == "triangle":
            # a smaller triangle sharing the centre of the big one's inscribed area
            h2 = half * k
            out.append(
                _el(
                    "polygon",
                    points=f"{_n(x)},{_n(cy - h2 + 4)} {_n(x + dia * k)},{_n(cy + half - 4)} {_n(x - dia * k)},{_n(cy + half - 4)}",
                    fill="none",
                    stroke=INK,
                    stroke_width=1.5,
                )
            )
        else:
            out.append(one(half * k, dia * k, fill="none", stroke=INK, stroke_width=1.5))
    return out


def _deceased_cross(x: float, cy: float, size: float = SYMBOL) -> list[str]:
    r = size / 2 + 4
    return [
        _el("line", x1=x - r, y1=cy - r, x2=x + r, y2=cy + r, stroke=INK, stroke_width=2, class_="gg-deceased"),
        _el("line", x1=x - r, y1=cy + r, x2=x + r, y2=cy - r, stroke=INK, stroke_width=2, class_="gg-deceased"),
    ]


def _brackets(x: float, cy: float, size: float = SYMBOL) -> list[str]:
    h, w = size / 2 + 3, size / 2 + 8
    return [
        _path(
            [(x - w + 5, cy - h), (x - w, cy - h), (x - w, cy + h), (x - w + 5, cy + h)],
            stroke=INK,
            stroke_width=1.5,
            class_="gg-adopted",
        ),
        _path(
            [(x + w - 5, cy - h), (x + w, cy - h), (x + w, cy + h), (x + w - 5, cy + h)],
            stroke=INK,
            stroke_width=1.5,
            class_="gg-adopted",
        ),
    ]


def _person_svg(p: Placed, layout: Layout, href: str | None) -> str:
    m = p.member
    link = layout.family.link_of(m.id)
    parts = []
    label_box = p.label_box
    if href:
        box_x0 = min(p.x - DIAMOND_HALF - 6, label_box.x0 - 3)
        box_x1 = max(p.x + DIAMOND_HALF + 6, label_box.x1 + 3)
        parts.append(
            _el(
                "rect",
                class_="gg-focus",
                x=box_x0,
                y=p.top - 6,
                width=box_x1 - box_x0,
                height=label_box.y1 + 4 - (p.top - 6),
                rx=3,
                fill="none",
                stroke="none",
            )
        )
    parts += shape_svg(p.shape, p.x, p.cy, inner=m.is_index, dashed=m.placeholder)
    if m.placeholder:
        parts.append(
            f"<text{_attrs(x=p.x, y=p.cy + 6, text_anchor='middle', font_size=17, font_weight='bold', fill=INK)}>?</text>"
        )
    if m.is_deceased:
        parts += _deceased_cross(p.x, p.cy)
    if link and link.kind == ADOPTED:
        parts += _brackets(p.x, p.cy)
    for k, (text, style) in enumerate(p.lines):
        y = p.label_top + (k + 1) * LINE_H - 3
        if style == "name":
            attrs = dict(
                font_size=NAME_SIZE,
                fill=LINK if href else INK,
                font_weight="bold" if m.is_index else None,
                text_decoration="underline" if href else None,
                class_="gg-name",
            )
        elif style == "kin":
            attrs = dict(font_size=DETAIL_SIZE, fill=INK, font_style="italic", class_="gg-kin")
        else:
            attrs = dict(font_size=DETAIL_SIZE, fill=MUTED, class_="gg-detail")
        parts.append(f"<text{_attrs(x=p.x, y=y, text_anchor='middle', **attrs)}>{escape(text)}</text>")
    data = dict(
        class_=f"gg-person gg-{p.shape}",
        data_person_id=m.id,
        data_shape=p.shape,
        data_index="true" if m.is_index else None,
        data_deceased="true" if m.is_deceased else None,
        data_placeholder="true" if m.placeholder else None,
        data_household="true" if m.in_household else None,
        data_kin=m.kin or None,
    )
    group = f"<g{_attrs(**data)}>{''.join(parts)}</g>"
    if not href:
        return group
    label = m.full_name
    if m.kin and not m.is_index:
        label += f", {m.kin.lower() if m.kin != UNKNOWN_RELATIONSHIP else 'relationship not known'}"
    label += f". Open {m.full_name}'s record"
    return f"<a{_attrs(href=href, aria_label=label)}><title>{escape(label)}</title>{group}</a>"


# ---------------------------------------------------------------------------------------------------------------
# Lines.


def _couple_svg(couple) -> list[str]:
    u = couple.union
    dash = None if u.solid else COHABITING_DASH
    if u.kind == UNRECORDED:
        dash = UNRECORDED_DASH
    out = [
        _path(
            couple.points,
            stroke=INK,
            stroke_width=2,
            stroke_dasharray=dash,
            class_=f"gg-couple gg-{u.kind}",
            data_union=u.id,
            data_kind=u.kind,
            data_slashes=u.slashes or None,
        )
    ]
    x, y = couple.marks_x, couple.y
    for k in range(u.slashes):
        dx = (k - (u.slashes - 1) / 2) * 7
        out.append(
            _el("line", x1=x + dx - 4, y1=y + 7, x2=x + dx + 4, y2=y - 7, stroke=INK, stroke_width=2, class_="gg-slash")
        )
    if u.kind == UNRECORDED:
        out.append(
            f"<text{_attrs(x=x, y=y - 2.5, text_anchor='middle', font_size=11, font_weight='bold', fill=INK, class_='gg-unrecorded')}>?</text>"
        )
    return out


def _descent_svg(descent) -> tuple[list[str], list[str]]:
    """(white halos drawn first, so lines passing over others show a small gap; the lines themselves)."""
    halos, lines = [], []
    dash = DASH.get(descent.style)
    uid = descent.union.id
    drop = list(descent.drop)
    if len(drop) > 1:
        halo = [(drop[-2][0], drop[-2][1] + 4), drop[-1]] if len(drop) >= 2 else drop
        halos.append(_path(halo, stroke="#ffffff", stroke_width=7))
        lines.append(_path(drop, stroke=INK, stroke_width=2, stroke_dasharray=dash, class_="gg-drop", data_union=uid))
    if descent.bar:
        x0, x1, y = descent.bar
        if x1 - x0 > 0.5:
            lines.append(
                _el(
                    "line",
                    x1=x0,
                    y1=y,
                    x2=x1,
                    y2=y,
                    stroke=INK,
                    stroke_width=2,
                    stroke_dasharray=dash,
                    class_="gg-bar",
                    data_union=uid,
                )
            )
    for child in descent.children:
        points = child.points
        cls = (
            "gg-child"
            + (" gg-twin" if child.twin_group is not None else "")
            + ("" if child.primary else " gg-secondary")
        )
        halos.append(_path(points[1:] if not child.primary else points, stroke="#ffffff", stroke_width=7))
        lines.append(
            _path(
                points,
                stroke=INK,
                stroke_width=2,
                stroke_dasharray=DASH.get(child.kind),
                class_=cls,
                data_union=uid,
                data_child=child.child,
                data_kind=child.kind,
                data_twin_group=child.twin_group if child.twin_group is not None else None,
            )
        )
    return halos, lines


def _rounded(polygon: list[tuple[float, float]], radius: float = 12) -> str:
    n = len(polygon)
    d = []
    for k in range(n):
        prev, here, nxt = polygon[k - 1], polygon[k], polygon[(k + 1) % n]
        len_in = abs(here[0] - prev[0]) + abs(here[1] - prev[1])
        len_out = abs(nxt[0] - here[0]) + abs(nxt[1] - here[1])
        r = min(radius, len_in / 2, len_out / 2)

        def toward(a, b, dist):
            length = abs(b[0] - a[0]) + abs(b[1] - a[1]) or 1
            return (a[0] + (b[0] - a[0]) * dist / length, a[1] + (b[1] - a[1]) * dist / length)

        start = toward(here, prev, r)
        end = toward(here, nxt, r)
        d.append(
            f"{'M' if k == 0 else 'L'}{_n(start[0])} {_n(start[1])} Q{_n(here[0])} {_n(here[1])} {_n(end[0])} {_n(end[1])}"
        )
    return " ".join(d) + " Z"


# ---------------------------------------------------------------------------------------------------------------
# Key.


def _key_items(layout: Layout, any_links: bool) -> list[tuple[str, str]]:
    fam = layout.family
    people = list(layout.people.values())
    shapes = {p.shape for p in people if not p.member.placeholder}
    kinds = {c.union.kind for c in layout.couples}
    slashes = {(c.union.slashes, c.union.solid) for c in layout.couples if c.union.slashes}
    links = {child.kind for d in layout.descents for child in d.children}
    index_name = fam.index.given_name or fam.index.full_name
    items = []
    if "square" in shapes:
        items.append(("male", "Male"))
    if "circle" in shapes:
        items.append(("female", "Female"))
    if "diamond" in shapes:
        items.append(("diamond", "Other or not known sex"))
    if "triangle" in shapes:
        items.append(("triangle", "Pregnancy (unborn baby)"))
    items.append(("index", f"{fam.index.full_name} (double outline)"))
    if any(p.member.is_deceased for p in people):
        items.append(("deceased", "Died (years of birth and death)"))
    if any(p.member.placeholder for p in people):
        items.append(("placeholder", "Parent not recorded"))
    if MARRIED in kinds:
        items.append(("married", "Married or civil partners"))
    if "cohabiting" in kinds or any(not solid for _, solid in slashes):
        items.append(("cohabiting", "Partners, living together"))
    if any(n == 1 for n, _ in slashes) or SEPARATED in kinds:
        items.append(("separated", "Separated (one slash)"))
    if DIVORCED in kinds:
        items.append(("divorced", "Divorced (two slashes)"))
    if UNRECORDED in kinds:
        items.append(("unrecorded", "Parents, relationship not recorded"))
    if BIRTH in links:
        items.append(("children", "Children, oldest on the left"))
    if any(child.twin_group is not None for d in layout.descents for child in d.children):
        items.append(("twins", "Twins (lines from one point)"))
    if ADOPTED in links:
        items.append(("adopted", "Adopted (dashed line, brackets)"))
    if FOSTERED in links:
        items.append(("fostered", "Fostered (dotted line)"))
    if layout.household:
        items.append(("household", f"Lives with {index_name} now"))
    if any(not p.member.connected and not p.member.is_index and not p.member.placeholder for p in people):
        items.append(("noline", f"No line: relationship to {index_name} written under the name"))
    if any_links:
        items.append(("link", "Underlined name: select to open their record"))
    return items


def _key_sample(kind: str, x: float, y: float, index_shape: str) -> list[str]:
    """A small drawing for one key entry, in a 44 x 24 box whose left middle is (x, y)."""
    s = 20
    cx = x + 22
    if kind in ("male", "female", "diamond", "triangle"):
        shape = {"male": "square", "female": "circle", "diamond": "diamond", "triangle": "triangle"}[kind]
        return shape_svg(shape, cx, y, s)
    if kind == "index":
        return shape_svg(index_shape, cx, y, s + 4, inner=True)
    if kind == "deceased":
        return shape_svg("square", cx, y, s) + _deceased_cross(cx, y, s)
    if kind == "placeholder":
        return shape_svg("square", cx, y, s, dashed=True) + [
            f"<text{_attrs(x=cx, y=y + 4.5, text_anchor='middle', font_size=12, font_weight='bold', fill=INK)}>?</text>"
        ]
    if kind in ("married", "cohabiting", "separated", "divorced", "unrecorded"):
        dash = {"cohabiting": COHABITING_DASH, "unrecorded": UNRECORDED_DASH}.get(kind)
        out = [
            _path(
                [(x + 2, y - 9), (x + 2, y + 5), (x + 42, y + 5), (x + 42, y - 9)],
                stroke=INK,
                stroke_width=2,
                stroke_dasharray=dash,
            )
        ]
        n = {"separated": 1, "divorced": 2}.get(kind, 0)
        for k in range(n):
            dx = (k - (n - 1) / 2) * 7
            out.append(_el("line", x1=cx + dx - 4, y1=y + 12, x2=cx + dx + 4, y2=y - 2, stroke=INK, stroke_width=2))
        if kind == "unrecorded":
            out.append(
                f"<text{_attrs(x=cx, y=y + 1, text_anchor='middle', font_size=11, font_weight='bold', fill=INK)}>?</text>"
            )
        return out
    if kind == "children":
        return [
            _path([(cx, y - 11), (cx, y - 3)], stroke=INK, stroke_width=2),
            _path([(x + 8, y + 11), (x + 8, y - 3), (x + 36, y - 3), (x + 36, y + 11)], stroke=INK, stroke_width=2),
        ]
    if kind == "twins":
        return [
            _path([(cx, y - 11), (cx, y - 4)], stroke=INK, stroke_width=2),
            _path([(x + 8, y + 11), (cx, y - 4), (x + 36, y + 11)], stroke=INK, stroke_width=2),
        ]
    if kind in ("adopted", "fostered"):
        out = [
            _path(
                [(cx, y - 11), (cx, y + 11)],
                stroke=INK,
                stroke_width=2,
                stroke_dasharray=DASH[ADOPTED if kind == "adopted" else FOSTERED],
            )
        ]
        if kind == "adopted":
            out += [
                _path(
                    [(cx - 7, y - 9), (cx - 11, y - 9), (cx - 11, y + 9), (cx - 7, y + 9)], stroke=INK, stroke_width=1.5
                ),
                _path(
                    [(cx + 7, y - 9), (cx + 11, y - 9), (cx + 11, y + 9), (cx + 7, y + 9)], stroke=INK, stroke_width=1.5
                ),
            ]
        return out
    if kind == "household":
        return [
            _el(
                "rect",
                x=x + 2,
                y=y - 10,
                width=40,
                height=20,
                rx=6,
                fill="none",
                stroke=HOUSEHOLD,
                stroke_width=2,
                stroke_dasharray="7 4",
            )
        ]
    if kind == "noline":
        return shape_svg("square", cx, y, s)
    if kind == "link":
        return [
            f"<text{_attrs(x=cx, y=y + 4, text_anchor='middle', font_size=NAME_SIZE, fill=LINK, text_decoration='underline')}>Name</text>"
        ]
    return []


KEY_COLUMN = 270
KEY_ROW = 28


def _key_svg(items, x0: float, y0: float, columns: int, index_shape: str) -> tuple[str, float]:
    rows = -(-len(items) // columns)
    parts = [f"<text{_attrs(x=x0, y=y0 + 14, font_size=14, font_weight='bold', fill=INK)}>Key</text>"]
    for k, (kind, text) in enumerate(items):
        col, row = k // rows, k % rows
        x = x0 + col * KEY_COLUMN
        y = y0 + 36 + row * KEY_ROW
        parts += _key_sample(kind, x, y, index_shape)
        lines = wrap(text, DETAIL_SIZE + 1, KEY_COLUMN - 62)
        first = y + 4 - (len(lines) - 1) * 6.5
        for n, line in enumerate(lines):
            parts.append(
                f"<text{_attrs(x=x + 52, y=first + n * 13, font_size=DETAIL_SIZE + 1, fill=INK)}>{escape(line)}</text>"
            )
    height = 36 + rows * KEY_ROW
    return f"<g{_attrs(class_='gg-key')}>{''.join(parts)}</g>", height


# ---------------------------------------------------------------------------------------------------------------


def render_svg(
    layout: Layout,
    *,
    linkable=frozenset(),
    href=None,
    heading: str | None = None,
    key: bool = True,
    id_prefix: str = "genogram",
) -> str:
    """The SVG document for a laid-out genogram.

    `linkable`: ids of the people the viewer may open (decided by the caller; the renderer asks nothing).
    `href(person_id)`: their address (default /people/<id>/).
    """
    href = href or (lambda pid: f"/people/{pid}/")
    linkable = {str(pid) for pid in linkable}
    fam = layout.family
    top = 0.0
    width = layout.width
    head = []
    if heading:
        head.append(f"<text{_attrs(x=16, y=26, font_size=18, font_weight='bold', fill=INK)}>{escape(heading)}</text>")
        top = 36.0
    any_links = any(pid in linkable for pid, p in layout.people.items() if not p.member.placeholder)
    items = _key_items(layout, any_links) if key else []
    columns = max(1, min(3, int((max(width, 2 * KEY_COLUMN + 32) - 32) // KEY_COLUMN)))
    width = max(width, columns * KEY_COLUMN + 32)
    dx = (width - layout.width) / 2
    body = []
    for polygon in layout.household:
        body.append(
            _el(
                "path",
                d=_rounded(polygon),
                fill="none",
                stroke=HOUSEHOLD,
                stroke_width=2,
                stroke_dasharray="8 5",
                class_="gg-household",
            )
        )
    for couple in layout.couples:
        body += _couple_svg(couple)
    halos, lines = [], []
    for descent in layout.descents:
        h, ln = _descent_svg(descent)
        halos += h
        lines += ln
    body += halos + lines
    for pid, p in sorted(layout.people.items(), key=lambda item: (item[1].row, item[1].x)):
        link = href(pid) if pid in linkable and not p.member.placeholder else None
        body.append(_person_svg(p, layout, link))
    key_svg, key_height = ("", 0.0)
    if items:
        index_shape = layout.people[fam.index_id].shape
        key_svg, key_height = _key_svg(items, 16, layout.height + 8, columns, index_shape)
    total_height = top + layout.height + (key_height + 16 if items else 0)
    title = f"Genogram for {fam.index.full_name}"
    desc = fam.describe()
    role = "group" if any_links else "img"
    ns = ' xmlns="http://www.w3.org/2000/svg"'
    svg = [
        f"<svg{ns}{_attrs(viewBox=f'0 0 {_n(width)} {_n(total_height)}', width=_n(width), height=_n(total_height), role=role, aria_labelledby=f'{id_prefix}-title', aria_describedby=f'{id_prefix}-desc', class_='macp-genogram', font_family=FONT, data_index_person=fam.index_id)}>",
        f"<title id={quoteattr(id_prefix + '-title')}>{escape(title)}</title>",
        f"<desc id={quoteattr(id_prefix + '-desc')}>{escape(desc)}</desc>",
        f"<style>{_STYLE}</style>",
        _el("rect", x=0, y=0, width=_n(width), height=_n(total_height), fill="#ffffff"),
        *head,
        f"<g{_attrs(transform=f'translate({_n(dx)} {_n(top)})', class_='gg-diagram')}>",
        *body,
        "</g>",
        f"<g{_attrs(transform=f'translate(0 {_n(top)})')}>{key_svg}</g>" if key_svg else "",
        "</svg>",
    ]
    return "\n".join(part for part in svg if part)
