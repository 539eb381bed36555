"""factory_boy factories for the people models: a person (with the name history row the pages read), a household,
membership, relationship and involvement. Defaults are the unremarkable case; tests name what matters to them.

    child = PersonFactory(given_name="Amelia", family_name="Hughes", sex=Sex.FEMALE, date_of_birth=...)
    HouseholdMemberFactory(household=home, person=child, start=...)
"""

import datetime as dt

import factory

from macp.people.models import (
    Ethnicity,
    Household,
    HouseholdMember,
    Involvement,
    Person,
    PersonName,
    Relationship,
    Sex,
)


class PersonFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Person
        skip_postgeneration_save = True

    given_name = factory.Sequence(lambda n: f"Given{n}")
    family_name = "Testperson"
    sex = Sex.UNKNOWN
    date_of_birth = dt.date(2015, 1, 1)
    ethnicity = Ethnicity.NOBT

    @factory.post_generation
    def named(person, create, extracted, **kwargs):
        """`named=True` also records the current name in the name history (as the linker does)."""
        if create and extracted:
            PersonName.objects.create(person=person, given_name=person.given_name, family_name=person.family_name)


class HouseholdFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Household

    address = factory.Sequence(lambda n: f"{n + 1} Example Road")
    postcode = "SV1 2AB"


class HouseholdMemberFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = HouseholdMember

    household = factory.SubFactory(HouseholdFactory)
    person = factory.SubFactory(PersonFactory)
    start = dt.date(2023, 1, 1)


class RelationshipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Relationship

    from_person = factory.SubFactory(PersonFactory)
    to_person = factory.SubFactory(PersonFactory)


class InvolvementFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Involvement

    person = factory.SubFactory(PersonFactory)
    start = dt.date(2024, 1, 1)
