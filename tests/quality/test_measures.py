"""Each measure on hand-built records whose numerator and denominator are known, with the edges: weekends and bank
holidays for working days, exactly 24 hours, a child without a decision, clocks still running."""

import datetime as dt

from macp.quality.measures import MEASURES, Filters, compute
from tests.quality.conftest import at

JUNE = {"start": dt.date(2026, 6, 1), "end": dt.date(2026, 6, 30)}


def figures(code, **filters):
    result = compute(code, Filters(**filters))
    return result.numerator, result.denominator


def test_the_contract_measures_are_registered_with_their_rule_and_source():
    for code in (
        "referral_decision_1wd",
        "sd_minutes_24h",
        "sd_decision_per_child",
        "sd_genogram_confirmed",
        "sd_gp_invited",
        "icpc_15wd",
        "assessment_45wd",
        "repeat_referral_12m",
    ):
        assert code in MEASURES
        assert MEASURES[code].rule and MEASURES[code].source and MEASURES[code].title


def test_referral_decisions_within_one_working_day(world, build):
    child = world.person("Ava")
    # Friday 3pm before the late-May bank holiday: due 3pm Tuesday. Decided at 2:59pm Tuesday: on time.
    build.referral(at(2026, 5, 22, 15), at(2026, 5, 26, 14, 59), children=[child])
    # Friday 9am, decided exactly at 9am on Monday: on time (the weekend does not count).
    build.referral(at(2026, 6, 12, 9), at(2026, 6, 15, 9))
    # Wednesday 10am, decided at 10:01 on Thursday: a minute late.
    build.referral(at(2026, 6, 10, 10), at(2026, 6, 11, 10, 1))
    # Undecided, its working day long gone: late.
    build.referral(at(2026, 6, 11, 9))
    # Undecided but submitted yesterday afternoon: its clock is still running, so not counted either way.
    build.referral(at(2026, 6, 29, 16))
    # A draft, and a request to another council's front door: not counted.
    build.referral(at(2026, 6, 2, 9), status="draft")
    build.referral(at(2026, 6, 3, 9), at(2026, 6, 3, 10), receiving=world.other_csc)
    now = at(2026, 6, 30, 9)
    assert figures(
        "referral_decision_1wd",
        start=dt.date(2026, 5, 1),
        end=dt.date(2026, 6, 30),
        local_authority="qa-council",
        now=now,
    ) == (2, 4)
    # Every council: the other council's request (decided within the hour) counts too.
    assert figures("referral_decision_1wd", start=dt.date(2026, 5, 1), end=dt.date(2026, 6, 30), now=now) == (3, 5)
    # By referring agency: none of these came from the police.
    assert figures("referral_decision_1wd", **JUNE, local_authority="qa-council", agency="qa-police", now=now) == (0, 0)
    assert figures("referral_decision_1wd", **JUNE, local_authority="qa-council", agency_type="school", now=now) == (
        1,
        3,
    )


def test_the_period_is_london_dates(world, build):
    # 00:30 on 1 June in London is 23:30 on 31 May in UTC: it belongs to June.
    build.referral(at(2026, 6, 1, 0, 30), at(2026, 6, 1, 10))
    # 23:30 on 31 May in London belongs to May.
    build.referral(at(2026, 5, 31, 23, 30), at(2026, 6, 1, 10))
    assert figures("referral_decision_1wd", **JUNE, local_authority="qa-council", now=at(2026, 7, 1)) == (1, 1)


def test_minutes_within_24_hours_exactly_24_counts(world, build):
    kid = world.person("Bea")
    now = at(2026, 6, 30, 9)
    build.discussion([kid], scheduled_for=at(2026, 6, 1, 10), finalised_at=at(2026, 6, 2, 10))  # exactly 24 h
    build.discussion([kid], scheduled_for=at(2026, 6, 3, 10), finalised_at=at(2026, 6, 4, 10, 1))  # 24 h 1 min
    build.discussion([kid], scheduled_for=at(2026, 6, 5, 10), status="scheduled")  # held, minutes never sent
    build.discussion([kid], scheduled_for=at(2026, 6, 29, 12), status="scheduled")  # held 21 hours ago: not due
    build.discussion([kid], status="requested")  # not held
    result = compute("sd_minutes_24h", Filters(**JUNE, local_authority="qa-council", now=now))
    assert (result.numerator, result.denominator) == (1, 3)
    assert [c.met for c in result.cases] == [True, False, False]
    assert result.cases[0].children == (str(kid.pk),)


