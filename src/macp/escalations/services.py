"""Resolving professional differences (CONTRACTS.md §13; seed 003 Child Alex, where the hospital's disagreement
with "no section 47" was never taken anywhere; Working Together 2023 ch. 2 on escalation between partners).

A professional raises a disagreement about a decision (a strategy discussion's outcome, a front-door decision,
an enquiry outcome, a plan), from the decision or from a dissent recorded at the meeting. It starts at stage 1 and
must be answered within the stage's timescale in working days; at every stage each side is asked whether the
child is safe now. Either side may resolve it (recording the outcome and what was learned) or move it up a stage.
An overdue stage prompts both sides (prompt_overdue, for the scheduler); it moves up only when someone asks.
"""

import dataclasses
import datetime as dt
from urllib.parse import urlencode

from django.db import transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from macp.access.models import AccessEvent
from macp.access.services import AccessDenied, PersonNotFound, decide, open_person
from macp.accounts.models import Agency
from macp.core.problems import Problem, refuse_if
from macp.core.working_days import add_working_days_at
from macp.enquiries.models import ConferenceChild, ConferenceDissent, Enquiry
from macp.escalations.defaults import DEFAULT_STAGES
from macp.escalations.models import AboutKind, ChildSafe, Escalation, Stage, Step
from macp.notifications.services import email
from macp.referrals.models import Referral
from macp.referrals.services import can_view as can_view_referral
from macp.strategy.models import Dissent
from macp.strategy.services import visible_discussions

# Neutral wording, shown beside every box: describe the decision and the difference, not the people.
PROMPTS = [
    "Say which decision you see differently and what you know that leads you there.",
    "Describe what happened and what the child experiences; avoid words about the other professional.",
    "Say what would need to be true for you to agree, and what would keep the child safe in the meantime.",
]


class NotAllowed(PermissionError):
    pass


@dataclasses.dataclass(frozen=True)
class Decision:
    """The decision a disagreement is about, as the raiser may see it."""

    kind: str
    id: str
    label: str
    agency: Agency | None
    child_ids: frozenset[str]
    url_name: str
    url_kwargs: dict


def stages() -> list[Stage]:
    found = list(Stage.objects.order_by("number"))
    if not found:  # a partnership that removed every stage (or a flushed test database) gets the defaults back
        for number, title, who, days, prompt in DEFAULT_STAGES:
            Stage.objects.get_or_create(
                number=number, defaults={"title": title, "who": who, "working_days": days, "prompt": prompt}
            )
        found = list(Stage.objects.order_by("number"))
    return found


def stage(number: int) -> Stage | None:
    return next((s for s in stages() if s.number == number), None)


def respond_by_for(number: int, since: dt.datetime) -> dt.datetime | None:
    found = stage(number)
    if found is None or found.working_days is None:
        return None
    return add_working_days_at(since, found.working_days)


def find_decision(user, kind: str, ident: str) -> Decision | None:
    """The decision of that kind and id, if it exists and the user may see it (None otherwise: both look alike)."""
    ident = str(ident or "").strip()
    if kind == AboutKind.STRATEGY_DISCUSSION:
        discussion = (
            visible_discussions(user).filter(pk=int(ident)).select_related("requesting_agency").first()
            if ident.isdigit() and len(ident) < 16
            else None
        )
        if discussion is None:
            return None
        return Decision(
            kind,
            ident,
            f"Strategy discussion SD-{discussion.pk}",
            discussion.requesting_agency,
            frozenset(str(pk) for pk in discussion.children.values_list("pk", flat=True)),
            "strategy:detail",
            {"discussion_id": discussion.pk},
        )
    if kind == AboutKind.REFERRAL:
        referral = Referral.objects.filter(reference=ident).select_related("receiving_agency").first()
        if referral is None or not can_view_referral(user, referral):
            return None
        return Decision(
            kind,
            ident,
            f"Request for help {referral.reference}",
            referral.receiving_agency,
            frozenset(str(pk) for pk in referral.children.exclude(person_id=None).values_list("person_id", flat=True)),
            "referrals:status",
            {"reference": referral.reference},
        )
    if kind == AboutKind.ENQUIRY:
        enquiry = (
            Enquiry.objects.filter(pk=int(ident)).select_related("child", "social_care").first()
            if ident.isdigit() and len(ident) < 16
            else None
        )
        if enquiry is None or not decide(user, enquiry.child).allowed:
            return None
        return Decision(
            kind,
            ident,
            f"Section 47 enquiry S47-{enquiry.pk}",
            enquiry.social_care,
            frozenset({str(enquiry.child_id)}),
            "enquiries:detail",
            {"enquiry_id": enquiry.pk},
        )
    if kind == AboutKind.PLAN:
        # A plan is decided at a conference for each child separately: the disagreement is about that child's row.
        row = (
            ConferenceChild.objects.filter(pk=int(ident), decided_at__isnull=False)
            .select_related("child", "conference__social_care")
            .first()
            if ident.isdigit() and len(ident) < 16
            else None
        )
        if row is None or not decide(user, row.child).allowed:
            return None
        plan = "child protection plan" if row.plan else "no child protection plan"
        return Decision(
            kind,
            ident,
            f"Conference CPC-{row.conference_id} decision ({plan}) for {row.child.full_name}",
            row.conference.social_care,
            frozenset({str(row.child_id)}),
            "enquiries:conference",
            {"conference_id": row.conference_id},
        )
    return None


