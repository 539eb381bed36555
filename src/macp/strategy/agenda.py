"""The standard agenda for a strategy discussion, versioned, and the minutes drawn up in its order.

The agenda is a template, not a form: the meeting page, the minutes page and the DOCX/PDF exports all walk the same
sections, so the record always reads in the order the meeting was run. A discussion keeps the version it was booked
with (StrategyDiscussion.agenda_version); a new version is added here, never edited, so old minutes still render as
they were held. Sources: Working Together 2023 ch. 4 (what a strategy discussion decides); Bristol CSPR 2024
recommendations e)–g) and §3.3.9 (each child separately, the genogram, the complexity route); Somerset "Child Alex"
(dissent and distribution on the record).
"""

import dataclasses

from django.utils import timezone

from macp import documents
from macp.core.formats import date_uk, datetime_uk


@dataclasses.dataclass(frozen=True)
class Section:
    key: str
    title: str
    prompt: str = ""
    # Written as free text in the minutes form (the rest are recorded by their own forms: attendance, decisions…).
    free_text: bool = False


@dataclasses.dataclass(frozen=True)
class ChildItem:
    """One thing decided or recorded for each child separately."""

    field: str
    label: str
    hint: str = ""


@dataclasses.dataclass(frozen=True)
class Agenda:
    version: int
    standard: tuple[Section, ...]
    child_items: tuple[ChildItem, ...]
    complex: tuple[Section, ...]
    # The complexity-route sections go in before this standard section.
    complex_before: str = "actions"


V1 = Agenda(
    version=1,
    standard=(
        Section(
            "purpose",
            "Purpose of the discussion",
            "Why this discussion is being held, and what it must decide.",
            free_text=True,
        ),
        Section(
            "attendees",
            "Attendees and roles",
            "Who attended for each agency and in what role; who was invited and did not attend.",
        ),
        Section(
            "agency_information",
            "Each agency's information",
            "What each agency knows and its context: the nature of offences and incidents, not just that there are some.",
        ),
        Section("notes", "Discussion", "What the information means when it is put together.", free_text=True),
        Section("genogram", "The genogram", "Shown to everyone and confirmed, or the reason why not."),
        Section("children", "Each child", "Each child is considered separately."),
        Section("actions", "Actions", "Who does what, by when, and how they report back."),
        Section(
            "next_meeting", "Next meeting", "When the group meets again, or why it does not need to.", free_text=True
        ),
    ),
    child_items=(
        ChildItem(
            "lived_experience",
            "Lived experience and voice",
            "What life is like for this child, in their words where we have them.",
        ),
        ChildItem("harm_suspected", "Harm suspected"),
        ChildItem("significant_harm", "Significant harm threshold"),
        ChildItem("rationale", "Rationale for the threshold decision"),
        ChildItem("section_47", "Section 47 enquiry"),
        ChildItem("enquiry", "Single or joint enquiry"),
        ChildItem("lead_agency", "Lead agency"),
        ChildItem("abe_interview", "Achieving Best Evidence (ABE) interview"),
        ChildItem("cp_medical", "Child protection medical"),
        ChildItem(
            "if_medical_inconclusive",
            "If the medical is inconclusive",
            "What happens next if the medical findings are not clear.",
        ),
        ChildItem("safety_plan", "Safety plan", "Where the child stays tonight and who makes sure they are safe."),
    ),
    complex=(
        Section("why_complex", "Why the complexity route was triggered"),
        Section(
            "per_child_planning",
            "Planning for each child",
            "A plan for each child: no child is planned for only as one of a group.",
            free_text=True,
        ),
        Section(
            "management_roles",
            "Strategic and investigation management roles",
            "Who leads strategically, who manages the investigation, and who co-ordinates between agencies.",
            free_text=True,
        ),
        Section(
            "resourcing",
            "Resourcing",
            "Staff, interview and medical capacity, and cover across weekends and handovers.",
            free_text=True,
        ),
        Section(
            "evidence_preservation",
            "Evidence preservation",
            "Scenes, devices, clothing, medical samples and records to secure, and by whom.",
            free_text=True,
        ),
    ),
)

