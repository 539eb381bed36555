"""The practice-review tracker's rules: key dates in working days across bank holidays, the six-month target,
who may do what, overdue lists, themes across reviews, action updates, and the child link through access."""

import datetime as dt

import pytest

from macp.access.models import AccessEvent
from macp.core.problems import InvalidInput
from macp.notifications.models import EmailSent
from macp.reviews import services
from macp.reviews.models import ActionStatus, ActionUpdate, Decision

D = dt.date


# ---- dates -------------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("notified", "due", "why"),
    [
        (D(2027, 1, 4), D(2027, 1, 25), "three plain weeks: Monday to the Monday three weeks on"),
        # Christmas Day (Friday), Boxing Day's substitute (Monday 28th) and New Year's Day (Friday) do not count.
        (D(2026, 12, 16), D(2027, 1, 11), "across Christmas and New Year"),
        # Good Friday 26 March and Easter Monday 29 March 2027 do not count: 13 April, not 9 April.
        (D(2027, 3, 19), D(2027, 4, 13), "across Easter"),
        # Notified on a Saturday: counting starts on the Monday.
        (D(2027, 1, 2), D(2027, 1, 22), "notified at a weekend"),
        # The early May bank holiday (3 May 2027) and the spring bank holiday (31 May 2027).
        (D(2027, 4, 30), D(2027, 5, 24), "across the early May bank holiday"),
    ],
)
def test_rapid_review_is_due_15_working_days_after_notification(notified, due, why):
    assert services.rapid_review_due_for(notified) == due, why


@pytest.mark.parametrize(
    ("decided", "target"),
    [
        (D(2027, 2, 10), D(2027, 8, 10)),
        (D(2027, 8, 31), D(2028, 2, 29)),  # leap year: the month's last day
        (D(2026, 8, 31), D(2027, 2, 28)),
        (D(2027, 9, 15), D(2028, 3, 15)),  # across the year end
    ],
)
def test_review_target_is_six_months_after_the_decision(decided, target):
    assert services.review_target_for(decided) == target


# ---- reviews and who runs them -----------------------------------------------------------------------------------


def test_only_the_partnership_analyst_records_a_review(partnership):
    review = partnership.review()
    assert review.local_authority == partnership.la
    assert review.rapid_review_due == D(2027, 1, 25)
    assert review.reference == f"PR-{review.pk}"
    for user in (partnership.officer, partnership.manager):
        with pytest.raises(services.NotAllowed):
            partnership.review(by=user)


def test_a_review_needs_a_title_and_a_notification_date_not_in_the_future(partnership):
    with pytest.raises(InvalidInput) as refused:
        partnership.review(title=" ", notified_on=D(2027, 7, 1), today=D(2027, 6, 1))
    assert {p.loc[0] for p in refused.value.problems} == {"title", "notified_on"}


def test_a_decision_to_review_sets_the_six_month_target(partnership):
    review = partnership.review()
    with pytest.raises(InvalidInput) as refused:
        services.record_rapid_review(
            partnership.analyst, review, completed_on=D(2027, 1, 20), decision=Decision.LCSPR, today=D(2027, 6, 1)
        )
    assert {p.loc[0] for p in refused.value.problems} == {"decided_on", "rationale"}
    with pytest.raises(InvalidInput) as refused:
        services.record_rapid_review(
            partnership.analyst,
            review,
            completed_on=D(2027, 1, 20),
            decision=Decision.LCSPR,
            decided_on=D(2027, 1, 19),
            rationale="Concerns about joint working",
            today=D(2027, 6, 1),
        )
    assert [p.msg for p in refused.value.problems] == ["The decision cannot come before the rapid review"]
    services.record_rapid_review(
        partnership.analyst,
        review,
        completed_on=D(2027, 1, 20),
        decision=Decision.LCSPR,
        decided_on=D(2027, 1, 22),
        rationale="Concerns about joint working",
        today=D(2027, 6, 1),
    )
    review.refresh_from_db()
    assert review.review_target == D(2027, 7, 22)
    assert services.on_time(review.rapid_review_completed_on, review.rapid_review_due) is True
    assert services.stage(review, D(2027, 7, 22)) == services.Stage("review", "Review in progress", False)
    assert services.stage(review, D(2027, 7, 23)).overdue
    # Another council's analyst cannot touch it.
    with pytest.raises(services.NotAllowed):
        services.record_progress(partnership.other_analyst, review, reviewer="Kim Ball")
    services.record_progress(
        partnership.analyst, review, reviewer="Kim Ball", published_on=D(2027, 8, 2), today=D(2027, 9, 1)
    )
    review.refresh_from_db()
    assert services.stage(review, D(2027, 9, 1)).key == "published"
    assert services.on_time(review.published_on, review.review_target) is False


