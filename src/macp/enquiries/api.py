"""Section 47 enquiries (CONTRACTS.md §8). Every call opens the child through access (checked and audited); writing
needs the role and agency rules in enquiries.permissions."""

import datetime as dt
from typing import Literal

from django.shortcuts import get_object_or_404
from django.urls import reverse
from ninja import Router, Schema, Status

from macp.access.http import open_for_api
from macp.access.models import AccessEvent
from macp.core.problems import InvalidInput, Problem
from macp.enquiries import investigation, matrix, search
from macp.enquiries.models import Answer, Enquiry, Hypothesis, KeyQuestion

router = Router(tags=["section 47 enquiries"])


class HypothesisOut(Schema):
    id: int
    statement: str
    evidence_for: str
    evidence_against: str
    status: str


class ChildSeenOut(Schema):
    id: int
    seen_at: dt.datetime | None
    seen_alone: bool | None
    by_agency: str
    by_name: str
    note: str
    not_seen_reason: str


class VoiceOut(Schema):
    id: int
    recorded_at: dt.datetime
    words: str
    method: str
    observed: bool
    by_agency: str


class TaskOut(Schema):
    id: int
    kind: str
    detail: str
    agency: str | None
    due: dt.date | None
    done_at: dt.datetime | None


class EnquiryOut(Schema):
    id: int
    child: str
    strategy_discussion: int
    lead_agency: str
    joint: bool
    status: Literal["open", "concluded"]
    icpc_due: dt.date
    assessment_due: dt.date
    outcome: str | None
    outcome_rationale: str
    social_worker: str | None
    police_investigator: str | None
    contingency: str
    safety_plan: str
    hypotheses: list[HypothesisOut]
    child_seen: list[ChildSeenOut]
    voice: list[VoiceOut]
    tasks: list[TaskOut]


class HypothesisIn(Schema):
    statement: str
    evidence_for: str = ""
    evidence_against: str = ""
    status: Literal["open", "confirmed", "excluded"] = "open"


class HypothesisChange(Schema):
    statement: str | None = None
    evidence_for: str | None = None
    evidence_against: str | None = None
    status: Literal["open", "confirmed", "excluded"] | None = None


class ChildSeenIn(Schema):
    seen_at: dt.datetime | None = None
    seen_alone: bool | None = None
    by_agency: str
    by_name: str = ""
    note: str = ""
    not_seen_reason: str = ""


class VoiceIn(Schema):
    recorded_at: dt.datetime
    words: str
    method: str
    by_agency: str
    observed: bool = False


class OutcomeIn(Schema):
    outcome: Literal["icpc", "child_in_need", "family_help", "no_further_action"]
    rationale: str


def _open_child(request, child_id) -> None:
    open_for_api(request, child_id)


def _get(request, enquiry_id: int) -> Enquiry:
    enquiry = get_object_or_404(
        Enquiry.objects.select_related(
            "child", "lead_agency", "social_worker", "police_investigator", "social_care", "police"
        ),
        pk=enquiry_id,
    )
    _open_child(request, enquiry.child_id)
    return enquiry


def _out(e: Enquiry) -> EnquiryOut:
    return EnquiryOut(
        id=e.pk,
        child=str(e.child_id),
        strategy_discussion=e.strategy_discussion_id,
        lead_agency=e.lead_agency.code,
        joint=e.joint,
        status=e.status,
        icpc_due=e.icpc_due,
        assessment_due=e.assessment_due,
        outcome=e.outcome or None,
        outcome_rationale=e.outcome_rationale,
        social_worker=e.social_worker.display_name if e.social_worker else None,
        police_investigator=e.police_investigator.display_name if e.police_investigator else None,
        contingency=e.contingency,
        safety_plan=e.safety_plan,
        hypotheses=[
            HypothesisOut(
                id=h.pk,
                statement=h.statement,
                evidence_for=h.evidence_for,
                evidence_against=h.evidence_against,
                status=h.status,
            )
            for h in e.hypotheses.all()
        ],
        child_seen=[
            ChildSeenOut(
                id=s.pk,
                seen_at=s.seen_at,
                seen_alone=s.seen_alone,
                by_agency=s.by_agency.code,
                by_name=s.by_name,
                note=s.note,
                not_seen_reason=s.not_seen_reason,
            )
            for s in e.child_seen.select_related("by_agency")
        ],
        voice=[
            VoiceOut(
                id=v.pk,
                recorded_at=v.recorded_at,
                words=v.words,
                method=v.method,
                observed=v.observed,
                by_agency=v.by_agency.code,
            )
            for v in e.voice.select_related("by_agency")
        ],
        tasks=[
            TaskOut(
                id=t.pk,
                kind=t.kind,
                detail=t.detail,
                agency=t.agency.code if t.agency else None,
                due=t.due,
                done_at=t.done_at,
            )
            for t in e.tasks.select_related("agency")
        ],
    )


