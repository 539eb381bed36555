"""The partnership's measures, each defined once here: what is counted (the denominator), which of those meet the
standard (the numerator), the rule in words and where the rule comes from. Every figure is computed from the records
when it is asked for; nobody types a number in (issue 13; CONTRACTS.md §14).

A measure is a function that, for a council, an agency (or agency type) and a period, returns its cases: one per
thing counted (a referral, a strategy discussion, a child at a conference), each saying whether it met the
standard, which children it is about (for the drill-down, which macp.access guards) and the date that places it in
a period (for the monthly trend). The numerator is the cases that met the standard; the denominator is all of them.
A case whose clock is still running (a referral submitted an hour ago and not yet decided) is not counted either way.

Working days come from macp.core.working_days (weekends and England and Wales bank holidays, from `holidays`).
"""

import dataclasses
import datetime as dt
import statistics
from collections import defaultdict
from collections.abc import Callable

from django.db.models import Prefetch, Q
from django.utils import timezone

from macp.accounts.models import HEALTH_TYPES, AgencyType
from macp.casework.models import Assessment
from macp.core.working_days import LONDON, add_working_days, add_working_days_at
from macp.enquiries.models import ConferenceChild
from macp.escalations.models import Escalation
from macp.outofhours.models import OutOfHoursRecord
from macp.people.models import Involvement, Relationship
from macp.referrals.models import Referral, ReferralChild
from macp.strategy.models import Attendance, Dissent, Distribution, Invitation, StrategyDiscussion
from macp.transfers.models import Transfer

MINUTES_DUE = dt.timedelta(hours=24)  # Somerset "Child Alex": minutes to every agency within 24 hours
ACK_WORKING_DAYS = 2  # minutes acknowledged within two working days, as strategy.distribution chases them
DEFAULT_TARGET = dt.timedelta(hours=24)  # strategy.booking: within one working day unless red (4 hours)
PARENT_TYPES = ("parent", "step_parent", "carer")  # as strategy.invitations.family_of finds a child's parents


@dataclasses.dataclass(frozen=True)
class Filters:
    """What the figures are for: a council (code), an agency (code) or agency type, and a period of London dates
    (both ends included). `now` is when the clocks are read."""

    start: dt.date
    end: dt.date
    local_authority: str = ""
    agency: str = ""
    agency_type: str = ""
    now: dt.datetime | None = None

    @property
    def start_at(self) -> dt.datetime:
        return dt.datetime.combine(self.start, dt.time(), tzinfo=LONDON)

    @property
    def end_before(self) -> dt.datetime:
        return dt.datetime.combine(self.end + dt.timedelta(days=1), dt.time(), tzinfo=LONDON)

    @property
    def clock(self) -> dt.datetime:
        return self.now or timezone.now()

    def moment(self, field: str) -> Q:
        """A date-time field inside the period."""
        return Q(**{f"{field}__gte": self.start_at, f"{field}__lt": self.end_before})

    def day(self, field: str) -> Q:
        """A date field inside the period."""
        return Q(**{f"{field}__gte": self.start, f"{field}__lte": self.end})

    def agency_q(self, path: str) -> Q:
        """The agency (or agency type) filter on the agency at `path`; everything when neither is set."""
        q = Q()
        if self.agency:
            q &= Q(**{f"{path}__code": self.agency})
        if self.agency_type:
            q &= Q(**{f"{path}__type": self.agency_type})
        return q

    @property
    def by_agency(self) -> bool:
        return bool(self.agency or self.agency_type)

    def as_dict(self) -> dict:
        return {
            "local_authority": self.local_authority,
            "agency": self.agency,
            "agency_type": self.agency_type,
            "from": self.start.isoformat(),
            "to": self.end.isoformat(),
        }


@dataclasses.dataclass(frozen=True)
class Case:
    """One thing counted. `ref` names the record (never a child's name); `children` are person ids."""

    ref: str
    on: dt.date
    met: bool
    children: tuple[str, ...] = ()
    detail: str = ""
    hours: float | None = None
    link: tuple[str, dict] | None = None  # (URL name, kwargs) of the record's page, for those who may open it


