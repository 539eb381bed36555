"""Genograms: the family around one person drawn in McGoldrick notation, laid out in Python, as SVG and PDF.

family = family_for(person)                 # the family graph (family.py)
drawn = layout(family)                      # positions and lines (layout.py)
svg = render_svg(drawn, linkable=ids)       # SVG text (render.py); `ids` decided by the caller's access check
"""

from macp.people.genogram.family import Family, build_family, family_for
from macp.people.genogram.layout import Layout, layout, problems
from macp.people.genogram.render import render_svg

__all__ = ["Family", "Layout", "build_family", "family_for", "layout", "problems", "render_svg"]
