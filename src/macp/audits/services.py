"""Running a multi-agency audit: checks first (who may do what), then the functions that do it.

The flow: the partnership analyst sets a theme, criteria and a period, draws a sample of children (at random with a
seed, or chosen), names each agency's auditor and starts grading; that gives each auditor a grant of kind `audit` on
the sampled children until the audit closes. Each auditor grades their own agency's part per child and criterion.
The moderation meeting records who attended and a moderated grade per child (with a rationale where it differs from
what the agencies' grades propose), and the learning brief is written in the seed's format. Closing the audit ends
the grants. (Decision 0014.)
"""

import datetime as dt
import random
import string
from collections import Counter

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from macp.access.models import GrantKind, GrantScope
from macp.access.services import does_casework, end_grants, grant_access
from macp.accounts.models import Role
from macp.audits.models import (
    GRADE_ORDER,
    NOT_INVOLVED,
    AgencyGrade,
    Audit,
    AuditAgency,
    Criterion,
    Grade,
    SampleChild,
)
from macp.core.problems import InvalidInput, Problem
from macp.people.models import Person
from macp.strategy.models import StrategyDiscussion

MAX_SAMPLE = 20
NEEDS_COMMENT = {Grade.REQUIRES_IMPROVEMENT, Grade.INADEQUATE}


def _invalid(detail: str, *problems: tuple[str, str]) -> InvalidInput:
    return InvalidInput(detail, [Problem([field], message) for field, message in problems])


# ---- checks ------------------------------------------------------------------------------------------------------


def partnership_area(user):
    """The council whose partnership this analyst works for (their agency's), or None."""
    if not getattr(user, "is_authenticated", False) or not user.has_role(Role.PARTNERSHIP_ANALYST):
        return None
    return user.agency.local_authority if user.agency_id else None


def may_run_audits(user) -> bool:
    return partnership_area(user) is not None


def runs(user, audit: Audit) -> bool:
    area = partnership_area(user)
    return area is not None and area.pk == audit.local_authority_id


def auditor_part(user, audit: Audit) -> AuditAgency | None:
    """The agency part this user grades in this audit, if they are its nominated auditor."""
    if not getattr(user, "is_authenticated", False):
        return None
    return audit.agencies.filter(auditor=user).select_related("agency").first()


def visible_audits(user):
    """Audits this user runs (their partnership's) or grades for their agency."""
    area = partnership_area(user)
    if area is not None:
        return Audit.objects.filter(local_authority=area)
    if not getattr(user, "is_authenticated", False):
        return Audit.objects.none()
    return Audit.objects.filter(agencies__auditor=user).distinct()


def _must_run(user, audit: Audit, *statuses: str) -> None:
    if not runs(user, audit):
        raise PermissionError("Only the partnership's analysts run this audit.")
    if statuses and audit.status not in statuses:
        raise _invalid("Not at this stage", ("__all__", f"The audit is at the stage: {audit.get_status_display()}."))


def candidates(audit: Audit):
    """The cohort: children discussed at a strategy discussion for the audit's council requested in its period (one
    with no council recorded belongs to the requesting agency's)."""
    la = audit.local_authority_id
    discussions = StrategyDiscussion.objects.filter(
        Q(local_authority_id=la) | Q(local_authority__isnull=True, requesting_agency__local_authority_id=la),
        requested_at__date__gte=audit.period_start,
        requested_at__date__lte=audit.period_end,
    )
    return Person.objects.filter(strategy_discussions__in=discussions, merged_into__isnull=True).distinct()


def age_on(person: Person, on: dt.date) -> int | None:
    born = person.date_of_birth
    if born is None:
        return None
    return on.year - born.year - ((on.month, on.day) < (born.month, born.day))


def label_for(index: int) -> str:
    """Child A … Child Z."""
    return f"Child {string.ascii_uppercase[index]}"


