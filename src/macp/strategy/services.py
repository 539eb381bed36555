"""Requesting a strategy discussion: one queue for every team (front door, area teams, EDT)."""

import datetime as dt

from django.db import transaction
from django.utils import timezone

from macp.core.problems import InvalidInput, Problem
from macp.people.models import Person
from macp.access.models import Assignment
from macp.accounts.models import Agency, Role
from macp.core.ids import is_uuid
from macp.core.working_days import add_working_days
from macp.notifications.services import email
from macp.people.services import current
from macp.strategy import invitations
from macp.strategy.models import Action, Attendance, ChildDecision, Dissent, Distribution, Invitation, StrategyDiscussion

# A strategy discussion follows a decision that a child may be suffering significant harm: within one working day
# at the latest, sooner when the child is at immediate risk (Working Together 2023, ch. 4).
TARGET_HOURS = {"red": 4, None: 24}


def request(user, children: list[Person], reason: str, *, referral_reference: str = "", urgency: str | None = None,
            now: dt.datetime | None = None, out_of_hours: bool = False, referrer_agency=None,
            organised_abuse_indicators: bool = False) -> StrategyDiscussion:
    problems = []
    if not children:
        problems.append(Problem(["children"], "Name at least one child"))
    if not (reason or "").strip():
        problems.append(Problem(["reason"], "Say why a strategy discussion is needed"))
    if not user.agency_id:
        problems.append(Problem(["requested_by"], "Strategy discussions are requested by a team in an agency"))
    if problems:
        raise InvalidInput("The strategy discussion was not requested.", problems)
    now = now or timezone.now()
    discussion = StrategyDiscussion.objects.create(
        reason=reason.strip(), referral_reference=referral_reference, requested_by=user, requesting_agency=user.agency,
        requested_at=now, target_at=now + dt.timedelta(hours=TARGET_HOURS.get(urgency, TARGET_HOURS[None])),
        urgency=urgency or "", out_of_hours=out_of_hours, organised_abuse_indicators=organised_abuse_indicators,
    )
    discussion.children.set(children)
    suggestions = invitations.suggest(children, requesting_agency=user.agency, referrer_agency=referrer_agency,
                                      out_of_hours=out_of_hours or user.agency.type == "edt")
    seen = set()
    rows = []
    for s in suggestions:
        key = (s.agency.pk, s.role, s.for_person.pk if s.for_person else None)
        if key not in seen:
            seen.add(key)
            rows.append(Invitation(discussion=discussion, agency=s.agency, role=s.role, for_person=s.for_person,
                                   reason=s.reason[:300], required=s.required))
    Invitation.objects.bulk_create(rows)
    # Invited agencies need to see the children to prepare (need-to-know through the invitation).
    Assignment.objects.bulk_create([
        Assignment(person=child, agency_id=agency_id, starts_at=now, reason=f"Invited to strategy discussion {discussion.pk}")
        for agency_id in {r.agency_id for r in rows} for child in children
    ])
    return discussion


# ---- the meeting ----------------------------------------------------------------------------------------------

MINUTES_ROLES = (Role.CHAIR, Role.MINUTE_TAKER, Role.STRATEGY_COORDINATOR)


def _require(user, roles, what: str) -> None:
    if not user.has_role(*roles):
        raise PermissionError(f"Only {', '.join(r.replace('_', ' ') for r in roles)} may {what}.")


def _open(discussion: StrategyDiscussion) -> None:
    if discussion.status == StrategyDiscussion.Status.FINALISED:
        raise InvalidInput("The minutes are finalised.", [Problem(["status"], "Finalised minutes cannot be changed; raise an accuracy challenge instead")], status=409)


