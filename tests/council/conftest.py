"""Council fixtures: the current convocation, factions, districts and the deputies index with deputies."""
import pytest
from django.contrib.messages import get_messages
from django.urls import reverse

from cms.roles import role_group
from tests.factories import UserFactory, activate_totp

from .factories import (
    CommitteeFactory,
    ConvocationFactory,
    DeputyIndexPageFactory,
    DeputyPageFactory,
    DistrictFactory,
    FactionFactory,
    square,
)


@pytest.fixture
def convocation(db):
    return ConvocationFactory()


@pytest.fixture
def factions(convocation):
    return [FactionFactory(convocation=convocation, name="Фракція «Громада»", slug="hromada"),
            FactionFactory(convocation=convocation, name="Фракція «Рідне місто»", slug="ridne-misto")]


@pytest.fixture
def committee(convocation):
    return CommitteeFactory(convocation=convocation, name="Бюджетна комісія", slug="biudzhet")


@pytest.fixture
def districts(db):
    return [DistrictFactory(number=1, boundary=square(34.50, 49.50)),
            DistrictFactory(number=2, boundary=square(34.51, 49.50))]


@pytest.fixture
def deputy_index(home_page):
    return DeputyIndexPageFactory(parent=home_page)


@pytest.fixture
def deputy(deputy_index, factions, districts):
    return DeputyPageFactory(parent=deputy_index, family_name="Коваленко", given_name="Олена",
                             patronymic="Петрівна", faction=factions[0], district=districts[0],
                             voting_identifier="dep-1")


def staff(role_key):
    user = UserFactory()
    user.groups.add(role_group(role_key))
    activate_totp(user)
    return user


@pytest.fixture
def secretary(roles):
    return staff("council_secretariat")


@pytest.fixture
def press_officer(roles):
    return staff("press_office")


def assert_refused(response):
    """Wagtail answers a page the user may not open with a redirect to the dashboard and its «no permission»
    message (the admin's own PermissionDenied handling), never with the page."""
    assert response.status_code == 302 and response["Location"] == reverse("wagtailadmin_home")
    assert {str(message).strip() for message in get_messages(response.wsgi_request)} == {
        "Вибачте, ви не маєте дозволів для доступу у цей розділ."}