def test_no_local_review_has_no_target(partnership):
    review = partnership.review()
    services.record_rapid_review(
        partnership.analyst,
        review,
        completed_on=D(2027, 1, 20),
        decision=Decision.NO_LCSPR,
        decided_on=D(2027, 1, 20),
        rationale="Learning taken into the thematic audit",
        today=D(2027, 6, 1),
    )
    review.refresh_from_db()
    assert review.review_target is None and services.stage(review).key == "closed"
    with pytest.raises(InvalidInput):
        services.record_progress(partnership.analyst, review, reviewer="Kim Ball", today=D(2027, 6, 1))


# ---- recommendations, actions, overdue and themes ----------------------------------------------------------------


def _action(partnership, review, agency, deadline, label="1", themes="Information sharing"):
    rec = review.recommendations.filter(label=label).first() or services.add_recommendation(
        partnership.analyst, review, label=label, text="Strengthen joint working", themes=themes
    )
    return services.add_action(
        partnership.analyst, rec, what="Joint investigation training", lead_agency=agency, deadline=deadline
    )


def test_an_action_needs_a_lead_agency_of_the_partnership_and_a_deadline(partnership):
    review = partnership.review()
    rec = services.add_recommendation(partnership.analyst, review, label="h)", text="A roles resource")
    with pytest.raises(InvalidInput) as refused:
        services.add_action(partnership.analyst, rec, what="", lead_agency=partnership.other_csc, deadline=None)
    assert {p.loc[0] for p in refused.value.problems} == {"what", "lead_agency", "deadline"}
    with pytest.raises(InvalidInput) as refused:
        services.add_recommendation(partnership.analyst, review, label="H)", text="Again")
    assert refused.value.problems[0].loc == ["label"]


def test_the_lead_agency_is_told_after_commit(partnership, django_capture_on_commit_callbacks):
    partnership.police.email = "cait@police.example.org"
    partnership.police.save()
    review = partnership.review()
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        action = _action(partnership, review, partnership.police, D(2027, 3, 1))
    assert not EmailSent.objects.exists()  # nothing is sent before the commit
    for callback in callbacks:
        callback()
    sent = EmailSent.objects.get(reference=action.reference)
    assert sent.to == "cait@police.example.org" and review.reference in sent.body and "Child" not in sent.subject


def test_overdue_lists_what_is_past_its_date(partnership):
    today = D(2027, 9, 1)
    late_rapid = partnership.review(title="Child B", notified_on=D(2027, 8, 2), today=today)  # due 23 August
    assert late_rapid.rapid_review_due == D(2027, 8, 23)
    late_review = partnership.review(title="Child A")
    services.record_rapid_review(
        partnership.analyst,
        late_review,
        completed_on=D(2027, 1, 20),
        decision=Decision.LCSPR,
        decided_on=D(2027, 1, 22),
        rationale="Joint working",
        today=today,
    )
    overdue_action = _action(partnership, late_review, partnership.police, D(2027, 8, 31))
    due_today = _action(partnership, late_review, partnership.health, today)
    done = _action(partnership, late_review, partnership.health, D(2027, 5, 1))
    services.update_action(partnership.nurse, done, status=ActionStatus.COMPLETED, note="Training delivered")
    # Another council's late review is not on this partnership's list.
    services.create_review(partnership.other_analyst, title="Child Z", notified_on=D(2027, 1, 4), today=today)

    found = services.overdue(partnership.analyst, today)
    assert found.rapid_reviews == [late_rapid]
    assert found.reviews == [late_review]
    assert found.actions == [overdue_action]
    assert due_today not in found.actions and found.total == 3
    # The police see their own overdue action, and nothing of the reviews.
    police_view = services.overdue(partnership.officer, today)
    assert police_view.actions == [overdue_action] and police_view.rapid_reviews == [] and police_view.reviews == []


def test_themes_are_counted_across_the_partnerships_reviews(partnership):
    today = D(2027, 9, 1)
    first, second = partnership.review(title="Child A"), partnership.review(title="Baby M")
    services.add_recommendation(
        partnership.analyst, first, label="1", text="x", themes="Information sharing, professional curiosity"
    )
    services.add_recommendation(partnership.analyst, first, label="2", text="y", themes="information sharing")
    rec = services.add_recommendation(
        partnership.analyst, second, label="1", text="z", themes="Information Sharing; Whole family"
    )
    services.add_action(partnership.analyst, rec, what="Audit", lead_agency=partnership.health, deadline=D(2027, 8, 1))
    other = services.create_review(partnership.other_analyst, title="Z", notified_on=D(2027, 1, 4), today=today)
    services.add_recommendation(partnership.other_analyst, other, label="1", text="w", themes="Information sharing")

    rows = {r["theme"].name: r for r in services.theme_counts(partnership.analyst, today)}
    assert set(rows) == {"Information sharing", "professional curiosity", "Whole family"}
    assert (rows["Information sharing"]["recommendations"], rows["Information sharing"]["reviews"]) == (3, 2)
    assert rows["Information sharing"]["open_actions"] == 1 and rows["Information sharing"]["overdue_actions"] == 1
    assert rows["Whole family"]["recommendations"] == 1 and rows["professional curiosity"]["reviews"] == 1
    assert services.theme_counts(partnership.officer) == []


