"""Child protection conferences: booked from the enquiry's outcome inside the statutory clock (or with the reason it
is not), invitations from the same Think-Family rule as strategy discussions, the child's and parents' views, each
agency's report, the decision for each child separately, dissent, minutes sent to every invited agency, and the
review and core-group clocks (Working Together 2023 ch. 4; Somerset "Child Alex", seed 003: minutes not sent)."""

import datetime as dt

from django.db import transaction
from django.utils import timezone

from macp.access import services as access
from macp.access.models import GrantKind
from macp.accounts.models import Agency, Role, User
from macp.core.formats import datetime_uk
from macp.core.problems import InvalidInput, Problem
from macp.enquiries import clocks
from macp.enquiries.models import (
    Conference,
    ConferenceChild,
    ConferenceDissent,
    ConferenceDistribution,
    ConferenceInvitation,
    ConferenceReport,
    Enquiry,
)
from macp.enquiries.permissions import can_run_conference, require
from macp.notifications.services import email
from macp.people.models import Person
from macp.strategy import invitations

NOT_ALLOWED = "Only the conference chair, or a team manager or social worker of the council, runs a conference."


def _booked(conference: Conference) -> None:
    if conference.status != Conference.Status.BOOKED:
        raise InvalidInput(
            "The minutes are finalised.", [Problem(["status"], "The conference's minutes are finalised")], status=409
        )


# ---- booking -----------------------------------------------------------------------------------------------------


def awaiting_conference(enquiry: Enquiry) -> bool:
    return enquiry.outcome == Enquiry.Outcome.ICPC and not enquiry.conferences.exists()


def awaiting_with_siblings(enquiry: Enquiry) -> list[Enquiry]:
    """The enquiry and its siblings' from the same strategy discussion that also await an initial conference: they
    may share one (each child's decision stays separate)."""
    if not awaiting_conference(enquiry):
        return [enquiry]  # booking refuses it with the reason
    found = [
        e
        for e in Enquiry.objects.filter(
            strategy_discussion=enquiry.strategy_discussion, outcome=Enquiry.Outcome.ICPC
        ).select_related("child", "social_care")
        if awaiting_conference(e)
    ]
    return found or [enquiry]


def check_booking(
    at: dt.datetime | None, due: dt.date, late_reason: str, now: dt.datetime | None = None
) -> list[Problem]:
    """The date must be inside the clock; if it is not, the reason is on the record (a warning, not a refusal)."""
    now = now or timezone.now()
    problems = []
    if at is None:
        problems.append(Problem(["at"], "Enter the date and time of the conference"))
    elif at < now:
        problems.append(Problem(["at"], "The conference must be in the future"))
    elif timezone.localdate(at) > due and not (late_reason or "").strip():
        problems.append(
            Problem(
                ["late_reason"],
                f"The conference is after its due date ({due:%-d %B %Y}): say why it cannot be held in time",
            )
        )
    return problems


@transaction.atomic
def book_initial(enquiries: list[Enquiry], user, at: dt.datetime | None, late_reason: str = "") -> Conference:
    """One conference for the children whose enquiries concluded "icpc" (siblings may share it; each child's
    decision stays separate). Due by the earliest of their ICPC dates."""
    problems = []
    if not enquiries:
        problems.append(Problem(["enquiries"], "Choose the children the conference is for"))
    elif any(not awaiting_conference(e) for e in enquiries):
        problems.append(
            Problem(["enquiries"], "A conference is booked only for an enquiry whose outcome is a conference, once")
        )
    elif len({e.social_care_id for e in enquiries}) > 1:
        problems.append(Problem(["enquiries"], "The children are held by different councils"))
    if problems:
        raise InvalidInput("The conference was not booked.", problems)
    social_care = enquiries[0].social_care
    require(can_run_conference(user, Conference(social_care=social_care)), NOT_ALLOWED)
    due = min(e.icpc_due for e in enquiries)
    return _book(Conference.Kind.INITIAL, [(e.child, e) for e in enquiries], social_care, user, at, due, late_reason)


