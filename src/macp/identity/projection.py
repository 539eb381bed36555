"""The people picture drawn from agency records: each person's details, names, households, relationships,
involvements and events are rebuilt from the source records currently linked to them.

Because the picture is derived, linking, a reviewer's merge and an unmerge all come down to changing links and
rebuilding the people affected; nothing is copied by hand from one person to another. Rows entered without a
source record (source_ref empty) are left alone.
"""

import datetime as dt
from collections import Counter

from django.db.models import Q

from macp.core import nhs_number
from macp.identity.models import Link
from macp.identity.signals import picture_changed
from macp.intake.models import PersonReference, SourceRecord, SourceRecordVersion
from macp.people.models import (
    Event,
    Household,
    HouseholdMember,
    Involvement,
    NameKind,
    Person,
    PersonName,
    Relationship,
)


def _most_common(values, default=None):
    """Most frequent value; ties go to the one seen last (the newest record)."""
    values = [v for v in values if v not in (None, "")]
    if not values:
        return default
    counts = Counter(values)
    best = max(counts.values())
    return next(v for v in reversed(values) if counts[v] == best)


def _date(value):
    return dt.date.fromisoformat(value) if value else None


def linked_person_index(pairs) -> dict[tuple[int, str], Person]:
    """(agency id, person source_id) -> the person that record is linked to now."""
    pairs = list(pairs)
    if not pairs:
        return {}
    condition = Q()
    for agency_id, source_id in pairs:
        condition |= Q(source_record__agency_id=agency_id, source_record__source_id=source_id)
    links = Link.objects.filter(condition, ended_at__isnull=True, source_record__kind=SourceRecord.Kind.PERSON)
    return {
        (link.source_record.agency_id, link.source_record.source_id): link.person
        for link in links.select_related("person", "source_record")
    }


def _address_key(data: dict) -> tuple[str, str] | None:
    address = " ".join((data.get("address") or "").split())
    postcode = " ".join((data.get("postcode") or "").upper().split())
    if not address and not postcode:
        return None
    return address.title() if address.isupper() else address, postcode


def rebuild(person_ids) -> None:
    ids = list(person_ids)
    for person in Person.objects.filter(pk__in=ids, merged_into__isnull=True):
        _rebuild_person(person)
    picture_changed.send(sender=rebuild, person_ids=ids)


def _rebuild_person(person: Person) -> None:
    links = list(
        Link.objects.filter(
            person=person, ended_at__isnull=True, source_record__kind=SourceRecord.Kind.PERSON
        ).select_related("source_record__agency")
    )
    records = sorted((link.source_record for link in links), key=lambda r: r.updated_at)
    if not records:
        return
    _rebuild_details(person, records)
    _rebuild_names(person, records)
    _rebuild_households(person, records)
    naming = (
        SourceRecord.objects.filter(
            pk__in=PersonReference.objects.filter(
                Q(*[Q(agency_id=r.agency_id, person_source_id=r.source_id) for r in records], _connector=Q.OR)
            ).values("record_id")
        )
        .select_related("agency")
        .prefetch_related("person_references")
    )
    naming = list(naming)
    index = linked_person_index(
        {(ref.agency_id, ref.person_source_id) for rec in naming for ref in rec.person_references.all()}
    )
    _rebuild_relationships(person, [r for r in naming if r.kind == "relationship"], index)
    _rebuild_involvements(person, [r for r in naming if r.kind == "involvement"])
    _rebuild_events(person, [r for r in naming if r.kind == "event"], index)


def _rebuild_details(person: Person, records: list[SourceRecord]) -> None:
    data = [r.data for r in records]
    numbers = [nhs_number.normalise(d.get("nhs_number")) for d in data]
    valid = [n for n in numbers if nhs_number.is_valid(n)]
    person.set_nhs_number(_most_common(valid) or _most_common(numbers, ""))
    person.date_of_birth = _date(_most_common([d.get("date_of_birth") for d in data]))
    person.expected_date_of_birth = (
        None if person.date_of_birth else _date(_most_common([d.get("expected_date_of_birth") for d in data]))
    )
    person.sex = _most_common(
        [d.get("sex") for d in data if d.get("sex") in ("F", "M", "X")], person.sex if person.sex != "U" else "U"
    )
    names = [
        (d.get("given_name") or "", d.get("family_name") or "")
        for d in data
        if d.get("given_name") or d.get("family_name")
    ]
    if names:
        person.given_name, person.family_name = _most_common(names)
    person.save()


