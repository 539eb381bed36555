"""Requesting and booking a strategy discussion: one queue for every team (front door, area teams, EDT)."""

import datetime as dt

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import transaction
from django.db.models import F, Prefetch, Q
from django.utils import timezone

from macp.accounts.models import Agency, AgencyType
from macp.core.formats import is_under_18
from macp.core.problems import InvalidInput, Problem
from macp.people.models import Person
from macp.strategy import agenda, complexity, grants, invitations
from macp.strategy.models import Invitation, StrategyDiscussion
from macp.strategy.services import BOOKING_ROLES, ensure_open, require, visible_discussions

# A strategy discussion follows a decision that a child may be suffering significant harm: within one working day
# at the latest, sooner when the child is at immediate risk (Working Together 2023, ch. 4).
TARGET_HOURS = {"red": 4, None: 24}


def check_request(user, children: list[Person], reason: str) -> list[Problem]:
    problems = []
    if not children:
        problems.append(Problem(["children"], "Name at least one child"))
    if not (reason or "").strip():
        problems.append(Problem(["reason"], "Say why a strategy discussion is needed"))
    if not user.agency_id:
        problems.append(Problem(["requested_by"], "Strategy discussions are requested by a team in an agency"))
    return problems


def request(
    user,
    children: list[Person],
    reason: str,
    *,
    referral_reference: str = "",
    urgency: str | None = None,
    now: dt.datetime | None = None,
    out_of_hours: bool = False,
    referrer_agency=None,
    organised_abuse_indicators: bool = False,
) -> StrategyDiscussion:
    """`out_of_hours`: the emergency duty team acted on the concern (said by the requester). It is also taken as so
    when EDT requests it or has recorded events about the children; never from the clock time of the request."""
    problems = check_request(user, children, reason)
    if problems:
        raise InvalidInput("The strategy discussion was not requested.", problems)
    grants.check_basis_for_children(user, children)
    now = now or timezone.now()
    edt_acted = out_of_hours or user.agency.type == AgencyType.EDT or complexity.edt_events(children, now).exists()
    discussion = StrategyDiscussion.objects.create(
        reason=reason.strip(),
        referral_reference=referral_reference,
        requested_by=user,
        requesting_agency=user.agency,
        local_authority=grants.council_for(user, children),
        requested_at=now,
        target_at=now + dt.timedelta(hours=TARGET_HOURS.get(urgency, TARGET_HOURS[None])),
        urgency=urgency or "",
        out_of_hours=edt_acted,
        organised_abuse_indicators=organised_abuse_indicators,
    )
    discussion.children.set(children)
    invitations.add_suggested(
        discussion,
        invitations.suggest(
            children, requesting_agency=user.agency, referrer_agency=referrer_agency, out_of_hours=edt_acted
        ),
        now=now,
    )
    # Suggested invitees get nothing yet: their grant comes when the coordinator invites them (schedule).
    grants.grant_staff(discussion, now)
    return discussion


def check_add_child(discussion, child: Person | None) -> list[Problem]:
    if child is None:
        return [Problem(["child"], "Choose the child to add")]
    if discussion.children.filter(pk=child.pk).exists():
        return [Problem(["child"], f"{child.full_name} is already in this discussion")]
    if not is_under_18(child.date_of_birth, unborn=child.is_unborn):
        return [Problem(["child"], "Only children (under 18, or unborn) are the subject of a strategy discussion")]
    return []


def add_child(discussion, user, child: Person | None, *, respond_url: str = "") -> list[Invitation]:
    """Another child joins the discussion (a sibling found later): the invitations are suggested again for all the
    children, and agencies new to the discussion are added with their reasons (and sent the booking if it is booked)."""
    require(user, BOOKING_ROLES, "add a child to a strategy discussion")
    ensure_open(discussion)
    problems = check_add_child(discussion, child)
    if problems:
        raise InvalidInput("The child was not added.", problems)
    grants.check_basis_for_children(user, [child])
    with transaction.atomic():
        discussion.children.add(child)
        children = list(discussion.children.all())
        referrer = discussion.invitations.filter(role="referrer").select_related("agency").first()
        added = invitations.add_suggested(
            discussion,
            invitations.suggest(
                children,
                requesting_agency=discussion.requesting_agency,
                referrer_agency=referrer.agency if referrer else None,
                out_of_hours=discussion.out_of_hours,
            ),
        )
        grants.regrant_for_new_child(discussion, user)
    if added and discussion.status == StrategyDiscussion.Status.SCHEDULED:
        invitations.send_invitations(discussion, agencies={i.agency for i in added}, respond_url=respond_url)
    return added