@dataclasses.dataclass(frozen=True)
class Measure:
    code: str
    title: str
    counts: str  # what the denominator counts, plural ("referrals")
    met_label: str  # a case in the numerator, in words
    not_met_label: str
    rule: str  # the rule in words: numerator, denominator, clocks
    source: str  # the statutory guidance or review the standard comes from
    cases: Callable[[Filters], list[Case]]
    agency_means: str = ""  # what the agency filter selects; empty when the measure is not by agency
    higher_is_better: bool = True
    statistic: str = ""  # "median hours" when the cases carry hours


@dataclasses.dataclass(frozen=True)
class Result:
    measure: Measure
    numerator: int
    denominator: int
    median_hours: float | None
    cases: list[Case]

    @property
    def value(self) -> float | None:
        return self.numerator / self.denominator if self.denominator else None

    @property
    def percent(self) -> str:
        return "No cases" if self.value is None else f"{self.value:.0%}"


MEASURES: dict[str, Measure] = {}


def measure(**meta):
    """Register a measure: the decorated function returns its cases for Filters."""

    def register(function):
        MEASURES[meta["code"]] = Measure(cases=function, **meta)
        return function

    return register


def compute(code: str, filters: Filters) -> Result:
    m = MEASURES[code]
    cases = m.cases(filters)
    hours = [c.hours for c in cases if c.hours is not None]
    return Result(
        measure=m,
        numerator=sum(1 for c in cases if c.met),
        denominator=len(cases),
        median_hours=round(statistics.median(hours), 1) if hours else None,
        cases=cases,
    )


def compute_all(filters: Filters) -> list[Result]:
    return [compute(code, filters) for code in MEASURES]


def monthly(result: Result, months: list[dt.date]) -> list[dict]:
    """The cases of a result by calendar month (each month's first day in `months`): numerator, denominator, value."""
    by_month = defaultdict(lambda: [0, 0])
    for case in result.cases:
        key = case.on.replace(day=1)
        by_month[key][1] += 1
        by_month[key][0] += case.met
    out = []
    for month in months:
        numerator, denominator = by_month.get(month, (0, 0))
        out.append(
            {
                "month": month,
                "numerator": numerator,
                "denominator": denominator,
                "value": numerator / denominator if denominator else None,
            }
        )
    return out


def _local(moment: dt.datetime) -> dt.datetime:
    return moment.astimezone(LONDON)


def _hours(start: dt.datetime, end: dt.datetime) -> float:
    return round((end - start).total_seconds() / 3600, 1)


# ---- councils: where each kind of record belongs --------------------------------------------------------------


def _discussion_council(f: Filters, prefix: str = "") -> Q:
    """A strategy discussion belongs to its council, or (before one was recorded) to its requesting agency's."""
    if not f.local_authority:
        return Q()
    return Q(**{f"{prefix}local_authority__code": f.local_authority}) | Q(
        **{
            f"{prefix}local_authority__isnull": True,
            f"{prefix}requesting_agency__local_authority__code": f.local_authority,
        }
    )


def _council(f: Filters, path: str) -> Q:
    return Q(**{f"{path}__code": f.local_authority}) if f.local_authority else Q()


def _invited(f: Filters, prefix: str = "") -> Q:
    """Discussions the agency (or an agency of the type) was invited to."""
    if not f.by_agency:
        return Q()
    invited = Invitation.objects.exclude(status=Invitation.Status.REMOVED).filter(f.agency_q("agency"))
    return Q(**{f"{prefix}pk__in": invited.values("discussion_id")})


