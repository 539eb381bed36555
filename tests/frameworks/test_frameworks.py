"""Self-assessment frameworks as data: the 12Cs as shipped, who grades for whom, a year's grading with evidence and
actions, and the year-on-year comparison page with its chart and table."""

import datetime as dt
import re
import types

import pytest
from django.test import Client

from macp.frameworks import services
from macp.frameworks.models import Assessment, Component, Framework
from macp.frameworks.services import Holder

SEED_NAMED = ["Clarity", "Confidence", "Competence", "Capacity"]


@pytest.fixture
def people(db, make_agency, make_user):
    csc = make_agency("fw-csc", "childrens_social_care", la="fw-council", name="Fwshire Children's Services")
    police = make_agency("fw-police", "police", la=csc.local_authority, name="Fwshire Police")
    return types.SimpleNamespace(
        la=csc.local_authority,
        csc=csc,
        police=police,
        analyst=make_user("analyst", "partnership_analyst", csc),
        manager=make_user("tm", "team_manager", police, first_name="Tess", last_name="Manager"),
        detective=make_user("dc", "police_investigator", police),
        far=make_user("far", "partnership_analyst", make_agency("far", "childrens_social_care", la="far-council")),
    )


@pytest.fixture
def twelve_cs(db):
    return Framework.objects.get(code="12cs")


def full(framework, level, evidence="Multi-agency training twice a year"):
    return {
        c.pk: {"level": level, "evidence": evidence, "actions": "Repeat in spring"} for c in framework.components.all()
    }


def test_the_12cs_ship_as_data_in_their_two_groups(twelve_cs):
    components = list(twelve_cs.components.all())
    assert len(components) == 12
    groups = [c.group for c in components]
    assert groups == ["Practitioners and Agencies"] * 6 + ["Structures and Processes"] * 6
    # The components the seed itself names are there in its words and marked as checked.
    for title in SEED_NAMED:
        assert Component.objects.get(framework=twelve_cs, title=title).checked
    assert [level["value"] for level in twelve_cs.levels] == [1, 2, 3, 4]


def test_loading_again_updates_in_place(twelve_cs):
    ids = list(twelve_cs.components.values_list("pk", flat=True))
    services.load_shipped()
    assert list(Framework.objects.get(code="12cs").components.values_list("pk", flat=True)) == ids
    assert Framework.objects.count() == 1


def test_who_grades_the_partnership_and_each_agency(people):
    partnership, police = Holder(local_authority=people.la), Holder(agency=people.police)
    assert services.may_grade(people.analyst, partnership)
    assert not services.may_grade(people.far, partnership)
    assert not services.may_grade(people.manager, partnership)
    assert services.may_grade(people.manager, police)
    assert not services.may_grade(people.detective, police) and services.may_view(people.detective, police)
    assert services.may_view(people.analyst, police) and not services.may_grade(people.analyst, police)
    assert not services.may_view(people.far, police)


def test_a_grading_needs_a_level_and_evidence_for_every_component(people, twelve_cs):
    ratings = full(twelve_cs, 3)
    first = twelve_cs.components.first()
    ratings[first.pk] = {"level": 9, "evidence": " "}
    with pytest.raises(Exception) as caught:
        services.record_grading(people.manager, twelve_cs, Holder(agency=people.police), 2025, ratings)
    assert {p.loc[0] for p in caught.value.problems} == {f"level_{first.pk}", f"evidence_{first.pk}"}
    with pytest.raises(PermissionError):
        services.record_grading(people.detective, twelve_cs, Holder(agency=people.police), 2025, full(twelve_cs, 3))


