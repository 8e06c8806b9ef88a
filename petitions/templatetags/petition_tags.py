"""Template tags of e-petitions: the resident's petitions on the profile page."""
from django import template

from .. import selectors
from ..models import Petition, Signature

register = template.Library()


@register.inclusion_tag("petitions/includes/profile_petitions.html", takes_context=True)
def profile_petitions(context):
    user = context["request"].user
    if not user.is_authenticated:
        return {"petitions_url": None}
    return {"petitions_url": selectors.index_url(),
            "authored_count": Petition.objects.filter(author=user).count(),
            "signed_count": Signature.objects.filter(user=user).count()}
