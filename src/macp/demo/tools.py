"""Practice tools in the demo region, so the tools pages have something on them: a Neglect Toolkit completed twice
for one child (a chart, and the band-change alert), a ROTH tool for a teenager, a place linked to two children, and
a ROTH Tactical Group meeting that was held, with its attendance, minutes, discussion and actions.

Everything goes through the tools services as the demo's social worker and team manager would do it, so the
records, the chronology entries and the alert are the ones the pages make. Synthetic data only; idempotent (nothing
is added once a completed tool exists)."""

import datetime as dt

from django.utils import timezone

from macp.accounts.models import Agency, AgencyType, User
from macp.people.models import Person
from macp.people.services import current, is_child
from macp.tools import services
from macp.tools.models import Completion

NEGLECT_VISITS = (
    # (days ago, score for every domain but one, the lowest domain and its score, worries)
    (84, 3, ("home_environment", 3), "The fridge was empty on one visit; the children's bedding was not clean."),
    (14, 3, ("physical_care", 2), "The fridge was empty on three visits; Mum says the gas was cut off for a week."),
)


def _children(agency: Agency, *, ages: range, limit: int) -> list[Person]:
    """Children the agency is involved with now, of the given ages, in a stable order."""
    today = timezone.localdate()
    oldest = dt.date(today.year - ages.stop, today.month, min(today.day, 28))
    youngest = dt.date(today.year - ages.start, today.month, min(today.day, 28))
    people = (
        Person.objects.filter(
            involvements__agency=agency,
            date_of_birth__gt=oldest,
            date_of_birth__lte=youngest,
            merged_into__isnull=True,
        )
        .filter(current("involvements__"))
        .distinct()
        .order_by("family_name", "given_name", "pk")[: limit * 4]
    )
    return [p for p in people if is_child(p)][:limit]


def _tool_data(tool, scores: dict, on: dt.date, **texts) -> dict:
    return {
        "completed_on": on,
        "participants": texts.get("participants", "The child, Mum, the social worker and the health visitor"),
        "child_views": texts.get("child_views", "Said she likes it when Nan makes tea; sometimes hungry at school"),
        "parent_views": texts.get("parent_views", "Mum says money has been very short since the benefit change"),
        "strengths": texts.get("strengths", "Nan visits most days; the children are warmly greeted at school"),
        "worries": texts["worries"],
        "scores": scores,
        "overall_score": texts.get("overall_score"),
        "overall_reason": texts.get("overall_reason", ""),
        "evidence": texts.get("evidence", {}),
    }


