"""The enquiry's work, each child separately: allocation, the plan (hypotheses, tasks, contingency, safety plan),
the child seen and seen alone, the child's own voice, and the outcome.

check_* functions return the problems and write nothing; the other functions check, then write (Zulip's
zerver/actions style). Sources: Bristol CSPR 2024 (seed 000) §3.2 — hypotheses not confirmed or excluded,
children not seen alone, their voice missing; Working Together 2023 ch. 4.
"""

import datetime as dt

from django.db import transaction
from django.utils import timezone

from macp.accounts.models import Agency, Role, User
from macp.core.problems import InvalidInput, Problem
from macp.enquiries.models import ChildSeen, Enquiry, Hypothesis, Task, Voice
from macp.enquiries.permissions import can_allocate, can_work_on, require

NOT_ALLOWED = "Only the social worker, the police investigator or their managers work on this enquiry."


def _agency(code: str | None, loc: list, problems: list) -> Agency | None:
    agency = Agency.objects.filter(code=code).first() if code else None
    if agency is None:
        problems.append(Problem(loc, "Choose the agency" if not code else f"Unknown agency {code!r}"))
    return agency


def _open_enquiry(enquiry: Enquiry) -> None:
    if enquiry.status != Enquiry.Status.OPEN:
        raise InvalidInput(
            "The enquiry is concluded.",
            [Problem(["status"], "The enquiry has an outcome: it can no longer be changed")],
            status=409,
        )


# ---- allocation ------------------------------------------------------------------------------------------------


def check_allocation(enquiry: Enquiry, social_worker: User | None, police_investigator: User | None) -> list[Problem]:
    problems = []
    if social_worker and not (
        social_worker.has_role(Role.SOCIAL_WORKER) and social_worker.agency_id == enquiry.social_care_id
    ):
        problems.append(Problem(["social_worker"], f"Choose a social worker of {enquiry.social_care.name}"))
    if police_investigator:
        if not enquiry.joint:
            problems.append(Problem(["police_investigator"], "A single-agency enquiry has no police investigator"))
        elif not (
            police_investigator.has_role(Role.POLICE_INVESTIGATOR)
            and police_investigator.agency_id == enquiry.police_id
        ):
            problems.append(Problem(["police_investigator"], f"Choose an investigator of {enquiry.police.name}"))
    return problems


def allocate(enquiry: Enquiry, manager, social_worker: User | None, police_investigator: User | None) -> Enquiry:
    """The named social worker (by the council's team manager) and police investigator (by the police's)."""
    require(can_allocate(manager, enquiry), "Only a team manager of the agencies doing the enquiry allocates it.")
    problems = check_allocation(enquiry, social_worker, police_investigator)
    if problems:
        raise InvalidInput("The enquiry was not allocated.", problems)
    # Each agency names its own: the council its social worker, the police force its investigator.
    if manager.agency_id == enquiry.social_care_id:
        enquiry.social_worker = social_worker
        enquiry.team = enquiry.team or manager.team
    if manager.agency_id == enquiry.police_id:
        enquiry.police_investigator = police_investigator
    enquiry.save(update_fields=["social_worker", "police_investigator", "team"])
    return enquiry


def allocatable(enquiry: Enquiry) -> dict:
    """Who may be named: social workers of the council, investigators of the police force."""
    base = User.objects.filter(is_active=True).order_by("first_name", "last_name", "username")
    return {
        "social_workers": list(base.filter(agency_id=enquiry.social_care_id, roles__role=Role.SOCIAL_WORKER)),
        "police_investigators": list(base.filter(agency_id=enquiry.police_id, roles__role=Role.POLICE_INVESTIGATOR))
        if enquiry.police_id
        else [],
    }


# ---- the plan ----------------------------------------------------------------------------------------------------


def save_plan(enquiry: Enquiry, user, contingency: str, safety_plan: str) -> Enquiry:
    require(can_work_on(user, enquiry), NOT_ALLOWED)
    _open_enquiry(enquiry)
    if not (safety_plan or "").strip():
        raise InvalidInput(
            "The plan was not saved.", [Problem(["safety_plan"], "Say how the child is kept safe during the enquiry")]
        )
    enquiry.contingency, enquiry.safety_plan = (contingency or "").strip(), safety_plan.strip()
    enquiry.save(update_fields=["contingency", "safety_plan"])
    return enquiry


def check_hypothesis(statement: str, status: str) -> list[Problem]:
    problems = []
    if not (statement or "").strip():
        problems.append(
            Problem(["statement"], "Write the hypothesis: what might explain what is happening to the child")
        )
    if status not in Hypothesis.Status.values:
        problems.append(Problem(["status"], "Status is open, confirmed or excluded"))
    return problems