def check_raise(
    user,
    *,
    kind: str,
    ident: str,
    child_id: str | None,
    agency_code: str,
    concern: str,
    child_safe_now: str,
    dissent_id: int | None = None,
    route: str = "",
) -> tuple[list[Problem], Decision | None]:
    problems = []
    if not user.agency_id:
        raise NotAllowed("Disagreements are raised by a professional on behalf of their agency.")
    decision = None
    if kind not in AboutKind.values:
        problems.append(Problem(["about", "kind"], "Choose which kind of decision you disagree with"))
    else:
        decision = find_decision(user, kind, ident)
        if decision is None:
            problems.append(Problem(["about", "id"], "No decision with that reference that you can see"))
    if agency_code and agency_code != user.agency.code:
        problems.append(Problem(["raised_by_agency"], "You can raise a disagreement only for your own agency"))
    if not (concern or "").strip():
        problems.append(Problem(["concern"], "Say what you disagree with and why"))
    if child_safe_now not in ChildSafe.values:
        problems.append(Problem(["child_safe_now"], "Say whether you think the child is safe now"))
    if child_id:
        try:
            open_person(user, child_id, route=route or "escalations:raise", channel=AccessEvent.Channel.API)
        except (PersonNotFound, AccessDenied):
            problems.append(Problem(["child"], "No child with that id that you can see"))
        else:
            if decision and str(child_id) not in decision.child_ids:
                problems.append(Problem(["child"], "That child is not one the decision is about"))
    if dissent_id is not None and decision and not _dissent_recorded_at(decision, dissent_id):
        problems.append(Problem(["dissent"], "That dissent was not recorded where the decision was made"))
    return problems, decision


def _dissent_recorded_at(decision: Decision, dissent_id: int) -> bool:
    """A disagreement may start from a dissent recorded at the meeting that made the decision: the strategy
    discussion's, or the conference's (about that child, or about every child)."""
    if decision.kind == AboutKind.STRATEGY_DISCUSSION:
        return Dissent.objects.filter(pk=dissent_id, discussion_id=decision.id).exists()
    if decision.kind == AboutKind.PLAN:
        row = ConferenceChild.objects.filter(pk=decision.id).first()
        return ConferenceDissent.objects.filter(
            Q(child_id=row.child_id) | Q(child__isnull=True), pk=dissent_id, conference_id=row.conference_id
        ).exists()
    return False


def raise_escalation(
    user,
    *,
    kind: str,
    ident: str,
    child_id: str | None,
    concern: str,
    child_safe_now: str,
    agency_code: str = "",
    dissent_id: int | None = None,
    route: str = "",
    now: dt.datetime | None = None,
) -> Escalation:
    problems, decision = check_raise(
        user,
        kind=kind,
        ident=ident,
        child_id=child_id,
        agency_code=agency_code,
        concern=concern,
        child_safe_now=child_safe_now,
        dissent_id=dissent_id,
        route=route,
    )
    refuse_if(problems, "The disagreement could not be raised: see errors.")
    return do_raise(
        user,
        decision,
        child_id=child_id,
        concern=concern.strip(),
        child_safe_now=child_safe_now,
        dissent_id=dissent_id,
        now=now,
    )


