"""The audit's flow and its need-to-know: sample, grants to the auditors, grading, moderation, closing."""

import datetime as dt

import pytest

from macp.access.models import Assignment, Basis, GrantKind
from macp.access.services import decide
from macp.audits import services
from macp.audits.models import NOT_INVOLVED, Audit, Grade
from macp.core.problems import InvalidInput


def test_only_the_partnership_analyst_sets_up_an_audit_for_their_own_council(region, make_audit):
    audit = make_audit()
    assert audit.local_authority == region.la
    assert [c.text for c in audit.criteria.all()] == [
        "The child's voice is recorded",
        "Information was shared within a day",
    ]
    with pytest.raises(PermissionError):
        services.create_audit(
            region.manager,
            theme="x",
            aim="y",
            cohort="z",
            period_start=dt.date(2026, 3, 1),
            period_end=dt.date(2026, 3, 31),
            criteria="a",
        )
    assert not services.runs(region.far_analyst, audit)
    assert not services.visible_audits(region.far_analyst).filter(pk=audit.pk).exists()


def test_a_period_that_ends_before_it_starts_and_no_criteria_are_refused(region, make_audit):
    with pytest.raises(InvalidInput) as caught:
        make_audit(period_end=dt.date(2026, 2, 1), criteria="  \n ")
    assert {p.loc[0] for p in caught.value.problems} == {"period_end", "criteria"}


def test_the_cohort_is_the_councils_children_with_a_strategy_discussion_in_the_period(region, make_audit):
    audit = make_audit()
    assert set(services.candidates(audit)) == set(region.children)


def test_the_same_seed_draws_the_same_children_and_another_seed_may_not(region, make_audit):
    audit = make_audit()
    first = [c.person_id for c in services.draw_sample(region.analyst, audit, size=3, seed=42)]
    again = [c.person_id for c in services.draw_sample(region.analyst, audit, size=3, seed=42)]
    assert first == again and len(set(first)) == 3
    assert set(first) <= {p.pk for p in region.children}
    draws = {tuple(c.person_id for c in services.draw_sample(region.analyst, audit, size=3, seed=s)) for s in range(8)}
    assert len(draws) > 1
    labels = list(audit.sample.order_by("label").values_list("label", flat=True))
    assert labels == ["Child A", "Child B", "Child C"]


def test_a_sample_larger_than_the_cohort_takes_everyone_and_ages_are_kept(region, make_audit):
    audit = make_audit()
    drawn = services.draw_sample(region.analyst, audit, size=20, seed=1, today=dt.date(2026, 6, 1))
    assert len(drawn) == 6
    assert sorted(c.age for c in drawn) == [2, 4, 7, 9, 12, 15]
    with pytest.raises(InvalidInput):
        services.draw_sample(region.analyst, audit, size=21, seed=1)


def test_a_chosen_child_must_be_in_the_cohort(region, make_audit):
    audit = make_audit()
    chosen = services.choose_child(region.analyst, audit, person_id=str(region.children[0].pk))
    assert chosen.chosen and chosen.label == "Child A"
    for outside in (region.before, region.elsewhere):
        with pytest.raises(InvalidInput):
            services.choose_child(region.analyst, audit, person_id=str(outside.pk))
    with pytest.raises(InvalidInput):
        services.choose_child(region.analyst, audit, person_id="not-an-id")
    with pytest.raises(InvalidInput):
        services.choose_child(region.analyst, audit, person_id=str(region.children[0].pk))


def started(region, make_audit, size=2):
    audit = make_audit()
    services.draw_sample(region.analyst, audit, size=size, seed=7)
    csc = services.add_agency(region.analyst, audit, agency=region.csc, auditor=region.manager)
    police = services.add_agency(region.analyst, audit, agency=region.police, auditor=region.detective)
    services.start_grading(region.analyst, audit)
    return audit, csc, police


def test_starting_grading_gives_each_auditor_the_sample_and_closing_ends_it(region, make_audit):
    audit, csc, police = started(region, make_audit)
    sampled = [c.person for c in audit.sample.all()]
    outside = next(p for p in region.children if p not in sampled)
    for auditor in (region.manager, region.detective):
        for person in sampled:
            decision = decide(auditor, person)
            assert decision.basis == Basis.AUDIT and decision.grant.kind == GrantKind.AUDIT
        assert not decide(auditor, outside).allowed
    # Nobody else gains anything, and the analyst (no casework) still opens nobody.
    assert not decide(region.bystander, sampled[0]).allowed
    assert not decide(region.analyst, sampled[0]).allowed

    grade_all(audit, csc, region.manager, Grade.GOOD)
    services.start_moderation(region.analyst, audit)
    services.record_meeting(region.analyst, audit, meeting_date=dt.date(2026, 5, 1), attendees="Priya Nair, analyst")
    for child in audit.sample.all():
        services.moderate_child(region.analyst, child, grade=Grade.GOOD, rationale="")
    services.save_brief(
        region.analyst,
        audit,
        worries="Voice of the child missing",
        good_practice="Joint visits",
        learning_theme="",
        what_we_found="",
        needs_to_happen="Record each child's words",
    )
    services.close_audit(region.analyst, audit)
    audit.refresh_from_db()
    assert audit.status == Audit.Status.CLOSED
    for person in sampled:
        assert not decide(region.manager, person).allowed
    ended = Assignment.objects.filter(kind=GrantKind.AUDIT)
    assert ended.count() == 4 and all(g.ends_at is not None and g.end_reason == "The audit closed" for g in ended)


