"""The demo region carries an audit in progress and last year's 12Cs grading."""

from macp.access.models import Assignment, GrantKind
from macp.access.services import decide
from macp.accounts.models import User
from macp.audits.models import Audit
from macp.demo.partnership import DEMO_THEME, add_partnership_quality
from macp.demo.services import build_demo_region
from macp.frameworks.models import Assessment
from macp.frameworks.services import assessment_year


def test_the_demo_has_an_audit_being_graded_and_last_years_12cs(db, settings):
    settings.MACP_DEMO = True
    build_demo_region(families=30)
    audit = Audit.objects.get(theme=DEMO_THEME)
    assert audit.status == Audit.Status.GRADING
    sampled = audit.sample.count()
    assert 1 <= sampled <= 6 and audit.agencies.count() == 3
    done = {part.auditor.username: part.grades.count() for part in audit.agencies.all()}
    assert done == {"team-manager": 3 * sampled, "police-investigator": 3 * min(2, sampled), "partner-attendee": 0}
    # The GP's auditor can open the sample for the audit (or already could, through the practice's involvement).
    gp_auditor = User.objects.get(username="partner-attendee")
    assert all(decide(gp_auditor, c.person).allowed for c in audit.sample.all())
    assert Assignment.objects.filter(kind=GrantKind.AUDIT, user=gp_auditor).count() == sampled
    last_year = assessment_year() - 1
    assert Assessment.objects.filter(year=last_year).count() == 2
    # Made once.
    assert add_partnership_quality() == {"audits": 0, "12cs gradings": 0}
