"""Requesting a strategy discussion: one queue for every team (front door, area teams, EDT)."""

import datetime as dt

from django.utils import timezone

from macp.core.problems import InvalidInput, Problem
from macp.people.models import Person
from macp.access.models import Assignment
from macp.strategy import invitations
from macp.strategy.models import Invitation, StrategyDiscussion

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