def proposed_grade(child: SampleChild) -> str:
    """What the agencies' grades propose for a child: the most common grade, a tie going to the worse one; "" when
    no agency has graded the child."""
    counts = Counter(g for g in child.grades.values_list("grade", flat=True) if g != NOT_INVOLVED)
    if not counts:
        return ""
    top = max(counts.values())
    return [g for g in GRADE_ORDER if counts.get(g) == top][-1]


def progress(audit: Audit) -> list[dict]:
    """Per agency: how many of its child-by-criterion grades are in."""
    needed = audit.sample.count() * audit.criteria.count()
    done = Counter(AgencyGrade.objects.filter(audit_agency__audit=audit).values_list("audit_agency_id", flat=True))
    return [
        {
            "part": part,
            "done": done.get(part.pk, 0),
            "needed": needed,
            "complete": needed and done.get(part.pk) == needed,
        }
        for part in audit.agencies.select_related("agency", "auditor")
    ]


def grade_table(audit: Audit) -> list[dict]:
    """Per criterion, how many agency grades of each kind (no child named)."""
    rows = []
    counts = Counter(AgencyGrade.objects.filter(audit_agency__audit=audit).values_list("criterion_id", "grade"))
    for criterion in audit.criteria.all():
        rows.append(
            {
                "criterion": criterion,
                "counts": [counts.get((criterion.pk, g), 0) for g in GRADE_ORDER],
                "not_involved": counts.get((criterion.pk, NOT_INVOLVED), 0),
            }
        )
    return rows


# ---- doing -------------------------------------------------------------------------------------------------------


def _lines(text: str) -> list[str]:
    return [line.strip(" -•\t") for line in (text or "").splitlines() if line.strip(" -•\t")]


@transaction.atomic
def create_audit(user, *, theme, aim, cohort, period_start, period_end, criteria: str) -> Audit:
    area = partnership_area(user)
    if area is None:
        raise PermissionError("Audits are run by the partnership's analysts.")
    items = _lines(criteria)
    problems = []
    if period_end < period_start:
        problems.append(("period_end", "The end of the period must be on or after its start"))
    if not items:
        problems.append(("criteria", "Enter at least one criterion, one per line"))
    if any(len(item) > 500 for item in items):
        problems.append(("criteria", "Each criterion must be 500 characters or fewer"))
    if problems:
        raise _invalid("The audit cannot be set up", *problems)
    audit = Audit.objects.create(
        theme=theme,
        aim=aim,
        cohort=cohort,
        local_authority=area,
        period_start=period_start,
        period_end=period_end,
        created_by=user,
        created_at=timezone.now(),
    )
    Criterion.objects.bulk_create(Criterion(audit=audit, number=i, text=t) for i, t in enumerate(items, 1))
    return audit


@transaction.atomic
def draw_sample(user, audit: Audit, *, size: int, seed: int, today: dt.date | None = None) -> list[SampleChild]:
    """Replace the sample with `size` children drawn at random from the cohort; the same seed draws the same
    children (the order drawn from is the records' ids, so it does not depend on the database)."""
    _must_run(user, audit, Audit.Status.PLANNING)
    if not 1 <= size <= MAX_SAMPLE:
        raise _invalid("Bad size", ("size", f"Enter a sample size from 1 to {MAX_SAMPLE}"))
    pool = sorted(candidates(audit), key=lambda p: str(p.pk))
    if not pool:
        raise _invalid("No children", ("size", "No child had a strategy discussion for this council in the period"))
    picked = random.Random(seed).sample(pool, min(size, len(pool)))
    audit.sample.all().delete()
    today = today or timezone.localdate()
    rows = [SampleChild(audit=audit, person=p, label=label_for(i), age=age_on(p, today)) for i, p in enumerate(picked)]
    audit.sample_seed = seed
    audit.save(update_fields=["sample_seed"])
    return SampleChild.objects.bulk_create(rows)


