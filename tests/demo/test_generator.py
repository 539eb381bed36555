"""The synthetic demo region (macp demo-data): determinism, sign-ins, reference data, family patterns, access."""

import collections
import datetime as dt
import re

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command
from django.db.models import Count, Q
from django.urls import reverse

from macp.access.models import Basis
from macp.access.services import basis_for, visible_people
from macp.accounts.models import Agency, AgencyType, LocalAuthority, Role, Team, User
from macp.core import nhs_number
from macp.demo import generator, reference
from macp.demo.services import build_demo_region
from macp.identity.models import Link
from macp.identity.services import person_for_source_record, source_records_for
from macp.intake.models import SourceRecord
from macp.people.models import (
    Event,
    Household,
    HouseholdMember,
    Involvement,
    InvolvementRole,
    NameKind,
    Person,
    Relationship,
    RelationshipType,
)
from macp.people.services import UNKNOWN_RELATIONSHIP, family_picture

ANCHOR = generator.ANCHOR_DATE


def fingerprint(plans):
    """Everything a person would notice about the families, without database ids."""
    return [
        (
            plan.la,
            plan.shape,
            [
                (p.given, p.middle, p.family, p.sex, p.dob, p.edd, p.dod, p.ethnicity, p.nhs, p.names)
                for p in plan.persons
            ],
            plan.relationships,
            [(h.address, h.postcode, h.members) for h in plan.households],
            plan.involvements,
            plan.events,
        )
        for plan in plans
    ]


def people_in_db():
    return sorted(
        Person.objects.values_list(
            "given_name", "family_name", "date_of_birth", "expected_date_of_birth", "sex", "nhs_number"
        ),
        key=lambda row: tuple("" if v is None else str(v) for v in row),
    )


def relationships_in_db():
    """Relationships by the parties' source ids, which are stable across runs (person UUIDs are not)."""
    source_of = dict(Link.objects.values_list("person_id", "source_record__source_id"))
    return sorted(
        (source_of[f], source_of[t], type_, start, end)
        for f, t, type_, start, end in Relationship.objects.values_list(
            "from_person_id", "to_person_id", "type", "start", "end"
        )
    )


# ------------------------------------------------------------------------------------------------ determinism


def test_same_seed_plans_the_same_families_and_another_seed_does_not():
    first = generator.plan_families(11, range(40))
    again = generator.plan_families(11, range(40))
    other = generator.plan_families(12, range(40))
    assert fingerprint(first) == fingerprint(again)
    names = [(p.given, p.family, p.dob) for plan in first for p in plan.persons]
    other_names = [(p.given, p.family, p.dob) for plan in other for p in plan.persons]
    assert names != other_names
    # Not merely shuffled: most people differ.
    assert len(set(names) & set(other_names)) < len(names) / 10


def test_dates_come_from_the_today_argument_not_the_clock():
    assert fingerprint(generator.plan_families(11, range(10))) == fingerprint(
        generator.plan_families(11, range(10), today=ANCHOR)
    )
    later = ANCHOR + dt.timedelta(days=400)
    plans = generator.plan_families(11, range(30), today=later)
    dobs = [p.dob for plan in plans for p in plan.persons if p.dob]
    assert max(dobs) <= later and max(dobs) > ANCHOR  # babies born after the default anchor: the argument counts
    assert all(p.edd > later for plan in plans for p in plan.persons if p.edd)
    assert all(start <= later for plan in plans for _, _, _, _, start, _, _ in plan.involvements if start)
    assert all(e[2].date() <= later for plan in plans for e in plan.events)


@pytest.mark.django_db
def test_database_holds_exactly_what_the_seed_plans():
    reference.ensure_reference_data()
    generator.generate_families(12, seed=5)
    plans = generator.plan_families(5, range(12))
    planned = sorted(
        ((p.given, p.family, p.dob, p.edd, p.sex, p.nhs) for plan in plans for p in plan.persons),
        key=lambda row: tuple("" if v is None else str(v) for v in row),
    )
    assert people_in_db() == planned
    planned_rels = sorted(
        (plan.source_id(a), plan.source_id(b), t, s, e) for plan in plans for a, b, t, s, e in plan.relationships
    )
    assert relationships_in_db() == planned_rels


