"""Need-to-know as each of the 14 roles (CONTRACTS §2) meets each kind of record (issue 8, decision 0006).

One family in one council (Severn Vale): Ruby (at school A) and her sister Mia (at school B) live with their mother
Kerry (registered at GP A); their father Wayne lives elsewhere and is known to the police. School A's referrer asks
the front door for help about Ruby, naming Wayne; while it is under triage, the team manager requests a strategy
discussion about both girls and the coordinator books it (inviting the core agencies, the schools and the GPs).
Each role then opens each kind of record; the table says allowed or refused, and every read of a record that names
a child writes an AccessEvent saying which, either way. Runs on SQLite and PostgreSQL alike.
"""

import datetime as dt
import types

import pytest
from django.test import Client
from django.utils import timezone

from macp.access import services as access
from macp.access.models import AccessEvent, Assignment
from macp.identity.models import ReviewItem
from macp.intake.models import SourceRecord
from macp.people.models import Person
from macp.referrals.models import Referral
from macp.strategy import booking as strategy
from macp.strategy import grants as strategy_grants
from macp.strategy import services as strategy_access
from macp.strategy.models import StrategyDiscussion
from tests.intake.factories import involve, person, relate, send

HOME = {"postcode": "SV2 3CD", "address": "4 Mill Lane"}
ROLES = (
    "referrer",
    "front_door_practitioner",
    "front_door_manager",
    "team_manager",
    "strategy_coordinator",
    "chair",
    "minute_taker",
    "partner_attendee",
    "social_worker",
    "police_investigator",
    "edt_worker",
    "partnership_analyst",
    "dpo",
    "system_admin",
)
AGENCY_OF = {
    "referrer": "sch-a",
    "partner_attendee": "gp-a",
    "police_investigator": "police-vale",
    "edt_worker": "edt-tri",
    "system_admin": None,
}


@pytest.fixture
def clarke_case(make_agency, make_user, api_client_for, signed_in):
    for code, kind, la in (
        ("svc-csc", "childrens_social_care", "svc"),
        ("sch-a", "school", "svc"),
        ("sch-b", "school", "svc"),
        ("gp-a", "gp_practice", "svc"),
        ("svc-health", "community_health", "svc"),
        ("police-vale", "police", None),
        ("edt-tri", "edt", None),
        ("kbc-csc", "childrens_social_care", "kbc"),
    ):
        make_agency(code, kind, la)
    integration = api_client_for(make_user("integration", ["system_admin"]))
    send(
        integration,
        "sch-a",
        "a",
        [
            person("R", "Ruby", "Clarke", "2016-04-12", "F", "9990000018", **HOME),
            involve("ER", "R", "sch-a", "school_enrolment"),
        ],
    )
    send(
        integration,
        "sch-b",
        "b",
        [
            person("M", "Mia", "Clarke", "2012-02-02", "F", "9990000026", **HOME),
            involve("EM", "M", "sch-b", "school_enrolment"),
        ],
    )
    send(
        integration,
        "gp-a",
        "g",
        [
            person("K", "Kerry", "Clarke", "1990-01-01", "F", "9990000034", **HOME),
            person("GR", "Ruby", "Clarke", "2016-04-12", "F", "9990000018", **HOME),
            person("GM", "Mia", "Clarke", "2012-02-02", "F", "9990000026", **HOME),
            relate("P1", "K", "GR", "parent"),
            relate("P2", "K", "GM", "parent"),
            involve("IK", "K", "gp-a", "registered_gp"),
        ],
    )
    send(
        integration,
        "police-vale",
        "p",
        [
            person("W", "Wayne", "Price", "1988-08-08", "M", "9990000042", postcode="SV9 9ZZ", address="9 Far Road"),
            involve("IW", "W", "police-vale", "police_investigation"),
        ],
    )
    people = types.SimpleNamespace(
        **{
            n.lower(): Person.objects.get(given_name=n, merged_into__isnull=True)
            for n in ("Ruby", "Mia", "Kerry", "Wayne")
        }
    )
    users = types.SimpleNamespace(**{role: make_user(role, [role], AGENCY_OF.get(role, "svc-csc")) for role in ROLES})
    body = {
        "referrer": {"name": "Sam Okafor", "role": "DSL", "email": "dsl@school.invalid"},
        "children": [{"person_id": str(people.ruby.pk), "worries": "Bruise on her arm"}],
        "adults": [
            {
                "given_name": "Wayne",
                "family_name": "Price",
                "date_of_birth": "1988-08-08",
                "lives_with_children": False,
                "relationships": {"0": "parent"},
            }
        ],
        "concerns": "Ruby says her father hit her",
        "consent": {"parents": "no", "reason_not_sought": "Could put Ruby at risk"},
    }
    made = api_client_for(users.referrer).post("/api/v1/referrals", body, content_type="application/json")
    assert made.status_code == 201, made.json()
    discussion = strategy.request(
        users.team_manager, [people.ruby, people.mia], "Ruby disclosed being hit by her father"
    )
    strategy.schedule(discussion, users.strategy_coordinator, timezone.now() + dt.timedelta(hours=3))
    item = ReviewItem.objects.create(
        record=SourceRecord.objects.filter(agency__code="sch-b").first(),
        provisional_person=people.mia,
        candidate=people.ruby,
        match_probability=0.6,
    )
    return types.SimpleNamespace(
        people=people,
        users=users,
        reference=made.json()["reference"],
        sd=discussion,
        item=item,
        web=lambda user: signed_in(Client(), user),
        api=api_client_for,
    )


