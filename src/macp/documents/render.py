"""DOCX, HTML, PDF and plain text from a Document."""

import io
from pathlib import Path

from jinja2 import Environment, FileSystemLoader, select_autoescape

from macp.core.text import without_controls as xml_text  # DOCX is XML: a control character in a name broke it
from macp.documents.model import Bullets, Document, Fields, Heading, Paragraph, Table

_env = Environment(
    loader=FileSystemLoader(Path(__file__).parent / "templates"),
    autoescape=select_autoescape(["html"]),
    trim_blocks=True,
    lstrip_blocks=True,
)
_env.tests["block"] = lambda value, kind: type(value).__name__ == kind


def to_docx(doc: Document) -> bytes:
    from docx import Document as Docx  # imported here: only exports need it
    from docx.shared import Pt

    out = Docx()
    out.core_properties.title = xml_text(doc.title)
    out.core_properties.author = "macp"
    out.styles["Normal"].font.name = "Arial"
    out.styles["Normal"].font.size = Pt(11)
    section = out.sections[0]
    if doc.marking:
        section.header.paragraphs[0].text = xml_text(doc.marking)
        section.footer.paragraphs[0].text = xml_text(doc.marking + (f" — {doc.footer}" if doc.footer else ""))
    elif doc.footer:
        section.footer.paragraphs[0].text = xml_text(doc.footer)
    out.add_heading(xml_text(doc.title), 0)
    if doc.meta:
        _grid(out, [[k, v] for k, v in doc.meta], bold_first_column=True)
    for block in doc.blocks:
        if isinstance(block, Heading):
            out.add_heading(xml_text(block.text), block.level)
        elif isinstance(block, Paragraph):
            paragraph = out.add_paragraph()
            paragraph.add_run(xml_text(block.text)).bold = block.emphasis
        elif isinstance(block, Fields):
            _grid(out, [list(row) for row in block.rows], bold_first_column=True)
        elif isinstance(block, Table):
            _grid(out, [block.header, *block.rows], bold_header=True)
        elif isinstance(block, Bullets):
            for item in block.items:
                out.add_paragraph(xml_text(item), style="List Bullet")
    buffer = io.BytesIO()
    out.save(buffer)
    return buffer.getvalue()


def _grid(out, rows: list[list[str]], *, bold_first_column: bool = False, bold_header: bool = False) -> None:
    table = out.add_table(rows=len(rows), cols=max(len(r) for r in rows))
    table.style = "Table Grid"
    for i, row in enumerate(rows):
        for j, value in enumerate(row):
            cell = table.cell(i, j)
            cell.text = ""
            cell.paragraphs[0].add_run(xml_text(str(value))).bold = (bold_header and i == 0) or (
                bold_first_column and j == 0
            )
    out.add_paragraph()


def to_html(doc: Document) -> str:
    return _env.get_template("documents/document.html").render(doc=doc)


def _refuse(url, *args, **kwargs):
    raise ValueError(f"Documents fetch nothing: {url}")


def _fetcher():
    """A WeasyPrint fetcher that fetches nothing: documents are self-contained and must never reach the network.
    (WeasyPrint 70 wants a URLFetcher, not a bare function, when a fetch fails.)"""
    from weasyprint.urls import URLFetcher

    class NoFetching(URLFetcher):
        def fetch(self, url, headers=None):
            _refuse(url)

    return NoFetching(allowed_protocols=())


def html_to_pdf(html: str) -> bytes:
    """Any self-contained HTML page as PDF (minutes, the genogram): nothing is fetched."""
    from weasyprint import HTML  # imported here: it is large, and only exports need it

    return HTML(string=html, url_fetcher=_fetcher()).write_pdf()


def to_pdf(doc: Document) -> bytes:
    return html_to_pdf(to_html(doc))


def to_text(doc: Document) -> str:
    """The document in words: kept as the record of each revision of the minutes."""
    lines = [doc.title, "=" * len(doc.title)]
    lines += [f"{k}: {v}" for k, v in doc.meta]
    for block in doc.blocks:
        if isinstance(block, Heading):
            lines += ["", block.text, ("-" if block.level == 1 else "~") * len(block.text)]
        elif isinstance(block, Paragraph):
            lines.append(block.text)
        elif isinstance(block, Fields):
            lines += [f"{k}: {v}" for k, v in block.rows]
        elif isinstance(block, Table):
            lines += [" | ".join(block.header)] + [" | ".join(str(c) for c in row) for row in block.rows]
        elif isinstance(block, Bullets):
            lines += [f"- {item}" for item in block.items]
    return "\n".join(lines) + "\n"
