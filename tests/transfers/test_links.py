"""The receiving council sees the sending council's records through links and grants, never copies (issue 11
item 2): the strategy discussion and its minutes, the enquiry, the chronology open for it from the proposal, and
close again if it declines. Nothing is duplicated."""

from django.test import Client

from macp.enquiries.models import Enquiry
from macp.strategy.models import StrategyDiscussion
from tests.transfers.factories import propose_body


def test_the_receiver_reads_the_senders_records_through_links_until_it_declines(
    investigation, councils, family, signed_in
):
    sd = StrategyDiscussion.objects.get()
    enquiry = Enquiry.objects.get()
    north = signed_in(Client(), councils.north_tm)
    pages = (f"/strategy/{sd.pk}/", f"/strategy/{sd.pk}/minutes/", f"/enquiries/{enquiry.pk}/")
    assert all(north.get(p).status_code in (403, 404) for p in pages)
    counts = (StrategyDiscussion.objects.count(), Enquiry.objects.count())

    created = councils.as_sender.post("/api/v1/transfers", propose_body(family), content_type="application/json")
    assert created.status_code == 201, created.json()
    transfer = created.json()
    urls = {item["url"] for item in transfer["picture"]}
    assert set(pages) | {f"/people/{family.child.pk}/chronology/"} <= urls
    for p in (*pages, f"/people/{family.child.pk}/chronology/"):
        assert north.get(p).status_code == 200, p
    assert (StrategyDiscussion.objects.count(), Enquiry.objects.count()) == counts  # links, not copies

    declined = councils.as_north_tm.post(
        f"/api/v1/transfers/{transfer['id']}/decline",
        {"reason": "The family has not moved: wrong address"},
        content_type="application/json",
    )
    assert declined.status_code == 200, declined.json()
    for p in pages:
        assert north.get(p).status_code in (403, 404), p