YES, NO = True, False
# role: (person page and history, person API, alerts API, genogram, referral page + API, SD page + API, minutes DOCX,
#        identity review, DPO pages)
TABLE = {
    "referrer": (YES, YES, YES, YES, YES, YES, YES, NO, NO),  # school A: Ruby's school; sent the request
    "front_door_practitioner": (YES, YES, YES, YES, YES, YES, YES, YES, NO),  # triage of the request; requesting agency
    "front_door_manager": (YES, YES, YES, YES, YES, YES, YES, YES, NO),
    "team_manager": (YES, YES, YES, YES, NO, YES, YES, NO, NO),  # the front door's agency; requested the SD
    "strategy_coordinator": (YES, YES, YES, YES, NO, YES, YES, NO, NO),
    "chair": (YES, YES, YES, YES, NO, YES, YES, NO, NO),
    "minute_taker": (YES, YES, YES, YES, NO, YES, YES, NO, NO),
    "partner_attendee": (YES, YES, YES, YES, NO, YES, YES, NO, NO),  # GP A: invited (GP of the parent)
    "social_worker": (YES, YES, YES, YES, NO, YES, YES, NO, NO),
    "police_investigator": (YES, YES, YES, YES, NO, YES, YES, NO, NO),  # police: invited (core)
    "edt_worker": (NO, NO, NO, NO, NO, NO, NO, NO, NO),  # not involved, not invited
    "partnership_analyst": (NO, NO, NO, NO, NO, NO, NO, NO, NO),  # aggregates only
    "dpo": (NO, NO, NO, NO, NO, NO, NO, NO, YES),  # the audit, not the records
    "system_admin": (NO, NO, NO, NO, NO, NO, NO, NO, NO),
}


def _ok(response) -> bool:
    assert response.status_code in (200, 302, 403, 404), (response.status_code, response.content[:300])
    return response.status_code == 200


