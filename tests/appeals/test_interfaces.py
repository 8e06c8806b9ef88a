"""Appeals through other modules' doors: a failed petition becomes a real appeal (petitions call appeals.interface),
and the deputy page's «Write to this deputy» opens the appeal form addressed to that deputy."""
import pytest

from appeals.models import Appeal
from petitions import services as petition_services
from petitions.models import Petition, PetitionCategory
from tests.confirm import confirmed
from tests.petitions.conftest import make_petition

pytestmark = pytest.mark.django_db


@pytest.fixture
def moderator(roles):
    from cms.roles import role_group
    from tests.factories import UserFactory

    user = UserFactory(full_name="Модератор Олена Іванівна")
    user.groups.add(role_group("moderators"))
    return user


def test_failed_petition_is_registered_as_its_authors_appeal(client, resident, moderator, appeal_index, mail):
    category = PetitionCategory.objects.create(name="Транспорт", slug="transport")
    petition = make_petition(author=resident, category=category, status=Petition.Status.NOT_SUPPORTED)
    with mail.sending():
        confirmed(petition_services.petition_forward_as_appeal, petition=petition, by=moderator,
                  note="Прошу розглянути")
    appeal = Appeal.objects.get()
    assert appeal.author == resident and appeal.channel == Appeal.Channel.PETITION
    assert appeal.text.startswith(petition.title) and "Прошу розглянути" in appeal.text
    assert appeal.source_reference.endswith(f"/{petition.pk}/") and appeal.status == Appeal.Status.REGISTERED
    assert appeal.category.slug == "petytsii" and not appeal.category.is_active
    assert petition.status_changes.last().note == f"Зареєстровано як звернення № {appeal.number}"
    assert [message.to for message in mail.outbox] == [[resident.email]]  # the appeal's registration notice
    client.force_login(resident)
    assert f"№ {appeal.number}" in client.get("/zvernennia/moi/").content.decode()
    # The catalogue entry is not offered to residents on the form.
    assert "Електронні петиції" not in client.get("/zvernennia/nove/").content.decode()


def test_petition_of_a_deleted_account_cannot_become_an_appeal(resident, moderator, appeal_index):
    category = PetitionCategory.objects.create(name="Транспорт", slug="transport")
    petition = make_petition(author=resident, category=category, status=Petition.Status.NOT_SUPPORTED)
    Petition.objects.filter(pk=petition.pk).update(author=None)
    petition.refresh_from_db()
    with pytest.raises(petition_services.PetitionError) as error:
        confirmed(petition_services.petition_forward_as_appeal, petition=petition, by=moderator)
    assert error.value.code == "appeal_refused" and not Appeal.objects.exists()


def test_deputy_page_button_opens_the_form_for_that_deputy(client, deputy, appeal_index):
    html = client.get(deputy.url).content.decode()
    assert f'href="/zvernennia/nove/?deputy={deputy.pk}"' in html
    assert f'href="mailto:{deputy.email}">Написати депутату' not in html