def _held(f: Filters):
    """Strategy discussions held in the period whose record is due: finalised, or held more than 24 hours ago (by
    then the minutes should have gone out)."""
    due = f.clock - MINUTES_DUE
    return (
        StrategyDiscussion.objects.filter(f.moment("scheduled_for"), _discussion_council(f), _invited(f))
        .filter(
            Q(status=StrategyDiscussion.Status.FINALISED)
            | Q(status=StrategyDiscussion.Status.SCHEDULED, scheduled_for__lte=due)
        )
        .prefetch_related(Prefetch("children", to_attr="kids"))
        .order_by("scheduled_for", "pk")
    )


def _sd_case(d: StrategyDiscussion, met: bool, detail: str = "", hours: float | None = None) -> Case:
    return Case(
        ref=f"SD-{d.pk}",
        on=_local(d.scheduled_for).date(),
        met=met,
        children=tuple(str(c.pk) for c in d.kids),
        detail=detail,
        hours=hours,
        link=("strategy:detail", {"discussion_id": d.pk}),
    )


# ---- the front door ---------------------------------------------------------------------------------------------


def _referrals(f: Filters):
    return (
        Referral.objects.exclude(status=Referral.Status.DRAFT)
        .filter(
            f.moment("submitted_at"), _council(f, "receiving_agency__local_authority"), f.agency_q("referrer_agency")
        )
        .prefetch_related(Prefetch("children", queryset=ReferralChild.objects.only("referral_id", "person_id")))
        .order_by("submitted_at", "pk")
    )


def _referral_link(r: Referral):
    return ("referrals:triage", {"reference": r.reference}) if r.reference else None


@measure(
    code="referral_decision_1wd",
    title="Referral decisions within 1 working day",
    counts="requests for help",
    met_label="Decided within 1 working day",
    not_met_label="Not decided within 1 working day",
    rule=(
        "Denominator: requests for help submitted in the period, once decided or once their working day has run out. "
        "Numerator: those decided by the same clock time on the next working day (a Friday 3pm request is due by "
        "3pm on Monday, or Tuesday after a bank holiday). A request still undecided after that counts as late."
    ),
    source="Working Together to Safeguard Children 2023, ch. 4: a decision about the response within one working day.",
    agency_means="the referring agency",
)
def referral_decision_1wd(f: Filters) -> list[Case]:
    out = []
    for r in _referrals(f):
        due = add_working_days_at(r.submitted_at, 1)
        if r.decided_at is None and due > f.clock:
            continue  # the clock is still running
        met = r.decided_at is not None and r.decided_at <= due
        detail = f"Decided after {_hours(r.submitted_at, r.decided_at)} hours" if r.decided_at else "Not decided yet"
        out.append(
            Case(
                ref=r.reference or f"Request {r.pk}",
                on=_local(r.submitted_at).date(),
                met=met,
                children=tuple(str(c.person_id) for c in r.children.all() if c.person_id),
                detail=detail,
                link=_referral_link(r),
            )
        )
    return out


def _year_before(day: dt.datetime) -> dt.datetime:
    try:
        return day.replace(year=day.year - 1)
    except ValueError:  # 29 February
        return day.replace(year=day.year - 1, day=28)


@measure(
    code="repeat_referral_12m",
    title="Re-referrals within 12 months",
    counts="children referred",
    met_label="Referred again within 12 months of an earlier request",
    not_met_label="No request for help in the 12 months before",
    rule=(
        "Denominator: each child named on a request for help submitted in the period (a request about two children "
        "counts twice). Numerator: those children named on another request submitted in the 12 months before it. "
        "Lower is better."
    ),
    source="Department for Education, children in need census: re-referrals within 12 months of a previous referral.",
    agency_means="the referring agency",
    higher_is_better=False,
)
def repeat_referral_12m(f: Filters) -> list[Case]:
    rows = list(
        ReferralChild.objects.filter(person__isnull=False, referral__in=_referrals(f).values("pk"))
        .select_related("referral")
        .order_by("referral__submitted_at", "pk")
    )
    people = {row.person_id for row in rows}
    earliest = _year_before(f.start_at)
    history = defaultdict(list)
    for person_id, submitted_at in (
        ReferralChild.objects.filter(person_id__in=people, referral__submitted_at__gte=earliest)
        .exclude(referral__status=Referral.Status.DRAFT)
        .values_list("person_id", "referral__submitted_at")
    ):
        history[person_id].append(submitted_at)
    out = []
    for row in rows:
        at = row.referral.submitted_at
        before = [s for s in history[row.person_id] if _year_before(at) <= s < at]
        out.append(
            Case(
                ref=row.referral.reference or f"Request {row.referral_id}",
                on=_local(at).date(),
                met=bool(before),
                children=(str(row.person_id),),
                detail=f"{len(before)} earlier request(s) in the 12 months before" if before else "",
                link=_referral_link(row.referral),
            )
        )
    return out


