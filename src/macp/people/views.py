"""Children list and the child's overview. Every person shown in full comes through access.open_person."""

from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render

from macp.access.services import AccessDenied, PersonNotFound, open_person, visible_people
from macp.access.views import denied_response
from macp.accounts.models import Role
from macp.identity.services import merged_to, source_records_for
from macp.people.services import family_picture, search_people

PAGE_SIZE = 25


def index(request):
    """The people the user's agency or team is involved with, searchable; lists show names only."""
    query = request.GET.get("q", "").strip()
    people = search_people(visible_people(request.user), query).order_by("family_name", "given_name", "date_of_birth")
    page = Paginator(people.only("id", "given_name", "family_name", "date_of_birth", "expected_date_of_birth", "sex"), PAGE_SIZE).get_page(request.GET.get("page"))
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
    return render(request, "people/detail.html", {
        "opened": opened,
        "picture": family_picture(opened.person),
        "records": source_records_for(opened.person),
        "can_review_identity": request.user.has_role(Role.FRONT_DOOR_PRACTITIONER, Role.FRONT_DOOR_MANAGER),
    })
