"""Transfers between councils and between teams (CONTRACTS.md §11; seed 003 Child Alex: "no transfer date", each
council thought the other held the case).

- The sending council proposes, with the whole picture (the child's record, genogram, strategy discussions and
  joined-up history are shared with the receiving council from the proposal on).
- The receiving council accepts with a responsibility date, or declines with a reason.
- Exactly one council holds a child's case on any date: Responsibility periods, guarded by the database
  (transfers/models.py). The second of two concurrent accepts is refused with the council that now holds it.
- After an accepted transfer the GP, school, health visitor and every other involved agency is told who now holds
  the case; a child protection case needs a transfer-in conference within 15 working days of the responsibility
  date (Working Together 2023, ch. 4, transfer-in conferences).
"""

import datetime as dt

from django.db import IntegrityError, transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from macp.access import services as access
from macp.access.models import AccessEvent, GrantKind
from macp.access.services import AccessDenied, PersonNotFound, open_person
from macp.accounts.models import Agency, AgencyType, LocalAuthority, Role, Team
from macp.core.problems import InvalidInput, Problem, refuse_if
from macp.core.working_days import add_working_days
from macp.enquiries.models import ConferenceChild, Enquiry
from macp.notifications.models import RecordNotification
from macp.notifications.services import flag_agencies
from macp.people.models import Involvement, InvolvementRole, Person
from macp.people.services import current
from macp.strategy.meeting import for_child as strategy_for_child
from macp.strategy.models import StrategyDiscussion
from macp.transfers.models import Kind, Responsibility, Transfer, TransferStep

PROPOSE_ROLES = (Role.SOCIAL_WORKER, Role.TEAM_MANAGER)
DECIDE_ROLES = (Role.TEAM_MANAGER,)
CONFERENCE_WORKING_DAYS = 15


class NotAllowed(PermissionError):
    pass


def _council_of(user) -> LocalAuthority | None:
    agency = user.agency if user.agency_id else None
    if agency is None or agency.type != AgencyType.CHILDRENS_SOCIAL_CARE:
        return None
    return agency.local_authority


def _allocation(person: Person) -> Involvement | None:
    return (
        Involvement.objects.filter(
            current(),
            person=person,
            role=InvolvementRole.ALLOCATED_SOCIAL_WORKER,
            agency__type=AgencyType.CHILDRENS_SOCIAL_CARE,
            agency__local_authority__isnull=False,
        )
        .select_related("agency__local_authority")
        .order_by("-start")
        .first()
    )


def responsibility_on(person: Person, day: dt.date | None = None) -> Responsibility | None:
    day = day or timezone.localdate()
    return (
        Responsibility.objects.filter(child=person, valid_from__lte=day)
        .filter(Q(valid_to__isnull=True) | Q(valid_to__gt=day))
        .select_related("local_authority", "team")
        .first()
    )


def responsible_local_authority(person: Person, day: dt.date | None = None) -> LocalAuthority | None:
    """The council holding the child's case on the day: an accepted transfer from its responsibility date, else the
    council of the open allocated-social-worker involvement (CONTRACTS.md §11)."""
    period = responsibility_on(person, day)
    if period is not None:
        return period.local_authority
    if Responsibility.objects.filter(child=person).exists():
        return None  # the periods say nobody held it that day
    allocation = _allocation(person)
    return allocation.agency.local_authority if allocation else None


def _ensure_period(person: Person, la: LocalAuthority, since: dt.date) -> None:
    """The first period is drawn from the allocation when a council first proposes a transfer."""
    if Responsibility.objects.filter(child=person).exists():
        return
    allocation = _allocation(person)
    start = allocation.start if allocation and allocation.start and allocation.start < since else since
    try:
        with transaction.atomic():
            Responsibility.objects.create(
                child=person, local_authority=la, team=allocation.team if allocation else None, valid_from=start
            )
    except IntegrityError:
        pass  # another proposal drew it at the same moment


