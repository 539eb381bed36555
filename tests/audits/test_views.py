"""Audit pages: who sees what, the grading page as an audited read, errors that keep what was typed, and the
learning brief as DOCX and PDF naming no child."""

import datetime as dt
import io

import pytest
from django.test import Client

from macp.access.models import AccessEvent, Basis
from macp.audits import services
from macp.audits.brief import learning_brief
from macp.audits.models import Grade
from macp.documents.render import to_text


@pytest.fixture
def as_user(signed_in):
    return lambda user: signed_in(Client(), user)


def test_the_analyst_sets_up_an_audit_and_a_mistake_keeps_what_was_typed(region, as_user):
    client = as_user(region.analyst)
    response = client.post(
        "/audits/new/",
        {
            "theme": "Neglect",
            "aim": "",
            "cohort": "children with a strategy discussion",
            "period_start-day": "1",
            "period_start-month": "3",
            "period_start-year": "2026",
            "period_end-day": "31",
            "period_end-month": "3",
            "period_end-year": "2026",
            "criteria": "Voice of the child",
        },
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert "There is a problem" in page and "Enter the aim of the audit" in page and 'href="#aim"' in page
    assert "Voice of the child" in page and 'value="Neglect"' in page
    response = client.post(
        "/audits/new/",
        {
            "theme": "Neglect",
            "aim": "to see the child",
            "cohort": "children with a strategy discussion",
            "period_start-day": "1",
            "period_start-month": "3",
            "period_start-year": "2026",
            "period_end-day": "31",
            "period_end-month": "3",
            "period_end-year": "2026",
            "criteria": "Voice of the child",
        },
    )
    assert response.status_code == 302


def test_staff_who_do_not_run_audits_cannot_set_one_up_or_see_anothers(region, make_audit, as_user):
    audit = make_audit()
    assert as_user(region.manager).get("/audits/new/").status_code == 403
    assert as_user(region.manager).get(f"/audits/{audit.pk}/").status_code == 404
    assert as_user(region.far_analyst).get(f"/audits/{audit.pk}/").status_code == 404


def test_the_analyst_sees_the_sample_as_labels_and_ages_never_names(region, make_audit, as_user):
    audit = make_audit()
    services.draw_sample(region.analyst, audit, size=6, seed=3)
    page = as_user(region.analyst).get(f"/audits/{audit.pk}/").content.decode()
    assert "Child A" in page and "Child F" in page
    assert "Kid" not in page and "Audit</" not in page
    assert not any(str(p.pk) in page for p in region.children)


def test_grading_a_child_is_an_audited_read_on_the_audit_grant(region, make_audit, as_user):
    audit = make_audit()
    services.draw_sample(region.analyst, audit, size=2, seed=3)
    services.add_agency(region.analyst, audit, agency=region.police, auditor=region.detective)
    child = audit.sample.first()
    client = as_user(region.detective)
    # Before grading starts, the auditor has no basis: refused and audited.
    assert client.get(f"/audits/{audit.pk}/children/{child.pk}/grade/").status_code == 403
    assert AccessEvent.objects.filter(person_id=str(child.person_id), username="dc", allowed=False).exists()
    services.start_grading(region.analyst, audit)
    response = client.get(f"/audits/{audit.pk}/children/{child.pk}/grade/")
    assert response.status_code == 200
    assert child.person.given_name in response.content.decode()
    event = AccessEvent.objects.filter(person_id=str(child.person_id), username="dc", allowed=True).get()
    assert event.basis == Basis.AUDIT and f"audit {audit.pk}" in event.detail
    a, b = audit.criteria.all()
    response = client.post(
        f"/audits/{audit.pk}/children/{child.pk}/grade/",
        {f"grade_{a.pk}": "inadequate", f"comment_{a.pk}": "", f"grade_{b.pk}": "good", f"comment_{b.pk}": "On time"},
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert "Say why criterion 1 is graded inadequate" in page and "On time" in page
    response = client.post(
        f"/audits/{audit.pk}/children/{child.pk}/grade/",
        {f"grade_{a.pk}": "inadequate", f"comment_{a.pk}": "No voice", f"grade_{b.pk}": "good"},
    )
    assert response.status_code == 302
    # Someone else at the police, not the nominated auditor, may not grade.
    assert as_user(region.bystander).get(f"/audits/{audit.pk}/children/{child.pk}/grade/").status_code == 404


def closed_audit(region, make_audit):
    audit = make_audit()
    services.draw_sample(region.analyst, audit, size=3, seed=5, today=dt.date(2026, 4, 1))
    part = services.add_agency(region.analyst, audit, agency=region.csc, auditor=region.manager)
    services.start_grading(region.analyst, audit)
    for child in audit.sample.all():
        services.grade_child(
            region.manager, part, child, {c.pk: (Grade.REQUIRES_IMPROVEMENT, "Thin") for c in audit.criteria.all()}
        )
    services.start_moderation(region.analyst, audit)
    services.record_meeting(region.analyst, audit, meeting_date=dt.date(2026, 5, 12), attendees="Priya Nair")
    for child in audit.sample.all():
        services.moderate_child(region.analyst, child, grade=Grade.REQUIRES_IMPROVEMENT, rationale="")
    services.save_brief(
        region.analyst,
        audit,
        worries="- Voice of child missing\n- Escalation process not used",
        good_practice="Joint visit with health visitor and social worker",
        learning_theme="Start again",
        what_we_found="Incident-led responses",
        needs_to_happen="Review the chronology at each new incident",
    )
    services.close_audit(region.analyst, audit)
    return audit


def test_the_learning_brief_follows_the_seeds_format_and_names_no_child(region, make_audit):
    audit = closed_audit(region, make_audit)
    text = to_text(learning_brief(audit))
    assert text.startswith("Multi-agency quality assurance audit: Domestic abuse: children under 7 May 2026")
    assert "The audit of 12 May 2026 reviewed the records of 3 children" in text
    assert "aged between" in text
    assert (
        "Organisations that audited their involvement with the 3 children were: Audshire Children's Services." in text
    )
    for heading in (
        "What we are worried about?",
        "What good practice did we see?",
        "Themes for learning: Start again",
        "What needs to happen?",
    ):
        assert heading in text
    assert "- Voice of child missing" in text and "- Escalation process not used" in text
    assert "Requires improvement | 3" in text
    assert "Kid" not in text and not any(str(p.pk) in text for p in region.children)


def test_the_brief_downloads_as_docx_and_pdf_and_is_shared_with_auditors_once_closed(region, make_audit, as_user):
    from docx import Document as Docx

    audit = closed_audit(region, make_audit)
    response = as_user(region.analyst).get(f"/audits/{audit.pk}/brief.docx")
    assert response.status_code == 200
    words = "\n".join(p.text for p in Docx(io.BytesIO(response.content)).paragraphs)
    assert "What we are worried about?" in words and "Voice of child missing" in words
    response = as_user(region.manager).get(f"/audits/{audit.pk}/brief.pdf")
    assert response.status_code == 200 and response.content.startswith(b"%PDF")
    assert as_user(region.analyst).get(f"/audits/{audit.pk}/brief.txt").status_code == 404
    # The closed audit's grants have ended: the auditor can no longer open the children.
    child = audit.sample.first()
    assert as_user(region.manager).get(f"/audits/{audit.pk}/children/{child.pk}/grade/").status_code == 403


def test_the_stage_buttons_report_what_is_missing(region, make_audit, as_user):
    audit = make_audit()
    client = as_user(region.analyst)
    response = client.post(f"/audits/{audit.pk}/start-grading/", follow=True)
    page = response.content.decode()
    assert "Draw or choose the sample first" in page and "Name at least one agency" in page
    assert client.post(f"/audits/{audit.pk}/start-grading/").status_code == 302
    assert as_user(region.manager).post(f"/audits/{audit.pk}/start-grading/").status_code == 404


def test_the_analyst_draws_a_sample_and_names_an_auditor_through_the_pages(region, make_audit, as_user):
    audit = make_audit()
    client = as_user(region.analyst)
    page = client.get(f"/audits/{audit.pk}/sample/").content.decode()
    assert "6 children had a strategy discussion" in page
    assert client.post(f"/audits/{audit.pk}/sample/", {"size": "30", "seed": "1"}).status_code == 400
    assert client.post(f"/audits/{audit.pk}/sample/", {"size": "4", "seed": "1"}).status_code == 302
    assert audit.sample.count() == 4
    page = client.get(f"/audits/{audit.pk}/agencies/new/").content.decode()
    assert "Mark Jennings, Audshire Police" in page and "Priya Nair, Audshire" not in page
    assert client.post(f"/audits/{audit.pk}/agencies/new/", {"auditor": region.detective.pk}).status_code == 302
    assert audit.agencies.get().auditor == region.detective
