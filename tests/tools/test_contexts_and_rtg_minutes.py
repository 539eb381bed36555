"""Contexts corrected and children unlinked with their history; ROTH Tactical Group meetings held, with attendance,
minutes and actions marked done."""

import datetime as dt

import pytest
from django.test import Client
from django.utils import timezone

from macp.core.problems import InvalidInput
from macp.people.models import Involvement, Person
from macp.tools import services
from macp.tools.models import ContextChange, ContextLink, RtgMeeting


@pytest.fixture
def park(workers):
    return services.do_create_context(workers["sw"], {"kind": "place", "name": "Page Park", "location": "Staple Hill"})


def link(worker, context, child, days_ago=10, source="Police intelligence"):
    on = dt.date.today() - dt.timedelta(days=days_ago)
    return services.do_link_child(worker, context, child, {"noted_on": on, "source": source})


def test_editing_a_context_keeps_what_it_said_before(family, workers, park):
    with pytest.raises(InvalidInput) as error:
        services.do_edit_context(workers["sw"], park, {"kind": "place", "name": "Page Park", "location": "Staple Hill"})
    assert {p.msg for p in error.value.problems} == {"Nothing has changed", "Say why it is being changed"}
    change = services.do_edit_context(
        workers["gp"],
        park,
        {"kind": "place", "name": "Page Park (east gate)", "location": "Staple Hill", "reason": "Police were precise"},
    )
    park.refresh_from_db()
    assert park.name == "Page Park (east gate)"
    assert change.changes == {"name": ["Page Park", "Page Park (east gate)"]} and change.agency == family.gp
    history = services.context_history(workers["sw"], park, route="/test")
    assert [row["change"].kind for row in history] == ["edited", "created"]
    assert history[0]["edits"] == [{"field": "Name", "before": "Page Park", "after": "Page Park (east gate)"}]


def test_a_context_of_another_council_cannot_be_edited(family, workers, park, make_agency, make_user):
    other = make_user("far", "social_worker", make_agency("far-csc", "childrens_social_care", la="far-council"))
    with pytest.raises(PermissionError):
        services.do_edit_context(other, park, {"kind": "place", "name": "Elsewhere", "reason": "x"})


def test_unlinking_ends_the_link_with_a_reason_and_keeps_it_in_the_history(family, workers, park):
    kai = Person.objects.create(given_name="Kai", family_name="Lane", date_of_birth=dt.date(2011, 5, 1))
    Involvement.objects.create(person=kai, agency=family.csc, role="other")
    amelia_link = link(workers["sw"], park, family.child)
    link(workers["sw"], park, kai)
    assert services.contexts_for_child(workers["sw"], kai, route="/t")[0]["others"][0]["name"] == "Amelia Hughes"

    with pytest.raises(InvalidInput) as error:
        services.do_unlink_child(
            workers["sw"], amelia_link, {"ended_on": dt.date.today() - dt.timedelta(days=30), "reason": ""}
        )
    assert {p.loc[0] for p in error.value.problems} == {"ended_on", "reason"}
    with pytest.raises(PermissionError):
        services.do_unlink_child(workers["stranger"], amelia_link, {"ended_on": dt.date.today(), "reason": "x"})
    services.do_unlink_child(
        workers["sw"], amelia_link, {"ended_on": dt.date.today(), "reason": "The log was about another girl"}
    )
    amelia_link.refresh_from_db()
    assert amelia_link.ended_by == workers["sw"] and not amelia_link.current
    # No longer shown beside Kai, nor among the context's children, nor around Amelia; kept in the history.
    assert services.contexts_for_child(workers["sw"], kai, route="/t")[0]["others"] == []
    assert [r["name"] for r in services.context_children(workers["sw"], park, route="/t")] == ["Kai Lane"]
    assert services.contexts_for_child(workers["sw"], family.child, route="/t") == []
    kinds = [
        (r["change"].kind, r["child"]["name"] if r["child"] else None)
        for r in services.context_history(workers["sw"], park, route="/t")
    ]
    assert kinds == [
        ("unlinked", "Amelia Hughes"),
        ("linked", "Kai Lane"),
        ("linked", "Amelia Hughes"),
        ("created", None),
    ]
    # A viewer with no basis for Amelia sees "another child" in the history.
    history = services.context_history(workers["stranger"], park, route="/t")
    assert {r["child"]["name"] for r in history if r["child"]} == {"another child"}
    # The chronology reads both the link and its end.
    refs = [e["ref"] for e in services.chronology_entries(family.child)]
    assert refs == [f"context-link-{amelia_link.pk}", f"context-unlink-{amelia_link.pk}"]
    with pytest.raises(InvalidInput):
        services.do_unlink_child(workers["sw"], amelia_link, {"ended_on": dt.date.today(), "reason": "again"})


