import pytest

from macp.access.models import AccessEvent, AccessRequest, BreakGlass


def test_uninvolved_user_gets_403_with_request_and_break_glass_routes(two_councils, client_for):
    response = client_for(two_councils.users.outsider).get(f"/people/{two_councils.child.pk}/")
    assert response.status_code == 403
    page = response.content.decode()
    assert "You do not have access to this record" in page
    assert "Amelia" not in page  # nothing about the child leaks on the refusal page
    assert "Ask for access" in page and "Break glass" in page
    event = AccessEvent.objects.get()
    assert not event.allowed and event.route == f"/people/{two_councils.child.pk}/"


def test_permitted_read_shows_record_and_is_audited(two_councils, client_for):
    response = client_for(two_councils.users.social_worker).get(f"/people/{two_councils.child.pk}/")
    assert response.status_code == 200
    page = response.content.decode()
    assert "<h1" in page and "Amelia Smith" in page
    assert "Relationship not known" in page  # the mother's partner is not assumed to be a parent
    assert "Mother" in page
    assert AccessEvent.objects.filter(username="sw", allowed=True, basis="involvement").count() == 1


def test_break_glass_without_reason_keeps_the_page_and_says_why(two_councils, client_for):
    client = client_for(two_councils.users.outsider)
    response = client.post(f"/people/{two_councils.child.pk}/break-glass/", {"break_glass_reason": "now"})
    assert response.status_code == 400
    page = response.content.decode()
    assert "There is a problem" in page and "at least 10 characters" in page
    assert ">now</textarea>" in page  # what was typed is not lost
    assert not BreakGlass.objects.exists()


def test_break_glass_opens_record_with_warning_and_flags_for_dpo(two_councils, client_for):
    client = client_for(two_councils.users.outsider)
    response = client.post(
        f"/people/{two_councils.child.pk}/break-glass/",
        {"break_glass_reason": "EDT call: child reported alone at home tonight"},
    )
    assert response.status_code == 302
    page = client.get(response["Location"]).content.decode()
    assert "break-glass access until" in page
    dpo = client_for(two_councils.users.dpo)
    home = dpo.get("/dpo/").content.decode()
    assert "EDT call: child reported alone at home tonight" in home


def test_request_access_then_dpo_grants_it(two_councils, client_for):
    client_for(two_councils.users.outsider).post(
        f"/people/{two_councils.child.pk}/request-access/", {"request_reason": "Family moving to Kingsmoor next week"}
    )
    access_request = AccessRequest.objects.get()
    dpo = client_for(two_councils.users.dpo)
    response = dpo.post(f"/dpo/requests/{access_request.pk}/", {"decision": "grant"})
    assert response.status_code == 302
    assert client_for(two_councils.users.outsider).get(f"/people/{two_councils.child.pk}/").status_code == 200


def test_dpo_pages_answer_who_looked_at_a_child_and_what_a_user_looked_at(two_councils, client_for):
    client_for(two_councils.users.social_worker).get(f"/people/{two_councils.child.pk}/")
    client_for(two_councils.users.outsider).get(f"/people/{two_councils.child.pk}/")
    dpo = client_for(two_councils.users.dpo)
    by_person = dpo.get("/dpo/person/", {"person_id": str(two_councils.child.pk)}).content.decode()
    assert "sw" in by_person and "kbc" in by_person and "Refused" in by_person
    by_user = dpo.get("/dpo/user/", {"username": "sw"}).content.decode()
    assert "Amelia Smith" in by_user


@pytest.mark.parametrize("who", ["social_worker", "outsider", "admin"])
def test_dpo_pages_are_for_the_dpo_only(two_councils, client_for, who):
    assert client_for(getattr(two_councils.users, who)).get("/dpo/").status_code == 403


