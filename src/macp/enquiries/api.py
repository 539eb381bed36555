"""Section 47 enquiries (CONTRACTS.md §8). Every call opens the child through access (checked and audited); writing
needs the role and agency rules in enquiries.permissions."""

import datetime as dt
from typing import Literal

from django.shortcuts import get_object_or_404
from ninja import Router, Schema, Status

from macp.access.http import open_for_api
from macp.enquiries import investigation
from macp.enquiries.models import Enquiry, Hypothesis

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
