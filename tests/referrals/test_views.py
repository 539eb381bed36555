"""The request-for-help pages, the front door's triage page and MASH enquiries, through the web."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from macp.access.models import AccessEvent
from macp.referrals.models import Attachment, Draft, MashEnquiry, Referral
from tests.referrals.factories import fill_in


def test_referrer_fills_in_the_pages_and_gets_a_reference(
    front_door_people, signed_in, client, mailoutbox, django_capture_on_commit_callbacks
):
    web = signed_in(client, front_door_people["referrer"])
    draft, base = fill_in(web)
    page = web.get(f"{base}/check/").content.decode()
    assert "Ruby Clarke" in page and "Leo Clarke" in page and "Not known" in page
    with django_capture_on_commit_callbacks(execute=True):
        response = web.post(f"{base}/check/")
    referral = Referral.objects.get()
    assert response["Location"] == f"/requests/{referral.reference}/sent/"
    assert referral.reference in web.get(response["Location"]).content.decode()
    assert [c.given_name for c in referral.children.all()] == ["Ruby", "Leo"]
    assert not Draft.objects.exists()
    assert mailoutbox[0].subject.endswith(referral.reference)


def test_missing_answers_are_shown_and_nothing_typed_is_lost(front_door_people, signed_in, client):
    web = signed_in(client, front_door_people["referrer"])
    web.post("/requests/new/")
    base = f"/requests/draft/{Draft.objects.get().pk}"
    response = web.post(
        f"{base}/children/0/",
        {
            "given_name": "",
            "date_of_birth-day": "31",
            "date_of_birth-month": "2",
            "date_of_birth-year": "2018",
            "worries": "Bruises",
        },
    )
    page = response.content.decode()
    assert response.status_code == 400 and "There is a problem" in page
    assert "Date of birth must be a real date" in page
    assert ">Bruises</textarea>" in page  # kept
    assert Draft.objects.get().data["children"][0]["worries"] == "Bruises"  # and saved in the draft
    check = web.post(f"{base}/check/")
    assert check.status_code == 400 and "Say whether the parents agreed" in check.content.decode()
    assert not Referral.objects.exists()


def test_attachments_are_limited_by_type_and_size(front_door_people, signed_in, client, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    web = signed_in(client, front_door_people["referrer"])
    draft, base = fill_in(web)
    bad = web.post(
        f"{base}/documents/",
        {"upload": "1", "file": SimpleUploadedFile("x.exe", b"MZ", content_type="application/x-msdownload")},
    )
    assert bad.status_code == 400 and "must be a PDF" in bad.content.decode()
    big = SimpleUploadedFile("big.pdf", b"%PDF" + b"0" * (10 * 1024 * 1024), content_type="application/pdf")
    assert "smaller than 10MB" in web.post(f"{base}/documents/", {"upload": "1", "file": big}).content.decode()
    ok = web.post(
        f"{base}/documents/",
        {"upload": "1", "file": SimpleUploadedFile("note.pdf", b"%PDF-1.4 test", content_type="application/pdf")},
    )
    assert ok.status_code == 302 and Attachment.objects.get(draft=draft).name == "note.pdf"
    web.post(f"{base}/check/")
    assert Attachment.objects.get().referral == Referral.objects.get()


def test_front_door_triages_asks_police_decides_and_referrer_sees_outcome(
    front_door_people, signed_in, client, django_capture_on_commit_callbacks
):
    from django.test import Client

    referrer_web = signed_in(client, front_door_people["referrer"])
    _, base = fill_in(referrer_web)
    referrer_web.post(f"{base}/check/")
    referral = Referral.objects.get()
    fd = signed_in(Client(), front_door_people["front_door"])
    assert referral.reference in fd.get("/front-door/").content.decode()
    page = fd.get(f"/front-door/{referral.reference}/").content.decode()
    assert "Ruby Clarke" in page and "What every agency knows" in page
    assert AccessEvent.objects.filter(username="mash", allowed=True).count() == 2  # each child's record, audited
    url = f"/front-door/{referral.reference}/"
    assert fd.post(url, {"action": "brag", "brag": "amber"}).status_code == 400
    assert (
        fd.post(url, {"action": "brag", "brag": "amber", "rationale": "Neglect indicators, unknown adult"}).status_code
        == 302
    )
    fd.post(
        url, {"action": "mash", "agency": "police-vale", "question": "Any call-outs to 4 Mill Lane?", "hours": "24"}
    )
    enquiry = MashEnquiry.objects.get()
    police = signed_in(Client(), front_door_people["police"])
    assert "Any call-outs" in police.get(f"/mash/{enquiry.pk}/").content.decode()
    police.post(f"/mash/{enquiry.pk}/", {"response": "Two noise complaints in October"})
    assert "Two noise complaints" in fd.get(url).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        fd.post(url, {"action": "decide", "decision": "assessment", "decision_reason": "Cumulative neglect"})
    status = referrer_web.get(f"/requests/{referral.reference}/").content.decode()
    assert "Child and family assessment" in status and "Cumulative neglect" not in status


def test_front_door_pages_are_for_the_front_door(front_door_people, signed_in, client):
    assert signed_in(client, front_door_people["referrer"]).get("/front-door/").status_code == 403


PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00\x1f\x15\xc4\x89"


@pytest.mark.parametrize(
    "name,content,declared,accepted",
    [
        ("letter.html", b"<!DOCTYPE html><script>alert(1)</script>", "text/plain", False),
        ("notes.txt", b"<html><body>hi</body></html>", "text/plain", False),
        ("report.pdf", b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff" + b"\x00" * 64, "application/pdf", False),
        (
            "photo.png",
            b'<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>',
            "image/png",
            False,
        ),
        ("photo.pdf", PNG, "application/pdf", False),
        ("photo.png", PNG, "image/png", True),
        ("notes.txt", "Seen at school on Monday: Zoë said she was hungry.".encode(), "text/plain", True),
    ],
)
def test_attachments_are_checked_by_content(
    front_door_people, signed_in, client, settings, tmp_path, name, content, declared, accepted
):
    settings.MEDIA_ROOT = tmp_path
    web = signed_in(client, front_door_people["referrer"])
    draft, base = fill_in(web)
    response = web.post(
        f"{base}/documents/", {"upload": "1", "file": SimpleUploadedFile(name, content, content_type=declared)}
    )
    assert (response.status_code == 302) is accepted, response.content.decode()[:300]
    assert Attachment.objects.filter(draft=draft).exists() is accepted


def test_uploads_are_kept_outside_the_working_tree():
    from django.conf import settings as live

    assert str(live.MEDIA_ROOT).startswith(str(live.VAR_DIR))