def next_conference(row: ConferenceChild) -> ConferenceChild | None:
    """The child's row at the review conference booked after this one, if there is one."""
    return (
        ConferenceChild.objects.filter(
            child_id=row.child_id,
            conference__kind=Conference.Kind.REVIEW,
            conference__scheduled_for__gt=row.conference.scheduled_for,
        )
        .select_related("conference")
        .order_by("conference__scheduled_for")
        .first()
    )


def previous_plan(row: ConferenceChild) -> ConferenceChild | None:
    """At a review conference: the plan the child is on, as the last conference decided it (to continue or end)."""
    return (
        ConferenceChild.objects.filter(
            child_id=row.child_id,
            plan=True,
            conference__status=Conference.Status.FINALISED,
            conference__scheduled_for__lt=row.conference.scheduled_for,
        )
        .select_related("conference", "lead_social_worker")
        .order_by("-conference__scheduled_for")
        .first()
    )


@transaction.atomic
def book_review(row: ConferenceChild, user, at: dt.datetime | None, late_reason: str = "") -> Conference:
    """The review conference for a child on a plan, due by the date the last conference set (3 months after the
    initial conference, then every 6 months; Working Together 2023 ch. 4). It decides whether the plan continues
    or ends, each child separately, and its minutes go out as the initial conference's do."""
    require(can_run_conference(user, row.conference), NOT_ALLOWED)
    if not row.plan or row.review_due is None or row.conference.status != Conference.Status.FINALISED:
        raise InvalidInput(
            "No review is due.", [Problem(["child"], "Only a child on a child protection plan has a review conference")]
        )
    booked = next_conference(row)
    if booked is not None:
        raise InvalidInput(
            "The review is already booked.",
            [Problem(["child"], f"The review conference CPC-{booked.conference_id} is already booked")],
        )
    return _book(
        Conference.Kind.REVIEW,
        [(row.child, row.enquiry)],
        row.conference.social_care,
        user,
        at,
        row.review_due,
        late_reason,
    )


def _book(
    kind, children: list[tuple[Person, Enquiry | None]], social_care: Agency, user, at, due, late_reason
) -> Conference:
    problems = check_booking(at, due, late_reason)
    if problems:
        raise InvalidInput("The conference was not booked.", problems)
    now = timezone.now()
    conference = Conference.objects.create(
        kind=kind,
        scheduled_for=at,
        due=due,
        social_care=social_care,
        booked_by=user,
        booked_at=now,
        late_reason=(late_reason or "").strip() if timezone.localdate(at) > due else "",
    )
    ConferenceChild.objects.bulk_create(
        [ConferenceChild(conference=conference, child=child, enquiry=enquiry) for child, enquiry in children]
    )
    # The same Think-Family rule that invites agencies to a strategy discussion (strategy.invitations.suggest).
    seen, rows = set(), []
    for s in invitations.suggest([child for child, _ in children], requesting_agency=social_care):
        key = (s.agency.pk, s.for_person.pk if s.for_person else None)
        if key not in seen:
            seen.add(key)
            rows.append(
                ConferenceInvitation(
                    conference=conference,
                    agency=s.agency,
                    role=s.role,
                    for_person=s.for_person,
                    reason=s.reason[:300],
                    required=s.required,
                )
            )
    ConferenceInvitation.objects.bulk_create(rows)
    agencies = {r.agency for r in rows}
    for agency in agencies:
        access.grant_access(
            [child for child, _ in children],
            kind=GrantKind.CONFERENCE,
            source=conference,
            agency=agency,
            starts_at=now,
            granted_by=user,
            reason=f"Invited to child protection conference CPC-{conference.pk}",
        )
    when = datetime_uk(at)
    for agency in sorted(agencies, key=lambda a: a.name):
        transaction.on_commit(
            lambda a=agency: email(
                a.email,
                f"Invitation: {conference.get_kind_display().lower()} CPC-{conference.pk}, {when}",
                f"{a.name} is invited to child protection conference CPC-{conference.pk} on {when}. Sign in to macp to read why your "
                "agency is invited and to write your agency's report.",
                kind="conference_invitation",
                reference=f"CPC-{conference.pk}",
            )
        )
    return conference