def check_propose(
    user, *, child_id: str, to_local_authority: str, kind: str, reason: str, to_team: int | None = None, route: str = ""
) -> tuple[list[Problem], dict]:
    sender = _council_of(user)
    if sender is None or not user.has_role(*PROPOSE_ROLES):
        raise NotAllowed("Transfers are proposed by a social worker or team manager of the council holding the case.")
    problems, found = [], {}
    try:
        found["child"] = open_person(
            user, child_id, route=route or "transfers:propose", channel=AccessEvent.Channel.API
        ).person
    except (PersonNotFound, AccessDenied):
        problems.append(Problem(["child"], "No child with that id that you can see"))
    if kind not in Kind.values:
        problems.append(Problem(["kind"], "Choose child in need, child protection or looked after"))
    if not (reason or "").strip():
        problems.append(Problem(["reason"], "Say why the case should move"))
    receiver = LocalAuthority.objects.filter(code=to_local_authority or "").first()
    if receiver is None:
        problems.append(Problem(["to_local_authority"], "Choose the council the case moves to"))
    elif receiver.pk == sender.pk:
        team = (
            Team.objects.filter(
                pk=to_team, agency__local_authority=sender, agency__type=AgencyType.CHILDRENS_SOCIAL_CARE
            ).first()
            if to_team
            else None
        )
        if team is None:
            problems.append(Problem(["to_team"], "A move within your council needs the team it moves to"))
        found["to_team"] = team
    elif to_team:
        problems.append(Problem(["to_team"], "Name a team only for a move within your council"))
    found["to"], found["from"] = receiver, sender
    child = found.get("child")
    if child is not None:
        holder = responsible_local_authority(child)
        if holder is None or holder.pk != sender.pk:
            problems.append(
                Problem(
                    ["child"],
                    "Your council does not hold this child's case" + (f" ({holder.name} does)" if holder else ""),
                )
            )
    return problems, found


def propose(
    user,
    *,
    child_id: str,
    to_local_authority: str,
    kind: str,
    reason: str,
    to_team: int | None = None,
    route: str = "",
    now: dt.datetime | None = None,
) -> Transfer:
    problems, found = check_propose(
        user,
        child_id=child_id,
        to_local_authority=to_local_authority,
        kind=kind,
        reason=reason,
        to_team=to_team,
        route=route,
    )
    refuse_if(problems, "The transfer could not be proposed: see errors.")
    return do_propose(
        user, found["child"], found["from"], found["to"], kind, reason.strip(), found.get("to_team"), now=now
    )


@transaction.atomic
def do_propose(user, child, sender, receiver, kind, reason, to_team=None, now=None) -> Transfer:
    now = now or timezone.now()
    _ensure_period(child, sender, timezone.localdate(now))
    period = responsibility_on(child, timezone.localdate(now))
    transfer = Transfer.objects.create(
        child=child,
        kind=kind,
        from_local_authority=sender,
        to_local_authority=receiver,
        from_team=period.team if period else None,
        to_team=to_team,
        reason=reason,
        proposed_by=user,
        proposed_at=now,
    )
    TransferStep.objects.create(
        transfer=transfer, what=f"Proposed by {user.agency.name}: {reason}", by=user, by_agency=user.agency, at=now
    )
    # The receiving council sees the whole picture while it decides (need to know: it may take the case on). It is
    # given links, never copies: a grant on the child (the record, genogram, chronology, enquiries, conferences and
    # plans open through it) and one from each strategy discussion about the child (its pages and minutes open
    # through the discussion's own grants). Both councils read the same records, so nothing drifts apart.
    discussions = list(StrategyDiscussion.objects.filter(children=child))
    for agency in _receiving_agencies(transfer):
        reason = f"Transfer {transfer.reference} proposed to {receiver.name}"
        access.grant_access(
            [child],
            kind=GrantKind.TRANSFER,
            source=transfer,
            agency=agency,
            granted_by=user,
            starts_at=now,
            reason=reason,
        )
        for discussion in discussions:
            access.grant_access(
                [child],
                kind=GrantKind.TRANSFER,
                source=discussion,
                agency=agency,
                granted_by=user,
                starts_at=now,
                reason=reason,
            )
    return transfer