# ---- strategy discussions ---------------------------------------------------------------------------------------


@measure(
    code="sd_held_within_target",
    title="Strategy discussions held within their target time",
    counts="strategy discussions requested",
    met_label="Held by its target time",
    not_met_label="Held late, or not yet held after its target time",
    rule=(
        "Denominator: strategy discussions requested in the period that have been held, or whose target time has "
        "passed. Numerator: those held by the target time set when requested (4 hours for a red rating, otherwise "
        "24 hours). The median hours from request to meeting is shown beside it."
    ),
    source="Working Together to Safeguard Children 2023, ch. 4; Bristol CSPR 2024 §3.3 (delays to strategy discussions).",
    agency_means="agencies invited",
    statistic="median hours from request to meeting",
)
def sd_held_within_target(f: Filters) -> list[Case]:
    now = f.clock
    found = (
        StrategyDiscussion.objects.filter(f.moment("requested_at"), _discussion_council(f), _invited(f))
        .prefetch_related(Prefetch("children", to_attr="kids"))
        .order_by("requested_at", "pk")
    )
    out = []
    for d in found:
        target = d.target_at or d.requested_at + DEFAULT_TARGET
        held = d.status != StrategyDiscussion.Status.REQUESTED and d.scheduled_for and d.scheduled_for <= now
        if not held and target > now:
            continue
        hours = _hours(d.requested_at, d.scheduled_for) if held else None
        out.append(
            Case(
                ref=f"SD-{d.pk}",
                on=_local(d.requested_at).date(),
                met=bool(held and d.scheduled_for <= target),
                children=tuple(str(c.pk) for c in d.kids),
                detail=f"Held {hours} hours after the request" if held else "Not held yet",
                hours=hours,
                link=("strategy:detail", {"discussion_id": d.pk}),
            )
        )
    return out


CORE_TYPES = {
    "children's social care": {AgencyType.CHILDRENS_SOCIAL_CARE},
    "police": {AgencyType.POLICE},
    "health": set(HEALTH_TYPES),
}


@measure(
    code="sd_core_attendance",
    title="Strategy discussions attended by social care, police and health",
    counts="finalised strategy discussions",
    met_label="Social care, police and health attended",
    not_met_label="Held without one of the core agencies",
    rule=(
        "Denominator: strategy discussions held in the period whose minutes are finalised. Numerator: those where "
        "children's social care, the police and a health agency are each recorded as attending. The attendance of "
        "each agency type is shown beside the measures."
    ),
    source="Working Together to Safeguard Children 2023, ch. 4 (core agencies); Bristol CSPR 2024 §3.3.9.",
    agency_means="agencies invited",
)
def sd_core_attendance(f: Filters) -> list[Case]:
    out = []
    for d in _held(f).filter(status=StrategyDiscussion.Status.FINALISED).prefetch_related("attendance__agency"):
        types = {a.agency.type for a in d.attendance.all() if a.attended}
        missing = [name for name, wanted in CORE_TYPES.items() if not types & wanted]
        out.append(_sd_case(d, not missing, "Without " + ", ".join(missing) if missing else ""))
    return out