@transaction.atomic
def do_raise(user, decision: Decision, *, child_id, concern, child_safe_now, dissent_id=None, now=None) -> Escalation:
    now = now or timezone.now()
    other = decision.agency
    escalation = Escalation.objects.create(
        about_kind=decision.kind,
        about_id=decision.id,
        about_label=decision.label,
        decision_agency=other,
        dissent_id=dissent_id,
        child_id=child_id or None,
        local_authority=(other.local_authority if other and other.local_authority_id else user.agency.local_authority),
        raised_by=user,
        raised_by_agency=user.agency,
        raised_at=now,
        concern=concern,
        stage=1,
        respond_by=respond_by_for(1, now),
    )
    Step.objects.create(
        escalation=escalation,
        stage=1,
        kind=Step.Kind.RAISED,
        child_safe_now=child_safe_now,
        note=concern,
        by=user,
        by_agency=user.agency,
        at=now,
    )
    _tell_both_sides(
        escalation,
        f"{escalation.reference}: a disagreement has been raised",
        f"{user.agency.name} disagrees with {decision.label}. Respond by "
        f"{_when(escalation.respond_by)}. Sign in to macp to read it and respond.",
    )
    return escalation


def is_party(user, escalation: Escalation) -> bool:
    return bool(user.agency_id) and user.agency_id in (escalation.raised_by_agency_id, escalation.decision_agency_id)


def visible_escalations(user):
    """Each side sees its own disagreements; the partnership's analysts see every one in their council area."""
    if not user.is_authenticated or not user.agency_id:
        return Escalation.objects.none()
    mine = Q(raised_by_agency_id=user.agency_id) | Q(decision_agency_id=user.agency_id)
    if user.has_role("partnership_analyst") and user.agency.local_authority_id:
        mine |= Q(local_authority_id=user.agency.local_authority_id)
    return Escalation.objects.filter(mine)


def check_respond(
    user, escalation: Escalation, outcome: str, note: str, child_safe_now: str = "", learning: str = ""
) -> list[Problem]:
    if not is_party(user, escalation):
        raise NotAllowed("Only the two agencies in the disagreement can respond to it.")
    problems = []
    if escalation.status != Escalation.Status.OPEN:
        problems.append(Problem(["outcome"], "This disagreement has already been resolved"))
    if outcome not in ("resolved", "escalate"):
        problems.append(Problem(["outcome"], "Choose whether it is resolved or moves to the next stage"))
    if not (note or "").strip():
        problems.append(Problem(["note"], "Say what was agreed, or why it needs to go further"))
    if child_safe_now and child_safe_now not in ChildSafe.values:
        problems.append(Problem(["child_safe_now"], "Say whether you think the child is safe now"))
    if outcome == "escalate" and escalation.status == Escalation.Status.OPEN and stage(escalation.stage + 1) is None:
        problems.append(
            Problem(["outcome"], "This is the last stage: record the outcome the safeguarding leads reached")
        )
    return problems


def respond(
    user,
    escalation: Escalation,
    outcome: str,
    note: str,
    child_safe_now: str = "",
    learning: str = "",
    now: dt.datetime | None = None,
) -> Escalation:
    problems = check_respond(user, escalation, outcome, note, child_safe_now, learning)
    refuse_if(
        problems,
        "The response could not be recorded: see errors.",
        conflict=escalation.status != Escalation.Status.OPEN,
    )
    return do_respond(user, escalation, outcome, note.strip(), child_safe_now, learning.strip(), now=now)


@transaction.atomic
def do_respond(user, escalation, outcome, note, child_safe_now="", learning="", now=None) -> Escalation:
    now = now or timezone.now()
    escalation = Escalation.objects.select_for_update().get(pk=escalation.pk)
    Step.objects.create(
        escalation=escalation,
        stage=escalation.stage,
        kind=Step.Kind.RESPONSE,
        child_safe_now=child_safe_now,
        note=note,
        by=user,
        by_agency=user.agency,
        at=now,
    )
    if outcome == "resolved":
        escalation.status, escalation.outcome, escalation.learning = Escalation.Status.RESOLVED, note, learning
        escalation.resolved_at, escalation.respond_by = now, None
        Step.objects.create(
            escalation=escalation,
            stage=escalation.stage,
            kind=Step.Kind.RESOLVED,
            note=note,
            by=user,
            by_agency=user.agency,
            at=now,
        )
        subject = f"{escalation.reference}: resolved"
    else:
        escalation.stage += 1
        escalation.respond_by, escalation.prompted_at = respond_by_for(escalation.stage, now), None
        Step.objects.create(
            escalation=escalation,
            stage=escalation.stage,
            kind=Step.Kind.ESCALATED,
            note=note,
            by=user,
            by_agency=user.agency,
            at=now,
        )
        next_stage = stage(escalation.stage)
        subject = f"{escalation.reference}: moved to stage {escalation.stage} ({next_stage.who})"
    escalation.save()
    _tell_both_sides(escalation, subject, "Sign in to macp to read the disagreement and its history.")
    return escalation


