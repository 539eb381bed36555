"""POST /api/v1/source-records (CONTRACTS.md §3): an agency's atomic, idempotent batch."""

from typing import Any

from ninja import Field, Router, Schema, Status

from macp.identity.services import ingest_batch

router = Router(tags=["source records"])


class BatchIn(Schema):
    source: str = Field(..., description="Agency code of the sender", examples=["gp-avon-001"])
    batch_id: str = Field(..., description="Unique per source: a resend with the same id returns the first result")
    records: list[dict[str, Any]] = Field(
        ..., description="Records of kind person, relationship, involvement or event, as in CONTRACTS.md §3"
    )


class PersonLinked(Schema):
    source_id: str
    person_id: str
    link: str
    review: str | None = None


class BatchOut(Schema):
    batch_id: str
    accepted: int
    people: list[PersonLinked]
    unchanged: int = 0
    warnings: list[dict] = []


@router.post("", response={200: BatchOut, 201: BatchOut}, summary="Send a batch of agency records")
def post_source_records(request, batch: BatchIn):
    result, _ = ingest_batch(request.user, batch.source, batch.batch_id, batch.records)
    # A resend is answered exactly as the first time (CONTRACTS.md §3: "returns the first result").
    return Status(201, result)
