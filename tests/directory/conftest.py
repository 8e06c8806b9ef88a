import pytest

from .factories import CategoryFactory, DirectoryPageFactory


@pytest.fixture
def directory_page(home_page):
    return DirectoryPageFactory(parent=home_page)


@pytest.fixture
def categories(db):
    return {"apteky": CategoryFactory(name="Аптеки", slug="apteky", colour="#00703c"),
            "shkoly": CategoryFactory(name="Школи", slug="shkoly", colour="#1d70b8")}


@pytest.fixture
def city_services(roles):
    """Staff of the city's services, who keep the directory current."""
    from cms.roles import role_group
    from tests.factories import UserFactory, activate_totp

    user = UserFactory()
    user.groups.add(role_group("executors"))
    activate_totp(user)
    return user
