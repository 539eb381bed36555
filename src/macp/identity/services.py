"""Identity: which person each agency record is about.

An incoming person record keeps the person it was linked to before; otherwise it is matched against the people
already known (identity.matcher, the linker's model). Confident matches link; doubtful ones make a provisional person and a review
item; a person decides, and every decision is kept and respected. Any link can be undone (unmerge), with history.
"""

import dataclasses
import datetime as dt

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone

from macp.access import services as access
from macp.accounts.models import Agency, Role
from macp.core.problems import InvalidInput, Problem
from macp.identity import matcher, projection
from macp.identity.models import Link, PairDecision, ReviewItem
from macp.intake import services as intake
from macp.intake.models import Batch, SourceRecord
from macp.intake.validation import validate_records
from macp.people.models import Person


class BatchRejected(InvalidInput):
    def __init__(self, status: int, detail: str, problems: list[Problem] | None = None):
        super().__init__(detail, problems or [], status)


@dataclasses.dataclass
class Resolution:
    person: Person
    method: str
    probability: float | None = None
    review: ReviewItem | None = None


# ---- reading links -------------------------------------------------------------------------------------------


def person_for_source_record(source: str, source_id: str) -> Person | None:
    link = (
        Link.objects.filter(
            source_record__agency__code=source,
            source_record__source_id=source_id,
            source_record__kind=SourceRecord.Kind.PERSON,
            ended_at__isnull=True,
        )
        .select_related("person")
        .first()
    )
    return link.person if link else None


def source_records_for(person: Person) -> list[SourceRecord]:
    return [
        link.source_record
        for link in Link.objects.filter(person=person, ended_at__isnull=True)
        .select_related("source_record__agency")
        .order_by("source_record__agency__code", "source_record__source_id")
    ]


def current_person(person: Person) -> Person:
    """Follow merges to the surviving person."""
    seen = set()
    while person.merged_into_id and person.pk not in seen:
        seen.add(person.pk)
        person = person.merged_into
    return person


def merged_to(person_id: str) -> str:
    """The id to read for a person id that may have been merged into another (else the id as given)."""
    try:
        person = Person.objects.filter(pk=person_id, merged_into__isnull=False).first()
    except (ValueError, ValidationError):
        return person_id
    return str(current_person(person).pk) if person else person_id


# ---- batches -------------------------------------------------------------------------------------------------


def may_send_for(user, agency: Agency) -> bool:
    """An agency sends its own records; an integration account (system_admin) any; an operator at the command
    line (no user) any."""
    return user is None or user.has_role(Role.SYSTEM_ADMIN) or user.agency_id == agency.pk