def test_context_pages_edit_and_end_a_link(family, workers, park, signed_in, client):
    web = signed_in(client, workers["sw"])
    the_link = link(workers["sw"], park, family.child)
    page = web.get(f"/contexts/{park.pk}/").content.decode()
    assert f"/contexts/{park.pk}/links/{the_link.pk}/end/" in page and "History" in page
    bad = web.post(f"/contexts/{park.pk}/edit/", {"kind": "place", "name": "Page Park (east)", "reason": ""})
    assert bad.status_code == 400 and "Say why it is being changed" in bad.content.decode()
    assert "Page Park (east)" in bad.content.decode()  # what was typed is kept
    ok = web.post(f"/contexts/{park.pk}/edit/", {"kind": "place", "name": "Page Park (east)", "reason": "More precise"})
    assert ok.status_code == 302
    bad = web.post(f"/contexts/{park.pk}/links/{the_link.pk}/end/", {"ended_on": "", "reason": ""})
    assert bad.status_code == 400 and "Enter the date the link ended" in bad.content.decode()
    today = timezone.localdate().strftime("%d/%m/%Y")
    ok = web.post(f"/contexts/{park.pk}/links/{the_link.pk}/end/", {"ended_on": today, "reason": "Moved away"})
    assert ok["Location"] == f"/contexts/{park.pk}/"
    page = web.get(f"/contexts/{park.pk}/").content.decode()
    assert "Child unlinked" in page and "Moved away" in page and "“Page Park” became “Page Park (east)”" in page
    assert ContextLink.objects.get().ended_on == timezone.localdate()
    police = signed_in(Client(), workers["stranger"])
    assert police.get(f"/contexts/{park.pk}/links/{the_link.pk}/end/").status_code == 403


@pytest.fixture
def meeting(family, workers, park):
    referral = services.do_refer_to_rtg(workers["gp"], {"child": family.child, "context": park, "reason": "Seen late"})
    return services.do_schedule_rtg(
        workers["tm"],
        {"meets_at": timezone.now() - dt.timedelta(hours=2), "chair": "DI Brown", "referrals": [referral.pk]},
    )


def test_a_meeting_is_held_with_attendance_and_minutes(family, workers, meeting):
    held_at = timezone.now() - dt.timedelta(hours=1)
    with pytest.raises(InvalidInput) as error:
        services.do_record_held(workers["tm"], meeting, {"held_at": held_at, "minutes": "Patrols"})
    assert [p.msg for p in error.value.problems] == ["Record who attended before recording the meeting as held"]
    with pytest.raises(PermissionError):
        services.do_add_attendee(workers["gp"], meeting, {"name": "Dr Ng", "agency": "test-gp"})
    with pytest.raises(InvalidInput):
        services.do_add_attendee(workers["tm"], meeting, {"name": "", "agency": "nope"})
    services.do_add_attendee(workers["tm"], meeting, {"name": "DI Brown", "role": "Chair", "agency": "test-police"})
    services.do_add_attendee(workers["tm"], meeting, {"name": "Dr Ng", "agency": "test-gp", "apologies": True})
    with pytest.raises(InvalidInput) as error:
        services.do_record_held(
            workers["tm"], meeting, {"held_at": timezone.now() + dt.timedelta(days=1), "minutes": ""}
        )
    assert {p.loc[0] for p in error.value.problems} == {"held_at", "minutes"}
    services.do_record_held(workers["tm"], meeting, {"held_at": held_at, "minutes": "Park patrols agreed."})
    meeting.refresh_from_db()
    assert (meeting.status, meeting.minutes, meeting.minutes_by) == (
        RtgMeeting.Status.HELD,
        "Park patrols agreed.",
        workers["tm"],
    )


