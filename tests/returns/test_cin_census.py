import datetime as dt
import subprocess
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from macp.access.models import AccessEvent
from macp.accounts.models import AdminEvent
from macp.casework.models import (
    Assessment,
    ChildRecord,
    CinPlan,
    Episode,
    LocalAuthorityCode,
    ProtectionPlan,
    ProtectionPlanReview,
)
from macp.enquiries.models import Conference, ConferenceChild
from macp.returns.census import CensusYear, la_child_id

D = dt.date
ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def council(family):
    LocalAuthorityCode.objects.create(local_authority=family.la, code="803")
    return family


def episode(family, **kw):
    fields = dict(
        child=family.child,
        local_authority=family.la,
        referral_date=D(2026, 5, 4),
        referral_source="2A",
        primary_need="N1",
    )
    fields.update(kw)
    return Episode.objects.create(**fields)


def census(tmp_path, year=2027, la="test-council") -> ET.Element:
    out = tmp_path / f"census-{year}.xml"
    call_command("cin_census", year=year, local_authority=la, output=str(out))
    return ET.parse(out).getroot()


def text(element, path):
    found = element.find(path)
    return None if found is None else found.text


def test_header_and_each_element_of_a_child(council, tmp_path, make_user):
    family = council
    ChildRecord.objects.create(person=family.child, disabilities=["AUT", "COMM"])
    ep = episode(family, closure_date=D(2026, 12, 1), closure_reason="RC7")
    Assessment.objects.create(
        child=family.child,
        local_authority=family.la,
        episode=ep,
        started_on=D(2026, 5, 5),
        authorised_on=D(2026, 6, 10),
        factors=["3A", "2B"],
    )
    CinPlan.objects.create(
        child=family.child, local_authority=family.la, episode=ep, started_on=D(2026, 6, 11), ended_on=D(2026, 7, 1)
    )
    booker = make_user("tm", "team_manager", family.csc)
    at = dt.datetime(2026, 7, 1, 10, tzinfo=dt.UTC)
    conference = Conference.objects.create(
        scheduled_for=at, due=D(2026, 7, 1), social_care=family.csc, booked_by=booker, booked_at=at
    )
    decided = ConferenceChild.objects.create(
        conference=conference, child=family.child, plan=True, category="neglect", decided_at=at
    )
    plan = ProtectionPlan.objects.create(
        child=family.child,
        local_authority=family.la,
        episode=ep,
        decided_at=decided,
        started_on=D(2026, 7, 1),
        ended_on=D(2026, 11, 20),
        initial_category="NEG",
        latest_category="EMO",
    )
    ProtectionPlanReview.objects.create(plan=plan, held_on=D(2026, 9, 23))

    root = census(tmp_path)
    assert [text(root, f"Header/CollectionDetails/{t}") for t in ("Collection", "Year", "ReferenceDate")] == [
        "CIN",
        "2027",
        "2027-03-31",
    ]
    assert text(root, "Header/Source/LEA") == "803" and text(root, "Header/Source/SourceLevel") == "L"
    children = root.findall("Children/Child")
    assert len(children) == 1
    child = children[0]
    assert text(child, "ChildIdentifiers/LAchildID") == la_child_id(family.child)
    assert len(la_child_id(family.child)) <= 20 and la_child_id(family.child).isalnum()
    assert text(child, "ChildIdentifiers/PersonBirthDate") == family.child.date_of_birth.isoformat()
    assert text(child, "ChildIdentifiers/Sex") == "F"
    assert text(child, "ChildIdentifiers/UPN") is None  # none held: school age, no reason recorded
    assert text(child, "ChildCharacteristics/Ethnicity") == "WBRI"
    assert [d.text for d in child.findall("ChildCharacteristics/Disabilities/Disability")] == ["AUT", "COMM"]
    cin = child.find("CINdetails")
    assert [e.tag for e in cin] == [
        "CINreferralDate",
        "ReferralSource",
        "PrimaryNeedCode",
        "CINclosureDate",
        "ReasonForClosure",
        "DateOfInitialCPC",
        "Assessments",
        "CINPlanDates",
        "ReferralNFA",
        "ChildProtectionPlans",
    ]
    assert [text(cin, t) for t in ("CINreferralDate", "ReferralSource", "PrimaryNeedCode")] == [
        "2026-05-04",
        "2A",
        "N1",
    ]
    assert [text(cin, t) for t in ("CINclosureDate", "ReasonForClosure", "ReferralNFA")] == [
        "2026-12-01",
        "RC7",
        "false",
    ]
    # the conference had no section 47 enquiry in the return, so its date is on the episode (rules 2884, 2885)
    assert text(cin, "DateOfInitialCPC") == "2026-07-01"
    assert text(cin, "Assessments/AssessmentActualStartDate") == "2026-05-05"
    assert text(cin, "Assessments/AssessmentAuthorisationDate") == "2026-06-10"
    assert [f.text for f in cin.findall("Assessments/FactorsIdentifiedAtAssessment/AssessmentFactors")] == ["3A", "2B"]
    assert [text(cin, "CINPlanDates/CINPlanStartDate"), text(cin, "CINPlanDates/CINPlanEndDate")] == [
        "2026-06-11",
        "2026-07-01",
    ]
    cpp = cin.find("ChildProtectionPlans")
    assert [
        text(cpp, t) for t in ("CPPstartDate", "CPPendDate", "InitialCategoryOfAbuse", "LatestCategoryOfAbuse")
    ] == [
        "2026-07-01",
        "2026-11-20",
        "NEG",
        "EMO",
    ]
    assert text(cpp, "NumberOfPreviousCPP") == "0"
    assert [r.text for r in cpp.findall("Reviews/CPPreviewDate")] == ["2026-09-23"]


