"""Enquiry services: clocks, allocation, the conference from booking to the plan and its review, the discrepancy
matrix, the worktray and people search."""

import datetime as dt

import pytest
from django.utils import timezone

from macp.access.models import AccessEvent
from macp.core.problems import InvalidInput
from macp.enquiries import clocks, conferences, matrix, search, worktray
from macp.enquiries import investigation as work
from macp.enquiries.models import Answer, Conference, Enquiry, GapAction


def test_clocks_count_working_days_and_months():
    # Fri 18 Dec 2026 + 15 working days skips Christmas, Boxing Day (Mon 28th) and New Year's Day
    assert clocks.icpc_due(dt.date(2026, 12, 18)) == dt.date(2027, 1, 13)
    assert clocks.core_group_due(dt.date(2026, 12, 18)) == dt.date(2027, 1, 6)
    assert clocks.review_due(dt.date(2026, 8, 31), "initial") == dt.date(2026, 11, 30)
    assert clocks.review_due(dt.date(2026, 8, 31), "review") == dt.date(2027, 2, 28)
    today = dt.date(2026, 12, 23)  # Wednesday
    assert clocks.clock(dt.date(2026, 12, 22), today).state == "overdue"
    assert clocks.clock(dt.date(2026, 12, 29), today).state == "due_soon"  # Thu 24 and Tue 29: two working days
    assert clocks.clock(dt.date(2026, 12, 30), today).state == "due"
    assert clocks.clock(None, today).state == "none"


def _complete(enquiry, user):
    work.add_hypothesis(enquiry, user, "Daniel hit Amelia", "Bruise", "", "confirmed")
    work.record_child_seen(
        enquiry, user, seen_at=timezone.now() - dt.timedelta(hours=1), seen_alone=True, by_agency="test-csc"
    )
    work.record_voice(
        enquiry,
        user,
        recorded_at=timezone.now(),
        words="I feel safe with mum",
        method="Seen alone",
        by_agency="test-csc",
    )
    return work.record_outcome(enquiry, user, "icpc", "Likely significant harm")


def test_allocation_by_each_agency_of_its_own_worker(investigation):
    e = Enquiry.objects.get()
    work.allocate(e, investigation.manager, investigation.social_worker, None)
    assert (e.social_worker, e.team) == (investigation.social_worker, investigation.team)
    with pytest.raises(InvalidInput):
        work.allocate(e, investigation.manager, investigation.investigator, None)  # not a social worker of the council
    with pytest.raises(PermissionError):
        work.allocate(e, investigation.social_worker, investigation.social_worker, None)


def test_conference_booked_inside_the_clock_or_with_a_reason_then_plan_and_review(
    investigation, mailoutbox, django_capture_on_commit_callbacks
):
    from macp.accounts.models import Agency

    for agency in Agency.objects.all():
        agency.email = f"{agency.code}@secure.example.invalid"
        agency.save()
    sw, chair = investigation.social_worker, investigation.chair
    e = _complete(Enquiry.objects.get(), sw)
    late = timezone.make_aware(dt.datetime.combine(e.icpc_due + dt.timedelta(days=7), dt.time(10)))
    with pytest.raises(InvalidInput) as refused:
        conferences.book_initial([e], chair, late)
    assert refused.value.problems[0].loc == ["late_reason"]
    with django_capture_on_commit_callbacks(execute=True):
        c = conferences.book_initial([e], chair, late, late_reason="Paediatrician on leave")
    assert c.late_reason == "Paediatrician on leave" and c.due == e.icpc_due
    invited = set(c.invitations.values_list("agency__code", "role"))
    # the same Think-Family rule as the strategy discussion: core agencies and the child's GP
    assert {
        ("test-csc", "core"),
        ("test-police", "core"),
        ("test-health", "core"),
        ("test-gp", "gp_of_child"),
    } <= invited
    with pytest.raises(InvalidInput):
        conferences.book_initial([e], chair, late, late_reason="again")  # once
    problems = [p.msg for p in conferences.finalise_problems(c)]
    assert "No decision for Amelia Hughes" in problems and "The parents' views are not recorded" in problems
    conferences.record_views(c, chair, child_id=e.child_id, child_views="Wants to stay with mum")
    conferences.record_views(c, chair, parents_views="Mother agrees Daniel should stay away")
    conferences.save_report(c, investigation.investigator, "test-police", "Daniel arrested; bail conditions")
    with pytest.raises(InvalidInput) as incomplete:
        conferences.record_child_decision(c, chair, e.child_id, plan=True, rationale="Risk remains")
    assert {p.loc[0] for p in incomplete.value.problems} == {"category", "lead_social_worker", "core_group"}
    conferences.record_child_decision(
        c,
        chair,
        e.child_id,
        plan=True,
        category="physical",
        rationale="Risk remains",
        lead_social_worker=sw,
        core_group="Mother, school DSL, GP, social worker",
    )
    conferences.record_dissent(
        c, investigation.investigator, "test-police", None, "Police view: category should be multiple"
    )
    with django_capture_on_commit_callbacks(execute=True):
        conferences.finalise(c, chair)
    row = c.children.get()
    held = timezone.localdate(c.scheduled_for)
    assert row.review_due == clocks.add_months(held, 3) and row.core_group_due == clocks.core_group_due(held)
    assert set(c.distribution.values_list("agency__code", flat=True)) == set(
        c.invitations.values_list("agency__code", flat=True)
    )
    minutes = {m.to[0] for m in mailoutbox if "conference minutes" in m.subject}
    assert minutes == {
        f"{code}@secure.example.invalid" for code in c.invitations.values_list("agency__code", flat=True)
    }
    assert any(m.subject.startswith("Invitation: initial child protection conference") for m in mailoutbox)
    # review conferences: 6-monthly after the first
    review = conferences.book_review(
        row, chair, timezone.make_aware(dt.datetime.combine(row.review_due - dt.timedelta(days=3), dt.time(10)))
    )
    assert review.kind == Conference.Kind.REVIEW and review.due == row.review_due