def test_a_decision_for_each_child(world, build):
    from macp.strategy.models import ChildDecision

    a, b, c = world.person("Cal"), world.person("Dee"), world.person("Eli")

    def decide(d, child):
        ChildDecision.objects.create(
            discussion=d, child=child, significant_harm="met", section_47=True, recorded_by=world.manager
        )

    both = build.discussion([a, b], scheduled_for=at(2026, 6, 1, 10), finalised_at=at(2026, 6, 1, 15))
    decide(both, a)
    decide(both, b)
    one = build.discussion([a, c], scheduled_for=at(2026, 6, 8, 10), status="scheduled")
    decide(one, a)  # Eli has no decision
    build.discussion([b], scheduled_for=at(2026, 6, 9, 10), status="scheduled")  # no decision at all
    result = compute("sd_decision_per_child", Filters(**JUNE, now=at(2026, 6, 30)))
    assert (result.numerator, result.denominator) == (3, 5)
    missing = sorted(case.children[0] for case in result.cases if not case.met)
    assert missing == sorted([str(c.pk), str(b.pk)])


def test_genogram_confirmed(world, build):
    kid = world.person("Fay")
    build.discussion([kid], scheduled_for=at(2026, 6, 1, 10), finalised_at=at(2026, 6, 1, 12), genogram_confirmed=True)
    build.discussion(
        [kid],
        scheduled_for=at(2026, 6, 2, 10),
        finalised_at=at(2026, 6, 2, 12),
        genogram_not_shown_reason="Telephone meeting at night",
    )
    build.discussion([kid], scheduled_for=at(2026, 6, 3, 10), status="scheduled")  # not finalised: not counted
    assert figures("sd_genogram_confirmed", **JUNE, now=at(2026, 6, 30)) == (1, 2)


def test_gp_of_the_child_and_of_each_parent_invited(world, build):
    from macp.people.models import Involvement, Relationship
    from macp.strategy.models import Invitation

    child, mother = world.person("Gus"), world.person("Hana", years=30)
    Relationship.objects.create(from_person=mother, to_person=child, type="parent")
    Involvement.objects.create(person=child, agency=world.gp1, role="registered_gp", start=dt.date(2020, 1, 1))
    Involvement.objects.create(person=mother, agency=world.gp2, role="registered_gp", start=dt.date(2020, 1, 1))

    def invite(d, agency, status="invited"):
        Invitation.objects.create(discussion=d, agency=agency, role="gp", reason="GP", status=status)

    only_child_gp = build.discussion([child], scheduled_for=at(2026, 6, 1, 10), finalised_at=at(2026, 6, 1, 12))
    invite(only_child_gp, world.gp1)
    invite(only_child_gp, world.gp2, status="removed")  # withdrawn: not invited
    both = build.discussion([child], scheduled_for=at(2026, 6, 2, 10), finalised_at=at(2026, 6, 2, 12))
    invite(both, world.gp1)
    invite(both, world.gp2)
    # A child with no GP recorded: nothing to invite, so not counted.
    build.discussion([world.person("Ivo")], scheduled_for=at(2026, 6, 3, 10), finalised_at=at(2026, 6, 3, 12))
    result = compute("sd_gp_invited", Filters(**JUNE, now=at(2026, 6, 30)))
    assert (result.numerator, result.denominator) == (1, 2)
    assert result.cases[0].detail == "Not invited: Vale Surgery"
    # A GP registration that ended before the meeting does not count.
    Involvement.objects.filter(person=mother).update(end=dt.date(2026, 5, 1))
    assert figures("sd_gp_invited", **JUNE, now=at(2026, 6, 30)) == (2, 2)


