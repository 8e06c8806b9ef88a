
"""Page types of the city site: tree rules, creation through the admin's forms, rendering, validation."""
import datetime

from django.test import override_settings
from django.urls import reverse
from django.utils import timezone
from wagtail.models import Page
from wagtail.test.utils import WagtailPageTestCase
from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text, streamfield

from consultations.models import ConsultationIndexPage
from directory.models import DirectoryPage
from forum.models import ForumPage
from home.models import EventIndexPage, EventPage, HomePage, NewsIndexPage, NewsPage, StandardPage
from petitions.models import PetitionIndexPage
from regulatory.models import RegulatoryActIndexPage
from sessions.models import DecisionIndexPage, DeputyIndexPage, DraftDecisionIndexPage, SessionIndexPage
from tests.factories import (
    EventIndexPageFactory,
    EventPageFactory,
    ImageFactory,
    NewsCategoryFactory,
    NewsIndexPageFactory,
    NewsPageFactory,
    StandardPageFactory,
    UserFactory,
    activate_totp,
    login_with_mfa,
    site_with_home_page,
)

ADMIN_DATETIME = "%Y-%m-%d %H:%M"


def list_block(values):
    """Form data of a ListBlock (form_data has helpers for streams and formsets, not lists)."""
    data = {str(index): {"value": value, "deleted": "", "order": str(index), "id": ""}
            for index, value in enumerate(values)}
    return {**data, "count": str(len(values))}


def admin_datetime(value: datetime.datetime) -> str:
    return timezone.localtime(value).strftime(ADMIN_DATETIME)


def in_five_days_at_ten() -> datetime.datetime:
    """A local daytime start, so that hours added to it never cross a daylight-saving switch."""
    return timezone.localtime(timezone.now() + datetime.timedelta(days=5)).replace(
        hour=10, minute=0, second=0, microsecond=0)


class PageTreeTests(WagtailPageTestCase):
    def test_home_page_sits_at_the_root_only(self):
        self.assertAllowedParentPageTypes(HomePage, {Page})
        self.assertAllowedSubpageTypes(HomePage, {StandardPage, NewsIndexPage, EventIndexPage, ForumPage,
                                                  ConsultationIndexPage, RegulatoryActIndexPage, PetitionIndexPage,
                                                  DeputyIndexPage, SessionIndexPage, DraftDecisionIndexPage,
                                                  DecisionIndexPage, DirectoryPage})

    def test_standard_pages_nest_under_home_and_each_other(self):
        self.assertAllowedParentPageTypes(StandardPage, {HomePage, StandardPage})
        self.assertAllowedSubpageTypes(StandardPage, {StandardPage})
        self.assertCanCreateAt(HomePage, StandardPage)
        self.assertCanCreateAt(StandardPage, StandardPage)
        self.assertCanNotCreateAt(NewsIndexPage, StandardPage)

    def test_news_articles_live_only_in_a_news_index(self):
        self.assertAllowedParentPageTypes(NewsPage, {NewsIndexPage})
        self.assertAllowedSubpageTypes(NewsPage, set())
        self.assertAllowedSubpageTypes(NewsIndexPage, {NewsPage})
        self.assertCanCreateAt(HomePage, NewsIndexPage)
        self.assertCanNotCreateAt(HomePage, NewsPage)
        self.assertCanNotCreateAt(EventIndexPage, NewsPage)
        self.assertCanNotCreateAt(Page, NewsPage)

    def test_events_live_only_in_an_events_calendar(self):
        self.assertAllowedParentPageTypes(EventPage, {EventIndexPage})
        self.assertAllowedSubpageTypes(EventPage, set())
        self.assertAllowedSubpageTypes(EventIndexPage, {EventPage})
        self.assertCanCreateAt(HomePage, EventIndexPage)
        self.assertCanNotCreateAt(NewsIndexPage, EventPage)
        self.assertCanNotCreateAt(StandardPage, EventPage)


