"""A year of past work in the demo region, so the partnership's dashboards have figures and trends to show: about
two decided requests for help and one strategy discussion a month (with its invitations, attendance, minutes and
their receipt, and for most an initial conference), and out-of-hours records picked up by the day team. Some are
late on purpose, deterministically (a seeded random), so no chart is all 100%. Small: a few dozen records."""

import datetime as dt
import random

from django.db.models import Q
from django.utils import timezone

from macp.accounts.models import HEALTH_TYPES, Agency, AgencyType, User
from macp.core.references import next_reference
from macp.core.working_days import LONDON, add_working_days, add_working_days_at, is_working_day
from macp.enquiries.models import Conference, ConferenceChild, Enquiry
from macp.outofhours.models import OutOfHoursRecord
from macp.people.models import Involvement, Person, Relationship
from macp.people.services import current, is_child
from macp.referrals.models import Referral, ReferralChild
from macp.strategy.models import Attendance, ChildDecision, Distribution, Invitation, StrategyDiscussion

MONTHS = 12
MARK = "demo-quality-"  # the idempotency key of the history's requests for help: made once


def _working_day(day: dt.date) -> dt.date:
    while not is_working_day(day):
        day += dt.timedelta(days=1)
    return day


def _at(day: dt.date, hour: int, minute: int = 0) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(hour, minute), tzinfo=LONDON)


