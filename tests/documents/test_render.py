"""DOCX and PDF of records whose text came from other systems."""

import io

from macp.documents.model import Bullets, Document, Fields, Heading, Paragraph, Table
from macp.documents.render import to_docx


def test_control_characters_in_names_do_not_break_the_docx():
    from docx import Document as Docx

    name = "Ctrl\x01Kid"
    doc = Document(
        title=f"Minutes about {name}",
        marking="OFFICIAL-SENSITIVE",
        footer=name,
        meta=[("Child", name)],
        blocks=[
            Heading(name),
            Paragraph(f"{name} was seen."),
            Fields([["Name", name]]),
            Table(["Child"], [[name]]),
            Bullets([name]),
        ],
    )
    opened = Docx(io.BytesIO(to_docx(doc)))  # raised ValueError (XML-incompatible string) before the fix
    text = "\n".join(p.text for p in opened.paragraphs)
    assert "CtrlKid was seen." in text and "\x01" not in text