AGENDAS = {V1.version: V1}
CURRENT = V1.version


def agenda_for(discussion) -> Agenda:
    return AGENDAS[discussion.agenda_version or CURRENT]


def sections(discussion, complexity: dict) -> list[Section]:
    """The sections of this discussion's agenda in order, with the complexity route's when it applies."""
    agenda = agenda_for(discussion)
    out = []
    for section in agenda.standard:
        if complexity["complex"] and section.key == agenda.complex_before:
            out.extend(agenda.complex)
        out.append(section)
    return out


def free_text_sections(discussion, complexity: dict) -> list[Section]:
    return [s for s in sections(discussion, complexity) if s.free_text]


def minutes_texts(discussion) -> dict[str, str]:
    """The free-text sections as stored: `notes` in minutes_notes, the others in minutes_sections."""
    texts = dict(discussion.minutes_sections or {})
    texts["notes"] = discussion.minutes_notes
    return texts


# ---- the minutes as a document -------------------------------------------------------------------------------


def _yes_no(value) -> str:
    return {True: "Yes", False: "No", None: "Not decided"}[value]


def child_answers(decision) -> list[tuple[str, str]]:
    """One child's decision in the agenda's order, as (label, answer) pairs."""
    if decision is None:
        return []
    values = {
        "lived_experience": decision.lived_experience or "Not recorded",
        "harm_suspected": decision.harm_suspected or "Not recorded",
        "significant_harm": {"met": "Met", "not_met": "Not met", "unclear": "Unclear"}[decision.significant_harm],
        "rationale": decision.rationale or "Not recorded",
        "section_47": "Yes: a section 47 enquiry starts" if decision.section_47 else "No",
        "enquiry": decision.get_enquiry_display() if decision.enquiry else "Not recorded",
        "lead_agency": decision.lead_agency.name if decision.lead_agency_id else "Not recorded",
        "abe_interview": _yes_no(decision.abe_interview),
        "cp_medical": _yes_no(decision.cp_medical),
        "if_medical_inconclusive": decision.if_medical_inconclusive or "Not recorded",
        "safety_plan": decision.safety_plan or "Not recorded",
    }
    return [(item.label, values[item.field]) for item in agenda_for(decision.discussion).child_items]


