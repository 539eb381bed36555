"""Rules of the practice-review tracker (see models.py for the statutory source of each date).

Who does what (decision 0015): the partnership analyst of a council area (accounts.Role.PARTNERSHIP_ANALYST, whose
agency serves that council) runs the tracker: records reviews, their key dates, recommendations and actions.
Managers of agencies serving the area read it. Every agency sees the actions it leads and updates them (status and
evidence of embedding); the partnership updates any of its own. Checks (`check_*`) are separate from the functions
that write, which raise InvalidInput with every problem at once.
"""

import calendar
import dataclasses
import datetime as dt
import uuid

from django.db import transaction
from django.db.models import Count, Q
from django.utils import timezone

from macp.access.models import AccessEvent, Basis
from macp.access.services import record_access, record_read
from macp.accounts.models import Agency, Role
from macp.core.problems import InvalidInput, Problem
from macp.core.working_days import add_working_days
from macp.notifications.services import email_after_commit
from macp.people.models import Person
from macp.reviews.models import (
    DONE_STATUSES,
    Action,
    ActionStatus,
    ActionUpdate,
    Decision,
    Recommendation,
    Review,
    Theme,
)

RAPID_REVIEW_WORKING_DAYS = 15  # Working Together 2023, ch. 5: rapid review within 15 working days
REVIEW_TARGET_MONTHS = 6  # ... and an LCSPR completed and published within six months of the decision
READER_ROLES = (Role.PARTNERSHIP_ANALYST, Role.TEAM_MANAGER, Role.FRONT_DOOR_MANAGER)


class NotAllowed(PermissionError):
    pass


# ---- dates -------------------------------------------------------------------------------------------------------


def rapid_review_due_for(notified_on: dt.date) -> dt.date:
    """15 working days after the notification (weekends and England and Wales bank holidays excluded)."""
    return add_working_days(notified_on, RAPID_REVIEW_WORKING_DAYS)


def add_months(day: dt.date, months: int) -> dt.date:
    """The same day of the month `months` later (the month's last day when it has fewer days)."""
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return dt.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def review_target_for(decided_on: dt.date) -> dt.date:
    return add_months(decided_on, REVIEW_TARGET_MONTHS)


@dataclasses.dataclass(frozen=True)
class Stage:
    key: str
    label: str
    overdue: bool = False


def stage(review: Review, today: dt.date | None = None) -> Stage:
    """Where the review is, and whether its current key date has passed."""
    today = today or timezone.localdate()
    if review.rapid_review_completed_on is None:
        return Stage("rapid_review", "Rapid review", today > review.rapid_review_due)
    if review.decision == Decision.PENDING:
        return Stage("decision", "Awaiting decision", today > review.rapid_review_due)
    if review.decision == Decision.NO_LCSPR:
        return Stage("closed", "No local review")
    if review.published_on:
        return Stage("published", "Published")
    return Stage("review", "Review in progress", bool(review.review_target and today > review.review_target))


def on_time(done: dt.date | None, due: dt.date | None) -> bool | None:
    """True/False once done; None while not done."""
    if done is None or due is None:
        return None
    return done <= due


# ---- who may do what ---------------------------------------------------------------------------------------------


def partnership_id(user) -> int | None:
    """The council area whose reviews the user may read (None: not a reader)."""
    if not user.is_authenticated or not user.agency_id or not user.has_role(*READER_ROLES):
        return None
    return user.agency.local_authority_id


def runs_reviews(user, review: Review | None = None) -> bool:
    if not user.is_authenticated or not user.has_role(Role.PARTNERSHIP_ANALYST):
        return False
    la = user.agency.local_authority_id if user.agency_id else None
    return la is not None and (review is None or review.local_authority_id == la)


def visible_reviews(user):
    la = partnership_id(user)
    return Review.objects.filter(local_authority_id=la) if la else Review.objects.none()


def visible_actions(user):
    """Actions the user may read: those their agency leads, and every action of the reviews they may read."""
    if not user.is_authenticated or not user.agency_id:
        return Action.objects.none()
    mine = Q(lead_agency_id=user.agency_id)
    la = partnership_id(user)
    if la:
        mine |= Q(recommendation__review__local_authority_id=la)
    return Action.objects.filter(mine)


def may_update_action(user, action: Action) -> bool:
    return bool(user.is_authenticated and user.agency_id) and (
        action.lead_agency_id == user.agency_id or runs_reviews(user, action.recommendation.review)
    )


def lead_agencies(local_authority_id):
    """Agencies that may lead an action: those serving the council area, and those serving several councils."""
    return Agency.objects.filter(Q(local_authority_id=local_authority_id) | Q(local_authority__isnull=True)).filter(
        active=True
    )