def add_tools_activity(csc_code: str = "svc-csc") -> dict:
    if Completion.objects.exists():
        return {}
    csc = Agency.objects.filter(code=csc_code).first()
    worker = User.objects.filter(username="social-worker").first()
    manager = User.objects.filter(username="team-manager").first()
    if not (csc and worker and manager):
        return {}
    neglect, roth = services.active_tool("neglect"), services.active_tool("roth")
    young = _children(csc, ages=range(3, 11), limit=1)
    teens = _children(csc, ages=range(12, 18), limit=2)
    if not (neglect and roth and young and len(teens) == 2):
        return {}
    today = timezone.localdate()
    made = {"tool_completions": 0, "contexts": 0, "context_links": 0, "rtg_meetings": 0, "rtg_actions": 0}

    # The Neglect Toolkit, twice, for the same child: the second falls a band (an alert with both as evidence).
    child = young[0]
    for days_ago, usual, (low_domain, low), worries in NEGLECT_VISITS:
        scores = {d["code"]: usual for d in neglect.domains}
        scores[low_domain] = low
        services.do_complete_tool(
            neglect, worker, child, _tool_data(neglect, scores, today - dt.timedelta(days=days_ago), worries=worries)
        )
        made["tool_completions"] += 1

    # The ROTH tool for a teenager: going missing is the riskiest domain.
    teen = teens[0]
    scores = {d["code"]: 6 for d in roth.domains}
    missing = next((d["code"] for d in roth.domains if "missing" in d["title"].lower()), roth.domains[0]["code"])
    scores[missing] = 2
    services.do_complete_tool(
        roth,
        worker,
        teen,
        _tool_data(
            roth,
            scores,
            today - dt.timedelta(days=7),
            participants=f"{teen.given_name}, his mum, the social worker, the youth worker",
            child_views="Said the older lads at the park are his mates and look out for him",
            parent_views="Mum is worried about new trainers and a second phone she did not buy",
            strengths="Goes to boxing club twice a week; the coach is someone he trusts",
            worries="Missing twice this month, found both times at a flat on Mead Road; a car AB12 CDE seen nearby",
            overall_score=3,
            overall_reason="Found within hours both times; his boxing coach is a protective adult",
        ),
    )
    made["tool_completions"] += 1

    # A place, linked to two children (each link with its date and source).
    park = services.do_create_context(
        worker,
        {
            "kind": "place",
            "name": "Page Park (by the skate ramp)",
            "location": "Staple Hill",
            "description": "Older young people and adults in a car meet children here after school.",
        },
    )
    car = services.do_create_context(
        worker, {"kind": "vehicle", "name": "Car AB12 CDE", "description": "Silver hatchback seen at the park"}
    )
    made["contexts"] += 2
    for days_ago, linked, source in (
        (20, teens[0], "Police intelligence log 4471"),
        (9, teens[-1], "Seen there by the school's family support worker"),
    ):
        services.do_link_child(
            worker, park, linked, {"noted_on": today - dt.timedelta(days=days_ago), "source": source}
        )
        made["context_links"] += 1
    services.do_link_child(
        worker, car, teens[0], {"noted_on": today - dt.timedelta(days=8), "source": "Return-home interview"}
    )
    made["context_links"] += 1

    # Referred by any professional; a meeting held with attendance, minutes, discussion and actions.
    referral = services.do_refer_to_rtg(
        worker, {"child": teen, "context": park, "reason": "Missing twice; linked to the park and car AB12 CDE"}
    )
    meeting = services.do_schedule_rtg(
        manager,
        {
            "meets_at": timezone.now() - dt.timedelta(days=2, hours=3),
            "chair": "DI Sarah Brown",
            "referrals": [referral.pk],
        },
    )
    police = Agency.objects.filter(type=AgencyType.POLICE, local_authority=csc.local_authority).first() or (
        Agency.objects.filter(type=AgencyType.POLICE).first()
    )
    school = Agency.objects.filter(type=AgencyType.SCHOOL, local_authority=csc.local_authority).first()
    for name, role, agency in (
        ("DI Sarah Brown", "Chair, exploitation team", police),
        (manager.display_name, "Team manager", csc),
        (worker.display_name, "Social worker", csc),
        ("Mr Dev Patel", "Designated safeguarding lead", school),
    ):
        if agency is not None:
            services.do_add_attendee(manager, meeting, {"name": name, "role": role, "agency": agency.code})
    item = meeting.items.first()
    services.do_record_discussion(
        manager,
        item,
        "Adults in car AB12 CDE are believed to be drawing children into carrying drugs. Disruption at the park; "
        "the flat on Mead Road to be visited.",
    )
    for owner_agency, owner, what, due_in in (
        (police, "PC Ash", "Patrol Page Park on Friday and Saturday evenings; stop checks on car AB12 CDE", 7),
        (csc, worker.display_name, "Return-home interview after each missing episode; safety plan with Mum", 5),
        (school, "Mr Dev Patel", "Share attendance daily with the social worker for four weeks", 14),
    ):
        if owner_agency is not None:
            services.do_add_rtg_action(
                manager,
                meeting,
                {
                    "item": item.pk,
                    "owner_agency": owner_agency.code,
                    "owner": owner,
                    "what": what,
                    "due": today + dt.timedelta(days=due_in),
                },
            )
            made["rtg_actions"] += 1
    services.do_record_held(
        manager,
        meeting,
        {
            "held_at": meeting.meets_at,
            "minutes": "The group considered one child and two contexts (Page Park; car AB12 CDE). "
            "Police, children's social care and the school agreed the actions below. Next meeting in four weeks.",
        },
    )
    made["rtg_meetings"] += 1
    return made
