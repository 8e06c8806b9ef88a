"""Seed a realistic demo city in Ukrainian: settings, menu, pages, ~40 news with images, events, roles,
an administrator and a press officer. Running it again changes nothing that exists."""
import datetime
import io
import os
import random
from urllib.parse import urlparse

from allauth.account.models import EmailAddress
from django.conf import settings as django_settings
from django.contrib.auth import get_user_model
from django.core.files.images import ImageFile
from django.core.management import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone
from PIL import Image as PILImage
from PIL import ImageDraw
from wagtail.images import get_image_model
from wagtail.models import Page, Site

from cms.modules import load, modules
from cms.roles import role_group, setup_roles
from cms.slots import home_slot_choices
from cms.text import latin_slug
from home import demo_content as demo
from home.models import (
    EventIndexPage,
    EventPage,
    FooterLink,
    HomePage,
    MainMenuItem,
    NewsCategory,
    NewsIndexPage,
    NewsPage,
    PortalSettings,
    SocialLink,
    StandardPage,
)

MONTHS = ["січень", "лютий", "березень", "квітень", "травень", "червень", "липень", "серпень",
          "вересень", "жовтень", "листопад", "грудень"]
PALETTE = [(11, 79, 138), (0, 112, 60), (107, 61, 0), (76, 44, 146), (148, 37, 20), (0, 94, 93)]
DEMO_PASSWORD = os.environ.get("DEMO_PASSWORD", "demo-portal-2026")


def publish(parent: Page, page: Page) -> Page:
    if not page.slug:
        page.slug = latin_slug(page.title)
    parent.add_child(instance=page)
    page.save_revision().publish()
    return page


