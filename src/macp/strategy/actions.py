"""Actions from strategy discussions in the owning agency's list, each marked done with feedback."""

from django.db.models import F
from django.utils import timezone

from macp.core.problems import InvalidInput, Problem
from macp.strategy.models import Action


def open_actions(agency_id):
    return (
        Action.objects.filter(owner_agency_id=agency_id, completed_at__isnull=True)
        .select_related("discussion", "child")
        .order_by(F("due").asc(nulls_last=True), "pk")
    )


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
