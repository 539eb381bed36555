"""The service's matcher: an incoming person record against the people already known, with the model,
comparisons, safeguards and thresholds of `macp link` (identity.linkage; issue 15 "one matcher").

Candidates are the records sharing a blocking key with the incoming one (BlockingKey, indexed: one lookup per
key whatever the population); each is scored by `linkage.incoming.score_candidates` and the best record of each
candidate person stands for that person. A candidate links automatically only at or above the linker's
auto-link threshold with no safeguard tripped; otherwise, at or above the review threshold (or held by a
safeguard), it becomes a review item that says which field disagreed and why it might still be the same person.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable

from macp.identity.linkage import AUTO_LINK_THRESHOLD, REVIEW_THRESHOLD
from macp.identity.linkage.cluster import DIFFERENT_NHS, SAME_SOURCE
from macp.identity.linkage.incoming import blocking_keys, score_candidates
from macp.identity.linkage.names import normalise_name
from macp.identity.models import BlockingKey, Link
from macp.intake.models import SourceRecord
from macp.people.models import Person

#: At most this many candidate records are scored for one incoming record (the most keys shared first).
MAX_CANDIDATES = 200
UNCERTAIN = (
    f"the records agree, but not strongly enough to link without a person's check (a match "
    f"probability below {AUTO_LINK_THRESHOLD})"
)
ROW_FIELDS = ("given_name", "family_name", "sex", "nhs_number", "postcode")


def record_row(record: SourceRecord) -> dict:
    """A person record as the linker reads it. A date of birth that was not a real date was kept as sent
    (`date_of_birth_as_sent`) and is compared as text."""
    data = record.data or {}
    row = {field: data.get(field) or "" for field in ROW_FIELDS}
    row["date_of_birth"] = (
        data.get("date_of_birth") or data.get("date_of_birth_as_sent") or data.get("expected_date_of_birth") or ""
    )
    row["source"], row["source_id"] = record.agency.code if record.agency_id else "", record.source_id
    return row


def index(records: Iterable[SourceRecord]) -> None:
    """(Re)write the blocking keys of these person records."""
    records = [r for r in records if r.kind == SourceRecord.Kind.PERSON]
    BlockingKey.objects.filter(source_record__in=[r.pk for r in records]).delete()
    BlockingKey.objects.bulk_create(
        [BlockingKey(source_record_id=r.pk, key=key) for r in records for key in blocking_keys(record_row(r))],
        batch_size=5000,
    )


@dataclasses.dataclass
class Match:
    person: Person
    probability: float
    explanation: list[dict]  # each field's level and weight, then {"field": "guard", "label": reasons}
    reasons: list[str]  # safeguards tripped: which field disagreed and why it might still be one person

    @property
    def auto_link(self) -> bool:
        return self.probability >= AUTO_LINK_THRESHOLD and not self.reasons

    @property
    def needs_review(self) -> bool:
        return not self.auto_link and DIFFERENT_NHS not in self.reasons and self.probability >= REVIEW_THRESHOLD


def candidate_links(record: SourceRecord, *, exclude_people=()) -> list[Link]:
    keys = blocking_keys(record_row(record))
    if not keys:
        return []
    ids = list(
        BlockingKey.objects.filter(key__in=keys)
        .exclude(source_record_id=record.pk)
        .values_list("source_record_id", flat=True)
        .distinct()[:MAX_CANDIDATES]
    )
    return list(
        Link.objects.filter(source_record_id__in=ids, ended_at__isnull=True, person__merged_into__isnull=True)
        .exclude(person__in=list(exclude_people))
        .select_related("source_record__agency", "person")
    )


def _family_names(person: Person) -> set[str]:
    names = {person.family_name, *person.names.values_list("family_name", flat=True)}
    return {normalise_name(n).replace(" ", "") for n in names if n}


def score_people(record: SourceRecord, links: list[Link]) -> list[Match]:
    """Score the record against each candidate record; the best record of each person stands for it."""
    if not links:
        return []
    known: dict = {}
    for link in links:
        if link.person_id not in known:
            known[link.person_id] = _family_names(link.person)
    scored = score_candidates(
        record_row(record),
        [record_row(link.source_record) for link in links],
        known_family=[known[link.person_id] for link in links],
    )
    best: dict = {}
    for link, pair in zip(links, scored):
        reasons = [r for r in pair.safeguards if r != SAME_SOURCE]  # the agency rule is applied by the caller
        match = Match(link.person, pair.probability, explanation(pair, reasons), reasons)
        current = best.get(link.person_id)
        if current is None or _rank(match) > _rank(current):
            best[link.person_id] = match
    return sorted(best.values(), key=_rank, reverse=True)


def _rank(match: Match) -> tuple:
    return (match.auto_link, match.probability)


def explanation(pair, reasons: list[str]) -> list[dict]:
    """The review page's rows: each field's level and match weight, and the safeguards as one guard row."""
    rows = [
        {
            "field": f.field,
            "level": f.level,
            "label": f.level,
            "weight": round(f.match_weight, 2),
            "left": f.value_a,
            "right": f.value_b,
        }
        for f in pair.fields
        if f.level != "Missing in one or both"
    ]
    if reasons:
        rows.append({"field": "guard", "label": "; ".join(reasons)})
    elif pair.probability < AUTO_LINK_THRESHOLD:
        rows.append({"field": "guard", "label": UNCERTAIN})
    return rows


def best_match(record: SourceRecord, *, exclude_people=()) -> Match | None:
    matches = score_people(record, candidate_links(record, exclude_people=exclude_people))
    return matches[0] if matches else None


def explain_against(record: SourceRecord, person: Person) -> list[dict]:
    """The explanation of a record against a person's best record (for review items made elsewhere)."""
    links = list(
        Link.objects.filter(person=person, ended_at__isnull=True)
        .exclude(source_record=record)
        .select_related("source_record__agency", "person")
    )
    matches = score_people(record, links)
    return matches[0].explanation if matches else []
