"""Sending email (through Django's mail backends, GOV.UK Notify in production) and record notifications."""

import datetime as dt

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import transaction
from django.utils import timezone

from macp.accounts.models import EDUCATION_TYPES, AgencyType
from macp.core.formats import is_under_18
from macp.notifications.models import EmailSent, RecordNotification
from macp.people.models import Event, HouseholdMember, Involvement, Person
from macp.people.services import current

EDUCATION_ROLES = ("school_enrolment", "early_years_setting")
# Operation Encompass: schools are told before the start of the next school day. Older incidents arriving late
# in a batch are still told, within this window.
DOMESTIC_ABUSE_WINDOW_DAYS = 30


def email(
    to: str,
    subject: str,
    body: str,
    *,
    kind: str,
    reference: str = "",
    attachments: list[tuple[str, str | bytes, str]] = (),
) -> EmailSent | None:
    """Send one email now and record it. The only way the service sends mail: callers inside a transaction call it
    through `email_after_commit`, so no one is told of something that was then rolled back."""
    if not to:
        return None
    record = EmailSent(to=to, subject=subject, body=body, kind=kind, reference=reference)
    message = EmailMessage(subject, body, settings.DEFAULT_FROM_EMAIL, [to])
    for name, content, mimetype in attachments:
        message.attach(name, content, mimetype)
    try:
        message.send()
    except Exception as error:  # recorded, so business support can chase it; the action that sent it still stands
        record.failed = str(error)[:500]
    record.save()
    return record


def email_after_commit(to: str, subject: str, body: str, **kwargs) -> None:
    """`email`, once the current transaction commits (at once outside one)."""
    transaction.on_commit(lambda: email(to, subject, body, **kwargs))


def notify_schools_of_domestic_abuse(person_ids, now: dt.datetime | None = None) -> list[RecordNotification]:
    """A police domestic abuse incident at a household: tell the education setting of every child living there."""
    now = now or timezone.now()
    since = now - dt.timedelta(days=DOMESTIC_ABUSE_WINDOW_DAYS)
    events = (
        Event.objects.filter(
            type="domestic_abuse_incident",
            agency__type=AgencyType.POLICE,
            occurred_at__gte=since,
            persons__in=list(person_ids),
        )
        .distinct()
        .select_related("agency")
    )
    made = []
    for event in events:
        households = HouseholdMember.objects.filter(current(), person__in=event.persons.all()).values("household_id")
        children = Person.objects.filter(
            household_memberships__household_id__in=households, household_memberships__end__isnull=True
        ).distinct()
        for child in children:
            if not is_under_18(child.date_of_birth, timezone.localdate(now)):
                continue
            settings_of_child = Involvement.objects.filter(
                current(), person=child, role__in=EDUCATION_ROLES, agency__type__in=EDUCATION_TYPES
            ).select_related("agency")
            for involvement in settings_of_child:
                notification, created = RecordNotification.objects.get_or_create(
                    agency=involvement.agency,
                    person=child,
                    kind=RecordNotification.Kind.DOMESTIC_ABUSE,
                    event=event,
                    defaults={
                        "sent_at": now,
                        "message": (
                            f"{event.agency.name} attended a domestic abuse incident at {child.given_name}'s home on "
                            f"{timezone.localtime(event.occurred_at):%-d %B %Y at %H:%M}. Please make sure a trusted adult is "
                            f"available for {child.given_name} at school today (Operation Encompass)."
                        ),
                    },
                )
                if created:
                    made.append(notification)
                    email_after_commit(
                        involvement.agency.email,
                        f"Operation Encompass notification for {child.given_name}",
                        "A domestic abuse notification is waiting for you in macp. Sign in to read it.",
                        kind="encompass",
                    )
    return made


def flag_agencies(
    person: Person, agencies, kind: str, message: str, now: dt.datetime | None = None, event: Event | None = None
) -> list[RecordNotification]:
    """Tell each agency about the child on its notifications page, and its secure mailbox that one is waiting.
    Call after commit (transaction.on_commit): a rolled-back change must tell nobody."""
    now = now or timezone.now()
    made = []
    for agency in {a.pk: a for a in agencies}.values():
        if event is None:
            made.append(
                RecordNotification.objects.create(agency=agency, person=person, kind=kind, sent_at=now, message=message)
            )
        else:  # about an agency's event: once only, however often the batch is sent again
            flag, created = RecordNotification.objects.get_or_create(
                agency=agency, person=person, kind=kind, event=event, defaults={"sent_at": now, "message": message}
            )
            if not created:
                continue
            made.append(flag)
        email(
            agency.email,
            "A notification is waiting for you in macp",
            "A notification about a child you work with is waiting for you in macp. Sign in to read it.",
            kind=kind,
        )
    return made


def notifications_for(agency_id):
    return RecordNotification.objects.filter(agency_id=agency_id).select_related("person", "event__agency")


def mark_read(notification: RecordNotification, user) -> RecordNotification:
    if notification.read_at is None:
        notification.read_at, notification.read_by = timezone.now(), user
        notification.save(update_fields=["read_at", "read_by"])
    return notification
