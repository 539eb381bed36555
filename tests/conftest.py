"""Fixtures shared by every test package.

Tests run with MACP_TESTING=1 (set here before Django loads, and by `make test`), so two-factor authentication is
required as in production (MACP_REQUIRE_2FA defaults on unless MACP_DEMO is set). Use `signed_in` to get a test
client past the two-factor middleware.

Factories (each a fixture that returns a function, and needs the database):

    make_agency(code, type, la=None, name=None)        -> accounts.Agency
    make_user(username, roles, agency=None, password=)  -> accounts.User  (no password validation)
    api_client_for(user)                                -> django.test.Client sending "Authorization: Bearer …"
    signed_in(client, user)                             -> the client, signed in and two-factor verified
    default_password                                    -> the password make_user gives by default

Data:

    two_councils -> a namespace: Amelia Smith (child) known to one council's social care, her mother (known to a GP),
               mother's partner, a stranger, their home, agencies (csc, gp, school with an ended involvement, other:
               another council's social care) and users of involved and uninvolved agencies (users.social_worker,
               gp, school, outsider, dpo, admin)
    client_for(user) -> the `client`, signed in as the user past two-factor

    family  -> a namespace: child, mother, partner (no recorded relationship to the child), sibling, household,
               la, csc (children's social care, allocated social worker of the child), gp (the child's registered
               GP practice)
"""

import datetime as dt
import logging
import os
import types

os.environ.setdefault("MACP_TESTING", "1")

import pytest  # noqa: E402

from tests.accounts.factories import TEST_PASSWORD  # noqa: E402


@pytest.fixture(scope="session")
def django_db_modify_db_settings(django_db_modify_db_settings_parallel_suffix):
    """MACP_TEST_DB_SUFFIX=NAME names the PostgreSQL test database test_test_NAME instead of test_test, so that two
    suites can run against one server at once. Unset (as in CI), pytest-django's naming stands."""
    suffix = os.environ.get("MACP_TEST_DB_SUFFIX", "").strip()
    if not suffix:
        return
    from django.conf import settings

    for db in settings.DATABASES.values():
        if db["ENGINE"] == "django.db.backends.sqlite3":
            continue
        test = db.setdefault("TEST", {})
        test["NAME"] = f"{test.get('NAME') or 'test_' + db['NAME']}_{suffix}"


class _Collect(logging.Handler):
    def __init__(self):
        super().__init__(logging.ERROR)
        self.messages: list[str] = []

    def emit(self, record):
        self.messages.append(record.getMessage())


@pytest.fixture(autouse=True)
def fresh_rate_limits():
    """Rate limits count in the cache, which outlives a test: each test starts with none counted."""
    from django.core.cache import cache

    cache.clear()


@pytest.fixture(autouse=True)
def no_missing_values_printed():
    """Fail any test during which a template printed a missing value (macp.core.jinja2.EmptyUndefined logs it; the
    page still shows nothing there). Catches pages rendered by the live server's thread too."""
    handler = _Collect()
    logger = logging.getLogger("macp.templates")
    logger.addHandler(handler)
    yield handler
    logger.removeHandler(handler)
    if handler.messages:
        pytest.fail("A template printed missing values:\n" + "\n".join(sorted(set(handler.messages))))


@pytest.fixture
def default_password():
    """The password make_user gives when none is named."""
    return TEST_PASSWORD


@pytest.fixture
def make_agency(db):
    """make_agency(code, type, la=None, name=None): an Agency.

    `type` is an AgencyType value ("police", "gp_practice", …). `la` is a LocalAuthority, or a code for one
    (made when missing), or None for an agency that serves several councils. Asking twice for one code returns
    the same agency.
    """
    from macp.accounts.models import Agency, AgencyType, LocalAuthority

    def make(code: str, type: str = AgencyType.CHILDRENS_SOCIAL_CARE, la=None, name: str | None = None) -> Agency:
        if isinstance(la, str):
            la, _ = LocalAuthority.objects.get_or_create(code=la, defaults={"name": la.replace("-", " ").title()})
        agency, _ = Agency.objects.get_or_create(
            code=code,
            defaults={
                "name": name or code.replace("-", " ").replace("_", " ").title(),
                "type": type,
                "local_authority": la,
            },
        )
        return agency

    return make