@measure(
    code="sd_gp_invited",
    title="GP of the child and of each parent invited",
    counts="finalised strategy discussions with a known GP",
    met_label="Every known GP invited",
    not_met_label="A known GP was not invited",
    rule=(
        "Denominator: strategy discussions held in the period whose minutes are finalised, where a registered GP is "
        "recorded on the day of the meeting for a child discussed or for a parent or carer of one. Numerator: those "
        "where every such GP practice was invited (an invitation not withdrawn)."
    ),
    source="Bristol CSPR 2024 recommendation e) and §3.3.10; Somerset CSPR 'Child Alex' (the GP not invited).",
    agency_means="agencies invited",
)
def sd_gp_invited(f: Filters) -> list[Case]:
    out = []
    discussions = (
        _held(f)
        .filter(status=StrategyDiscussion.Status.FINALISED)
        .prefetch_related(
            Prefetch(
                "invitations", queryset=Invitation.objects.exclude(status=Invitation.Status.REMOVED), to_attr="live"
            )
        )
    )
    for d in discussions:
        day = _local(d.scheduled_for).date()
        children = [c.pk for c in d.kids]
        parents = Relationship.objects.filter(to_person_id__in=children, type__in=PARENT_TYPES).values_list(
            "from_person_id", flat=True
        )
        gps = dict(
            Involvement.objects.filter(
                Q(person_id__in=children) | Q(person_id__in=list(parents)),
                Q(start__isnull=True) | Q(start__lte=day),
                Q(end__isnull=True) | Q(end__gte=day),
                role="registered_gp",
            ).values_list("agency_id", "agency__name")
        )
        if not gps:
            continue
        missing = sorted(name for agency_id, name in gps.items() if agency_id not in {i.agency_id for i in d.live})
        out.append(_sd_case(d, not missing, "Not invited: " + ", ".join(missing) if missing else ""))
    return out


@measure(
    code="sd_genogram_confirmed",
    title="Genogram shown and confirmed at the strategy discussion",
    counts="finalised strategy discussions",
    met_label="Genogram confirmed",
    not_met_label="Genogram not confirmed (a reason recorded instead)",
    rule=(
        "Denominator: strategy discussions held in the period whose minutes are finalised. Numerator: those whose "
        "record says the genogram was shown and checked."
    ),
    source="Bristol CSPR 2024 §3.2 (who is in the household); Somerset CSPR 'Child Alex'.",
    agency_means="agencies invited",
)
def sd_genogram_confirmed(f: Filters) -> list[Case]:
    return [
        _sd_case(d, d.genogram_confirmed, "" if d.genogram_confirmed else d.genogram_not_shown_reason[:120])
        for d in _held(f).filter(status=StrategyDiscussion.Status.FINALISED)
    ]


@measure(
    code="sd_decision_per_child",
    title="A decision recorded for each child discussed",
    counts="children discussed",
    met_label="Decision recorded for the child",
    not_met_label="No decision recorded for the child",
    rule=(
        "Denominator: each child of each strategy discussion held in the period that is finalised or was held more "
        "than 24 hours ago. Numerator: the children with their own recorded decision (significant harm and "
        "section 47), never one decision for 'the children'."
    ),
    source="Bristol CSPR 2024 recommendation f); Working Together to Safeguard Children 2023, ch. 4.",
    agency_means="agencies invited",
)
def sd_decision_per_child(f: Filters) -> list[Case]:
    out = []
    for d in _held(f).prefetch_related("decisions"):
        decided = {x.child_id for x in d.decisions.all()}
        for child in d.kids:
            out.append(
                Case(
                    ref=f"SD-{d.pk}",
                    on=_local(d.scheduled_for).date(),
                    met=child.pk in decided,
                    children=(str(child.pk),),
                    link=("strategy:detail", {"discussion_id": d.pk}),
                )
            )
    return out


