"""Factories shared by every test module (factory_boy and wagtail-factories)."""
import datetime

import factory
import wagtail_factories
from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model
from django.utils import timezone
from wagtail.images.tests.utils import get_test_image_file
from wagtail.models import Page, Site

from home.models import (
    EventIndexPage,
    EventPage,
    HomePage,
    NewsCategory,
    NewsIndexPage,
    NewsPage,
    StandardPage,
)

TEST_PASSWORD = "correct-horse-battery-staple"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.Sequence(lambda n: f"user{n}@example.com")
    # Distinct names of letters only (the name rules of cms.names refuse digits): 0 -> Петренко Іван Оа, ...
    full_name = factory.Sequence(lambda n: "Петренко Іван О" + "".join("абвгдежзик"[int(digit)] for digit in str(n)))

    @factory.post_generation
    def password(self, create, extracted, **kwargs):
        self.set_password(extracted or TEST_PASSWORD)
        if create:
            self.save()

    @factory.post_generation
    def verified(self, create, extracted, **kwargs):
        """verified=False leaves the e-mail unconfirmed (a resident who cannot act yet)."""
        if create:
            EmailAddress.objects.create(user=self, email=self.email, primary=True,
                                        verified=True if extracted is None else extracted)


class ImageFactory(wagtail_factories.ImageFactory):
    title = factory.Sequence(lambda n: f"Фото {n}")
    description = "Міська площа"
    file = factory.LazyFunction(lambda: get_test_image_file(filename="test.png"))


class NewsCategoryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = NewsCategory
        django_get_or_create = ("slug",)

    name = factory.Sequence(lambda n: f"Категорія {n}")
    slug = factory.Sequence(lambda n: f"category-{n}")


class HomePageFactory(wagtail_factories.PageFactory):
    class Meta:
        model = HomePage

    title = "Міська рада"
    slug = "home"


def site_with_home_page(**home_fields) -> HomePage:
    """Replace Wagtail's welcome page with a HomePage that is the root of the default site."""
    root = Page.get_first_root_node()
    Page.objects.filter(depth=2).delete()
    home = HomePageFactory(parent=root, **home_fields)
    Site.objects.all().delete()
    Site.objects.create(hostname="localhost", port=80, root_page=home, is_default_site=True, site_name="Місто")
    return home


class StandardPageFactory(wagtail_factories.PageFactory):
    class Meta:
        model = StandardPage

    title = factory.Sequence(lambda n: f"Сторінка {n}")
    slug = factory.Sequence(lambda n: f"storinka-{n}")  # Latin slugs: Cyrillic titles slugify to nothing
    intro = "Коротко про сторінку."


class NewsIndexPageFactory(wagtail_factories.PageFactory):
    class Meta:
        model = NewsIndexPage

    title = "Новини"
    slug = "novyny"


class NewsPageFactory(wagtail_factories.PageFactory):
    class Meta:
        model = NewsPage
        skip_postgeneration_save = True

    title = factory.Sequence(lambda n: f"Новина номер {n}")
    slug = factory.Sequence(lambda n: f"novyna-{n}")
    lead = "Коротко про головне."
    date = factory.Sequence(lambda n: timezone.now() - datetime.timedelta(days=n + 1))

    @factory.post_generation
    def categories(self, create, extracted, **kwargs):
        """NewsPageFactory(categories=[category, ...]) stores the article's categories."""
        if extracted:
            self.categories = list(extracted)
            if create:
                self.save()

    @factory.post_generation
    def tags(self, create, extracted, **kwargs):
        """NewsPageFactory(tags=["бюджет", ...]) tags the article."""
        if extracted:
            self.tags.add(*extracted)
            if create:
                self.save()


class EventIndexPageFactory(wagtail_factories.PageFactory):
    class Meta:
        model = EventIndexPage

    title = "Події"
    slug = "podii"


class EventPageFactory(wagtail_factories.PageFactory):
    class Meta:
        model = EventPage

    title = factory.Sequence(lambda n: f"Подія {n}")
    slug = factory.Sequence(lambda n: f"podiia-{n}")
    start = factory.LazyFunction(lambda: timezone.now() + datetime.timedelta(days=3))
    location_name = "Сесійна зала"
    lead = "Про подію."


def activate_totp(user) -> str:
    """Give ``user`` a TOTP authenticator the way allauth's activation does; returns the base32 secret."""
    from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret

    secret = generate_totp_secret()
    TOTP.activate(user, secret)
    return secret


def totp_code(secret: str) -> str:
    """The code an authenticator app shows now (waits out the last second of a period: tolerance is 0)."""
    import time

    from allauth.mfa import app_settings
    from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value

    period = app_settings.TOTP_PERIOD
    remaining = period - time.time() % period
    if remaining < 2:
        time.sleep(remaining + 0.05)
    return format_hotp_value(hotp_value(secret, int(time.time()) // period))


def login_with_mfa(client, user) -> None:
    """Log ``user`` in as after allauth's password and TOTP steps (the admin asks for both)."""
    import time

    from allauth.account.internal.flows.login import (
        _AUTHENTICATION_METHODS_USER_SESSION_KEY,
        AUTHENTICATION_METHODS_SESSION_KEY,
    )

    client.force_login(user)
    session = client.session
    session[_AUTHENTICATION_METHODS_USER_SESSION_KEY] = str(user.pk)
    session[AUTHENTICATION_METHODS_SESSION_KEY] = [
        {"method": "password", "at": time.time()},
        {"method": "mfa", "at": time.time(), "type": "totp"},
    ]
    session.save()
