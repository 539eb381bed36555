"""Hospital admission and discharge of a known child (issue 11): the allocated social worker, health visitor or
school nurse and GP are told; a discharge planned for a weekend or bank holiday is flagged to the day team first."""

import datetime as dt
from zoneinfo import ZoneInfo

from django.utils import timezone

from macp.notifications.models import RecordNotification
from macp.outofhours.hospital import notify_hospital_events
from macp.people.models import Event, Involvement
from tests.intake.factories import person, send

LONDON = ZoneInfo("Europe/London")


def discharge(hospital, child, when, type="hospital_discharge"):
    event = Event.objects.create(agency=hospital, type=type, occurred_at=when, summary="Fractured femur, 4 months old")
    event.persons.add(child)
    return event


def test_weekend_discharge_tells_the_workers_and_flags_the_day_team(family, make_agency):
    hospital = make_agency("test-hospital", "acute_trust", la=family.la, name="Testshire General Hospital")
    hv = make_agency("test-hv", "community_health", la=family.la, name="Testshire Health Visiting")
    Involvement.objects.create(person=family.child, agency=hv, role="health_visitor")
    now = dt.datetime(2026, 12, 23, 14, 0, tzinfo=LONDON)  # Wednesday before Christmas
    discharge(hospital, family.child, dt.datetime(2026, 12, 25, 11, 0, tzinfo=LONDON))
    made = notify_hospital_events([family.child.pk], now=now)
    told = {n.agency.code: n.message for n in made}
    assert set(told) == {"test-csc", "test-gp", "test-hv"}
    assert told["test-gp"].startswith(
        "Amelia Hughes is due to be discharged from Testshire General Hospital (Friday 25 December 2026"
    )
    flag = RecordNotification.objects.get(agency=family.csc)
    assert flag.message.startswith("Planned discharge on a weekend or bank holiday")
    assert notify_hospital_events([family.child.pk], now=now) == []  # once only


def test_weekday_discharge_and_unknown_children(family, make_agency):
    hospital = make_agency("test-hospital", "acute_trust", la=family.la)
    now = dt.datetime(2026, 12, 1, 9, 0, tzinfo=LONDON)
    discharge(hospital, family.child, dt.datetime(2026, 12, 2, 11, 0, tzinfo=LONDON))
    discharge(hospital, family.sibling, dt.datetime(2026, 12, 2, 11, 0, tzinfo=LONDON), type="hospital_admission")
    made = notify_hospital_events([family.child.pk, family.sibling.pk], now=now)
    assert {(n.person.given_name, n.agency.code) for n in made} == {("Amelia", "test-csc"), ("Amelia", "test-gp")}
    assert not RecordNotification.objects.filter(message__startswith="Planned discharge").exists()


def test_discharge_event_from_a_batch_reaches_the_workers(
    make_agency, make_user, api_client_for, django_capture_on_commit_callbacks
):
    csc = make_agency("svc-csc", "childrens_social_care", "svc")
    gp = make_agency("gp-1", "gp_practice", "svc")
    make_agency("acute-1", "acute_trust", "svc")
    integration = api_client_for(make_user("integration", ["system_admin"]))
    saturday = dt.datetime(2026, 12, 5, 10, 0, tzinfo=LONDON)
    while saturday <= timezone.now():
        saturday += dt.timedelta(days=7)
    with django_capture_on_commit_callbacks(execute=True):
        response = send(
            integration,
            "acute-1",
            "a1",
            [
                person("A1", "Ruby", "Cole", "2026-08-01", "F"),
                {
                    "kind": "involvement",
                    "source_id": "I1",
                    "person": "A1",
                    "agency": "svc-csc",
                    "role": "allocated_social_worker",
                },
                {"kind": "involvement", "source_id": "I2", "person": "A1", "agency": "gp-1", "role": "registered_gp"},
                {
                    "kind": "event",
                    "source_id": "E1",
                    "persons": ["A1"],
                    "type": "hospital_discharge",
                    "occurred_at": saturday.isoformat(),
                    "summary": "Discharge planned",
                },
            ],
        )
    assert response.status_code == 201, response.json()
    notes = RecordNotification.objects.filter(kind="hospital")
    assert {n.agency_id for n in notes} == {csc.pk, gp.pk}
    assert notes.get(agency=csc).message.startswith("Planned discharge on a weekend")
