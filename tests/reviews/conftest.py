"""A partnership with its analyst, two agencies that lead actions, and another council's analyst.

partnership -> namespace: la, csc, police, health (agencies of the council), other_la, other_csc (another
               council's children's social care), analyst (partnership_analyst at csc), other_analyst,
               officer (police partner_attendee), nurse (health partner_attendee), manager (csc team_manager),
               review(**kw) -> a Review made through the service, notified 2027-01-04 unless given
"""

import datetime as dt
import types

import pytest

from macp.accounts.models import AgencyType
from macp.reviews import services


@pytest.fixture
def partnership(make_agency, make_user):
    csc = make_agency(
        "test-csc", AgencyType.CHILDRENS_SOCIAL_CARE, la="test-council", name="Testshire Children's Services"
    )
    la = csc.local_authority
    police = make_agency("test-police", AgencyType.POLICE, la=la, name="Testshire Police")
    health = make_agency("test-health", AgencyType.COMMUNITY_HEALTH, la=la, name="Testshire Community Health")
    other_csc = make_agency("other-csc", AgencyType.CHILDRENS_SOCIAL_CARE, la="other-council", name="Otherham Children")
    analyst = make_user("analyst", "partnership_analyst", csc, first_name="Priya", last_name="Nair")
    ns = types.SimpleNamespace(
        la=la,
        csc=csc,
        police=police,
        health=health,
        other_la=other_csc.local_authority,
        other_csc=other_csc,
        analyst=analyst,
        other_analyst=make_user("other-analyst", "partnership_analyst", other_csc),
        officer=make_user("officer", "partner_attendee", police, first_name="Dee", last_name="Constable"),
        nurse=make_user("nurse", "partner_attendee", health),
        manager=make_user("manager", "team_manager", csc),
    )

    def review(by=None, title="Child A", notified_on=dt.date(2027, 1, 4), today=dt.date(2027, 6, 1), **kw):
        return services.create_review(by or analyst, title=title, notified_on=notified_on, today=today, **kw)

    ns.review = review
    return ns
