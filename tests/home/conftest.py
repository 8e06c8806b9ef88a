"""Fixtures of the city-site tests: staff with TOTP for the admin, images, categories, site settings."""
import pytest
from wagtail.models import Site

from home.models import PortalSettings
from tests.factories import ImageFactory, NewsCategoryFactory, UserFactory, activate_totp, login_with_mfa


@pytest.fixture
def mfa_superuser(db):
    """A superuser with a TOTP authenticator: the only kind of staff the admin lets in."""
    user = UserFactory(is_superuser=True, is_staff=True)
    activate_totp(user)
    return user


@pytest.fixture
def admin_site_client(client, mfa_superuser):
    login_with_mfa(client, mfa_superuser)
    return client


@pytest.fixture
def image(db):
    return ImageFactory()


@pytest.fixture
def transport(db):
    return NewsCategoryFactory(name="Транспорт", slug="transport")


@pytest.fixture
def education(db):
    return NewsCategoryFactory(name="Освіта", slug="osvita")


@pytest.fixture
def portal_settings(home_page):
    return PortalSettings.for_site(Site.objects.get(is_default_site=True))
