"""Enquiry and conference pages: one form per page, errors summarised with what was typed kept, access checked and
audited, the worktray as the home page."""

import datetime as dt

from django.test import Client
from django.utils import timezone

from macp.access.models import AccessEvent
from macp.enquiries.models import Enquiry, Hypothesis


def _client(signed_in, user):
    return signed_in(Client(), user)


def test_home_is_the_worktray_with_the_enquiry_and_its_clock(investigation, signed_in):
    e = Enquiry.objects.get()
    page = _client(signed_in, investigation.manager).get("/")
    html = page.content.decode()
    assert page.status_code == 200 and "Your team&#39;s worktray" in html or "Your team's worktray" in html
    assert f"S47-{e.pk}" in html and "Not allocated" in html and "Amelia Hughes" in html
    assert (
        _client(signed_in, investigation.manager).get("/people/").status_code == 200
    )  # the list of children moved here


def test_enquiry_page_audited_and_refused_without_basis(investigation, signed_in, make_user, make_agency):
    e = Enquiry.objects.get()
    page = _client(signed_in, investigation.social_worker).get(f"/enquiries/{e.pk}/")
    assert page.status_code == 200 and "15 working days" in page.content.decode()
    assert AccessEvent.objects.filter(
        username="sw", person_id=str(e.child_id), route=f"/enquiries/{e.pk}/", allowed=True
    ).exists()
    outsider = make_user("out", "social_worker", make_agency("elsewhere", "childrens_social_care", la="elsewhere"))
    assert _client(signed_in, outsider).get(f"/enquiries/{e.pk}/").status_code == 403
    assert AccessEvent.objects.filter(username="out", allowed=False).exists()


def test_hypothesis_form_keeps_what_was_typed_on_error(investigation, signed_in):
    e = Enquiry.objects.get()
    client = _client(signed_in, investigation.social_worker)
    bad = client.post(
        f"/enquiries/{e.pk}/hypotheses/new/",
        {"statement": "Mother's partner hit her", "evidence_for": "", "status": "confirmed"},
    )
    html = bad.content.decode()
    assert bad.status_code == 400 and "govuk-error-summary" in html and "Give the evidence that confirms it" in html
    assert "Mother&#39;s partner hit her" in html and html.startswith("<!DOCTYPE html>") and "<title>Error:" in html
    ok = client.post(
        f"/enquiries/{e.pk}/hypotheses/new/",
        {"statement": "Mother's partner hit her", "evidence_for": "Bruise", "status": "open"},
    )
    assert ok.status_code == 302 and Hypothesis.objects.get().statement == "Mother's partner hit her"


def test_child_seen_voice_and_outcome_pages(investigation, signed_in):
    e = Enquiry.objects.get()
    client = _client(signed_in, investigation.social_worker)
    refused = client.post(f"/enquiries/{e.pk}/outcome/", {"outcome": "icpc", "rationale": "Likely harm"})
    assert refused.status_code == 400 and "has not been seen" in refused.content.decode()
    now = timezone.localtime() - dt.timedelta(hours=2)
    bad_time = client.post(
        f"/enquiries/{e.pk}/child-seen/",
        {
            "seen_at-day": now.day,
            "seen_at-month": now.month,
            "seen_at-year": now.year,
            "seen_at-time": "noon-ish",
            "by_agency": "test-csc",
        },
    )
    assert bad_time.status_code == 400 and "Enter a time, like 09:30 or 2:30pm" in bad_time.content.decode()
    seen = client.post(
        f"/enquiries/{e.pk}/child-seen/",
        {
            "seen_at-day": now.day,
            "seen_at-month": now.month,
            "seen_at-year": now.year,
            "seen_at-time": f"{now:%H:%M}",
            "seen_alone": "yes",
            "by_agency": "test-csc",
            "by_name": "Sam Worker",
        },
    )
    assert seen.status_code == 302
    voice = client.post(
        f"/enquiries/{e.pk}/voice/",
        {
            "recorded_at-day": now.day,
            "recorded_at-month": now.month,
            "recorded_at-year": now.year,
            "recorded_at-time": f"{now:%H:%M}",
            "words": "I miss my dad",
            "method": "Seen alone",
            "by_agency": "test-csc",
        },
    )
    assert voice.status_code == 302
    done = client.post(
        f"/enquiries/{e.pk}/outcome/", {"outcome": "child_in_need", "rationale": "Needs support, harm not likely"}
    )
    assert done.status_code == 302
    e.refresh_from_db()
    assert (e.status, e.outcome, e.child_seen.get().seen_alone) == ("concluded", "child_in_need", True)


def test_partner_may_read_but_not_write(investigation, signed_in, make_user):
    e = Enquiry.objects.get()
    gp = _client(signed_in, make_user("gp1", "partner_attendee", investigation.family.gp))
    assert gp.get(f"/enquiries/{e.pk}/").status_code == 200
    assert gp.post(f"/enquiries/{e.pk}/hypotheses/new/", {"statement": "x", "status": "open"}).status_code == 403


def test_matrix_and_search_pages(investigation, signed_in):
    e = Enquiry.objects.get()
    client = _client(signed_in, investigation.social_worker)
    assert (
        client.post(f"/enquiries/{e.pk}/matrix/questions/new/", {"text": "Who lives in the household?"}).status_code
        == 302
    )
    q = e.questions.get()
    gap = client.post(
        f"/enquiries/{e.pk}/matrix/questions/{q.pk}/test-gp/", {"state": "ambiguous", "note": "Two addresses"}
    )
    assert gap.status_code == 400 and "Name who will do it" in gap.content.decode()
    assert "Two addresses" in gap.content.decode()
    assert "Who lives in the household?" in client.get(f"/enquiries/{e.pk}/matrix/").content.decode()
    assert client.get("/search/").status_code == 200
    empty = client.get("/search/?name=")
    assert empty.status_code == 400 and "Enter a name, date of birth, NHS number or postcode" in empty.content.decode()
    found = client.get("/search/?name=Amelia+Hughes")
    assert "Amelia Hughes" in found.content.decode() and "TE1 4ML" in found.content.decode()
    assert client.get("/search/?name=Amelia").status_code == 400