@transaction.atomic
def ingest_batch(
    user,
    source: str,
    batch_id: str,
    records,
    *,
    channel: str = "api",
    today: dt.date | None = None,
    stated_links: dict | None = None,
) -> tuple[dict, bool]:
    """Validate the whole batch, store it, link its people and rebuild the picture. Returns (result, created).

    Atomic and idempotent on (source, batch_id): a resend returns the first result and changes nothing.
    `stated_links` maps person source_ids to people the sender has already identified (a referral naming a child
    by person id): those records link straight to them.
    """
    agency = Agency.objects.filter(code=source).first()
    if agency is None:
        raise BatchRejected(
            422, f"Unknown source agency {source!r}.", [Problem(["source"], "Not an agency code: GET /api/v1/agencies")]
        )
    if not may_send_for(user, agency):
        raise BatchRejected(403, f"You may send records only for your own agency, not {source!r}.")
    batch_id = (batch_id or "").strip()
    if not batch_id or len(batch_id) > 120:
        raise BatchRejected(422, "Give a batch_id (up to 120 characters).", [Problem(["batch_id"], "Required")])
    previous = intake.find_batch(agency, batch_id)
    if previous is not None:
        return previous.result, False
    clean, problems = validate_records(
        records, known_person_ids=intake.known_person_ids(agency), today=today or timezone.localdate()
    )
    if problems:
        raise BatchRejected(
            422,
            f"The batch was not accepted: {len(problems)} problem{'s' if len(problems) != 1 else ''} (nothing was stored).",
            problems,
        )
    reports_involvement = any(item.kind == "involvement" for item in clean)
    if reports_involvement and not access.may_report_involvements(user):
        raise BatchRejected(
            403,
            "Involvements are sent by integration accounts and the managers who allocate work, not by this account.",
        )
    hold_known = reports_involvement and access.involvements_need_review(user)
    try:
        with transaction.atomic():
            batch = Batch.objects.create(
                agency=agency, batch_id=batch_id, submitted_by=user, channel=channel, record_count=len(clean)
            )
    except IntegrityError:  # a concurrent copy won: PostgreSQL held this insert until it committed, result and all
        return intake.find_batch(agency, batch_id).result, False
    stored = intake.store_records(agency, batch, clean)
    by_id = {(s.record.kind, s.record.source_id): s for s in stored}
    affected: set = set()
    people = []
    for item in clean:
        if item.kind != "person":
            continue
        s = by_id[("person", item.source_id)]
        # A front door receives many requests about the same child; for other agencies a second record of one
        # person is rare enough to need a person's eye.
        stated = (stated_links or {}).get(item.source_id)
        if stated is not None and not Link.objects.filter(source_record=s.record, ended_at__isnull=True).exists():
            Link.objects.create(source_record=s.record, person=stated, method=Link.Method.STATED, created_by=user)
        resolution = resolve(
            s.record, changed=s.changed, user=user, same_agency_guard=channel != "referral", hold_known=hold_known
        )
        affected.add(resolution.person.pk)
        if resolution.review:
            affected.add(resolution.review.candidate_id)
        entry = {"source_id": item.source_id, "person_id": str(resolution.person.pk), "link": resolution.method}
        if resolution.review:
            entry["review"] = "pending"
        people.append(entry)
    named = intake.person_records(agency, {ref for s in stored if s.changed for ref in _refs(s.record)})
    affected |= {
        p.pk for p in projection.linked_person_index((r.agency_id, r.source_id) for r in named.values()).values()
    }
    projection.rebuild(affected)
    warnings = [Problem(["records", c.index, field], w).as_dict() for c in clean for field, w in c.warnings]
    result = {
        "batch_id": batch_id,
        "accepted": len(clean),
        "people": people,
        "unchanged": sum(1 for s in stored if not s.changed),
        "warnings": warnings,
    }
    batch.result = result
    batch.save(update_fields=["result"])
    return result, True


def _refs(record: SourceRecord) -> list[str]:
    return [ref.person_source_id for ref in record.person_references.all()]


def _decided_apart(record: SourceRecord, person: Person) -> bool:
    others = SourceRecord.objects.filter(links__person=person, links__ended_at__isnull=True)
    return PairDecision.objects.filter(
        Q(record_a=record, record_b__in=others) | Q(record_b=record, record_a__in=others),
        decision=PairDecision.Decision.DIFFERENT,
        superseded_at__isnull=True,
    ).exists()


def resolve(
    record: SourceRecord, *, changed: bool = True, user=None, same_agency_guard: bool = True, hold_known: bool = False
) -> Resolution:
    """Find or make the person this person record is about (identity.matcher: the linker's model and
    safeguards). A doubtful best match makes a provisional person and a review item saying why. With `hold_known`,
    a match to someone other agencies already know goes to review instead of linking
    (access.involvements_need_review)."""
    if changed:
        matcher.index([record])
    link = Link.objects.filter(source_record=record, ended_at__isnull=True).select_related("person").first()
    if link is not None:
        return Resolution(link.person, "existing")
    best = next(
        (
            m
            for m in matcher.score_people(record, matcher.candidate_links(record))
            if not _decided_apart(record, m.person)
        ),
        None,
    )
    guards = []
    if best is not None and best.auto_link and same_agency_guard and _agency_already_there(record, best.person):
        guards.append(_SAME_AGENCY)
    if best is not None and best.auto_link and hold_known and _known_to_others(record, best.person):
        guards.append(_KNOWN_TO_OTHERS)
    if guards:
        best.reasons.extend(guards)
        best.explanation = [row for row in best.explanation if row["field"] != "guard"] + [
            {"field": "guard", "label": "; ".join(best.reasons)}
        ]
    if best is not None and best.auto_link:
        method = (
            Link.Method.NHS_NUMBER
            if any(row["field"] == "nhs_number" and row["weight"] > 0 for row in best.explanation)
            else Link.Method.LINKER
        )
        Link.objects.create(
            source_record=record, person=best.person, method=method, match_probability=best.probability, created_by=user
        )
        return Resolution(best.person, method, best.probability)
    person = Person.objects.create()
    Link.objects.create(source_record=record, person=person, method=Link.Method.NEW_PERSON, created_by=user)
    review = None
    if best is not None and best.needs_review:
        review = ReviewItem.objects.create(
            record=record,
            provisional_person=person,
            candidate=best.person,
            match_probability=best.probability,
            explanation=best.explanation,
        )
    return Resolution(person, Link.Method.NEW_PERSON, best.probability if best else None, review)