def schedule(discussion: StrategyDiscussion, user, at: dt.datetime, link: str | None = None) -> StrategyDiscussion:
    _require(user, (Role.STRATEGY_COORDINATOR, Role.CHAIR), "schedule a strategy discussion")
    _open(discussion)
    discussion.scheduled_for, discussion.meeting_link = at, link or ""
    discussion.status = StrategyDiscussion.Status.SCHEDULED
    discussion.save(update_fields=["scheduled_for", "meeting_link", "status"])
    Invitation.objects.filter(discussion=discussion, status=Invitation.Status.PROPOSED).update(status=Invitation.Status.INVITED)
    return discussion


def _scheduled(discussion: StrategyDiscussion) -> None:
    _open(discussion)
    if discussion.status != StrategyDiscussion.Status.SCHEDULED:
        raise InvalidInput("Not scheduled yet.", [Problem(["status"], "Schedule the discussion before recording what was decided")], status=409)


def record_attendance(discussion, user, agency_code: str, name: str, role: str, attended: bool) -> Attendance:
    _require(user, MINUTES_ROLES, "record attendance")
    _scheduled(discussion)
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
    return Attendance.objects.create(discussion=discussion, agency=agency, name=name.strip(), role=role, attended=attended)


def record_decision(discussion, user, child_id, significant_harm: str, section_47: bool, rationale: str, safety_plan: str = "") -> ChildDecision:
    _require(user, MINUTES_ROLES, "record decisions")
    _scheduled(discussion)
    child = discussion.children.filter(pk=child_id).first() if is_uuid(child_id) else None
    problems = []
    if child is None:
        problems.append(Problem(["body", "child"], "Not one of the children this discussion is about"))
    if significant_harm not in ChildDecision.Threshold.values:
        problems.append(Problem(["body", "significant_harm"], "Use met, not_met or unclear"))
    if problems:
        raise InvalidInput("The decision was not recorded.", problems)
    decision, _ = ChildDecision.objects.update_or_create(
        discussion=discussion, child=child,
        defaults={"significant_harm": significant_harm, "section_47": section_47, "rationale": (rationale or "").strip(),
                  "safety_plan": (safety_plan or "").strip(), "recorded_by": user},
    )
    return decision


def record_dissent(discussion, user, agency_code: str, about: str, reason: str) -> Dissent:
    agency = Agency.objects.filter(code=agency_code).first()
    if not (user.has_role(*MINUTES_ROLES) or (agency is not None and user.agency_id == agency.pk)):
        raise PermissionError("You may record your own agency's disagreement; the chair or minute-taker may record anyone's.")
    _scheduled(discussion)
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
    return Dissent.objects.create(discussion=discussion, agency=agency, about=about.strip()[:300], decision=decision,
                                  reason=reason.strip(), recorded_by=user)


def add_action(discussion, user, child_id, owner_agency_code: str | None, owner: str, what: str, due) -> Action:
    _require(user, MINUTES_ROLES, "record actions")
    _scheduled(discussion)
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
    return Action.objects.create(discussion=discussion, child=child, owner_agency=agency, owner=(owner or "").strip(),
                                 what=what.strip(), due=due)


def finalise_problems(discussion) -> list[Problem]:
    """What stops the minutes being finalised: the one place these checks live (Bristol CSPR recommendation f;
    Somerset "Child Alex": decision, rationale, owner, deadline, and the genogram considered)."""
    problems = []
    if discussion.status != StrategyDiscussion.Status.SCHEDULED:
        problems.append(Problem(["status"], "The discussion has not been scheduled"))
    decided = {d.child_id: d for d in discussion.decisions.all()}
    for child in discussion.children.all():
        decision = decided.get(child.pk)
        if decision is None:
            problems.append(Problem(["decisions", str(child.pk)], f"No decision for {child.full_name}"))
        elif not decision.rationale:
            problems.append(Problem(["decisions", str(child.pk), "rationale"], f"The decision for {child.full_name} has no rationale"))
    for action in discussion.actions.all():
        if not action.owner or not action.owner_agency_id:
            problems.append(Problem(["actions", str(action.pk), "owner"], f"Action “{action.what[:60]}” has no owner and agency"))
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
    for invitation in discussion.invitations.filter(role="core").exclude(status=Invitation.Status.REMOVED).select_related("agency"):
        if invitation.agency_id not in recorded:
            problems.append(Problem(["attendance", invitation.agency.code], f"Record whether {invitation.agency.name} (core) attended"))
    return problems