def test_an_auditor_added_during_grading_is_given_the_sample_at_once(region, make_audit, make_agency, make_user):
    audit, _, _ = started(region, make_audit)
    gp = make_agency("aud-gp", "gp_practice", la=region.la)
    doctor = make_user("gp", "partner_attendee", gp)
    services.add_agency(region.analyst, audit, agency=gp, auditor=doctor)
    assert all(decide(doctor, c.person).basis == Basis.AUDIT for c in audit.sample.all())


def test_an_auditor_must_work_for_the_agency_and_do_casework(region, make_audit):
    audit = make_audit()
    with pytest.raises(InvalidInput):
        services.add_agency(region.analyst, audit, agency=region.police, auditor=region.manager)
    with pytest.raises(InvalidInput):
        services.add_agency(region.analyst, audit, agency=region.csc, auditor=region.analyst)


def grade_all(audit, part, user, grade, comment=""):
    for child in audit.sample.all():
        services.grade_child(user, part, child, {c.pk: (grade, comment) for c in audit.criteria.all()})


def test_only_the_nominated_auditor_grades_and_poor_grades_need_a_comment(region, make_audit):
    audit, csc, police = started(region, make_audit)
    child = audit.sample.first()
    criteria = list(audit.criteria.all())
    with pytest.raises(PermissionError):
        services.grade_child(region.detective, csc, child, {c.pk: (Grade.GOOD, "") for c in criteria})
    with pytest.raises(InvalidInput) as caught:
        services.grade_child(region.manager, csc, child, {criteria[0].pk: (Grade.INADEQUATE, " ")})
    assert {p.loc[0] for p in caught.value.problems} == {f"comment_{criteria[0].pk}", f"grade_{criteria[1].pk}"}
    services.grade_child(
        region.manager, csc, child, {criteria[0].pk: (Grade.INADEQUATE, "No voice"), criteria[1].pk: (NOT_INVOLVED, "")}
    )
    # Grading again changes the grades rather than adding more.
    services.grade_child(
        region.manager, csc, child, {criteria[0].pk: (Grade.GOOD, ""), criteria[1].pk: (Grade.GOOD, "")}
    )
    assert csc.grades.count() == 2
    assert [p["done"] for p in services.progress(audit)] == [2, 0]


def test_the_proposed_grade_is_the_most_common_and_a_tie_goes_to_the_worse(region, make_audit):
    audit, csc, police = started(region, make_audit, size=1)
    child = audit.sample.get()
    a, b = audit.criteria.all()
    assert services.proposed_grade(child) == ""
    services.grade_child(region.manager, csc, child, {a.pk: (Grade.GOOD, ""), b.pk: (Grade.GOOD, "")})
    services.grade_child(
        region.detective, police, child, {a.pk: (Grade.INADEQUATE, "late"), b.pk: (Grade.INADEQUATE, "late")}
    )
    assert services.proposed_grade(child) == Grade.INADEQUATE
    services.grade_child(region.detective, police, child, {a.pk: (Grade.GOOD, ""), b.pk: (NOT_INVOLVED, "")})
    assert services.proposed_grade(child) == Grade.GOOD


def test_a_moderated_grade_that_differs_needs_a_rationale(region, make_audit):
    audit, csc, _ = started(region, make_audit, size=1)
    grade_all(audit, csc, region.manager, Grade.GOOD)
    services.start_moderation(region.analyst, audit)
    child = audit.sample.get()
    with pytest.raises(InvalidInput) as caught:
        services.moderate_child(region.analyst, child, grade=Grade.REQUIRES_IMPROVEMENT, rationale="")
    assert caught.value.problems[0].loc == ["rationale"]
    services.moderate_child(region.analyst, child, grade=Grade.REQUIRES_IMPROVEMENT, rationale="No child's voice")
    services.moderate_child(region.analyst, child, grade=Grade.GOOD, rationale="")
    # Grading is closed once moderation starts.
    with pytest.raises(InvalidInput):
        grade_all(audit, csc, region.manager, Grade.OUTSTANDING)


def test_an_audit_cannot_close_without_the_meeting_moderation_and_brief(region, make_audit):
    audit, csc, _ = started(region, make_audit, size=2)
    grade_all(audit, csc, region.manager, Grade.GOOD)
    services.start_moderation(region.analyst, audit)
    with pytest.raises(InvalidInput) as caught:
        services.close_audit(region.analyst, audit)
    messages = " ".join(p.msg for p in caught.value.problems)
    assert "moderation meeting" in messages and "Child A, Child B" in messages and "learning brief" in messages
    assert Assignment.objects.filter(kind=GrantKind.AUDIT, ends_at__isnull=True).count() == 4


def test_grading_cannot_start_without_a_sample_and_an_agency(region, make_audit):
    audit = make_audit()
    with pytest.raises(InvalidInput) as caught:
        services.start_grading(region.analyst, audit)
    assert len(caught.value.problems) == 2
