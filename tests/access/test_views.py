import pytest

from macp.access.models import AccessEvent, AccessRequest, BreakGlass


def test_uninvolved_user_gets_403_with_request_and_break_glass_routes(world, client_for):
    response = client_for(world.users.outsider).get(f"/people/{world.child.pk}/")
    assert response.status_code == 403
    page = response.content.decode()
    assert "You do not have access to this record" in page
    assert "Amelia" not in page  # nothing about the child leaks on the refusal page
    assert "Ask for access" in page and "Break glass" in page
    event = AccessEvent.objects.get()
    assert not event.allowed and event.route == f"/people/{world.child.pk}/"


def test_permitted_read_shows_record_and_is_audited(world, client_for):
    response = client_for(world.users.social_worker).get(f"/people/{world.child.pk}/")
    assert response.status_code == 200
    page = response.content.decode()
    assert "<h1" in page and "Amelia Smith" in page
    assert "Relationship not known" in page  # the mother's partner is not assumed to be a parent
    assert "Mother" in page
    assert AccessEvent.objects.filter(username="sw", allowed=True, basis="involvement").count() == 1


def test_break_glass_without_reason_keeps_the_page_and_says_why(world, client_for):
    client = client_for(world.users.outsider)
    response = client.post(f"/people/{world.child.pk}/break-glass/", {"break_glass_reason": "now"})
    assert response.status_code == 400
    page = response.content.decode()
    assert "There is a problem" in page and "at least 10 characters" in page
    assert ">now</textarea>" in page  # what was typed is not lost
    assert not BreakGlass.objects.exists()


def test_break_glass_opens_record_with_warning_and_flags_for_dpo(world, client_for):
    client = client_for(world.users.outsider)
    response = client.post(f"/people/{world.child.pk}/break-glass/", {"break_glass_reason": "EDT call: child reported alone at home tonight"})
    assert response.status_code == 302
    page = client.get(response["Location"]).content.decode()
    assert "break-glass access until" in page
    dpo = client_for(world.users.dpo)
    home = dpo.get("/dpo/").content.decode()
    assert "EDT call: child reported alone at home tonight" in home


def test_request_access_then_dpo_grants_it(world, client_for):
    client_for(world.users.outsider).post(f"/people/{world.child.pk}/request-access/", {"request_reason": "Family moving to Kingsmoor next week"})
    access_request = AccessRequest.objects.get()
    dpo = client_for(world.users.dpo)
    response = dpo.post(f"/dpo/requests/{access_request.pk}/", {"decision": "grant"})
    assert response.status_code == 302
    assert client_for(world.users.outsider).get(f"/people/{world.child.pk}/").status_code == 200


def test_dpo_pages_answer_who_looked_at_a_child_and_what_a_user_looked_at(world, client_for):
    client_for(world.users.social_worker).get(f"/people/{world.child.pk}/")
    client_for(world.users.outsider).get(f"/people/{world.child.pk}/")
    dpo = client_for(world.users.dpo)
    by_person = dpo.get("/dpo/person/", {"person_id": str(world.child.pk)}).content.decode()
    assert "sw" in by_person and "kbc" in by_person and "Refused" in by_person
    by_user = dpo.get("/dpo/user/", {"username": "sw"}).content.decode()
    assert str(world.child.pk) in by_user


@pytest.mark.parametrize("who", ["social_worker", "outsider", "admin"])
def test_dpo_pages_are_for_the_dpo_only(world, client_for, who):
    assert client_for(getattr(world.users, who)).get("/dpo/").status_code == 403


def test_list_shows_only_people_with_a_basis(world, client_for):
    page = client_for(world.users.social_worker).get("/people/").content.decode()
    assert "Amelia Smith" in page and "Noah Brown" not in page
    assert "Amelia Smith" not in client_for(world.users.outsider).get("/people/").content.decode()


def test_search_by_name_and_htmx_partial(world, client_for):
    client = client_for(world.users.social_worker)
    response = client.get("/people/", {"q": "jade"}, HTTP_HX_REQUEST="true")
    page = response.content.decode()
    assert "Jade Smith" in page and "Amelia" not in page and "<html" not in page
