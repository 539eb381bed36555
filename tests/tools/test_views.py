"""The tools pages through the web: completing a tool with errors and charts, the recording check as you type, the
threshold guidance on triage, contexts, the ROTH Tactical Group and unknown adults."""

import datetime as dt

import pytest
from django.test import Client

from macp.referrals import services as referral_services
from macp.referrals.models import Referral
from macp.tools import services
from macp.tools.models import (
    Context,
    ContextLink,
    DecisionBasis,
    Indicator,
    LanguageDismissal,
    RtgAction,
    RtgMeeting,
    RtgReferral,
)


def neglect_post(score, on="1/10/2026", **extra):
    tool = services.active_tool("neglect")
    data = {
        "completed_on": on,
        "participants": "Mum, Amelia, social worker",
        "child_views": "Amelia said she is hungry",
        "parent_views": "Mum says money is short",
        "strengths": "Nan helps",
        "worries": "No food",
    }
    data.update({f"score-{d['code']}": str(score) for d in tool.domains})
    data.update(extra)
    return data


def test_a_neglect_toolkit_completed_twice_shows_a_chart_and_table_per_domain(family, workers, signed_in, client):
    web = signed_in(client, workers["sw"])
    url = f"/children/{family.child.pk}/tools/neglect/new/"
    assert web.get(url).status_code == 200
    first = web.post(url, neglect_post(3, on="1/9/2026"))
    assert first.status_code == 302
    web.post(url, neglect_post(2, on="1/10/2026"))
    page = web.get(f"/children/{family.child.pk}/tools/").content.decode()
    assert page.count('class="macp-tool-chart"') == 6
    assert "1 September 2026" in page and "1 October 2026" in page and "Many needs unmet" in page
    assert "Physical care scores over time" in page


def test_missing_answers_are_summarised_and_nothing_typed_is_lost(family, workers, signed_in, client):
    web = signed_in(client, workers["sw"])
    data = neglect_post(3)
    del data["score-health"]
    data["worries"] = ""
    response = web.post(f"/children/{family.child.pk}/tools/neglect/new/", data)
    page = response.content.decode()
    assert response.status_code == 400
    assert (
        "There is a problem" in page and 'href="#score-health"' in page and "Record what you are worried about" in page
    )
    assert "Amelia said she is hungry" in page and "Nan helps" in page


def test_uninvolved_agency_cannot_open_or_complete(family, workers, signed_in, client):
    web = signed_in(client, workers["stranger"])
    assert web.get(f"/children/{family.child.pk}/tools/").status_code == 403
    assert web.post(f"/children/{family.child.pk}/tools/neglect/new/", neglect_post(3)).status_code == 403


def test_completion_page_shows_the_recording_check_on_what_was_saved(
    family, workers, signed_in, client, make_tool_data
):
    tool = services.active_tool("neglect")
    c = services.do_complete_tool(
        tool, workers["sw"], family.child, make_tool_data(tool, 2, worries="The home was filthy.")
    )
    page = signed_in(client, workers["sw"]).get(f"/tools/completions/{c.pk}/").content.decode()
    assert "Recording check: 1 suggestion" in page and "filthy" in page


def test_recording_check_fragment_and_dismissal(family, workers, signed_in, client):
    web = signed_in(client, workers["sw"])
    page = web.post(
        "/recording-check/",
        {"text": "She is seeing a 23-year-old man.", "about": str(family.child.pk), "field": "notes"},
    ).content.decode()
    assert (
        "Describes a child as an adult" in page and "Keep wording" in page and 'data-rule="in-a-relationship"' in page
    )
    again = web.post(
        "/recording-check/",
        {
            "text": "She is seeing a 23-year-old man.",
            "about": str(family.child.pk),
            "field": "notes",
            "dismissed": "in-a-relationship|is seeing",
        },
    ).content.decode()
    assert "Keep wording" not in again
    assert (
        web.post(
            "/recording-check/dismiss/",
            {"where": "triage:rationale", "rule": "in-a-relationship", "text": "is seeing", "reason": ""},
        ).status_code
        == 400
    )
    assert (
        web.post(
            "/recording-check/dismiss/",
            {
                "where": "triage:rationale",
                "rule": "in-a-relationship",
                "text": "is seeing",
                "reason": "Police wording quoted",
            },
        ).status_code
        == 200
    )
    assert LanguageDismissal.objects.get().reason == "Police wording quoted"
    assert (
        signed_in(Client(), workers["stranger"])
        .post("/recording-check/", {"text": "x", "about": str(family.child.pk)})
        .status_code
        == 403
    )


@pytest.fixture
def referral(make_agency, make_user):
    csc = make_agency("svc-csc", "childrens_social_care", "svc")
    school = make_agency("sch-svc-001", "school", "svc")
    referrer = make_user("dsl", ["referrer"], school, email="dsl@hillside.invalid")
    body = {
        "referrer": {"name": "Sam Okafor", "email": "dsl@hillside.invalid"},
        "receiving_agency": "svc-csc",
        "children": [
            {
                "given_name": "Ruby",
                "family_name": "Clarke",
                "date_of_birth": "2011-04-12",
                "sex": "F",
                "address": "4 Mill Lane",
                "postcode": "SV2 3CD",
                "worries": "Seen with an older man",
            }
        ],
        "concerns": "Possible exploitation",
        "consent": {"parents": "yes", "child": "yes"},
    }
    made, _ = referral_services.submit(body, referrer)
    return made, make_user("mash", ["front_door_manager"], csc)


