"""The worktray: what each person has to do, each item with its statutory or agreed clock, most urgent first.

Caseload is the children I or my team hold (enquiries and plans allocated to us), not everyone I may open. Every
section is one query with what it shows joined in, so the page costs the same for 4 children or 400.
"""

import dataclasses
import datetime as dt

from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone

from macp.accounts.models import Role
from macp.core.working_days import add_working_days
from macp.enquiries.clocks import Clock, clock
from macp.enquiries.models import (
    ConferenceChild,
    ConferenceDistribution,
    ConferenceInvitation,
    Enquiry,
    GapAction,
    Task,
)
from macp.referrals.models import MashEnquiry
from macp.strategy.models import Action, Distribution, Invitation

LIMIT = 500  # per section: a worktray longer than this is a management problem, not a page to scroll
ACK_WORKING_DAYS = 2  # minutes to acknowledge within two working days (as strategy minutes are chased)


@dataclasses.dataclass
class Item:
    section: str
    title: str
    link: str
    clock: Clock
    child: str = ""
    holder: str = ""  # for a team manager: who holds it, or "Not allocated"


def _enquiry_items(rows, team_view: bool) -> list[Item]:
    items = []
    detail = reverse("enquiries:detail", kwargs={"enquiry_id": 0}).replace(
        "/0/", "/{}/"
    )  # one reverse, not one per row
    for e in rows:
        link = detail.format(e.pk)
        holder = (e.social_worker.display_name if e.social_worker else "Not allocated") if team_view else ""
        if e.status == Enquiry.Status.OPEN:
            items.append(
                Item(
                    "enquiries",
                    f"Section 47 enquiry S47-{e.pk}: conference due",
                    link,
                    clock(e.icpc_due),
                    e.child.full_name,
                    holder,
                )
            )
            items.append(
                Item(
                    "enquiries",
                    f"Child and family assessment for S47-{e.pk}",
                    link,
                    clock(e.assessment_due),
                    e.child.full_name,
                    holder,
                )
            )
        else:  # concluded "icpc", no conference booked yet: the ICPC clock still runs
            items.append(
                Item(
                    "enquiries",
                    f"Book the initial child protection conference (S47-{e.pk})",
                    link,
                    clock(e.icpc_due),
                    e.child.full_name,
                    holder,
                )
            )
    return items


