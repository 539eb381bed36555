"""A few section 47 enquiries in progress in the demo region, so the worktray, the enquiry pages and the chronology
have something on them: each from a finalised strategy discussion, at different stages (just opened; hypotheses
and the child seen; the child's voice recorded and ready to conclude)."""

import datetime as dt

from django.utils import timezone

from macp.accounts.models import Agency, AgencyType, User
from macp.enquiries import investigation
from macp.enquiries.models import Enquiry
from macp.people.models import Person
from macp.people.services import current, is_child
from macp.strategy.models import Attendance, ChildDecision, Invitation, StrategyDiscussion

DEMO_ENQUIRIES = 3


def add_enquiries(csc_code: str = "svc-csc", count: int = DEMO_ENQUIRIES) -> int:
    if Enquiry.objects.exists():
        return 0
    csc = Agency.objects.filter(code=csc_code).first()
    manager = User.objects.filter(username="team-manager").first()
    worker = User.objects.filter(username="social-worker").first()
    detective = User.objects.filter(username="police-investigator").first()
    if not (csc and manager and worker):
        return 0
    police = detective.agency if detective else Agency.objects.filter(type=AgencyType.POLICE).first()
    health = Agency.objects.filter(type=AgencyType.COMMUNITY_HEALTH, local_authority=csc.local_authority).first()
    candidates = (
        Person.objects.filter(involvements__agency=csc, date_of_birth__isnull=False)
        .filter(current("involvements__"))
        .distinct()
        .order_by("family_name", "given_name")[:50]
    )
    children = [p for p in candidates if is_child(p)][:count]
    now = timezone.now()
    made = 0
    for stage, child in enumerate(children):
        held = now - dt.timedelta(days=2 + 4 * stage)
        discussion = StrategyDiscussion.objects.create(
            status=StrategyDiscussion.Status.SCHEDULED,
            reason="Injury the child says an adult at home caused",
            requested_by=manager,
            requesting_agency=csc,
            requested_at=held - dt.timedelta(hours=3),
            scheduled_for=held,
            genogram_confirmed=True,
        )
        discussion.children.set([child])
        for agency in (a for a in (csc, police, health) if a):
            Invitation.objects.create(
                discussion=discussion,
                agency=agency,
                role="core",
                reason="Core agency",
                required=True,
                status=Invitation.Status.ACCEPTED,
            )
            Attendance.objects.create(
                discussion=discussion, agency=agency, name=f"{agency.name} representative", attended=True
            )
        ChildDecision.objects.create(
            discussion=discussion,
            child=child,
            significant_harm="met",
            section_47=True,
            recorded_by=manager,
            rationale="Injury with an account that does not fit",
            enquiry="joint" if police else "single",
            lead_agency=csc,
            abe_interview=True,
            cp_medical=True,
            safety_plan="Child stays with grandmother",
            if_medical_inconclusive="Second opinion from the named doctor",
        )
        discussion.status, discussion.finalised_at, discussion.finalised_by = (
            StrategyDiscussion.Status.FINALISED,
            held,
            manager,
        )
        discussion.save(
            update_fields=["status", "finalised_at", "finalised_by"]
        )  # opens the enquiry (enquiries.signals)
        enquiry = Enquiry.objects.get(strategy_discussion=discussion)
        investigation.allocate(enquiry, manager, worker, None)
        if detective and enquiry.police_id == detective.agency_id:
            enquiry.police_investigator = detective
            enquiry.save(update_fields=["police_investigator"])
        if stage >= 1:
            investigation.add_hypothesis(
                enquiry, worker, "The injury was caused by an adult at home", "The child's account; bruise pattern"
            )
            investigation.add_hypothesis(
                enquiry,
                worker,
                "The injury was accidental (fall at the park)",
                "",
                "No one saw a fall",
                status="excluded",
            )
            investigation.record_child_seen(
                enquiry,
                worker,
                seen_at=held + dt.timedelta(hours=20),
                seen_alone=True,
                by_agency=csc.code,
                note="Seen alone at school",
            )
        if stage >= 2:
            investigation.record_voice(
                enquiry,
                worker,
                recorded_at=held + dt.timedelta(hours=20),
                words="I like it at nan's. I don't want to go home yet.",
                method="Seen alone at school, drawing",
                by_agency=csc.code,
            )
        made += 1
    return made
