"""GET /api/v1/people/{person_id} and the source-record look-up (CONTRACTS.md §4). Both are audited reads."""

import datetime as dt

from ninja import Router, Schema
from ninja.errors import HttpError

from macp.access.http import open_for_api
from macp.access.models import AccessEvent, Basis
from macp.access.services import basis_for, record_access
from macp.accounts.models import Role
from macp.identity.services import merged_to, person_for_source_record, source_records_for
from macp.people.services import family_picture, relationship_label, relationships_of
from macp.transfers.services import responsible_local_authority

router = Router(tags=["people"])


class SourceRef(Schema):
    source: str
    source_id: str


class RelationshipOut(Schema):
    person_id: str
    type: str
    source: str | None
    label: str
    start: dt.date | None
    end: dt.date | None


class InvolvementOut(Schema):
    agency: str
    role: str
    start: dt.date | None
    end: dt.date | None


class NameOut(Schema):
    given_name: str
    family_name: str
    kind: str


class PersonOut(Schema):
    person_id: str
    names: list[NameOut]
    date_of_birth: dt.date | None
    expected_date_of_birth: dt.date | None
    sex: str
    nhs_number: str | None
    nhs_number_valid: bool
    ethnicity: str
    date_of_death: dt.date | None
    source_records: list[SourceRef]
    relationships: list[RelationshipOut]
    household: list[str]
    involvements: list[InvolvementOut]
    access_basis: str
    responsible_local_authority: str | None


class PersonRef(Schema):
    person_id: str


@router.get("/{person_id}", response=PersonOut, summary="A person's joined-up record (audited)")
def get_person(request, person_id: str):
    person_id = merged_to(person_id)
    opened = open_for_api(request, person_id)
    person, picture = opened.person, family_picture(opened.person)
    names = [NameOut(given_name=person.given_name, family_name=person.family_name, kind="current")]
    names += [
        NameOut(given_name=n.given_name, family_name=n.family_name, kind=n.kind)
        for n in picture.names
        if (n.given_name, n.family_name, n.kind) != (person.given_name, person.family_name, "current")
    ]
    return PersonOut(
        person_id=person.person_id,
        names=names,
        date_of_birth=person.date_of_birth,
        expected_date_of_birth=person.expected_date_of_birth,
        sex=person.sex,
        nhs_number=person.nhs_number or None,
        nhs_number_valid=person.nhs_number_valid,
        ethnicity=person.ethnicity,
        date_of_death=person.date_of_death,
        source_records=[SourceRef(source=s.agency.code, source_id=s.source_id) for s in source_records_for(person)],
        relationships=[
            RelationshipOut(
                person_id=str(r.from_person_id if r.to_person_id == person.pk else r.to_person_id),
                type=r.type,
                source=r.source.code if r.source else None,
                label=relationship_label(r, person.pk),
                start=r.start,
                end=r.end,
            )
            for r in relationships_of(person)
        ],
        household=[str(pk) for pk in picture.household_ids],
        involvements=[
            InvolvementOut(agency=i.agency.code, role=i.role, start=i.start, end=i.end)
            for i in picture.involvements_current + picture.involvements_past
        ],
        access_basis=opened.basis,
        responsible_local_authority=getattr(responsible_local_authority(person), "code", None),
    )


@router.get("", response=PersonRef, summary="The person a source record is linked to (audited)")
def find_person(request, source: str, source_id: str):
    user = request.user
    if not (user.has_role(Role.SYSTEM_ADMIN) or (user.agency and user.agency.code == source)):
        record_access(
            user,
            f"{source}/{source_id}",
            route=request.get_full_path(),
            channel=AccessEvent.Channel.API,
            basis=Basis.DENIED,
            detail="look-up of another agency's record",
        )
        raise HttpError(403, "You may look up only your own agency's records.")
    person = person_for_source_record(source, source_id)
    if person is None:
        raise HttpError(404, f"No person record {source_id!r} from {source!r}.")
    basis, _ = basis_for(user, person)
    record_access(
        user,
        person.pk,
        route=request.get_full_path(),
        channel=AccessEvent.Channel.API,
        basis=Basis.OWN_RECORD if basis == Basis.DENIED else basis,
        detail=f"look-up of {source}/{source_id}",
    )
    return PersonRef(person_id=person.person_id)
