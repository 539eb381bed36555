"""Tools scored over time with band-change alerts, the continuum of need, contexts, the ROTH Tactical Group and
unknown adults, through the services."""

import datetime as dt

import pytest

from macp.concerns.models import Alert
from macp.core.problems import InvalidInput
from macp.people.models import Event, Person, Relationship
from macp.tools import services
from macp.tools.models import Context, ContextLink, Indicator, LanguageDismissal


@pytest.fixture
def neglect(db):
    return services.active_tool("neglect")


@pytest.fixture
def roth(db):
    return services.active_tool("roth")


def test_shipped_tools_have_the_seed_domains_and_scales(neglect, roth):
    assert len(neglect.domains) == 6 and [s["value"] for s in neglect.scale] == [1, 2, 3, 4]
    assert neglect.scale[0]["label"] == "All needs unmet" and neglect.scale[-1]["label"] == "All needs met"
    assert [d["title"] for d in roth.domains][:2] == ["Education, Training and Employment", "Health"]
    assert len(roth.domains) == 10 and [s["value"] for s in roth.scale] == list(range(11))
    assert [services.band_for(roth, s) for s in (0, 3, 4, 7, 8, 10)] == [
        "high",
        "high",
        "medium",
        "medium",
        "low",
        "low",
    ]


def test_neglect_overall_is_the_lowest_domain_and_lands_in_the_chronology(family, workers, neglect, make_tool_data):
    scores = {d["code"]: 4 for d in neglect.domains} | {"home_environment": 2}
    c = services.do_complete_tool(neglect, workers["sw"], family.child, make_tool_data(neglect, scores))
    assert c.overall_score == 2 and c.band == "many_unmet" and c.agency == family.csc
    event = Event.objects.get(source_ref=f"tool-completion-{c.pk}")
    assert list(event.persons.all()) == [family.child] and "Neglect Toolkit" in event.summary
    entries = services.chronology_entries(family.child)
    assert entries[0]["ref"] == f"tool-completion-{c.pk}" and entries[0]["source"] == "test-csc"


def test_roth_needs_a_judgement_and_a_reason_when_it_is_lower_risk_than_the_riskiest_domain(
    family, workers, roth, make_tool_data
):
    scores = {d["code"]: 9 for d in roth.domains} | {"missing": 2}
    with pytest.raises(InvalidInput) as missing:
        services.do_complete_tool(roth, workers["sw"], family.child, make_tool_data(roth, scores))
    assert ["overall_score"] in [p.loc for p in missing.value.problems]
    with pytest.raises(InvalidInput) as unexplained:
        services.do_complete_tool(roth, workers["sw"], family.child, make_tool_data(roth, scores, overall=6))
    assert [p.loc for p in unexplained.value.problems] == [["overall_reason"]]
    c = services.do_complete_tool(
        roth,
        workers["sw"],
        family.child,
        make_tool_data(roth, scores, overall=6, reason="One missing episode, found quickly"),
    )
    assert (c.overall_score, c.band) == (6, "medium")


def test_every_required_part_is_reported_at_once(family, workers, neglect):
    with pytest.raises(InvalidInput) as error:
        services.do_complete_tool(neglect, workers["sw"], family.child, {"scores": {}})
    locs = {p.loc[0] for p in error.value.problems}
    assert {
        "participants",
        "child_views",
        "parent_views",
        "strengths",
        "worries",
        "completed_on",
        "score-health",
    } <= locs


def test_a_change_of_band_raises_one_alert_with_both_completions_as_evidence(family, workers, neglect, make_tool_data):
    first = services.do_complete_tool(
        neglect, workers["sw"], family.child, make_tool_data(neglect, 3, on=dt.date.today() - dt.timedelta(days=60))
    )
    services.do_complete_tool(
        neglect, workers["gp"], family.child, make_tool_data(neglect, 3, on=dt.date.today() - dt.timedelta(days=30))
    )
    assert not Alert.objects.exists()
    third = services.do_complete_tool(neglect, workers["gp"], family.child, make_tool_data(neglect, 1))
    alert = Alert.objects.get()
    assert alert.person == family.child and alert.rule.code == "tool-band-change"
    assert "Some needs met" in alert.title and "All needs unmet" in alert.title
    assert {"source": "test-gp", "source_id": f"tool-completion-{third.pk}"} in alert.evidence
    assert {"source": "test-csc", "source_id": f"tool-completion-{first.pk}"} not in alert.evidence and len(
        alert.evidence
    ) == 2


def test_only_an_involved_agency_may_complete_a_tool(family, workers, neglect, make_tool_data):
    with pytest.raises(PermissionError):
        services.do_complete_tool(neglect, workers["stranger"], family.child, make_tool_data(neglect, 4))


def test_continuum_has_three_levels_and_a_decision_records_its_indicators(db, make_user, family):
    continuum = services.current_continuum()
    assert [level.code for level in continuum.levels.all()] == ["universal", "family_help", "child_protection"]
    user = make_user("fd", "front_door_manager", family.csc)
    chosen = list(Indicator.objects.filter(level__code="child_protection")[:2])
    services.do_record_decision_basis(user, "referral:RFH-2026-000001", [str(i.pk) for i in chosen] + ["junk"])
    assert services.decision_basis("referral:RFH-2026-000001") == sorted(chosen, key=lambda i: i.pk)
    assert services.do_record_decision_basis(user, "referral:RFH-2026-000002", []) is None