ICPC_WORKING_DAYS = 15  # Working Together 2023: initial child protection conference within 15 working days


def icpc_due(discussion) -> dt.date | None:
    if not discussion.decisions.filter(section_47=True).exists():
        return None
    held = timezone.localtime(discussion.scheduled_for or discussion.finalised_at or timezone.now()).date()
    return add_working_days(held, ICPC_WORKING_DAYS)


@transaction.atomic
def finalise(discussion, user) -> StrategyDiscussion:
    _require(user, (Role.CHAIR,), "finalise the minutes")
    problems = finalise_problems(discussion)
    if problems:
        raise InvalidInput("The minutes cannot be finalised yet.", problems, status=409)
    now = timezone.now()
    discussion.status, discussion.finalised_at, discussion.finalised_by = StrategyDiscussion.Status.FINALISED, now, user
    discussion.save(update_fields=["status", "finalised_at", "finalised_by"])
    # Every invited agency gets the minutes, present or not.
    for invitation in discussion.invitations.exclude(status=Invitation.Status.REMOVED).select_related("agency").order_by("agency_id"):
        if not Distribution.objects.filter(discussion=discussion, agency=invitation.agency).exists():
            Distribution.objects.create(discussion=discussion, agency=invitation.agency,
                                        recipient=invitation.agency.email or invitation.agency.name, sent_at=now)
            transaction.on_commit(lambda a=invitation.agency: email(
                a.email, f"Strategy discussion minutes {discussion.pk}: please confirm receipt",
                "The minutes of a strategy discussion your agency was invited to are ready. Sign in to macp to read them, "
                "confirm receipt, or raise an accuracy challenge.", kind="minutes", reference=str(discussion.pk)))
    flag_involved_agencies(discussion, now)
    return discussion


def flag_involved_agencies(discussion, now) -> None:
    """Involved agencies get a flag on their record that a strategy discussion (and any s47) took place."""
    from macp.notifications.models import RecordNotification

    s47 = {d.child_id for d in discussion.decisions.filter(section_47=True)}
    for child in discussion.children.all():
        agencies = {i.agency for i in child.involvements.filter(current()).select_related("agency")}
        for agency in agencies:
            RecordNotification.objects.get_or_create(
                agency=agency, person=child, kind=RecordNotification.Kind.STRATEGY, event=None,
                message=f"A strategy discussion about {child.full_name} took place on {timezone.localtime(discussion.scheduled_for):%-d %B %Y}"
                        + ("; a section 47 enquiry has started." if child.pk in s47 else "."),
                defaults={"sent_at": now},
            )


def acknowledge(distribution: Distribution, user, challenge: str = "") -> Distribution:
    if user.agency_id != distribution.agency_id:
        raise PermissionError("Only the receiving agency can confirm receipt.")
    distribution.acknowledged_at = distribution.acknowledged_at or timezone.now()
    distribution.acknowledged_by = distribution.acknowledged_by or user
    if challenge.strip():
        distribution.challenge = challenge.strip()
    distribution.save(update_fields=["acknowledged_at", "acknowledged_by", "challenge"])
    return distribution


def record_genogram(discussion, user, confirmed: bool, reason: str = "") -> StrategyDiscussion:
    _require(user, MINUTES_ROLES, "record the genogram check")
    _scheduled(discussion)
    if not confirmed and not (reason or "").strip():
        raise InvalidInput("Nothing was recorded.", [Problem(["body", "reason"], "Say why the genogram was not shown or confirmed")])
    discussion.genogram_confirmed, discussion.genogram_not_shown_reason = confirmed, "" if confirmed else reason.strip()
    discussion.save(update_fields=["genogram_confirmed", "genogram_not_shown_reason"])
    return discussion
