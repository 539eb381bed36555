"""A practice review in the demo region's home council (Severn Vale): a thematic review into joint child protection
investigations, shaped on the Bristol review (seed 000), decided after an on-time rapid review, with three
recommendations across themes and their actions, one of them past its deadline. Synthetic; names no child.

Idempotent: does nothing when the review is already there (or the demo analyst is missing)."""

import datetime as dt

from django.db import transaction
from django.utils import timezone

from macp.accounts.models import Agency, User
from macp.reviews import services
from macp.reviews.models import ActionStatus, Decision, Review

TITLE = "Child A (thematic: joint investigations)"


@transaction.atomic
def add_practice_reviews(today: dt.date | None = None) -> int:
    """Returns how many reviews were added (0 or 1)."""
    today = today or timezone.localdate()
    analyst = User.objects.filter(username="partnership-analyst").select_related("agency").first()
    if analyst is None or not analyst.agency_id or not analyst.agency.local_authority_id:
        return 0
    if Review.objects.filter(local_authority_id=analyst.agency.local_authority_id, title=TITLE).exists():
        return 0
    agencies = {a.code: a for a in Agency.objects.filter(code__in=["svc-csc", "police-wessex-vale", "chp-wessex-vale"])}
    if len(agencies) < 3:
        return 0
    notified = today - dt.timedelta(days=150)
    review = services.create_review(
        analyst,
        title=TITLE,
        notified_on=notified,
        summary="A baby died unexpectedly; the joint response of social care and the police in the first days was "
        "slow to agree a plan for the siblings. The cause of death was later found not to be abuse or neglect.",
        today=today,
    )
    completed = services.rapid_review_due_for(notified) - dt.timedelta(days=2)
    services.record_rapid_review(
        analyst,
        review,
        completed_on=completed,
        decision=Decision.LCSPR,
        decided_on=completed + dt.timedelta(days=1),
        rationale="Concerns about the quality of the initial multi-agency response; a thematic review will show "
        "the barriers to good joint investigations across the partnership.",
        today=today,
    )
    services.record_progress(analyst, review, reviewer="Kim Ball (independent reviewer)", today=today)
    recs = [
        (
            "b",
            "Make data available that supports regular review of the quality of child protection investigations.",
            "Quality assurance, Joint investigations",
        ),
        (
            "g",
            "Use a standard agenda and template for strategy discussions that steers the chair to complexity.",
            "Strategy discussions, Joint investigations",
        ),
        (
            "h",
            "Develop and share a resource explaining each agency's role, responsibilities and expectations.",
            "Roles and responsibilities, Information sharing",
        ),
    ]
    made = {
        label: services.add_recommendation(analyst, review, label=label, text=text, themes=themes)
        for label, text, themes in recs
    }
    overdue = services.add_action(
        analyst,
        made["g"],
        what="Agree the joint investigation plan template with the police and use it at every strategy discussion.",
        lead_agency=agencies["police-wessex-vale"],
        lead_person="DI Carla Mendes, Child Abuse Investigation Team",
        deadline=today - dt.timedelta(days=21),
    )
    services.update_action(
        analyst, overdue, status=ActionStatus.IN_PROGRESS, note="Draft template shared; police sign-off awaited."
    )
    done = services.add_action(
        analyst,
        made["h"],
        what="Publish the agency roles directory and show it beside strategy discussion invitations.",
        lead_agency=agencies["svc-csc"],
        lead_person="Partnership business manager",
        deadline=today - dt.timedelta(days=30),
    )
    services.update_action(
        analyst,
        done,
        status=ActionStatus.EMBEDDED,
        note="Directory live; dip sample of 10 invitations found the role shown in all 10.",
    )
    services.add_action(
        analyst,
        made["b"],
        what="Build the partnership dashboard of investigation measures and review it quarterly.",
        lead_agency=agencies["chp-wessex-vale"],
        deadline=today + dt.timedelta(days=60),
    )
    return 1