def schedule(
    discussion: StrategyDiscussion, user, at: dt.datetime, link: str | None = None, *, held: bool = False
) -> StrategyDiscussion:
    require(user, BOOKING_ROLES, "schedule a strategy discussion")
    ensure_open(discussion)
    discussion.scheduled_for, discussion.meeting_link = at, link or ""
    discussion.held_before_recorded = held
    discussion.status = StrategyDiscussion.Status.SCHEDULED
    # The agenda version is fixed at booking, so minutes keep the shape the meeting was held in.
    discussion.agenda_version = discussion.agenda_version or agenda.CURRENT
    discussion.save(update_fields=["scheduled_for", "meeting_link", "held_before_recorded", "status", "agenda_version"])
    Invitation.objects.filter(discussion=discussion, status=Invitation.Status.PROPOSED).update(
        status=Invitation.Status.INVITED
    )
    grants.grant_invited(discussion, user)
    return discussion


def booking_queue(user, now: dt.datetime | None = None):
    """The one queue: open discussions by target time, with any flagged for late minutes in the last week."""
    now = now or timezone.now()
    mine = visible_discussions(user)
    open_ = Q(status__in=[StrategyDiscussion.Status.REQUESTED, StrategyDiscussion.Status.SCHEDULED])
    late = Q(minutes_late_alerted_at__gte=now - dt.timedelta(days=7))
    children = Prefetch("children", queryset=Person.objects.order_by("date_of_birth", "given_name"))
    return (
        mine.filter(open_ | late)
        .select_related("requesting_agency", "requested_by")
        .prefetch_related(children)
        .order_by(F("target_at").asc(nulls_last=True), "requested_at")
    )


# A clock a few minutes fast on the recorder's side must not turn "held just now" into "in the future".
HELD_CLOCK_SKEW = dt.timedelta(minutes=5)


def check_time(at: dt.datetime | None, held: bool, now: dt.datetime) -> list[Problem]:
    """A discussion to come is booked in the future. One already held (an urgent discussion by telephone, out of
    hours or at the hospital; issue 11, seed 000 Bristol: the weekend handover) is recorded afterwards with the time
    it was held, which is in the past, and says so; a past time without `held` is still refused (CONTRACTS.md §7)."""
    if at is None:
        return [
            Problem(["at"], "Enter when it was held" if held else "Choose a proposed time or enter a date and time")
        ]
    if held and at > now + HELD_CLOCK_SKEW:
        return [Problem(["at"], "A discussion already held has the time it was held, not a time in the future")]
    if not held and at < now:
        return [
            Problem(
                ["at"],
                "The time must be in the future. If the discussion has already been held (by telephone, out of hours), "
                "say so: it is recorded with the time it was held",
            )
        ]
    return []


def book(
    discussion,
    user,
    at: dt.datetime | None,
    link: str = "",
    *,
    respond_url: str = "",
    now: dt.datetime | None = None,
    held: bool = False,
) -> list[Agency]:
    """Book (or re-book) the discussion and send every invited agency the calendar invitation. Returns who was sent it.
    With `held`, record one already held at `at` instead: nobody is sent an invitation to a meeting that is over, but
    the invited agencies are invited (and given their grants) as for any other, and the same rules then apply."""
    require(user, BOOKING_ROLES, "book a strategy discussion")
    ensure_open(discussion)
    now = now or timezone.now()
    problems = check_time(at, held, now)
    link = (link or "").strip()
    if link:
        try:
            URLValidator(schemes=["https", "http"])(link)
        except ValidationError:
            problems.append(
                Problem(["link"], "Enter the meeting link as a web address, like https://meet.example.org/abc")
            )
    if problems:
        raise InvalidInput("The discussion was not booked.", problems)
    with transaction.atomic():
        schedule(discussion, user, at, link, held=held)
        if held:
            return []
        StrategyDiscussion.objects.filter(pk=discussion.pk).update(invitation_sequence=F("invitation_sequence") + 1)
        discussion.refresh_from_db(fields=["invitation_sequence"])
    return invitations.send_invitations(discussion, respond_url=respond_url)
