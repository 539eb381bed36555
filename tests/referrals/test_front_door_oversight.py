"""The front door sees everything the referrer sent, finds decided requests again, and works under a manager's
oversight: allocation, sign-off of strategy-discussion decisions (per council, default on), and a warning when
deciding while a MASH enquiry is awaited (issue 8)."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from macp.access.models import AccessEvent
from macp.referrals.models import FrontDoorPolicy, Referral
from tests.referrals.factories import fill_in


@pytest.fixture
def sent(front_door_people, make_user, signed_in, client, settings, tmp_path, django_capture_on_commit_callbacks):
    """A request for help from the school with an adult's notes and a document, received by the front door."""
    settings.MEDIA_ROOT = tmp_path
    web = signed_in(client, front_door_people["referrer"])
    draft, base = fill_in(web)
    web.post(
        f"{base}/adults/0/",
        {
            "given_name": "Wayne",
            "family_name": "Price",
            "lives_with_children": "yes",
            "relationship-0": "step_parent",
            "relationship-1": "unknown",
            "notes": "Moved in last month; known to probation",
        },
    )
    web.post(f"{base}/concerns/", {"concerns": "Possible neglect", "early_help_plan": "yes"})
    web.post(
        f"{base}/documents/",
        {"upload": "1", "file": SimpleUploadedFile("school-log.pdf", b"%PDF-1.4 log", content_type="application/pdf")},
    )
    with django_capture_on_commit_callbacks(execute=True):
        web.post(f"{base}/check/")
    client.logout()
    practitioner = make_user(
        "fdp", ["front_door_practitioner"], front_door_people["csc"], first_name="Nia", last_name="Jones"
    )
    return {**front_door_people, "referral": Referral.objects.get(), "practitioner": practitioner}


def _page(web, referral):
    response = web.get(f"/front-door/{referral.reference}/")
    assert response.status_code == 200
    return response.content.decode()


def test_triage_shows_the_adults_with_notes_the_documents_and_the_early_help_answer(sent, signed_in, client):
    web = signed_in(client, sent["front_door"])
    page = _page(web, sent["referral"])
    assert "Wayne Price" in page and "Moved in last month; known to probation" in page
    assert "Ruby: Step-parent" in page or "Ruby: Step parent" in page
    assert "Leo: Not known" in page
    assert "school-log.pdf" in page
    assert "Early help plan in place" in page
    document = sent["referral"].attachments.get()
    download = web.get(f"/requests/{sent['referral'].reference}/documents/{document.pk}/")
    assert download.status_code == 200 and b"".join(download.streaming_content) == b"%PDF-1.4 log"
    assert AccessEvent.objects.filter(username="mash", detail__contains="school-log.pdf").count() == 2  # each child
    # Another agency cannot fetch it
    other = signed_in(client, sent["police"])
    assert other.get(f"/requests/{sent['referral'].reference}/documents/{document.pk}/").status_code == 404


def test_mash_question_and_answer_stay_on_the_decided_request_and_it_can_be_found_again(sent, signed_in, client):
    from macp.referrals import services

    referral = sent["referral"]
    services.triage(referral, sent["front_door"], "green", "Early help")
    enquiry = services.ask_partner(referral, sent["front_door"], "police-vale", "Any call-outs to 4 Mill Lane?", 24)
    services.answer_partner(enquiry, sent["police"], "None in the last year")
    services.decide(referral, sent["front_door"], "early_help", "Family agrees to early help")
    web = signed_in(client, sent["front_door"])
    page = _page(web, referral)
    assert "Any call-outs to 4 Mill Lane?" in page and "None in the last year" in page
    assert referral.reference not in web.get("/front-door/").content.decode().split("Decided requests")[1]
    found = web.get("/front-door/decided/", {"q": "Ruby", "decision": "early_help"}).content.decode()
    assert referral.reference in found
    assert referral.reference not in web.get("/front-door/decided/", {"decision": "nfa"}).content.decode()
    bad = web.get("/front-door/decided/", {"since": "31/02/2026"}).content.decode()
    assert "Enter a date like" in bad and "<title>Error:" in bad


def test_decided_list_is_paged(sent, signed_in, client):
    referral = sent["referral"]
    Referral.objects.filter(pk=referral.pk).update(
        status="decided", decision="nfa", decision_reason="x", brag="blue", decided_by=sent["front_door"]
    )
    web = signed_in(client, sent["front_door"])
    from django.utils import timezone

    for i in range(30):
        copy = Referral.objects.get(pk=referral.pk)
        copy.pk, copy.reference, copy.idempotency_key = None, f"RFH-2026-9{i:05d}", ""
        copy.decided_at = timezone.now()
        copy.save()
    first = web.get("/front-door/decided/").content.decode()
    assert "31 decided requests" in first and 'rel="next"' in first
    second = web.get("/front-door/decided/", {"page": "2"}).content.decode()
    assert first.count(">RFH-2026-9") == 25 and second.count(">RFH-2026-9") == 5


def test_manager_allocates_to_a_practitioner_of_the_same_front_door(sent, signed_in, client, make_user):
    referral = sent["referral"]
    practitioner_web = signed_in(client, sent["practitioner"])
    assert (
        practitioner_web.post(
            f"/front-door/{referral.reference}/allocate/", {"allocated_to": sent["practitioner"].pk}
        ).status_code
        == 403
    )
    web = signed_in(client, sent["front_door"])
    outsider = make_user("fdp2", ["front_door_practitioner"], "police-vale")
    refused = web.post(f"/front-door/{referral.reference}/allocate/", {"allocated_to": outsider.pk})
    assert refused.status_code == 400 and "Choose a practitioner from this front door" in refused.content.decode()
    assert (
        web.post(f"/front-door/{referral.reference}/allocate/", {"allocated_to": sent["practitioner"].pk}).status_code
        == 302
    )
    referral.refresh_from_db()
    assert referral.allocated_to == sent["practitioner"] and referral.allocated_by == sent["front_door"]
    assert "Nia Jones" in web.get("/front-door/").content.decode()


