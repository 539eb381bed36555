"""Think-Family invitations: the one place that decides who is invited to a strategy discussion, and why.

Sources: Bristol CSPR 2024 recommendations e)–g) and §3.2, §3.3.10 (the GP of the child *and of each parent*,
siblings' schools, maternity for unborn babies, probation); Somerset "Child Alex" (GP not invited); SGlos learning
(all GPs for the family recorded and told; housing stepped away; MARAC/IDVA plans shared). Core agencies: children's
social care, police and health (Working Together 2023, ch. 4).
"""

import dataclasses

from django.db.models import Q
from django.utils import timezone

from macp.accounts.models import EDUCATION_TYPES, Agency, AgencyType
from macp.core.formats import age_on, datetime_uk, is_under_18
from macp.core.problems import InvalidInput, Problem
from macp.notifications.services import email_after_commit
from macp.people.models import Event, HouseholdMember, Involvement, Person, Relationship
from macp.people.services import current, household_ids
from macp.strategy import calendar, grants
from macp.strategy.models import Invitation, StrategyDiscussion
from macp.strategy.services import BOOKING_ROLES, ensure_open, invited_agency_ids, require


@dataclasses.dataclass(frozen=True)
class Suggestion:
    agency: Agency
    role: str
    reason: str
    required: bool = False
    for_person: Person | None = None


INVOLVED_ROLES = {
    "housing_tenancy": ("housing", "Housing provider for"),
    "youth_justice": ("youth_justice", "Youth justice worker for"),
    "camhs": ("camhs", "CAMHS involved with"),
    "adult_mental_health": ("adult_mental_health", "Adult mental health service involved with"),
    "drug_alcohol_service": ("drug_alcohol", "Drug and alcohol service involved with"),
    "probation_supervision": ("probation", "Supervises"),
    "idva": ("domestic_abuse", "IDVA working with"),
    "education_welfare": ("education", "Education welfare involved with"),
    "send": ("education", "SEND service involved with"),
    "health_visitor": ("health_visitor", "Health visitor for"),
    "midwife": ("midwifery", "Midwife for"),
    "school_nurse": ("health", "School nurse for"),
}


def _serving(agency_type: str, local_authority_id) -> Agency | None:
    agencies = Agency.objects.filter(type=agency_type, active=True)
    return (
        agencies.filter(local_authority_id=local_authority_id).first()
        or agencies.filter(local_authority__isnull=True).first()
        or agencies.first()
    )


def family_of(children: list[Person]) -> tuple[list[Person], list[Person]]:
    """(children in the households, adults who matter: household adults and each child's parents and carers)."""
    today = timezone.localdate()
    ids = set()
    for child in children:
        ids.update(household_ids(child.pk))
    parents = Relationship.objects.filter(
        to_person__in=children, type__in=["parent", "step_parent", "carer"]
    ).values_list("from_person_id", flat=True)
    ids.update(parents)
    people = list(Person.objects.filter(pk__in=ids, merged_into__isnull=True))

    household_children = [p for p in people if is_under_18(p.date_of_birth, today, unborn=p.is_unborn)]
    adults = [p for p in people if not is_under_18(p.date_of_birth, today, unborn=p.is_unborn)]
    return household_children, adults