def _check_evidence(status: str, evidence_for: str, evidence_against: str) -> list[Problem]:
    # A hypothesis is confirmed or excluded on evidence, never on a feeling (Bristol CSPR §3.2.6).
    if status == Hypothesis.Status.CONFIRMED and not (evidence_for or "").strip():
        return [Problem(["evidence_for"], "Give the evidence that confirms it")]
    if status == Hypothesis.Status.EXCLUDED and not (evidence_against or "").strip():
        return [Problem(["evidence_against"], "Give the evidence that excludes it")]
    return []


def add_hypothesis(
    enquiry: Enquiry,
    user,
    statement: str,
    evidence_for: str = "",
    evidence_against: str = "",
    status: str = Hypothesis.Status.OPEN,
) -> Hypothesis:
    require(can_work_on(user, enquiry), NOT_ALLOWED)
    _open_enquiry(enquiry)
    problems = check_hypothesis(statement, status) + _check_evidence(status, evidence_for, evidence_against)
    if problems:
        raise InvalidInput("The hypothesis was not recorded.", problems)
    return Hypothesis.objects.create(
        enquiry=enquiry,
        statement=statement.strip(),
        evidence_for=(evidence_for or "").strip(),
        evidence_against=(evidence_against or "").strip(),
        status=status,
        recorded_by=user,
    )


def change_hypothesis(hypothesis: Hypothesis, user, **changes) -> Hypothesis:
    """Change any of statement, evidence_for, evidence_against, status (the others stay as they were)."""
    enquiry = hypothesis.enquiry
    require(can_work_on(user, enquiry), NOT_ALLOWED)
    _open_enquiry(enquiry)
    values = {k: getattr(hypothesis, k) for k in ("statement", "evidence_for", "evidence_against", "status")}
    values.update(
        {k: (v or "").strip() if k != "status" else v for k, v in changes.items() if v is not None and k in values}
    )
    problems = check_hypothesis(values["statement"], values["status"]) + _check_evidence(
        values["status"], values["evidence_for"], values["evidence_against"]
    )
    if problems:
        raise InvalidInput("The hypothesis was not changed.", problems)
    for k, v in values.items():
        setattr(hypothesis, k, v)
    hypothesis.save()
    return hypothesis


def add_task(enquiry: Enquiry, user, kind: str, agency_code: str, due: dt.date | None, detail: str = "") -> Task:
    require(can_work_on(user, enquiry), NOT_ALLOWED)
    _open_enquiry(enquiry)
    problems = []
    if kind not in Task.Kind.values:
        problems.append(Problem(["kind"], "Choose the kind of task"))
    agency = _agency(agency_code, ["agency"], problems)
    if due is None:
        problems.append(Problem(["due"], "Enter the date it is due"))
    if kind == Task.Kind.OTHER and not (detail or "").strip():
        problems.append(Problem(["detail"], "Say what the task is"))
    if problems:
        raise InvalidInput("The task was not added.", problems)
    return Task.objects.create(enquiry=enquiry, kind=kind, agency=agency, due=due, detail=(detail or "").strip()[:300])


def complete_task(task: Task, user, note: str) -> Task:
    require(can_work_on(user, task.enquiry) or (user.agency_id and user.agency_id == task.agency_id), NOT_ALLOWED)
    problems = []
    if task.done_at:
        problems.append(Problem(["task"], "This task is already done"))
    if not (note or "").strip():
        problems.append(Problem(["note"], "Say what was done and what it found"))
    if problems:
        raise InvalidInput("The task was not marked done.", problems)
    task.done_at, task.done_by, task.note = timezone.now(), user, note.strip()
    task.save(update_fields=["done_at", "done_by", "note"])
    return task


# ---- the child seen, and their voice -------------------------------------------------------------------------


def check_child_seen(seen_at, seen_alone, not_seen_reason: str) -> list[Problem]:
    problems = []
    reason = (not_seen_reason or "").strip()
    if seen_at is None and not reason:
        problems.append(Problem(["seen_at"], "Enter when the child was seen, or why they have not been seen"))
    if seen_at is not None and reason:
        problems.append(
            Problem(["not_seen_reason"], "Either the child was seen or not: leave the reason empty when they were")
        )
    if seen_at is not None and seen_at > timezone.now() + dt.timedelta(minutes=5):
        problems.append(Problem(["seen_at"], "When the child was seen must be in the past"))
    if seen_at is not None and seen_alone is None:
        problems.append(Problem(["seen_alone"], "Say whether the child was seen alone"))
    return problems


