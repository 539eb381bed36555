import datetime as dt

import pytest

from macp.casework import services
from macp.casework.models import Episode
from macp.core.problems import InvalidInput

D = dt.date


@pytest.fixture
def worker(family, make_user):
    return make_user("sw", "social_worker", family.csc)


def test_a_social_worker_of_the_council_records_an_episode_and_an_assessment(family, worker):
    episode = services.open_episode(
        worker, family.child, family.la, referral_date=D(2026, 5, 4), referral_source="2A", primary_need="N1"
    )
    assessment = services.start_assessment(worker, episode, started_on=D(2026, 5, 5))
    services.authorise_assessment(worker, assessment, authorised_on=D(2026, 6, 1), factors=["3A", "2B"])
    assessment.refresh_from_db()
    assert (assessment.child, assessment.local_authority, assessment.factors) == (family.child, family.la, ["3A", "2B"])


def test_other_councils_analysts_and_staff_without_a_basis_may_not_record(family, make_user, make_agency):
    other = make_agency("other-csc", "childrens_social_care", la="other-council")
    assert not services.may_record(make_user("sw2", "social_worker", other), family.la, family.child)
    assert not services.may_record(make_user("an", "partnership_analyst", family.csc), family.la, family.child)
    assert not services.may_record(make_user("ref", "referrer", family.csc), family.la, family.child)
    stranger = family.mother  # no involvement of the council's social care with the mother
    assert not services.may_record(make_user("sw3", "social_worker", family.csc), family.la, stranger)
    with pytest.raises(services.NotAllowed):
        services.open_episode(
            make_user("an2", "partnership_analyst", family.csc),
            family.child,
            family.la,
            referral_date=D(2026, 5, 4),
            referral_source="2A",
            primary_need="N1",
        )
    assert not Episode.objects.exists()


def test_bad_codes_and_dates_are_refused_with_every_problem(family, worker):
    with pytest.raises(InvalidInput) as refused:
        services.open_episode(
            worker, family.child, family.la, referral_date=D(2026, 5, 4), referral_source="ZZ", primary_need="N12"
        )
    assert len(refused.value.problems) == 2
    episode = services.open_episode(
        worker, family.child, family.la, referral_date=D(2026, 5, 4), referral_source="2A", primary_need="N1"
    )
    with pytest.raises(InvalidInput):
        services.start_assessment(worker, episode, started_on=D(2026, 5, 1))  # before the referral
    assessment = services.start_assessment(worker, episode, started_on=D(2026, 5, 5))
    with pytest.raises(InvalidInput):
        services.authorise_assessment(worker, assessment, authorised_on=D(2026, 6, 1), factors=["21", "3A"])
    with pytest.raises(InvalidInput):
        services.close_episode(worker, episode, closed_on=D(2026, 6, 2), reason="RC8")  # assessment still open


def test_upn_check_letter_and_validation():
    upn = services.make_upn("803", "123456789")
    assert upn[1:] == "803123456789" and not services.upn_problems(upn)
    # the DfE's worked rule: sum of digit × weight (2..13) mod 23 indexes ABCDEFGHJKLMNPQRTUVWXYZ
    assert services.upn_check_letter("000000000000") == "A"
    assert services.upn_check_letter("100000000000") == "C"  # 1×2 = 2 → C
    wrong = ("A" if upn[0] != "A" else "B") + upn[1:]
    assert services.upn_problems(wrong) == ["The UPN's check letter is wrong"]


def test_a_child_in_need_plan_ends_when_a_protection_plan_starts(family, worker, make_user):
    from macp.enquiries.models import Conference, ConferenceChild

    episode = services.open_episode(
        worker, family.child, family.la, referral_date=D(2026, 5, 4), referral_source="6", primary_need="N1"
    )
    cin = services.start_cin_plan(worker, episode, started_on=D(2026, 6, 1))
    at = dt.datetime(2026, 7, 1, 10, tzinfo=dt.UTC)
    conference = Conference.objects.create(
        scheduled_for=at, due=D(2026, 7, 1), social_care=family.csc, booked_by=worker, booked_at=at
    )
    decided = ConferenceChild.objects.create(conference=conference, child=family.child, plan=True, category="neglect")
    plan = services.start_protection_plan(worker, episode, decided)
    cin.refresh_from_db()
    assert (plan.started_on, plan.initial_category, cin.ended_on) == (D(2026, 7, 1), "NEG", D(2026, 7, 1))
    with pytest.raises(InvalidInput):
        services.record_plan_review(worker, plan, held_on=D(2026, 7, 1))