@router.get("", response=list[EnquiryOut], summary="The enquiries about a child (audited)")
def list_enquiries(request, child: str):
    _open_child(request, child)
    return [
        _out(e)
        for e in Enquiry.objects.filter(child_id=child)
        .select_related("lead_agency", "social_worker", "police_investigator")
        .order_by("opened_at")
    ]


@router.get("/{enquiry_id}", response=EnquiryOut, summary="One enquiry (audited)")
def get_enquiry(request, enquiry_id: int):
    return _out(_get(request, enquiry_id))


@router.post(
    "/{enquiry_id}/hypotheses", response={201: HypothesisOut}, summary="Add a hypothesis to confirm or exclude"
)
def add_hypothesis(request, enquiry_id: int, body: HypothesisIn):
    h = investigation.add_hypothesis(
        _get(request, enquiry_id), request.user, body.statement, body.evidence_for, body.evidence_against, body.status
    )
    return Status(
        201,
        HypothesisOut(
            id=h.pk,
            statement=h.statement,
            evidence_for=h.evidence_for,
            evidence_against=h.evidence_against,
            status=h.status,
        ),
    )


@router.post(
    "/{enquiry_id}/hypotheses/{hypothesis_id}",
    response=HypothesisOut,
    summary="Change a hypothesis (its evidence or status)",
)
def change_hypothesis(request, enquiry_id: int, hypothesis_id: int, body: HypothesisChange):
    enquiry = _get(request, enquiry_id)
    h = get_object_or_404(Hypothesis, pk=hypothesis_id, enquiry=enquiry)
    h = investigation.change_hypothesis(h, request.user, **body.dict())
    return HypothesisOut(
        id=h.pk,
        statement=h.statement,
        evidence_for=h.evidence_for,
        evidence_against=h.evidence_against,
        status=h.status,
    )


@router.post(
    "/{enquiry_id}/child-seen",
    response={201: ChildSeenOut},
    summary="The child seen (when, alone or not, by whom), or why not",
)
def child_seen(request, enquiry_id: int, body: ChildSeenIn):
    s = investigation.record_child_seen(
        _get(request, enquiry_id),
        request.user,
        seen_at=body.seen_at,
        seen_alone=body.seen_alone,
        by_agency=body.by_agency,
        by_name=body.by_name,
        note=body.note,
        not_seen_reason=body.not_seen_reason,
    )
    return Status(
        201,
        ChildSeenOut(
            id=s.pk,
            seen_at=s.seen_at,
            seen_alone=s.seen_alone,
            by_agency=s.by_agency.code,
            by_name=s.by_name,
            note=s.note,
            not_seen_reason=s.not_seen_reason,
        ),
    )


@router.post(
    "/{enquiry_id}/voice",
    response={201: VoiceOut},
    summary="The child's own words, wishes and feelings (or what was observed)",
)
def voice(request, enquiry_id: int, body: VoiceIn):
    v = investigation.record_voice(
        _get(request, enquiry_id),
        request.user,
        recorded_at=body.recorded_at,
        words=body.words,
        method=body.method,
        by_agency=body.by_agency,
        observed=body.observed,
    )
    return Status(
        201,
        VoiceOut(
            id=v.pk,
            recorded_at=v.recorded_at,
            words=v.words,
            method=v.method,
            observed=v.observed,
            by_agency=v.by_agency.code,
        ),
    )


@router.post(
    "/{enquiry_id}/outcome",
    response=EnquiryOut,
    summary="The outcome, refused (409) with every reason while the enquiry is incomplete",
)
def outcome(request, enquiry_id: int, body: OutcomeIn):
    return _out(investigation.record_outcome(_get(request, enquiry_id), request.user, body.outcome, body.rationale))


# ---- the discrepancy matrix (Bristol CSPR 2024 §3.2.7) -------------------------------------------------------------


