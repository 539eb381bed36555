"""Conferences, the discrepancy matrix and people search through the API: need-to-know through access (each call
audited), the same rules as the pages."""

import datetime as dt

from django.utils import timezone

from macp.access.models import AccessEvent
from macp.enquiries.models import Conference, Enquiry
from tests.enquiries.conftest import complete


def post(client, url, body=None):
    return client.post(url, body or {}, content_type="application/json")


def test_initial_conference_from_booking_to_plan_review_and_receipt(investigation):
    sw, chair = investigation.social_worker, investigation.chair
    enquiry = complete(Enquiry.objects.get(), sw)
    as_chair = investigation.api(chair)
    late = timezone.make_aware(dt.datetime.combine(enquiry.icpc_due + dt.timedelta(days=7), dt.time(10)))
    refused = post(as_chair, f"/api/v1/enquiries/{enquiry.pk}/conference", {"at": late.isoformat()})
    assert refused.status_code == 422 and refused.json()["errors"][0]["loc"] == ["late_reason"]
    at = timezone.now() + dt.timedelta(days=1)
    booked = post(as_chair, f"/api/v1/enquiries/{enquiry.pk}/conference", {"at": at.isoformat()})
    assert booked.status_code == 201, booked.json()
    c = booked.json()
    url = f"/api/v1/conferences/{c['id']}"
    assert (c["kind"], c["status"], c["due"]) == ("initial", "booked", enquiry.icpc_due.isoformat())
    assert {("test-gp", "gp_of_child"), ("test-police", "core")} <= {(i["agency"], i["role"]) for i in c["invitations"]}
    assert [r["child"] for r in c["children"]] == [str(enquiry.child_id)]
    # Booked once only.
    assert post(as_chair, f"/api/v1/enquiries/{enquiry.pk}/conference", {"at": at.isoformat()}).status_code == 422

    # Finalising says everything missing at once.
    missing = post(as_chair, f"{url}/finalise")
    assert missing.status_code == 409
    assert {tuple(e["loc"][-1:]) for e in missing.json()["errors"]} == {("plan",), ("child_views",), ("parents_views",)}

    child = str(enquiry.child_id)
    assert post(as_chair, f"{url}/views", {"child": child, "child_views": "Wants to stay with mum"}).status_code == 200
    assert post(as_chair, f"{url}/views", {"parents_views": "Mother agrees Daniel stays away"}).status_code == 200
    police = investigation.api(investigation.investigator)
    report = post(police, f"{url}/reports", {"agency": "test-police", "text": "Daniel on bail, not to contact"})
    assert report.status_code == 201
    # Another agency's report is not yours to write.
    assert post(police, f"{url}/reports", {"agency": "test-csc", "text": "x"}).status_code == 403
    incomplete = post(as_chair, f"{url}/decisions", {"child": child, "plan": True, "rationale": "Risk remains"})
    assert incomplete.status_code == 422
    assert {e["loc"][0] for e in incomplete.json()["errors"]} == {"category", "lead_social_worker", "core_group"}
    decided = post(
        as_chair,
        f"{url}/decisions",
        {
            "child": child,
            "plan": True,
            "category": "physical",
            "rationale": "Risk remains",
            "lead_social_worker": "sw",
            "core_group": "Mother, school DSL, GP, Sam Worker",
        },
    )
    assert decided.status_code == 200, decided.json()
    assert decided.json()["lead_social_worker"] == "sw" and decided.json()["review_due"] is None
    dissent = post(police, f"{url}/dissent", {"agency": "test-police", "child": child, "reason": "Category: multiple"})
    assert dissent.status_code == 201
    done = post(as_chair, f"{url}/finalise")
    assert done.status_code == 200, done.json()
    body = done.json()
    row = body["children"][0]
    assert body["status"] == "finalised" and row["review_due"] and row["core_group_due"]
    assert {d["agency"] for d in body["distribution"]} == {i["agency"] for i in body["invitations"]}
    ack = post(police, f"{url}/acknowledge")
    assert ack.status_code == 200 and ack.json()["acknowledged_at"]
    assert post(as_chair, f"{url}/views", {"parents_views": "late"}).status_code == 409  # finalised

    # The review conference, due by the date the initial one set.
    review_at = timezone.make_aware(dt.datetime.combine(dt.date.fromisoformat(row["review_due"]), dt.time(10)))
    review = post(as_chair, f"{url}/review", {"child": child, "at": (review_at - dt.timedelta(days=2)).isoformat()})
    assert review.status_code == 201, review.json()
    assert (review.json()["kind"], review.json()["due"]) == ("review", row["review_due"])
    listed = investigation.api(sw).get(f"/api/v1/conferences?child={child}").json()
    assert [c["kind"] for c in listed] == ["initial", "review"]
    assert AccessEvent.objects.filter(
        username="sw", channel=AccessEvent.Channel.API, route="/api/v1/conferences", person_id=child
    ).exists()