def _rebuild_names(person: Person, records: list[SourceRecord]) -> None:
    person.names.exclude(source_ref="").delete()
    current = (person.given_name, person.family_name)
    rows, seen = [], set()
    versions = (
        SourceRecordVersion.objects.filter(record__in=records).order_by("record_id", "version").select_related("record")
    )
    by_record: dict[int, list] = {}
    for version in versions:
        by_record.setdefault(version.record_id, []).append(version)
    for record in records:
        history = by_record.get(record.pk) or []
        latest = (record.data.get("given_name") or "", record.data.get("family_name") or "")
        for i, version in enumerate(history):
            name = (version.data.get("given_name") or "", version.data.get("family_name") or "")
            if not any(name) or (name, record.agency_id) in seen:
                continue
            superseded = name != latest
            kind = NameKind.PREVIOUS if superseded else (NameKind.CURRENT if name == current else NameKind.ALIAS)
            valid_to = history[i + 1].received_at.date() if superseded and i + 1 < len(history) else None
            seen.add((name, record.agency_id))
            rows.append(
                PersonName(
                    person=person,
                    given_name=name[0],
                    family_name=name[1],
                    kind=kind,
                    valid_to=valid_to,
                    source=record.agency,
                    source_ref=record.source_id,
                )
            )
    PersonName.objects.bulk_create(rows)


def _rebuild_households(person: Person, records: list[SourceRecord]) -> None:
    person.household_memberships.exclude(source_ref="").delete()
    timeline = []
    for version in (
        SourceRecordVersion.objects.filter(record__in=records).select_related("record").order_by("received_at", "id")
    ):
        key = _address_key(version.data)
        if key and (not timeline or timeline[-1][0] != key):
            timeline.append((key, version.received_at.date(), version.record))
    if not timeline and records:
        # Records stored without version history (demo data) still carry their address.
        for record in records:
            key = _address_key(record.data)
            if key and (not timeline or timeline[-1][0] != key):
                timeline.append((key, None, record))
    # Rows entered without a record (by hand, or by the demo region) stand; a period drawn from records that
    # overlaps one of them in the same household would list the address twice, and each housemate twice.
    entered = list(person.household_memberships.filter(source_ref=""))
    drawn: list[tuple] = []
    for i, (key, since, record) in enumerate(timeline):
        household = Household.objects.filter(address=key[0], postcode=key[1]).first() or Household.objects.create(
            address=key[0], postcode=key[1]
        )
        end = timeline[i + 1][1] if i + 1 < len(timeline) else None
        if any(m.household_id == household.pk and _overlap(m.start, m.end, since, end) for m in entered):
            continue
        if since is None and any(h == household.pk for h, _ in drawn):
            continue  # undated records (no version history) repeating an address: one period, not two
        drawn.append((household.pk, since))
        HouseholdMember.objects.create(
            household=household, person=person, start=since, end=end, source=record.agency, source_ref=record.source_id
        )


def _overlap(start_a, end_a, start_b, end_b) -> bool:
    """Two periods (None: open at that end) share at least a day."""
    return (end_a is None or start_b is None or start_b <= end_a) and (
        end_b is None or start_a is None or start_a <= end_b
    )


def _rebuild_relationships(person: Person, records: list[SourceRecord], index) -> None:
    Relationship.objects.filter(Q(from_person=person) | Q(to_person=person)).exclude(source_ref="").delete()
    rows = []
    for record in records:
        a = index.get((record.agency_id, record.data["from"]))
        b = index.get((record.agency_id, record.data["to"]))
        if a is None or b is None or a.pk == b.pk:
            continue
        rows.append(
            Relationship(
                from_person=a,
                to_person=b,
                type=record.data["type"],
                start=_date(record.data.get("start")),
                end=_date(record.data.get("end")),
                source=record.agency,
                source_ref=record.source_id,
            )
        )
    Relationship.objects.bulk_create(rows)


def _rebuild_involvements(person: Person, records: list[SourceRecord]) -> None:
    from macp.accounts.models import Agency

    person.involvements.exclude(source_ref="").delete()
    agencies = {a.code: a for a in Agency.objects.filter(code__in={r.data["agency"] for r in records})}
    Involvement.objects.bulk_create(
        [
            Involvement(
                person=person,
                agency=agencies[r.data["agency"]],
                role=r.data["role"],
                start=_date(r.data.get("start")),
                end=_date(r.data.get("end")),
                worker_name=r.data.get("worker_name") or "",
                source=r.agency,
                source_ref=r.source_id,
            )
            for r in records
            if r.data["agency"] in agencies
        ]
    )


def _rebuild_events(person: Person, records: list[SourceRecord], index) -> None:
    keep = set()
    for record in records:
        event, _ = Event.objects.update_or_create(
            agency=record.agency,
            source_ref=record.source_id,
            defaults={
                "type": record.data["type"],
                "occurred_at": dt.datetime.fromisoformat(record.data["occurred_at"]),
                "summary": record.data.get("summary") or "",
            },
        )
        people = {
            index[(record.agency_id, ref)].pk for ref in record.data["persons"] if (record.agency_id, ref) in index
        }
        event.persons.set(people)
        keep.add(event.pk)
    for event in person.events.exclude(source_ref="").exclude(pk__in=keep):
        event.persons.remove(person)


def retire(person: Person, into: Person | None) -> None:
    """A person left with no records: point the old id at the survivor so links to it still lead somewhere."""
    if into is not None:
        person.merged_into = into
        person.save(update_fields=["merged_into"])