@pytest.mark.django_db
def test_adding_families_later_equals_making_them_all_at_once():
    reference.ensure_reference_data()
    generator.generate_families(7, seed=9)
    assert generator.existing_family_count() == 7
    generator.generate_families(7, seed=9)  # carries on at family 7
    people, rels = people_in_db(), relationships_in_db()
    Link.objects.all().delete()
    SourceRecord.objects.all().delete()
    Person.objects.all().delete()
    generator.generate_families(14, seed=9)
    assert people_in_db() == people
    assert relationships_in_db() == rels


# ------------------------------------------------------------------------------------------ reference data


@pytest.mark.django_db
def test_reference_data_and_users_are_idempotent():
    first = build_demo_region(families=0)
    counts = (LocalAuthority.objects.count(), Agency.objects.count(), Team.objects.count(), User.objects.count())
    second = build_demo_region(families=0)
    assert first.created_reference["agencies"] == len(reference.AGENCIES) and first.created_users == len(Role.values)
    assert second.created_reference == {"local_authorities": 0, "agencies": 0, "teams": 0} and second.created_users == 0
    assert (
        LocalAuthority.objects.count(),
        Agency.objects.count(),
        Team.objects.count(),
        User.objects.count(),
    ) == counts
    assert counts[0] == 3


@pytest.mark.django_db
def test_agencies_cover_every_type_with_fictional_addresses():
    reference.ensure_reference_data()
    agencies = list(Agency.objects.select_related("local_authority"))
    assert {a.type for a in agencies} == set(AgencyType.values)
    assert all(a.email.endswith(".invalid") for a in agencies)
    by_code = {a.code: a for a in agencies}
    for shared in ("police-wessex-vale", "edt-tri-council", "probation-wessex-vale"):
        assert by_code[shared].local_authority is None
    for la in ("svc", "kbc", "adc"):
        csc = by_code[f"{la}-csc"]
        assert csc.local_authority.code == la and csc.type == AgencyType.CHILDRENS_SOCIAL_CARE
        assert {"front-door", "child-protection"} <= set(csc.teams.values_list("code", flat=True))
        assert csc.teams.count() >= 5  # front door, two area teams, child protection, quality assurance
        assert by_code[f"housing-{la}"].local_authority.code == la
    assert sum(a.type == AgencyType.GP_PRACTICE for a in agencies) == 8
    assert sum(a.type == AgencyType.SCHOOL for a in agencies) == 12
    assert (
        sum(a.type == AgencyType.MIDWIFERY for a in agencies)
        == sum(a.type == AgencyType.ACUTE_TRUST for a in agencies)
        == 2
    )


# --------------------------------------------------------------------------------------------------- users


@pytest.mark.django_db
def test_every_role_has_a_demo_user_who_can_sign_in(client):
    build_demo_region(families=0)
    for role in Role.values:
        username = role.replace("_", "-")
        user = User.objects.get(username=username)
        assert user.has_role(role)
        response = client.post(reverse("accounts:sign_in"), {"username": username, "password": settings.DEMO_PASSWORD})
        assert response.status_code == 302, username
        assert client.session["_auth_user_id"] == str(user.pk)
        client.logout()
    expected_types = {
        "referrer": AgencyType.SCHOOL,
        "social-worker": AgencyType.CHILDRENS_SOCIAL_CARE,
        "front-door-manager": AgencyType.CHILDRENS_SOCIAL_CARE,
        "police-investigator": AgencyType.POLICE,
        "edt-worker": AgencyType.EDT,
    }
    for username, agency_type in expected_types.items():
        assert User.objects.get(username=username).agency.type == agency_type
    assert User.objects.get(username="front-door-practitioner").team.code == "front-door"
    admin = User.objects.get(username="system-admin")
    assert admin.agency is None and admin.is_staff
    assert User.objects.get(username="partner-attendee").agency.type in (AgencyType.GP_PRACTICE, AgencyType.POLICE)
    bad = client.post(reverse("accounts:sign_in"), {"username": "chair", "password": "not the password"})
    assert bad.status_code == 400