class AdminCreationTests(WagtailPageTestCase):
    """Editors create every page type through the admin's real forms, then visitors see it."""

    @classmethod
    def setUpTestData(cls):
        cls.home = site_with_home_page()
        cls.news_index = NewsIndexPageFactory(parent=cls.home)
        cls.event_index = EventIndexPageFactory(parent=cls.home)
        cls.about = StandardPageFactory(parent=cls.home, title="Про місто", slug="pro-misto")
        cls.admin = UserFactory(is_superuser=True, is_staff=True)
        activate_totp(cls.admin)  # the admin lets in only staff with two-factor authentication
        cls.image = ImageFactory(description="Міська площа")
        cls.bare_image = ImageFactory(description="")
        cls.transport = NewsCategoryFactory(name="Транспорт", slug="transport")
        cls.education = NewsCategoryFactory(name="Освіта", slug="osvita")

    def setUp(self):
        login_with_mfa(self.client, self.admin)

    def post_new_page(self, parent, model, data):
        """POST the admin's create form and return the response (for the refusal cases)."""
        url = f"/admin/pages/add/{model._meta.app_label}/{model._meta.model_name}/{parent.pk}/"
        return self.client.post(url, {**data, "action-publish": "action-publish"})

    def news_data(self, **overrides):
        fields = {
            "title": "Тролейбус № 5 подовжать до Садової",
            "slug": "troleibus-5",
            "date": admin_datetime(timezone.now() - datetime.timedelta(hours=2)),
            "is_official": "on",
            "lead": "З понеділка тролейбуси курсуватимуть до нового мікрорайону.",
            "main_image": str(self.image.pk),
            "main_image_alt": "Тролейбус на вулиці Соборній",
            "body": streamfield([
                ("paragraph", rich_text("<p>Інтервал руху у годину пік становитиме 12 хвилин.</p>")),
            ]),
            "tags": "тролейбус, маршрути",
            "related_pages": inline_formset([{"page": str(self.about.pk)}]),
            "comments": inline_formset([]),
        }
        fields.update(overrides)
        # A multiple choice is one key repeated; nested_form_data would turn a list into categories-0, -1.
        return nested_form_data(fields) | {"categories": [str(self.transport.pk), str(self.education.pk)]}

    def event_data(self, **overrides):
        start = in_five_days_at_ten()
        fields = {
            "title": "Ярмарок місцевих виробників",
            "slug": "iarmarok",
            "start": admin_datetime(start),
            "end": admin_datetime(start + datetime.timedelta(hours=6)),
            "location_name": "Центральна площа",
            "address": "пл. Незалежності",
            "organiser": "Міська рада",
            "lead": "Фермери й ремісники громади пропонують свою продукцію.",
            "image_alt": "",
            "body": streamfield([("paragraph", rich_text("<p>Вхід вільний.</p>"))]),
            "registration_url": "",
            "comments": inline_formset([]),
        }
        fields.update(overrides)
        return nested_form_data(fields)

    def test_admin_is_open_to_a_superuser_with_totp(self):
        response = self.client.get("/admin/")
        self.assertEqual(response.status_code, 200)

    def test_superuser_without_totp_cannot_create_pages(self):
        self.client.force_login(UserFactory(is_superuser=True, is_staff=True))

        response = self.post_new_page(self.news_index, NewsPage, self.news_data())

        self.assertRedirects(response, reverse("mfa_activate_totp"), fetch_redirect_response=False)
        self.assertFalse(NewsPage.objects.filter(slug="troleibus-5").exists())

    # Wagtail's helpers log in again by themselves (password-only sessions); MFA is tested in tests/cms.
    @override_settings(PORTAL_STAFF_MFA_REQUIRED=False)
    def test_every_page_type_is_editable_previewable_and_renders(self):
        article = NewsPageFactory(parent=self.news_index, title="Новина для редагування", categories=[self.transport])
        event = EventPageFactory(parent=self.event_index, title="Подія для редагування")
        no_comments = inline_formset([])
        pages = [
            (self.home, nested_form_data({"title": self.home.title, "slug": "home", "intro": "Вітаємо",
                                          "sections": streamfield([]), "comments": no_comments})),
            (self.about, nested_form_data({"title": "Про місто", "slug": "pro-misto", "intro": "Коротко",
                                           "body": streamfield([]), "comments": no_comments})),
            (self.news_index, None),  # plain fields only: the helper reads them from the edit form
            (article, self.news_data(title=article.title, slug=article.slug, main_image="", main_image_alt="",
                                     related_pages=inline_formset([]))),
            (self.event_index, None),
            (event, self.event_data(title=event.title, slug=event.slug)),
        ]
        for page, post_data in pages:
            with self.subTest(page=type(page).__name__):
                self.assertPageIsRenderable(page)
                self.assertPageIsEditable(page, post_data=post_data, user=self.admin)
                self.assertPageIsPreviewable(page, post_data=post_data, user=self.admin)

    def test_feed_and_calendar_routes_render(self):
        self.assertPageIsRenderable(self.news_index, route_path="rss/")
        self.assertPageIsRenderable(self.news_index, route_path="atom/")
        self.assertPageIsRenderable(self.event_index, route_path="ical/")
        with self.assertRaises(self.failureException):
            self.assertPageIsRoutable(self.news_index, route_path="no-such-route/")

    def test_standard_page_with_every_kind_of_block(self):
        self.assertCanCreate(self.home, StandardPage, nested_form_data({
            "title": "Контакти",
            "slug": "kontakty",
            "intro": "Як зв'язатися з міською радою.",
            "body": streamfield([
                ("heading", {"text": "Приймальня", "level": "h2"}),
                ("paragraph", rich_text("<p>Приймаємо щодня, крім вихідних.</p>")),
                ("contact", {"name": "Загальний відділ", "position": "Приймальня", "phone": "+380 532 00 00 00",
                             "email": "rada@misto.example", "address": "вул. Соборна, 1", "hours": "8:00–17:00"}),
                ("accordion", {"heading": "Часті питання", "items": list_block([
                    {"title": "Як записатися на прийом?", "body": rich_text("<p>Зателефонуйте до приймальні.</p>")},
                ])}),
            ]),
            "comments": inline_formset([]),
        }))
        page = StandardPage.objects.get(slug="kontakty")
        self.assertTrue(page.live)
        self.assertEqual([block.block_type for block in page.body],
                         ["heading", "paragraph", "contact", "accordion"])

        html = self.client.get(page.url).content.decode()
        self.assertIn("<h2>Приймальня</h2>", html)
        self.assertIn("Приймаємо щодня, крім вихідних.", html)
        self.assertIn('href="tel:+380532000000"', html)
        self.assertIn("mailto:rada@misto.example", html)
        self.assertIn("<summary>Як записатися на прийом?</summary>", html)
        self.assertIn("Зателефонуйте до приймальні.", html)

    def test_news_page_with_categories_tags_and_lead(self):
        self.assertCanCreate(self.news_index, NewsPage, self.news_data())
        article = NewsPage.objects.get(slug="troleibus-5")
        self.assertTrue(article.live)
        self.assertTrue(article.is_official)
        self.assertEqual(set(article.categories.values_list("slug", flat=True)), {"transport", "osvita"})
        self.assertEqual(set(article.tags.values_list("name", flat=True)), {"тролейбус", "маршрути"})
        self.assertEqual([rel.page_id for rel in article.related_pages.all()], [self.about.pk])

        response = self.client.get(article.url)
        self.assertEqual(response.status_code, 200)
        html = response.content.decode()
        self.assertIn("<h1>Тролейбус № 5 подовжать до Садової</h1>", html)
        self.assertIn("З понеділка тролейбуси курсуватимуть до нового мікрорайону.", html)
        self.assertIn("Інтервал руху у годину пік становитиме 12 хвилин.", html)
        self.assertIn('alt="Тролейбус на вулиці Соборній"', html)
        self.assertIn("?category=transport", html)
        self.assertIn("#тролейбус", html)
        self.assertIn(f'href="{self.about.url}"', html)

    def test_event_page(self):
        self.assertCanCreate(self.event_index, EventPage, self.event_data())
        event = EventPage.objects.get(slug="iarmarok")
        self.assertEqual(event.end - event.start, datetime.timedelta(hours=6))

        response = self.client.get(event.url)
        self.assertEqual(response.status_code, 200)
        html = response.content.decode()
        self.assertIn("<h1>Ярмарок місцевих виробників</h1>", html)
        self.assertIn("Центральна площа, пл. Незалежності", html)
        self.assertIn("Вхід вільний.", html)
        self.assertIn(f'href="{event.url}ical/"', html)

    def test_news_image_without_any_description_is_refused(self):
        response = self.post_new_page(self.news_index, NewsPage, self.news_data(
            main_image=str(self.bare_image.pk), main_image_alt=""))
        self.assertEqual(response.status_code, 200)  # the form again, with errors
        self.assertIn("main_image_alt", response.context["form"].errors)
        self.assertFalse(NewsPage.objects.filter(slug="troleibus-5").exists())

    def test_news_image_with_its_own_description_needs_no_alt_text(self):
        self.assertCanCreate(self.news_index, NewsPage, self.news_data(main_image_alt=""))
        article = NewsPage.objects.get(slug="troleibus-5")
        self.assertEqual(article.image_alt, "Міська площа")

    def test_news_date_in_the_future_is_refused(self):
        response = self.post_new_page(self.news_index, NewsPage, self.news_data(
            date=admin_datetime(timezone.now() + datetime.timedelta(days=3))))
        self.assertIn("date", response.context["form"].errors)
        self.assertFalse(NewsPage.objects.filter(slug="troleibus-5").exists())

    def test_event_ending_before_it_starts_is_refused(self):
        start = in_five_days_at_ten()
        response = self.post_new_page(self.event_index, EventPage, self.event_data(
            start=admin_datetime(start), end=admin_datetime(start - datetime.timedelta(hours=1))))
        self.assertIn("end", response.context["form"].errors)
        self.assertFalse(EventPage.objects.filter(slug="iarmarok").exists())

    def test_event_image_without_any_description_is_refused(self):
        response = self.post_new_page(self.event_index, EventPage, self.event_data(
            image=str(self.bare_image.pk)))
        self.assertIn("image_alt", response.context["form"].errors)