def test_the_lead_agency_updates_its_action_and_embedding_needs_evidence(partnership):
    review = partnership.review()
    action = _action(partnership, review, partnership.police, D(2027, 3, 1))
    with pytest.raises(services.NotAllowed):
        services.update_action(partnership.nurse, action, status=ActionStatus.IN_PROGRESS, note="x")
    with pytest.raises(services.NotAllowed):
        services.update_action(partnership.other_analyst, action, status=ActionStatus.IN_PROGRESS, note="x")
    with pytest.raises(InvalidInput) as refused:
        services.update_action(partnership.officer, action, status=ActionStatus.EMBEDDED, note="")
    assert refused.value.problems[0].loc == ["note"]
    now = dt.datetime(2027, 2, 20, 10, tzinfo=dt.UTC)
    services.update_action(partnership.officer, action, status=ActionStatus.COMPLETED, note="Course run", now=now)
    services.update_action(
        partnership.analyst, action, status=ActionStatus.EMBEDDED, note="Audit: 8 of 9 joint plans", now=now
    )
    action.refresh_from_db()
    assert action.status == ActionStatus.EMBEDDED and action.completed_on == D(2027, 2, 20)
    assert action.evidence == "Course run\n\nAudit: 8 of 9 joint plans"
    history = list(ActionUpdate.objects.filter(action=action).values_list("status", "by_agency__code"))
    assert history == [
        ("not_started", "test-csc"),
        ("completed", "test-police"),
        ("embedded", "test-csc"),
    ]
    services.update_action(partnership.officer, action, status=ActionStatus.IN_PROGRESS, note="Reopened")
    action.refresh_from_db()
    assert action.completed_on is None


def test_each_agency_sees_the_actions_it_leads(partnership):
    review = partnership.review()
    police_action = _action(partnership, review, partnership.police, D(2027, 3, 1))
    health_action = _action(partnership, review, partnership.health, D(2027, 3, 1))
    assert list(services.visible_actions(partnership.officer)) == [police_action]
    assert set(services.visible_actions(partnership.analyst)) == {police_action, health_action}
    assert set(services.visible_actions(partnership.manager)) == {police_action, health_action}
    assert not services.visible_actions(partnership.other_analyst).exists()
    assert not services.visible_reviews(partnership.officer).exists()


def test_home_panel(partnership):
    assert services.home_panel(partnership.officer) is None
    review = partnership.review()
    action = _action(partnership, review, partnership.police, D(2027, 3, 1))
    panel = services.home_panel(partnership.officer, D(2027, 3, 2))
    assert panel["partnership"] is False and panel["open"] == 1 and panel["late"] == [action]
    panel = services.home_panel(partnership.analyst, D(2027, 3, 2))
    assert panel["partnership"] is True and panel["overdue"].actions == [action]
    assert services.home_panel(partnership.nurse) is None


# ---- the child, through access -----------------------------------------------------------------------------------


def test_linking_a_child_is_audited_and_the_name_shown_only_with_a_basis(partnership, family, make_user):
    review = partnership.review()
    with pytest.raises(InvalidInput) as refused:
        services.link_child(partnership.analyst, review, person_id="not-an-id", reason="", route="/x")
    assert {p.loc[0] for p in refused.value.problems} == {"person_id", "reason"}
    services.link_child(
        partnership.analyst, review, person_id=str(family.child.pk), reason="Named in the report", route="/link"
    )
    linked = AccessEvent.objects.filter(person_id=str(family.child.pk), route="/link").get()
    assert linked.allowed is False and "linked to practice review" in linked.detail

    # The analyst does no casework: the link is there, the name is not, and the look is audited.
    seen = services.child_link(partnership.analyst, review, route="/review")
    assert seen.linked and seen.person is None and seen.reason == "Named in the report"
    # The family's social worker (children's social care involved with the child) sees who it is.
    worker = make_user("sw", "social_worker", family.csc)
    shown = services.child_link(worker, review, route="/review")
    assert shown.person == family.child
    reads = AccessEvent.objects.filter(person_id=str(family.child.pk), route="/review").order_by("pk")
    assert [(e.username, e.allowed) for e in reads] == [("analyst", False), ("sw", True)]
