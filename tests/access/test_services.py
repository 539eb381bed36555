import datetime as dt

import pytest
from django.db import connection, transaction
from django.db.utils import DatabaseError
from django.utils import timezone

from macp.access import services
from macp.access.models import AccessEvent, Assignment, Basis, BreakGlass


def test_agency_involved_with_child_opens_record_and_read_is_audited(two_councils):
    opened = services.open_person(two_councils.users.social_worker, two_councils.child.pk, route="/people/x/")
    assert opened.basis == Basis.INVOLVEMENT
    event = AccessEvent.objects.get()
    assert (event.username, event.agency_code, event.person_id) == ("sw", "svc-csc", str(two_councils.child.pk))
    assert event.allowed and event.basis == Basis.INVOLVEMENT and event.channel == "page"


def test_agency_involved_with_household_member_may_not_open_the_child(two_councils):
    # Changed by issue 8 (proportionate sharing): the GP knows the mother only; the child lives with her, but an
    # involvement with one person opens that person's record, not everyone's in the household.
    with pytest.raises(services.AccessDenied):
        services.open_person(two_councils.users.gp, two_councils.child.pk, route="r")
    assert AccessEvent.objects.get().basis == Basis.DENIED


def test_uninvolved_agency_is_refused_and_refusal_audited(two_councils):
    with pytest.raises(services.AccessDenied):
        services.open_person(two_councils.users.outsider, two_councils.child.pk, route="/people/x/")
    event = AccessEvent.objects.get()
    assert event.allowed is False and event.basis == Basis.DENIED and event.username == "kbc"


def test_ended_involvement_gives_no_basis(two_councils):
    with pytest.raises(services.AccessDenied):
        services.open_person(two_councils.users.school, two_councils.child.pk, route="r")


def test_family_grant_follows_the_household_and_ends_when_person_moves_out(two_councils):
    # A grant of family scope on the mother (the front door triaging her) covers the child while they live together.
    services.grant_access(
        [two_councils.mother],
        kind="triage",
        scope="family",
        source=two_councils.home,
        agency=two_councils.other,
        reason="t",
    )
    assert services.open_person(two_councils.users.outsider, two_councils.child.pk, route="r").basis == Basis.TRIAGE
    two_councils.mother.household_memberships.update(end=timezone.localdate() - dt.timedelta(days=1))
    with pytest.raises(services.AccessDenied):
        services.open_person(two_councils.users.outsider, two_councils.child.pk, route="r")


def test_assignment_to_user_or_team_gives_access_until_it_ends(two_councils):
    now = timezone.now()
    services.grant_access(
        [two_councils.child],
        kind="allocation",
        source=two_councils.home,
        user=two_councils.users.outsider,
        reason="Allocated",
        starts_at=now - dt.timedelta(hours=1),
    )
    assert services.open_person(two_councils.users.outsider, two_councils.child.pk, route="r").basis == Basis.ALLOCATION
    services.end_grants(two_councils.home, at=now - dt.timedelta(minutes=1))
    with pytest.raises(services.AccessDenied):
        services.open_person(two_councils.users.outsider, two_councils.child.pk, route="r")


def test_system_admin_without_agency_has_no_basis(two_councils):
    with pytest.raises(services.AccessDenied):
        services.open_person(two_councils.users.admin, two_councils.child.pk, route="r")


def test_unknown_person_is_not_found_and_audited(two_councils):
    with pytest.raises(services.PersonNotFound):
        services.open_person(two_councils.users.social_worker, "not-a-uuid", route="r")
    assert AccessEvent.objects.get().detail == "no such person"


def test_break_glass_needs_a_reason_is_time_limited_and_flagged(two_councils, settings):
    settings.BREAK_GLASS_HOURS = 2
    with pytest.raises(ValueError, match="reason"):
        services.break_glass(two_councils.users.outsider, two_councils.child, "  ")
    start = timezone.now()
    glass = services.break_glass(
        two_councils.users.outsider, two_councils.child, "Police called about a child at the address tonight", now=start
    )
    assert glass.expires_at - glass.started_at == dt.timedelta(hours=2)
    opened = services.open_person(two_councils.users.outsider, two_councils.child.pk, route="r")
    assert opened.basis == Basis.BREAK_GLASS and opened.break_glass == glass
    assert AccessEvent.objects.get().detail == f"break-glass #{glass.pk}"
    assert BreakGlass.objects.filter(reviewed_at__isnull=True).count() == 1  # flagged for the DPO
    BreakGlass.objects.update(expires_at=timezone.now() - dt.timedelta(seconds=1))
    with pytest.raises(services.AccessDenied):
        services.open_person(two_councils.users.outsider, two_councils.child.pk, route="r")


def test_review_of_break_glass_requires_note_when_inappropriate(two_councils):
    glass = services.break_glass(
        two_councils.users.outsider, two_councils.child, "Urgent call from the hospital tonight"
    )
    with pytest.raises(ValueError):
        services.review_break_glass(glass, two_councils.users.dpo, "inappropriate", "")
    services.review_break_glass(glass, two_councils.users.dpo, "appropriate", "")
    glass.refresh_from_db()
    assert glass.reviewed_by == two_councils.users.dpo and glass.review_outcome == "appropriate"


def test_access_request_granted_creates_time_limited_assignment(two_councils):
    request = services.request_access(
        two_councils.users.outsider, two_councils.child, "Child has moved into our area this week"
    )
    assert (
        services.request_access(two_councils.users.outsider, two_councils.child, "Asked again the same day") == request
    )
    with pytest.raises(ValueError):
        services.decide_access_request(request, two_councils.users.dpo, grant=False, note="")
    services.decide_access_request(request, two_councils.users.dpo, grant=True, note="")
    assert (
        services.open_person(two_councils.users.outsider, two_councils.child.pk, route="r").basis
        == Basis.ACCESS_REQUEST
    )
    made = Assignment.objects.get()
    assert made.kind == "access_request" and made.source == request and made.user == two_councils.users.outsider
    with pytest.raises(ValueError):
        services.decide_access_request(request, two_councils.users.dpo, grant=True, note="")


def test_visible_people_lists_involved_people_only(two_councils):
    # Changed by issue 8: the household is no longer listed (it is summarised on the child's page).
    visible = set(services.visible_people(two_councils.users.social_worker).values_list("pk", flat=True))
    assert visible == {two_councils.child.pk}
    assert not services.visible_people(two_councils.users.outsider).exists()


def test_access_event_cannot_be_updated(two_councils):
    event = services.record_access(
        two_councils.users.dpo, two_councils.child.pk, route="r", channel="page", basis=Basis.INVOLVEMENT
    )
    with pytest.raises(DatabaseError), transaction.atomic():
        AccessEvent.objects.filter(pk=event.pk).update(allowed=False)
    event.refresh_from_db()
    assert event.allowed is True


@pytest.mark.skipif(
    connection.vendor != "postgresql", reason="the DELETE trigger is PostgreSQL's; SQLite refuses UPDATE only"
)
def test_access_event_cannot_be_deleted_on_postgresql(two_councils):
    event = services.record_access(
        two_councils.users.dpo, two_councils.child.pk, route="r", channel="page", basis=Basis.INVOLVEMENT
    )
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute("DELETE FROM access_accessevent WHERE id = %s", [event.pk])
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute("UPDATE access_accessevent SET username = 'someone-else' WHERE id = %s", [event.pk])
    assert AccessEvent.objects.filter(pk=event.pk, username="dpo").exists()
