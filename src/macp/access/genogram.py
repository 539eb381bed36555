"""The genogram as one viewer may see it: only the people they may open are links (need-to-know decides the links,
the drawing code asks nothing). One helper for every page that draws a family: the person's page and the meeting."""

import logging

from django.urls import reverse
from markupsafe import Markup

from macp.access.models import Basis
from macp.access.services import basis_for
from macp.people import genogram as _genogram
from macp.people.models import Person

_log = logging.getLogger(__name__)


def linkable(user, family) -> set[str]:
    """Ids of the people in the genogram this user may open (so their symbol may be a link)."""
    ids = [pid for pid, member in family.members.items() if not member.placeholder]
    return {str(pk) for pk, person in Person.objects.in_bulk(ids).items() if basis_for(user, person)[0] != Basis.DENIED}


def drawing(
    user, person, *, links: bool = True, href=None, heading: str | None = None, id_prefix: str = "genogram"
) -> tuple[str, str]:
    """(SVG, the family in words). `href(person_id)` gives a link's address (default: the person's page)."""
    family = _genogram.family_for(person)
    href = href or (lambda pid: reverse("people:detail", kwargs={"person_id": pid}))
    svg = _genogram.render_svg(
        _genogram.layout(family),
        linkable=linkable(user, family) if links else set(),
        href=href,
        heading=heading,
        id_prefix=id_prefix,
    )
    return svg, family.describe()


def for_page(user, person, *, id_prefix: str = "genogram") -> dict:
    """The inline genogram for a page. A drawing that fails must not take the page down with it."""
    try:
        svg, description = drawing(user, person, id_prefix=id_prefix)
    except Exception:  # noqa: BLE001
        _log.exception("Genogram could not be drawn for %s", person.pk)
        return {"svg": None, "description": "", "error": True}
    return {"svg": Markup(svg), "description": description, "error": False}
