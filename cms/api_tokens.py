"""Residents' API tokens: what a separate front end or app sends as ``Authorization: Bearer …`` to act for them.

Wagtail keeps only a digest of each token; the plain token is shown once, when it is made."""
from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils.translation import gettext as _
from wagtail.models import APIToken

from .errors import RuleError
from .services import user_has_verified_email

NAME_MAX_LENGTH = 100


class TokenError(RuleError):
    STATUS = {"email_not_verified": 403, "too_many_tokens": 409, "not_found": 404}


def active_tokens(user):
    return APIToken.objects.filter(user=user, revoked_at__isnull=True).order_by("-created")


@transaction.atomic
def api_token_create(*, user, name: str) -> tuple[APIToken, str]:
    """A new token for ``user``'s own use; returns it with the plain text, which is never stored."""
    name = " ".join((name or "").replace("\x00", "").split())
    if not name:
        raise TokenError("name_required", _("Name the token after the app or site that will use it."))
    if len(name) > NAME_MAX_LENGTH:
        raise TokenError("name_too_long", _("The name may have at most %(count)d characters.")
                         % {"count": NAME_MAX_LENGTH})
    if not user_has_verified_email(user):
        raise TokenError("email_not_verified", _("Confirm your e-mail address before you create a token."))
    # The user's row is the lock: two requests at once cannot both pass the limit.
    get_user_model().objects.select_for_update().filter(pk=user.pk).first()
    if active_tokens(user).count() >= settings.API_TOKENS_PER_USER:
        raise TokenError("too_many_tokens", _("You have %(count)d tokens already. Revoke one you no longer use.")
                         % {"count": settings.API_TOKENS_PER_USER})
    return APIToken.create_token(user=user, name=name)


@transaction.atomic
def api_token_revoke(*, user, token_id: int) -> APIToken:
    token = active_tokens(user).filter(pk=token_id).first() if 0 < token_id < 2**63 else None
    if token is None:
        raise TokenError("not_found", _("There is no such token among yours."))
    token.revoke()
    return token
