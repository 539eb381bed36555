"""Out-of-hours pages: only the EDT records; only the council's day team acknowledges."""

from django.test import Client
from django.utils import timezone

from macp.access.models import Assignment
from macp.outofhours.models import OutOfHoursRecord


def form(family, **overrides):
    yesterday = timezone.localdate() - timezone.timedelta(days=1)
    data = {
        "children": [str(family.child.pk)],
        "local_authority": family.la.code,
        "occurred_date-day": yesterday.day,
        "occurred_date-month": yesterday.month,
        "occurred_date-year": yesterday.year,
        "occurred_time": "23:15",
        "summary": "Police called",
        "actions_taken": "Visited",
        "follow_up": "Call school",
    }
    data.update(overrides)
    return data


def test_record_and_acknowledge_pages(family, edt, signed_in):
    Assignment.objects.create(person=family.child, agency=edt.agency, reason="Duty call", starts_at=timezone.now())
    worker = signed_in(Client(), edt.worker)
    url = f"/out-of-hours/new/{family.child.pk}/"
    page = worker.get(url).content.decode()
    assert "Jack Hughes" in page  # the other child of the household is offered
    bad = worker.post(url, form(family, occurred_time="11pm"))
    assert (
        bad.status_code == 400
        and "Enter the time like 23:15" in bad.content.decode()
        and "Police called" in bad.content.decode()
    )
    assert worker.post(url, form(family)).status_code == 302
    item = OutOfHoursRecord.objects.get()
    assert signed_in(Client(), edt.day).get(f"/people/{family.child.pk}/").content.decode().count(item.reference) == 1

    assert signed_in(Client(), edt.day).get(url).status_code == 403
    outsider = signed_in(Client(), edt.outsider)
    assert outsider.get(f"/out-of-hours/{item.pk}/").status_code == 404
    assert outsider.post(f"/out-of-hours/{item.pk}/acknowledge/", {"note": "x"}).status_code == 404
    assert "Acknowledge the handover" not in worker.get(f"/out-of-hours/{item.pk}/").content.decode()
    day = signed_in(Client(), edt.day)
    assert day.post(f"/out-of-hours/{item.pk}/acknowledge/", {"note": ""}).status_code == 400
    assert day.post(f"/out-of-hours/{item.pk}/acknowledge/", {"note": "Allocated"}).status_code == 302
    item.refresh_from_db()
    assert item.acknowledged_by == edt.day
