"""The meeting: attendance, each agency's information, the genogram check, the decision for each child, dissent,
actions, the complexity route, and finalising (the one place the finalise checks live)."""

import datetime as dt

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from macp.accounts.models import Agency, Role
from macp.core.ids import is_uuid
from macp.core.problems import InvalidInput, Problem
from macp.core.working_days import add_working_days
from macp.strategy import distribution, grants
from macp.strategy.models import (
    Action,
    AgencyContribution,
    Attendance,
    ChildDecision,
    Dissent,
    Invitation,
    StrategyDiscussion,
)
from macp.strategy.services import MINUTES_ROLES, ensure_open, ensure_scheduled, invited_agency_ids, require

_UNSET = object()  # an agenda item the caller did not send is left as it was (the API sends only the contract's fields)
ICPC_WORKING_DAYS = 15  # Working Together 2023: initial child protection conference within 15 working days


def record_attendance(discussion, user, agency_code: str, name: str, role: str, attended: bool) -> Attendance:
    require(user, MINUTES_ROLES, "record attendance")
    ensure_scheduled(discussion)
    agency = Agency.objects.filter(code=agency_code).first()
    problems = []
    if agency is None:
        problems.append(Problem(["body", "agency"], f"Unknown agency {agency_code!r}"))
    if not (name or "").strip():
        problems.append(Problem(["body", "name"], "Give the person's name"))
    if role not in Attendance.Role.values:
        problems.append(Problem(["body", "role"], "Role is chair, minute_taker or attendee"))
    if problems:
        raise InvalidInput("Attendance was not recorded.", problems)
    return Attendance.objects.create(
        discussion=discussion, agency=agency, name=name.strip(), role=role, attended=attended
    )


def record_decision(
    discussion,
    user,
    child_id,
    significant_harm: str,
    section_47: bool | None,
    rationale: str,
    safety_plan: str = "",
    *,
    lived_experience=_UNSET,
    harm_suspected=_UNSET,
    enquiry=_UNSET,
    lead_agency=_UNSET,
    abe_interview=_UNSET,
    cp_medical=_UNSET,
    if_medical_inconclusive=_UNSET,
) -> ChildDecision:
    """The decision for one child. The keyword arguments are the rest of the standard agenda's items for the child
    (lead_agency is an agency code; abe_interview and cp_medical are True, False or None for not decided)."""
    require(user, MINUTES_ROLES, "record decisions")
    ensure_scheduled(discussion)
    child = discussion.children.filter(pk=child_id).first() if is_uuid(child_id) else None
    problems = []
    if child is None:
        problems.append(Problem(["body", "child"], "Not one of the children this discussion is about"))
    if significant_harm not in ChildDecision.Threshold.values:
        problems.append(Problem(["body", "significant_harm"], "Use met, not_met or unclear"))
    if section_47 is None:
        problems.append(Problem(["body", "section_47"], "Say whether a section 47 enquiry will start"))
    extra = {}
    for name, value in (
        ("lived_experience", lived_experience),
        ("harm_suspected", harm_suspected),
        ("if_medical_inconclusive", if_medical_inconclusive),
    ):
        if value is not _UNSET:
            extra[name] = (value or "").strip()
    for name, value in (("abe_interview", abe_interview), ("cp_medical", cp_medical)):
        if value is not _UNSET:
            extra[name] = value
    if enquiry is not _UNSET:
        if enquiry and enquiry not in ChildDecision.Enquiry.values:
            problems.append(Problem(["body", "enquiry"], "Use single or joint"))
        extra["enquiry"] = enquiry or ""
    if lead_agency is not _UNSET:
        extra["lead_agency"] = Agency.objects.filter(code=lead_agency).first() if lead_agency else None
        if lead_agency and extra["lead_agency"] is None:
            problems.append(Problem(["body", "lead_agency"], f"Unknown agency {lead_agency!r}"))
        elif extra["lead_agency"] is not None and extra["lead_agency"].pk not in core_agency_ids(discussion):
            problems.append(
                Problem(
                    ["body", "lead_agency"],
                    "The lead agency is one of the core agencies: children's social care, police or health",
                )
            )
    if problems:
        raise InvalidInput("The decision was not recorded.", problems)
    decision, _ = ChildDecision.objects.update_or_create(
        discussion=discussion,
        child=child,
        defaults={
            "significant_harm": significant_harm,
            "section_47": section_47,
            "rationale": (rationale or "").strip(),
            "safety_plan": (safety_plan or "").strip(),
            "recorded_by": user,
            **extra,
        },
    )
    return decision