def test_triage_shows_the_check_and_threshold_guidance_and_the_decision_records_indicators(referral, signed_in, client):
    made, front_door = referral
    web = signed_in(client, front_door)
    url = f"/front-door/{made.reference}/"
    page = web.get(url).content.decode()
    assert 'data-language-check="triage:rationale"' in page and 'data-language-check="triage:decision_reason"' in page
    assert "tools/language-check.js" in page and "Family Help" in page and "Child protection" in page
    web.post(url, {"action": "brag", "brag": "red", "rationale": "Exploitation indicators"})
    chosen = Indicator.objects.get(code="c-exploitation")
    assert (
        web.post(
            url,
            {
                "action": "decide",
                "decision": "strategy_discussion",
                "decision_reason": "Exploitation",
                "indicators": [str(chosen.pk)],
            },
        ).status_code
        == 302
    )
    assert list(DecisionBasis.objects.get(subject=f"referral:{made.reference}").indicators.all()) == [chosen]
    assert Referral.objects.get().status == "decided"
    assert chosen.text in web.get(url).content.decode()


def test_person_page_loads_the_panel_which_asks_who_the_adult_is(family, workers, signed_in, client):
    web = signed_in(client, workers["sw"])
    assert f"/children/{family.child.pk}/tools/panel/" in web.get(f"/people/{family.child.pk}/").content.decode()
    panel = web.get(f"/children/{family.child.pk}/tools/panel/").content.decode()
    assert "Who are they?" in panel and "Daniel Price" in panel and "Neglect Toolkit" in panel
    who = f"/children/{family.child.pk}/who/{family.partner.pk}/"
    response = web.post(who, {"relationship": "", "source": ""})
    assert response.status_code == 400 and "Choose who they are to the child" in response.content.decode()
    assert web.post(who, {"relationship": "partner_of_parent", "source": "Mum told me"}).status_code == 302
    assert "Who are they?" not in web.get(f"/children/{family.child.pk}/tools/panel/").content.decode()
    assert web.get(who).status_code == 404
    from macp.people.models import Involvement

    # An adult's page has no tools panel (social care works with the mother here, so her page opens).
    Involvement.objects.create(person=family.mother, agency=family.csc, role="other", start=dt.date(2024, 1, 1))
    assert web.get(f"/children/{family.mother.pk}/tools/panel/").content == b""


def test_a_place_linked_to_two_children_shows_the_other_child_by_need_to_know(
    family, workers, signed_in, client, make_agency
):
    from macp.people.models import Involvement, Person

    web = signed_in(client, workers["sw"])
    response = web.post("/contexts/new/", {"kind": "place", "name": "Page Park", "location": "Staple Hill"})
    park = Context.objects.get()
    assert response["Location"] == f"/contexts/{park.pk}/"
    bad = web.post(f"/children/{family.child.pk}/contexts/link/", {"context": park.pk, "noted_on": "", "source": ""})
    assert bad.status_code == 400 and "Say how this is known" in bad.content.decode()
    web.post(
        f"/children/{family.child.pk}/contexts/link/",
        {"context": park.pk, "noted_on": "2/10/2026", "source": "Police intelligence"},
    )
    other = Person.objects.create(given_name="Kai", family_name="Lane", date_of_birth=dt.date(2011, 5, 1))
    Involvement.objects.create(person=other, agency=workers["police"], role="police_investigation")
    police = signed_in(Client(), workers["stranger"])
    police.post(
        f"/children/{other.pk}/contexts/link/", {"context": park.pk, "noted_on": "3/10/2026", "source": "Stop search"}
    )
    assert ContextLink.objects.count() == 2
    page = web.get(f"/children/{family.child.pk}/tools/").content.decode()
    assert "Page Park" in page and "another child" in page and "Kai Lane" not in page
    assert "Amelia Hughes" not in police.get(f"/contexts/{park.pk}/").content.decode()


def test_rtg_referral_meeting_with_actions(family, workers, signed_in, client):
    park = services.do_create_context(workers["sw"], {"kind": "place", "name": "Page Park"})
    gp = signed_in(client, workers["gp"])
    assert gp.post(f"/rtg/refer/?child={family.child.pk}", {"reason": ""}).status_code == 400
    assert (
        gp.post(
            f"/rtg/refer/?child={family.child.pk}", {"reason": "Seen at the park late", "context": park.pk}
        ).status_code
        == 302
    )
    assert gp.get("/rtg/new/").status_code == 403
    tm = signed_in(Client(), workers["tm"])
    referral = RtgReferral.objects.get()
    response = tm.post("/rtg/new/", {"meets_at": "10/10/2026 14:00", "chair": "DI Brown", "referrals": [referral.pk]})
    meeting = RtgMeeting.objects.get()
    assert response["Location"] == f"/rtg/{meeting.pk}/"
    item = meeting.items.get()
    tm.post(f"/rtg/{meeting.pk}/items/{item.pk}/discussion/", {"discussion": "Patrols agreed"})
    assert (
        tm.post(f"/rtg/{meeting.pk}/actions/new/", {"owner_agency": "", "owner": "", "what": "", "due": ""}).status_code
        == 400
    )
    tm.post(
        f"/rtg/{meeting.pk}/actions/new/",
        {
            "item": item.pk,
            "owner_agency": "test-police",
            "owner": "PC Ash",
            "what": "Patrol the park",
            "due": "17/10/2026",
        },
    )
    assert RtgAction.objects.get().item == item
    page = tm.get(f"/rtg/{meeting.pk}/").content.decode()
    assert "Amelia Hughes" in page and "Page Park" in page and "Patrols agreed" in page and "Patrol the park" in page
    assert "Amelia Hughes" not in signed_in(Client(), workers["stranger"]).get(f"/rtg/{meeting.pk}/").content.decode()