_SAME_AGENCY = "the agency already has a record for this person: an agency rarely holds one person twice"
_KNOWN_TO_OTHERS = (
    "other agencies already know this person: a new involvement from this account is checked before "
    "it opens their record (need to know)"
)


def _agency_already_there(record: SourceRecord, person: Person) -> bool:
    """An agency rarely holds two records for one person; a second one goes to review, not straight in."""
    return Link.objects.filter(person=person, ended_at__isnull=True, source_record__agency_id=record.agency_id).exists()


def _known_to_others(record: SourceRecord, person: Person) -> bool:
    return (
        Link.objects.filter(person=person, ended_at__isnull=True)
        .exclude(source_record__agency_id=record.agency_id)
        .exists()
    )


# ---- review decisions, merge and unmerge --------------------------------------------------------------------


class ReviewError(ValueError):
    pass


@transaction.atomic
def confirm(item: ReviewItem, user, reason: str = "") -> Person:
    """Same person: the provisional person's records join the candidate; the provisional id leads to it."""
    if item.status != ReviewItem.Status.PENDING:
        raise ReviewError("This pair has already been decided.")
    survivor = current_person(item.candidate)
    absorbed = item.provisional_person
    now = timezone.now()
    moved = list(Link.objects.filter(person=absorbed, ended_at__isnull=True))
    for link in moved:
        _end(link, user, f"Confirmed same person as {survivor.pk} (review #{item.pk})", now)
        Link.objects.create(
            source_record=link.source_record,
            person=survivor,
            method=Link.Method.REVIEWER,
            created_by=user,
            match_probability=item.match_probability,
        )
        PairDecision.objects.bulk_create(
            [
                PairDecision(
                    record_a=link.source_record,
                    record_b=other,
                    decision=PairDecision.Decision.SAME,
                    decided_by=user,
                    reason=reason,
                )
                for other in SourceRecord.objects.filter(links__person=survivor, links__ended_at__isnull=True).exclude(
                    pk=link.source_record_id
                )
            ]
        )
    item.status, item.decided_by, item.decided_at, item.reason = ReviewItem.Status.CONFIRMED, user, now, reason
    item.save(update_fields=["status", "decided_by", "decided_at", "reason"])
    neighbours = _neighbours(absorbed)
    projection.retire(absorbed, survivor)
    _clear_derived(absorbed)
    projection.rebuild([survivor.pk] + neighbours)
    return survivor


@transaction.atomic
def reject(item: ReviewItem, user, reason: str) -> None:
    """Different people: recorded for every record of the candidate, so no later run joins them."""
    if item.status != ReviewItem.Status.PENDING:
        raise ReviewError("This pair has already been decided.")
    if not (reason or "").strip():
        raise ReviewError("Say why these are different people.")
    candidate_records = SourceRecord.objects.filter(links__person=item.candidate, links__ended_at__isnull=True)
    PairDecision.objects.bulk_create(
        [
            PairDecision(
                record_a=item.record,
                record_b=other,
                decision=PairDecision.Decision.DIFFERENT,
                decided_by=user,
                reason=reason,
            )
            for other in candidate_records
        ]
    )
    item.status, item.decided_by, item.decided_at, item.reason = (
        ReviewItem.Status.REJECTED,
        user,
        timezone.now(),
        reason.strip(),
    )
    item.save(update_fields=["status", "decided_by", "decided_at", "reason"])


@transaction.atomic
def unmerge(person: Person, record: SourceRecord, user, reason: str) -> Person:
    """Take one agency record out of a person: it becomes a new person, and the two are kept apart from now on."""
    if not (reason or "").strip():
        raise ReviewError("Say why this record is not this person.")
    link = Link.objects.filter(person=person, source_record=record, ended_at__isnull=True).first()
    if link is None:
        raise ReviewError("That record is not linked to this person.")
    remaining = SourceRecord.objects.filter(links__person=person, links__ended_at__isnull=True).exclude(pk=record.pk)
    if not remaining.exists():
        raise ReviewError("This is the person's only record: there is nothing to separate it from.")
    now = timezone.now()
    _end(link, user, f"Unmerged: {reason.strip()}", now)
    PairDecision.objects.filter(
        Q(record_a=record) | Q(record_b=record), decision=PairDecision.Decision.SAME, superseded_at__isnull=True
    ).update(superseded_at=now)
    PairDecision.objects.bulk_create(
        [
            PairDecision(
                record_a=record,
                record_b=other,
                decision=PairDecision.Decision.DIFFERENT,
                decided_by=user,
                reason=reason.strip(),
            )
            for other in remaining
        ]
    )
    separated = Person.objects.create()
    Link.objects.create(source_record=record, person=separated, method=Link.Method.REVIEWER, created_by=user)
    neighbours = _neighbours(person)
    _clear_derived(person)
    projection.rebuild([person.pk, separated.pk] + neighbours)
    return separated