@pytest.mark.django_db
def test_demo_sign_in_works_with_the_production_password_hasher(client, settings):
    from macp.config import settings as project

    settings.PASSWORD_HASHERS = project.PASSWORD_HASHERS  # back to the project's setting (Argon2)
    reference.ensure_reference_data()
    reference.ensure_demo_users()
    user = User.objects.get(username="social-worker")
    assert user.password.startswith("argon2")
    response = client.post(
        reverse("accounts:sign_in"), {"username": "social-worker", "password": settings.DEMO_PASSWORD}
    )
    assert response.status_code == 302 and client.session["_auth_user_id"] == str(user.pk)


# ------------------------------------------------------------------------------------------ family patterns


def current_members():
    households = collections.defaultdict(set)
    for household, person in HouseholdMember.objects.filter(Q(end__isnull=True) | Q(end__gte=ANCHOR)).values_list(
        "household_id", "person_id"
    ):
        households[household].add(person)
    return households


def parents_of():
    parents = collections.defaultdict(set)
    for parent, child in Relationship.objects.filter(type=RelationshipType.PARENT).values_list(
        "from_person_id", "to_person_id"
    ):
        parents[child].add(parent)
    return parents


@pytest.mark.django_db
def test_default_run_has_sixty_families_and_the_patterns_the_reviews_describe(demo_region):
    assert demo_region.written.families == generator.DEFAULT_FAMILIES == 60
    assert generator.existing_family_count() == 60
    people = {p.pk: p for p in Person.objects.all()}
    parents = parents_of()

    # An unborn baby: expected date only, maternity involved with baby and mother.
    unborn = [p for p in people.values() if p.is_unborn]
    assert unborn
    for baby in unborn:
        assert baby.expected_date_of_birth > ANCHOR
        assert baby.involvements.filter(role=InvolvementRole.MIDWIFE, agency__type=AgencyType.MIDWIFERY).exists()
        mothers = [people[m] for m in parents[baby.pk] if people[m].sex == "F"]
        assert len(mothers) == 1 and mothers[0].involvements.filter(role=InvolvementRole.MIDWIFE).exists()
        assert baby.names.filter(kind=NameKind.ALIAS, given_name="Baby").exists()

    # Twins: same date of birth, same mother; at least one pair of the same sex.
    twins = [
        (a, b)
        for a in people.values()
        for b in people.values()
        if a.pk < b.pk
        and a.date_of_birth
        and a.date_of_birth == b.date_of_birth
        and parents[a.pk]
        and parents[a.pk] & parents[b.pk]
    ]
    assert twins

    # Half-siblings: recorded as such, and sharing one parent but not both.
    halves = Relationship.objects.filter(type=RelationshipType.HALF_SIBLING).values_list(
        "from_person_id", "to_person_id"
    )
    assert halves
    assert any(parents[a] & parents[b] and parents[a] != parents[b] for a, b in halves)

    # A man living with the children whom nobody has recorded a relationship for: shown as not known.
    related = set()
    for a, b in Relationship.objects.values_list("from_person_id", "to_person_id"):
        related |= {(a, b), (b, a)}
    sixteen, eighteen = ANCHOR.replace(year=ANCHOR.year - 16), ANCHOR.replace(year=ANCHOR.year - 18)
    unknown = []
    for members in current_members().values():
        children = [m for m in members if people[m].date_of_birth and people[m].date_of_birth > sixteen]
        adults = [
            m
            for m in members
            if people[m].date_of_birth is None
            and not people[m].is_unborn
            or people[m].date_of_birth
            and people[m].date_of_birth < eighteen
        ]
        unknown += [(c, a) for c in children for a in adults if (c, a) not in related]
    assert unknown
    for child, adult in unknown[:5]:
        labels = {r.person.pk: r.label for h in family_picture(people[child]).households_now for r in h.members}
        assert labels[adult] == UNKNOWN_RELATIONSHIP

    # Parents registered at different GP practices.
    gp_of = dict(
        Involvement.objects.filter(role=InvolvementRole.REGISTERED_GP, end__isnull=True).values_list(
            "person_id", "agency__code"
        )
    )
    different = [c for c, ps in parents.items() if len(ps) == 2 and len({gp_of.get(p) for p in ps} - {None}) == 2]
    assert different

    # Grandparents, step-parents, ex-partners, a death, a move with an ended household membership.
    types = set(Relationship.objects.values_list("type", flat=True))
    assert {
        RelationshipType.GRANDPARENT,
        RelationshipType.STEP_PARENT,
        RelationshipType.EX_PARTNER,
        RelationshipType.PARTNER,
        RelationshipType.SIBLING,
    } <= types
    assert any(p.date_of_death for p in people.values())
    assert HouseholdMember.objects.filter(end__lt=ANCHOR).exists()