def test_a_practitioners_strategy_decision_waits_for_a_managers_sign_off(
    sent, signed_in, client, mailoutbox, django_capture_on_commit_callbacks
):
    from macp.referrals import services

    referral = sent["referral"]
    services.triage(referral, sent["practitioner"], "red", "Injury")
    web = signed_in(client, sent["practitioner"])
    web.post(
        f"/front-door/{referral.reference}/",
        {
            "action": "decide",
            "decision": "strategy_discussion",
            "decision_reason": "Reasonable cause to suspect significant harm",
        },
    )
    referral.refresh_from_db()
    assert (
        referral.status == "sign_off"
        and referral.decision == ""
        and referral.proposed_decision == "strategy_discussion"
    )
    assert "waiting for a manager" in _page(web, referral)
    assert web.post(f"/front-door/{referral.reference}/sign-off/", {"sign_off": "approve"}).status_code == 403
    manager = signed_in(client, sent["front_door"])
    assert (
        "Not allowed"
        not in (
            r := manager.post(f"/front-door/{referral.reference}/sign-off/", {"sign_off": "return"})
        ).content.decode()
    )
    assert r.status_code == 400 and "Say why" in r.content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        manager.post(f"/front-door/{referral.reference}/sign-off/", {"sign_off": "approve"})
    referral.refresh_from_db()
    assert referral.status == "decided" and referral.decision == "strategy_discussion"
    assert referral.decided_by == sent["practitioner"] and referral.signed_off_by == sent["front_door"]
    assert any(referral.reference in m.subject for m in mailoutbox)


def test_a_council_can_turn_sign_off_off(sent, signed_in, client):
    from macp.referrals import services

    FrontDoorPolicy.objects.create(local_authority=sent["csc"].local_authority, manager_sign_off=False)
    referral = sent["referral"]
    services.triage(referral, sent["practitioner"], "red", "Injury")
    services.decide(referral, sent["practitioner"], "strategy_discussion", "Reasonable cause")
    referral.refresh_from_db()
    assert referral.status == "decided"


def test_deciding_while_an_enquiry_is_awaited_warns_and_needs_confirming(sent, signed_in, client):
    from macp.referrals import services

    referral = sent["referral"]
    services.triage(referral, sent["front_door"], "green", "Early help")
    services.ask_partner(referral, sent["front_door"], "police-vale", "Any call-outs?", 24)
    web = signed_in(client, sent["front_door"])
    assert "has not answered the MASH enquiry yet" in _page(web, referral)
    data = {"action": "decide", "decision": "early_help", "decision_reason": "Early help offered"}
    refused = web.post(f"/front-door/{referral.reference}/", data)
    assert refused.status_code == 400 and "has not answered yet" in refused.content.decode()
    assert web.post(f"/front-door/{referral.reference}/", {**data, "without_answers": "yes"}).status_code == 302
    referral.refresh_from_db()
    assert referral.status == "decided"


def test_partner_finds_the_enquiry_by_navigation_notification_and_email(
    sent, signed_in, client, mailoutbox, django_capture_on_commit_callbacks
):
    from macp.notifications.models import RecordNotification
    from macp.referrals import services

    sent["police_agency"].email = "mash@police.invalid"
    sent["police_agency"].save()
    referral = sent["referral"]
    police = signed_in(client, sent["police"])
    assert "MASH enquiries" not in police.get("/notifications/").content.decode()  # nothing asked yet
    with django_capture_on_commit_callbacks(execute=True):
        enquiry = services.ask_partner(referral, sent["front_door"], "police-vale", "Any call-outs?", 24)
    page = police.get("/notifications/").content.decode()
    assert "MASH enquiries (1 waiting)" in page and 'href="/mash/"' in page
    notes = RecordNotification.objects.filter(agency=sent["police_agency"], kind="mash_enquiry")
    assert notes.count() == 2  # one per child
    detail = police.get(f"/notifications/{notes.first().pk}/").content.decode()
    assert f'href="/mash/{enquiry.pk}/"' in detail and "Answer the enquiry" in detail
    mail = [m for m in mailoutbox if m.to == ["mash@police.invalid"]][0]
    assert f"http://127.0.0.1:8000/mash/{enquiry.pk}/" in mail.body
    services.answer_partner(enquiry, sent["police"], "None")
    page = police.get("/notifications/").content.decode()
    assert "MASH enquiries" in page and "waiting)" not in page


def test_check_answers_shows_dates_in_words(front_door_people, signed_in, client):
    web = signed_in(client, front_door_people["referrer"])
    _, base = fill_in(web)
    web.post(
        f"{base}/adults/0/",
        {
            "given_name": "Wayne",
            "family_name": "Price",
            "lives_with_children": "yes",
            "date_of_birth-day": "28",
            "date_of_birth-month": "2",
            "date_of_birth-year": "1990",
            "notes": "Works nights",
        },
    )
    page = web.get(f"{base}/check/").content.decode()
    assert "12 April 2016" in page and "28 February 1990" in page and "Works nights" in page
    assert "2016-04-12" not in page and "1990-02-28" not in page