@measure(
    code="sd_minutes_24h",
    title="Strategy discussion minutes distributed within 24 hours",
    counts="strategy discussions held",
    met_label="Minutes sent within 24 hours",
    not_met_label="Minutes sent later than 24 hours, or not yet sent",
    rule=(
        "Denominator: strategy discussions held in the period that are finalised or were held more than 24 hours "
        "ago. Numerator: those whose minutes were finalised and sent to the invited agencies no more than 24 hours "
        "after the meeting (exactly 24 hours counts as on time)."
    ),
    source="Somerset CSPR 'Child Alex' (minutes to every agency within 24 hours); Bristol CSPR 2024 recommendation f).",
    agency_means="agencies invited",
)
def sd_minutes_24h(f: Filters) -> list[Case]:
    out = []
    for d in _held(f):
        sent = d.finalised_at
        met = sent is not None and sent <= d.scheduled_for + MINUTES_DUE
        hours = _hours(d.scheduled_for, sent) if sent else None
        out.append(_sd_case(d, met, f"Sent {hours} hours after the meeting" if sent else "Not sent yet", hours))
    return out


@measure(
    code="sd_minutes_acknowledged",
    title="Minutes acknowledged by the receiving agency within 2 working days",
    counts="copies of minutes sent",
    met_label="Receipt confirmed within 2 working days",
    not_met_label="Receipt not confirmed within 2 working days",
    rule=(
        "Denominator: copies of strategy discussion minutes sent to an agency in the period, once acknowledged or "
        "once 2 working days have passed. Numerator: those whose receipt the agency confirmed within 2 working days "
        "of sending."
    ),
    source="Somerset CSPR 'Child Alex' (partners disagreed on what was decided); the partnership's minutes protocol.",
    agency_means="the receiving agency",
)
def sd_minutes_acknowledged(f: Filters) -> list[Case]:
    found = (
        Distribution.objects.filter(f.moment("sent_at"), _discussion_council(f, "discussion__"), f.agency_q("agency"))
        .select_related("agency", "discussion")
        .prefetch_related(Prefetch("discussion__children", to_attr="kids"))
        .order_by("sent_at", "pk")
    )
    out = []
    for row in found:
        due = add_working_days_at(row.sent_at, ACK_WORKING_DAYS)
        if row.acknowledged_at is None and due > f.clock:
            continue
        out.append(
            Case(
                ref=f"SD-{row.discussion_id} to {row.agency.name}",
                on=_local(row.sent_at).date(),
                met=row.acknowledged_at is not None and row.acknowledged_at <= due,
                children=tuple(str(c.pk) for c in row.discussion.kids),
                detail="Not acknowledged" if row.acknowledged_at is None else "",
                link=("strategy:detail", {"discussion_id": row.discussion_id}),
            )
        )
    return out


@measure(
    code="sd_dissent_escalated",
    title="Dissent at strategy discussions taken into the escalation process",
    counts="dissents recorded",
    met_label="Taken into the process for resolving professional differences",
    not_met_label="Recorded but not escalated",
    rule=(
        "Denominator: disagreements recorded in strategy discussion minutes in the period. Numerator: those from "
        "which a disagreement was raised in the partnership's process for resolving professional differences."
    ),
    source="Somerset CSPR 'Child Alex' (the hospital's disagreement went nowhere); Working Together 2023, ch. 2.",
    agency_means="the dissenting agency",
)
def sd_dissent_escalated(f: Filters) -> list[Case]:
    found = (
        Dissent.objects.filter(f.moment("recorded_at"), _discussion_council(f, "discussion__"), f.agency_q("agency"))
        .select_related("agency", "discussion")
        .prefetch_related(Prefetch("discussion__children", to_attr="kids"))
        .order_by("recorded_at", "pk")
    )
    escalated = set(
        Escalation.objects.filter(dissent_id__in=[d.pk for d in found]).values_list("dissent_id", flat=True)
    )
    return [
        Case(
            ref=f"SD-{d.discussion_id}: {d.agency.name}",
            on=_local(d.recorded_at).date(),
            met=d.pk in escalated,
            children=tuple(str(c.pk) for c in d.discussion.kids),
            link=("strategy:detail", {"discussion_id": d.discussion_id}),
        )
        for d in found
    ]


