"""Documents drawn up as DOCX (python-docx) and PDF (WeasyPrint): a small block model and its renderers.

This package knows nothing of macp's domains: a caller builds a Document from headings, paragraphs, fields and
tables (strategy.agenda builds the minutes) and asks for bytes. Rendering fetches nothing over the network.
"""

from macp.documents.model import Bullets, Document, Fields, Heading, Paragraph, Table
from macp.documents.render import to_docx, to_html, to_pdf, to_text

__all__ = ["Bullets", "Document", "Fields", "Heading", "Paragraph", "Table", "to_docx", "to_html", "to_pdf", "to_text"]
