from macp.demo.services import build_demo_region
from macp.escalations.models import Escalation
from macp.outofhours.models import OutOfHoursRecord
from macp.transfers.models import Transfer


def test_demo_region_has_one_open_disagreement_proposed_transfer_and_awaiting_handover(db):
    summary = build_demo_region(families=30)
    assert (summary.activity["escalations"], summary.activity["transfers"], summary.activity["out_of_hours"]) == (
        1,
        1,
        1,
    )
    assert Escalation.objects.get().status == "open"
    assert Transfer.objects.get().status == "proposed"
    # One awaiting the day team (the demo's year of history adds records already picked up).
    assert OutOfHoursRecord.objects.filter(status="awaiting").count() == 1
    again = build_demo_region(families=1)  # adding families later makes no second set
    assert again.activity.get("transfers", 0) == 0 and Transfer.objects.count() == 1