class Command(BaseCommand):
    help = "Create the demo city (idempotent)."

    def add_arguments(self, parser):
        parser.add_argument("--news", type=int, default=40, help="How many news articles to have.")
        parser.add_argument("--no-users", action="store_true", help="Do not create the demo accounts.")
        parser.add_argument(
            "--allow-demo-accounts", action="store_true",
            help="Create the demo accounts (known password) even though DEBUG is off. Never on a public server.",
        )

    @transaction.atomic
    def handle(self, *args, **options):
        if not options["no_users"] and not django_settings.DEBUG and not options["allow_demo_accounts"]:
            raise CommandError(
                "Refusing to create demo accounts with a known password while DEBUG is off: "
                "use --no-users, or --allow-demo-accounts on a machine nobody else can reach."
            )
        self.random = random.Random(2026)
        self.now = timezone.now()
        home = self.home_page()
        self.site_settings(home)
        categories = self.categories()
        images = self.images()
        news_index = self.child(home, NewsIndexPage, "novyny", title="Новини",
                                intro="Новини міської ради, виконавчого комітету та комунальних підприємств.")
        events_index = self.child(home, EventIndexPage, "podii", title="Події",
                                  intro="Календар подій громади: прийоми, засідання, культурні заходи.")
        pages = {slug: self.standard_page(home, title, slug, intro, body)
                 for title, slug, intro, body in demo.STANDARD_PAGES}
        created = self.news(news_index, categories, images, options["news"])
        self.events(events_index, images)
        setup_roles()
        if not options["no_users"]:
            self.users()
        module_pages = self.module_content(home)
        self.menu(home, news_index, events_index, pages, module_pages)
        self.module_sections(home)
        setup_roles()  # again: the modules' index pages now exist and get their page permissions
        self.stdout.write(self.style.SUCCESS(
            f"Demo city ready: {NewsPage.objects.count()} news ({created} new), "
            f"{EventPage.objects.count()} events."
        ))

    # --- pages -----------------------------------------------------------------------------------
    def home_page(self) -> HomePage:
        home = HomePage.objects.first()
        root = Page.get_first_root_node()
        if home is None:
            default = Page.objects.filter(depth=2, slug="home").exclude(
                content_type__model="homepage").first()
            if default:  # Wagtail's "Welcome" page: give its slug to the real home page
                default.slug = "welcome-old"
                default.save()
            home = HomePage(
                title="Світлогірська міська рада", slug="home",
                intro="Офіційний портал громади: новини, рішення ради, послуги та участь мешканців.",
                sections=[
                    ("announcements", {"title": "Оголошення", "count": 4}),
                    ("quick_links", {"title": "Послуги", "links": []}),
                    ("news", {"title": "Новини", "count": 6, "category": None}),
                    ("events", {"title": "Найближчі події", "count": 3}),
                ],
            )
            publish(root, home)
            # The site answers at the address the portal runs on, so full URLs (API, feeds) are right.
            base = urlparse(django_settings.WAGTAILADMIN_BASE_URL)
            site = Site.objects.filter(is_default_site=True).first() or Site(is_default_site=True)
            site.hostname = base.hostname or "localhost"
            site.port = base.port or (443 if base.scheme == "https" else 80)
            site.root_page = home
            site.site_name = demo.CITY["city_name"]
            site.save()
            if default:
                default.delete()
        return home

    def child(self, parent, model, slug, **fields):
        existing = model.objects.child_of(parent).filter(slug=slug).first()
        return existing or publish(parent, model(slug=slug, **fields))

    def standard_page(self, home, title, slug, intro, body_spec):
        existing = StandardPage.objects.child_of(home).filter(slug=slug).first()
        if existing:
            return existing
        body = []
        for kind, value in body_spec:
            if kind == "heading":
                body.append(("heading", {"text": value, "level": "h2"}))
            elif kind == "paragraph":
                body.append(("paragraph", value))
            elif kind == "accordion":
                body.append(("accordion", {"heading": "Постійні комісії", "items": [
                    {"title": "З питань бюджету та фінансів",
                     "body": "<p>Розглядає проєкт бюджету, звіти про його виконання, програми розвитку.</p>"},
                    {"title": "З питань житлово-комунального господарства",
                     "body": "<p>Тарифи, благоустрій, управління комунальним майном.</p>"},
                    {"title": "З питань освіти, культури та спорту",
                     "body": "<p>Мережа закладів освіти, культурні програми, підтримка спорту.</p>"},
                ]}))
            elif kind == "contact":
                body.extend([
                    ("contact", {"name": "Загальний відділ", "position": "Приймальня міської ради",
                                 "phone": demo.CITY["phone"], "email": demo.CITY["email"],
                                 "address": demo.CITY["address"], "hours": demo.CITY["working_hours"]}),
                    ("contact", {"name": "Центр надання адміністративних послуг (ЦНАП)", "position": "",
                                 "phone": "+380 532 00 00 10", "email": "cnap@svitlohirsk.example",
                                 "address": "вул. Шевченка, 5", "hours": "Пн–Сб 8:00–20:00"}),
                ])
            elif kind == "table":
                body.append(("table", {"data": [
                    ["Набір даних", "Формат", "Оновлення"],
                    ["Рішення міської ради", "CSV, JSON", "щотижня"],
                    ["Результати поіменного голосування", "CSV, JSON", "у день засідання"],
                    ["Електронні петиції", "CSV, JSON", "щодня"],
                ], "first_row_is_table_header": True, "first_col_is_header": False, "table_caption": ""}))
        return publish(home, StandardPage(title=title, slug=slug, intro=intro, body=body, show_in_menus=True))

    # --- reference data --------------------------------------------------------------------------
    def categories(self) -> dict[str, NewsCategory]:
        result = {}
        for name, slug, description in demo.CATEGORIES:
            result[slug], _ = NewsCategory.objects.get_or_create(
                slug=slug, defaults={"name": name, "description": description})
        return result

    def images(self) -> list:
        Image = get_image_model()
        images = list(Image.objects.filter(title__startswith="Демо: ").order_by("pk"))
        if images:
            return images
        # The alt text says what the drawing shows: a skyline in the given colour.
        descriptions = [f"Схематичний силует міських будинків із сонцем на {tone} тлі" for tone in
                        ("синьому", "зеленому", "коричневому", "фіолетовому", "червоному", "бірюзовому")]
        for number, (colour, description) in enumerate(zip(PALETTE, descriptions, strict=True), start=1):
            canvas = self.cityscape(colour, seed=number)
            buffer = io.BytesIO()
            canvas.save(buffer, format="JPEG", quality=80)
            image = Image(title=f"Демо: {description}", description=description)
            image.file = ImageFile(buffer, name=f"demo-{number}.jpg")
            image.save()
            images.append(image)
        return images

    def cityscape(self, colour, *, seed: int) -> PILImage.Image:
        """A calm stylised city skyline, drawn locally: the demo needs no external image."""
        rng = random.Random(seed)
        canvas = PILImage.new("RGB", (1200, 750), tuple(min(255, c + 150) for c in colour))
        draw = ImageDraw.Draw(canvas)
        draw.ellipse([900, 90, 1020, 210], fill=(255, 214, 102))
        x = 0
        while x < 1200:
            width, height = rng.randint(90, 180), rng.randint(220, 520)
            shade = tuple(max(0, c - rng.randint(0, 40)) for c in colour)
            draw.rectangle([x, 750 - height, x + width - 8, 750], fill=shade)
            for wy in range(750 - height + 24, 730, 44):
                for wx in range(x + 14, x + width - 30, 32):
                    if rng.random() < 0.6:
                        draw.rectangle([wx, wy, wx + 14, wy + 20], fill=(255, 236, 170))
            x += width
        draw.rectangle([0, 700, 1200, 750], fill=tuple(max(0, c - 60) for c in colour))
        return canvas

    # --- news and events ---------------------------------------------------------------------------
    def news_items(self, count: int):
        items = list(demo.NEWS)
        month_cursor = 0
        while len(items) < count:
            month_cursor += 1
            date = self.now - datetime.timedelta(days=30 * month_cursor)
            month = MONTHS[date.month - 1]
            kind = month_cursor % 3
            if kind == 0:
                items.append((f"Засідання виконавчого комітету: {month} {date.year}",
                              "Виконавчий комітет розглянув питання благоустрою, тарифів і соціального захисту; "
                              "ухвалені рішення оприлюднено на порталі.", "zhkh", ["виконком"], True))
            elif kind == 1:
                items.append((f"Графік прийому громадян керівництвом ради на {month} {date.year}",
                              "Міський голова, секретар ради та заступники приймають мешканців за попереднім "
                              "записом у приймальні або в ЦНАП.", "sotszakhyst", ["прийом громадян"], True))
            else:
                items.append((f"Планові роботи на водогоні: {month} {date.year}",
                              "КП «Водоканал» попереджає про тимчасові відключення водопостачання через "
                              "заміну аварійних ділянок мережі.", "zhkh", ["вода", "ремонт"], False))
        return items[:count]

    def news(self, index, categories, images, count) -> int:
        created = 0
        existing = set(NewsPage.objects.child_of(index).values_list("title", flat=True))
        for number, (title, lead, category, tags, official) in enumerate(self.news_items(count)):
            if title in existing:
                continue
            date = self.now - datetime.timedelta(days=number * 9 + 1, hours=self.random.randint(0, 8))
            image = images[number % len(images)] if number % 4 != 3 else None
            page = NewsPage(
                title=title, slug=latin_slug(title), lead=lead, date=date, is_official=official,
                main_image=image, main_image_alt=image.description if image else "",
                body=[
                    ("paragraph", f"<p>{lead}</p>"),
                    ("paragraph", "<p>Детальну інформацію можна отримати в приймальні міської ради або "
                                  "за телефоном гарячої лінії. Слідкуйте за оновленнями на порталі.</p>"),
                ],
            )
            page.categories = [categories[category]]
            index.add_child(instance=page)
            page.tags.add(*tags)
            revision = page.save_revision()
            revision.publish()
            NewsPage.objects.filter(pk=page.pk).update(first_published_at=date, last_published_at=date)
            created += 1
        return created

    def events(self, index, images):
        for number, (title, days, hour, duration, place, address, lead) in enumerate(demo.EVENTS):
            if EventPage.objects.child_of(index).filter(title=title).exists():
                continue
            start = (self.now + datetime.timedelta(days=days)).replace(hour=hour, minute=0, second=0,
                                                                       microsecond=0)
            publish(index, EventPage(
                title=title, start=start, end=start + datetime.timedelta(hours=duration),
                location_name=place, address=address, lead=lead, organiser="Світлогірська міська рада",
                body=[("paragraph", f"<p>{lead} Вхід вільний.</p>")],
                image=images[number % len(images)], image_alt=images[number % len(images)].description,
            ))

    # --- settings, menu, accounts ------------------------------------------------------------------
    def site_settings(self, home):
        site = Site.objects.get(root_page=home)
        settings = PortalSettings.for_site(site)
        for field, value in demo.CITY.items():
            if not getattr(settings, field) or getattr(settings, field) in {"Місто", "Міська рада"}:
                setattr(settings, field, value)
        settings.save()

    def module_content(self, home) -> list[tuple[str, Page]]:
        """Each module whose manifest names a ``demo`` seeder seeds its own content: ``seed(home=..., command=...)``.

        It returns the (label, page) pairs it wants in the main menu; it must be idempotent too."""
        menu_pages = []
        for _config, manifest in modules():
            if manifest.demo:
                menu_pages += load(manifest.demo)(home=home, command=self) or []
        return menu_pages

    def module_sections(self, home) -> None:
        """The modules' home sections (petitions, consultations...) a module did not place itself, after the
        announcements; each once."""
        placed = {block.value["slot"] for block in home.sections if block.block_type == "module"}
        slots = [("module", {"slot": name}) for name, _label in home_slot_choices() if name not in placed]
        if not slots:
            return
        sections = [(block.block_type, block.value) for block in home.sections]
        after = next((n + 1 for n, (kind, _value) in enumerate(sections) if kind == "announcements"), 0)
        home.sections = sections[:after] + slots + sections[after:]
        home.save_revision().publish()

    def menu(self, home, news_index, events_index, pages, module_pages=()):
        site = Site.objects.get(root_page=home)
        settings = PortalSettings.for_site(site)
        if not settings.menu_items.exists():
            # News, events and the modules' pages on one line; the city pages are in the footer.
            for label, page in [("Новини", news_index), ("Події", events_index), *module_pages]:
                MainMenuItem.objects.create(setting=settings, label=label, link_page=page)
        if not settings.footer_links.exists():
            FooterLink.objects.create(setting=settings, label="Про місто", link_page=pages["pro-misto"])
            FooterLink.objects.create(setting=settings, label="Структура ради", link_page=pages["struktura-rady"])
            FooterLink.objects.create(setting=settings, label="Контакти", link_page=pages["kontakty"])
            FooterLink.objects.create(setting=settings, label="Відкриті дані", link_page=pages["vidkryti-dani"])
            FooterLink.objects.create(setting=settings, label="Єдиний державний вебпортал відкритих даних",
                                      link_url="https://data.gov.ua/")
        if not settings.social_links.exists():
            SocialLink.objects.create(setting=settings, network="facebook", url="https://www.facebook.com/")
            SocialLink.objects.create(setting=settings, network="telegram", url="https://t.me/")
        quick = [block for block in home.sections if block.block_type == "quick_links"]
        if quick and not quick[0].value["links"]:
            home.sections = [
                (block.block_type, block.value) if block.block_type != "quick_links" else
                ("quick_links", {"title": block.value["title"], "links": [
                    {"title": "Новини громади", "description": "Оголошення та новини ради",
                     "page": news_index, "url": ""},
                    {"title": "Календар подій", "description": "Прийоми, засідання, заходи",
                     "page": events_index, "url": ""},
                    {"title": "Контакти", "description": "Телефони та адреси підрозділів",
                     "page": pages["kontakty"], "url": ""},
                    {"title": "Відкриті дані", "description": "Реєстри у форматах CSV і JSON",
                     "page": pages["vidkryti-dani"], "url": ""},
                ]})
                for block in home.sections
            ]
            home.save_revision().publish()

    def users(self):
        User = get_user_model()
        accounts = [
            ("admin@svitlohirsk.example", "Адміністратор Порталу", True, None),
            ("press@svitlohirsk.example", "Коваленко Олена Петрівна", False, "press_office"),
            ("resident@svitlohirsk.example", "Шевчук Андрій Іванович", False, None),
        ]
        for email, full_name, superuser, role in accounts:
            user = User.objects.filter(email=email).first()
            if user is None:
                user = User(username=email.split("@")[0], email=email, full_name=full_name,
                            is_superuser=superuser, is_staff=superuser)
                user.set_password(DEMO_PASSWORD)
                user.save()
            EmailAddress.objects.get_or_create(user=user, email=email,
                                               defaults={"verified": True, "primary": True})
            if role:
                user.groups.add(role_group(role))
        self.stdout.write(
            f"Demo accounts (password for each: {DEMO_PASSWORD}):\n"
            "  administrator  admin@svitlohirsk.example\n"
            "  press office   press@svitlohirsk.example\n"
            "  resident       resident@svitlohirsk.example"
        )