@measure(
    code="escalations_resolved",
    title="Disagreements between agencies resolved",
    counts="disagreements raised",
    met_label="Resolved",
    not_met_label="Still open",
    rule=(
        "Denominator: disagreements raised in the period in the process for resolving professional differences. "
        "Numerator: those resolved. The median hours from raising to resolution is shown beside it."
    ),
    source="Working Together to Safeguard Children 2023, ch. 2 (resolving professional disagreements).",
    agency_means="the agency that raised it",
    statistic="median hours to resolve",
)
def escalations_resolved(f: Filters) -> list[Case]:
    found = Escalation.objects.filter(
        f.moment("raised_at"), _council(f, "local_authority"), f.agency_q("raised_by_agency")
    ).order_by("raised_at", "pk")
    out = []
    for e in found:
        resolved = e.status == Escalation.Status.RESOLVED
        hours = _hours(e.raised_at, e.resolved_at) if resolved and e.resolved_at else None
        out.append(
            Case(
                ref=e.reference,
                on=_local(e.raised_at).date(),
                met=resolved,
                children=(str(e.child_id),) if e.child_id else (),
                detail=f"Stage {e.stage}",
                hours=hours,
                link=("escalations:detail", {"escalation_id": e.pk}),
            )
        )
    return out


# ---- enquiries and conferences ------------------------------------------------------------------------------------


@measure(
    code="icpc_15wd",
    title="Initial child protection conferences within 15 working days",
    counts="children at an initial conference",
    met_label="Conference within 15 working days of the strategy discussion",
    not_met_label="Conference later than 15 working days",
    rule=(
        "Denominator: each child at an initial child protection conference held in the period after a section 47 "
        "enquiry. Numerator: those whose conference was held within 15 working days of the strategy discussion that "
        "started the enquiry (weekends and bank holidays not counted)."
    ),
    source="Working Together to Safeguard Children 2023, ch. 4; DfE children in need census (ICPCs within 15 days).",
)
def icpc_15wd(f: Filters) -> list[Case]:
    found = (
        ConferenceChild.objects.filter(
            f.moment("conference__scheduled_for"),
            _council(f, "conference__social_care__local_authority"),
            conference__kind="initial",
            conference__scheduled_for__lte=f.clock,
            enquiry__isnull=False,
        )
        .select_related("conference", "enquiry")
        .order_by("conference__scheduled_for", "pk")
    )
    out = []
    for row in found:
        held = _local(row.conference.scheduled_for).date()
        due = add_working_days(row.enquiry.strategy_held_on, 15)
        out.append(
            Case(
                ref=f"CPC-{row.conference_id}",
                on=held,
                met=held <= due,
                children=(str(row.child_id),),
                detail=f"Due {due:%-d %b %Y}",
                link=("enquiries:conference", {"conference_id": row.conference_id}),
            )
        )
    return out


@measure(
    code="assessment_45wd",
    title="Child and family assessments within 45 working days",
    counts="assessments completed",
    met_label="Completed within 45 working days",
    not_met_label="Completed later than 45 working days",
    rule=(
        "Denominator: child and family assessments authorised in the period. Numerator: those authorised within 45 "
        "working days of their start (weekends and bank holidays not counted)."
    ),
    source="Working Together to Safeguard Children 2023, ch. 3; DfE children in need census (assessments in 45 days).",
)
def assessment_45wd(f: Filters) -> list[Case]:
    found = Assessment.objects.filter(
        f.day("authorised_on"), _council(f, "local_authority"), started_on__isnull=False
    ).order_by("authorised_on", "pk")
    out = []
    for a in found:
        due = add_working_days(a.started_on, 45)
        out.append(
            Case(
                ref=f"Assessment {a.pk}",
                on=a.authorised_on,
                met=a.authorised_on <= due,
                children=(str(a.child_id),),
                detail=f"Due {due:%-d %b %Y}",
            )
        )
    return out


# ---- transfers and out of hours -----------------------------------------------------------------------------------


