"""Template helpers of the budget: chart labels, and the resident's budget section in their profile."""
from django import template
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from ..models import BudgetParticipation, Channel

register = template.Library()


@register.simple_tag
def chart_label(row: dict, key: str) -> str:
    value = row.get(key)
    if value is None or value == "":
        return _("Not given")
    if key == "voted_on":
        return date_format(value, "j E Y")
    if key == "channel":
        return str(Channel(value).label)
    return str(value)


@register.inclusion_tag("budget/includes/profile_budget.html", takes_context=True)
def profile_budget(context):
    from .. import selectors

    user = context["request"].user
    voted = (BudgetParticipation.objects.filter(user=user).select_related("campaign").order_by("-campaign__year")
             if user.is_authenticated else [])
    projects = selectors.projects_by_author(user) if user.is_authenticated else []
    return {"voted": voted, "projects": projects, "request": context["request"]}