def test_the_owning_agency_marks_an_action_done(family, workers, meeting):
    action = services.do_add_rtg_action(
        workers["tm"],
        meeting,
        {"owner_agency": "test-police", "owner": "PC Ash", "what": "Patrol", "due": dt.date.today()},
    )
    with pytest.raises(PermissionError):
        services.do_complete_action(workers["gp"], action, "Done")
    with pytest.raises(InvalidInput):
        services.do_complete_action(workers["stranger"], action, " ")
    services.do_complete_action(workers["stranger"], action, "Patrolled Friday and Saturday")
    action.refresh_from_db()
    assert action.done_by == workers["stranger"] and action.done_note == "Patrolled Friday and Saturday"
    with pytest.raises(InvalidInput):
        services.do_complete_action(workers["tm"], action, "Again")


def test_meeting_pages_attendance_minutes_and_done(family, workers, meeting, signed_in, client):
    tm = signed_in(client, workers["tm"])
    base = f"/rtg/{meeting.pk}"
    assert tm.post(f"{base}/attendees/new/", {"name": "", "agency": ""}).status_code == 400
    assert (
        tm.post(f"{base}/attendees/new/", {"name": "DI Brown", "role": "Chair", "agency": "test-police"})["Location"]
        == f"{base}/#attendance"
    )
    tm.post(f"{base}/attendees/new/", {"name": "Dr Ng", "agency": "test-gp", "apologies": "on"})
    gone = meeting.attendees.get(name="Dr Ng")
    tm.post(f"{base}/attendees/{gone.pk}/remove/")
    assert list(meeting.attendees.values_list("name", flat=True)) == ["DI Brown"]
    bad = tm.post(f"{base}/held/", {"held_at": "", "minutes": "Park patrols"})
    assert bad.status_code == 400 and "Park patrols" in bad.content.decode()
    assert 'data-language-check-form="rtg:minutes"' in bad.content.decode()
    held = (timezone.localtime() - dt.timedelta(hours=1)).strftime("%d/%m/%Y %H:%M")
    assert tm.post(f"{base}/held/", {"held_at": held, "minutes": "Park patrols agreed"}).status_code == 302
    tm.post(
        f"{base}/actions/new/",
        {"owner_agency": "test-police", "owner": "PC Ash", "what": "Patrol the park", "due": "17/10/2026"},
    )
    action = meeting.actions.get()
    page = tm.get(f"{base}/").content.decode()
    assert "Held" in page and "Park patrols agreed" in page and "DI Brown" in page and "Correct the minutes" in page
    police = signed_in(Client(), workers["stranger"])
    assert f"{base}/actions/{action.pk}/done/" in police.get(f"{base}/").content.decode()
    assert signed_in(Client(), workers["gp"]).get(f"{base}/actions/{action.pk}/done/").status_code == 403
    assert police.post(f"{base}/actions/{action.pk}/done/", {"note": ""}).status_code == 400
    assert police.post(f"{base}/actions/{action.pk}/done/", {"note": "Patrolled"}).status_code == 302
    assert "Patrolled" in tm.get(f"{base}/").content.decode()
    assert ContextChange.objects.filter(kind="created").count() == 1


def test_migration_backfills_the_history_of_contexts_recorded_before_it(family, workers):
    import importlib

    from django.apps import apps

    from macp.tools.models import Context

    older = Context.objects.create(kind="place", name="Mead Road flat", created_by=workers["sw"], agency=family.csc)
    old_link = ContextLink.objects.create(
        context=older,
        child=family.child,
        noted_on=dt.date.today(),
        source="School",
        linked_by=workers["sw"],
        agency=family.csc,
    )
    migration = importlib.import_module("macp.tools.migrations.0003_rtg_held_minutes_attendees_and_context_history")
    migration.backfill_history(apps, None)
    rows = {(c.kind, c.link_id, c.at) for c in ContextChange.objects.filter(context=older)}
    assert rows == {("created", None, older.created_at), ("linked", old_link.pk, old_link.created_at)}