def test_core_attendance_and_attendance_by_agency_type(world, build):
    from macp.quality.measures import attendance_by_agency_type
    from macp.strategy.models import Attendance, Invitation

    kid = world.person("Jo")
    full = build.discussion([kid], scheduled_for=at(2026, 6, 1, 10), finalised_at=at(2026, 6, 1, 12))
    no_police = build.discussion([kid], scheduled_for=at(2026, 6, 2, 10), finalised_at=at(2026, 6, 2, 12))
    for d, agency, came in (
        (full, world.csc, True),
        (full, world.police, True),
        (full, world.health, True),
        (no_police, world.csc, True),
        (no_police, world.police, False),
        (no_police, world.health, True),
    ):
        Invitation.objects.create(discussion=d, agency=agency, role="core", reason="Core", status="invited")
        Attendance.objects.create(discussion=d, agency=agency, name="Someone", attended=came)
    result = compute("sd_core_attendance", Filters(**JUNE, now=at(2026, 6, 30)))
    assert (result.numerator, result.denominator) == (1, 2)
    assert result.cases[1].detail == "Without police"
    rows = {r["type"]: (r["attended"], r["invited"]) for r in attendance_by_agency_type(Filters(**JUNE))}
    assert rows == {"childrens_social_care": (2, 2), "police": (1, 2), "community_health": (2, 2)}
    # By agency: the discussions the police were invited to.
    assert figures("sd_core_attendance", **JUNE, agency="qa-police", now=at(2026, 6, 30)) == (1, 2)
    assert figures("sd_core_attendance", **JUNE, agency="qa-school", now=at(2026, 6, 30)) == (0, 0)


def test_requested_to_held_with_median_hours(world, build):
    kid = world.person("Kit")
    build.discussion([kid], requested_at=at(2026, 6, 1, 9), scheduled_for=at(2026, 6, 1, 15), status="scheduled")
    build.discussion(
        [kid], requested_at=at(2026, 6, 2, 9), scheduled_for=at(2026, 6, 3, 11), finalised_at=at(2026, 6, 3, 12)
    )  # 26 hours: late
    build.discussion(
        [kid],
        requested_at=at(2026, 6, 4, 9),
        target_at=at(2026, 6, 4, 13),
        scheduled_for=at(2026, 6, 4, 12),
        finalised_at=at(2026, 6, 4, 14),
    )  # red: 4-hour target, held in 3
    build.discussion([kid], requested_at=at(2026, 6, 5, 9), status="requested")  # never held, target passed
    build.discussion([kid], requested_at=at(2026, 6, 29, 20), status="requested")  # target not yet passed
    result = compute("sd_held_within_target", Filters(**JUNE, now=at(2026, 6, 30, 9)))
    assert (result.numerator, result.denominator) == (2, 4)
    assert result.median_hours == 6.0  # of 6, 26 and 3 hours


def test_icpc_within_15_working_days_over_christmas(world, build):
    a, b, c = world.person("Lou"), world.person("Max"), world.person("Ned")
    # Strategy discussion Tuesday 1 December: 15 working days is Tuesday 22 December.
    build.conference(build.enquiry(a, dt.date(2026, 12, 1)), at(2026, 12, 22, 10))
    # Thursday 10 December: Christmas, Boxing Day (moved to Monday 28th) and New Year's Day do not count, so
    # 15 working days is Tuesday 5 January (weekdays alone would make it Thursday 31 December).
    build.conference(build.enquiry(b, dt.date(2026, 12, 10)), at(2027, 1, 5, 10))
    build.conference(build.enquiry(c, dt.date(2026, 12, 10)), at(2027, 1, 6, 10))
    # A review conference is not an initial one.
    build.conference(build.enquiry(world.person("Oz"), dt.date(2026, 11, 2)), at(2026, 12, 23, 10), kind="review")
    result = compute("icpc_15wd", Filters(start=dt.date(2026, 12, 1), end=dt.date(2027, 1, 31), now=at(2027, 2, 1)))
    assert (result.numerator, result.denominator) == (2, 3)
    assert [c.met for c in result.cases] == [True, True, False]
    assert figures(
        "icpc_15wd", start=dt.date(2026, 12, 1), end=dt.date(2027, 1, 31), local_authority="other-council"
    ) == (0, 0)


def test_assessments_within_45_working_days(world):
    from macp.casework.models import Assessment
    from macp.core.working_days import add_working_days

    def assessment(started_on, authorised_on, la=None):
        return Assessment.objects.create(
            child=world.person("Val"),
            local_authority=la or world.la,
            started_on=started_on,
            authorised_on=authorised_on,
        )

    # Started Friday 3 April 2026 (Good Friday): Easter Monday and the May bank holidays do not count, so 45
    # working days is Wednesday 10 June (counting weekdays alone would make it Friday 5 June).
    start = dt.date(2026, 4, 3)
    due = add_working_days(start, 45)
    assert due == dt.date(2026, 6, 10)
    assessment(start, due)  # on the last day: on time
    assessment(start, due + dt.timedelta(days=1))  # a day late
    assessment(dt.date(2026, 5, 1), dt.date(2026, 6, 2))  # well within
    assessment(dt.date(2026, 5, 1), None)  # not finished: not counted
    assessment(start, due, la=world.other_la)  # another council
    assert figures("assessment_45wd", **JUNE, local_authority="qa-council") == (2, 3)
    assert figures("assessment_45wd", **JUNE) == (3, 4)


