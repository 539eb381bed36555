"""The strategy services on their own: the complexity route from what happened (and set aside with a reason),
adding a child, invitations grouped per agency, confirming receipt without a challenge, the finalise checks for
every invited agency's attendance, and the core-only lead agency."""

import datetime as dt

import pytest
from django.utils import timezone

from macp.core.problems import InvalidInput
from macp.core.working_days import LONDON
from macp.people.models import Event, Involvement, Person
from macp.strategy import booking, complexity, distribution, invitations, meeting
from macp.strategy.models import Invitation
from tests.strategy.factories import booked, held


def _edt(make_agency, family):
    return make_agency("test-edt", "edt", family.la, name="Testshire Emergency Duty Team")


def test_a_request_typed_early_in_the_morning_is_not_an_edt_handover(strategy_world, make_agency):
    _edt(make_agency, strategy_world.family)
    early = dt.datetime.combine(timezone.localdate(), dt.time(6, 42), tzinfo=LONDON)
    sd = booking.request(
        strategy_world.tm, [strategy_world.family.child], "School: bruise seen at breakfast club", now=early
    )
    assessed = complexity.assess(sd)
    assert not sd.out_of_hours and not any("emergency duty" in r for r in assessed["reasons"])
    assert not sd.invitations.filter(agency__type="edt").exists()


def test_edt_involvement_and_a_weekend_handover_trigger_the_route_and_invite_edt(
    strategy_world, make_agency, make_user
):
    edt = _edt(make_agency, strategy_world.family)
    saturday = timezone.now() - dt.timedelta(days=(timezone.localdate().weekday() - 5) % 7 or 7)
    event = Event.objects.create(
        agency=edt, type="other", occurred_at=saturday, summary="EDT visit: child left alone overnight"
    )
    event.persons.add(strategy_world.family.child)
    sd = booking.request(strategy_world.tm, [strategy_world.family.child], "Left alone")
    assessed = complexity.assess(sd)
    assert assessed["complex"] and "A weekend handover from the emergency duty team" in assessed["reasons"]
    assert sd.out_of_hours and sd.invitations.filter(agency=edt).exists()
    # an EDT worker asking is EDT acting, whatever the time
    edt_worker = make_user("edtw", "edt_worker", edt)
    # EDT asks with a basis of its own: its out-of-hours work with the child (issue 8: a basis for each child).
    Involvement.objects.create(
        person=strategy_world.family.sibling, agency=edt, role="other", start=timezone.localdate()
    )
    weekday = booking.request(edt_worker, [strategy_world.family.sibling], "Called out at 2am")
    assert (
        "The emergency duty team acted out of hours: a handover to the day team"
        in complexity.assess(weekday)["reasons"]
    )


def test_a_coordinator_sets_the_complexity_route_aside_with_a_reason(strategy_world):
    sd = booking.request(
        strategy_world.tm, [strategy_world.family.child], "Organised abuse suspected", organised_abuse_indicators=True
    )
    with pytest.raises(PermissionError):
        complexity.set_aside(sd, strategy_world.chair, "Not needed")
    with pytest.raises(InvalidInput) as refused:
        complexity.set_aside(sd, strategy_world.coordinator, "  ")
    assert refused.value.problems[0].msg == "Say why the complexity route is not needed"
    complexity.set_aside(sd, strategy_world.coordinator, "One child; the indicators were ruled out by police checks")
    sd.refresh_from_db()
    assessed = complexity.assess(sd)
    assert not assessed["complex"] and assessed["reasons"] == ["Indicators of organised or complex abuse"]
    assert assessed["set_aside"]["by"] == strategy_world.coordinator and sd.complexity_set_aside_at
    plain = booking.request(strategy_world.tm, [strategy_world.family.child], "Bruise")
    with pytest.raises(InvalidInput):
        complexity.set_aside(plain, strategy_world.coordinator, "Nothing to set aside")


def test_another_child_is_added_with_new_invitations_and_reasons(strategy_world, make_agency):
    sd = booking.request(strategy_world.tm, [strategy_world.family.child], "Amelia disclosed being hit")
    before = sd.invitations.count()
    school = make_agency("test-secondary", "school", strategy_world.family.la, name="Testshire Secondary")
    Involvement.objects.create(
        person=strategy_world.family.sibling, agency=school, role="school_enrolment", start=dt.date(2024, 9, 1)
    )
    added = booking.add_child(sd, strategy_world.coordinator, strategy_world.family.sibling)
    assert strategy_world.family.sibling in sd.children.all()
    assert [(i.agency, i.reason, i.status) for i in added] == [(school, "School of Jack Hughes", "proposed")]
    assert sd.invitations.count() == before + 1  # the core agencies are not invited twice
    from macp.access.services import basis_for

    officer = strategy_world.pc
    assert (
        basis_for(officer, strategy_world.family.sibling)[0] == "denied"
    )  # proposed only: nothing until invited (issue 8)
    booking.schedule(sd, strategy_world.coordinator, timezone.now() + dt.timedelta(hours=2))
    assert (
        basis_for(officer, strategy_world.family.sibling)[0] == "invitation"
    )  # invited agencies can prepare for the new child
    with pytest.raises(InvalidInput):
        booking.add_child(sd, strategy_world.coordinator, strategy_world.family.sibling)  # already in it
    with pytest.raises(InvalidInput) as adult:
        booking.add_child(sd, strategy_world.coordinator, strategy_world.family.mother)
    assert "under 18" in adult.value.problems[0].msg
    with pytest.raises(PermissionError):
        booking.add_child(
            sd,
            strategy_world.pc,
            Person.objects.create(given_name="New", family_name="Baby", date_of_birth=timezone.localdate()),
        )


