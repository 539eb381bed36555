"""Running the file linker (identity.linkage, the same pipeline as `macp link`) over everyone already known, in
the background, with its progress on a page. Joins it finds between people the system holds apart become review
items: a person decides, nothing is merged silently."""

from django.db.models import Q
from django.utils import timezone

from macp.identity import matcher
from macp.identity.linkage.pipeline import STAGES, link_records
from macp.identity.models import Link, LinkRun, PairDecision, ReviewItem
from macp.intake.models import SourceRecord


def rows_and_owners() -> tuple[list[dict], dict[tuple[str, str], tuple[SourceRecord, object]]]:
    rows, owners = [], {}
    links = Link.objects.filter(ended_at__isnull=True, source_record__kind=SourceRecord.Kind.PERSON).select_related(
        "source_record__agency", "person"
    )
    for link in links.iterator(chunk_size=5000):
        record, data = link.source_record, link.source_record.data
        key = (record.agency.code, record.source_id)
        owners[key] = (record, link.person)
        rows.append(
            {
                "source": key[0],
                "source_id": key[1],
                "given_name": data.get("given_name") or "",
                "family_name": data.get("family_name") or "",
                "date_of_birth": data.get("date_of_birth") or "",
                "sex": data.get("sex") or "",
                "nhs_number": data.get("nhs_number") or "",
                "postcode": data.get("postcode") or "",
            }
        )
    return rows, owners


def human_decisions():
    for d in PairDecision.objects.filter(superseded_at__isnull=True).select_related(
        "record_a__agency", "record_b__agency"
    ):
        yield (
            (d.record_a.agency.code, d.record_a.source_id),
            (d.record_b.agency.code, d.record_b.source_id),
            "confirmed" if d.decision == PairDecision.Decision.SAME else "rejected",
        )


def _suggest(run: LinkRun, record: SourceRecord, person, candidate, probability: float, reason: str = "") -> bool:
    if person.pk == candidate.pk:
        return False
    exists = ReviewItem.objects.filter(
        Q(provisional_person=person, candidate=candidate) | Q(provisional_person=candidate, candidate=person),
        status=ReviewItem.Status.PENDING,
    ).exists()
    if exists:
        return False
    explanation = [row for row in matcher.explain_against(record, candidate) if row["field"] != "guard"]
    why = f"suggested by the whole-population linker (run {run.pk})"
    if reason and reason != "uncertain":
        why += f"; held for review: {reason}"
    explanation.append({"field": "guard", "label": why})
    ReviewItem.objects.create(
        record=record,
        provisional_person=person,
        candidate=candidate,
        match_probability=probability,
        explanation=explanation,
    )
    return True


def execute(run: LinkRun) -> LinkRun:
    def progress(stage: str, done: int, total: int) -> None:
        LinkRun.objects.filter(pk=run.pk).update(stage=stage, done=done, total=total)

    LinkRun.objects.filter(pk=run.pk).update(status=LinkRun.Status.RUNNING)
    try:
        rows, owners = rows_and_owners()
        LinkRun.objects.filter(pk=run.pk).update(records=len(rows))
        if len(rows) < 2:
            result_clusters, review = [], []
        else:
            result = link_records(rows, decisions=list(human_decisions()), progress=progress)
            result_clusters, review = result.clusters, result.review_pairs
        made = 0
        groups: dict[str, list[tuple[str, str]]] = {}
        for source, source_id, person_id in result_clusters:
            groups.setdefault(person_id, []).append((source, source_id))
        for keys in groups.values():
            people = {owners[k][1].pk: owners[k] for k in keys if k in owners}
            if len(people) > 1:
                (_, anchor), *others = sorted(people.values(), key=lambda pair: str(pair[1].created_at))
                for record, person in others:
                    made += _suggest(run, record, person, anchor, 0.999)
        for pair in review:
            a, b = owners.get((pair.source_a, pair.source_id_a)), owners.get((pair.source_b, pair.source_id_b))
            if a and b:
                made += _suggest(run, b[0], b[1], a[1], pair.match_probability, pair.reason)
        LinkRun.objects.filter(pk=run.pk).update(
            status=LinkRun.Status.DONE, suggestions=made, finished_at=timezone.now(), stage="cluster"
        )
    except Exception as error:  # shown on the progress page; the run can be started again
        LinkRun.objects.filter(pk=run.pk).update(
            status=LinkRun.Status.FAILED, error=str(error)[:2000], finished_at=timezone.now()
        )
    run.refresh_from_db()
    return run


STAGE_NAMES = {
    "read": "Reading records",
    "check": "Checking records",
    "prepare": "Preparing names and dates",
    "train": "Training the model",
    "score": "Comparing pairs",
    "cluster": "Grouping into people",
}
assert set(STAGE_NAMES) == set(STAGES)