class GapActionOut(Schema):
    what: str
    owner_agency: str
    owner: str
    due: dt.date
    done_at: dt.datetime | None


class AnswerOut(Schema):
    agency: str
    state: Literal["known", "not_known", "ambiguous", "missing"]
    note: str
    action: GapActionOut | None


class QuestionOut(Schema):
    id: int
    text: str
    answers: list[AnswerOut]


class MatrixOut(Schema):
    enquiry: int
    agencies: list[str]
    questions: list[QuestionOut]


class QuestionIn(Schema):
    text: str


class GapActionIn(Schema):
    what: str = ""
    owner: str = ""
    due: dt.date | None = None


class AnswerIn(Schema):
    agency: str
    state: Literal["known", "not_known", "ambiguous", "missing"]
    note: str = ""
    action: GapActionIn | None = None


def _answer_out(a: Answer) -> AnswerOut:
    gap = getattr(a, "action", None)
    return AnswerOut(
        agency=a.agency.code,
        state=a.state,
        note=a.note,
        action=GapActionOut(
            what=gap.what, owner_agency=gap.owner_agency.code, owner=gap.owner, due=gap.due, done_at=gap.done_at
        )
        if gap
        else None,
    )


@router.get("/{enquiry_id}/matrix", response=MatrixOut, summary="The discrepancy matrix: each key question by agency")
def get_matrix(request, enquiry_id: int):
    enquiry = _get(request, enquiry_id)
    columns, rows = matrix.grid(enquiry)
    return MatrixOut(
        enquiry=enquiry.pk,
        agencies=[a.code for a in columns],
        questions=[
            QuestionOut(
                id=row["question"].pk,
                text=row["question"].text,
                answers=[_answer_out(a) for a in row["cells"] if a is not None],
            )
            for row in rows
        ],
    )


@router.post("/{enquiry_id}/matrix/questions", response={201: QuestionOut}, summary="Add a key question")
def add_question(request, enquiry_id: int, body: QuestionIn):
    q = matrix.add_question(_get(request, enquiry_id), request.user, body.text)
    return Status(201, QuestionOut(id=q.pk, text=q.text, answers=[]))


@router.post(
    "/{enquiry_id}/matrix/questions/{question_id}/answers",
    response={201: AnswerOut},
    summary="One agency's answer: known, not known, ambiguous or missing; a gap needs its action (what, owner, due)",
)
def answer_question(request, enquiry_id: int, question_id: int, body: AnswerIn):
    question = get_object_or_404(KeyQuestion, pk=question_id, enquiry=_get(request, enquiry_id))
    action = body.action.dict() if body.action else None
    a = matrix.record_answer(question, request.user, body.agency, body.state, body.note, action)
    a = Answer.objects.select_related("agency", "action__owner_agency").get(pk=a.pk)
    return Status(201, _answer_out(a))


# ---- people search (need-to-know; every search audited) ------------------------------------------------------------

search_router = Router(tags=["people search"])


class FoundOut(Schema):
    person_id: str
    may_open: bool
    name: str | None
    date_of_birth: dt.date | None
    sex: str | None
    postcode: str | None
    other_names: list[str]
    request_access: str | None


@search_router.get(
    "",
    response=list[FoundOut],
    summary="People search: people you may open with enough to tell them apart; for others only that a record exists",
)
def people_search(
    request,
    name: str = "",
    date_of_birth: dt.date | None = None,
    nhs_number: str = "",
    postcode: str = "",
):
    problems = search.check_terms(name, date_of_birth, nhs_number, postcode)
    if problems:
        raise InvalidInput("Say who you are looking for.", [Problem(["query", "name"], m) for m in problems])
    found = search.search(
        request.user,
        name=name,
        date_of_birth=date_of_birth,
        nhs_number=nhs_number,
        postcode=postcode,
        route=request.path,
        channel=AccessEvent.Channel.API,
    )
    return [
        FoundOut(
            person_id=str(f.person.pk),
            may_open=f.may_open,
            name=f.person.full_name if f.may_open else None,
            date_of_birth=f.person.date_of_birth if f.may_open else None,
            sex=f.person.sex if f.may_open else None,
            postcode=(f.postcode or None) if f.may_open else None,
            other_names=f.other_names if f.may_open else [],
            request_access=None if f.may_open else reverse("access:request_access", kwargs={"person_id": f.person.pk}),
        )
        for f in found
    ]
