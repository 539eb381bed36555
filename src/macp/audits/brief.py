"""The learning brief of an audit, in the format of South Gloucestershire's multi-agency quality assurance audit briefs
(seed 004): what the audit looked at and who took part, "What we are worried about?", "What good practice did we
see?", a theme for learning with what we found, and "What needs to happen?". It names no child: children appear as
their number and age range only, so the brief can be shared across the partnership."""

from collections import Counter

from macp.audits.models import GRADE_ORDER, Audit, Grade
from macp.audits.services import _lines, grade_table
from macp.documents.model import Bullets, Document, Heading, Paragraph, Table


def _date(value) -> str:
    return f"{value.day} {value:%B %Y}" if value else "not yet held"


def learning_brief(audit: Audit) -> Document:
    sample = list(audit.sample.all())
    n = len(sample)
    ages = [c.age for c in sample if c.age is not None]
    agencies = [part.agency.name for part in audit.agencies.select_related("agency")]
    month = audit.meeting_date or audit.created_at.date()
    blocks = [
        Paragraph(
            f"The audit of {_date(audit.meeting_date)} reviewed the records of {n} "
            f"{'child' if n == 1 else 'children'}: {audit.cohort}. The aim of the audit was {audit.aim.rstrip('.')}."
        ),
    ]
    if ages:
        blocks.append(
            Paragraph(
                f"The {n} {'child' if n == 1 else 'children'} chosen for this audit were aged between "
                f"{min(ages)} and {max(ages)} years old at the time of the audit."
            )
        )
    if agencies:
        blocks.append(
            Paragraph(
                f"Organisations that audited their involvement with the {n} "
                f"{'child' if n == 1 else 'children'} were: {', '.join(agencies)}."
            )
        )
    blocks += [
        Heading("What we are worried about?"),
        Bullets(_lines(audit.worries) or ["Not recorded."]),
        Heading("What good practice did we see?"),
        Bullets(_lines(audit.good_practice) or ["Not recorded."]),
    ]
    if audit.learning_theme or audit.what_we_found:
        blocks += [
            Heading(f"Themes for learning: {audit.learning_theme}" if audit.learning_theme else "Themes for learning")
        ]
        if _lines(audit.what_we_found):
            blocks += [Heading("What we found", 2), Bullets(_lines(audit.what_we_found))]
    blocks += [Heading("What needs to happen?"), Bullets(_lines(audit.needs_to_happen) or ["Not recorded."])]
    moderated = Counter(c.moderated_grade for c in sample if c.moderated_grade)
    if moderated:
        blocks += [
            Heading("Moderated grades"),
            Table(["Grade", "Children"], [[Grade(g).label, str(moderated.get(g, 0))] for g in GRADE_ORDER]),
        ]
    rows = grade_table(audit)
    if rows:
        blocks += [
            Heading("Agencies' grades by criterion"),
            Table(
                ["Criterion", *[Grade(g).label for g in GRADE_ORDER], "Not involved"],
                [
                    [f"{r['criterion'].number}. {r['criterion'].text}", *map(str, r["counts"]), str(r["not_involved"])]
                    for r in rows
                ],
            ),
        ]
    return Document(
        title=f"Multi-agency quality assurance audit: {audit.theme} {month:%B %Y}",
        blocks=blocks,
        meta=[
            ("Council", audit.local_authority.name),
            ("Period audited", f"{_date(audit.period_start)} to {_date(audit.period_end)}"),
        ],
        marking="OFFICIAL",
        footer="Learning brief — no child is named",
    )