def for_user(user, today: dt.date | None = None) -> dict:
    today = today or timezone.localdate()
    team_view = user.has_role(Role.TEAM_MANAGER) and user.team_id is not None
    mine = Q(social_worker=user) | Q(police_investigator=user)
    if team_view:
        mine |= Q(team_id=user.team_id)
    awaiting = Q(status=Enquiry.Status.OPEN) | Q(outcome=Enquiry.Outcome.ICPC, conferences__isnull=True)
    enquiries = (
        Enquiry.objects.filter(mine)
        .filter(awaiting)
        .distinct()
        .select_related("child", "social_worker")
        .order_by("icpc_due")[:LIMIT]
    )
    items = _enquiry_items(enquiries, team_view)

    # Plans: the review conference and the first core group, for the latest conference of each child I (or my team) lead.
    held = Q(lead_social_worker=user)
    if team_view:
        held |= Q(enquiry__team_id=user.team_id)
    plans = (
        ConferenceChild.objects.filter(held, plan=True, conference__status="finalised")
        .exclude(child__conferences__conference__scheduled_for__gt=F("conference__scheduled_for"))
        .select_related("child", "conference", "lead_social_worker")
        .distinct()[:LIMIT]
    )
    for row in plans:
        link = reverse("enquiries:conference", kwargs={"conference_id": row.conference_id})
        holder = row.lead_social_worker.display_name if team_view and row.lead_social_worker else ""
        items.append(
            Item(
                "reviews",
                "Review child protection conference",
                link,
                clock(row.review_due),
                row.child.full_name,
                holder,
            )
        )
        if row.core_group_due:
            items.append(
                Item(
                    "reviews", "First core group meeting", link, clock(row.core_group_due), row.child.full_name, holder
                )
            )

    if user.agency_id:
        agency = user.agency_id
        for a in (
            Action.objects.filter(owner_agency_id=agency, completed_at__isnull=True)
            .select_related("child")
            .order_by("due")[:LIMIT]
        ):
            items.append(
                Item("actions", a.what, reverse("strategy:tasks"), clock(a.due), a.child.full_name if a.child else "")
            )
        for t in (
            Task.objects.filter(agency_id=agency, done_at__isnull=True, enquiry__status=Enquiry.Status.OPEN)
            .filter(Q(enquiry__in=Enquiry.objects.filter(mine)) | ~Q(enquiry__social_care_id=agency))
            .select_related("enquiry__child")
            .order_by("due")[:LIMIT]
        ):
            items.append(
                Item(
                    "actions",
                    t.detail or t.get_kind_display(),
                    reverse("enquiries:detail", kwargs={"enquiry_id": t.enquiry_id}),
                    clock(t.due),
                    t.enquiry.child.full_name,
                )
            )
        for g in GapAction.objects.filter(owner_agency_id=agency, done_at__isnull=True).select_related(
            "answer__question__enquiry__child"
        )[:LIMIT]:
            enquiry = g.answer.question.enquiry
            items.append(
                Item(
                    "actions",
                    g.what,
                    reverse("enquiries:matrix", kwargs={"enquiry_id": enquiry.pk}),
                    clock(g.due),
                    enquiry.child.full_name,
                )
            )
        for i in (
            Invitation.objects.filter(
                agency_id=agency, status=Invitation.Status.INVITED, discussion__status="scheduled"
            )
            .select_related("discussion")
            .order_by("discussion__scheduled_for")[:LIMIT]
        ):
            items.append(
                Item(
                    "invitations",
                    f"Answer the invitation to strategy discussion SD-{i.discussion_id}",
                    reverse("strategy:respond", kwargs={"discussion_id": i.discussion_id}),
                    clock(i.discussion.scheduled_for),
                )
            )
        invited = (
            ConferenceInvitation.objects.filter(
                agency_id=agency, conference__status="booked", conference__scheduled_for__gte=timezone.now()
            )
            .exclude(conference__reports__agency_id=agency)
            .select_related("conference")
            .order_by("conference__scheduled_for")
        )
        for c in {i.conference_id: i.conference for i in invited[:LIMIT]}.values():
            items.append(
                Item(
                    "invitations",
                    f"Write your agency's report for conference CPC-{c.pk}",
                    reverse("enquiries:conference", kwargs={"conference_id": c.pk}),
                    clock(c.scheduled_for),
                )
            )
        for d in Distribution.objects.filter(agency_id=agency, acknowledged_at__isnull=True, sent_at__isnull=False)[
            :LIMIT
        ]:
            items.append(
                Item(
                    "minutes",
                    f"Confirm receipt of the minutes of SD-{d.discussion_id}",
                    reverse("strategy:minutes", kwargs={"discussion_id": d.discussion_id}),
                    clock(add_working_days(timezone.localdate(d.sent_at), ACK_WORKING_DAYS)),
                )
            )
        for d in ConferenceDistribution.objects.filter(agency_id=agency, acknowledged_at__isnull=True)[:LIMIT]:
            items.append(
                Item(
                    "minutes",
                    f"Confirm receipt of the minutes of CPC-{d.conference_id}",
                    reverse("enquiries:conference", kwargs={"conference_id": d.conference_id}),
                    clock(add_working_days(timezone.localdate(d.sent_at), ACK_WORKING_DAYS)),
                )
            )
        for m in (
            MashEnquiry.objects.filter(agency_id=agency, responded_at__isnull=True)
            .select_related("referral")
            .order_by("due_at")[:LIMIT]
        ):
            items.append(
                Item(
                    "mash",
                    f"Answer the MASH enquiry about {m.referral.reference}",
                    reverse("referrals:mash_answer", kwargs={"enquiry_id": m.pk}),
                    clock(m.due_at),
                )
            )
    items.sort(key=lambda i: i.clock.rank)
    counts = {s: sum(i.clock.state == s for i in items) for s in ("overdue", "due_soon", "due")}
    return {
        "items": items,
        "team_view": team_view,
        "counts": counts,
        "sections": {s: [i for i in items if i.section == s] for s in SECTIONS},
    }


SECTIONS = {
    "enquiries": "My children and enquiries",
    "reviews": "Plans and reviews",
    "actions": "My actions",
    "invitations": "Invitations",
    "minutes": "Minutes to acknowledge",
    "mash": "MASH enquiries to answer",
}