@pytest.mark.parametrize("role", ROLES)
def test_each_role_against_each_kind_of_record_is_allowed_or_refused_and_audited(clarke_case, role):
    user = getattr(clarke_case.users, role)
    web, api = clarke_case.web(user), clarke_case.api(user)
    ruby, sd = clarke_case.people.ruby.pk, clarke_case.sd.pk
    expected = dict(
        zip(("person", "person_api", "alerts", "genogram", "referral", "sd", "minutes", "identity", "dpo"), TABLE[role])
    )
    checks = {
        "person": [(web.get(f"/people/{ruby}/"), "page")],
        "person_api": [(api.get(f"/api/v1/people/{ruby}"), "api")],
        "alerts": [(api.get(f"/api/v1/people/{ruby}/alerts"), "api")],
        "genogram": [(web.get(f"/people/{ruby}/genogram.svg"), "export")],
        "referral": [
            (web.get(f"/requests/{clarke_case.reference}/", follow=True), "page"),
            (api.get(f"/api/v1/referrals/{clarke_case.reference}"), "api"),
        ],
        "sd": [(web.get(f"/strategy/{sd}/"), "page"), (api.get(f"/api/v1/strategy-discussions/{sd}"), "api")],
        "minutes": [(web.get(f"/strategy/{sd}/minutes.docx"), "export")],
        "identity": [(web.get(f"/identity/review/{clarke_case.item.pk}/"), "page")],
        "dpo": [(web.get("/dpo/"), None)],
    }
    for kind, responses in checks.items():
        for response, channel in responses:
            assert _ok(response) is expected[kind], f"{role} {kind}: {response.status_code}"
            if channel is None:
                continue
            route = response.wsgi_request.path  # the page finally shown (the front door is sent on to triage)
            events = AccessEvent.objects.filter(username=role, route__startswith=route.split("?")[0][:60])
            # Audited either way, with allowed saying which. (The referral page for the front door redirects to triage.)
            assert events.exists(), f"{role} {kind}: no access event for {route}"
            if kind != "referral":
                assert {e.allowed for e in events} == {expected[kind]}, (
                    f"{role} {kind}: {[(e.basis, e.allowed) for e in events]}"
                )
    if expected["person"] and role in ("partner_attendee", "police_investigator"):
        # Their basis is the invitation, named in the audit with the grant that gave it.
        event = AccessEvent.objects.filter(username=role, route=f"/people/{ruby}/").get()
        assert event.basis == "invitation" and event.grant_id == Assignment.objects.get(pk=event.grant_id).pk


def test_the_front_door_opens_the_household_it_is_triaging_until_the_request_is_decided(clarke_case):
    fd, p = clarke_case.users.front_door_practitioner, clarke_case.people
    wayne = Referral.objects.get(reference=clarke_case.reference).adults.get().person  # as the request named him
    for someone in (p.ruby, p.mia, p.kerry, wayne):  # the sibling at another school and the named father
        assert access.basis_for(fd, someone)[0] in ("triage", "strategy_request"), someone
    assert access.basis_for(fd, wayne)[0] == "triage"
    manager = clarke_case.api(clarke_case.users.front_door_manager)
    assert (
        manager.post(
            f"/api/v1/referrals/{clarke_case.reference}/triage",
            {"brag": "amber", "rationale": "Injury"},
            content_type="application/json",
        ).status_code
        == 200
    )
    assert manager.post(
        f"/api/v1/referrals/{clarke_case.reference}/decision",
        {"decision": "assessment", "reason": "Assess"},
        content_type="application/json",
    ).status_code in (200, 201)
    grant = Assignment.objects.filter(kind="triage").first()
    assert (
        grant.ends_at is not None
        and grant.source.reference == clarke_case.reference
        and grant.end_reason.startswith("Request decided")
    )
    assert access.basis_for(fd, wayne)[0] == "denied"  # not in the discussion's household, triage over
    assert access.basis_for(fd, p.mia)[0] == "strategy_request"  # still through the discussion its agency requested