def core_agency_ids(discussion) -> set[int]:
    """The core agencies invited (social care, police, health): the only ones that lead a section 47 enquiry
    (Working Together 2023, ch. 4: the local authority leads, jointly with the police where a crime may be involved)."""
    return set(
        discussion.invitations.filter(role="core")
        .exclude(status=Invitation.Status.REMOVED)
        .values_list("agency_id", flat=True)
    )


def record_dissent(discussion, user, agency_code: str, about: str, reason: str) -> Dissent:
    agency = Agency.objects.filter(code=agency_code).first()
    if not (user.has_role(*MINUTES_ROLES) or (agency is not None and user.agency_id == agency.pk)):
        raise PermissionError(
            "You may record your own agency's disagreement; the chair or minute-taker may record anyone's."
        )
    ensure_scheduled(discussion)
    problems = []
    if agency is None:
        problems.append(Problem(["body", "agency"], f"Unknown agency {agency_code!r}"))
    if not (about or "").strip():
        problems.append(Problem(["body", "about"], "Say which decision or point the disagreement is about"))
    if not (reason or "").strip():
        problems.append(Problem(["body", "reason"], "Give the reason for the disagreement"))
    if problems:
        raise InvalidInput("The disagreement was not recorded.", problems)
    decision = None
    if is_uuid(about):
        decision = discussion.decisions.filter(child_id=about).first()
    return Dissent.objects.create(
        discussion=discussion,
        agency=agency,
        about=about.strip()[:300],
        decision=decision,
        reason=reason.strip(),
        recorded_by=user,
    )


def add_action(discussion, user, child_id, owner_agency_code: str | None, owner: str, what: str, due) -> Action:
    require(user, MINUTES_ROLES, "record actions")
    ensure_scheduled(discussion)
    problems = []
    child = None
    if child_id:
        child = discussion.children.filter(pk=child_id).first() if is_uuid(child_id) else None
        if child is None:
            problems.append(Problem(["body", "child"], "Not one of the children this discussion is about"))
    agency = Agency.objects.filter(code=owner_agency_code).first() if owner_agency_code else None
    if owner_agency_code and agency is None:
        problems.append(Problem(["body", "owner_agency"], f"Unknown agency {owner_agency_code!r}"))
    if not (what or "").strip():
        problems.append(Problem(["body", "what"], "Say what is to be done"))
    if problems:
        raise InvalidInput("The action was not recorded.", problems)
    # An action may be recorded without an owner or date while the meeting runs; finalising then refuses it.
    return Action.objects.create(
        discussion=discussion, child=child, owner_agency=agency, owner=(owner or "").strip(), what=what.strip(), due=due
    )


def record_genogram(discussion, user, confirmed: bool, reason: str = "") -> StrategyDiscussion:
    require(user, MINUTES_ROLES, "record the genogram check")
    ensure_scheduled(discussion)
    if not confirmed and not (reason or "").strip():
        raise InvalidInput(
            "Nothing was recorded.", [Problem(["body", "reason"], "Say why the genogram was not shown or confirmed")]
        )
    discussion.genogram_confirmed, discussion.genogram_not_shown_reason = confirmed, "" if confirmed else reason.strip()
    discussion.save(update_fields=["genogram_confirmed", "genogram_not_shown_reason"])
    return discussion


def save_contribution(discussion, user, agency_code: str, text: str) -> AgencyContribution:
    """An agency's information for the agenda: written by that agency, or by the chair or minute-taker for it."""
    agency = Agency.objects.filter(code=agency_code).first() if agency_code else None
    if not (user.has_role(*MINUTES_ROLES) or (agency is not None and user.agency_id == agency.pk)):
        raise PermissionError(
            "You may write your own agency's information; the chair or minute-taker may write anyone's."
        )
    ensure_open(discussion)
    problems = []
    if agency is None or agency.pk not in invited_agency_ids(discussion):
        problems.append(Problem(["agency"], "Choose one of the invited agencies"))
    if not (text or "").strip():
        problems.append(Problem(["text"], "Enter what the agency knows, and its context"))
    if problems:
        raise InvalidInput("The agency's information was not saved.", problems)
    contribution, _ = AgencyContribution.objects.update_or_create(
        discussion=discussion, agency=agency, defaults={"text": text.strip(), "updated_by": user}
    )
    return contribution


