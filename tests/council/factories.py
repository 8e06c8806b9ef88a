"""Factories of the council's models (pages through wagtail-factories)."""
import datetime

import factory
import wagtail_factories
from django.utils import timezone

from sessions.models import (
    Committee,
    Convocation,
    DecisionIndexPage,
    DecisionPage,
    DeputyIndexPage,
    DeputyPage,
    DraftDecisionIndexPage,
    DraftDecisionPage,
    ElectoralDistrict,
    Faction,
    SessionIndexPage,
    SessionPage,
)


def square(west, south, size=0.01) -> dict:
    ring = [[west, south], [west + size, south], [west + size, south + size], [west, south + size], [west, south]]
    return {"type": "Polygon", "coordinates": [ring]}


class ConvocationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Convocation
        django_get_or_create = ("number",)

    number = 8
    label = "VIII скликання"
    date_from = datetime.date(2020, 11, 26)
    is_current = True


class FactionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Faction

    convocation = factory.SubFactory(ConvocationFactory)
    name = factory.Sequence(lambda n: f"Фракція {n}")
    short_name = factory.Sequence(lambda n: f"Ф{n}")
    slug = factory.Sequence(lambda n: f"fraktsiia-{n}")


class CommitteeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Committee

    convocation = factory.SubFactory(ConvocationFactory)
    name = factory.Sequence(lambda n: f"Постійна комісія {n}")
    slug = factory.Sequence(lambda n: f"komisiia-{n}")


class DistrictFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ElectoralDistrict

    number = factory.Sequence(lambda n: n + 1)
    name = factory.Sequence(lambda n: f"Округ {n + 1}")
    boundary = factory.Sequence(lambda n: square(34.5 + n * 0.01, 49.5))


class DeputyIndexPageFactory(wagtail_factories.PageFactory):
    class Meta:
        model = DeputyIndexPage

    title = "Депутати"
    slug = "deputaty"


class DeputyPageFactory(wagtail_factories.PageFactory):
    class Meta:
        model = DeputyPage

    family_name = factory.Sequence(lambda n: "Коваленко" + "".join("абвгдежзик"[int(digit)] for digit in str(n)))
    given_name = "Олена"
    patronymic = "Петрівна"
    title = factory.LazyAttribute(lambda o: f"{o.family_name} {o.given_name} {o.patronymic}")
    slug = factory.Sequence(lambda n: f"deputat-{n}")
    external_id = factory.Sequence(lambda n: f"{n:04d}-АБ")
    voting_identifier = factory.Sequence(lambda n: f"dep-{n}")


class SessionIndexPageFactory(wagtail_factories.PageFactory):
    class Meta:
        model = SessionIndexPage

    title = "Засідання"
    slug = "zasidannia"


class SessionPageFactory(wagtail_factories.PageFactory):
    class Meta:
        model = SessionPage

    title = factory.Sequence(lambda n: f"{n + 1} сесія")
    slug = factory.Sequence(lambda n: f"sesiia-{n + 1}")
    number = factory.Sequence(lambda n: n + 1)
    convocation = factory.SubFactory(ConvocationFactory)
    start = factory.LazyFunction(lambda: timezone.now() + datetime.timedelta(days=14))


class DraftDecisionIndexPageFactory(wagtail_factories.PageFactory):
    class Meta:
        model = DraftDecisionIndexPage

    title = "Проєкти рішень"
    slug = "proekty-rishen"


class DraftDecisionPageFactory(wagtail_factories.PageFactory):
    class Meta:
        model = DraftDecisionPage

    title = factory.Sequence(lambda n: f"Про затвердження програми {n}")
    slug = factory.Sequence(lambda n: f"proekt-{n}")
    registration_number = factory.Sequence(lambda n: f"{100 + n}/1")
    text = "<p>Текст проєкту.</p>"
    status = "published"
    publication_date = factory.LazyFunction(lambda: timezone.localdate() - datetime.timedelta(days=30))


class DecisionIndexPageFactory(wagtail_factories.PageFactory):
    class Meta:
        model = DecisionIndexPage

    title = "Рішення"
    slug = "rishennia"


class DecisionPageFactory(wagtail_factories.PageFactory):
    class Meta:
        model = DecisionPage

    title = factory.Sequence(lambda n: f"Про бюджет {n}")
    slug = factory.Sequence(lambda n: f"rishennia-{n}")
    number = factory.Sequence(lambda n: f"{1000 + n}-45/VIII")
    date = factory.LazyFunction(timezone.localdate)
    text = "<p>Текст рішення.</p>"
