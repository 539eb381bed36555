"""The partnership's quality work in the demo region: one multi-agency audit in progress (agencies grading) and the
12Cs graded for last year by the partnership and by children's social care. Idempotent: made once."""

import datetime as dt

from django.utils import timezone

from macp.accounts.models import User
from macp.audits import services as audits
from macp.audits.models import Audit, Grade
from macp.frameworks import services as frameworks
from macp.frameworks.models import Assessment, Framework

DEMO_THEME = "Strategy discussions: the child's voice and information sharing"
CRITERIA = (
    "The child was seen and their voice is recorded and shaped the decision",
    "What the agency knew was shared with the strategy discussion in time",
    "The agency's actions from the discussion were completed and recorded",
)
AUDITORS = ("team-manager", "police-investigator", "partner-attendee")
GRADES = (Grade.GOOD, Grade.REQUIRES_IMPROVEMENT, Grade.GOOD, Grade.OUTSTANDING, Grade.INADEQUATE)
EVIDENCE = {
    1: "Little is written down yet about this component; it was discussed at the partnership's development day.",
    2: "A plan is agreed at the partnership board and work has started in two agencies.",
    3: "In place in practice: procedures and training exist, but the last audit found it inconsistent.",
    4: "Embedded: the last two audits and the practitioner survey show it across agencies.",
}
LAST_YEAR_LEVELS = (3, 2, 3, 2, 2, 1, 2, 3, 2, 2, 1, 2)


def add_partnership_quality(today: dt.date | None = None) -> dict:
    today = today or timezone.localdate()
    made = {"audits": 0, "12cs gradings": 0}
    analyst = User.objects.filter(username="partnership-analyst").select_related("agency__local_authority").first()
    if analyst is None or audits.partnership_area(analyst) is None:
        return made
    if not Audit.objects.filter(theme=DEMO_THEME).exists():
        made["audits"] = _audit(analyst, today)
    made["12cs gradings"] = _twelve_cs(analyst, today)
    return made


def _audit(analyst, today: dt.date) -> int:
    audit = audits.create_audit(
        analyst,
        theme=DEMO_THEME,
        aim="to see whether each agency brought what it knew to strategy discussions and whether each child was heard",
        cohort="children discussed at a strategy discussion in the last year",
        period_start=today - dt.timedelta(days=365),
        period_end=today,
        criteria="\n".join(CRITERIA),
    )
    if not audits.candidates(audit).exists():
        return 1  # left at planning: nothing to sample in this region
    audits.draw_sample(analyst, audit, size=6, seed=2026, today=today)
    for username in AUDITORS:
        auditor = User.objects.filter(username=username).select_related("agency").first()
        if auditor is not None and auditor.agency_id:
            audits.add_agency(analyst, audit, agency=auditor.agency, auditor=auditor)
    if not audit.agencies.exists():
        return 1
    audits.start_grading(analyst, audit)
    # Social care has graded every child, the police two, the GP none: an audit part-way through grading.
    criteria = list(audit.criteria.all())
    for part, how_many in zip(audit.agencies.select_related("auditor").order_by("pk"), (6, 2, 0)):
        for i, child in enumerate(audit.sample.all()[:how_many]):
            grades = {}
            for j, criterion in enumerate(criteria):
                grade = GRADES[(i + j) % len(GRADES)]
                comment = "" if grade in (Grade.GOOD, Grade.OUTSTANDING) else "Child's words not recorded in the notes"
                grades[criterion.pk] = (grade, comment)
            audits.grade_child(part.auditor, part, child, grades)
    return 1


def _twelve_cs(analyst, today: dt.date) -> int:
    framework = Framework.objects.filter(code="12cs").first()
    if framework is None:
        framework = frameworks.load_shipped()[0]
    last_year = frameworks.assessment_year(today) - 1
    made = 0
    holders = [frameworks.Holder(local_authority=analyst.agency.local_authority)]
    manager = User.objects.filter(username="team-manager").select_related("agency").first()
    if manager is not None and manager.agency_id:
        holders.append(frameworks.Holder(agency=manager.agency))
    for holder in holders:
        if Assessment.objects.filter(framework=framework, year=last_year, **holder.filter()).exists():
            continue
        who = analyst if holder.local_authority else manager
        ratings = {
            c.pk: {
                "level": level,
                "evidence": EVIDENCE[level],
                "actions": "" if level == 4 else f"Bring {c.title.lower()} into the next multi-agency audit's criteria",
            }
            for c, level in zip(framework.components.all(), LAST_YEAR_LEVELS)
        }
        frameworks.record_grading(who, framework, holder, last_year, ratings)
        made += 1
    return made
