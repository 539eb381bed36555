"""Chronology pages: filters, unclear and outstanding shown as such, family chronology, timeline, DOCX and CSV exports
audited as exports, an entry added and its analysis."""

import csv
import datetime as dt
import io

from django.test import Client
from django.utils import timezone

from macp.access.models import AccessEvent
from macp.chronology.models import ChronologyEntry
from macp.people.models import Event


def _event(agency, people, type_, days_ago, summary):
    e = Event.objects.create(
        agency=agency, type=type_, occurred_at=timezone.now() - dt.timedelta(days=days_ago), summary=summary
    )
    e.persons.set(people)
    return e


def test_filters_and_statuses(investigation, signed_in):
    f = investigation.family
    _event(f.gp, [f.child], "was_not_brought", 90, "Dental check missed")
    _event(investigation.police, [f.mother], "domestic_abuse_incident", 10, "Shouting reported by a neighbour")
    client = signed_in(Client(), investigation.social_worker)
    html = client.get(f"/people/{f.child.pk}/chronology/").content.decode()
    assert "Dental check missed" in html and "Shouting reported by a neighbour" in html and "Strategy decision" in html
    by_police = client.get(f"/people/{f.child.pk}/chronology/?agency=test-police").content.decode()
    assert "Shouting reported" in by_police and "Dental check missed" not in by_police
    since = timezone.localdate() - dt.timedelta(days=30)
    recent = client.get(
        f"/people/{f.child.pk}/chronology/?start-day={since.day}&start-month={since.month}&start-year={since.year}"
    ).content.decode()
    assert "Dental check missed" not in recent and "Shouting reported" in recent
    high = client.get(f"/people/{f.child.pk}/chronology/?significance=medium").content.decode()
    assert "Dental check missed" in high and "Shouting reported" not in high
    # the open-ended hypothesis shows as outstanding
    from macp.enquiries.investigation import add_hypothesis
    from macp.enquiries.models import Enquiry

    add_hypothesis(Enquiry.objects.get(), investigation.social_worker, "Accidental injury")
    html = client.get(f"/people/{f.child.pk}/chronology/?type=hypothesis").content.decode()
    assert "Accidental injury" in html and "Outstanding" in html
    assert "Timeline" in client.get(f"/people/{f.child.pk}/chronology/timeline/").content.decode()
    family = client.get(f"/people/{f.child.pk}/chronology/family/")
    assert family.status_code == 200 and "Family chronology" in family.content.decode()


def test_exports_are_audited_as_exports_and_csv_is_safe(investigation, signed_in):
    f = investigation.family
    _event(f.gp, [f.child], "injury", 5, '=HYPERLINK("http://x")')
    client = signed_in(Client(), investigation.social_worker)
    response = client.get(f"/people/{f.child.pk}/chronology.csv")
    assert response["Content-Type"].startswith("text/csv") and "Amelia" not in response["Content-Disposition"]
    rows = list(csv.DictReader(io.StringIO(response.content.decode())))
    assert any(r["summary"].startswith("'=HYPERLINK") for r in rows)
    docx = client.get(f"/people/{f.child.pk}/chronology.docx")
    assert docx.status_code == 200 and docx.content[:2] == b"PK"
    from docx import Document

    text = "\n".join(c.text for t in Document(io.BytesIO(docx.content)).tables for row in t.rows for c in row.cells)
    assert "Strategy decision" in text and "Riverside Surgery" in text
    assert AccessEvent.objects.filter(username="sw", channel="export", person_id=str(f.child.pk)).count() == 2


def test_add_entry_and_analysis(investigation, signed_in):
    f = investigation.family
    client = signed_in(Client(), investigation.social_worker)
    bad = client.post(f"/people/{f.child.pk}/chronology/new/", {"type": "Home visit", "summary": "Nobody home"})
    assert (
        bad.status_code == 400
        and "Enter when it happened" in bad.content.decode()
        and "Nobody home" in bad.content.decode()
    )
    day = timezone.localdate() - dt.timedelta(days=1)
    ok = client.post(
        f"/people/{f.child.pk}/chronology/new/",
        {
            "occurred_at-day": day.day,
            "occurred_at-month": day.month,
            "occurred_at-year": day.year,
            "occurred_at-time": "16:00",
            "type": "Home visit",
            "summary": "Nobody home",
            "significance": "medium",
            "status": "outstanding",
        },
    )
    assert ok.status_code == 302
    entry = ChronologyEntry.objects.get()
    assert (entry.source.code, entry.type, entry.status) == ("test-csc", "home_visit", "outstanding")
    note = client.post(
        f"/people/{f.child.pk}/chronology/entry:{entry.pk}/analysis/",
        {"text": "Third visit without access", "significance": "high"},
    )
    assert note.status_code == 302
    rows = investigation.api(investigation.social_worker).get(f"/api/v1/people/{f.child.pk}/chronology").json()
    row = next(r for r in rows if r["id"] == f"entry:{entry.pk}")
    assert (row["analysis"], row["significance"], row["status"]) == (
        "Third visit without access",
        "high",
        "outstanding",
    )
    assert client.get(f"/people/{f.child.pk}/chronology/nope:1/analysis/").status_code == 404