# ---- the conference ----------------------------------------------------------------------------------------------


def invited_agency_ids(conference: Conference) -> set[int]:
    return set(conference.invitations.values_list("agency_id", flat=True))


def _row(conference: Conference, child_id) -> ConferenceChild:
    row = conference.children.filter(child_id=child_id).first()
    if row is None:
        raise InvalidInput("Not recorded.", [Problem(["child"], "Not one of the children this conference is about")])
    return row


def record_views(
    conference: Conference, user, *, child_id=None, child_views: str = "", parents_views: str | None = None
) -> Conference:
    """The child's views (each child separately) or the parents' views, as they gave them."""
    require(can_run_conference(user, conference), NOT_ALLOWED)
    _booked(conference)
    if parents_views is not None:
        if not parents_views.strip():
            raise InvalidInput(
                "Not recorded.", [Problem(["parents_views"], "Write the parents' views, or why they were not given")]
            )
        conference.parents_views = parents_views.strip()
        conference.save(update_fields=["parents_views"])
    if child_id is not None:
        row = _row(conference, child_id)
        if not (child_views or "").strip():
            raise InvalidInput(
                "Not recorded.", [Problem(["child_views"], "Write the child's views, or how they were sought")]
            )
        row.child_views = child_views.strip()
        row.save(update_fields=["child_views"])
    return conference


def save_report(conference: Conference, user, agency_code: str, text: str) -> ConferenceReport:
    """An agency's report: written by the agency itself, or by the chair for it."""
    agency = Agency.objects.filter(code=agency_code).first() if agency_code else None
    require(
        user.has_role(Role.CHAIR) or (agency is not None and user.agency_id == agency.pk),
        "You write your own agency's report; the chair may record anyone's.",
    )
    _booked(conference)
    problems = []
    if agency is None or agency.pk not in invited_agency_ids(conference):
        problems.append(Problem(["agency"], "Choose one of the invited agencies"))
    if not (text or "").strip():
        problems.append(Problem(["text"], "Write the agency's report"))
    if problems:
        raise InvalidInput("The report was not saved.", problems)
    report, _ = ConferenceReport.objects.update_or_create(
        conference=conference, agency=agency, defaults={"text": text.strip(), "written_by": user}
    )
    return report


def check_child_decision(
    plan: bool | None, category: str, rationale: str, lead: User | None, core_group: str, social_care_id
) -> list[Problem]:
    problems = []
    if plan is None:
        problems.append(Problem(["plan"], "Say whether the child needs a child protection plan"))
    if not (rationale or "").strip():
        problems.append(Problem(["rationale"], "Give the reason for the decision"))
    if plan:
        if category not in ConferenceChild.Category.values:
            problems.append(Problem(["category"], "Choose the category of abuse or neglect"))
        if lead is None or lead.agency_id != social_care_id or not lead.has_role(Role.SOCIAL_WORKER):
            problems.append(
                Problem(["lead_social_worker"], "Name the lead social worker, from the council holding the plan")
            )
        if not (core_group or "").strip():
            problems.append(
                Problem(
                    ["core_group"], "Name the core group: the professionals and family members who carry out the plan"
                )
            )
    return problems


def record_child_decision(
    conference: Conference,
    user,
    child_id,
    *,
    plan: bool | None,
    category: str = "",
    rationale: str = "",
    lead_social_worker: User | None = None,
    core_group: str = "",
) -> ConferenceChild:
    require(can_run_conference(user, conference), NOT_ALLOWED)
    _booked(conference)
    row = _row(conference, child_id)
    problems = check_child_decision(
        plan, category, rationale, lead_social_worker, core_group, conference.social_care_id
    )
    if problems:
        raise InvalidInput("The decision was not recorded.", problems)
    row.plan, row.rationale = plan, rationale.strip()
    row.category = category if plan else ""
    row.lead_social_worker = lead_social_worker if plan else None
    row.core_group = core_group.strip() if plan else ""
    row.decided_at = timezone.now()
    row.save()
    return row