def _require_runs(user, review: Review | None = None) -> None:
    if not runs_reviews(user, review):
        raise NotAllowed("Only the partnership's analyst for this council area runs its practice reviews.")


# ---- reviews -----------------------------------------------------------------------------------------------------


def check_dates(notified_on: dt.date | None, today: dt.date, **later: dt.date | None) -> list[Problem]:
    problems = []
    if notified_on and notified_on > today:
        problems.append(Problem(["notified_on"], "The notification date must be today or in the past"))
    for name, day in later.items():
        if day and day > today:
            problems.append(Problem([name], "The date must be today or in the past"))
        elif day and notified_on and day < notified_on:
            problems.append(Problem([name], "The date must be on or after the serious incident was notified"))
    return problems


def create_review(user, *, title: str, notified_on: dt.date, summary: str = "", today: dt.date | None = None):
    _require_runs(user)
    today = today or timezone.localdate()
    problems = check_dates(notified_on, today)
    if not (title or "").strip():
        problems.append(Problem(["title"], "Enter how the review is known, like Child A"))
    if problems:
        raise InvalidInput("The review could not be recorded: see errors.", problems)
    return Review.objects.create(
        local_authority_id=user.agency.local_authority_id,
        title=title.strip(),
        summary=(summary or "").strip(),
        notified_on=notified_on,
        rapid_review_due=rapid_review_due_for(notified_on),
        created_by=user,
    )


def record_rapid_review(
    user,
    review: Review,
    *,
    completed_on: dt.date,
    decision: str,
    rationale: str = "",
    decided_on: dt.date | None = None,
    today: dt.date | None = None,
) -> Review:
    """The rapid review's completion and the decision about a local review; a decision to review sets the six-month
    target from the day it was made."""
    _require_runs(user, review)
    today = today or timezone.localdate()
    problems = check_dates(review.notified_on, today, completed_on=completed_on, decided_on=decided_on)
    if decision not in Decision.values:
        problems.append(Problem(["decision"], "Choose the decision about a local review"))
    elif decision != Decision.PENDING:
        if decided_on is None:
            problems.append(Problem(["decided_on"], "Enter the date the decision was made"))
        elif completed_on and decided_on < completed_on:
            problems.append(Problem(["decided_on"], "The decision cannot come before the rapid review"))
        if not (rationale or "").strip():
            problems.append(Problem(["rationale"], "Say why the partnership decided this"))
    if review.published_on and decision != Decision.LCSPR:
        problems.append(Problem(["decision"], "The review has been published: the decision cannot change now"))
    if problems:
        raise InvalidInput("The rapid review could not be recorded: see errors.", problems)
    review.rapid_review_completed_on = completed_on
    review.decision = decision
    review.decided_on = decided_on if decision != Decision.PENDING else None
    review.decision_rationale = (rationale or "").strip()
    review.review_target = review_target_for(decided_on) if decision == Decision.LCSPR else None
    review.save()
    return review


def record_progress(
    user, review: Review, *, reviewer: str = "", published_on: dt.date | None = None, today: dt.date | None = None
) -> Review:
    _require_runs(user, review)
    today = today or timezone.localdate()
    problems = check_dates(review.notified_on, today, published_on=published_on)
    if review.decision != Decision.LCSPR:
        problems.append(Problem(["reviewer"], "Record the decision to hold a local review first"))
    elif published_on and review.decided_on and published_on < review.decided_on:
        problems.append(Problem(["published_on"], "The review cannot be published before it was decided"))
    if problems:
        raise InvalidInput("The review's progress could not be recorded: see errors.", problems)
    review.reviewer, review.published_on = (reviewer or "").strip(), published_on
    review.save(update_fields=["reviewer", "published_on"])
    return review


# ---- the child, only where needed --------------------------------------------------------------------------------


def link_child(user, review: Review, *, person_id: str, reason: str, route: str) -> Review:
    """Link the child the review is about. The partnership usually cannot open children's records (it does no
    casework), so the link is made by the child's id from the council's records; the lookup is audited, and the
    name is shown only to those whom macp.access lets open the child."""
    _require_runs(user, review)
    problems = []
    if not (reason or "").strip():
        problems.append(Problem(["reason"], "Say why the review needs to name the child"))
    person = Person.objects.filter(pk=str(person_id).strip()).first() if _looks_like_id(person_id) else None
    if person is None:
        record_access(
            user, person_id, route=route, channel=AccessEvent.Channel.PAGE, basis=Basis.DENIED, detail="no such person"
        )
        problems.append(Problem(["person_id"], "No child with that id"))
    if problems:
        raise InvalidInput("The child could not be linked: see errors.", problems)
    record_read(user, person, route=route, context=f"linked to practice review {review.reference}")
    review.child, review.child_reason = person, reason.strip()
    review.save(update_fields=["child", "child_reason"])
    return review


