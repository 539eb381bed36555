"""Which source records make up a person, and which person a source record belongs to (current links only)."""

from macp.identity.models import Link
from macp.intake.models import SourceRecord
from macp.people.models import Person


def person_for_source_record(source: str, source_id: str) -> Person | None:
    link = (
        Link.objects.filter(
            source_record__agency__code=source,
            source_record__source_id=source_id,
            source_record__kind=SourceRecord.Kind.PERSON,
            ended_at__isnull=True,
        )
        .select_related("person")
        .order_by("-source_record__version")
        .first()
    )
    return link.person if link else None


def source_records_for(person: Person) -> list[SourceRecord]:
    seen, records = set(), []
    for link in Link.objects.filter(person=person, ended_at__isnull=True).select_related("source_record__agency").order_by("source_record__agency__code", "source_record__source_id", "-source_record__version"):
        key = (link.source_record.agency_id, link.source_record.source_id)
        if key not in seen:
            seen.add(key)
            records.append(link.source_record)
    return records
