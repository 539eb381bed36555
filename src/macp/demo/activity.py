"""Activity in a small demo region so that every page has something on it: alerts evaluated over the families,
and requests for help from the demo school waiting at the front door."""

from macp.accounts.models import User
from macp.concerns.services import evaluate_all
from macp.demo.enquiries import add_enquiries
from macp.people.models import Involvement
from macp.referrals.models import Referral
from macp.referrals.services import submit

ACTIVITY_PEOPLE_LIMIT = 5_000
DEMO_REQUESTS = [
    ("Arrives hungry most mornings and has had the same unwashed uniform all week.", "amber"),
    ("Disclosed that an adult at home hit them with a belt; a red mark on the forearm.", "red"),
    ("Attendance has dropped to 71% this term; parent says they are struggling since the move.", "green"),
]


def add_activity(referrer_username: str = "referrer") -> dict:
    alerts = evaluate_all()
    referrer = User.objects.filter(username=referrer_username).select_related("agency").first()
    made = 0
    if referrer is not None and referrer.agency_id and not Referral.objects.filter(submitted_by=referrer).exists():
        pupils = (
            Involvement.objects.filter(agency=referrer.agency, role="school_enrolment", end__isnull=True)
            .select_related("person")
            .order_by("person__family_name", "person__given_name")
        )
        for (worries, _), involvement in zip(DEMO_REQUESTS, pupils):
            child = involvement.person
            submit(
                {
                    "referrer": {
                        "name": referrer.display_name,
                        "role": referrer.job_title,
                        "email": referrer.email or "dsl@example.invalid",
                    },
                    "children": [{"person_id": str(child.pk), "worries": worries}],
                    "consent": {
                        "parents": "not_sought",
                        "child": "not_sought",
                        "reason_not_sought": "Asking could put the child at risk before a strategy discussion",
                    },
                    "concerns": worries,
                },
                referrer,
                idempotency_key=f"demo-{child.pk}",
            )
            made += 1
    from macp.demo.quality import add_quality_history  # the demo sits above every domain
    from macp.demo.tools import add_tools_activity  # the demo sits above every domain
    from macp.demo.transitions import add_transitions_activity

    return {
        "alerts": alerts,
        "requests": made,
        "enquiries": add_enquiries(),
        **add_transitions_activity(),
        **add_tools_activity(),
        "history": add_quality_history(),
    }
