"""Demo activity for issue 11: one open disagreement, one proposed transfer and one out-of-hours record awaiting
the day team, made through the services so that they are as real as any other."""

import datetime as dt

from django.utils import timezone

from macp.accounts.models import LocalAuthority, User
from macp.escalations.models import Escalation
from macp.escalations.services import raise_escalation
from macp.outofhours.models import OutOfHoursRecord
from macp.outofhours.services import record
from macp.people.models import Involvement
from macp.referrals.models import Referral
from macp.transfers.models import Transfer
from macp.transfers.services import propose


def add_transitions_activity() -> dict:
    users = {
        u.username: u
        for u in User.objects.filter(username__in=["referrer", "social-worker", "edt-worker"]).select_related("agency")
    }
    made = {"escalations": 0, "transfers": 0, "out_of_hours": 0}
    referrer, worker, edt = users.get("referrer"), users.get("social-worker"), users.get("edt-worker")
    if referrer and not Escalation.objects.exists():
        referral = Referral.objects.filter(submitted_by=referrer).order_by("submitted_at").first()
        if referral is not None:
            raise_escalation(
                referrer,
                kind="referral",
                ident=referral.reference,
                child_id=None,
                child_safe_now="unsure",
                concern="We think this needs a strategy discussion, not a single-agency response: the child "
                "has told us about being hit at home twice this term.",
            )
            made["escalations"] += 1
    allocated = (
        Involvement.objects.filter(role="allocated_social_worker", end__isnull=True, agency=worker.agency)
        .select_related("person")
        .order_by("person__family_name", "person__given_name")[:2]
        if worker
        else []
    )
    if worker and allocated and not Transfer.objects.exists():
        elsewhere = LocalAuthority.objects.exclude(pk=worker.agency.local_authority_id).order_by("name").first()
        if elsewhere is not None:
            propose(
                worker,
                child_id=str(allocated[0].person_id),
                to_local_authority=elsewhere.code,
                kind="child_protection",
                reason=f"The family moved to {elsewhere.name} last week; tenancy and school place confirmed.",
            )
            made["transfers"] += 1
    if edt and len(allocated) > 1 and not OutOfHoursRecord.objects.exists():
        now = timezone.now()
        record(
            edt,
            children=[str(allocated[1].person_id)],
            local_authority=worker.agency.local_authority.code,
            occurred_at=now - dt.timedelta(hours=10),
            summary="Police called to the home at 23:10: mother's partner "
            "drunk and shouting; neighbours heard a child crying.",
            actions_taken="Visited with police at 23:45; the "
            "child seen asleep, no marks; partner left to stay with his brother.",
            follow_up="Strategy discussion this "
            "morning; check the child's school attendance; speak to the child alone.",
            telephone_strategy="Held by telephone with the police sergeant at 23:55: no section 47 overnight; safety "
            "plan agreed (partner not to return tonight).",
        )
        made["out_of_hours"] += 1
    return made
