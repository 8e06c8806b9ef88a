"""Template helpers of regulatory acts."""
from django import template

register = template.Library()


@register.filter
def tracking_state(item, today) -> str:
    """The state of a tracking deadline on ``today`` ("done", "overdue", "open", "not_yet")."""
    return item.state(today)
