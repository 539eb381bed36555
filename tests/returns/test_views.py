import datetime as dt
import io

from openpyxl import load_workbook

from macp.access.models import AccessEvent
from macp.accounts.models import AdminEvent
from macp.casework.models import Episode, LocalAuthorityCode


def _episode(family):
    return Episode.objects.create(
        child=family.child,
        local_authority=family.la,
        referral_date=dt.date(2026, 5, 4),
        referral_source="2A",
        primary_need="N1",
    )


def test_the_councils_analyst_downloads_annex_a_and_it_is_audited(family, make_user, signed_in, client):
    _episode(family)
    analyst = make_user("analyst", "partnership_analyst", family.csc)
    web = signed_in(client, analyst)
    page = web.get("/returns/")
    assert page.status_code == 200 and "Statutory returns" in page.content.decode()
    response = web.get(
        "/returns/annex-a.xlsx",
        {
            "start-day": "1",
            "start-month": "4",
            "start-year": "2026",
            "end-day": "31",
            "end-month": "10",
            "end-year": "2026",
        },
    )
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    book = load_workbook(io.BytesIO(response.content))
    assert len(list(book["List 6"].iter_rows(values_only=True))) == 2
    assert AdminEvent.objects.get(action="annex_a").actor == analyst
    read = AccessEvent.objects.get(person_id=str(family.child.pk))
    assert (read.username, read.channel) == ("analyst", "export")


def test_bad_dates_keep_what_was_typed_with_an_error_summary(family, make_user, signed_in, client):
    web = signed_in(client, make_user("tm", "team_manager", family.csc))
    response = web.get(
        "/returns/annex-a.xlsx",
        {"start-day": "31", "start-month": "2", "start-year": "2026", "end-day": "", "end-month": "", "end-year": ""},
    )
    body = response.content.decode()
    assert response.status_code == 200 and "There is a problem" in body
    assert "Enter a real first day of the period" in body and 'value="31"' in body
    assert not AdminEvent.objects.exists()


def test_the_census_download_needs_the_councils_dfe_code(family, make_user, signed_in, client):
    _episode(family)
    web = signed_in(client, make_user("tm", "team_manager", family.csc))
    refused = web.get("/returns/cin-census.xml", {"year": "2027"})
    assert "no Department for Education LA code" in refused.content.decode()
    LocalAuthorityCode.objects.create(local_authority=family.la, code="803")
    response = web.get("/returns/cin-census.xml", {"year": "2027"})
    assert response.status_code == 200 and b"<LEA>803</LEA>" in response.content


def test_staff_of_other_agencies_and_roles_are_refused(family, make_user, signed_in, client):
    for user in (
        make_user("gp", "partner_attendee", family.gp),
        make_user("sw", "social_worker", family.csc),
        make_user("admin", "system_admin"),
    ):
        assert signed_in(client, user).get("/returns/").status_code == 403


def test_the_menu_links_the_page_for_those_who_may_use_it(family, make_user, signed_in, client):
    link = 'href="/returns/"'
    assert (
        link in signed_in(client, make_user("an", "partnership_analyst", family.csc)).get("/returns/").content.decode()
    )
    assert link not in signed_in(client, make_user("sw", "social_worker", family.csc)).get("/people/").content.decode()