def test_an_involvement_with_one_child_shows_the_household_as_a_summary_not_their_records(clarke_case):
    referrer, p = clarke_case.users.referrer, clarke_case.people
    # School A's referrer once the discussion it was invited to is over: only its own pupil.
    access.end_grants(clarke_case.sd)
    assert access.basis_for(referrer, p.ruby)[0] == "involvement"
    assert access.basis_for(referrer, p.mia)[0] == "denied" and access.basis_for(referrer, p.kerry)[0] == "denied"
    assert set(access.visible_people(referrer).values_list("pk", flat=True)) == {p.ruby.pk}
    page = clarke_case.web(referrer).get(f"/people/{p.ruby.pk}/").content.decode()
    assert "Mia Clarke" in page and "Kerry Clarke" in page  # who lives with her, and how related
    assert (
        f"/people/{p.mia.pk}/" not in page and f"/people/{p.kerry.pk}/" not in page
    )  # but no links into their records
    assert clarke_case.web(referrer).get(f"/people/{p.mia.pk}/").status_code == 403


def test_a_proposed_agency_sees_nothing_until_invited_and_grants_end_with_the_discussion(
    clarke_case, make_agency, make_user
):
    p, users = clarke_case.people, clarke_case.users
    sd = strategy.request(users.team_manager, [p.ruby], "A second concern")
    # The request gave no grant to any suggested invitee: only the requesting agency and the council's staff.
    assert set(
        Assignment.objects.filter(source_id=str(sd.pk), source_type__model="strategydiscussion").values_list(
            "kind", flat=True
        )
    ) == {"strategy_request", "strategy_staff"}
    assert not strategy_access.visible_discussions(users.partner_attendee).filter(pk=sd.pk).exists()
    assert clarke_case.api(users.partner_attendee).get(f"/api/v1/strategy-discussions/{sd.pk}").status_code == 404
    assert (
        AccessEvent.objects.filter(
            username="partner_attendee", route=f"/api/v1/strategy-discussions/{sd.pk}", allowed=False
        ).count()
        == 1
    )
    strategy.schedule(sd, users.strategy_coordinator, timezone.now() + dt.timedelta(hours=2))
    assert strategy_access.visible_discussions(users.partner_attendee).filter(pk=sd.pk).exists()
    # Finalising schedules the end: four weeks on, the invited agency no longer opens it.
    sd.refresh_from_db()
    access.end_grants(sd, at=timezone.now() + strategy_grants.GRANTS_AFTER_FINALISE)
    later = timezone.now() + strategy_grants.GRANTS_AFTER_FINALISE + dt.timedelta(minutes=1)
    assert access.decide(users.partner_attendee, p.ruby, now=timezone.now()).basis == "invitation"
    assert access.decide(users.partner_attendee, p.ruby, now=later).basis in ("denied", "invitation")
    assert not access.current_grants(users.partner_attendee, later).filter(source_id=str(sd.pk)).exists()


def test_requesting_a_discussion_needs_a_basis_for_each_child_and_a_role_that_may_request(clarke_case, make_user):
    p, users = clarke_case.people, clarke_case.users
    stranger = Person.objects.create(given_name="Noah", family_name="Brown", date_of_birth=dt.date(2015, 1, 1))
    manager = clarke_case.api(users.team_manager)
    refused = manager.post(
        "/api/v1/strategy-discussions", {"children": [str(stranger.pk)], "reason": "x"}, content_type="application/json"
    )
    assert refused.status_code == 403 and "need-to-know" in refused.json()["detail"]
    assert not StrategyDiscussion.objects.filter(children=stranger).exists()
    edt = clarke_case.api(users.edt_worker)  # may request, but knows nothing of Ruby
    assert (
        edt.post(
            "/api/v1/strategy-discussions",
            {"children": [str(p.ruby.pk)], "reason": "x"},
            content_type="application/json",
        ).status_code
        == 403
    )
    referrer = clarke_case.api(users.referrer)  # knows Ruby, but does not request discussions
    assert (
        referrer.post(
            "/api/v1/strategy-discussions",
            {"children": [str(p.ruby.pk)], "reason": "x"},
            content_type="application/json",
        ).status_code
        == 403
    )
    # Break-glass (reviewed by the DPO) is a basis.
    access.break_glass(users.edt_worker, p.ruby, "Police at the house tonight; child at risk")
    assert (
        edt.post(
            "/api/v1/strategy-discussions",
            {"children": [str(p.ruby.pk)], "reason": "Out of hours"},
            content_type="application/json",
        ).status_code
        == 201
    )


