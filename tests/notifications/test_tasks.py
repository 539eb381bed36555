"""The periodic jobs of notifications (enqueued by the scheduler, settings.PERIODIC_TASKS)."""

import datetime as dt

from macp.access.models import BreakGlass
from macp.notifications.tasks import tell_dpos_of_ended_break_glass

UTC = dt.UTC


def test_dpos_are_told_once_of_break_glass_that_ended_unreviewed(family, make_user, mailoutbox):
    worker = make_user("edt", ["edt_worker"], family.csc)
    make_user("dpo", ["dpo"], family.csc, email="dpo@csc.example.invalid")
    now = dt.datetime(2027, 1, 5, 10, tzinfo=UTC)

    def glass(expires, reviewed=False):
        return BreakGlass.objects.create(
            user=worker,
            person=family.child,
            reason="Police at the door overnight",
            started_at=expires - dt.timedelta(hours=4),
            expires_at=expires,
            reviewed_at=now if reviewed else None,
        )

    glass(now - dt.timedelta(minutes=30))
    glass(now - dt.timedelta(minutes=10), reviewed=True)
    glass(now - dt.timedelta(hours=2))  # told at the previous tick
    glass(now + dt.timedelta(minutes=5))  # still open
    assert tell_dpos_of_ended_break_glass(now) == 1
    assert [(m.to, m.subject) for m in mailoutbox] == [
        (["dpo@csc.example.invalid"], "1 break-glass access has ended and needs review")
    ]
    assert family.child.given_name not in mailoutbox[0].body