def add_quality_history(csc_code: str = "svc-csc", now: dt.datetime | None = None, seed: int = 13) -> dict:
    made = {"requests": 0, "discussions": 0, "conferences": 0, "out_of_hours": 0}
    if Referral.objects.filter(idempotency_key__startswith=MARK).exists():
        return made
    csc = Agency.objects.filter(code=csc_code).select_related("local_authority").first()
    users = {
        u.username: u for u in User.objects.filter(username__in=["referrer", "team-manager", "chair", "edt-worker"])
    }
    manager, referrer = users.get("team-manager"), users.get("referrer")
    if not (csc and manager and referrer and referrer.agency_id):
        return made
    police = Agency.objects.filter(type=AgencyType.POLICE, active=True).first()
    health_agencies = Agency.objects.filter(type=AgencyType.COMMUNITY_HEALTH, active=True)
    health = (
        health_agencies.filter(local_authority=csc.local_authority).first()
        or health_agencies.filter(local_authority__isnull=True).first()
        or Agency.objects.filter(type__in=HEALTH_TYPES - {AgencyType.GP_PRACTICE}, active=True).first()
    )
    edt = users.get("edt-worker")
    candidates = (
        Person.objects.filter(involvements__agency=csc, date_of_birth__isnull=False)
        .filter(current("involvements__"))
        .distinct()
        .order_by("-family_name", "-given_name")[:80]
    )
    children = [p for p in candidates if is_child(p)][: MONTHS * 2]
    if len(children) < 4:
        return made
    rng = random.Random(seed)
    now = now or timezone.now()
    this_month = timezone.localtime(now, LONDON).date().replace(day=1)
    for back in range(MONTHS - 1, 0, -1):
        index = this_month.year * 12 + this_month.month - 1 - back
        month = dt.date(index // 12, index % 12 + 1, 1)
        kids = [children[(2 * back) % len(children)], children[(2 * back + 1) % len(children)]]
        # Two requests for help, most decided within the working day.
        for n, child in enumerate(kids):
            submitted = _at(_working_day(month + dt.timedelta(days=3 + 9 * n)), 10, 15)
            late = rng.random() < 0.25
            decided = add_working_days_at(submitted, 2) if late else submitted + dt.timedelta(hours=rng.randint(2, 6))
            referral = Referral.objects.create(
                reference=next_reference("RFH", submitted.year),
                status=Referral.Status.DECIDED,
                submitted_at=submitted,
                submitted_by=referrer,
                idempotency_key=f"{MARK}{month:%Y%m}-{n}",
                referrer_name=referrer.display_name,
                referrer_agency=referrer.agency,
                receiving_agency=csc,
                concerns="Worries about the child's care at home (demo history).",
                decision="strategy_discussion" if n == 0 else "assessment",
                decision_reason="Demo history.",
                decided_by=manager,
                decided_at=decided,
                brag="red" if n == 0 else "amber",
            )
            ReferralChild.objects.create(
                referral=referral,
                person=child,
                match_status=ReferralChild.Match.CONFIRMED,
                match_reason="Named by the referrer by person id",
                given_name=child.given_name,
                family_name=child.family_name,
            )
            made["requests"] += 1
        discussion = _discussion(
            rng,
            kids[0],
            csc,
            police,
            health,
            manager,
            submitted_at=_at(_working_day(month + dt.timedelta(days=3)), 10, 15),
        )
        made["discussions"] += 1
        made["conferences"] += _conference(rng, discussion, kids[0], csc, manager)
        if edt and back % 2 == 0:
            occurred = _at(month + dt.timedelta(days=12), 23, 30)
            due = _at(add_working_days(occurred.date(), 1), 9)
            record = OutOfHoursRecord.objects.create(
                local_authority=csc.local_authority,
                occurred_at=occurred,
                summary="Police called to the home late at night (demo history).",
                actions_taken="Visited with police; the child seen.",
                follow_up="Day team to speak to the child at school.",
                recorded_by=edt,
                recorded_by_agency=edt.agency,
                recorded_at=occurred + dt.timedelta(minutes=40),
                handover_due=due,
                status=OutOfHoursRecord.Status.ACKNOWLEDGED,
                acknowledged_by=manager,
                acknowledged_at=due + dt.timedelta(minutes=rng.choice([-50, -20, 45])),
                acknowledgement_note="Picked up by the area team.",
            )
            record.children.set([kids[1]])
            made["out_of_hours"] += 1
    return made


def _discussion(rng, child, csc, police, health, manager, *, submitted_at) -> StrategyDiscussion:
    requested = submitted_at + dt.timedelta(hours=3)
    held = requested + dt.timedelta(hours=rng.choice([3, 5, 20, 30]))
    minutes_after = dt.timedelta(hours=rng.choice([2, 6, 20, 23, 30]))
    # Made finalised before any decision exists, so the enquiry signal opens nothing: the history has its own.
    discussion = StrategyDiscussion.objects.create(
        status=StrategyDiscussion.Status.FINALISED,
        reason="Injury the child says an adult at home caused (demo history)",
        requested_by=manager,
        requesting_agency=csc,
        local_authority=csc.local_authority,
        requested_at=requested,
        target_at=requested + dt.timedelta(hours=24),
        scheduled_for=held,
        genogram_confirmed=rng.random() < 0.8,
        genogram_not_shown_reason="",
        finalised_at=held + minutes_after,
        finalised_by=manager,
    )
    if not discussion.genogram_confirmed:
        discussion.genogram_not_shown_reason = "Held by telephone: the genogram was read out, not shown"
        discussion.save(update_fields=["genogram_not_shown_reason"])
    discussion.children.set([child])
    invited = [(a, "core", True) for a in (csc, police, health) if a]
    # The GP of the child and of each parent: most discussions invite them all, some miss one.
    parents = Relationship.objects.filter(to_person=child, type__in=["parent", "step_parent", "carer"]).values(
        "from_person_id"
    )
    gps = Involvement.objects.filter(
        Q(person=child) | Q(person_id__in=parents), role="registered_gp", end__isnull=True
    ).select_related("agency", "person")
    seen = {a.pk for a, _, _ in invited}
    for gp in gps:
        if gp.agency_id not in seen and rng.random() < 0.85:
            seen.add(gp.agency_id)
            invited.append((gp.agency, "gp_of_child" if gp.person_id == child.pk else "gp_of_parent", True))
    for agency, role, _ in invited:
        Invitation.objects.create(
            discussion=discussion,
            agency=agency,
            role=role,
            for_person=child if role.startswith("gp") else None,
            reason="Core agency" if role == "core" else "GP of the child or of a parent",
            required=True,
            status=Invitation.Status.ACCEPTED,
            suggested=True,
        )
        came = agency == csc or rng.random() < (0.85 if role == "core" else 0.4)
        Attendance.objects.create(
            discussion=discussion, agency=agency, name=f"{agency.name} representative", attended=came
        )
        sent = discussion.finalised_at
        acknowledged = add_working_days_at(sent, rng.choice([0, 1, 1, 2, 3])) if rng.random() < 0.9 else None
        Distribution.objects.create(
            discussion=discussion,
            agency=agency,
            recipient=agency.email or agency.name,
            sent_at=sent,
            acknowledged_at=acknowledged
            if acknowledged is None or acknowledged > sent
            else sent + dt.timedelta(hours=1),
        )
    ChildDecision.objects.create(
        discussion=discussion,
        child=child,
        significant_harm="met",
        section_47=True,
        rationale="Injury with an account that does not fit (demo history)",
        enquiry="single",
        lead_agency=csc,
        recorded_by=manager,
    )
    return discussion


def _conference(rng, discussion, child, csc, manager) -> int:
    held_on = timezone.localtime(discussion.scheduled_for, LONDON).date()
    icpc_due = add_working_days(held_on, 15)
    enquiry = Enquiry.objects.create(
        child=child,
        strategy_discussion=discussion,
        decision=discussion.decisions.first(),
        lead_agency=csc,
        social_care=csc,
        status=Enquiry.Status.CONCLUDED,
        opened_at=discussion.finalised_at,
        strategy_held_on=held_on,
        referral_received_on=held_on,
        icpc_due=icpc_due,
        assessment_due=add_working_days(held_on, 45),
        outcome=Enquiry.Outcome.ICPC,
        outcome_rationale="Significant harm substantiated (demo history).",
        outcome_at=discussion.finalised_at + dt.timedelta(days=7),
        outcome_by=manager,
    )
    on = add_working_days(held_on, rng.choice([11, 13, 14, 15, 18, 19]))
    if on >= timezone.localdate():
        return 0  # not held yet
    conference = Conference.objects.create(
        kind=Conference.Kind.INITIAL,
        status=Conference.Status.FINALISED,
        scheduled_for=_at(on, 10),
        due=icpc_due,
        late_reason="Parents' solicitor unavailable" if on > icpc_due else "",
        social_care=csc,
        booked_by=manager,
        booked_at=_at(held_on, 16),
        finalised_at=_at(on, 15),
        finalised_by=manager,
    )
    ConferenceChild.objects.create(
        conference=conference, child=child, enquiry=enquiry, plan=True, category="physical", decided_at=_at(on, 12)
    )
    return 1