def minutes_document(discussion, complexity: dict, *, icpc_due=None, revision=None) -> documents.Document:
    """The minutes in the standard template. Names of the children are in the body; the file name never has them."""
    blocks: list = []
    texts = minutes_texts(discussion)
    attendance = list(discussion.attendance.select_related("agency").order_by("recorded_at"))
    invitations = [i for i in discussion.invitations.select_related("agency", "for_person") if i.status != "removed"]
    decisions = {d.child_id: d for d in discussion.decisions.select_related("lead_agency", "discussion")}
    dissent = list(discussion.dissent.select_related("agency", "decision__child").order_by("recorded_at"))
    children = list(discussion.children.order_by("date_of_birth", "given_name"))

    for section in sections(discussion, complexity):
        blocks.append(documents.Heading(section.title, 1))
        if section.free_text:
            blocks.append(documents.Paragraph(texts.get(section.key, "").strip() or "Nothing recorded."))
        elif section.key == "attendees":
            if attendance:
                blocks.append(
                    documents.Table(
                        ["Name", "Agency", "Role", "Attended"],
                        [
                            [a.name, a.agency.name, a.get_role_display(), "Yes" if a.attended else "No (absent)"]
                            for a in attendance
                        ],
                    )
                )
            else:
                blocks.append(documents.Paragraph("No attendance recorded."))
            present = {a.agency_id for a in attendance if a.attended}
            absent = sorted({i.agency.name for i in invitations if i.agency_id not in present})
            if absent:
                blocks.append(documents.Paragraph("Invited and not present: " + "; ".join(absent) + "."))
        elif section.key == "agency_information":
            contributions = list(discussion.contributions.select_related("agency"))
            for c in contributions:
                blocks.append(documents.Heading(c.agency.name, 2))
                blocks.append(documents.Paragraph(c.text))
            if not contributions:
                blocks.append(documents.Paragraph("No agency information recorded."))
        elif section.key == "genogram":
            if discussion.genogram_confirmed:
                blocks.append(documents.Paragraph("The genogram was shown to everyone present and confirmed."))
            elif discussion.genogram_not_shown_reason:
                blocks.append(
                    documents.Paragraph(
                        "The genogram was not shown or not confirmed: " + discussion.genogram_not_shown_reason
                    )
                )
            else:
                blocks.append(documents.Paragraph("Not recorded."))
        elif section.key == "children":
            for child in children:
                born = (
                    f"born {date_uk(child.date_of_birth)}"
                    if child.date_of_birth
                    else (
                        f"due {date_uk(child.expected_date_of_birth)}" if child.is_unborn else "date of birth not known"
                    )
                )
                blocks.append(documents.Heading(f"{child.full_name} ({born})", 2))
                decision = decisions.get(child.pk)
                if decision is None:
                    blocks.append(documents.Paragraph("No decision recorded."))
                else:
                    blocks.append(documents.Fields(child_answers(decision)))
                about = [d for d in dissent if d.decision_id and d.decision.child_id == child.pk]
                for d in about:
                    blocks.append(documents.Paragraph(f"Dissent ({d.agency.name}): {d.reason}", emphasis=True))
        elif section.key == "why_complex":
            blocks.append(documents.Bullets(complexity["reasons"]))
        elif section.key == "actions":
            actions = list(discussion.actions.select_related("owner_agency", "child").order_by("due", "pk"))
            if actions:
                blocks.append(
                    documents.Table(
                        ["What", "For", "Owner", "Due", "Feedback route"],
                        [
                            [
                                a.what,
                                a.child.full_name if a.child_id else "All",
                                ", ".join(x for x in (a.owner, a.owner_agency.name if a.owner_agency_id else "") if x)
                                or "No owner",
                                datetime_uk(a.due, "No date"),
                                "Mark done with feedback on the action list in macp",
                            ]
                            for a in actions
                        ],
                    )
                )
            else:
                blocks.append(documents.Paragraph("No actions."))
    # Disagreement is shown under the child it concerns and again here in full, so none can be missed.
    blocks.append(documents.Heading("Dissent", 1))
    if dissent:
        blocks.append(
            documents.Table(
                ["Agency", "About", "Reason"],
                [[d.agency.name, d.decision.child.full_name if d.decision_id else d.about, d.reason] for d in dissent],
            )
        )
    else:
        blocks.append(documents.Paragraph("No agency recorded disagreement."))

    meta = [
        ("Reference", f"SD-{discussion.pk}"),
        ("Held", datetime_uk(discussion.scheduled_for, "Not booked")),
        (
            "Agenda",
            f"Standard agenda version {agenda_for(discussion).version}"
            + (" with the complexity route" if complexity["complex"] else ""),
        ),
        (
            "Status",
            discussion.get_status_display()
            + (f", {datetime_uk(discussion.finalised_at)}" if discussion.finalised_at else ""),
        ),
    ]
    if icpc_due:
        meta.append(("Initial child protection conference due by", date_uk(icpc_due)))
    if revision is not None:
        meta.append(("Revision", str(revision)))
    return documents.Document(
        title=f"Strategy discussion SD-{discussion.pk}: minutes",
        meta=meta,
        blocks=blocks,
        marking="OFFICIAL-SENSITIVE",
        footer=f"Produced {datetime_uk(timezone.now())}. Share only with agencies invited to this discussion.",
    )