@transaction.atomic
def choose_child(user, audit: Audit, *, person_id: str, today: dt.date | None = None) -> SampleChild:
    """Add a child the auditors chose (by record id) to the sample: they must be in the audit's cohort."""
    _must_run(user, audit, Audit.Status.PLANNING)
    person = candidates(audit).filter(pk=person_id).first() if _uuid_like(person_id) else None
    if person is None:
        raise _invalid("Not in cohort", ("person_id", "Enter the record id of a child in this audit's cohort"))
    if audit.sample.filter(person=person).exists():
        raise _invalid("Already sampled", ("person_id", "That child is already in the sample"))
    count = audit.sample.count()
    if count >= MAX_SAMPLE:
        raise _invalid("Sample full", ("person_id", f"A sample has at most {MAX_SAMPLE} children"))
    used = set(audit.sample.values_list("label", flat=True))
    label = next(label_for(i) for i in range(MAX_SAMPLE + 1) if label_for(i) not in used)
    return SampleChild.objects.create(
        audit=audit, person=person, label=label, age=age_on(person, today or timezone.localdate()), chosen=True
    )


def _uuid_like(text: str) -> bool:
    import uuid

    try:
        uuid.UUID(str(text))
    except ValueError:
        return False
    return True


def _grant(audit: Audit, part: AuditAgency, by) -> None:
    grant_access(
        [c.person_id for c in audit.sample.all()],
        kind=GrantKind.AUDIT,
        source=audit,
        reason=f"Auditor for {part.agency.name} in the multi-agency audit: {audit.theme}",
        scope=GrantScope.PERSON,
        user=part.auditor,
        granted_by=by,
    )


@transaction.atomic
def add_agency(user, audit: Audit, *, agency, auditor) -> AuditAgency:
    """Name an agency's auditor. Once grading has started they are given the sample at once."""
    _must_run(user, audit, Audit.Status.PLANNING, Audit.Status.GRADING)
    if auditor is None or auditor.agency_id != agency.pk or not does_casework(auditor):
        raise _invalid("Bad auditor", ("auditor", f"Choose an auditor who works for {agency.name}"))
    if audit.agencies.filter(agency=agency).exists():
        raise _invalid("Already taking part", ("agency", f"{agency.name} is already taking part"))
    part = AuditAgency.objects.create(audit=audit, agency=agency, auditor=auditor)
    if audit.status == Audit.Status.GRADING:
        _grant(audit, part, user)
    return part


@transaction.atomic
def start_grading(user, audit: Audit) -> Audit:
    _must_run(user, audit, Audit.Status.PLANNING)
    problems = []
    if not audit.sample.exists():
        problems.append(("__all__", "Draw or choose the sample first"))
    if not audit.agencies.exists():
        problems.append(("__all__", "Name at least one agency's auditor first"))
    if problems:
        raise _invalid("Not ready", *problems)
    for part in audit.agencies.select_related("agency", "auditor"):
        _grant(audit, part, user)
    audit.status = Audit.Status.GRADING
    audit.grading_started_at = timezone.now()
    audit.save(update_fields=["status", "grading_started_at"])
    return audit


@transaction.atomic
def grade_child(user, part: AuditAgency, child: SampleChild, grades: dict[int, tuple[str, str]]) -> int:
    """Record (or change) the auditor's grades for their agency's part in one child: {criterion id: (grade,
    comment)}. Requires improvement and inadequate need a comment saying why."""
    audit = part.audit
    if part.auditor_id != user.pk:
        raise PermissionError("Only the agency's nominated auditor grades its part.")
    if audit.status != Audit.Status.GRADING or child.audit_id != audit.pk:
        raise _invalid("Not grading", ("__all__", "This audit is not taking grades now"))
    criteria = {c.pk: c for c in audit.criteria.all()}
    problems = []
    for pk, criterion in criteria.items():
        grade, comment = grades.get(pk, ("", ""))
        if not grade:
            problems.append((f"grade_{pk}", f"Choose a grade for criterion {criterion.number}"))
        elif grade in NEEDS_COMMENT and not comment.strip():
            problems.append(
                (f"comment_{pk}", f"Say why criterion {criterion.number} is graded {grade.replace('_', ' ')}")
            )
    if problems:
        raise _invalid("Grades missing", *problems)
    now = timezone.now()
    for pk in criteria:
        grade, comment = grades[pk]
        AgencyGrade.objects.update_or_create(
            audit_agency=part,
            child=child,
            criterion_id=pk,
            defaults={"grade": grade, "comment": comment.strip(), "graded_by": user, "graded_at": now},
        )
    return len(criteria)


