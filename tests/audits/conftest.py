import datetime as dt
import types

import pytest


@pytest.fixture
def region(db, make_agency, make_user):
    """A council with six children who had a strategy discussion in March 2026, one whose discussion was before the
    period and one discussed for another council. Social care and the police take part in audits; the partnership
    analyst works for social care."""
    from django.utils import timezone

    from macp.people.models import Person, Sex
    from macp.strategy.models import StrategyDiscussion

    csc = make_agency("aud-csc", "childrens_social_care", la="aud-council", name="Audshire Children's Services")
    la = csc.local_authority
    police = make_agency("aud-police", "police", la=la, name="Audshire Police")
    other = make_agency("far-csc", "childrens_social_care", la="far-council", name="Far Children's Services")
    analyst = make_user("analyst", "partnership_analyst", csc, first_name="Priya", last_name="Nair")
    manager = make_user("tm", "team_manager", csc, first_name="Sanjay", last_name="Mistry")
    detective = make_user("dc", "police_investigator", police, first_name="Mark", last_name="Jennings")
    far_analyst = make_user("far-analyst", "partnership_analyst", other)
    bystander = make_user("sw", "social_worker", csc)

    def child(i, years, la_for=la, when=dt.datetime(2026, 3, 10, 10, tzinfo=dt.UTC)):
        p = Person.objects.create(
            given_name=f"Kid{i}", family_name="Audit", sex=Sex.FEMALE, date_of_birth=dt.date(2026 - years, 1, 15)
        )
        sd = StrategyDiscussion.objects.create(
            reason="Concern", requested_by=manager, requesting_agency=csc, local_authority=la_for, requested_at=when
        )
        sd.children.add(p)
        return p

    children = [child(i, years) for i, years in enumerate([2, 4, 7, 9, 12, 15])]
    before = child(90, 5, when=dt.datetime(2025, 12, 1, 10, tzinfo=dt.UTC))
    elsewhere = child(91, 6, la_for=other.local_authority)
    return types.SimpleNamespace(
        la=la,
        csc=csc,
        police=police,
        analyst=analyst,
        manager=manager,
        detective=detective,
        far_analyst=far_analyst,
        bystander=bystander,
        children=children,
        before=before,
        elsewhere=elsewhere,
        now=timezone.now(),
    )


@pytest.fixture
def make_audit(region):
    from macp.audits import services

    def make(**overrides):
        fields = {
            "theme": "Domestic abuse: children under 7",
            "aim": "to see whether agencies share what they know and hear each child",
            "cohort": "children with a strategy discussion in March 2026",
            "period_start": dt.date(2026, 3, 1),
            "period_end": dt.date(2026, 3, 31),
            "criteria": "The child's voice is recorded\nInformation was shared within a day",
        } | overrides
        return services.create_audit(region.analyst, **fields)

    return make
