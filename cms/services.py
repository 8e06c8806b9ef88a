"""Account rules: verification, personal-data export and account deletion. Modules declare their part of the
export in their manifest (``personal_data``)."""
from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models import ProtectedError
from django.utils import timezone

from .modules import load, modules

User = get_user_model()

def user_has_verified_email(user) -> bool:
    if not user.is_authenticated:
        return False
    known = getattr(user, "has_verified_email", None)  # read with the API token (cms.token_auth)
    if known is not None:
        return known
    return EmailAddress.objects.filter(user=user, verified=True).exists()


def user_export_personal_data(*, user) -> dict:
    data = {
        "exported_at": timezone.now().isoformat(),
        "account": {
            "full_name": user.full_name,
            "email": user.email,
            "date_joined": user.date_joined.isoformat(),
            "last_login": user.last_login.isoformat() if user.last_login else None,
        },
        "email_addresses": [
            {"email": address.email, "verified": address.verified, "primary": address.primary}
            for address in EmailAddress.objects.filter(user=user).order_by("email")
        ],
        "two_factor_authentication": list(
            user.authenticator_set.order_by("type").values_list("type", flat=True)
        ),
    }
    for _config, manifest in modules():  # each module's sections, e.g. "petitions", "signatures"
        for exporter in manifest.personal_data:
            section, value = load(exporter)(user)
            data[section] = value
    return data


class AccountDeletionBlocked(Exception):
    """A module protects records that still need this account (its foreign keys use PROTECT)."""


def user_delete_account(*, user) -> None:
    """Delete the account; modules keep what the law requires through their own on_delete rules."""
    try:
        with transaction.atomic():
            user.delete()
    except ProtectedError as error:
        raise AccountDeletionBlocked(str(error)) from error