def test_list_shows_only_people_with_a_basis(two_councils, client_for):
    page = client_for(two_councils.users.social_worker).get("/people/").content.decode()
    assert "Amelia Smith" in page and "Noah Brown" not in page
    assert "Amelia Smith" not in client_for(two_councils.users.outsider).get("/people/").content.decode()


def test_search_by_name_and_htmx_partial(two_councils, client_for):
    client = client_for(two_councils.users.social_worker)
    # Changed by issue 8: the social worker's agency is involved with Amelia only, so her mother is not listed.
    response = client.get("/people/", {"q": "smith"}, HTTP_HX_REQUEST="true")
    page = response.content.decode()
    assert "Amelia Smith" in page and "Jade" not in page and "<html" not in page


def test_dpo_finds_a_person_by_name_and_date_of_birth_and_sees_names(two_councils, client_for):
    dpo = client_for(two_councils.users.dpo)
    found = dpo.get("/dpo/person/", {"name": "Amelia", "date_of_birth": "02/08/2019"}).content.decode()
    assert "Amelia Smith" in found and f"?person_id={two_councils.child.pk}" in found and "Noah" not in found
    assert "Amelia Smith" in dpo.get("/dpo/person/", {"date_of_birth": "2019-08-02"}).content.decode()
    bad = dpo.get("/dpo/person/", {"date_of_birth": "31/02/2019"}).content.decode()
    assert "Enter a real date of birth" in bad


def test_reads_of_one_visit_are_grouped_filtered_and_exported(two_councils, client_for):
    import csv
    import datetime as dt
    import io

    from django.utils import timezone

    from macp.access.models import AccessEvent

    start = timezone.now() - dt.timedelta(days=3)
    for minutes in (0, 2, 5, 9):  # one visit of four reads
        AccessEvent.objects.create(
            at=start + dt.timedelta(minutes=minutes),
            username="sw",
            agency_code="svc-csc",
            person_id=str(two_councils.child.pk),
            route="/people/x/",
            channel="page",
            basis="involvement",
            allowed=True,
        )
    AccessEvent.objects.create(
        at=start + dt.timedelta(minutes=60),
        username="sw",
        agency_code="svc-csc",  # a second visit
        person_id=str(two_councils.child.pk),
        route="/people/x/",
        channel="page",
        basis="involvement",
        allowed=True,
    )
    AccessEvent.objects.create(
        at=start,
        username="kbc",
        agency_code="kbc-csc",
        person_id=str(two_councils.child.pk),
        route="/people/x/",
        channel="api",
        basis="denied",
        allowed=False,
        detail="=cmd()",
    )
    dpo = client_for(two_councils.users.dpo)
    page = dpo.get("/dpo/person/", {"person_id": str(two_councils.child.pk)}).content.decode()
    assert "Who has looked at Amelia Smith" in page
    assert page.count("4 reads in one visit") == 1 and page.count("1 read in one visit") == 2
    refused = dpo.get("/dpo/person/", {"person_id": str(two_councils.child.pk), "outcome": "refused"}).content.decode()
    assert "kbc" in refused and ">sw<" not in refused
    day = (start + dt.timedelta(days=1)).strftime("%d/%m/%Y")
    assert (
        "No reads are recorded that match" in dpo.get("/dpo/user/", {"username": "sw", "since": day}).content.decode()
    )
    response = dpo.get("/dpo/person/", {"person_id": str(two_councils.child.pk), "format": "csv"})
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(response.content.decode())))
    assert len(rows) == 6 and {r["person_name"] for r in rows} == {"Amelia Smith"}
    assert [r for r in rows if r["username"] == "kbc"][0]["detail"] == "'=cmd()"  # no formula injection
    assert dpo.get("/dpo/user/", {"username": "sw", "since": "soon"}).status_code == 400


def test_dpo_search_is_for_the_dpo_only(two_councils, client_for):
    assert client_for(two_councils.users.social_worker).get("/dpo/person/", {"name": "Amelia"}).status_code == 403