def check_finalise(discussion) -> list[Problem]:
    """What stops the minutes being finalised: the one place these checks live (Bristol CSPR recommendation f;
    Somerset "Child Alex": decision, rationale, owner, deadline, the genogram considered, and a record of which
    invited agencies were there — every invited agency, present or not, so nobody's absence goes unrecorded)."""
    problems = []
    if discussion.status != StrategyDiscussion.Status.SCHEDULED:
        problems.append(Problem(["status"], "The discussion has not been scheduled"))
    decided = {d.child_id: d for d in discussion.decisions.all()}
    for child in discussion.children.all():
        decision = decided.get(child.pk)
        if decision is None:
            problems.append(Problem(["decisions", str(child.pk)], f"No decision for {child.full_name}"))
        elif not decision.rationale:
            problems.append(
                Problem(
                    ["decisions", str(child.pk), "rationale"], f"The decision for {child.full_name} has no rationale"
                )
            )
    for action in discussion.actions.all():
        if not action.owner or not action.owner_agency_id:
            problems.append(
                Problem(["actions", str(action.pk), "owner"], f"Action “{action.what[:60]}” has no owner and agency")
            )
        if action.due is None:
            problems.append(Problem(["actions", str(action.pk), "due"], f"Action “{action.what[:60]}” has no due date"))
    if not discussion.genogram_confirmed and not discussion.genogram_not_shown_reason.strip():
        problems.append(Problem(["genogram"], "Confirm the genogram was shown and checked, or say why not"))
    roles = {a.role: a.name for a in discussion.attendance.filter(attended=True)}
    if "chair" not in roles or "minute_taker" not in roles:
        problems.append(Problem(["attendance"], "Record the chair and the minute-taker"))
    elif roles["chair"].strip().lower() == roles["minute_taker"].strip().lower():
        problems.append(Problem(["attendance"], "The chair and the minute-taker must be different people"))
    recorded = set(discussion.attendance.values_list("agency_id", flat=True))
    invited: dict[int, list[Invitation]] = {}
    for invitation in (
        discussion.invitations.exclude(status=Invitation.Status.REMOVED)
        .select_related("agency")
        .order_by("agency__name")
    ):
        invited.setdefault(invitation.agency_id, []).append(invitation)
    for agency_id, rows in invited.items():
        if agency_id not in recorded:
            agency = rows[0].agency
            core = " (core)" if any(r.role == "core" for r in rows) else ""
            problems.append(Problem(["attendance", agency.code], f"Record whether {agency.name}{core} attended"))
    return problems


def icpc_due(discussion) -> dt.date | None:
    if not discussion.decisions.filter(section_47=True).exists():
        return None
    held = timezone.localtime(discussion.scheduled_for or discussion.finalised_at or timezone.now()).date()
    return add_working_days(held, ICPC_WORKING_DAYS)


@transaction.atomic
def finalise(discussion, user) -> StrategyDiscussion:
    require(user, (Role.CHAIR,), "finalise the minutes")
    problems = check_finalise(discussion)
    if problems:
        raise InvalidInput("The minutes cannot be finalised yet.", problems, status=409)
    now = timezone.now()
    discussion.status, discussion.finalised_at, discussion.finalised_by = StrategyDiscussion.Status.FINALISED, now, user
    discussion.save(update_fields=["status", "finalised_at", "finalised_by"])
    distribution.send_minutes(discussion, now)
    distribution.flag_involved_agencies(discussion, now)
    grants.end_after_finalise(discussion, now)
    return discussion


def for_child(person) -> list[dict]:
    """Each strategy discussion about the child, with this child's decision and any dissent about it (for the include
    strategy/_child_strategy.html on the child's page)."""
    out = []
    for discussion in person.strategy_discussions.order_by("-requested_at"):
        decision = discussion.decisions.filter(child=person).select_related("lead_agency").first()
        dissent = list(
            discussion.dissent.filter(Q(decision__child=person) | Q(about=str(person.pk))).select_related("agency")
        )
        out.append(
            {
                "discussion": discussion,
                "decision": decision,
                "dissent": dissent,
                "icpc_due": icpc_due(discussion) if decision and decision.section_47 else None,
            }
        )
    return out