@measure(
    code="transfers_with_date",
    title="Transfers between councils with a date responsibility passes",
    counts="transfers proposed",
    met_label="Accepted with the date responsibility passes",
    not_met_label="No date yet: both councils may think the other holds the case",
    rule=(
        "Denominator: transfers of a child's case proposed in the period (declined ones left out) to or from the "
        "council. Numerator: those accepted with the date from which the receiving council is responsible."
    ),
    source="Somerset CSPR 'Child Alex' (a case moved between councils without a transfer date).",
)
def transfers_with_date(f: Filters) -> list[Case]:
    council = (
        Q(from_local_authority__code=f.local_authority) | Q(to_local_authority__code=f.local_authority)
        if f.local_authority
        else Q()
    )
    found = (
        Transfer.objects.filter(f.moment("proposed_at"), council)
        .exclude(status=Transfer.Status.DECLINED)
        .order_by("proposed_at", "pk")
    )
    return [
        Case(
            ref=t.reference,
            on=_local(t.proposed_at).date(),
            met=t.status == Transfer.Status.ACCEPTED and t.responsibility_from is not None,
            children=(str(t.child_id),),
            detail=f"From {t.responsibility_from:%-d %b %Y}" if t.responsibility_from else "No date",
            link=("transfers:detail", {"transfer_id": t.pk}),
        )
        for t in found
    ]


@measure(
    code="edt_handover_on_time",
    title="Out-of-hours records picked up by the day team on time",
    counts="out-of-hours records",
    met_label="Acknowledged by 9am on the next working day",
    not_met_label="Acknowledged late, or not yet",
    rule=(
        "Denominator: emergency duty team records made in the period, once acknowledged or once their handover time "
        "(9am on the next working day) has passed. Numerator: those the day team acknowledged by that time."
    ),
    source="Bristol CSPR 2024 (a weekend death handed over to a day team who 'started again').",
    agency_means="the recording agency (EDT)",
)
def edt_handover_on_time(f: Filters) -> list[Case]:
    found = (
        OutOfHoursRecord.objects.filter(
            f.moment("recorded_at"), _council(f, "local_authority"), f.agency_q("recorded_by_agency")
        )
        .prefetch_related(Prefetch("children", to_attr="kids"))
        .order_by("recorded_at", "pk")
    )
    out = []
    for r in found:
        if r.acknowledged_at is None and r.handover_due > f.clock:
            continue
        out.append(
            Case(
                ref=r.reference,
                on=_local(r.recorded_at).date(),
                met=r.acknowledged_at is not None and r.acknowledged_at <= r.handover_due,
                children=tuple(str(c.pk) for c in r.kids),
                detail="Not acknowledged yet" if r.acknowledged_at is None else "",
                link=("outofhours:detail", {"record_id": r.pk}),
            )
        )
    return out


# ---- attendance by agency type (a breakdown, not a single figure) ---------------------------------------------


def attendance_by_agency_type(f: Filters) -> list[dict]:
    """For strategy discussions held in the period and finalised: per agency type, how many were invited (an
    invitation not withdrawn) and how many of those attended."""
    discussions = _held(f).filter(status=StrategyDiscussion.Status.FINALISED).values("pk")
    invited = defaultdict(set)
    for discussion_id, agency_id, agency_type in (
        Invitation.objects.filter(discussion_id__in=discussions)
        .exclude(status=Invitation.Status.REMOVED)
        .values_list("discussion_id", "agency_id", "agency__type")
    ):
        invited[agency_type].add((discussion_id, agency_id))
    attended = set(
        Attendance.objects.filter(discussion_id__in=discussions, attended=True)
        .values_list("discussion_id", "agency_id")
        .distinct()
    )
    labels = dict(AgencyType.choices)
    rows = []
    for agency_type, pairs in invited.items():
        came = len(pairs & attended)
        rows.append(
            {
                "type": agency_type,
                "label": labels.get(agency_type, agency_type),
                "invited": len(pairs),
                "attended": came,
                "value": came / len(pairs) if pairs else None,
            }
        )
    return sorted(rows, key=lambda r: (-r["invited"], r["label"]))