def overdue(now: dt.datetime | None = None):
    now = now or timezone.now()
    return Escalation.objects.filter(status=Escalation.Status.OPEN, respond_by__lt=now, prompted_at__isnull=True)


def prompt_overdue(now: dt.datetime | None = None) -> list[Escalation]:
    """For the scheduler: every open disagreement whose stage is past its respond-by time prompts both sides once
    (per stage) and records the prompt; it moves up only when one side asks (respond with "escalate")."""
    now = now or timezone.now()
    prompted = []
    for escalation in overdue(now).select_related("raised_by_agency", "decision_agency"):
        with transaction.atomic():
            if not Escalation.objects.filter(pk=escalation.pk, prompted_at__isnull=True).update(prompted_at=now):
                continue
            Step.objects.create(
                escalation=escalation,
                stage=escalation.stage,
                kind=Step.Kind.PROMPTED,
                at=now,
                note=f"Stage {escalation.stage} was due by {_when(escalation.respond_by)}.",
            )
            _tell_both_sides(
                escalation,
                f"{escalation.reference}: stage {escalation.stage} is overdue",
                "Is the child safe now? Either resolve the disagreement or move it to the next stage.",
            )
            prompted.append(escalation)
    return prompted


def open_for_child(person):
    return Escalation.objects.filter(child=person, status=Escalation.Status.OPEN).select_related("raised_by_agency")


def open_for_decision(kind: str, ident) -> list[Escalation]:
    """For the decision's own page (strategy discussion, front-door decision): the disagreements still open about it."""
    return list(
        Escalation.objects.filter(about_kind=kind, about_id=str(ident), status=Escalation.Status.OPEN)
        .select_related("raised_by_agency", "decision_agency")
        .order_by("raised_at")
    )


def open_for_decisions(kind: str, idents) -> dict[str, list[Escalation]]:
    """open_for_decision for several decisions of one kind at once (each child's row of a conference)."""
    found: dict[str, list[Escalation]] = {str(i): [] for i in idents}
    for e in (
        Escalation.objects.filter(about_kind=kind, about_id__in=list(found), status=Escalation.Status.OPEN)
        .select_related("raised_by_agency", "decision_agency")
        .order_by("raised_at")
    ):
        found[e.about_id].append(e)
    return found


def raise_url(kind: str, ident, *, child=None, dissent=None) -> str:
    """Where a professional raises a disagreement about this decision (the raise page, filled in)."""
    query = {"kind": kind, "about_id": str(ident)}
    if child:
        query["child"] = str(child)
    if dissent:
        query["dissent"] = str(dissent)
    return reverse("escalations:raise") + "?" + urlencode(query)


def chronology_entries(person) -> list[dict]:
    """The child's disagreements for the chronology: one entry each time one was raised or resolved."""
    out = []
    for step in Step.objects.filter(
        escalation__child=person, kind__in=[Step.Kind.RAISED, Step.Kind.RESOLVED]
    ).select_related("escalation", "by_agency", "by"):
        e = step.escalation
        out.append(
            {
                "id": f"escalation-{e.pk}-{step.pk}",
                "occurred_at": step.at,
                "source": step.by_agency.code if step.by_agency else "",
                "type": f"escalation_{step.kind}",
                "significance": "high" if step.kind == Step.Kind.RAISED else "medium",
                "summary": f"{e.reference} ({e.about_label}): {step.note}",
                "recorded_by": str(step.by or ""),
                "status": "confirmed",
            }
        )
    return out


def _when(moment) -> str:
    return f"{timezone.localtime(moment):%-d %B %Y at %H:%M}" if moment else "no fixed time"


def _tell_both_sides(escalation: Escalation, subject: str, body: str) -> None:
    for agency in {a for a in (escalation.raised_by_agency, escalation.decision_agency) if a}:
        transaction.on_commit(
            lambda to=agency.email: email(to, subject, body, kind="escalation", reference=escalation.reference)
        )