def test_the_year_boundaries(council, tmp_path):
    family = council
    # closed before the year began: not in the 2027 return, in the 2026 one
    episode(family, referral_date=D(2025, 6, 1), closure_date=D(2026, 3, 31), closure_reason="RC7")
    root = census(tmp_path, 2027)
    assert root.findall("Children/Child") == []
    root = census(tmp_path, 2026)
    assert text(root, "Children/Child/CINdetails/CINclosureDate") == "2026-03-31"
    assert text(root, "Header/CollectionDetails/ReferenceDate") == "2026-03-31"


def test_what_happens_after_the_reference_date_has_not_happened_yet(council, tmp_path):
    family = council
    ep = episode(family, referral_date=D(2026, 3, 20), closure_date=D(2026, 4, 2), closure_reason="RC8")
    Assessment.objects.create(
        child=family.child,
        local_authority=family.la,
        episode=ep,
        started_on=D(2026, 3, 23),
        authorised_on=D(2026, 4, 1),
        factors=["21"],
    )
    root = census(tmp_path, 2026)
    cin = root.find("Children/Child/CINdetails")
    assert text(cin, "CINclosureDate") is None and text(cin, "ReasonForClosure") is None  # closed after 31 March
    assessment = cin.find("Assessments")
    assert text(assessment, "AssessmentAuthorisationDate") is None
    assert assessment.findall("FactorsIdentifiedAtAssessment/AssessmentFactors") == []  # rule 8614
    # a referral in April 2026 is outside the year ending 31 March 2026
    assert CensusYear(2026).known(D(2026, 4, 1)) is None and CensusYear.containing(D(2026, 4, 1)).year == 2027


def test_a_referral_with_no_further_action(council, tmp_path):
    family = council
    episode(
        family,
        referral_date=D(2026, 9, 1),
        referral_nfa=True,
        primary_need="N9",
        closure_date=D(2026, 9, 1),
        closure_reason="RC8",
    )
    child = census(tmp_path).find("Children/Child")
    assert text(child, "CINdetails/ReferralNFA") == "true"
    assert text(child, "ChildIdentifiers/UPNunknown") == "UN7"


def test_unknown_councils_are_refused_clearly(council, tmp_path):
    with pytest.raises(CommandError, match="No council with the code 'nowhere'"):
        call_command("cin_census", year=2027, local_authority="nowhere", output=str(tmp_path / "x.xml"))
    from macp.accounts.models import LocalAuthority

    LocalAuthority.objects.create(code="nocode", name="No Code Council")
    with pytest.raises(CommandError, match="no Department for Education LA code"):
        call_command("cin_census", year=2027, local_authority="nocode", output=str(tmp_path / "x.xml"))
    assert not (tmp_path / "x.xml").exists()