@pytest.fixture
def agency_factory(make_agency):
    """Another name for make_agency."""
    return make_agency


@pytest.fixture
def make_user(db):
    """make_user(username, roles, agency=None, password=TEST_PASSWORD, **kwargs): a User with those roles.

    `roles` is a Role code or a list of them ("social_worker", …). `agency` is an Agency or an agency code.
    Only a system_admin may have no agency. Extra keyword arguments go to accounts.services.create_user
    (team, first_name, last_name, email, job_title).
    """
    from macp.accounts.services import create_user

    def make(username: str, roles, agency=None, password: str = TEST_PASSWORD, **kwargs):
        if isinstance(roles, str):
            roles = [roles]
        agency_code = getattr(agency, "code", agency)
        return create_user(username, list(roles), agency_code, password=password, validate=False, **kwargs)

    return make


@pytest.fixture
def api_client_for(db):
    """api_client_for(user): a test Client that sends a fresh bearer token for the user with every request."""
    from django.test import Client

    from macp.accounts.services import issue_api_token

    def make(user) -> Client:
        token = issue_api_token(user.username)
        client = Client(HTTP_AUTHORIZATION=f"Bearer {token}")
        client.token = token
        return client

    return make


def otp_device_for(user):
    """A confirmed django-otp static device for the user (made once), for marking sessions as verified."""
    from django_otp.plugins.otp_static.models import StaticDevice

    device, _ = StaticDevice.objects.get_or_create(user=user, name="test device", defaults={"confirmed": True})
    return device


@pytest.fixture
def signed_in(db):
    """signed_in(client, user): sign the client in as the user, two-factor verified; returns the client.

    Equivalent to signing in with a password and entering a valid code, without going through the pages.
    """
    from django_otp import DEVICE_ID_SESSION_KEY

    def sign_in(client, user):
        client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
        session = client.session
        session[DEVICE_ID_SESSION_KEY] = otp_device_for(user).persistent_id
        session.save()
        return client

    return sign_in


@pytest.fixture
def family(db, make_agency):
    """A small family in one household, with two agencies involved with the child.

    - child (Amelia Hughes, 7), mother (Sarah Hughes), sibling (Jack Hughes, 12): mother is parent of both;
    - partner (Daniel Price): mother's partner, living with them, with NO recorded relationship to the child, so
      the child's record shows him as "Relationship not known";
    - child registered with the GP practice `gp`; child has an allocated social worker from `csc`.
    Nobody else is involved: any other agency is uninvolved.
    """
    from macp.accounts.models import AgencyType
    from macp.people.models import Ethnicity, InvolvementRole, RelationshipType, Sex
    from tests.people.factories import (
        HouseholdFactory,
        HouseholdMemberFactory,
        InvolvementFactory,
        PersonFactory,
        RelationshipFactory,
    )

    today = dt.date.today()
    csc = make_agency(
        "test-csc", AgencyType.CHILDRENS_SOCIAL_CARE, la="test-council", name="Testshire Children's Services"
    )
    la = csc.local_authority
    gp = make_agency("test-gp", AgencyType.GP_PRACTICE, la=la, name="Riverside Surgery")

    def person(given, family_name, sex, years):
        born = today.replace(year=today.year - years, day=1)
        return PersonFactory(
            given_name=given, family_name=family_name, sex=sex, date_of_birth=born, ethnicity=Ethnicity.WBRI, named=True
        )

    child = person("Amelia", "Hughes", Sex.FEMALE, 7)
    mother = person("Sarah", "Hughes", Sex.FEMALE, 31)
    partner = person("Daniel", "Price", Sex.MALE, 35)
    sibling = person("Jack", "Hughes", Sex.MALE, 12)

    household = HouseholdFactory(address="14 Mill Lane, Testbury", postcode="TE1 4ML", local_authority=la)
    moved_in = today - dt.timedelta(days=400)
    for member in (child, mother, partner, sibling):
        HouseholdMemberFactory(household=household, person=member, start=moved_in)

    RelationshipFactory(from_person=mother, to_person=child, type=RelationshipType.PARENT)
    RelationshipFactory(from_person=mother, to_person=sibling, type=RelationshipType.PARENT)
    RelationshipFactory(from_person=sibling, to_person=child, type=RelationshipType.SIBLING)
    RelationshipFactory(from_person=mother, to_person=partner, type=RelationshipType.PARTNER)

    since = today - dt.timedelta(days=200)
    InvolvementFactory(person=child, agency=gp, role=InvolvementRole.REGISTERED_GP, start=since)
    InvolvementFactory(
        person=child, agency=csc, role=InvolvementRole.ALLOCATED_SOCIAL_WORKER, start=since, worker_name="Priya Shah"
    )

    return types.SimpleNamespace(
        child=child, mother=mother, partner=partner, sibling=sibling, household=household, la=la, csc=csc, gp=gp
    )


