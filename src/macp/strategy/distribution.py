"""Distributing finalised minutes: to every invited agency, acknowledged, challenged for accuracy and answered,
chased when unacknowledged and flagged when late (Somerset "Child Alex": minutes to every agency within 24 hours)."""

import datetime as dt

from django.db import transaction
from django.db.models import Exists, OuterRef
from django.utils import timezone

from macp.accounts.models import Role
from macp.core.formats import datetime_uk
from macp.core.problems import InvalidInput, Problem
from macp.core.working_days import add_working_days_at
from macp.notifications.services import email
from macp.people.services import current
from macp.strategy.models import Distribution, Invitation, StrategyDiscussion
from macp.strategy.services import require

ACK_WORKING_DAYS = 2  # unacknowledged minutes are chased after this many working days
MINUTES_DUE_HOURS = 24  # Somerset: minutes to every invited agency within 24 hours of the meeting


def send_minutes(discussion, now) -> None:
    """Every invited agency gets the minutes, present or not, once; the email goes after the commit."""
    for invitation in (
        discussion.invitations.exclude(status=Invitation.Status.REMOVED).select_related("agency").order_by("agency_id")
    ):
        if not Distribution.objects.filter(discussion=discussion, agency=invitation.agency).exists():
            Distribution.objects.create(
                discussion=discussion,
                agency=invitation.agency,
                recipient=invitation.agency.email or invitation.agency.name,
                sent_at=now,
            )
            transaction.on_commit(
                lambda a=invitation.agency: email(
                    a.email,
                    f"Strategy discussion minutes {discussion.pk}: please confirm receipt",
                    "The minutes of a strategy discussion your agency was invited to are ready. Sign in to macp to read them, "
                    "confirm receipt, or raise an accuracy challenge.",
                    kind="minutes",
                    reference=str(discussion.pk),
                )
            )


def flag_involved_agencies(discussion, now) -> None:
    """Involved agencies get a flag on their record that a strategy discussion (and any s47) took place."""
    from macp.notifications.models import RecordNotification

    s47 = {d.child_id for d in discussion.decisions.filter(section_47=True)}
    for child in discussion.children.all():
        agencies = {i.agency for i in child.involvements.filter(current()).select_related("agency")}
        for agency in agencies:
            RecordNotification.objects.get_or_create(
                agency=agency,
                person=child,
                kind=RecordNotification.Kind.STRATEGY,
                event=None,
                message=f"A strategy discussion about {child.full_name} took place on {timezone.localtime(discussion.scheduled_for):%-d %B %Y}"
                + ("; a section 47 enquiry has started." if child.pk in s47 else "."),
                defaults={"sent_at": now},
            )


def acknowledge(distribution: Distribution, user) -> Distribution:
    """Confirm receipt: nothing else. An accuracy challenge is only ever filed by `challenge`, with text written."""
    if user.agency_id != distribution.agency_id:
        raise PermissionError("Only the receiving agency can confirm receipt.")
    distribution.acknowledged_at = distribution.acknowledged_at or timezone.now()
    distribution.acknowledged_by = distribution.acknowledged_by or user
    distribution.save(update_fields=["acknowledged_at", "acknowledged_by"])
    return distribution


def check_challenge(text: str) -> list[Problem]:
    if not (text or "").strip():
        return [Problem(["challenge"], "Say what in the minutes is not accurate")]
    return []


def challenge(distribution: Distribution, user, text: str) -> Distribution:
    """The receiving agency challenges the minutes' accuracy (receiving them is confirmed with it)."""
    if user.agency_id != distribution.agency_id:
        raise PermissionError("Only the receiving agency can challenge its copy of the minutes.")
    problems = check_challenge(text)
    if problems:
        raise InvalidInput("The challenge was not sent.", problems)
    acknowledge(distribution, user)
    distribution.challenge = text.strip()
    distribution.save(update_fields=["challenge"])
    return distribution


def answer_challenge(distribution: Distribution, user, answer: str) -> Distribution:
    require(user, (Role.CHAIR,), "answer accuracy challenges")
    problems = []
    if not distribution.challenge:
        problems.append(Problem(["challenge"], "There is no challenge to answer"))
    if not (answer or "").strip():
        problems.append(Problem(["answer"], "Enter the answer to the challenge"))
    if problems:
        raise InvalidInput("The challenge was not answered.", problems)
    distribution.challenge_answer, distribution.challenge_answered_at = answer.strip(), timezone.now()
    distribution.save(update_fields=["challenge_answer", "challenge_answered_at"])
    email(
        distribution.agency.email,
        f"Your accuracy challenge to the minutes of SD-{distribution.discussion_id} has been answered",
        "The chair has answered your agency's accuracy challenge. Sign in to macp to read the answer.",
        kind="minutes",
        reference=f"SD-{distribution.discussion_id}",
    )
    return distribution


def resend_minutes(discussion, subject: str, now) -> None:
    discussion.distribution.update(sent_at=now, acknowledged_at=None, acknowledged_by=None, reminded_at=None)
    for record in discussion.distribution.select_related("agency"):
        transaction.on_commit(
            lambda a=record.agency: email(
                a.email,
                subject,
                "The minutes of a strategy discussion your agency was invited to have been amended. Sign in to macp "
                "to read what changed and why, confirm receipt, or raise an accuracy challenge.",
                kind="minutes",
                reference=f"SD-{discussion.pk}",
            )
        )


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
        email(
            record.agency.email,
            f"Reminder: please confirm receipt of the minutes of strategy discussion SD-{record.discussion_id}",
            "Your agency has not yet confirmed receipt of the minutes of a strategy discussion it was invited to. Sign in to macp to "
            "read them and confirm receipt, or raise an accuracy challenge.",
            kind="minutes_reminder",
            reference=f"SD-{record.discussion_id}",
        )
        record.reminded_at = now
        record.save(update_fields=["reminded_at"])
        reminded.append(record)
    due = dt.timedelta(hours=MINUTES_DUE_HOURS)
    on_time = Distribution.objects.filter(discussion=OuterRef("pk"), sent_at__lte=OuterRef("scheduled_for") + due)
    late = (
        StrategyDiscussion.objects.filter(scheduled_for__lte=now - due, minutes_late_alerted_at__isnull=True)
        .exclude(status=StrategyDiscussion.Status.REQUESTED)
        .exclude(Exists(on_time))
    )
    coordinators = list(
        User.objects.filter(is_active=True, roles__role=Role.STRATEGY_COORDINATOR).exclude(email="").distinct()
    )
    for discussion in late:
        for coordinator in coordinators:
            email(
                coordinator.email,
                f"Minutes of strategy discussion SD-{discussion.pk} not sent within 24 hours",
                f"Strategy discussion SD-{discussion.pk} was held on {datetime_uk(discussion.scheduled_for)} and its minutes had not gone "
                "to the invited agencies 24 hours later. Please follow this up with the chair.",
                kind="minutes_late",
                reference=f"SD-{discussion.pk}",
            )
        discussion.minutes_late_alerted_at = now
        discussion.save(update_fields=["minutes_late_alerted_at"])
        alerted.append(discussion)
    return {"reminded": reminded, "alerted": alerted}