@pytest.mark.django_db
def test_nhs_numbers_are_synthetic_unique_and_valid_except_the_deliberate_mistakes(demo_region):
    rows = list(Person.objects.values_list("nhs_number", "nhs_number_valid", "date_of_birth", "expected_date_of_birth"))
    numbers = [n for n, *_ in rows if n]
    assert all(re.fullmatch(r"999\d{7}", n) for n in numbers)
    assert len(numbers) == len(set(numbers))
    for number, valid, *_ in rows:
        assert valid == nhs_number.is_valid(number)
        if number and valid:
            assert nhs_number.check_digit(number[:9]) == int(number[9])
    invalid = [n for n, valid, *_ in rows if n and not valid]
    assert 0 < len(invalid) < len(numbers) * 0.06
    adults_without = [n for n, _, dob, _ in rows if not n and dob and dob < ANCHOR.replace(year=ANCHOR.year - 18)]
    assert adults_without
    # Unborn babies have no number yet; every child born has one.
    assert all(not n for n, _, dob, edd in rows if edd)
    assert all(n for n, _, dob, _ in rows if dob and dob > ANCHOR.replace(year=ANCHOR.year - 16))


@pytest.mark.django_db
def test_each_person_has_a_name_a_source_record_and_a_demo_link(demo_region):
    people = Person.objects.annotate(records=Count("links")).select_related()
    assert people.count() > 200
    for person in people[:80]:
        assert person.records == 1
        record = source_records_for(person)[0]
        assert record.kind == SourceRecord.Kind.PERSON and re.fullmatch(r"P\d{9}", record.source_id)
        assert person_for_source_record(record.agency.code, record.source_id) == person
        assert record.data["given_name"] == person.given_name and record.data["sex"] == person.sex
        if not person.is_unborn:
            assert person.names.filter(
                kind=NameKind.CURRENT, given_name=person.given_name, family_name=person.family_name
            ).exists()
    assert Link.objects.exclude(method=Link.Method.DEMO).count() == 0
    assert Person.objects.filter(names__kind=NameKind.PREVIOUS).exists()
    assert Person.objects.filter(names__kind=NameKind.ALIAS, date_of_birth__isnull=False).exists()


@pytest.mark.django_db
def test_households_have_fictional_postcodes_in_their_council(demo_region):
    area = {"svc": "SV", "kbc": "KM", "adc": "AD"}
    for postcode, la in Household.objects.values_list("postcode", "local_authority__code"):
        assert re.fullmatch(r"(SV|KM|AD)\d \d[A-Z]{2}", postcode)
        assert postcode.startswith(area[la])


@pytest.mark.django_db
def test_events_come_from_the_right_kind_of_agency_within_two_years(demo_region):
    allowed = {
        "domestic_abuse_incident": {AgencyType.POLICE},
        "missing_episode": {AgencyType.POLICE},
        "arrest": {AgencyType.POLICE},
        "was_not_brought": {AgencyType.GP_PRACTICE, AgencyType.COMMUNITY_HEALTH, AgencyType.ACUTE_TRUST},
        "pregnancy_booked": {AgencyType.MIDWIFERY},
        "birth": {AgencyType.MIDWIFERY},
        "school_exclusion": {AgencyType.SCHOOL},
        "referral_nfa": {AgencyType.CHILDRENS_SOCIAL_CARE},
        "referral": {AgencyType.CHILDRENS_SOCIAL_CARE},
        "injury": {AgencyType.SCHOOL, AgencyType.GP_PRACTICE, AgencyType.ACUTE_TRUST},
        "hospital_attendance": {AgencyType.ACUTE_TRUST},
        "home_conditions_concern": {
            AgencyType.HOUSING,
            AgencyType.COMMUNITY_HEALTH,
            AgencyType.POLICE,
            AgencyType.SCHOOL,
        },
    }
    events = list(Event.objects.select_related("agency").annotate(people=Count("persons")))
    assert len({e.type for e in events}) >= 6
    for event in events:
        assert event.agency.type in allowed[event.type], (event.type, event.agency.code)
        assert event.people >= 1 and event.summary
        assert event.occurred_at.date() <= ANCHOR + dt.timedelta(days=1)
        assert event.occurred_at.date() >= ANCHOR - dt.timedelta(days=2 * 366)


