"""Requesting a strategy discussion: one queue for every team (front door, area teams, EDT)."""

import datetime as dt

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import transaction
from django.db.models import Exists, F, OuterRef, Prefetch, Q
from django.utils import timezone

from macp import documents
from macp.core.problems import InvalidInput, Problem
from macp.people.models import Person
from macp.access import services as access
from macp.access.models import AccessEvent, Basis, GrantKind, GrantScope
from macp.accounts.models import Agency, Role
from macp.core.formats import datetime_uk
from macp.core.ids import is_uuid
from macp.core.working_days import add_working_days, add_working_days_at
from macp.notifications.services import email, email_after_commit
from macp.people.services import current
from macp.strategy import agenda, calendar, complexity, invitations
from macp.strategy.models import (Action, AgencyContribution, Attendance, ChildDecision, Dissent, Distribution, DutySlot, Invitation,
                                  MinutesRevision, StrategyDiscussion)

# A strategy discussion follows a decision that a child may be suffering significant harm: within one working day
# at the latest, sooner when the child is at immediate risk (Working Together 2023, ch. 4).
TARGET_HOURS = {"red": 4, None: 24}


def check_basis_for_children(user, children: list[Person]) -> None:
    """Asking for a strategy discussion about a child needs a need-to-know basis for that child (an involvement, a
    grant, or break-glass that the DPO reviews): a manager may not open a child's record by requesting a meeting
    (issue 8). Raises PermissionError naming the children without one."""
    refused = access.without_basis(user, [c for c in children if c is not None])
    if refused:
        raise PermissionError("You have no need-to-know basis for " + ", ".join(str(c.pk) for c in refused)
                              + ": ask for access or use break-glass on the child's record first.")


