"""Strategy discussions brought to a given stage through the services."""

import datetime as dt

from django.utils import timezone

from macp.strategy import booking, meeting


def booked(strategy_world, discussion, at=None):
    booking.schedule(
        discussion,
        strategy_world.coordinator,
        at or timezone.now() + dt.timedelta(hours=2),
        "https://meet.example.org/sd",
    )
    return discussion


def held(strategy_world, discussion):
    """Everything finalising needs, recorded through the services."""
    booked(strategy_world, discussion)
    chair, family = strategy_world.chair, strategy_world.family
    for agency, name, role in (
        (strategy_world.csc, "Ana Lopes", "chair"),
        (strategy_world.csc, "Tom Reed", "minute_taker"),
        (strategy_world.police, "DC Khan", "attendee"),
        (strategy_world.health, "Named nurse", "attendee"),
        (strategy_world.gp, "Dr Patel", "attendee"),
    ):
        meeting.record_attendance(discussion, chair, agency.code, name, role, True)
    meeting.record_decision(
        discussion,
        chair,
        str(family.child.pk),
        "met",
        True,
        "Disclosure and bruising",
        "Stays with grandmother",
        enquiry="joint",
        lead_agency=strategy_world.police.code,
        abe_interview=True,
        cp_medical=True,
    )
    meeting.record_decision(discussion, chair, str(family.sibling.pk), "unclear", True, "Lives in the same household")
    meeting.add_action(
        discussion,
        chair,
        str(family.child.pk),
        strategy_world.health.code,
        "Dr Shah",
        "Child protection medical",
        timezone.now() + dt.timedelta(days=1),
    )
    meeting.record_dissent(
        discussion,
        strategy_world.pc,
        strategy_world.police.code,
        str(family.child.pk),
        "Police view: police should lead the ABE interview alone",
    )
    meeting.record_genogram(discussion, chair, True)
    return discussion