@transaction.atomic
def record_child_seen(
    enquiry: Enquiry,
    user,
    *,
    seen_at,
    seen_alone: bool | None,
    by_agency: str,
    by_name: str = "",
    note: str = "",
    not_seen_reason: str = "",
) -> ChildSeen:
    require(can_work_on(user, enquiry), NOT_ALLOWED)
    _open_enquiry(enquiry)
    problems = check_child_seen(seen_at, seen_alone, not_seen_reason)
    agency = _agency(by_agency, ["by_agency"], problems)
    if problems:
        raise InvalidInput("Nothing was recorded.", problems)
    seen = ChildSeen.objects.create(
        enquiry=enquiry,
        seen_at=seen_at,
        seen_alone=seen_alone if seen_at else None,
        by_agency=agency,
        by_name=(by_name or user.display_name).strip()[:200],
        note=(note or "").strip(),
        not_seen_reason=(not_seen_reason or "").strip(),
        recorded_by=user,
    )
    if seen_at:
        kinds = [Task.Kind.SEE_CHILD] + ([Task.Kind.SEE_CHILD_ALONE] if seen_alone else [])
        enquiry.tasks.filter(kind__in=kinds, done_at=None).update(
            done_at=timezone.now(), done_by=user, note=f"Seen {'alone ' if seen_alone else ''}by {seen.by_name}"
        )
    return seen


def record_voice(
    enquiry: Enquiry, user, *, recorded_at, words: str, method: str, by_agency: str, observed: bool = False
) -> Voice:
    """The child's own words, as they said them (or, for a baby, what was observed) and how they were obtained."""
    require(can_work_on(user, enquiry), NOT_ALLOWED)
    _open_enquiry(enquiry)
    problems = []
    if recorded_at is None:
        problems.append(Problem(["recorded_at"], "Enter when the child said this, or when it was observed"))
    if not (words or "").strip():
        problems.append(Problem(["words"], "Write the child's own words, wishes and feelings, or what was observed"))
    if not (method or "").strip():
        problems.append(
            Problem(["method"], "Say how it was obtained (seen alone at school, play, observation at home…)")
        )
    agency = _agency(by_agency, ["by_agency"], problems)
    if problems:
        raise InvalidInput("The child's voice was not recorded.", problems)
    return Voice.objects.create(
        enquiry=enquiry,
        recorded_at=recorded_at,
        words=words.strip(),
        method=method.strip()[:300],
        observed=observed,
        by_agency=agency,
        recorded_by=user,
    )


# ---- the outcome -------------------------------------------------------------------------------------------------


def outcome_problems(enquiry: Enquiry) -> list[Problem]:
    """Why the enquiry cannot conclude yet — every reason at once (CONTRACTS.md §8): a hypothesis still open, the
    child not seen with no reason recorded, the child's voice not recorded (Bristol CSPR 2024 §3.2)."""
    problems = [
        Problem(["hypotheses", str(h.pk)], f"Hypothesis “{h.statement[:80]}” is still open: confirm or exclude it")
        for h in enquiry.hypotheses.filter(status=Hypothesis.Status.OPEN)
    ]
    sightings = list(enquiry.child_seen.all())
    if not any(s.seen_at for s in sightings) and not any(s.not_seen_reason for s in sightings):
        problems.append(
            Problem(["child_seen"], f"{enquiry.child.full_name} has not been seen, and no reason is recorded")
        )
    if not enquiry.voice.exists():
        problems.append(
            Problem(
                ["voice"],
                f"{enquiry.child.full_name}'s own voice (words, wishes and feelings, or what was observed) is not recorded",
            )
        )
    return problems


def check_outcome(outcome: str, rationale: str) -> list[Problem]:
    problems = []
    if outcome not in Enquiry.Outcome.values:
        problems.append(
            Problem(["outcome"], "Choose the outcome: icpc, child_in_need, family_help or no_further_action")
        )
    if not (rationale or "").strip():
        problems.append(Problem(["rationale"], "Give the rationale for the outcome"))
    return problems


def record_outcome(enquiry: Enquiry, user, outcome: str, rationale: str) -> Enquiry:
    require(can_work_on(user, enquiry), NOT_ALLOWED)
    _open_enquiry(enquiry)
    problems = check_outcome(outcome, rationale)
    if problems:
        raise InvalidInput("The outcome was not recorded.", problems)
    problems = outcome_problems(enquiry)
    if problems:
        raise InvalidInput("The enquiry cannot conclude yet.", problems, status=409)
    enquiry.outcome, enquiry.outcome_rationale = outcome, rationale.strip()
    enquiry.outcome_at, enquiry.outcome_by, enquiry.status = timezone.now(), user, Enquiry.Status.CONCLUDED
    enquiry.save(update_fields=["outcome", "outcome_rationale", "outcome_at", "outcome_by", "status"])
    return enquiry
