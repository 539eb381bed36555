"""Minutes in the standard template as DOCX and PDF: opened and read back, audited as exports of each child's record,
and drawn by a documents package that knows nothing of macp's domains and fetches nothing."""

import io
import subprocess
import sys

import pytest
from docx import Document

from macp import documents
from macp.access.models import AccessEvent
from macp.strategy import meeting, minutes
from tests.strategy.factories import held


@pytest.fixture
def finalised(strategy_world, discussion):
    held(strategy_world, discussion)
    minutes.save_minutes(
        discussion,
        strategy_world.chair,
        discussion.minutes_version,
        {
            "purpose": "Decide whether Amelia and Jack are at risk of significant harm",
            "next_meeting": "Review on Friday",
        },
    )
    meeting.finalise(discussion, strategy_world.chair)
    return discussion


def test_docx_has_a_section_per_child_with_decisions_dissent_and_actions(strategy_world, web, finalised):
    response = web(strategy_world.pc).get(f"/strategy/{finalised.pk}/minutes.docx")
    assert response.status_code == 200 and response.content[:2] == b"PK"
    assert response["Content-Type"] == "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    disposition = response["Content-Disposition"]
    assert (
        disposition == f'attachment; filename="strategy-discussion-SD-{finalised.pk}-minutes.docx"'
    )  # no child's name
    doc = Document(io.BytesIO(response.content))
    headings = [
        (p.style.name, p.text) for p in doc.paragraphs if p.style.name.startswith("Heading") or p.style.name == "Title"
    ]
    names = [text for _, text in headings]
    assert ("Title", f"Strategy discussion SD-{finalised.pk}: minutes") in headings
    level_one = [text for style, text in headings if style == "Heading 1"]
    assert level_one[:4] == [
        "Purpose of the discussion",
        "Attendees and roles",
        "Each agency's information",
        "Discussion",
    ]
    assert (
        "Each child" in level_one and "Actions" in level_one and "Next meeting" in level_one and "Dissent" in level_one
    )
    children = [text for style, text in headings if style == "Heading 2" and "born" in text]
    assert [c.split(" (")[0] for c in children] == [
        "Jack Hughes",
        "Amelia Hughes",
    ]  # each child separately, in age order
    assert names.index(children[-1]) < names.index("Actions")
    cells = [cell.text for table in doc.tables for row in table.rows for cell in row.cells]
    text = "\n".join([p.text for p in doc.paragraphs] + cells)
    for expected in (
        "Disclosure and bruising",
        "Lives in the same household",
        "Met",
        "Unclear",
        "Yes: a section 47 enquiry starts",
        "Joint enquiry (social care and police)",
        "Testshire Police",
        "Stays with grandmother",
        "Dissent (Testshire Police): Police view: police should lead the ABE interview alone",
        "Child protection medical",
        "Dr Shah, Testshire Community Health",
        "Review on Friday",
        "The genogram was shown to everyone present and confirmed.",
        "Initial child protection conference due by",
    ):
        assert expected in text, expected
    assert doc.sections[0].header.paragraphs[0].text == "OFFICIAL-SENSITIVE"
    exports = AccessEvent.objects.filter(username="pc", channel=AccessEvent.Channel.EXPORT)
    assert {e.person_id for e in exports} == {
        str(strategy_world.family.child.pk),
        str(strategy_world.family.sibling.pk),
    }
    assert all(e.allowed and e.route.endswith("minutes.docx") for e in exports)


def test_pdf_is_a_pdf_and_audited(strategy_world, web, finalised):
    response = web(strategy_world.chair).get(f"/strategy/{finalised.pk}/minutes.pdf")
    assert response.status_code == 200 and response.content.startswith(b"%PDF")
    assert response["Content-Type"] == "application/pdf" and "Hughes" not in response["Content-Disposition"]
    assert (
        AccessEvent.objects.filter(
            username="chair", channel=AccessEvent.Channel.EXPORT, route__endswith="minutes.pdf"
        ).count()
        == 2
    )


def test_the_minutes_page_shows_the_same_document(strategy_world, web, finalised):
    body = web(strategy_world.pc).get(f"/strategy/{finalised.pk}/minutes/").content.decode()
    assert "Decide whether Amelia and Jack are at risk of significant harm" in body
    assert body.index("Jack Hughes (born") < body.index("Amelia Hughes (born")
    assert "Police view: police should lead the ABE interview alone" in body


def test_documents_render_blocks_and_fetch_nothing():
    doc = documents.Document(
        title="T <x>",
        meta=[("Reference", "SD-1")],
        marking="OFFICIAL-SENSITIVE",
        footer='Quote " and <b>',
        blocks=[
            documents.Heading("One"),
            documents.Paragraph("Line 1\nLine 2 <script>"),
            documents.Fields([("Key", "Value")]),
            documents.Table(["A", "B"], [["1", "2"]]),
            documents.Bullets(["item"]),
        ],
    )
    html = documents.to_html(doc)
    assert "&lt;script&gt;" in html and "<script>" not in html and "&lt;b&gt;" in html
    assert documents.to_pdf(doc).startswith(b"%PDF")
    docx = Document(io.BytesIO(documents.to_docx(doc)))
    assert [p.text for p in docx.paragraphs if p.style.name == "Heading 1"] == ["One"]
    text = documents.to_text(doc)
    assert "Reference: SD-1" in text and "Key: Value" in text and "A | B" in text and "- item" in text
    from macp.documents.render import _fetcher

    fetcher = _fetcher()
    with pytest.raises(ValueError, match="fetch nothing"):
        fetcher("http://example.org/x.png")
    # an image in a document is skipped, not fetched
    from weasyprint import HTML

    assert (
        HTML(string='<p>x</p><img src="http://192.0.2.1/x.png" alt="">', url_fetcher=fetcher)
        .write_pdf()
        .startswith(b"%PDF")
    )


def test_documents_package_imports_no_domain():
    # documents sits on core only (decision 0001): it may use core's text helpers, never a domain.
    code = (
        "import sys, macp.documents; print(sorted(m for m in sys.modules if m.startswith('macp.')"
        " and not m.startswith(('macp.documents', 'macp.core'))))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.strip()
    assert out == "[]"
