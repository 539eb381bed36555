import pytest


@pytest.fixture
def councils(family, make_agency, make_user, api_client_for):
    """The family's council (test-council, holding Amelia's case through its allocated social worker) and two
    others, each with a social worker and a team manager; the child's school and health visitor."""
    from types import SimpleNamespace

    from macp.people.models import Involvement, InvolvementRole

    north = make_agency("north-csc", "childrens_social_care", la="north-council", name="Northshire Children's Services")
    south = make_agency("south-csc", "childrens_social_care", la="south-council", name="Southshire Children's Services")
    school = make_agency("test-school", "school", la=family.la, name="Mill Lane Primary")
    hv = make_agency("test-hv", "community_health", la=family.la, name="Testshire Health Visiting")
    for agency in (school, hv, family.gp):
        agency.email = f"{agency.code}@example.invalid"
        agency.save()
    Involvement.objects.create(person=family.child, agency=school, role=InvolvementRole.SCHOOL_ENROLMENT)
    Involvement.objects.create(person=family.child, agency=hv, role=InvolvementRole.HEALTH_VISITOR)
    sender = make_user("sw-test", "social_worker", family.csc)
    users = {
        "sender": sender,
        "north_tm": make_user("tm-north", "team_manager", north),
        "south_tm": make_user("tm-south", "team_manager", south),
        "north_sw": make_user("sw-north", "social_worker", north),
    }
    clients = {f"as_{k}": api_client_for(u) for k, u in users.items()}
    return SimpleNamespace(north=north, south=south, school=school, hv=hv, **users, **clients)