def _end(link: Link, user, reason: str, now) -> None:
    link.ended_at, link.ended_by, link.end_reason = now, user, reason[:300]
    link.save(update_fields=["ended_at", "ended_by", "end_reason"])


def _clear_derived(person: Person) -> None:
    """Drop rows drawn from records; a rebuild draws them again from the records still linked."""
    from macp.people.models import Relationship

    person.names.exclude(source_ref="").delete()
    person.household_memberships.exclude(source_ref="").delete()
    person.involvements.exclude(source_ref="").delete()
    Relationship.objects.filter(Q(from_person=person) | Q(to_person=person)).exclude(source_ref="").delete()
    for event in person.events.exclude(source_ref=""):
        event.persons.remove(person)


def _neighbours(person: Person) -> list:
    """People whose rows mention this person through relationships (their side must be redrawn too)."""
    from macp.people.models import Relationship

    rels = Relationship.objects.filter(Q(from_person=person) | Q(to_person=person))
    return list({pk for pair in rels.values_list("from_person_id", "to_person_id") for pk in pair} - {person.pk})


# ---- who may review: the front door whose people they are ------------------------------------------------------


def _whose(person_ids) -> tuple[set, set]:
    """The councils and agencies a set of people belong to: the councils of their homes (now and before), and the
    agencies that sent their records with those agencies' councils."""
    from macp.people.models import HouseholdMember

    ids = [pk for pk in person_ids if pk]
    councils = set(
        HouseholdMember.objects.filter(person_id__in=ids, household__local_authority__isnull=False).values_list(
            "household__local_authority_id", flat=True
        )
    )
    senders = SourceRecord.objects.filter(links__person_id__in=ids, links__ended_at__isnull=True)
    agencies = set(senders.values_list("agency_id", flat=True))
    councils |= set(
        Agency.objects.filter(pk__in=agencies, local_authority__isnull=False).values_list(
            "local_authority_id", flat=True
        )
    )
    return councils, agencies


def may_review_person(user, person: Person) -> bool:
    """Identity review and "separate a record" are for the front door of a council where the person lives or has
    lived, or whose agencies sent their records, or of an agency that sent them (decision 0006). Another council's
    front door has no business re-linking someone else's children."""
    councils, agencies = _whose([person.pk])
    return access.is_front_door_of(user, councils, agencies)


def may_review_item(user, item: ReviewItem) -> bool:
    councils, agencies = _whose([item.candidate_id, item.provisional_person_id])
    if item.record.agency.local_authority_id:
        councils.add(item.record.agency.local_authority_id)
    agencies.add(item.record.agency_id)
    return access.is_front_door_of(user, councils, agencies)


def reviews_for(user):
    """The pending pairs this user may review (the rule of may_review_item, as a queryset)."""
    from macp.people.models import HouseholdMember

    if not access.is_front_door_of(user, [], [user.agency_id]):
        return ReviewItem.objects.none()
    la = user.agency.local_authority_id
    mine = Q(source_record__agency_id=user.agency_id)
    if la:
        mine |= Q(source_record__agency__local_authority_id=la)
    sent = Link.objects.filter(mine, ended_at__isnull=True).values("person_id")
    ours = Q(record__agency_id=user.agency_id) | Q(candidate_id__in=sent) | Q(provisional_person_id__in=sent)
    if la:
        homes = HouseholdMember.objects.filter(household__local_authority_id=la).values("person_id")
        ours |= (
            Q(record__agency__local_authority_id=la) | Q(candidate_id__in=homes) | Q(provisional_person_id__in=homes)
        )
    return pending_reviews().filter(ours)


def link_history(person: Person):
    return (
        Link.objects.filter(person=person)
        .select_related("source_record__agency", "created_by", "ended_by")
        .order_by("created_at")
    )


def pending_reviews():
    return ReviewItem.objects.filter(status=ReviewItem.Status.PENDING).select_related(
        "record__agency", "candidate", "provisional_person"
    )
