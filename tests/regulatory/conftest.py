"""Regulatory acts need the register under the home page, its roles and a regulatory officer."""
import pytest

from cms.roles import role_group, setup_roles
from tests.factories import UserFactory, activate_totp
from tests.factories.regulatory import RegulatoryActIndexPageFactory


@pytest.fixture
def register(home_page):
    return RegulatoryActIndexPageFactory(parent=home_page)


@pytest.fixture
def staff_roles(register):
    """Roles set up after the register exists, so its page permissions are granted."""
    return setup_roles()


def _staff(role_key):
    user = UserFactory()
    user.groups.add(role_group(role_key))
    activate_totp(user)
    return user


@pytest.fixture
def officer(staff_roles):
    return _staff("regulatory_officer")


@pytest.fixture
def press_officer(staff_roles):
    return _staff("press_office")
