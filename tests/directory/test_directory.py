"""The roles and responsibilities directory: starting content for every agency type from the data file, kept
when administrators change it; the administrators' form; each agency's page; the role beside invitations."""

import datetime as dt

import pytest
from django.test import Client
from django.utils import timezone

from macp.accounts.models import AdminEvent, AgencyType
from macp.core.problems import InvalidInput
from macp.directory import services
from macp.directory.models import AgencyRole
from macp.people.models import Involvement
from macp.strategy import booking


def test_the_data_file_covers_every_agency_type_in_plain_english():
    content = services.starting_content()
    assert set(content) == set(AgencyType.values)
    for code, entry in content.items():
        for field in ("role", "duties", "at_strategy_discussion", "contacts", "out_of_hours", "source"):
            assert entry.get(field, "").strip(), (code, field)
        # Synthetic contacts only: Ofcom's drama numbers, example.org mail, or national numbers everyone knows.
        for line in entry["contacts"].splitlines() + [entry["out_of_hours"]]:
            for word in line.replace(",", " ").split():
                if "@" in word:
                    assert word.endswith("example.org"), (code, word)


@pytest.mark.django_db
def test_entries_are_filled_once_and_administrators_changes_are_kept(make_user):
    assert [e.agency_type for e in services.entries()] == list(AgencyType.values)
    police = services.entry_for("police")
    assert "strategy discussion" in police.duties and police.duty_lines[0].startswith("Take part")
    admin = make_user("admin", "system_admin")
    services.save_entry(admin, police, role="Our police role", duties="One\nTwo", contacts="", out_of_hours="999")
    assert services.ensure_entries() == 0
    police.refresh_from_db()
    assert police.role == "Our police role" and police.duty_lines == ["One", "Two"] and police.updated_by == admin
    event = AdminEvent.objects.get(action="directory entry changed")
    assert event.target == "Police" and "role" in event.detail and "duties" in event.detail
    AgencyRole.objects.filter(agency_type="camhs").delete()
    assert services.ensure_entries() == 1  # a removed entry comes back with the starting content


@pytest.mark.django_db
def test_only_administrators_change_entries(make_user, make_agency):
    analyst = make_user("analyst", "partnership_analyst", make_agency("csc", AgencyType.CHILDRENS_SOCIAL_CARE))
    with pytest.raises(services.NotAllowed):
        services.save_entry(analyst, services.entry_for("school"), role="x", duties="y")
    with pytest.raises(InvalidInput) as refused:
        services.save_entry(make_user("admin", "system_admin"), services.entry_for("school"), role=" ", duties="")
    assert {p.loc[0] for p in refused.value.problems} == {"role", "duties"}


def test_pages(make_user, make_agency, signed_in):
    gp = make_agency("gp-1", AgencyType.GP_PRACTICE, la="test-council", name="Riverside Surgery")
    worker = signed_in(Client(), make_user("gp", "partner_attendee", gp))
    index = worker.get("/agency-roles/").content.decode()
    assert "Midwifery" in index and "Emergency duty team" in index
    entry = worker.get("/agency-roles/gp_practice/").content.decode()
    assert "Riverside Surgery" in entry and "was not brought" in entry and "Change this entry" not in entry
    assert worker.get("/agency-roles/nothing/").status_code == 404
    assert worker.get("/agency-roles/gp_practice/change/").status_code == 403
    agency = worker.get("/agencies/gp-1/").content.decode()
    assert (
        "Role of this agency" in agency and "Test Council" in agency and "GP practices know the whole family" in agency
    )

    admin = signed_in(Client(), make_user("admin", "system_admin"))
    bad = admin.post("/agency-roles/gp_practice/change/", {"role": "", "duties": "Share", "contacts": "01632 960001"})
    body = bad.content.decode()
    assert bad.status_code == 400 and "Describe the agency&#39;s role" in body and "01632 960001" in body
    done = admin.post(
        "/agency-roles/gp_practice/change/",
        {"role": "GPs hold the family's health records.", "duties": "Share\nAttend", "out_of_hours": "Call 111"},
    )
    assert done.status_code == 302
    assert "GPs hold the family" in worker.get("/agencies/gp-1/").content.decode()
    assert "Agency roles and responsibilities" in admin.get("/administration/").content.decode()


def test_the_role_of_each_invited_agency_is_beside_the_invitations(investigation, signed_in):
    chair = signed_in(Client(), investigation.chair)
    page = chair.get(f"/strategy/{investigation.discussion_id}/").content.decode()
    assert page.count("Role of this agency") >= 3  # social care, police and health are always invited
    assert "/agencies/test-police/" in page
    police_role = services.entry_for("police")
    assert police_role.at_strategy_discussion[:60] in page.replace("&#39;", "'")


def test_the_invited_agency_reads_its_role_when_it_answers(family, make_agency, make_user, signed_in):
    police = make_agency("test-police", AgencyType.POLICE, name="Testshire Police")
    make_agency("test-health", AgencyType.COMMUNITY_HEALTH, family.la, name="Testshire Community Health")
    Involvement.objects.create(
        person=family.sibling, agency=family.csc, role="allocated_social_worker", start=dt.date(2024, 1, 1)
    )
    manager = make_user("tm", "team_manager", family.csc)
    discussion = booking.request(manager, [family.child, family.sibling], "Amelia disclosed being hit")
    booking.schedule(
        discussion, make_user("coord", "strategy_coordinator", family.csc), timezone.now() + dt.timedelta(hours=2), ""
    )
    officer = signed_in(Client(), make_user("pc", "partner_attendee", police))
    page = officer.get(f"/strategy/{discussion.pk}/respond/").content.decode().replace("&#39;", "'")
    assert "Your agency's role in a strategy discussion" in page
    assert services.entry_for("police").at_strategy_discussion[:60] in page
    assert "/agency-roles/police/" in page


def test_api_lists_every_agency_type(make_user, make_agency, api_client_for):
    api = api_client_for(make_user("gp", "partner_attendee", make_agency("gp-1", AgencyType.GP_PRACTICE)))
    listed = api.get("/api/v1/agency-roles").json()
    assert [e["agency_type"] for e in listed] == list(AgencyType.values)
    edt = api.get("/api/v1/agency-roles/edt").json()
    assert edt["title"] == "Emergency duty team" and edt["duties"][2].startswith("Hand each case over")
    assert edt["contacts"] == ["Emergency Duty Team: 01632 960199, edt@example.org"]
    missing = api.get("/api/v1/agency-roles/wizards")
    assert missing.status_code == 404 and set(missing.json()) == {"detail", "errors"}
    assert Client().get("/api/v1/agency-roles").status_code == 401