def test_conferences_need_a_basis_for_every_child(investigation, make_user, make_agency):
    enquiry = complete(Enquiry.objects.get(), investigation.social_worker)
    c = post(
        investigation.api(investigation.chair),
        f"/api/v1/enquiries/{enquiry.pk}/conference",
        {"at": (timezone.now() + dt.timedelta(days=1)).isoformat()},
    ).json()
    stranger = make_user("far-sw", "social_worker", make_agency("far-csc", "childrens_social_care", la="far"))
    as_stranger = investigation.api(stranger)
    assert as_stranger.get(f"/api/v1/conferences/{c['id']}").status_code == 403
    assert as_stranger.get(f"/api/v1/conferences?child={enquiry.child_id}").status_code == 403
    assert post(as_stranger, f"/api/v1/conferences/{c['id']}/finalise").status_code == 403
    assert Conference.objects.get().status == "booked"
    assert investigation.api(investigation.chair).get("/api/v1/conferences/999999").status_code == 404


def test_matrix_questions_answers_and_gaps_become_actions(investigation, make_user):
    sw = investigation.api(investigation.social_worker)
    eid = Enquiry.objects.get().pk
    url = f"/api/v1/enquiries/{eid}/matrix"
    q = post(sw, f"{url}/questions", {"text": "Who lives in the household?"})
    assert q.status_code == 201
    qid = q.json()["id"]
    known = post(sw, f"{url}/questions/{qid}/answers", {"agency": "test-csc", "state": "known", "note": "Mother, Jack"})
    assert known.status_code == 201 and known.json()["action"] is None
    gap = post(sw, f"{url}/questions/{qid}/answers", {"agency": "test-gp", "state": "missing"})
    assert gap.status_code == 422
    assert {e["loc"][-1] for e in gap.json()["errors"]} == {"what", "owner", "due"}
    due = (timezone.localdate() + dt.timedelta(days=3)).isoformat()
    gap = post(
        sw,
        f"{url}/questions/{qid}/answers",
        {
            "agency": "test-gp",
            "state": "missing",
            "action": {"what": "Ask the GP for the registered household", "owner": "Practice manager", "due": due},
        },
    )
    assert gap.status_code == 201, gap.json()
    assert gap.json()["action"] == {
        "what": "Ask the GP for the registered household",
        "owner_agency": "test-gp",
        "owner": "Practice manager",
        "due": due,
        "done_at": None,
    }
    grid = sw.get(url).json()
    assert "test-gp" in grid["agencies"] and "test-police" in grid["agencies"]
    [question] = grid["questions"]
    assert {a["agency"]: a["state"] for a in question["answers"]} == {"test-csc": "known", "test-gp": "missing"}
    # A partner reads the matrix of a child it works with, but the social worker and investigator keep it.
    gp = investigation.api(make_user("gpdoc", "partner_attendee", investigation.family.gp))
    assert gp.get(url).status_code == 200
    assert post(gp, f"{url}/questions", {"text": "x"}).status_code == 403


def test_people_search_lists_whom_you_may_open_and_only_that_others_exist(investigation):
    from macp.people.models import Person

    william = Person.objects.create(given_name="William", family_name="Hughes", date_of_birth=dt.date(2015, 1, 1))
    sw = investigation.api(investigation.social_worker)
    found = sw.get("/api/v1/people-search?name=Bill+Hughes")
    assert found.status_code == 200
    assert found.json() == [
        {
            "person_id": str(william.pk),
            "may_open": False,
            "name": None,
            "date_of_birth": None,
            "sex": None,
            "postcode": None,
            "other_names": [],
            "request_access": f"/people/{william.pk}/request-access/",
        }
    ]
    [amelia] = sw.get("/api/v1/people-search?name=Amelia+Hughes").json()
    assert amelia["may_open"] and amelia["postcode"] == "TE1 4ML" and amelia["name"] == "Amelia Hughes"
    assert sw.get("/api/v1/people-search?postcode=te1+4ml").json()
    assert sw.get("/api/v1/people-search?name=Amelia").status_code == 422  # one name alone is too broad
    assert sw.get("/api/v1/people-search").status_code == 422
    events = AccessEvent.objects.filter(
        username="sw", channel=AccessEvent.Channel.API, detail__startswith="people search"
    )
    assert events.filter(allowed=False, person_id=str(william.pk)).exists()
    assert events.filter(allowed=True, person_id=str(investigation.family.child.pk)).exists()
