import pytest

from macp.access.models import AccessEvent
from macp.accounts.services import issue_api_token
from macp.identity.models import Link
from macp.intake.models import SourceRecord


@pytest.fixture
def api(client):
    def for_user(user):
        client.defaults["HTTP_AUTHORIZATION"] = f"Bearer {issue_api_token(user.username)}"
        return client

    return for_user


def test_get_person_returns_contract_fields_and_is_audited(two_councils, api):
    record = SourceRecord.objects.create(agency=two_councils.csc, kind="person", source_id="CSC-77", data={})
    Link.objects.create(source_record=record, person=two_councils.child, method="demo")
    body = api(two_councils.users.social_worker).get(f"/api/v1/people/{two_councils.child.pk}").json()
    assert body["person_id"] == str(two_councils.child.pk)
    assert body["names"][0] == {"given_name": "Amelia", "family_name": "Smith", "kind": "current"}
    assert body["date_of_birth"] == "2019-08-02" and body["sex"] == "F"
    assert body["source_records"] == [{"source": "svc-csc", "source_id": "CSC-77"}]
    assert {"person_id": str(two_councils.mother.pk), "type": "parent", "source": None}.items() <= body[
        "relationships"
    ][0].items()
    assert set(body["household"]) == {
        str(two_councils.mother.pk),
        str(two_councils.partner.pk),
    }  # the people living with the child
    assert {"agency": "svc-csc", "role": "allocated_social_worker", "start": "2025-01-01", "end": None} in body[
        "involvements"
    ]
    event = AccessEvent.objects.get()
    assert event.channel == "api" and event.allowed and event.username == "sw"


def test_get_person_refused_for_uninvolved_agency(two_councils, api):
    response = api(two_councils.users.outsider).get(f"/api/v1/people/{two_councils.child.pk}")
    assert response.status_code == 403
    assert set(response.json()) == {"detail", "errors"}
    assert AccessEvent.objects.get().allowed is False


def test_unknown_person_is_404(two_councils, api):
    response = api(two_councils.users.social_worker).get("/api/v1/people/00000000-0000-0000-0000-000000000000")
    assert response.status_code == 404 and response.json()["detail"]


def test_look_up_own_source_record(two_councils, api):
    record = SourceRecord.objects.create(agency=two_councils.gp, kind="person", source_id="GP-1", data={})
    Link.objects.create(source_record=record, person=two_councils.mother, method="demo")
    response = api(two_councils.users.gp).get("/api/v1/people", {"source": "gp-svc-001", "source_id": "GP-1"})
    assert response.status_code == 200 and response.json() == {"person_id": str(two_councils.mother.pk)}
    assert AccessEvent.objects.get().person_id == str(two_councils.mother.pk)
    # another agency's record: refused, and audited
    assert (
        api(two_councils.users.outsider)
        .get("/api/v1/people", {"source": "gp-svc-001", "source_id": "GP-1"})
        .status_code
        == 403
    )
    assert AccessEvent.objects.filter(allowed=False).count() == 1


def test_ended_link_no_longer_finds_the_person(two_councils, api):
    from django.utils import timezone

    record = SourceRecord.objects.create(agency=two_councils.gp, kind="person", source_id="GP-2", data={})
    Link.objects.create(source_record=record, person=two_councils.mother, method="demo", ended_at=timezone.now())
    assert (
        api(two_councils.users.gp).get("/api/v1/people", {"source": "gp-svc-001", "source_id": "GP-2"}).status_code
        == 404
    )