def test_the_run_is_audited_per_child_and_as_an_admin_event(council, tmp_path):
    family = council
    episode(family)
    census(tmp_path, la="803")  # by its DfE code too
    event = AdminEvent.objects.get(action="cin_census")
    assert "2027" in event.target and "children 1" in event.detail
    read = AccessEvent.objects.get(person_id=str(family.child.pk))
    assert (read.channel, read.allowed) == ("export", True)


@pytest.mark.skipif(not (ROOT / ".venv-cin/bin/python").exists(), reason="the validator venv (make cin-validate)")
def test_the_hand_built_census_passes_the_dfe_rules(council, tmp_path):
    family = council
    ChildRecord.objects.create(person=family.child, upn="", upn_unknown="UN2", disabilities=["NONE"])
    ep = episode(family)
    Assessment.objects.create(
        child=family.child,
        local_authority=family.la,
        episode=ep,
        started_on=D(2026, 5, 5),
        authorised_on=D(2026, 6, 10),
        factors=["4B"],
    )
    CinPlan.objects.create(child=family.child, local_authority=family.la, episode=ep, started_on=D(2026, 6, 11))
    out = tmp_path / "census.xml"
    call_command("cin_census", year=2027, local_authority="803", output=str(out))
    result = subprocess.run(
        [str(ROOT / ".venv-cin/bin/python"), "-W", "ignore", str(ROOT / ".ci/cin_validate.py"), str(out)],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stdout
    assert "0 ERROR rules broken" in result.stdout


def test_a_section_47_enquiry_carries_its_own_initial_conference(investigation, tmp_path):
    from django.utils import timezone

    from macp.enquiries.models import Enquiry

    family = investigation.family
    LocalAuthorityCode.objects.create(local_authority=family.la, code="803")
    enquiry = Enquiry.objects.get(child=family.child)
    began = timezone.localdate(enquiry.opened_at)
    year = CensusYear.containing(began)
    ep = episode(family, referral_date=began - dt.timedelta(days=1))
    at = timezone.now().replace(hour=11) + dt.timedelta(days=1)
    conference = Conference.objects.create(
        scheduled_for=at, due=enquiry.icpc_due, social_care=family.csc, booked_by=investigation.manager, booked_at=at
    )
    decided = ConferenceChild.objects.create(
        conference=conference, child=family.child, enquiry=enquiry, plan=True, category="physical", decided_at=at
    )
    held = timezone.localdate(at)
    ProtectionPlan.objects.create(
        child=family.child,
        local_authority=family.la,
        episode=ep,
        decided_at=decided,
        started_on=held,
        initial_category="PHY",
        latest_category="PHY",
    )
    cin = census(tmp_path, year.year).find("Children/Child/CINdetails")
    assert text(cin, "DateOfInitialCPC") is None  # on the section 47 module only (rule 2884)
    s47 = cin.find("Section47")
    assert [e.tag for e in s47] == ["S47ActualStartDate", "InitialCPCtarget", "DateOfInitialCPC", "ICPCnotRequired"]
    assert text(s47, "S47ActualStartDate") == began.isoformat()
    assert text(s47, "InitialCPCtarget") == enquiry.icpc_due.isoformat()
    assert text(s47, "DateOfInitialCPC") == held.isoformat() == text(cin, "ChildProtectionPlans/CPPstartDate")
    assert text(s47, "ICPCnotRequired") == "false"
    # an enquiry that ends with no conference needed says so
    decided.delete()
    enquiry.status, enquiry.outcome, enquiry.outcome_at = "concluded", "no_further_action", enquiry.opened_at
    enquiry.save()
    s47 = census(tmp_path, year.year).find("Children/Child/CINdetails/Section47")
    assert text(s47, "ICPCnotRequired") == "true" and text(s47, "DateOfInitialCPC") is None
