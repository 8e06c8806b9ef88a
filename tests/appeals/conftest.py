"""Appeals need the index page, the catalogue with routing, two services with their executors' groups, a
dispatcher, a deputy with a staff account, and appeals written through the services."""
import io

import pytest
from django.contrib.auth.models import Group
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from appeals import services
from appeals.models import Appeal, AppealIndexPage, Category, Service
from cms.roles import role_group
from tests.council.factories import DeputyIndexPageFactory, DeputyPageFactory, DistrictFactory, square
from tests.factories import UserFactory, activate_totp

TEXT = "Біля будинку № 12 на вулиці Соборній третій тиждень не вивозять сміття, контейнери переповнені."
POINT = {"latitude": "49.5912", "longitude": "34.5531"}  # inside the demo city's box


class Mail:
    """The outbox; e-mails leave after commit, so steps whose mail a test reads run inside ``with mail.sending():``."""

    def __init__(self, outbox, capture):
        self.outbox, self._capture = outbox, capture

    def sending(self):
        return self._capture(execute=True)

    def __len__(self):
        return len(self.outbox)

    def __getitem__(self, index):
        return self.outbox[index]

    def clear(self):
        self.outbox.clear()


@pytest.fixture
def mail(mailoutbox, django_capture_on_commit_callbacks):
    return Mail(mailoutbox, django_capture_on_commit_callbacks)


@pytest.fixture
def appeal_index(home_page):
    index = AppealIndexPage(title="Звернення", slug="zvernennia", intro="Звернення до служб міста і депутатів.")
    home_page.add_child(instance=index)
    index.save_revision().publish()
    return index


@pytest.fixture
def service_groups(roles):
    return Group.objects.create(name="Служба: Водоканал"), Group.objects.create(name="Служба: Благоустрій")


@pytest.fixture
def water(service_groups):
    return Service.objects.create(name="КП «Міськводоканал»", short_name="Водоканал", edrpou="03361046",
                                  email="vodokanal@misto.example", group=service_groups[0])


@pytest.fixture
def roads(service_groups):
    return Service.objects.create(name="Управління благоустрою", short_name="Благоустрій", edrpou="04057212",
                                  email="blagoustrii@misto.example", group=service_groups[1])


@pytest.fixture
def water_category(water):
    return Category.objects.create(name="Водопостачання", slug="water", service=water)


@pytest.fixture
def roads_category(roads):
    return Category.objects.create(name="Дороги і тротуари", slug="roads", service=roads)


@pytest.fixture
def unrouted_category(db):
    return Category.objects.create(name="Інше", slug="other")


def executor_of(service) -> object:
    user = UserFactory(full_name="Виконавець Сергій Іванович")
    user.groups.add(role_group("executors"), service.group)
    activate_totp(user)
    return user


@pytest.fixture
def water_executor(water):
    return executor_of(water)


@pytest.fixture
def roads_executor(roads):
    return executor_of(roads)


@pytest.fixture
def dispatcher(roles):
    user = UserFactory(full_name="Диспетчер Оксана Петрівна")
    user.groups.add(role_group("appeals_dispatchers"))
    activate_totp(user)
    return user


@pytest.fixture
def deputy_user(roles):
    user = UserFactory(full_name="Коваленко Олена Петрівна")
    user.groups.add(role_group("deputies"))
    activate_totp(user)
    return user


@pytest.fixture
def deputy(home_page, deputy_user):
    index = DeputyIndexPageFactory(parent=home_page)
    return DeputyPageFactory(parent=index, family_name="Коваленко", given_name="Олена", patronymic="Петрівна",
                             email="kovalenko@rada.example", user=deputy_user)


@pytest.fixture
def district(db):
    return DistrictFactory(number=1, name="Центральний округ", boundary=square(34.55, 49.59))


def submit(author, category, *, text=TEXT, is_public=True, **fields) -> Appeal:
    return services.appeal_submit(author=author, kind=fields.pop("kind", Appeal.Kind.STATEMENT), category=category,
                                  text=text, is_public=is_public, **fields)


def photo(name="photo.jpg", fmt="JPEG", size=(40, 30)) -> SimpleUploadedFile:
    buffer = io.BytesIO()
    Image.new("RGB", size, (200, 30, 30)).save(buffer, fmt)
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/jpeg")


@pytest.fixture
def public_appeal(resident, water_category, appeal_index):
    return submit(resident, water_category, **POINT)


@pytest.fixture
def confidential_appeal(resident, water_category, appeal_index):
    return submit(resident, water_category, is_public=False, text="Конфіденційно: сусід погрожує мені через шум "
                  "у квартирі, прошу перевірити.", **POINT)