def _receiving_agencies(transfer: Transfer):
    if transfer.to_team_id:
        return [transfer.to_team.agency]
    return list(
        Agency.objects.filter(type=AgencyType.CHILDRENS_SOCIAL_CARE, local_authority=transfer.to_local_authority)
    )


def can_decide(user, transfer: Transfer) -> bool:
    if not user.has_role(*DECIDE_ROLES):
        return False
    if transfer.to_team_id:
        return user.agency_id == transfer.to_team.agency_id
    council = _council_of(user)
    return council is not None and council.pk == transfer.to_local_authority_id


def check_accept(user, transfer: Transfer, responsibility_from: dt.date | None) -> list[Problem]:
    if not can_decide(user, transfer):
        raise NotAllowed("Only a manager of the receiving council (or team) can accept or decline a transfer.")
    problems = []
    if transfer.status != Transfer.Status.PROPOSED:
        problems.append(Problem(["status"], f"This transfer has already been {transfer.get_status_display().lower()}"))
    if responsibility_from is None:
        problems.append(Problem(["responsibility_from"], "Enter the date your council takes responsibility"))
        return problems
    held = Responsibility.objects.filter(
        child_id=transfer.child_id, valid_to__isnull=True, local_authority_id=transfer.from_local_authority_id
    ).first()
    if held is not None and responsibility_from <= held.valid_from:
        problems.append(
            Problem(
                ["responsibility_from"],
                f"The date must be after {held.valid_from:%-d %B %Y}, when "
                f"{transfer.from_local_authority.name} began to hold the case",
            )
        )
    return problems


class Refused(InvalidInput):
    """A clear refusal: the case is no longer held by the sender on that date (someone else accepted first)."""

    def __init__(self, msg: str):
        super().__init__(msg, [Problem(["responsibility_from"], msg)], status=409)


def accept(user, transfer: Transfer, responsibility_from: dt.date | None, now: dt.datetime | None = None) -> Transfer:
    problems = check_accept(user, transfer, responsibility_from)
    refuse_if(
        problems,
        "The transfer could not be accepted: see errors.",
        conflict=transfer.status != Transfer.Status.PROPOSED,
    )
    try:
        return do_accept(user, transfer, responsibility_from, now=now)
    except IntegrityError:
        # Only the database saw the clash (PostgreSQL's exclusion constraint): another acceptance won.
        transfer.refresh_from_db()
        holder = responsible_local_authority(transfer.child, responsibility_from)
        raise Refused(
            f"Not accepted: {holder.name if holder else 'another council'} is responsible for this child "
            f"on {responsibility_from:%-d %B %Y}."
        ) from None


