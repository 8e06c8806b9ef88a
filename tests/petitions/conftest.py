"""Petitions need the index page, a category, settings, staff of both roles and petitions in each status."""
import datetime

import pytest
from django.utils import timezone

from cms.roles import role_group
from petitions.models import Petition, PetitionCategory, PetitionIndexPage, PetitionSettings, Signature
from tests.factories import UserFactory, activate_totp

TEXT = ("Просимо міську раду облаштувати безпечний пішохідний перехід біля школи № 5 на вулиці Соборній: "
        "діти щодня переходять дорогу без світлофора.")


@pytest.fixture
def petition_index(home_page):
    index = PetitionIndexPage(title="Електронні петиції", slug="petytsii", intro="Петиції до міської ради.",
                              rules="Петиція має стосуватися повноважень ради.")
    home_page.add_child(instance=index)
    index.save_revision().publish()
    return index


@pytest.fixture
def category(db):
    return PetitionCategory.objects.create(name="Транспорт", slug="transport")


@pytest.fixture
def petition_settings(home_page):
    from wagtail.models import Site

    config = PetitionSettings.for_site(Site.objects.get(is_default_site=True))
    config.signature_threshold = 3
    config.appeals_email = "zvernennia@rada.example"
    config.save()
    return config


@pytest.fixture
def moderator(roles):
    user = UserFactory(full_name="Модератор Олена")
    user.groups.add(role_group("moderators"))
    activate_totp(user)  # staff pass two-factor authentication to reach the admin
    return user


@pytest.fixture
def secretary(roles):
    user = UserFactory(full_name="Секретар Ігор")
    user.groups.add(role_group("council_secretariat"))
    activate_totp(user)
    return user


def make_petition(*, author, category, status=Petition.Status.COLLECTING, title="Пішохідний перехід біля школи",
                  threshold=3, signatures=0, **fields) -> Petition:
    """A petition in ``status`` written straight to the database (the services are tested on their own)."""
    now = timezone.now()
    defaults = {"submitted_at": now - datetime.timedelta(days=3)}
    if status not in (Petition.Status.DRAFT, Petition.Status.MODERATION, Petition.Status.REJECTED):
        defaults.update(published_at=now - datetime.timedelta(days=2),
                        collection_ends_at=now + datetime.timedelta(days=30), signature_threshold=threshold)
    if status == Petition.Status.MODERATION:
        defaults["publication_due"] = timezone.localdate() + datetime.timedelta(days=2)
    defaults.update(fields)
    petition = Petition.objects.create(title=title, text=TEXT, category=category, author=author,
                                       author_name=author.full_name, status=status, **defaults)
    if signatures:
        signers = UserFactory.create_batch(signatures)
        Signature.objects.bulk_create([
            Signature(petition=petition, user=user, name=user.full_name, email=user.email,
                      email_domain=user.email.split("@")[1], ip_address="10.0.0.1") for user in signers])
        petition.signature_count = signatures
        petition.save(update_fields=["signature_count"])
    return petition


@pytest.fixture
def collecting(resident, category, petition_settings, petition_index):
    return make_petition(author=resident, category=category)