def test_repeat_referrals_within_12_months(world, build):
    again, long_ago, once = world.person("Pip"), world.person("Quin"), world.person("Rae")
    build.referral(at(2025, 7, 1, 10), at(2025, 7, 1, 12), children=[again])
    build.referral(at(2026, 6, 1, 10), at(2026, 6, 1, 12), children=[again])  # 11 months later: a repeat
    build.referral(at(2025, 5, 1, 10), at(2025, 5, 1, 12), children=[long_ago])
    build.referral(at(2026, 6, 2, 10), at(2026, 6, 2, 12), children=[long_ago])  # 13 months later: not
    build.referral(at(2026, 6, 3, 10), at(2026, 6, 3, 12), children=[once])
    result = compute("repeat_referral_12m", Filters(**JUNE, local_authority="qa-council"))
    assert (result.numerator, result.denominator) == (1, 3)
    assert [c.children[0] for c in result.cases if c.met] == [str(again.pk)]
    assert MEASURES["repeat_referral_12m"].higher_is_better is False


def test_edt_handover_on_time(world, build):
    kid = world.person("Sol")
    # Saturday 2am: due 9am Monday.
    build.out_of_hours(at(2026, 6, 6, 2), at(2026, 6, 8, 9), at(2026, 6, 8, 8, 59), children=[kid])
    build.out_of_hours(at(2026, 6, 6, 3), at(2026, 6, 8, 9), at(2026, 6, 8, 9, 30), children=[kid])
    build.out_of_hours(at(2026, 6, 29, 23), at(2026, 6, 30, 9))  # due later this morning: not counted yet
    assert figures("edt_handover_on_time", **JUNE, local_authority="qa-council", now=at(2026, 6, 30, 8)) == (1, 2)
    # After 9am it is late.
    assert figures("edt_handover_on_time", **JUNE, local_authority="qa-council", now=at(2026, 6, 30, 10)) == (1, 3)


def test_transfers_with_a_date(world, build):
    kid = world.person("Tam")
    build.transfer(kid, at(2026, 6, 1), status="accepted", responsibility_from=dt.date(2026, 6, 8))
    build.transfer(kid, at(2026, 6, 2))  # still proposed: no date yet
    build.transfer(kid, at(2026, 6, 3), status="declined")
    assert figures("transfers_with_date", **JUNE, local_authority="qa-council") == (1, 2)
    assert figures("transfers_with_date", **JUNE, local_authority="other-council") == (1, 2)  # the receiving council


def test_dissent_and_escalations(world, build):
    from macp.escalations.models import Escalation
    from macp.strategy.models import Dissent

    kid = world.person("Uma")
    d = build.discussion([kid], scheduled_for=at(2026, 6, 1, 10), finalised_at=at(2026, 6, 1, 12))
    taken = Dissent.objects.create(
        discussion=d, agency=world.health, about="No s47", reason="Bruise", recorded_by=world.manager
    )
    Dissent.objects.create(
        discussion=d, agency=world.police, about="No s47", reason="Disclosure", recorded_by=world.manager
    )
    Dissent.objects.filter(pk=taken.pk).update(recorded_at=at(2026, 6, 1, 11))
    Dissent.objects.exclude(pk=taken.pk).update(recorded_at=at(2026, 6, 1, 11))
    common = dict(
        about_kind="strategy_discussion",
        about_id=str(d.pk),
        about_label=f"SD-{d.pk}",
        child=kid,
        local_authority=world.la,
        raised_by=world.manager,
        raised_by_agency=world.health,
        concern="No s47",
    )
    Escalation.objects.create(
        dissent_id=taken.pk, raised_at=at(2026, 6, 2, 9), status="resolved", resolved_at=at(2026, 6, 3, 9), **common
    )
    Escalation.objects.create(raised_at=at(2026, 6, 4, 9), **common)
    assert figures("sd_dissent_escalated", **JUNE) == (1, 2)
    result = compute("escalations_resolved", Filters(**JUNE, local_authority="qa-council"))
    assert (result.numerator, result.denominator, result.median_hours) == (1, 2, 24.0)