def test_grading_a_year_again_replaces_it_and_years_compare(people, twelve_cs):
    holder = Holder(local_authority=people.la)
    services.record_grading(people.analyst, twelve_cs, holder, 2024, full(twelve_cs, 2))
    services.record_grading(people.analyst, twelve_cs, holder, 2025, full(twelve_cs, 1))
    services.record_grading(people.analyst, twelve_cs, holder, 2025, full(twelve_cs, 3))
    assert Assessment.objects.filter(local_authority=people.la).count() == 2
    by_year = services.ratings_by_year(twelve_cs, holder)
    assert list(by_year) == [2024, 2025]
    assert {r.level for r in by_year[2025].values()} == {3}
    chart = services.comparison_chart(twelve_cs, by_year)
    assert len(chart["bars"]) == 24 and [x["year"] for x in chart["legend"]] == ["2024 to 2025", "2025 to 2026"]
    tall = {b["h"] for b in chart["bars"] if "2025 to 2026" in b["title"]}
    short = {b["h"] for b in chart["bars"] if "2024 to 2025" in b["title"]}
    assert min(tall) > max(short)


def test_the_assessment_year_runs_april_to_march():
    assert services.assessment_year(dt.date(2026, 3, 31)) == 2025
    assert services.assessment_year(dt.date(2026, 4, 1)) == 2026


def test_the_grading_page_keeps_what_was_typed_and_saves(people, twelve_cs, signed_in):
    client = signed_in(Client(), people.manager)
    url = f"/frameworks/12cs/agency-fw-police/{services.assessment_year()}/"
    components = list(twelve_cs.components.all())
    data = {f"level_{c.pk}": "3" for c in components} | {f"evidence_{c.pk}": "Training log" for c in components}
    data[f"evidence_{components[0].pk}"] = ""
    data[f"actions_{components[0].pk}"] = "Audit supervision records"
    response = client.post(url, data)
    assert response.status_code == 400
    page = response.content.decode()
    assert "Enter the evidence for Clarity" in page and f'href="#evidence_{components[0].pk}"' in page
    assert "Audit supervision records" in page
    data[f"evidence_{components[0].pk}"] = "Threshold guidance published"
    assert client.post(url, data).status_code == 302
    page = client.get("/frameworks/12cs/agency-fw-police/").content.decode()
    assert "<svg" in page and 'role="img"' in page and "Threshold guidance published" in page
    assert re.search(r"1\. Clarity</th>\s*<td[^>]*>3 In place</td>", page)


def test_pages_refuse_those_who_may_not_see_or_grade(people, twelve_cs, signed_in):
    year = services.assessment_year()
    assert signed_in(Client(), people.detective).get(f"/frameworks/12cs/agency-fw-police/{year}/").status_code == 403
    assert signed_in(Client(), people.far).get("/frameworks/12cs/agency-fw-police/").status_code == 403
    assert signed_in(Client(), people.far).get("/frameworks/12cs/nothing-here/").status_code == 404
    page = signed_in(Client(), people.analyst).get("/frameworks/").content.decode()
    assert "Fw Council safeguarding partnership" in page and "Fwshire Police" in page


def test_the_api_gives_a_holders_grades_by_year_to_those_who_may_see_them(people, twelve_cs, api_client_for):
    holder = Holder(agency=people.police)
    services.record_grading(people.manager, twelve_cs, holder, 2024, full(twelve_cs, 2))
    services.record_grading(people.manager, twelve_cs, holder, 2025, full(twelve_cs, 4, evidence="Audited"))
    response = api_client_for(people.detective).get("/api/v1/frameworks/12cs/agency-fw-police")
    assert response.status_code == 200
    body = response.json()
    assert [y["label"] for y in body["years"]] == ["2024 to 2025", "2025 to 2026"]
    first = body["years"][1]["ratings"][0]
    assert first == {
        "component": "clarity",
        "title": "Clarity",
        "level": 4,
        "level_label": "Embedded and evidenced",
        "evidence": "Audited",
        "actions": "Repeat in spring",
    }
    assert api_client_for(people.far).get("/api/v1/frameworks/12cs/agency-fw-police").status_code == 403
    assert api_client_for(people.far).get("/api/v1/frameworks/nope/agency-fw-police").status_code == 404