@transaction.atomic
def do_accept(user, transfer: Transfer, day: dt.date, now: dt.datetime | None = None) -> Transfer:
    now = now or timezone.now()
    if not Transfer.objects.filter(pk=transfer.pk, status=Transfer.Status.PROPOSED).update(
        status=Transfer.Status.ACCEPTED, responsibility_from=day, decided_by=user, decided_at=now
    ):
        raise Refused("This transfer has already been decided.")
    # Close the sender's open period at the responsibility date; nothing to close means the sender no longer holds
    # the case (another transfer was accepted first), and the acceptance is refused.
    sender_team = Q(team_id=transfer.from_team_id) if transfer.is_team_move else Q()
    closed = Responsibility.objects.filter(
        sender_team,
        child_id=transfer.child_id,
        valid_to__isnull=True,
        local_authority_id=transfer.from_local_authority_id,
        valid_from__lt=day,
    ).update(valid_to=day)
    if not closed:
        holder = responsibility_on(transfer.child, day)
        raise Refused(
            f"Not accepted: {transfer.from_local_authority.name} does not hold this child's case on "
            f"{day:%-d %B %Y}" + (f" ({holder.local_authority.name} does)." if holder else ".")
        )
    Responsibility.objects.create(
        child_id=transfer.child_id,
        local_authority_id=transfer.to_local_authority_id,
        team=transfer.to_team,
        valid_from=day,
        transfer=transfer,
    )
    transfer.refresh_from_db()
    if transfer.kind == Kind.CHILD_PROTECTION and not transfer.is_team_move:
        transfer.conference_due = add_working_days(day, CONFERENCE_WORKING_DAYS)
        transfer.save(update_fields=["conference_due"])
    TransferStep.objects.create(
        transfer=transfer,
        by=user,
        by_agency=user.agency,
        at=now,
        what=f"Accepted by {user.agency.name}: responsible from {day:%-d %B %Y}"
        + (f"; transfer-in conference due by {transfer.conference_due:%-d %B %Y}" if transfer.conference_due else ""),
    )
    transaction.on_commit(lambda: tell_involved_agencies(transfer))
    return transfer


def check_decline(user, transfer: Transfer, reason: str) -> list[Problem]:
    if not can_decide(user, transfer):
        raise NotAllowed("Only a manager of the receiving council (or team) can accept or decline a transfer.")
    problems = []
    if transfer.status != Transfer.Status.PROPOSED:
        problems.append(Problem(["status"], f"This transfer has already been {transfer.get_status_display().lower()}"))
    if not (reason or "").strip():
        problems.append(Problem(["reason"], "Give the reason for declining"))
    return problems


def decline(user, transfer: Transfer, reason: str, now: dt.datetime | None = None) -> Transfer:
    problems = check_decline(user, transfer, reason)
    refuse_if(
        problems,
        "The transfer could not be declined: see errors.",
        conflict=transfer.status != Transfer.Status.PROPOSED,
    )
    return do_decline(user, transfer, reason.strip(), now=now)


@transaction.atomic
def do_decline(user, transfer: Transfer, reason: str, now=None) -> Transfer:
    now = now or timezone.now()
    if not Transfer.objects.filter(pk=transfer.pk, status=Transfer.Status.PROPOSED).update(
        status=Transfer.Status.DECLINED, decline_reason=reason, decided_by=user, decided_at=now
    ):
        raise Refused("This transfer has already been decided.")
    access.end_grants(transfer, at=now, kind=GrantKind.TRANSFER, reason=f"Transfer declined: {reason}"[:300])
    for discussion in StrategyDiscussion.objects.filter(children=transfer.child_id):
        for agency in _receiving_agencies(transfer):
            access.end_grants(
                discussion, at=now, kind=GrantKind.TRANSFER, agency=agency, reason=f"Transfer declined: {reason}"[:300]
            )
    TransferStep.objects.create(
        transfer=transfer, what=f"Declined by {user.agency.name}: {reason}", by=user, by_agency=user.agency, at=now
    )
    transfer.refresh_from_db()
    return transfer


def holder_text(transfer: Transfer) -> str:
    """Who holds the case, as partners contact them: the accepting agency (and team)."""
    agency = transfer.decided_by.agency if transfer.decided_by_id and transfer.decided_by.agency_id else None
    holder = agency.name if agency else transfer.to_local_authority.name
    return f"{transfer.to_team.name}, {holder}" if transfer.to_team_id else holder


