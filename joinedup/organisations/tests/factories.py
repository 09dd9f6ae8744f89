import factory

from joinedup.organisations.models import (
    Nation,
    Organisation,
    OrganisationKind,
    Person,
    Post,
    PostKind,
    Role,
    User,
)


class OrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organisation
        django_get_or_create = ["code"]

    code = factory.Sequence(lambda n: f"E07{n:06d}")
    name = factory.Sequence(lambda n: f"Council {n}")
    kind = OrganisationKind.DISTRICT
    nation = Nation.ENGLAND
    population = 100000

    class Params:
        scottish = factory.Trait(
            code=factory.Sequence(lambda n: f"S12{n:06d}"),
            kind=OrganisationKind.SCOTTISH_COUNCIL,
            nation=Nation.SCOTLAND,
        )


class PersonFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Person

    organisation = factory.SubFactory(OrganisationFactory)
    name = factory.Sequence(lambda n: f"Person {n}")
    email = factory.Sequence(lambda n: f"person{n}@council.example")
    phone = "01234 567890"


class PostFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Post

    person = factory.SubFactory(PersonFactory)
    kind = PostKind.OFFICER


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User

    username = factory.Sequence(lambda n: f"user{n}")
    organisation = factory.SubFactory(OrganisationFactory)
    role = Role.OFFICER
    password = factory.django.Password("a-good-long-password")

    class Params:
        member = factory.Trait(role=Role.ELECTED_MEMBER)
        public = factory.Trait(role=Role.PUBLIC, organisation=None)
        administrator = factory.Trait(is_superuser=True, is_staff=True)
