"""Children list and the child's overview. Every person shown in full comes through access.open_person."""

from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render

from macp.access.http import denied_response
from macp.access.services import AccessDenied, PersonNotFound, open_person, openable_ids, visible_people
from macp.documents.render import html_to_pdf
from macp.identity.services import may_review_person, merged_to, source_records_for
from macp.people import sections
from macp.people.services import family_picture, joined_up_history, search_people

PAGE_SIZE = 25


def index(request):
    """The people the user's agency or team is involved with, searchable; lists show names only."""
    query = request.GET.get("q", "").strip()
    people = search_people(visible_people(request.user), query).order_by("family_name", "given_name", "date_of_birth")
    page = Paginator(
        people.only("id", "given_name", "family_name", "date_of_birth", "expected_date_of_birth", "sex"), PAGE_SIZE
    ).get_page(request.GET.get("page"))
    template = "people/_results.html" if request.headers.get("HX-Request") else "people/index.html"
    return render(request, template, {"page": page, "query": query})


def person_detail(request, person_id: str):
    survivor = merged_to(person_id)
    if survivor != person_id:
        # A reviewer joined this provisional person into another: the old address leads to the survivor.
        return redirect("people:detail", person_id=survivor)
    try:
        opened = open_person(request.user, person_id, route=request.path)
    except PersonNotFound:
        raise Http404("No such person") from None
    except AccessDenied as denied:
        return denied_response(request, denied.person)
    picture = family_picture(opened.person)
    # Who lives with the child and how they are related is shown to anyone who may open the child; a name is a link
    # only where the user may open that person's own record too (decision 0006: proportionate sharing).
    shown = [m.person for h in picture.households_now for m in h.members] + [r.person for r in picture.relatives]
    return render(
        request,
        "people/detail.html",
        {
            "opened": opened,
            "openable": openable_ids(request.user, shown),
            "picture": picture,
            "records": source_records_for(opened.person),
            "history": joined_up_history(opened.person),
            "child_out_of_hours": opened.person.out_of_hours_records.order_by("-occurred_at"),
            "can_review_identity": may_review_person(request.user, opened.person),
            "genogram": genogram_for_page(request.user, opened.person),
            # Each domain's section (alerts, strategy discussions, escalations, transfers): people.sections.
            **sections.for_page(opened.person, request.user),
        },
    )


# Genogram ------------------------------------------------------------------------------------------------------
# Shown on the person's page and exported as SVG or PDF. Exports are reads of the record: they go through
# open_person with the export channel, so they are checked and audited like the page. Who in the drawing is a
# link is decided by access.genogram, person by person, by the one access rule.

from django.http import HttpResponse  # noqa: E402
from django.template.loader import render_to_string  # noqa: E402
from django.urls import reverse  # noqa: E402
from django.utils import timezone  # noqa: E402
from markupsafe import Markup  # noqa: E402

from macp.access.genogram import drawing as genogram_drawing  # noqa: E402
from macp.access.genogram import for_page as genogram_for_page  # noqa: E402
from macp.access.models import AccessEvent  # noqa: E402


def _export_opened(request, person_id: str):
    survivor = merged_to(person_id)
    if survivor != person_id:
        name = "people:genogram_pdf" if request.path.endswith(".pdf") else "people:genogram_svg"
        return None, redirect(name, person_id=survivor)
    try:
        return open_person(request.user, person_id, route=request.path, channel=AccessEvent.Channel.EXPORT), None
    except PersonNotFound:
        raise Http404("No such person") from None
    except AccessDenied as denied:
        return None, denied_response(request, denied.person)


def _export_filename(person, extension: str) -> str:
    # No name in the file name: download lists, recent files and e-mail attachments are seen by others.
    return f"genogram-{timezone.localdate():%Y-%m-%d}-{str(person.pk)[:8]}.{extension}"


def _export_response(content, content_type: str, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "no-store"
    return response


def genogram_svg(request, person_id: str):
    opened, refused = _export_opened(request, person_id)
    if refused:
        return refused
    person = opened.person
    today = timezone.localdate()
    svg, _ = genogram_drawing(
        request.user,
        person,
        href=lambda pid: request.build_absolute_uri(reverse("people:detail", kwargs={"person_id": pid})),
        heading=f"Genogram: {person.full_name}, {today.day} {today:%B %Y}",
    )
    return _export_response(
        '<?xml version="1.0" encoding="UTF-8"?>\n' + svg,
        "image/svg+xml; charset=utf-8",
        _export_filename(person, "svg"),
    )


def genogram_pdf(request, person_id: str):
    opened, refused = _export_opened(request, person_id)
    if refused:
        return refused
    person = opened.person
    svg, description = genogram_drawing(request.user, person, links=False)  # paper: no links
    html = render_to_string(
        "people/genogram_pdf.html",
        {
            "person": person,
            "svg": Markup(svg),
            "description": description,
            "produced_at": timezone.now(),
            "user": request.user,
        },
        request=request,
    )
    pdf = html_to_pdf(html)
    return _export_response(pdf, "application/pdf", _export_filename(person, "pdf"))