# ------------------------------------------------------------------------------------------------ access


@pytest.mark.django_db
def test_demo_users_who_work_with_children_can_see_them(demo_region):
    social_worker = User.objects.get(username="social-worker")
    visible = visible_people(social_worker)
    children = visible.filter(date_of_birth__gt=ANCHOR.replace(year=ANCHOR.year - 18))
    assert children.count() >= 10
    allocated = Involvement.objects.filter(
        agency=social_worker.agency, role=InvolvementRole.ALLOCATED_SOCIAL_WORKER, end__isnull=True
    ).values_list("person_id", flat=True)
    assert set(allocated) <= set(visible.values_list("pk", flat=True))
    assert basis_for(social_worker, children.first())[0] in (Basis.INVOLVEMENT, Basis.HOUSEHOLD)
    for username in ("police-investigator", "referrer", "partner-attendee"):
        assert visible_people(User.objects.get(username=username)).count() >= 3, username
    assert demo_region.visible["social-worker"] == visible.count()


@pytest.mark.django_db
def test_out_of_area_family_is_known_only_to_another_councils_childrens_services(demo_region, api_client_for):
    child = demo_region.out_of_area
    assert child is not None and child.date_of_birth
    household = {child.pk} | set(
        HouseholdMember.objects.filter(
            household__in=child.household_memberships.filter(end__isnull=True).values("household"), end__isnull=True
        ).values_list("person_id", flat=True)
    )
    agencies = set(
        Involvement.objects.filter(person__in=household, end__isnull=True).values_list("agency__code", flat=True)
    )
    assert "adc-csc" in agencies
    demo_agencies = {u.agency.code for u in User.objects.exclude(agency=None)}
    assert not agencies & demo_agencies
    for user in User.objects.all():
        assert basis_for(user, child)[0] == Basis.DENIED, user.username
    response = api_client_for(User.objects.get(username="social-worker")).get(f"/api/v1/people/{child.pk}")
    assert response.status_code == 403
    allowed = api_client_for(User.objects.get(username="social-worker")).get(
        f"/api/v1/people/{region_child_of_home_council().pk}"
    )
    assert allowed.status_code == 200
    assert allowed.json()["source_records"]


def region_child_of_home_council():
    return (
        Person.objects.filter(
            involvements__agency__code="svc-csc", involvements__end__isnull=True, date_of_birth__isnull=False
        )
        .order_by("date_of_birth")
        .first()
    )


# ------------------------------------------------------------------------------------------------ command


@pytest.mark.django_db
def test_command_adds_families_and_prints_a_summary(settings, capsys):
    settings.DEMO_MODE = True
    call_command("demo_data", families=4, seed=3)
    out, err = capsys.readouterr()
    assert "Added 4 families" in out and "social-worker" in out and settings.DEMO_PASSWORD in out
    assert "families 4/4" in err and "families 4/4" not in out  # progress on stderr, summary on stdout
    call_command("demo_data")  # families already there: nothing added by default
    out, _ = capsys.readouterr()
    assert "No families added" in out
    assert generator.existing_family_count() == 4


@pytest.mark.django_db
def test_command_refuses_to_run_outside_the_demo(settings):
    settings.DEMO_MODE = False
    settings.DEBUG = False
    with pytest.raises(CommandError, match="MACP_DEMO"):
        call_command("demo_data", families=1)
    assert not User.objects.exists()