def council_for(user, children: list[Person]):
    """The council a discussion belongs to: the requesting agency's, else that of a child's current home."""
    from macp.people.models import HouseholdMember

    if user.agency_id and user.agency.local_authority_id:
        return user.agency.local_authority
    home = (HouseholdMember.objects.filter(current(), person__in=children, household__local_authority__isnull=False)
            .select_related("household__local_authority").first())
    return home.household.local_authority if home else None


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
    check_basis_for_children(user, children)
    now = now or timezone.now()
    discussion = StrategyDiscussion.objects.create(
        reason=reason.strip(), referral_reference=referral_reference, requested_by=user, requesting_agency=user.agency,
        local_authority=council_for(user, children),
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
    # Suggested invitees get nothing yet: their grant comes when the coordinator invites them (schedule).
    grant_staff(discussion, now)
    return discussion


# -- who may open a discussion and its children: grants made and ended through access ----------------------------

# Grants from a discussion end this long after the minutes are finalised, not at once: the invited agencies must
# still read the minutes to confirm receipt or challenge their accuracy (chased after 2 working days), answer
# challenges and amended minutes, and hand over their actions; an initial child protection conference follows
# within 15 working days (about three weeks). Four weeks covers all of that; after it each agency keeps only what
# its own involvement gives (decision 0006).
GRANTS_AFTER_FINALISE = dt.timedelta(days=28)
INVITED_STATUSES = (Invitation.Status.INVITED, Invitation.Status.ACCEPTED, Invitation.Status.DECLINED, Invitation.Status.DELEGATED)


def _sd(discussion) -> str:
    return f"Strategy discussion SD-{discussion.pk}"


def grant_staff(discussion, now=None) -> None:
    """The requesting agency (which had a basis for each child) and the council's coordinators keep the children
    and their households in view for the discussion's life; so do the council's chairs and minute-takers in its
    children's social care until the coordinator names the chair and minute-taker."""
    children = list(discussion.children.all())
    family = {"scope": GrantScope.FAMILY, "source": discussion, "starts_at": now}
    access.grant_access(children, kind=GrantKind.STRATEGY_REQUEST, agency=discussion.requesting_agency,
                        reason=f"{_sd(discussion)}: requested by this agency", granted_by=discussion.requested_by, **family)
    la = discussion.local_authority
    if la is None:
        return
    access.grant_access(children, kind=GrantKind.STRATEGY_STAFF, local_authority=la, role=Role.STRATEGY_COORDINATOR,
                        reason=f"{_sd(discussion)}: the council's strategy coordinators", **family)
    for agency in access.council_staff_agencies(la):
        for role, named in ((Role.CHAIR, discussion.chair_id), (Role.MINUTE_TAKER, discussion.minute_taker_id)):
            if not named:
                access.grant_access(children, kind=GrantKind.STRATEGY_STAFF, agency=agency, role=role,
                                    reason=f"{_sd(discussion)}: {role.label.lower()}s until one is named", **family)


def check_name_staff(discussion, user, chair, minute_taker) -> list[Problem]:
    problems = []
    if chair is not None and not chair.has_role(Role.CHAIR):
        problems.append(Problem(["chair"], "Choose someone with the chair role"))
    if minute_taker is not None and not minute_taker.has_role(Role.MINUTE_TAKER):
        problems.append(Problem(["minute_taker"], "Choose someone with the minute-taker role"))
    if chair is not None and minute_taker is not None and chair.pk == minute_taker.pk:
        problems.append(Problem(["minute_taker"], "The chair and the minute-taker must be different people"))
    return problems


def name_staff(discussion, user, chair=None, minute_taker=None) -> StrategyDiscussion:
    """The coordinator (or a chair, taking the chair) names who chairs and who takes the minutes: from then on
    only they, of those roles, open the discussion."""
    _require(user, BOOKING_ROLES, "name the chair and minute-taker")
    _open(discussion)
    problems = check_name_staff(discussion, user, chair, minute_taker)
    if problems:
        raise InvalidInput("Nobody was named.", problems)
    children = list(discussion.children.all())
    for field, role, person in (("chair", Role.CHAIR, chair), ("minute_taker", Role.MINUTE_TAKER, minute_taker)):
        if person is None:
            continue
        previous = getattr(discussion, f"{field}_id")
        if previous and previous != person.pk:
            access.end_grants(discussion, kind=GrantKind.STRATEGY_STAFF, user_id=previous, reason=f"Another {role.label.lower()} named")
        access.end_grants(discussion, kind=GrantKind.STRATEGY_STAFF, role=role, reason=f"{role.label} named")
        access.grant_access(children, kind=GrantKind.STRATEGY_STAFF, scope=GrantScope.FAMILY, source=discussion, user=person,
                            granted_by=user, reason=f"{_sd(discussion)}: named {role.label.lower()}")
        setattr(discussion, field, person)
    discussion.save(update_fields=["chair", "minute_taker"])
    return discussion


def grant_invited(discussion, user, agencies=None) -> None:
    """An agency the coordinator has invited (not merely proposed) sees the children and their households until
    the discussion ends."""
    invited = discussion.invitations.filter(status__in=INVITED_STATUSES)
    if agencies is not None:
        invited = invited.filter(agency__in=agencies)
    children = list(discussion.children.all())
    for agency in Agency.objects.filter(pk__in=invited.values("agency_id")):
        access.grant_access(children, kind=GrantKind.INVITATION, scope=GrantScope.FAMILY, source=discussion, agency=agency,
                            granted_by=user, reason=f"Invited to {_sd(discussion)}")


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
    # The agenda version is fixed at booking, so minutes keep the shape the meeting was held in.
    discussion.agenda_version = discussion.agenda_version or agenda.CURRENT
    discussion.save(update_fields=["scheduled_for", "meeting_link", "status", "agenda_version"])
    Invitation.objects.filter(discussion=discussion, status=Invitation.Status.PROPOSED).update(status=Invitation.Status.INVITED)
    grant_invited(discussion, user)
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


_UNSET = object()  # an agenda item the caller did not send is left as it was (the API sends only the contract's fields)


def record_decision(discussion, user, child_id, significant_harm: str, section_47: bool | None, rationale: str, safety_plan: str = "",
                    *, lived_experience=_UNSET, harm_suspected=_UNSET, enquiry=_UNSET, lead_agency=_UNSET,
                    abe_interview=_UNSET, cp_medical=_UNSET, if_medical_inconclusive=_UNSET) -> ChildDecision:
    """The decision for one child. The keyword arguments are the rest of the standard agenda's items for the child
    (lead_agency is an agency code; abe_interview and cp_medical are True, False or None for not decided)."""
    _require(user, MINUTES_ROLES, "record decisions")
    _scheduled(discussion)
    child = discussion.children.filter(pk=child_id).first() if is_uuid(child_id) else None
    problems = []
    if child is None:
        problems.append(Problem(["body", "child"], "Not one of the children this discussion is about"))
    if significant_harm not in ChildDecision.Threshold.values:
        problems.append(Problem(["body", "significant_harm"], "Use met, not_met or unclear"))
    if section_47 is None:
        problems.append(Problem(["body", "section_47"], "Say whether a section 47 enquiry will start"))
    extra = {}
    for name, value in (("lived_experience", lived_experience), ("harm_suspected", harm_suspected),
                        ("if_medical_inconclusive", if_medical_inconclusive)):
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
    if problems:
        raise InvalidInput("The decision was not recorded.", problems)
    decision, _ = ChildDecision.objects.update_or_create(
        discussion=discussion, child=child,
        defaults={"significant_harm": significant_harm, "section_47": section_47, "rationale": (rationale or "").strip(),
                  "safety_plan": (safety_plan or "").strip(), "recorded_by": user, **extra},
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
    access.end_grants(discussion, at=now + GRANTS_AFTER_FINALISE, reason="The discussion's minutes were finalised")
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


# ---- the pages around the API: who may do what, booking, invitations, the agenda, minutes, reminders ------------
# Views stay thin: every rule the pages apply is here, next to the rules the API applies.

REQUEST_ROLES = (Role.TEAM_MANAGER, Role.FRONT_DOOR_MANAGER, Role.STRATEGY_COORDINATOR, Role.EDT_WORKER)
BOOKING_ROLES = (Role.STRATEGY_COORDINATOR, Role.CHAIR)
STAFF_ROLES = (Role.STRATEGY_COORDINATOR, Role.CHAIR, Role.MINUTE_TAKER)
WRITING_ROLES = (Role.CHAIR, Role.MINUTE_TAKER)  # who writes the minutes' text
ACK_WORKING_DAYS = 2  # unacknowledged minutes are chased after this many working days
MINUTES_DUE_HOURS = 24  # Somerset: minutes to every invited agency within 24 hours of the meeting


class MinutesConflict(Exception):
    """Someone saved the minutes after this editor opened them. Carries the discussion as it now is."""

    def __init__(self, discussion: StrategyDiscussion):
        super().__init__("The minutes were changed by someone else")
        self.discussion = discussion


def can_request(user) -> bool:
    return bool(user.agency_id) and user.has_role(*REQUEST_ROLES)


def can_book(user) -> bool:
    return user.has_role(*BOOKING_ROLES)


def can_record(user) -> bool:
    """Chair, minute-taker and coordinator record the meeting (attendance, decisions, actions, genogram)."""
    return user.has_role(*MINUTES_ROLES)


def can_write_minutes(user) -> bool:
    return user.has_role(*WRITING_ROLES)


def visible_discussions(user):
    """Discussions a user may open: those that gave them a current grant (access.sources_held). That is the
    requesting agency; the council's coordinators; its named chair and minute-taker (until named, the chairs and
    minute-takers of the council's children's social care); and each agency the coordinator has invited (a
    declined invitation still counts: the minutes go to every invited agency) — not one merely proposed. Each lasts
    the discussion's life (GRANTS_AFTER_FINALISE). Analysts, DPOs and administrators hold no grants."""
    if not getattr(user, "is_authenticated", False):
        return StrategyDiscussion.objects.none()
    return StrategyDiscussion.objects.filter(pk__in=access.sources_held(user, StrategyDiscussion))


def invited_agency_ids(discussion) -> set[int]:
    return set(discussion.invitations.exclude(status=Invitation.Status.REMOVED).values_list("agency_id", flat=True))


def audit_children(discussion, user, *, route: str, channel: str = AccessEvent.Channel.PAGE) -> None:
    """Every page, API answer or export that shows the children's details records a read of each child's record,
    with the basis access gives (the grant the discussion gave, or the user's own involvement)."""
    for child in discussion.children.all():
        access.record_read(user, child, route=route, channel=channel, context=_sd(discussion))


def audit_refusal(user, discussion_id, *, route: str, channel: str = AccessEvent.Channel.API) -> None:
    """A refused (or impossible) opening of a discussion is audited against each child it names."""
    children = list(StrategyDiscussion.children.through.objects.filter(strategydiscussion_id=discussion_id)
                    .values_list("person_id", flat=True)) if str(discussion_id).isdigit() else []
    detail = f"Strategy discussion SD-{discussion_id}: refused" if children else f"No strategy discussion SD-{discussion_id}"
    for person_id in children or [f"SD-{discussion_id}"]:
        access.record_access(user, person_id, route=route, channel=channel, basis=Basis.DENIED, detail=detail)


def booking_queue(user, now: dt.datetime | None = None):
    """The one queue: open discussions by target time, with any flagged for late minutes in the last week."""
    now = now or timezone.now()
    mine = visible_discussions(user)
    open_ = Q(status__in=[StrategyDiscussion.Status.REQUESTED, StrategyDiscussion.Status.SCHEDULED])
    late = Q(minutes_late_alerted_at__gte=now - dt.timedelta(days=7))
    children = Prefetch("children", queryset=Person.objects.order_by("date_of_birth", "given_name"))
    return (mine.filter(open_ | late).select_related("requesting_agency", "requested_by")
            .prefetch_related(children).order_by(F("target_at").asc(nulls_last=True), "requested_at"))


# -- booking ------------------------------------------------------------------------------------------------------

def book(discussion, user, at: dt.datetime | None, link: str = "", *, respond_url: str = "", now: dt.datetime | None = None) -> list[Agency]:
    """Book (or re-book) the discussion and send every invited agency the calendar invitation. Returns who was sent it."""
    _require(user, BOOKING_ROLES, "book a strategy discussion")
    _open(discussion)
    now = now or timezone.now()
    problems = []
    if at is None:
        problems.append(Problem(["at"], "Choose a proposed time or enter a date and time"))
    elif at < now:
        problems.append(Problem(["at"], "The time must be in the future"))
    link = (link or "").strip()
    if link:
        try:
            URLValidator(schemes=["https", "http"])(link)
        except ValidationError:
            problems.append(Problem(["link"], "Enter the meeting link as a web address, like https://meet.example.org/abc"))
    if problems:
        raise InvalidInput("The discussion was not booked.", problems)
    with transaction.atomic():
        schedule(discussion, user, at, link)
        StrategyDiscussion.objects.filter(pk=discussion.pk).update(invitation_sequence=F("invitation_sequence") + 1)
        discussion.refresh_from_db(fields=["invitation_sequence"])
    return send_invitations(discussion, respond_url=respond_url)


def send_invitations(discussion, *, agencies=None, respond_url: str = "") -> list[Agency]:
    """Email each invited agency (that has a secure mailbox) the invitation with an .ics file. No child is named."""
    wanted = {a.pk for a in agencies} if agencies is not None else None
    sent = []
    seen = set()
    for invitation in discussion.invitations.exclude(status=Invitation.Status.REMOVED).select_related("agency").order_by("agency__name"):
        agency = invitation.agency
        if agency.pk in seen or not agency.email or (wanted is not None and agency.pk not in wanted):
            continue
        seen.add(agency.pk)
        when = datetime_uk(discussion.scheduled_for)
        updated = discussion.invitation_sequence > 1
        subject = f"{'Updated invitation' if updated else 'Invitation'}: {calendar.summary(discussion)}, {when}"
        body = "\n\n".join(x for x in (
            f"{agency.name} is invited to strategy discussion SD-{discussion.pk} on {when}.",
            f"Join: {discussion.meeting_link}" if discussion.meeting_link else "",
            "Sign in to macp to read the agenda and the reason your agency is invited, add your agency's information, "
            "and accept, decline or name a delegate" + (f": {respond_url}" if respond_url else "."),
            "The calendar invitation is attached.",
        ) if x)
        ics = calendar.invitation(discussion, attendee_email=agency.email, respond_url=respond_url)
        email_after_commit(agency.email, subject, body, kind="strategy_invitation", reference=f"SD-{discussion.pk}",
                           attachments=[(f"SD-{discussion.pk}.ics", ics, "text/calendar; method=REQUEST")])
        sent.append(agency)
    return sent


def add_invitation(discussion, user, agency_code: str, reason: str, *, respond_url: str = "") -> Invitation:
    _require(user, BOOKING_ROLES, "invite agencies")
    _open(discussion)
    agency = Agency.objects.filter(code=agency_code, active=True).first() if agency_code else None
    reason = (reason or "").strip()
    problems = []
    if agency is None:
        problems.append(Problem(["agency"], "Choose the agency to invite"))
    elif agency.pk in invited_agency_ids(discussion):
        problems.append(Problem(["agency"], f"{agency.name} is already invited"))
    if not reason:
        problems.append(Problem(["reason"], "Say why this agency is invited"))
    elif len(reason) > 300:
        problems.append(Problem(["reason"], "The reason must be 300 characters or fewer"))
    if problems:
        raise InvalidInput("The agency was not invited.", problems)
    now = timezone.now()
    scheduled = discussion.status == StrategyDiscussion.Status.SCHEDULED
    invitation = Invitation.objects.create(
        discussion=discussion, agency=agency, role="added", reason=reason, suggested=False, changed_by=user, change_reason=reason,
        status=Invitation.Status.INVITED if scheduled else Invitation.Status.PROPOSED)
    if scheduled:
        # Invited now (once booked): the agency needs to see the children to prepare.
        grant_invited(discussion, user, agencies=[agency])
        send_invitations(discussion, agencies=[agency], respond_url=respond_url)
    return invitation


def remove_invitation(invitation: Invitation, user, reason: str) -> Invitation:
    """Not invited after all: kept on the record with the reason, and the agency's access through it ends."""
    _require(user, BOOKING_ROLES, "remove invitations")
    discussion = invitation.discussion
    _open(discussion)
    reason = (reason or "").strip()
    problems = []
    if invitation.status == Invitation.Status.REMOVED:
        problems.append(Problem(["invitation"], "This invitation has already been removed"))
    elif invitation.role == "core":
        problems.append(Problem(["invitation"], "Core agencies (social care, police and health) are invited to every strategy discussion"))
    if not reason:
        problems.append(Problem(["reason"], "Say why this agency is not invited"))
    elif len(reason) > 300:
        problems.append(Problem(["reason"], "The reason must be 300 characters or fewer"))
    if problems:
        raise InvalidInput("The invitation was not removed.", problems)
    invitation.status, invitation.changed_by, invitation.change_reason = Invitation.Status.REMOVED, user, reason
    invitation.save(update_fields=["status", "changed_by", "change_reason"])
    if invitation.agency_id not in invited_agency_ids(discussion):
        access.end_grants(discussion, kind=GrantKind.INVITATION, agency_id=invitation.agency_id, reason=f"Not invited: {reason}")
    return invitation


RESPONSES = {"accepted": Invitation.Status.ACCEPTED, "declined": Invitation.Status.DECLINED, "delegated": Invitation.Status.DELEGATED}


def respond(discussion, user, answer: str, delegate_name: str = "") -> list[Invitation]:
    """An invited agency accepts, declines or names a delegate (for all its invitations to this discussion)."""
    if not user.agency_id or user.agency_id not in invited_agency_ids(discussion):
        raise PermissionError("Only an invited agency can answer its invitation.")
    if discussion.status != StrategyDiscussion.Status.SCHEDULED:
        raise InvalidInput("Not booked.", [Problem(["status"], "The discussion has not been booked yet" if discussion.status == "requested"
                                                   else "The discussion has been held and its minutes finalised")], status=409)
    delegate_name = (delegate_name or "").strip()
    problems = []
    if answer not in RESPONSES:
        problems.append(Problem(["answer"], "Select whether your agency will attend"))
    elif answer == "delegated" and not delegate_name:
        problems.append(Problem(["delegate_name"], "Enter the name of the person attending instead"))
    if problems:
        raise InvalidInput("Your answer was not recorded.", problems)
    rows = list(discussion.invitations.filter(agency_id=user.agency_id).exclude(status=Invitation.Status.REMOVED))
    for row in rows:
        row.status, row.responded_at, row.responded_by = RESPONSES[answer], timezone.now(), user
        row.delegate_name = delegate_name if answer == "delegated" else ""
        row.save(update_fields=["status", "responded_at", "responded_by", "delegate_name"])
    return rows


# -- the agenda ---------------------------------------------------------------------------------------------------

def save_contribution(discussion, user, agency_code: str, text: str) -> AgencyContribution:
    """An agency's information for the agenda: written by that agency, or by the chair or minute-taker for it."""
    agency = Agency.objects.filter(code=agency_code).first() if agency_code else None
    if not (user.has_role(*MINUTES_ROLES) or (agency is not None and user.agency_id == agency.pk)):
        raise PermissionError("You may write your own agency's information; the chair or minute-taker may write anyone's.")
    _open(discussion)
    problems = []
    if agency is None or agency.pk not in invited_agency_ids(discussion):
        problems.append(Problem(["agency"], "Choose one of the invited agencies"))
    if not (text or "").strip():
        problems.append(Problem(["text"], "Enter what the agency knows, and its context"))
    if problems:
        raise InvalidInput("The agency's information was not saved.", problems)
    contribution, _ = AgencyContribution.objects.update_or_create(discussion=discussion, agency=agency,
                                                                  defaults={"text": text.strip(), "updated_by": user})
    return contribution


def _free_text_keys(discussion) -> set[str]:
    used = agenda.agenda_for(discussion)
    return {s.key for s in (*used.standard, *used.complex) if s.free_text}


def _write_minutes(discussion, user, version, texts: dict) -> StrategyDiscussion:
    """Save only if nobody saved since `version` was read: one conditional UPDATE, so two saves cannot both win."""
    try:
        version = int(version)
    except (TypeError, ValueError):
        version = -1
    keys = _free_text_keys(discussion)
    sections = dict(discussion.minutes_sections or {})
    sections.update({k: (v or "").strip() for k, v in texts.items() if k in keys and k != "notes"})
    notes = (texts["notes"] or "").strip() if "notes" in texts else discussion.minutes_notes
    changed = StrategyDiscussion.objects.filter(pk=discussion.pk, minutes_version=version).update(
        minutes_notes=notes, minutes_sections=sections, minutes_version=F("minutes_version") + 1,
        minutes_edited_by=user, minutes_edited_at=timezone.now())
    discussion.refresh_from_db()
    if not changed:
        raise MinutesConflict(discussion)
    return discussion


def save_minutes(discussion, user, version, texts: dict) -> StrategyDiscussion:
    """The free-text sections of the minutes (purpose, discussion, the complexity route's, next meeting)."""
    _require(user, WRITING_ROLES, "write the minutes")
    _open(discussion)
    return _write_minutes(discussion, user, version, texts)


def minutes_document(discussion, *, revision: int | None = None) -> documents.Document:
    return agenda.minutes_document(discussion, complexity.assess(discussion), icpc_due=icpc_due(discussion), revision=revision)


def _resend_minutes(discussion, subject: str, now) -> None:
    discussion.distribution.update(sent_at=now, acknowledged_at=None, acknowledged_by=None, reminded_at=None)
    for record in discussion.distribution.select_related("agency"):
        transaction.on_commit(lambda a=record.agency: email(
            a.email, subject, "The minutes of a strategy discussion your agency was invited to have been amended. Sign in to macp "
            "to read what changed and why, confirm receipt, or raise an accuracy challenge.", kind="minutes", reference=f"SD-{discussion.pk}"))


@transaction.atomic
def amend_minutes(discussion, user, version, texts: dict, reason: str) -> MinutesRevision:
    """Amend finalised minutes: the text as it was is kept as a revision, the new one is a revision with the reason,
    and the minutes go again to every recipient for a fresh acknowledgement."""
    _require(user, (Role.CHAIR,), "amend finalised minutes")
    problems = []
    if discussion.status != StrategyDiscussion.Status.FINALISED:
        problems.append(Problem(["status"], "Only finalised minutes are amended; until then, edit them"))
    if not (reason or "").strip():
        problems.append(Problem(["reason"], "Say why the minutes are being amended"))
    if problems:
        raise InvalidInput("The minutes were not amended.", problems)
    now = timezone.now()
    if not discussion.revisions.exists():
        MinutesRevision.objects.create(discussion=discussion, number=1, text=documents.to_text(minutes_document(discussion)),
                                       reason="Finalised and sent", created_at=discussion.finalised_at or now,
                                       created_by=discussion.finalised_by or user)
    _write_minutes(discussion, user, version, texts)
    number = discussion.revisions.count() + 1
    revision = MinutesRevision.objects.create(discussion=discussion, number=number, reason=reason.strip(), created_at=now, created_by=user,
                                              text=documents.to_text(minutes_document(discussion, revision=number)))
    _resend_minutes(discussion, f"Amended strategy discussion minutes SD-{discussion.pk} (revision {number}): please confirm receipt", now)
    return revision


def answer_challenge(distribution: Distribution, user, answer: str) -> Distribution:
    _require(user, (Role.CHAIR,), "answer accuracy challenges")
    problems = []
    if not distribution.challenge:
        problems.append(Problem(["challenge"], "There is no challenge to answer"))
    if not (answer or "").strip():
        problems.append(Problem(["answer"], "Enter the answer to the challenge"))
    if problems:
        raise InvalidInput("The challenge was not answered.", problems)
    distribution.challenge_answer, distribution.challenge_answered_at = answer.strip(), timezone.now()
    distribution.save(update_fields=["challenge_answer", "challenge_answered_at"])
    email(distribution.agency.email, f"Your accuracy challenge to the minutes of SD-{distribution.discussion_id} has been answered",
          "The chair has answered your agency's accuracy challenge. Sign in to macp to read the answer.", kind="minutes",
          reference=f"SD-{distribution.discussion_id}")
    return distribution


# -- actions in the owner's task list ----------------------------------------------------------------------------

def open_actions(agency_id):
    return (Action.objects.filter(owner_agency_id=agency_id, completed_at__isnull=True)
            .select_related("discussion", "child").order_by(F("due").asc(nulls_last=True), "pk"))


def complete_action(action: Action, user, feedback: str) -> Action:
    """Done, with feedback: the feedback route every action has."""
    if not user.agency_id or user.agency_id != action.owner_agency_id:
        raise PermissionError("Only the agency that owns an action can mark it done.")
    problems = []
    if action.completed_at:
        problems.append(Problem(["action"], "This action is already done"))
    if not (feedback or "").strip():
        problems.append(Problem(["feedback"], "Say what was done, and anything the group needs to know"))
    if problems:
        raise InvalidInput("The action was not marked done.", problems)
    action.completed_at, action.completed_by, action.feedback = timezone.now(), user, feedback.strip()
    action.save(update_fields=["completed_at", "completed_by", "feedback"])
    return action


# -- availability --------------------------------------------------------------------------------------------------

def add_duty_slot(user, agency_code: str, starts_at: dt.datetime | None, ends_at: dt.datetime | None, now: dt.datetime | None = None) -> DutySlot:
    """An agency's duty time. Users keep their own agency's; a coordinator may enter any agency's (told by phone)."""
    agency = Agency.objects.filter(code=agency_code).first() if agency_code else None
    if agency is not None and agency.pk != user.agency_id and not user.has_role(Role.STRATEGY_COORDINATOR):
        raise PermissionError("You keep your own agency's availability.")
    now = now or timezone.now()
    problems = []
    if agency is None:
        problems.append(Problem(["agency"], "Choose the agency"))
    if starts_at is None:
        problems.append(Problem(["starts_at"], "Enter the date and the time the duty starts"))
    if ends_at is None:
        problems.append(Problem(["ends_at"], "Enter the time the duty ends"))
    if starts_at and ends_at:
        if ends_at <= starts_at:
            problems.append(Problem(["ends_at"], "The end time must be after the start time"))
        elif ends_at <= now:
            problems.append(Problem(["starts_at"], "The duty time must be in the future"))
    if problems:
        raise InvalidInput("The duty time was not added.", problems)
    return DutySlot.objects.create(agency=agency, starts_at=starts_at, ends_at=ends_at, added_by=user)


def remove_duty_slot(slot: DutySlot, user) -> None:
    if slot.agency_id != user.agency_id and not user.has_role(Role.STRATEGY_COORDINATOR):
        raise PermissionError("You keep your own agency's availability.")
    slot.delete()


# -- reminders ----------------------------------------------------------------------------------------------------

def send_reminders(now: dt.datetime | None = None) -> dict:
    """(a) Minutes unacknowledged 2 working days after they were sent: one reminder to the agency.
    (b) Minutes not sent within 24 hours of the meeting: an alert to the strategy coordinators, and a flag on the queue."""
    from macp.accounts.models import User

    now = now or timezone.now()
    reminded, alerted = [], []
    waiting = Distribution.objects.filter(acknowledged_at__isnull=True, sent_at__isnull=False, reminded_at__isnull=True)
    for record in waiting.select_related("agency"):
        if add_working_days_at(record.sent_at, ACK_WORKING_DAYS) > now:
            continue
        email(record.agency.email, f"Reminder: please confirm receipt of the minutes of strategy discussion SD-{record.discussion_id}",
              "Your agency has not yet confirmed receipt of the minutes of a strategy discussion it was invited to. Sign in to macp to "
              "read them and confirm receipt, or raise an accuracy challenge.", kind="minutes_reminder", reference=f"SD-{record.discussion_id}")
        record.reminded_at = now
        record.save(update_fields=["reminded_at"])
        reminded.append(record)
    due = dt.timedelta(hours=MINUTES_DUE_HOURS)
    on_time = Distribution.objects.filter(discussion=OuterRef("pk"), sent_at__lte=OuterRef("scheduled_for") + due)
    late = (StrategyDiscussion.objects.filter(scheduled_for__lte=now - due, minutes_late_alerted_at__isnull=True)
            .exclude(status=StrategyDiscussion.Status.REQUESTED).exclude(Exists(on_time)))
    coordinators = list(User.objects.filter(is_active=True, roles__role=Role.STRATEGY_COORDINATOR).exclude(email="").distinct())
    for discussion in late:
        for coordinator in coordinators:
            email(coordinator.email, f"Minutes of strategy discussion SD-{discussion.pk} not sent within 24 hours",
                  f"Strategy discussion SD-{discussion.pk} was held on {datetime_uk(discussion.scheduled_for)} and its minutes had not gone "
                  "to the invited agencies 24 hours later. Please follow this up with the chair.", kind="minutes_late",
                  reference=f"SD-{discussion.pk}")
        discussion.minutes_late_alerted_at = now
        discussion.save(update_fields=["minutes_late_alerted_at"])
        alerted.append(discussion)
    return {"reminded": reminded, "alerted": alerted}


# -- on the child's record ---------------------------------------------------------------------------------------

def for_child(person) -> list[dict]:
    """Each strategy discussion about the child, with this child's decision and any dissent about it (for the include
    strategy/_child_strategy.html on the child's page)."""
    out = []
    for discussion in person.strategy_discussions.order_by("-requested_at"):
        decision = discussion.decisions.filter(child=person).select_related("lead_agency").first()
        dissent = list(discussion.dissent.filter(Q(decision__child=person) | Q(about=str(person.pk))).select_related("agency"))
        out.append({"discussion": discussion, "decision": decision, "dissent": dissent,
                    "icpc_due": icpc_due(discussion) if decision and decision.section_47 else None})
    return out