@pytest.fixture
def two_councils(db):
    """Two councils' agencies, a family known to one GP and one council, and users of involved and uninvolved agencies
    (the need-to-know world of the access and people tests)."""
    from macp.accounts.models import Agency, LocalAuthority
    from macp.accounts.services import create_user
    from tests.people.factories import (
        HouseholdFactory,
        HouseholdMemberFactory,
        InvolvementFactory,
        PersonFactory,
        RelationshipFactory,
    )

    la = LocalAuthority.objects.create(code="svc", name="Severn Vale Council")
    csc = Agency.objects.create(
        code="svc-csc", name="Severn Vale Children's Services", type="childrens_social_care", local_authority=la
    )
    gp = Agency.objects.create(code="gp-svc-001", name="Riverside Surgery", type="gp_practice", local_authority=la)
    school = Agency.objects.create(code="sch-svc-001", name="Hillside Primary", type="school", local_authority=la)
    other = Agency.objects.create(code="kbc-csc", name="Kingsmoor Children's Services", type="childrens_social_care")
    child = PersonFactory(given_name="Amelia", family_name="Smith", date_of_birth=dt.date(2019, 8, 2), sex="F")
    mother = PersonFactory(given_name="Jade", family_name="Smith", date_of_birth=dt.date(1996, 1, 9), sex="F")
    partner = PersonFactory(given_name="Liam", family_name="Jones", date_of_birth=dt.date(1990, 5, 5), sex="M")
    stranger = PersonFactory(given_name="Noah", family_name="Brown", date_of_birth=dt.date(2015, 2, 2), sex="M")
    home = HouseholdFactory(address="1 Example Road", postcode="SV1 2AB", local_authority=la)
    for person in (child, mother, partner):
        HouseholdMemberFactory(household=home, person=person, start=dt.date(2023, 1, 1))
    RelationshipFactory(from_person=mother, to_person=child, type="parent")
    InvolvementFactory(person=child, agency=csc, role="allocated_social_worker", start=dt.date(2025, 1, 1))
    InvolvementFactory(person=mother, agency=gp, role="registered_gp", start=dt.date(2015, 1, 1))
    # The school's involvement has ended: it no longer gives a basis.
    InvolvementFactory(
        person=child, agency=school, role="school_enrolment", start=dt.date(2023, 9, 1), end=dt.date(2024, 7, 20)
    )
    users = types.SimpleNamespace(
        social_worker=create_user("sw", ["social_worker"], "svc-csc", password="pw-social-worker-1", validate=False),
        gp=create_user("gp", ["partner_attendee"], "gp-svc-001", password="pw-gp-user-0001", validate=False),
        school=create_user("dsl", ["referrer"], "sch-svc-001", password="pw-school-dsl-1", validate=False),
        outsider=create_user("kbc", ["social_worker"], "kbc-csc", password="pw-outsider-001", validate=False),
        dpo=create_user("dpo", ["dpo"], "svc-csc", password="pw-dpo-user-0001", validate=False),
        admin=create_user("admin", ["system_admin"], password="pw-admin-user-01", validate=False),
    )
    return types.SimpleNamespace(
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
def client_for(client, signed_in):
    """client_for(user): the `client`, signed in as the user past two-factor (one client: signing in again switches
    user)."""
    return lambda user: signed_in(client, user)


@pytest.fixture
def investigation(family, make_agency, make_user, api_client_for):
    """The `family` after a finalised strategy discussion (through the API, CONTRACTS.md §7) that decided a joint
    section 47 enquiry for the child (Amelia) and none for her brother (Jack).

    Namespace: family, police, health (core agencies), team, manager (team manager, test-csc, in `team`),
    social_worker (test-csc, in `team`), investigator (police_investigator, test-police), chair (test-csc),
    discussion_id, and api(user) -> an API client for that user.
    """
    from macp.accounts.models import AgencyType, Team
    from macp.people.models import Involvement, InvolvementRole
    from macp.strategy.models import StrategyDiscussion

    police = make_agency("test-police", AgencyType.POLICE, la=family.la, name="Testshire Police")
    health = make_agency("test-health", AgencyType.COMMUNITY_HEALTH, la=family.la, name="Testshire Community Health")
    team = Team.objects.create(agency=family.csc, code="area-1", name="Area team 1")
    manager = make_user("tm", "team_manager", family.csc, team=team, first_name="Tara", last_name="Manning")
    social_worker = make_user("sw", "social_worker", family.csc, team=team, first_name="Sam", last_name="Worker")
    investigator = make_user("pi", "police_investigator", police, first_name="Dee", last_name="Constable")
    chair = make_user("chair1", "chair", family.csc, first_name="Cho", last_name="Chair")
    clients = {}

    def api(user):
        if user.pk not in clients:
            clients[user.pk] = api_client_for(user)
        return clients[user.pk]

    def post(user, url, body):
        response = api(user).post(url, body, content_type="application/json")
        assert response.status_code in (200, 201), (url, response.json())
        return response.json()

    # Social care knows Jack too: asking about a child needs a basis for that child (issue 8).
    Involvement.objects.create(
        person=family.sibling, agency=family.csc, role=InvolvementRole.OTHER, start=dt.date(2024, 1, 1)
    )
    sd = post(
        manager,
        "/api/v1/strategy-discussions",
        {
            "children": [str(family.child.pk), str(family.sibling.pk)],
            "reason": "Amelia has a bruise she says Daniel caused",
        },
    )["id"]
    base = f"/api/v1/strategy-discussions/{sd}"
    post(chair, f"{base}/schedule", {"at": (dt.datetime.now(dt.UTC) + dt.timedelta(hours=1)).isoformat()})
    for agency, name, role in (
        (family.csc.code, "Cho Chair", "chair"),
        (family.csc.code, "Min Taker", "minute_taker"),
        (police.code, "DC Constable", "attendee"),
        (health.code, "Named nurse", "attendee"),
    ):
        post(chair, f"{base}/attendance", {"agency": agency, "name": name, "role": role, "attended": True})
    # Every invited agency's attendance is recorded before finalising, the GP's included (issue 8).
    for agency in {i["agency"] for i in api(chair).get(f"{base}/invitations").json()} - {
        family.csc.code,
        police.code,
        health.code,
    }:
        post(
            chair,
            f"{base}/attendance",
            {"agency": agency, "name": "Not able to attend", "role": "attendee", "attended": False},
        )
    for agency, name, role in ():
        post(chair, f"{base}/attendance", {"agency": agency, "name": name, "role": role, "attended": True})
    post(
        chair,
        f"{base}/decisions",
        {
            "child": str(family.child.pk),
            "significant_harm": "met",
            "section_47": True,
            "rationale": "Bruise and disclosure",
            "safety_plan": "Daniel leaves the home",
            "enquiry": "joint",
            "lead_agency": police.code,
            "abe_interview": True,
            "cp_medical": True,
            "if_medical_inconclusive": "Second opinion from the paediatric lead",
        },
    )
    post(
        chair,
        f"{base}/decisions",
        {
            "child": str(family.sibling.pk),
            "significant_harm": "not_met",
            "section_47": False,
            "rationale": "No concerns about Jack",
        },
    )
    post(chair, f"{base}/genogram", {"confirmed": True})
    post(chair, f"{base}/finalise", {})
    assert StrategyDiscussion.objects.get(pk=sd).status == "finalised"
    return types.SimpleNamespace(
        family=family,
        police=police,
        health=health,
        team=team,
        manager=manager,
        social_worker=social_worker,
        investigator=investigator,
        chair=chair,
        discussion_id=sd,
        api=api,
    )