def start_moderation(user, audit: Audit) -> Audit:
    _must_run(user, audit, Audit.Status.GRADING)
    if not AgencyGrade.objects.filter(audit_agency__audit=audit).exists():
        raise _invalid("No grades", ("__all__", "No agency has graded yet"))
    audit.status = Audit.Status.MODERATION
    audit.save(update_fields=["status"])
    return audit


def record_meeting(user, audit: Audit, *, meeting_date: dt.date, attendees: str) -> Audit:
    _must_run(user, audit, Audit.Status.MODERATION)
    if not _lines(attendees):
        raise _invalid("No attendees", ("attendees", "Enter who attended, one per line"))
    audit.meeting_date, audit.attendees = meeting_date, "\n".join(_lines(attendees))
    audit.save(update_fields=["meeting_date", "attendees"])
    return audit


def moderate_child(user, child: SampleChild, *, grade: str, rationale: str) -> SampleChild:
    """The moderated grade for a child: a rationale is needed where it differs from what the agencies proposed."""
    _must_run(user, child.audit, Audit.Status.MODERATION)
    proposed = proposed_grade(child)
    if grade not in Grade.values:
        raise _invalid("No grade", ("grade", f"Choose the moderated grade for {child.label}"))
    if grade != proposed and not rationale.strip():
        said = Grade(proposed).label.lower() if proposed else "no grade"
        raise _invalid(
            "No rationale", ("rationale", f"Say why the moderated grade differs from the agencies' ({said})")
        )
    child.moderated_grade, child.moderation_rationale = grade, rationale.strip()
    child.save(update_fields=["moderated_grade", "moderation_rationale"])
    return child


def save_brief(user, audit: Audit, **fields) -> Audit:
    _must_run(user, audit, Audit.Status.MODERATION)
    for name in ("worries", "good_practice", "what_we_found", "needs_to_happen"):
        fields[name] = "\n".join(_lines(fields.get(name, "")))
    for name, value in fields.items():
        setattr(audit, name, value)
    audit.save(update_fields=list(fields))
    return audit


@transaction.atomic
def close_audit(user, audit: Audit) -> Audit:
    """Close the audit once the meeting, each child's moderated grade and the brief are recorded; the auditors'
    grants on the sample end now."""
    _must_run(user, audit, Audit.Status.MODERATION)
    problems = []
    if audit.meeting_date is None:
        problems.append(("__all__", "Record the moderation meeting first"))
    unmoderated = [c.label for c in audit.sample.filter(moderated_grade="")]
    if unmoderated:
        problems.append(("__all__", f"Record the moderated grade for {', '.join(unmoderated)}"))
    if not (_lines(audit.worries) and _lines(audit.good_practice) and _lines(audit.needs_to_happen)):
        problems.append(("__all__", "Write the learning brief: worries, good practice and what needs to happen"))
    if problems:
        raise _invalid("Not ready to close", *problems)
    now = timezone.now()
    end_grants(audit, at=now, reason="The audit closed", kind=GrantKind.AUDIT)
    audit.status, audit.closed_at = Audit.Status.CLOSED, now
    audit.save(update_fields=["status", "closed_at"])
    return audit