def test_invitations_are_grouped_one_row_per_agency(strategy_world, make_agency):
    sd = booking.request(strategy_world.tm, [strategy_world.family.child, strategy_world.family.sibling], "r")
    rows = list(sd.invitations.select_related("agency"))
    groups = invitations.grouped(rows)
    assert len(groups) == len({r.agency_id for r in rows})
    assert [g["agency"] for g in groups if g["core"]] == sorted(
        {r.agency for r in rows if r.role == "core"}, key=lambda a: a.name
    )
    csc = next(g for g in groups if g["agency"] == strategy_world.csc)
    assert len(csc["live"]) == len([r for r in rows if r.agency_id == strategy_world.csc.pk]) >= 1


def test_confirming_receipt_never_files_a_challenge(strategy_world):
    sd = held(
        strategy_world,
        booking.request(strategy_world.tm, [strategy_world.family.child, strategy_world.family.sibling], "r"),
    )
    meeting.finalise(sd, strategy_world.chair)
    copy = sd.distribution.get(agency=strategy_world.police)
    distribution.acknowledge(copy, strategy_world.pc)
    copy.refresh_from_db()
    assert copy.acknowledged_by == strategy_world.pc and copy.challenge == ""
    with pytest.raises(InvalidInput):
        distribution.challenge(copy, strategy_world.pc, "   ")
    distribution.challenge(copy, strategy_world.pc, "The ABE interview is police-led")
    copy.refresh_from_db()
    assert copy.challenge == "The ABE interview is police-led"
    with pytest.raises(PermissionError):
        distribution.acknowledge(sd.distribution.get(agency=strategy_world.police), strategy_world.gp_user)


def test_finalising_needs_every_invited_agencys_attendance(strategy_world, make_agency):
    sd = booked(strategy_world, booking.request(strategy_world.tm, [strategy_world.family.child], "r"))
    idva = make_agency("test-idva", "domestic_abuse_service", strategy_world.family.la, name="Testshire IDVA")
    Invitation.objects.create(
        discussion=sd,
        agency=idva,
        role="domestic_abuse",
        reason="Domestic abuse is known in the household",
        status="invited",
    )
    problems = {p.msg for p in meeting.check_finalise(sd)}
    assert "Record whether Testshire IDVA attended" in problems
    meeting.record_attendance(sd, strategy_world.chair, idva.code, "No one", "attendee", False)
    assert "Record whether Testshire IDVA attended" not in {p.msg for p in meeting.check_finalise(sd)}


def test_the_lead_agency_is_a_core_agency(strategy_world):
    sd = booked(strategy_world, booking.request(strategy_world.tm, [strategy_world.family.child], "r"))
    with pytest.raises(InvalidInput) as refused:
        meeting.record_decision(
            sd,
            strategy_world.chair,
            str(strategy_world.family.child.pk),
            "met",
            True,
            "x",
            lead_agency=strategy_world.gp.code,
        )
    assert refused.value.problems[0].loc == ["body", "lead_agency"]
    decision = meeting.record_decision(
        sd,
        strategy_world.chair,
        str(strategy_world.family.child.pk),
        "met",
        True,
        "x",
        lead_agency=strategy_world.police.code,
    )
    assert decision.lead_agency == strategy_world.police


def test_the_demo_rota_makes_proposed_times_work_out_of_the_box(strategy_world):
    from macp.strategy import availability, scheduling
    from macp.strategy.models import DutySlot

    sd = booking.request(strategy_world.tm, [strategy_world.family.child], "r")
    assert not scheduling.propose(sd).slots  # no rota: nothing to propose
    today = timezone.localdate()
    made = availability.ensure_office_rota([strategy_world.csc, strategy_world.police, strategy_world.health], today)
    from macp.core.working_days import is_working_day

    assert made == 3 * sum(1 for n in range(28) if is_working_day(today + dt.timedelta(days=n)))
    assert (
        availability.ensure_office_rota([strategy_world.csc, strategy_world.police, strategy_world.health], today) == 0
    )  # idempotent
    assert all(
        timezone.localtime(s.starts_at).hour == 9 and timezone.localtime(s.ends_at).hour == 17
        for s in DutySlot.objects.all()
    )
    assert scheduling.propose(sd).slots