def test_matrix_gap_becomes_an_action_for_that_agency(investigation):
    e = Enquiry.objects.get()
    sw = investigation.social_worker
    q = matrix.add_question(e, sw, "Who cares for Amelia at night?")
    with pytest.raises(InvalidInput) as missing:
        matrix.record_answer(q, sw, "test-gp", "missing", "No record of who attends appointments")
    assert {p.loc[0] for p in missing.value.problems} == {"what", "owner", "due"}
    due = timezone.localdate() + dt.timedelta(days=3)
    matrix.record_answer(
        q,
        sw,
        "test-gp",
        "missing",
        "",
        {"what": "Check who brought Amelia to the GP", "owner": "Practice nurse", "due": due},
    )
    matrix.record_answer(q, sw, "test-csc", "known", "Mother, per the home visit")
    gap = GapAction.objects.get()
    assert (gap.owner_agency.code, gap.due) == ("test-gp", due)
    columns, rows = matrix.grid(e)
    assert {a.code for a in columns} >= {"test-csc", "test-police", "test-gp"}
    assert [c.state if c else None for c in rows[0]["cells"]].count(None) == len(columns) - 2
    matrix.record_answer(q, sw, "test-gp", "known", "Grandmother brings her")
    assert not GapAction.objects.exists() and Answer.objects.get(agency__code="test-gp").state == "known"


def test_worktray_clocks_caseload_and_team_view(investigation, make_user):
    e = Enquiry.objects.get()
    sw, manager = investigation.social_worker, investigation.manager
    assert not [i for i in worktray.for_user(sw)["items"] if i.section == "enquiries"]  # not allocated to her yet
    team = worktray.for_user(manager)
    assert team["team_view"] and {i.holder for i in team["sections"]["enquiries"]} == {"Not allocated"}
    work.allocate(e, manager, sw, None)
    mine = worktray.for_user(sw)
    titles = [i.title for i in mine["sections"]["enquiries"]]
    assert any("conference due" in t for t in titles) and any("assessment" in t for t in titles)
    assert all(i.child == "Amelia Hughes" for i in mine["sections"]["enquiries"])
    ranks = [i.clock.rank for i in mine["items"]]
    assert ranks == sorted(ranks)
    assert {i.holder for i in worktray.for_user(manager)["sections"]["enquiries"]} == {"Sam Worker"}
    # another social worker of the same council, not allocated: none of it is her caseload
    other = make_user("sw-other", "social_worker", investigation.family.csc)
    assert not worktray.for_user(other)["sections"]["enquiries"]
    # the police force sees its tasks (ABE interview, joint visit) as actions
    police_actions = worktray.for_user(investigation.investigator)["sections"]["actions"]
    assert {i.title for i in police_actions} >= {"Achieving Best Evidence interview", "Joint visit"}


def test_people_search_nicknames_need_to_know_and_audit(investigation, make_user, make_agency):
    from macp.people.models import Person

    f = investigation.family
    Person.objects.create(given_name="William", family_name="Hughes", date_of_birth=dt.date(2015, 1, 1))
    results = search.search(investigation.social_worker, name="Bill Hughes")
    assert [r.person.given_name for r in results] == ["William"]
    assert results[0].may_open is False  # nobody in the council is involved with this William
    found = search.search(investigation.social_worker, name="Amelia Hughes")
    assert found[0].may_open and found[0].postcode == "TE1 4ML"
    assert search.search(investigation.social_worker, postcode="te14ml")
    events = AccessEvent.objects.filter(username="sw", detail__startswith="people search")
    assert events.filter(allowed=False, person_id=str(Person.objects.get(given_name="William").pk)).exists()
    assert events.filter(allowed=True, person_id=str(f.child.pk)).exists()
    assert search.search(investigation.social_worker, name="Nobody Nowhere") == []
    assert AccessEvent.objects.filter(username="sw", detail__startswith="people search, no match").exists()
    assert search.check_terms("Amelia", None, "", "")  # one name alone is too broad
