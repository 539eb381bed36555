"""The discrepancy matrix (Bristol CSPR 2024 §3.2.7): for each key question, what each agency knows, does not
know, holds ambiguously, or is missing; every gap becomes an action with an owner and a date."""

import datetime as dt

from django.db import transaction
from django.db.models import Q

from macp.accounts.models import Agency
from macp.core.problems import InvalidInput, Problem
from macp.enquiries.models import Answer, Enquiry, GapAction, KeyQuestion
from macp.enquiries.permissions import can_work_on, require
from macp.strategy.models import Invitation

GAPS = (Answer.State.NOT_KNOWN, Answer.State.AMBIGUOUS, Answer.State.MISSING)
NOT_ALLOWED = "Only the social worker, the police investigator or their managers keep the matrix."


def agencies(enquiry: Enquiry) -> list[Agency]:
    """The columns: the agencies invited to the strategy discussion, and any that have answered since."""
    invited = (
        Invitation.objects.filter(discussion=enquiry.strategy_discussion)
        .exclude(status=Invitation.Status.REMOVED)
        .values("agency_id")
    )
    answered = Answer.objects.filter(question__enquiry=enquiry).values("agency_id")
    return list(Agency.objects.filter(Q(pk__in=invited) | Q(pk__in=answered)).order_by("name"))


def grid(enquiry: Enquiry) -> tuple[list[Agency], list[dict]]:
    columns = agencies(enquiry)
    answers = {
        (a.question_id, a.agency_id): a
        for a in Answer.objects.filter(question__enquiry=enquiry).select_related("action__owner_agency")
    }
    rows = [{"question": q, "cells": [answers.get((q.pk, a.pk)) for a in columns]} for q in enquiry.questions.all()]
    return columns, rows


def add_question(enquiry: Enquiry, user, text: str) -> KeyQuestion:
    require(can_work_on(user, enquiry), NOT_ALLOWED)
    if not (text or "").strip():
        raise InvalidInput(
            "The question was not added.",
            [Problem(["text"], "Write the key question, e.g. Who lives in the household?")],
        )
    return KeyQuestion.objects.create(enquiry=enquiry, text=text.strip()[:300], added_by=user)


def check_answer(state: str, note: str, action: dict | None) -> list[Problem]:
    problems = []
    if state not in Answer.State.values:
        problems.append(Problem(["state"], "Choose known, not known, ambiguous or missing"))
    if state == Answer.State.KNOWN and not (note or "").strip():
        problems.append(Problem(["note"], "Say what is known"))
    if state in GAPS:
        action = action or {}
        if not (action.get("what") or "").strip():
            problems.append(Problem(["what"], "Say what will be done to close the gap"))
        if not (action.get("owner") or "").strip():
            problems.append(Problem(["owner"], "Name who will do it"))
        if not isinstance(action.get("due"), dt.date):
            problems.append(Problem(["due"], "Enter the date it is due"))
    return problems


@transaction.atomic
def record_answer(
    question: KeyQuestion, user, agency_code: str, state: str, note: str = "", action: dict | None = None
) -> Answer:
    """One agency's cell. A gap (not known, ambiguous, missing) must come with its action: what, owner, due; the
    owning agency is the one whose column it is."""
    require(can_work_on(user, question.enquiry), NOT_ALLOWED)
    agency = Agency.objects.filter(code=agency_code).first() if agency_code else None
    problems = [] if agency else [Problem(["agency"], "Choose the agency")]
    problems += check_answer(state, note, action)
    if problems:
        raise InvalidInput("The answer was not recorded.", problems)
    answer, _ = Answer.objects.update_or_create(
        question=question, agency=agency, defaults={"state": state, "note": (note or "").strip(), "recorded_by": user}
    )
    if state in GAPS:
        GapAction.objects.update_or_create(
            answer=answer,
            defaults={
                "what": action["what"].strip(),
                "owner": action["owner"].strip()[:200],
                "due": action["due"],
                "owner_agency": agency,
            },
        )
    else:
        GapAction.objects.filter(answer=answer).delete()
    return answer
