import pytest


@pytest.fixture
def edt(family, make_agency, make_user, api_client_for):
    """The EDT covering the family's council, its day team (a social worker and a team manager) and another
    council's social worker."""
    from types import SimpleNamespace

    edt_agency = make_agency("test-edt", "edt", la=family.la, name="Testshire Emergency Duty Team")
    edt_agency.email = "edt@testshire.invalid"
    edt_agency.save()
    worker = make_user("edt1", "edt_worker", edt_agency, first_name="Sam", last_name="Night")
    day = make_user("day1", "social_worker", family.csc, first_name="Dee", last_name="Day")
    manager = make_user(
        "tm1", "team_manager", family.csc, first_name="Max", last_name="Manager", email="tm1@testshire.invalid"
    )
    other_csc = make_agency("other-csc", "childrens_social_care", la="other-council")
    outsider = make_user("other1", "social_worker", other_csc)
    return SimpleNamespace(
        agency=edt_agency,
        worker=worker,
        day=day,
        manager=manager,
        outsider=outsider,
        as_worker=api_client_for(worker),
        as_day=api_client_for(day),
        as_manager=api_client_for(manager),
        as_outsider=api_client_for(outsider),
    )
