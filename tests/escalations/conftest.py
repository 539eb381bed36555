import pytest


@pytest.fixture
def dispute(family, make_agency, make_user, api_client_for):
    """Seed 003 (Child Alex): a strategy discussion about Amelia requested by children's social care decided no
    section 47; the hospital, invited and caring for her, recorded its dissent."""
    from types import SimpleNamespace

    from django.utils import timezone

    from macp.people.models import Involvement, InvolvementRole
    from macp.strategy.models import (
        ChildDecision,
        Dissent,
        Invitation,
        StrategyDiscussion,
    )

    hospital = make_agency("test-hospital", "acute_trust", la=family.la, name="Testshire General Hospital")
    for agency in (hospital, family.csc):
        agency.email = f"{agency.code}@secure.example.invalid"
        agency.save()
    Involvement.objects.create(person=family.child, agency=hospital, role=InvolvementRole.HOSPITAL_CARE)
    tm = make_user("tm", "team_manager", family.csc, first_name="Priya", last_name="Shah")
    nurse = make_user("nurse", "partner_attendee", hospital, first_name="Jo", last_name="Ward")
    analyst = make_user("analyst", "partnership_analyst", make_agency("test-partnership", "voluntary", la=family.la))
    outsider = make_user("outsider", "partner_attendee", make_agency("far-school", "school", la="far-council"))
    now = timezone.now()
    discussion = StrategyDiscussion.objects.create(
        reason="Bruising to a non-mobile baby",
        requested_by=tm,
        requesting_agency=family.csc,
        requested_at=now,
        status="finalised",
    )
    discussion.children.add(family.child)
    Invitation.objects.create(
        discussion=discussion, agency=hospital, role="health", reason="Treating hospital", status="accepted"
    )
    from macp.strategy import grants

    grants.grant_staff(discussion)  # made directly here, so the grants a request and an invitation give are made too
    grants.grant_invited(discussion, tm)
    decision = ChildDecision.objects.create(
        discussion=discussion,
        child=family.child,
        significant_harm="not_met",
        section_47=False,
        rationale="Explanation accepted",
        recorded_by=tm,
    )
    dissent = Dissent.objects.create(
        discussion=discussion,
        agency=hospital,
        about="No section 47",
        decision=decision,
        reason="Injury pattern not consistent with the explanation",
        recorded_by=tm,
    )
    return SimpleNamespace(
        hospital=hospital,
        tm=tm,
        nurse=nurse,
        analyst=analyst,
        outsider=outsider,
        discussion=discussion,
        dissent=dissent,
        as_tm=api_client_for(tm),
        as_nurse=api_client_for(nurse),
        as_analyst=api_client_for(analyst),
        as_outsider=api_client_for(outsider),
    )
