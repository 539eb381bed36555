"""Hand-built records for the measures: a council with its agencies and people, and builders that make one record
each with the times a test gives (London clock times)."""

import datetime as dt
import itertools
import types

import pytest

from macp.core.working_days import LONDON

_numbers = itertools.count(1)


def at(year, month, day, hour=9, minute=0) -> dt.datetime:
    return dt.datetime(year, month, day, hour, minute, tzinfo=LONDON)


@pytest.fixture
def world(db, make_agency, make_user):
    from macp.accounts.models import AgencyType, LocalAuthority
    from macp.people.models import Person

    csc = make_agency("qa-csc", AgencyType.CHILDRENS_SOCIAL_CARE, la="qa-council", name="Qashire Children's Services")
    la = csc.local_authority
    other_csc = make_agency("other-csc", AgencyType.CHILDRENS_SOCIAL_CARE, la="other-council", name="Otherby CSC")
    police = make_agency("qa-police", AgencyType.POLICE, la=None, name="Qashire Police")
    health = make_agency("qa-health", AgencyType.COMMUNITY_HEALTH, la=la, name="Qashire Health")
    school = make_agency("qa-school", AgencyType.SCHOOL, la=la, name="Qashire Primary")
    gp1 = make_agency("qa-gp1", AgencyType.GP_PRACTICE, la=la, name="Hill Surgery")
    gp2 = make_agency("qa-gp2", AgencyType.GP_PRACTICE, la=la, name="Vale Surgery")
    edt = make_agency("qa-edt", AgencyType.EDT, la=la, name="Qashire EDT")
    analyst = make_user("analyst", "partnership_analyst", csc, first_name="Priya", last_name="Nair")
    manager = make_user("manager", "team_manager", csc, first_name="Tara", last_name="Manning")
    worker = make_user("worker", "social_worker", csc, first_name="Sam", last_name="Worker")
    other_analyst = make_user("other-analyst", "partnership_analyst", other_csc)
    police_manager = make_user("police-manager", "team_manager", police)

    def person(given, family="Test", years=8):
        return Person.objects.create(given_name=given, family_name=family, date_of_birth=dt.date(2026 - years, 3, 1))

    return types.SimpleNamespace(
        la=la,
        other_la=LocalAuthority.objects.get(code="other-council"),
        csc=csc,
        other_csc=other_csc,
        police=police,
        health=health,
        school=school,
        gp1=gp1,
        gp2=gp2,
        edt=edt,
        analyst=analyst,
        manager=manager,
        worker=worker,
        other_analyst=other_analyst,
        police_manager=police_manager,
        person=person,
    )


@pytest.fixture
def build(world):
    """Builders: each makes one record (and what it needs) with the times given."""
    from macp.enquiries.models import Conference, ConferenceChild, Enquiry
    from macp.outofhours.models import OutOfHoursRecord
    from macp.referrals.models import Referral, ReferralChild
    from macp.strategy.models import StrategyDiscussion
    from macp.transfers.models import Transfer

    def referral(submitted_at, decided_at=None, *, children=(), receiving=None, referrer=None, status="decided"):
        n = next(_numbers)
        r = Referral.objects.create(
            reference=f"RFH-2026-{n:06d}",
            status=status if (decided_at or status == "draft") else "in_triage",
            submitted_at=submitted_at,
            referrer_name="A Teacher",
            referrer_agency=referrer or world.school,
            receiving_agency=receiving or world.csc,
            decided_at=decided_at,
            decision="assessment" if decided_at else "",
        )
        for i, child in enumerate(children):
            ReferralChild.objects.create(referral=r, person=child, given_name=child.given_name, position=i)
        return r

    def discussion(children, *, requested_at=None, scheduled_for=None, status="finalised", finalised_at=None, **extra):
        requested_at = requested_at or (scheduled_for - dt.timedelta(hours=6) if scheduled_for else at(2026, 6, 1))
        d = StrategyDiscussion.objects.create(
            reason="Bruising",
            requested_by=world.manager,
            requesting_agency=world.csc,
            local_authority=extra.pop("local_authority", world.la),
            requested_at=requested_at,
            scheduled_for=scheduled_for,
            status=status,
            finalised_at=finalised_at,
            **extra,
        )
        d.children.set(children)
        return d

    def enquiry(child, strategy_held_on, discussion=None):
        discussion = discussion or build_ns.discussion([child], scheduled_for=at(*strategy_held_on.timetuple()[:3]))
        return Enquiry.objects.create(
            child=child,
            strategy_discussion=discussion,
            lead_agency=world.csc,
            social_care=world.csc,
            opened_at=at(*strategy_held_on.timetuple()[:3]),
            strategy_held_on=strategy_held_on,
            referral_received_on=strategy_held_on,
            icpc_due=strategy_held_on + dt.timedelta(days=21),
            assessment_due=strategy_held_on + dt.timedelta(days=63),
        )

    def conference(enquiry, scheduled_for, kind="initial"):
        c = Conference.objects.create(
            kind=kind,
            scheduled_for=scheduled_for,
            due=enquiry.icpc_due,
            social_care=enquiry.social_care,
            booked_by=world.manager,
            booked_at=scheduled_for - dt.timedelta(days=5),
        )
        ConferenceChild.objects.create(conference=c, child=enquiry.child, enquiry=enquiry)
        return c

    def out_of_hours(recorded_at, handover_due, acknowledged_at=None, children=()):
        r = OutOfHoursRecord.objects.create(
            local_authority=world.la,
            occurred_at=recorded_at,
            summary="Police called",
            actions_taken="Visited",
            follow_up="Check school",
            recorded_by=world.worker,
            recorded_by_agency=world.edt,
            recorded_at=recorded_at,
            handover_due=handover_due,
            status="acknowledged" if acknowledged_at else "awaiting",
            acknowledged_at=acknowledged_at,
        )
        r.children.set(children)
        return r

    def transfer(child, proposed_at, status="proposed", responsibility_from=None):
        return Transfer.objects.create(
            child=child,
            kind="child_in_need",
            from_local_authority=world.la,
            to_local_authority=world.other_la,
            reason="Family moved",
            status=status,
            proposed_by=world.manager,
            proposed_at=proposed_at,
            responsibility_from=responsibility_from,
        )

    build_ns = types.SimpleNamespace(
        referral=referral,
        discussion=discussion,
        enquiry=enquiry,
        conference=conference,
        out_of_hours=out_of_hours,
        transfer=transfer,
    )
    return build_ns