def _looks_like_id(text) -> bool:
    try:
        uuid.UUID(str(text).strip())
    except ValueError:
        return False
    return True


@dataclasses.dataclass(frozen=True)
class ChildLink:
    linked: bool
    person: Person | None = None  # only when the reader may open the child
    reason: str = ""


def child_link(user, review: Review, *, route: str) -> ChildLink:
    """What the reader may see of the linked child. Every read of the link is audited, allowed or not."""
    if review.child_id is None:
        return ChildLink(False)
    decision = record_read(user, review.child, route=route, context=f"practice review {review.reference}")
    return ChildLink(True, review.child if decision.allowed else None, review.child_reason)


# ---- recommendations and actions ---------------------------------------------------------------------------------


def parse_themes(text: str) -> list[str]:
    seen, out = set(), []
    for part in (text or "").replace(";", ",").split(","):
        name = " ".join(part.split())
        if name and name.lower() not in seen:
            seen.add(name.lower())
            out.append(name[:120])
    return out


def _themes(names: list[str]) -> list[Theme]:
    out = []
    for name in names:
        theme = Theme.objects.filter(name__iexact=name).first() or Theme.objects.create(name=name)
        out.append(theme)
    return out


@transaction.atomic
def add_recommendation(user, review: Review, *, label: str, text: str, themes: str = "") -> Recommendation:
    _require_runs(user, review)
    problems = []
    if not (label or "").strip():
        problems.append(Problem(["label"], "Enter the recommendation's number as the report gives it"))
    elif review.recommendations.filter(label__iexact=label.strip()).exists():
        problems.append(Problem(["label"], "This review already has a recommendation with that number"))
    if not (text or "").strip():
        problems.append(Problem(["text"], "Enter the recommendation"))
    if problems:
        raise InvalidInput("The recommendation could not be added: see errors.", problems)
    recommendation = Recommendation.objects.create(review=review, label=label.strip(), text=text.strip())
    recommendation.themes.set(_themes(parse_themes(themes)))
    return recommendation


@transaction.atomic
def set_themes(user, recommendation: Recommendation, themes: str) -> Recommendation:
    _require_runs(user, recommendation.review)
    recommendation.themes.set(_themes(parse_themes(themes)))
    return recommendation


@transaction.atomic
def add_action(
    user,
    recommendation: Recommendation,
    *,
    what: str,
    lead_agency: Agency | None,
    deadline: dt.date | None,
    lead_person: str = "",
) -> Action:
    review = recommendation.review
    _require_runs(user, review)
    problems = []
    if not (what or "").strip():
        problems.append(Problem(["what"], "Say what will be done"))
    if lead_agency is None or not lead_agencies(review.local_authority_id).filter(pk=lead_agency.pk).exists():
        problems.append(Problem(["lead_agency"], "Choose the agency that leads the action"))
    if deadline is None:
        problems.append(Problem(["deadline"], "Enter the deadline"))
    if problems:
        raise InvalidInput("The action could not be added: see errors.", problems)
    action = Action.objects.create(
        recommendation=recommendation,
        what=what.strip(),
        lead_agency=lead_agency,
        lead_person=(lead_person or "").strip(),
        deadline=deadline,
    )
    ActionUpdate.objects.create(
        action=action, status=action.status, note="Action agreed", by=user, by_agency=user.agency, at=timezone.now()
    )
    email_after_commit(
        lead_agency.email,
        f"{action.reference}: your agency leads an action from practice review {review.reference}",
        f"Your agency leads an action from practice review {review.reference} ({review.title}), due by "
        f"{deadline:%-d %B %Y}. Sign in to macp to read it and record progress and evidence.",
        kind="practice_review_action",
        reference=action.reference,
    )
    return action


def check_update(user, action: Action, status: str, note: str) -> list[Problem]:
    if not may_update_action(user, action):
        raise NotAllowed("Only the lead agency or the partnership can update this action.")
    problems = []
    if status not in ActionStatus.values:
        problems.append(Problem(["status"], "Choose the action's status"))
    if status == ActionStatus.EMBEDDED and not ((note or "").strip() or action.evidence):
        problems.append(Problem(["note"], "Give the evidence that the change is embedded in practice"))
    if status == action.status and not (note or "").strip():
        problems.append(Problem(["note"], "Say what has changed"))
    return problems


