"""Factories of regulatory acts (wagtail-factories): the register, acts at each stage, plans, departments."""
import datetime

import factory
import wagtail_factories
from django.utils import timezone

from regulatory.models import RegulatoryActIndexPage, RegulatoryActPage, RegulatoryPlanPage
from regulatory.services import Status, add_months
from sessions.models import Department


class DepartmentFactory(factory.django.DjangoModelFactory):
    """A city department (the council's one list), as acts and plan rows pick it."""

    class Meta:
        model = Department
        django_get_or_create = ("name",)

    name = factory.Sequence(lambda n: f"Управління економіки № {n}")


class RegulatoryActIndexPageFactory(wagtail_factories.PageFactory):
    class Meta:
        model = RegulatoryActIndexPage

    title = "Регуляторні акти"
    slug = "rehuliatorni-akty"
    council_authority_name = "Світлогірська міська рада"
    executive_authority_name = "Виконавчий комітет Світлогірської міської ради"
    authority_edrpou = "04055555"


def _published_days_ago(days: int) -> datetime.date:
    return timezone.localdate() - datetime.timedelta(days=days)


class RegulatoryActPageFactory(wagtail_factories.PageFactory):
    """An act open for comments: published 5 days ago, comments for one month."""

    class Meta:
        model = RegulatoryActPage

    title = factory.Sequence(lambda n: f"Про регуляторний акт номер {n}")
    slug = factory.Sequence(lambda n: f"akt-{n}")
    summary = "Проєкт визначає правила для суб’єктів господарювання."
    status = Status.CONSULTATION
    department = factory.SubFactory(DepartmentFactory)
    notice_date = factory.LazyFunction(lambda: _published_days_ago(5))
    comment_start = factory.LazyAttribute(lambda act: act.notice_date)
    comment_end = factory.LazyAttribute(lambda act: add_months(act.notice_date, 1) if act.notice_date else None)


class AdoptedActFactory(RegulatoryActPageFactory):
    """An act in force since ``effective_date`` (default: 14 months ago)."""

    status = Status.TRACKING
    effective_date = factory.LazyFunction(lambda: add_months(timezone.localdate(), -14))
    decision_date = factory.LazyAttribute(lambda act: act.effective_date - datetime.timedelta(days=10))
    notice_date = factory.LazyAttribute(lambda act: add_months(act.decision_date, -3))
    decision_number = factory.Sequence(lambda n: str(1000 + n))
    decision_title = factory.LazyAttribute(lambda act: f"Рішення міської ради № {act.decision_number}")


class RegulatoryPlanPageFactory(wagtail_factories.PageFactory):
    class Meta:
        model = RegulatoryPlanPage

    title = factory.LazyAttribute(lambda plan: f"План регуляторних актів на {plan.year} рік")
    slug = factory.LazyAttribute(lambda plan: f"plan-{plan.year}")
    year = factory.LazyFunction(lambda: timezone.localdate().year)
