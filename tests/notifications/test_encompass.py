"""Operation Encompass: a police domestic abuse incident at a household is told to every child's school."""

import datetime as dt

from django.utils import timezone

from macp.notifications.backends import NotifyEmailBackend
from macp.notifications.models import RecordNotification
from macp.notifications.services import mark_read
from tests.intake.factories import person, send


def test_police_incident_notifies_each_childs_setting(make_agency, make_user, api_client_for, signed_in, client):
    make_agency("police-vale", "police")
    primary = make_agency("sch-1", "school", "svc")
    nursery = make_agency("nur-1", "nursery", "svc")
    make_agency("sch-2", "school", "svc")  # not these children's school
    integration = api_client_for(make_user("integration", ["system_admin"]))
    home = {"postcode": "SV8 8HH", "address": "8 Holly Road"}
    send(
        integration,
        "sch-1",
        "s",
        [
            person("S1", "Ruby", "Cole", "2016-01-01", "F", **home),
            {"kind": "involvement", "source_id": "I1", "person": "S1", "agency": "sch-1", "role": "school_enrolment"},
        ],
    )
    send(
        integration,
        "nur-1",
        "n",
        [
            person("N1", "Finn", "Cole", "2022-06-06", "M", **home),
            {
                "kind": "involvement",
                "source_id": "I2",
                "person": "N1",
                "agency": "nur-1",
                "role": "early_years_setting",
            },
        ],
    )
    when = (timezone.now() - dt.timedelta(hours=8)).isoformat()
    send(
        integration,
        "police-vale",
        "p",
        [
            person("P1", "Gemma", "Cole", "1990-01-01", "F", **home),
            {
                "kind": "event",
                "source_id": "DA9",
                "persons": ["P1"],
                "type": "domestic_abuse_incident",
                "occurred_at": when,
                "summary": "Verbal argument",
            },
        ],
    )
    notes = RecordNotification.objects.order_by("agency__code")
    assert [(n.agency.code, n.person.given_name) for n in notes] == [("nur-1", "Finn"), ("sch-1", "Ruby")]
    # sent again in a later batch: not told twice
    send(integration, "police-vale", "p2", [person("P1", "Gemma", "Cole", "1990-01-01", "F", **home)])
    assert RecordNotification.objects.count() == 2
    school_user = make_user("dsl", ["referrer"], primary)
    page = signed_in(client, school_user).get("/notifications/").content.decode()
    assert "Ruby" in page and "Finn" not in page
    note = RecordNotification.objects.get(agency=primary)
    client.get(f"/notifications/{note.pk}/")
    note.refresh_from_db()
    assert note.read_at is not None and note.read_by == school_user
    first_read = note.read_at
    mark_read(note, make_user("head", ["referrer"], primary))
    note.refresh_from_db()
    assert (note.read_at, note.read_by) == (first_read, school_user)  # the first reader is kept
    assert RecordNotification.objects.get(agency=nursery).read_at is None


def test_notify_backend_sends_each_recipient_through_the_template(settings):
    settings.NOTIFY_EMAIL_TEMPLATE_ID = "tmpl-1"
    calls = []

    class FakeClient:
        def send_email_notification(self, **kwargs):
            calls.append(kwargs)

    from django.core.mail import EmailMessage

    sent = NotifyEmailBackend(client=FakeClient()).send_messages(
        [EmailMessage("Subj", "Body", to=["a@x.invalid", "b@x.invalid"])]
    )
    assert sent == 2
    assert calls[0] == {
        "email_address": "a@x.invalid",
        "template_id": "tmpl-1",
        "personalisation": {"subject": "Subj", "body": "Body"},
    }


def test_the_school_is_emailed_only_after_the_batch_commits(
    make_agency, make_user, api_client_for, mailoutbox, django_capture_on_commit_callbacks
):
    from django.db import transaction

    from macp.notifications.models import EmailSent
    from macp.notifications.services import notify_schools_of_domestic_abuse
    from macp.people.models import Person

    make_agency("police-vale", "police")
    school = make_agency("sch-1", "school", "svc")
    school.email = "dsl@sch-1.example.invalid"
    school.save()
    integration = api_client_for(make_user("integration", ["system_admin"]))
    home = {"postcode": "SV8 8HH", "address": "8 Holly Road"}
    send(
        integration,
        "sch-1",
        "s",
        [
            person("S1", "Ruby", "Cole", "2016-01-01", "F", **home),
            {"kind": "involvement", "source_id": "I1", "person": "S1", "agency": "sch-1", "role": "school_enrolment"},
        ],
    )
    when = (timezone.now() - dt.timedelta(hours=8)).isoformat()
    with django_capture_on_commit_callbacks(execute=True):
        send(
            integration,
            "police-vale",
            "p",
            [
                person("P1", "Gemma", "Cole", "1990-01-01", "F", **home),
                {
                    "kind": "event",
                    "source_id": "DA9",
                    "persons": ["P1"],
                    "type": "domestic_abuse_incident",
                    "occurred_at": when,
                    "summary": "Argument",
                },
            ],
        )
    assert [m.to for m in mailoutbox] == [["dsl@sch-1.example.invalid"]]
    # A notice made in a transaction that then rolls back tells no one.
    RecordNotification.objects.all().delete()
    mailoutbox.clear()
    EmailSent.objects.all().delete()
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        try:
            with transaction.atomic():
                assert notify_schools_of_domestic_abuse(Person.objects.values_list("pk", flat=True))
                raise RuntimeError("the batch failed after the notice was made")
        except RuntimeError:
            pass
    assert callbacks == [] and mailoutbox == [] and not EmailSent.objects.exists()
