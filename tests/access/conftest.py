import datetime as dt
from types import SimpleNamespace

import pytest

from macp.accounts.models import Agency, LocalAuthority
from macp.accounts.services import create_user
from macp.people.models import Household, HouseholdMember, Involvement, Person, Relationship


@pytest.fixture
def world(db):
    """Two councils' agencies, a family known to one GP and one council, and users of involved and uninvolved agencies."""
    la = LocalAuthority.objects.create(code="svc", name="Severn Vale Council")
    csc = Agency.objects.create(
        code="svc-csc", name="Severn Vale Children's Services", type="childrens_social_care", local_authority=la
    )
    gp = Agency.objects.create(code="gp-svc-001", name="Riverside Surgery", type="gp_practice", local_authority=la)
    school = Agency.objects.create(code="sch-svc-001", name="Hillside Primary", type="school", local_authority=la)
    other = Agency.objects.create(code="kbc-csc", name="Kingsmoor Children's Services", type="childrens_social_care")
    child = Person.objects.create(given_name="Amelia", family_name="Smith", date_of_birth=dt.date(2019, 8, 2), sex="F")
    mother = Person.objects.create(given_name="Jade", family_name="Smith", date_of_birth=dt.date(1996, 1, 9), sex="F")
    partner = Person.objects.create(given_name="Liam", family_name="Jones", date_of_birth=dt.date(1990, 5, 5), sex="M")
    stranger = Person.objects.create(given_name="Noah", family_name="Brown", date_of_birth=dt.date(2015, 2, 2), sex="M")
    home = Household.objects.create(address="1 Example Road", postcode="SV1 2AB", local_authority=la)
    for person in (child, mother, partner):
        HouseholdMember.objects.create(household=home, person=person, start=dt.date(2023, 1, 1))
    Relationship.objects.create(from_person=mother, to_person=child, type="parent")
    Involvement.objects.create(person=child, agency=csc, role="allocated_social_worker", start=dt.date(2025, 1, 1))
    Involvement.objects.create(person=mother, agency=gp, role="registered_gp", start=dt.date(2015, 1, 1))
    # The school's involvement has ended: it no longer gives a basis.
    Involvement.objects.create(
        person=child, agency=school, role="school_enrolment", start=dt.date(2023, 9, 1), end=dt.date(2024, 7, 20)
    )
    users = SimpleNamespace(
        social_worker=create_user("sw", ["social_worker"], "svc-csc", password="pw-social-worker-1", validate=False),
        gp=create_user("gp", ["partner_attendee"], "gp-svc-001", password="pw-gp-user-0001", validate=False),
        school=create_user("dsl", ["referrer"], "sch-svc-001", password="pw-school-dsl-1", validate=False),
        outsider=create_user("kbc", ["social_worker"], "kbc-csc", password="pw-outsider-001", validate=False),
        dpo=create_user("dpo", ["dpo"], "svc-csc", password="pw-dpo-user-0001", validate=False),
        admin=create_user("admin", ["system_admin"], password="pw-admin-user-01", validate=False),
    )
    return SimpleNamespace(
        child=child,
        mother=mother,
        partner=partner,
        stranger=stranger,
        home=home,
        csc=csc,
        gp=gp,
        school=school,
        other=other,
        users=users,
    )


@pytest.fixture
def client_for(client):
    """A test client signed in as the user, past two-factor (a confirmed device verified in the session)."""
    from django_otp import DEVICE_ID_SESSION_KEY
    from django_otp.plugins.otp_static.models import StaticDevice

    def sign_in(user):
        device, _ = StaticDevice.objects.get_or_create(user=user, name="test", defaults={"confirmed": True})
        client.force_login(user)
        session = client.session
        session[DEVICE_ID_SESSION_KEY] = device.persistent_id
        session.save()
        return client

    return sign_in
