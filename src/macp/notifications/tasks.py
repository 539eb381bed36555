"""Background work for notifications (django-tasks), enqueued by the scheduler (settings.PERIODIC_TASKS)."""

import datetime as dt

from django.utils import timezone
from django_tasks import task

from macp.access.models import BreakGlass
from macp.accounts.models import Role, User
from macp.notifications.services import email

BREAK_GLASS_WINDOW = dt.timedelta(hours=1)  # the job runs hourly (settings.PERIODIC_TASKS["break-glass-expiry"])


def tell_dpos_of_ended_break_glass(now: dt.datetime) -> int:
    """Break-glass that ended in the hour before `now` and is not yet reviewed: one email to each DPO, naming no child
    (Working Together 2023 and UK GDPR art. 5(1)(f): emergency access outside need-to-know is reviewed after it ends)."""
    ended = BreakGlass.objects.filter(
        expires_at__gt=now - BREAK_GLASS_WINDOW, expires_at__lte=now, reviewed_at__isnull=True
    )
    count = ended.count()
    if count:
        for dpo in User.objects.filter(is_active=True, roles__role=Role.DPO).exclude(email="").distinct():
            email(
                dpo.email,
                f"{count} break-glass {'access has ended and needs' if count == 1 else 'accesses have ended and need'} review",
                "Sign in to macp and open Break-glass reviews to review each one.",
                kind="break_glass_review",
            )
    return count


@task()
def break_glass_expiry() -> int:
    return tell_dpos_of_ended_break_glass(timezone.now())
