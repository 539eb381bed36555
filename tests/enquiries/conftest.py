import datetime as dt

import pytest


def complete(enquiry, user):
    """Everything the outcome needs (a confirmed hypothesis, the child seen alone, her voice), then "icpc"."""
    from django.utils import timezone

    from macp.enquiries import investigation as work

    work.add_hypothesis(enquiry, user, "Daniel hit Amelia", "Bruise", "", "confirmed")
    work.record_child_seen(
        enquiry, user, seen_at=timezone.now() - dt.timedelta(hours=1), seen_alone=True, by_agency="test-csc"
    )
    work.record_voice(
        enquiry,
        user,
        recorded_at=timezone.now(),
        words="I feel safe with mum",
        method="Seen alone",
        by_agency="test-csc",
    )
    return work.record_outcome(enquiry, user, "icpc", "Likely significant harm")


@pytest.fixture
def conference_plan(investigation):
    """The `investigation` carried on: the enquiry concluded "icpc", the initial conference booked for tomorrow, the
    views recorded, a plan for Amelia (physical abuse, Sam Worker leading) and the minutes finalised, so her review
    conference is due. Returns the ConferenceChild row."""
    from django.utils import timezone

    from macp.enquiries import conferences
    from macp.enquiries.models import Enquiry

    sw, chair = investigation.social_worker, investigation.chair
    e = complete(Enquiry.objects.get(), sw)
    c = conferences.book_initial([e], chair, timezone.now() + dt.timedelta(days=1))
    conferences.record_views(c, chair, child_id=e.child_id, child_views="Wants to stay with mum")
    conferences.record_views(c, chair, parents_views="Mother agrees Daniel should stay away")
    conferences.record_child_decision(
        c,
        chair,
        e.child_id,
        plan=True,
        category="physical",
        rationale="Risk remains",
        lead_social_worker=sw,
        core_group="Mother, school DSL, GP, social worker",
    )
    conferences.finalise(c, chair)
    return c.children.get()
