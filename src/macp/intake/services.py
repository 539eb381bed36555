"""Storing what agencies send: records by (agency, kind, source_id), a new version only when the data changed."""

import dataclasses

from macp.accounts.models import Agency
from macp.intake.models import Batch, PersonReference, SourceRecord, SourceRecordVersion
from macp.intake.validation import CleanRecord


@dataclasses.dataclass
class Stored:
    record: SourceRecord
    changed: bool  # new, or a new version


def known_person_ids(agency: Agency) -> set[str]:
    return set(
        SourceRecord.objects.filter(agency=agency, kind=SourceRecord.Kind.PERSON).values_list("source_id", flat=True)
    )


def find_batch(agency: Agency, batch_id: str) -> Batch | None:
    return Batch.objects.filter(agency=agency, batch_id=batch_id).first()


def store_records(agency: Agency, batch: Batch, records: list[CleanRecord]) -> list[Stored]:
    """Save each record; call inside the batch's transaction."""
    existing = {
        (r.kind, r.source_id): r
        for r in SourceRecord.objects.filter(agency=agency, source_id__in=[c.source_id for c in records])
    }
    stored: list[Stored] = []
    for clean in records:
        record = existing.get((clean.kind, clean.source_id))
        if record is None:
            record = SourceRecord.objects.create(
                agency=agency, kind=clean.kind, source_id=clean.source_id, data=clean.data
            )
        elif record.data == clean.data:
            stored.append(Stored(record, changed=False))
            continue
        else:
            record.version += 1
            record.data = clean.data
            record.save(update_fields=["version", "data", "updated_at"])
            record.person_references.all().delete()
        SourceRecordVersion.objects.create(record=record, version=record.version, data=clean.data, batch=batch)
        PersonReference.objects.bulk_create(
            [
                PersonReference(record=record, agency=agency, person_source_id=ref, role=role)
                for role, ref in clean.references
            ]
        )
        stored.append(Stored(record, changed=True))
    return stored


def person_records(agency: Agency, source_ids) -> dict[str, SourceRecord]:
    return {
        r.source_id: r
        for r in SourceRecord.objects.filter(
            agency=agency, kind=SourceRecord.Kind.PERSON, source_id__in=list(source_ids)
        )
    }


def records_naming(person_records_: list[SourceRecord]) -> list[SourceRecord]:
    """Relationship, involvement and event records that name any of these person records."""
    from django.db.models import Q

    if not person_records_:
        return []
    condition = Q()
    for record in person_records_:
        condition |= Q(
            person_references__agency_id=record.agency_id, person_references__person_source_id=record.source_id
        )
    return list(SourceRecord.objects.filter(condition).distinct().select_related("agency"))
