"""The blocks a document is made of. Plain data, so the same document renders to DOCX, HTML/PDF and text."""

import dataclasses


@dataclasses.dataclass(frozen=True)
class Heading:
    text: str
    level: int = 1  # 1 for an agenda section, 2 inside one (a child, an agency)


@dataclasses.dataclass(frozen=True)
class Paragraph:
    text: str
    emphasis: bool = False


@dataclasses.dataclass(frozen=True)
class Fields:
    """Label and answer pairs (one child's decision)."""

    rows: list[tuple[str, str]]


@dataclasses.dataclass(frozen=True)
class Table:
    header: list[str]
    rows: list[list[str]]


@dataclasses.dataclass(frozen=True)
class Bullets:
    items: list[str]


Block = Heading | Paragraph | Fields | Table | Bullets


@dataclasses.dataclass(frozen=True)
class Document:
    title: str
    blocks: list[Block]
    meta: list[tuple[str, str]] = dataclasses.field(default_factory=list)
    # Protective marking printed at the top of every page (Government Security Classifications).
    marking: str = ""
    footer: str = ""
