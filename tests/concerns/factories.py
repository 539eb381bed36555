"""Agency records for the alert rules: times counted back from today, and a child allocated to the viewer's council
so that the social worker may read the alerts."""

import datetime as dt

from django.utils import timezone

from tests.intake import factories as records
from tests.intake.factories import event, person, send

TODAY = timezone.localdate()

__all__ = ["TODAY", "allocate", "days_ago", "event", "involve"]


def involve(sid, who, agency, role, start="2020-01-01") -> dict:
    """An involvement record; the alert tests' involvements began long before the events they count."""
    return records.involve(sid, who, agency, role, start)


def days_ago(n: int, hour: int = 10) -> str:
    return dt.datetime.combine(TODAY - dt.timedelta(days=n), dt.time(hour, 0), tzinfo=dt.UTC).isoformat()


def allocate(integration, sid, given, family, dob, **kw):
    """The viewer's council is involved, so the social worker may read the alerts."""
    send(
        integration,
        "svc-csc",
        f"alloc-{sid}",
        [person(sid, given, family, dob, kw.pop("sex", "F"), **kw), involve(f"I-{sid}", sid, "svc-csc", "early_help")],
    )