@transaction.atomic
def update_action(user, action: Action, *, status: str, note: str = "", now: dt.datetime | None = None) -> Action:
    problems = check_update(user, action, status, note)
    if problems:
        raise InvalidInput("The action could not be updated: see errors.", problems)
    now = now or timezone.now()
    note = (note or "").strip()
    action = Action.objects.select_for_update().get(pk=action.pk)
    if status in DONE_STATUSES and action.completed_on is None:
        action.completed_on = timezone.localtime(now).date()
    elif status not in DONE_STATUSES:
        action.completed_on = None
    if note:
        action.evidence = f"{action.evidence}\n\n{note}".strip() if action.evidence else note
    action.status = status
    action.save()
    ActionUpdate.objects.create(action=action, status=status, note=note, by=user, by_agency=user.agency, at=now)
    return action


# ---- the partnership's view across reviews -----------------------------------------------------------------------


def overdue_actions(actions, today: dt.date):
    return actions.filter(deadline__lt=today).exclude(status__in=DONE_STATUSES)


@dataclasses.dataclass
class Overdue:
    rapid_reviews: list
    reviews: list
    actions: list

    @property
    def total(self) -> int:
        return len(self.rapid_reviews) + len(self.reviews) + len(self.actions)


def overdue(user, today: dt.date | None = None) -> Overdue:
    """What is past its date: rapid reviews (and decisions) past the 15 working days, local reviews past their six
    months, and actions past their deadline that are not completed. Oldest first."""
    today = today or timezone.localdate()
    reviews = visible_reviews(user)
    rapid = list(
        reviews.filter(rapid_review_due__lt=today)
        .filter(Q(rapid_review_completed_on__isnull=True) | Q(decision=Decision.PENDING))
        .order_by("rapid_review_due")
    )
    late = list(
        reviews.filter(decision=Decision.LCSPR, published_on__isnull=True, review_target__lt=today).order_by(
            "review_target"
        )
    )
    actions = list(
        overdue_actions(visible_actions(user), today)
        .select_related("lead_agency", "recommendation__review")
        .order_by("deadline", "pk")
    )
    return Overdue(rapid, late, actions)


def theme_counts(user, today: dt.date | None = None) -> list[dict]:
    """Per theme, across the partnership's reviews: recommendations, reviews, and their actions open and overdue."""
    today = today or timezone.localdate()
    la = partnership_id(user)
    if not la:
        return []
    in_area = Q(recommendations__review__local_authority_id=la)
    rows = (
        Theme.objects.annotate(
            recommendation_count=Count("recommendations", filter=in_area, distinct=True),
            review_count=Count("recommendations__review", filter=in_area, distinct=True),
            open_actions=Count(
                "recommendations__actions",
                filter=in_area & ~Q(recommendations__actions__status__in=DONE_STATUSES),
                distinct=True,
            ),
            overdue_actions=Count(
                "recommendations__actions",
                filter=in_area
                & ~Q(recommendations__actions__status__in=DONE_STATUSES)
                & Q(recommendations__actions__deadline__lt=today),
                distinct=True,
            ),
        )
        .filter(recommendation_count__gt=0)
        .order_by("-recommendation_count", "name")
    )
    return [
        {
            "theme": t,
            "recommendations": t.recommendation_count,
            "reviews": t.review_count,
            "open_actions": t.open_actions,
            "overdue_actions": t.overdue_actions,
        }
        for t in rows
    ]


def timeliness(user) -> dict:
    """How many rapid reviews and local reviews finished on time (seed 002: reviews taking twice the six months)."""
    reviews = list(visible_reviews(user))
    rapid = [on_time(r.rapid_review_completed_on, r.rapid_review_due) for r in reviews]
    local = [on_time(r.published_on, r.review_target) for r in reviews if r.decision == Decision.LCSPR]
    return {
        "rapid_done": sum(x is not None for x in rapid),
        "rapid_on_time": sum(x is True for x in rapid),
        "local_done": sum(x is not None for x in local),
        "local_on_time": sum(x is True for x in local),
    }


def home_panel(user, today: dt.date | None = None) -> dict | None:
    """For the home page: the partnership's overdue counts, or the actions the user's agency leads that are
    overdue (None when there is nothing for this user)."""
    today = today or timezone.localdate()
    if runs_reviews(user):
        found = overdue(user, today)
        return {"template": "reviews/_home_panel.html", "partnership": True, "overdue": found}
    if user.is_authenticated and user.agency_id:
        led = Action.objects.filter(lead_agency_id=user.agency_id).exclude(status__in=DONE_STATUSES)
        if not led.exists():
            return None
        late = list(overdue_actions(led, today).select_related("recommendation__review")[:20])
        return {"template": "reviews/_home_panel.html", "partnership": False, "open": led.count(), "late": late}
    return None
