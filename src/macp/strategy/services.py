"""Requesting a strategy discussion: one queue for every team (front door, area teams, EDT)."""

import datetime as dt

from django.utils import timezone

from macp.core.problems import InvalidInput, Problem
from macp.people.models import Person
from macp.strategy.models import StrategyDiscussion

# A strategy discussion follows a decision that a child may be suffering significant harm: within one working day
# at the latest, sooner when the child is at immediate risk (Working Together 2023, ch. 4).
TARGET_HOURS = {"red": 4, None: 24}


def request(user, children: list[Person], reason: str, *, referral_reference: str = "", urgency: str | None = None,
            now: dt.datetime | None = None) -> StrategyDiscussion:
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
    )
    discussion.children.set(children)
    return discussion