def tell_involved_agencies(transfer: Transfer) -> list[RecordNotification]:
    """The GP, school, health visitor and every other agency involved with the child now is told who holds the case
    from when (seed 003: partners did not know which council held Alex's case)."""
    child = transfer.child
    involved = [
        i.agency
        for i in Involvement.objects.filter(current(), person=child).select_related("agency")
        if i.agency.type != AgencyType.CHILDRENS_SOCIAL_CARE
    ]
    message = (
        f"From {transfer.responsibility_from:%-d %B %Y}, {holder_text(transfer)} holds the "
        f"{transfer.get_kind_display().lower()} case of {child.full_name} (transfer {transfer.reference}, "
        f"from {transfer.from_local_authority.name}). Contact them with any concern."
    )
    return flag_agencies(child, involved, RecordNotification.Kind.CASE_TRANSFER, message)


def visible_transfers(user):
    """Both councils (every children's social care agency of either) see a transfer and its history."""
    council = _council_of(user)
    if council is None:
        return Transfer.objects.none()
    return Transfer.objects.filter(Q(from_local_authority=council) | Q(to_local_authority=council)).select_related(
        "child", "from_local_authority", "to_local_authority", "to_team", "from_team"
    )


def picture_for(transfer: Transfer) -> list[dict]:
    """What the receiving council reads before deciding: the record, genogram, strategy minutes and history."""
    pid = transfer.child_id
    items = [
        {
            "title": "Child's record, family and joined-up history",
            "url": reverse("people:detail", kwargs={"person_id": pid}),
        },
        {"title": "Genogram (PDF)", "url": reverse("people:genogram_pdf", kwargs={"person_id": pid})},
        {"title": "Genogram (SVG)", "url": reverse("people:genogram_svg", kwargs={"person_id": pid})},
    ]
    items.append({"title": "Chronology", "url": reverse("chronology:child", kwargs={"person_id": pid})})
    for entry in strategy_for_child(transfer.child):
        d = entry["discussion"]
        items.append(
            {
                "title": f"Strategy discussion SD-{d.pk} ({d.get_status_display().lower()})",
                "url": reverse("strategy:detail", kwargs={"discussion_id": d.pk}),
            }
        )
        if d.status == StrategyDiscussion.Status.FINALISED:
            items.append(
                {
                    "title": f"Minutes of strategy discussion SD-{d.pk}",
                    "url": reverse("strategy:minutes", kwargs={"discussion_id": d.pk}),
                }
            )
    for e in Enquiry.objects.filter(child_id=pid).order_by("opened_at"):
        items.append(
            {
                "title": f"Section 47 enquiry S47-{e.pk} ({e.get_status_display().lower()})",
                "url": reverse("enquiries:detail", kwargs={"enquiry_id": e.pk}),
            }
        )
    for row in ConferenceChild.objects.filter(child_id=pid).select_related("conference"):
        c = row.conference
        plan = {True: ", child protection plan", False: ", no plan", None: ""}[row.plan]
        items.append(
            {
                "title": f"{c.get_kind_display()} CPC-{c.pk} ({c.get_status_display().lower()}{plan})",
                "url": reverse("enquiries:conference", kwargs={"conference_id": c.pk}),
            }
        )
    return items


def for_child(person: Person) -> dict:
    """For the child's page: who holds the case now, and the child's transfers."""
    period = responsibility_on(person)
    return {
        "holder": period.local_authority if period else responsible_local_authority(person),
        "team": period.team if period else None,
        "transfers": list(
            Transfer.objects.filter(child=person).select_related("from_local_authority", "to_local_authority")
        ),
    }


def chronology_entries(person: Person) -> list[dict]:
    """Transfer steps for the child's chronology (proposed, accepted, declined), oldest first."""
    return [
        {
            "id": f"transfer-{s.transfer_id}-{s.pk}",
            "occurred_at": s.at,
            "source": s.by_agency.code if s.by_agency else "",
            "type": "case_transfer",
            "significance": "high",
            "summary": f"{s.transfer.reference}: {s.what}",
            "recorded_by": str(s.by or ""),
            "status": "confirmed",
        }
        for s in TransferStep.objects.filter(transfer__child=person).select_related("transfer", "by_agency", "by")
    ]