def test_alert_acknowledgement_is_per_agency(clarke_case):
    from macp.concerns.models import Alert, AlertRule
    from macp.concerns.services import acknowledge, alerts_for

    rule = AlertRule.objects.first()
    alert = Alert.objects.create(
        person=clarke_case.people.ruby, rule=rule, title="t", reason="r", fingerprint="f", raised_at=timezone.now()
    )
    acknowledge(alert, clarke_case.users.referrer, "Spoke to the DSL")
    assert alerts_for(clarke_case.people.ruby, clarke_case.users.referrer)[0].status == "acknowledged"
    assert alerts_for(clarke_case.people.ruby, clarke_case.users.social_worker)[0].status == "open"
    body = (
        clarke_case.api(clarke_case.users.social_worker)
        .get(f"/api/v1/people/{clarke_case.people.ruby.pk}/alerts")
        .json()
    )
    assert [a["status"] for a in body if a["id"] == alert.pk] == ["open"]


def test_a_new_involvement_with_a_known_child_is_a_review_item_not_a_grant(
    clarke_case, make_agency, make_user, api_client_for
):
    make_agency("housing-svc", "housing", "svc")
    manager = make_user("housing-manager", ["team_manager"], "housing-svc")
    sent = send(
        api_client_for(manager),
        "housing-svc",
        "h1",
        [
            person("H", "Ruby", "Clarke", "2016-04-12", "F", "9990000018", **HOME),
            involve("IH", "H", "housing-svc", "housing_tenancy"),
        ],
    )
    assert sent.status_code == 201, sent.json()
    assert sent.json()["people"][0]["review"] == "pending"
    assert access.basis_for(manager, clarke_case.people.ruby)[0] == "denied"
    referrer = make_user("housing-referrer", ["referrer"], "housing-svc")
    assert (
        send(
            api_client_for(referrer),
            "housing-svc",
            "h2",
            [
                person("H2", "Mia", "Clarke", "2012-02-02", "F", **HOME),
                involve("IH2", "H2", "housing-svc", "housing_tenancy"),
            ],
        ).status_code
        == 403
    )


def test_probe_across_two_councils(clarke_case, make_user):
    """Another council's strategy staff and front door open nothing of this council's discussion or identity review,
    by page, API or export; every refusal is audited."""
    outsiders = [
        make_user(f"kbc-{role}", [role], "kbc-csc")
        for role in (
            "strategy_coordinator",
            "chair",
            "minute_taker",
            "front_door_manager",
            "team_manager",
            "social_worker",
        )
    ]
    sd, ruby = clarke_case.sd.pk, clarke_case.people.ruby.pk
    for user in outsiders:
        web, api = clarke_case.web(user), clarke_case.api(user)
        assert web.get(f"/strategy/{sd}/").status_code == 403
        assert web.get(f"/strategy/{sd}/minutes.docx").status_code == 403
        assert api.get(f"/api/v1/strategy-discussions/{sd}").status_code == 404
        assert (
            api.post(
                f"/api/v1/strategy-discussions/{sd}/schedule",
                {"at": "2099-01-01T10:00:00+00:00"},
                content_type="application/json",
            ).status_code
            == 404
        )
        assert api.get(f"/api/v1/people/{ruby}").status_code == 403
        assert web.get(f"/identity/review/{clarke_case.item.pk}/").status_code == 403
        assert (
            api.post(
                "/api/v1/strategy-discussions",
                {"children": [str(ruby)], "reason": "x"},
                content_type="application/json",
            ).status_code
            == 403
        )
        events = AccessEvent.objects.filter(username=user.username)
        assert events.exists() and not events.filter(allowed=True).exists()
    assert not strategy_access.visible_discussions(outsiders[0]).exists()