def suggest(
    children: list[Person],
    *,
    requesting_agency: Agency | None = None,
    referrer_agency: Agency | None = None,
    out_of_hours: bool = False,
) -> list[Suggestion]:
    today = timezone.localdate()
    kids, adults = family_of(children)
    everyone = kids + adults
    named = {c.pk for c in children}
    involvements = list(Involvement.objects.filter(current(), person__in=everyone).select_related("agency", "person"))
    la = _local_authority(children, requesting_agency)
    out: list[Suggestion] = []

    # Core agencies: social care, police, health.
    csc = (
        requesting_agency
        if requesting_agency and requesting_agency.type == AgencyType.CHILDRENS_SOCIAL_CARE
        else _serving(AgencyType.CHILDRENS_SOCIAL_CARE, la)
    )
    police = next((i.agency for i in involvements if i.agency.type == AgencyType.POLICE), None) or _serving(
        AgencyType.POLICE, la
    )
    health = next((i.agency for i in involvements if i.agency.type == AgencyType.COMMUNITY_HEALTH), None) or _serving(
        AgencyType.COMMUNITY_HEALTH, la
    )
    for agency, what in ((csc, "children's social care"), (police, "police"), (health, "health")):
        if agency:
            out.append(Suggestion(agency, "core", f"Core agency ({what}) for every strategy discussion", required=True))

    for inv in involvements:
        who, agency = inv.person, inv.agency
        if inv.role == "registered_gp":
            if who in kids:
                out.append(
                    Suggestion(
                        agency, "gp_of_child", f"GP of {who.full_name}", required=who.pk in named, for_person=who
                    )
                )
            else:
                out.append(
                    Suggestion(
                        agency,
                        "gp_of_parent",
                        f"GP of {who.full_name} ({_role_in_family(who, children)})",
                        for_person=who,
                    )
                )
        elif inv.role in ("school_enrolment", "early_years_setting") and agency.type in EDUCATION_TYPES and who in kids:
            out.append(
                Suggestion(
                    agency,
                    "education",
                    f"{agency.get_type_display()} of {who.full_name}",
                    required=who.pk in named,
                    for_person=who,
                )
            )
        elif inv.role in INVOLVED_ROLES:
            role, words = INVOLVED_ROLES[inv.role]
            out.append(Suggestion(agency, role, f"{words} {who.full_name}", for_person=who))

    # Health visitor for every child under 5; midwifery for a pregnancy or an unborn baby.
    for kid in kids:
        if (
            kid.date_of_birth
            and age_on(kid.date_of_birth, today) < 5
            and not any(i.role == "health_visitor" and i.person == kid for i in involvements)
        ):
            if health:
                out.append(
                    Suggestion(
                        health, "health_visitor", f"Health visiting for {kid.full_name}, under 5", for_person=kid
                    )
                )
    pregnant = [p for p in everyone if p.is_unborn] + list(
        Person.objects.filter(events__type="pregnancy_booked", pk__in=[a.pk for a in adults]).distinct()
    )
    if pregnant and not any(i.role == "midwife" for i in involvements):
        midwifery = _serving(AgencyType.MIDWIFERY, la)
        if midwifery:
            out.append(
                Suggestion(
                    midwifery,
                    "midwifery",
                    f"Midwifery: pregnancy or unborn baby ({pregnant[0].full_name})",
                    for_person=pregnant[0],
                )
            )
    # Domestic abuse known in the household: the IDVA service.
    abuse = Event.objects.filter(type="domestic_abuse_incident", persons__in=everyone).exists()
    if abuse and not any(i.role == "idva" for i in involvements):
        idva = _serving(AgencyType.DOMESTIC_ABUSE_SERVICE, la)
        if idva:
            out.append(Suggestion(idva, "domestic_abuse", "Domestic abuse is known in the household"))
    if referrer_agency:
        out.append(Suggestion(referrer_agency, "referrer", "Made the request for help"))
    if out_of_hours:
        edt = _serving(AgencyType.EDT, la)
        if edt:
            out.append(Suggestion(edt, "edt", "The concern arose out of hours"))
    return out


def _local_authority(children: list[Person], requesting_agency: Agency | None):
    membership = (
        HouseholdMember.objects.filter(current(), person__in=children, household__local_authority__isnull=False)
        .select_related("household")
        .first()
    )
    if membership:
        return membership.household.local_authority_id
    return requesting_agency.local_authority_id if requesting_agency else None


def _role_in_family(adult: Person, children: list[Person]) -> str:
    rel = Relationship.objects.filter(from_person=adult, to_person__in=children).first()
    if rel is None:
        return "adult in the household, relationship not known"
    return rel.get_type_display().lower()


def involved_but_uninvited(discussion) -> list[Agency]:
    """Agencies involved with the family that are not invited: shown as a warning on the meeting record."""
    kids, adults = family_of(list(discussion.children.all()))
    involved = Agency.objects.filter(
        Q(involvements__person__in=kids + adults)
        & (Q(involvements__end__isnull=True) | Q(involvements__end__gte=timezone.localdate()))
    ).distinct()
    invited = discussion.invitations.exclude(status="removed").values("agency_id")
    return list(involved.exclude(pk__in=invited).order_by("name"))


# ---- changing who is invited, and the invited agencies' answers ---------------------------------------------


def add_suggested(discussion, suggestions: list[Suggestion], *, now=None) -> list[Invitation]:
    """The suggested invitations not already on the discussion (one row per agency, role and person, each with its
    reason; one the coordinator removed stays removed). A booked discussion's new rows are invitations at once."""
    now = now or timezone.now()
    seen = {(i.agency_id, i.role, i.for_person_id) for i in discussion.invitations.all()}
    status = (
        Invitation.Status.INVITED
        if discussion.status == StrategyDiscussion.Status.SCHEDULED
        else Invitation.Status.PROPOSED
    )
    rows = []
    for s in suggestions:
        key = (s.agency.pk, s.role, s.for_person.pk if s.for_person else None)
        if key not in seen:
            seen.add(key)
            rows.append(
                Invitation(
                    discussion=discussion,
                    agency=s.agency,
                    role=s.role,
                    for_person=s.for_person,
                    reason=s.reason[:300],
                    required=s.required,
                    status=status,
                )
            )
    Invitation.objects.bulk_create(rows)
    return rows


def grouped(invitation_rows) -> list[dict]:
    """One row per agency for the page: its reasons together, whether any is required, and its answer."""
    by_agency: dict[int, dict] = {}
    for row in invitation_rows:
        group = by_agency.setdefault(row.agency_id, {"agency": row.agency, "rows": [], "required": False})
        group["rows"].append(row)
    for group in by_agency.values():
        live = [r for r in group["rows"] if r.status != Invitation.Status.REMOVED]
        group["live"], group["removed"] = live, [r for r in group["rows"] if r.status == Invitation.Status.REMOVED]
        group["required"] = any(r.required for r in live)
        group["core"] = any(r.role == "core" for r in live)
        group["status"] = live[0] if live else group["rows"][0]
    return sorted(by_agency.values(), key=lambda g: (not g["core"], not g["live"], g["agency"].name))