def record_dissent(conference: Conference, user, agency_code: str, child_id, reason: str) -> ConferenceDissent:
    agency = Agency.objects.filter(code=agency_code).first() if agency_code else None
    require(
        can_run_conference(user, conference) or (agency is not None and user.agency_id == agency.pk),
        "You may record your own agency's disagreement; the chair may record anyone's.",
    )
    _booked(conference)
    problems = []
    if agency is None:
        problems.append(Problem(["agency"], "Choose the agency that disagrees"))
    child = conference.children.filter(child_id=child_id).first() if child_id else None
    if child_id and child is None:
        problems.append(Problem(["child"], "Not one of the children this conference is about"))
    if not (reason or "").strip():
        problems.append(Problem(["reason"], "Give the reason for the disagreement"))
    if problems:
        raise InvalidInput("The disagreement was not recorded.", problems)
    return ConferenceDissent.objects.create(
        conference=conference,
        agency=agency,
        child_id=child.child_id if child else None,
        reason=reason.strip(),
        recorded_by=user,
    )


def finalise_problems(conference: Conference) -> list[Problem]:
    """What stops the minutes being finalised: a decision, with its reason, for every child; the child's and the
    parents' views on the record."""
    problems = []
    for row in conference.children.select_related("child"):
        name = row.child.full_name
        if row.plan is None:
            problems.append(Problem(["children", str(row.child_id), "plan"], f"No decision for {name}"))
        if not row.child_views:
            problems.append(Problem(["children", str(row.child_id), "child_views"], f"{name}'s views are not recorded"))
    if not conference.parents_views:
        problems.append(Problem(["parents_views"], "The parents' views are not recorded"))
    return problems


@transaction.atomic
def finalise(conference: Conference, user) -> Conference:
    """Finalise and send the minutes to every invited agency (present or not), and set each child's clocks: the
    first core group within 10 working days, the review conference in 3 months (then every 6)."""
    require(can_run_conference(user, conference), NOT_ALLOWED)
    _booked(conference)
    problems = finalise_problems(conference)
    if problems:
        raise InvalidInput("The minutes cannot be finalised yet.", problems, status=409)
    now = timezone.now()
    held = timezone.localdate(conference.scheduled_for)
    for row in conference.children.filter(plan=True):
        row.review_due = clocks.review_due(held, conference.kind)
        row.core_group_due = clocks.core_group_due(held) if conference.kind == Conference.Kind.INITIAL else None
        row.save(update_fields=["review_due", "core_group_due"])
    conference.status, conference.finalised_at, conference.finalised_by = Conference.Status.FINALISED, now, user
    conference.save(update_fields=["status", "finalised_at", "finalised_by"])
    for agency in Agency.objects.filter(pk__in=invited_agency_ids(conference)).order_by("name"):
        ConferenceDistribution.objects.get_or_create(conference=conference, agency=agency, defaults={"sent_at": now})
        transaction.on_commit(
            lambda a=agency: email(
                a.email,
                f"Child protection conference minutes CPC-{conference.pk}: please confirm receipt",
                "The minutes of a child protection conference your agency was invited to are ready. Sign in to macp to read them and "
                "confirm receipt.",
                kind="conference_minutes",
                reference=f"CPC-{conference.pk}",
            )
        )
    return conference


def acknowledge(distribution: ConferenceDistribution, user) -> ConferenceDistribution:
    require(user.agency_id == distribution.agency_id, "Only the receiving agency can confirm receipt.")
    if distribution.acknowledged_at is None:
        distribution.acknowledged_at, distribution.acknowledged_by = timezone.now(), user
        distribution.save(update_fields=["acknowledged_at", "acknowledged_by"])
    return distribution