def test_other_children_at_a_context_are_named_only_where_the_viewer_may_open_them(
    family, workers, make_agency, make_user
):
    from macp.people.models import Involvement

    other = Person.objects.create(given_name="Kai", family_name="Lane", date_of_birth=dt.date(2011, 5, 1))
    school = make_agency("test-school", "school", name="Hill School")
    Involvement.objects.create(person=other, agency=school, role="school_enrolment")
    park = services.do_create_context(workers["sw"], {"kind": Context.Kind.PLACE, "name": "Page Park"})
    services.do_link_child(
        workers["sw"], park, family.child, {"noted_on": dt.date.today(), "source": "Police intelligence"}
    )
    with pytest.raises(PermissionError):
        services.do_link_child(workers["sw"], park, other, {"noted_on": dt.date.today(), "source": "Seen there"})
    ContextLink.objects.create(
        context=park,
        child=other,
        noted_on=dt.date.today(),
        source="School staff",
        linked_by=workers["sw"],
        agency=school,
    )
    seen_by_sw = services.contexts_for_child(workers["sw"], family.child, route="/test")
    assert [o["name"] for o in seen_by_sw[0]["others"]] == ["another child"]
    teacher = make_user("teacher", "referrer", school)
    assert sorted(r["name"] for r in services.context_children(teacher, park, route="/test")) == [
        "Kai Lane",
        "another child",
    ]


def test_link_needs_a_source_and_a_date_not_in_the_future(family, workers):
    park = services.do_create_context(workers["sw"], {"kind": "place", "name": "Page Park"})
    with pytest.raises(InvalidInput) as error:
        services.do_link_child(
            workers["sw"], park, family.child, {"noted_on": dt.date.today() + dt.timedelta(days=1), "source": ""}
        )
    assert {p.loc[0] for p in error.value.problems} == {"source", "noted_on"}


def test_rtg_referral_meeting_agenda_discussion_and_actions(family, workers):
    shop = services.do_create_context(workers["gp"], {"kind": "place", "name": "Shop on Mead Road"})
    referral = services.do_refer_to_rtg(
        workers["gp"], {"child": family.child, "context": shop, "reason": "Seen with older males"}
    )
    with pytest.raises(PermissionError):
        services.do_schedule_rtg(workers["gp"], {"meets_at": dt.datetime.now(dt.UTC), "chair": "DI Brown"})
    meeting = services.do_schedule_rtg(
        workers["tm"], {"meets_at": dt.datetime.now(dt.UTC), "chair": "DI Brown", "referrals": [referral.pk]}
    )
    item = meeting.items.get()
    assert (item.child, item.context) == (family.child, shop)
    assert not services.open_referrals().exists()
    services.do_record_discussion(workers["tm"], item, "Disruption at the shop; licensing visit")
    with pytest.raises(InvalidInput):
        services.do_add_rtg_action(
            workers["tm"], meeting, {"owner_agency": "nope", "owner": "", "what": "", "due": None}
        )
    action = services.do_add_rtg_action(
        workers["tm"],
        meeting,
        {
            "item": item.pk,
            "owner_agency": "test-police",
            "owner": "PC Ash",
            "what": "Visit the shop",
            "due": dt.date.today(),
        },
    )
    assert action.item == item and action.owner_agency.code == "test-police"


def test_rtg_referral_needs_a_child_or_a_context(family, workers):
    with pytest.raises(InvalidInput):
        services.do_refer_to_rtg(workers["gp"], {"reason": "Worried"})


def test_unknown_adults_are_asked_about_until_someone_records_who_they_are(family, workers):
    entries = services.unknown_adults(family.child)
    assert [(e["person"], e["missing"]) for e in entries] == [(family.partner, ["relationship"])]
    with pytest.raises(InvalidInput) as error:
        services.do_record_who(workers["sw"], family.child, family.partner, {"relationship": "", "source": ""})
    assert {p.loc[0] for p in error.value.problems} == {"relationship", "source"}
    services.do_record_who(
        workers["sw"],
        family.child,
        family.partner,
        {"relationship": "partner_of_parent", "source": "Mum told me on 3 May"},
    )
    rel = Relationship.objects.get(from_person=family.partner, to_person=family.child)
    assert rel.type == "carer" and "Mum told me" in rel.notes and rel.source == family.csc
    assert services.unknown_adults(family.child) == []


def test_an_unnamed_adult_is_asked_for_a_name(family, workers):
    from macp.people.models import HouseholdMember

    unnamed = Person.objects.create(sex="M")
    HouseholdMember.objects.create(household=family.household, person=unnamed)
    entry = next(e for e in services.unknown_adults(family.child) if e["person"] == unnamed)
    assert entry["missing"] == ["name", "relationship"] and unnamed.full_name == "Name not known"
    services.do_record_who(
        workers["sw"],
        family.child,
        unnamed,
        {"given_name": "Lee", "family_name": "Ward", "relationship": "parent", "source": "Birth certificate seen"},
    )
    unnamed.refresh_from_db()
    assert unnamed.full_name == "Lee Ward" and unnamed.names.filter(given_name="Lee").exists()


def test_dismissals_are_counted_by_rule(family, workers):
    services.do_dismiss_finding(
        workers["sw"], where="triage:rationale", rule="boyfriend", text="boyfriend", reason="Quoting the police log"
    )
    services.do_dismiss_finding(
        workers["sw"], where="triage:rationale", rule="boyfriend", text="boyfriend", reason="Same"
    )
    with pytest.raises(InvalidInput):
        services.do_dismiss_finding(workers["sw"], where="x", rule="no-such-rule", text="", reason="")
    assert services.dismissal_counts() == [{"rule": "boyfriend", "category": "adultification", "count": 2}]
    assert LanguageDismissal.objects.first().agency == family.csc


def test_recording_findings_use_the_childs_age_from_the_record(family):
    text = "She is seeing a 23-year-old man."
    assert [f.rule for f in services.recording_findings(text, family.child)] == ["in-a-relationship"]
    assert services.recording_findings(text, family.mother) == []
