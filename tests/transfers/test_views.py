"""Transfer pages: only the holding council proposes; only the receiving council's manager decides."""

from django.test import Client

from macp.transfers.models import Transfer
from tests.transfers.factories import propose_body


def test_propose_page_and_decisions_are_guarded(family, councils, signed_in):
    sender = signed_in(Client(), councils.sender)
    bad = sender.post(f"/transfers/new/{family.child.pk}/", {"to_local_authority": "north-council", "reason": "Moved"})
    assert bad.status_code == 400 and "Choose child in need" in bad.content.decode() and "Moved" in bad.content.decode()
    ok = sender.post(f"/transfers/new/{family.child.pk}/", propose_body(family))
    transfer = Transfer.objects.get()
    assert ok.status_code == 302 and ok.url == f"/transfers/{transfer.pk}/"
    assert "Accept the transfer" not in sender.get(ok.url).content.decode()
    assert (
        sender.post(
            f"/transfers/{transfer.pk}/accept/",
            {"responsibility_from-day": "1", "responsibility_from-month": "12", "responsibility_from-year": "2026"},
        ).status_code
        == 403
    )
    south = signed_in(Client(), councils.south_tm)
    assert south.get(f"/transfers/{transfer.pk}/").status_code == 404
    assert south.get(f"/transfers/new/{family.child.pk}/").status_code == 404
    north = signed_in(Client(), councils.north_tm)
    assert (
        north.post(
            f"/transfers/{transfer.pk}/accept/",
            {"responsibility_from-day": "31", "responsibility_from-month": "2", "responsibility_from-year": "2027"},
        ).status_code
        == 400
    )
    assert north.post(f"/transfers/{transfer.pk}/decline/", {"reason": "Not our area"}).status_code == 302
    transfer.refresh_from_db()
    assert transfer.status == "declined"