def send_invitations(discussion, *, agencies=None, respond_url: str = "") -> list[Agency]:
    """Email each invited agency (that has a secure mailbox) the invitation with an .ics file. No child is named."""
    wanted = {a.pk for a in agencies} if agencies is not None else None
    sent = []
    seen = set()
    for invitation in (
        discussion.invitations.exclude(status=Invitation.Status.REMOVED)
        .select_related("agency")
        .order_by("agency__name")
    ):
        agency = invitation.agency
        if agency.pk in seen or not agency.email or (wanted is not None and agency.pk not in wanted):
            continue
        seen.add(agency.pk)
        when = datetime_uk(discussion.scheduled_for)
        updated = discussion.invitation_sequence > 1
        subject = f"{'Updated invitation' if updated else 'Invitation'}: {calendar.summary(discussion)}, {when}"
        body = "\n\n".join(
            x
            for x in (
                f"{agency.name} is invited to strategy discussion SD-{discussion.pk} on {when}.",
                f"Join: {discussion.meeting_link}" if discussion.meeting_link else "",
                "Sign in to macp to read the agenda and the reason your agency is invited, add your agency's information, "
                "and accept, decline or name a delegate" + (f": {respond_url}" if respond_url else "."),
                "The calendar invitation is attached.",
            )
            if x
        )
        ics = calendar.invitation(discussion, attendee_email=agency.email, respond_url=respond_url)
        email_after_commit(
            agency.email,
            subject,
            body,
            kind="strategy_invitation",
            reference=f"SD-{discussion.pk}",
            attachments=[(f"SD-{discussion.pk}.ics", ics, "text/calendar; method=REQUEST")],
        )
        sent.append(agency)
    return sent


def add_invitation(discussion, user, agency_code: str, reason: str, *, respond_url: str = "") -> Invitation:
    require(user, BOOKING_ROLES, "invite agencies")
    ensure_open(discussion)
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
    scheduled = discussion.status == StrategyDiscussion.Status.SCHEDULED
    invitation = Invitation.objects.create(
        discussion=discussion,
        agency=agency,
        role="added",
        reason=reason,
        suggested=False,
        changed_by=user,
        change_reason=reason,
        status=Invitation.Status.INVITED if scheduled else Invitation.Status.PROPOSED,
    )
    if scheduled:
        # Invited now (once booked): the agency needs to see the children to prepare.
        grants.grant_invited(discussion, user, agencies=[agency])
        send_invitations(discussion, agencies=[agency], respond_url=respond_url)
    return invitation


def remove_invitation(invitation: Invitation, user, reason: str) -> Invitation:
    """Not invited after all: kept on the record with the reason, and the agency's access through it ends."""
    require(user, BOOKING_ROLES, "remove invitations")
    discussion = invitation.discussion
    ensure_open(discussion)
    reason = (reason or "").strip()
    problems = []
    if invitation.status == Invitation.Status.REMOVED:
        problems.append(Problem(["invitation"], "This invitation has already been removed"))
    elif invitation.role == "core":
        problems.append(
            Problem(
                ["invitation"],
                "Core agencies (social care, police and health) are invited to every strategy discussion",
            )
        )
    if not reason:
        problems.append(Problem(["reason"], "Say why this agency is not invited"))
    elif len(reason) > 300:
        problems.append(Problem(["reason"], "The reason must be 300 characters or fewer"))
    if problems:
        raise InvalidInput("The invitation was not removed.", problems)
    invitation.status, invitation.changed_by, invitation.change_reason = Invitation.Status.REMOVED, user, reason
    invitation.save(update_fields=["status", "changed_by", "change_reason"])
    if invitation.agency_id not in invited_agency_ids(discussion):
        grants.end_not_invited(discussion, invitation.agency_id, reason)
    return invitation


RESPONSES = {
    "accepted": Invitation.Status.ACCEPTED,
    "declined": Invitation.Status.DECLINED,
    "delegated": Invitation.Status.DELEGATED,
}


def respond(discussion, user, answer: str, delegate_name: str = "") -> list[Invitation]:
    """An invited agency accepts, declines or names a delegate (for all its invitations to this discussion)."""
    if not user.agency_id or user.agency_id not in invited_agency_ids(discussion):
        raise PermissionError("Only an invited agency can answer its invitation.")
    if discussion.status != StrategyDiscussion.Status.SCHEDULED:
        raise InvalidInput(
            "Not booked.",
            [
                Problem(
                    ["status"],
                    "The discussion has not been booked yet"
                    if discussion.status == "requested"
                    else "The discussion has been held and its minutes finalised",
                )
            ],
            status=409,
        )
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
