"""StreamField blocks: cross-field rules, local video embeds, click-to-load video, module slots."""
from dataclasses import replace

import pytest
from django.apps import apps
from django.core.exceptions import ValidationError
from django.utils.html import format_html
from wagtail.blocks import StructBlockValidationError

from cms import slots
from cms.modules import HomeSlot
from home.blocks import (
    ContactCardBlock,
    FigureBlock,
    HeadingBlock,
    ModuleSlotBlock,
    QuickLinkBlock,
    VideoBlock,
    video_embed_url,
)


def struct_value(block, data):
    return block.to_python(data)


class TestContactCard:
    block = ContactCardBlock()

    def test_needs_a_phone_an_email_or_an_address(self):
        value = struct_value(self.block, {"name": "Загальний відділ", "position": "Приймальня", "hours": "8–17"})

        with pytest.raises(StructBlockValidationError) as caught:
            self.block.clean(value)

        assert set(caught.value.block_errors) == {"phone"}

    @pytest.mark.parametrize("field", [{"phone": "+380 532 00 00 00"}, {"email": "rada@misto.example"},
                                       {"address": "вул. Соборна, 1"}])
    def test_any_one_way_to_reach_is_enough(self, field):
        value = struct_value(self.block, {"name": "Загальний відділ", **field})

        cleaned = self.block.clean(value)

        assert cleaned["name"] == "Загальний відділ"

    def test_bad_email_is_refused(self):
        with pytest.raises(StructBlockValidationError) as caught:
            self.block.clean(struct_value(self.block, {"name": "Відділ", "email": "not-an-address"}))

        assert "email" in caught.value.block_errors

    def test_renders_links_to_call_and_write(self):
        html = self.block.render(struct_value(self.block, {
            "name": "ЦНАП", "phone": "+380 532 00 00 10", "email": "cnap@misto.example", "address": "вул. Шевченка, 5",
        }))

        assert 'href="tel:+380532000010"' in html
        assert 'href="mailto:cnap@misto.example"' in html
        assert "вул. Шевченка, 5" in html


@pytest.mark.django_db
class TestQuickLink:
    block = QuickLinkBlock()

    def test_needs_a_page_or_an_address(self):
        with pytest.raises(StructBlockValidationError) as caught:
            self.block.clean(struct_value(self.block, {"title": "Послуги", "page": None, "url": ""}))

        assert set(caught.value.block_errors) == {"url"}

    def test_refuses_both_a_page_and_an_address(self, home_page):
        value = struct_value(self.block, {"title": "Послуги", "page": home_page.pk, "url": "https://diia.gov.ua/"})

        with pytest.raises(StructBlockValidationError):
            self.block.clean(value)

    def test_a_page_alone_is_accepted(self, home_page):
        cleaned = self.block.clean(struct_value(self.block, {"title": "Головна", "page": home_page.pk, "url": ""}))

        assert cleaned["page"].pk == home_page.pk

    def test_an_address_alone_is_accepted(self):
        cleaned = self.block.clean(struct_value(self.block, {"title": "Дія", "page": None,
                                                             "url": "https://diia.gov.ua/"}))

        assert cleaned["url"] == "https://diia.gov.ua/"


@pytest.mark.parametrize(("url", "embed"), [
    ("https://www.youtube.com/watch?v=dQw4w9WgXcQ", "https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ"),
    ("https://youtube.com/watch?v=dQw4w9WgXcQ&t=42", "https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ"),
    ("https://m.youtube.com/watch?v=dQw4w9WgXcQ", "https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ"),
    ("https://youtu.be/dQw4w9WgXcQ", "https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ"),
    ("https://youtu.be/dQw4w9WgXcQ?si=abc", "https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ"),
    ("https://www.youtube.com/embed/dQw4w9WgXcQ", "https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ"),
    ("https://www.youtube.com/live/dQw4w9WgXcQ", "https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ"),
    ("https://www.youtube.com/shorts/dQw4w9WgXcQ", "https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ"),
    ("https://vimeo.com/76979871", "https://player.vimeo.com/video/76979871"),
    ("https://player.vimeo.com/video/76979871", "https://player.vimeo.com/video/76979871"),
    ("https://vimeo.com/channels/staffpicks/76979871", "https://player.vimeo.com/video/76979871"),
    ("https://www.youtube.com/watch?v=short", None),
    ("https://www.youtube.com/watch?v=dQw4w9WgXcQ\"><script>", None),
    ("https://www.youtube.com/channel/UC123", None),
    ("https://vimeo.com/about", None),
    ("https://rada.example/video/sesiia.mp4", None),
    ("https://notyoutube.com/watch?v=dQw4w9WgXcQ", None),
])
def test_video_embed_url(url, embed):
    assert video_embed_url(url) == embed


class TestVideoBlock:
    block = VideoBlock()

    def test_youtube_video_loads_only_on_click(self):
        html = self.block.render(struct_value(self.block, {
            "url": "https://youtu.be/dQw4w9WgXcQ", "title": "Сесія міської ради", "transcript": "",
        }))

        assert "<iframe" not in html
        assert 'data-video-embed="https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ"' in html
        assert 'href="https://youtu.be/dQw4w9WgXcQ"' in html  # works without JavaScript
        assert "Сесія міської ради" in html

    def test_other_video_is_a_plain_link(self):
        html = self.block.render(struct_value(self.block, {
            "url": "https://rada.example/video/sesiia.mp4", "title": "Запис сесії", "transcript": "<p>Текст</p>",
        }))

        assert "<iframe" not in html
        assert "data-video-embed" not in html
        assert 'href="https://rada.example/video/sesiia.mp4"' in html
        assert "<summary>" in html and "Текст" in html


def test_heading_level():
    block = HeadingBlock()

    assert block.render(struct_value(block, {"text": "Як отримати", "level": "h3"})).strip() == "<h3>Як отримати</h3>"
    assert block.render(struct_value(block, {"text": "Розділ", "level": "h2"})).strip() == "<h2>Розділ</h2>"


@pytest.mark.django_db
class TestFigure:
    block = FigureBlock()

    def test_renders_the_alt_text_and_caption(self, image):
        value = struct_value(self.block, {
            "image": {"image": image.pk, "alt_text": "Будівля ради", "decorative": False}, "caption": "Фото з архіву",
        })

        html = self.block.render(value)

        assert 'alt="Будівля ради"' in html
        assert "<figcaption>Фото з архіву</figcaption>" in html

    def test_image_without_alt_text_is_refused(self, image):
        value = struct_value(self.block, {"image": {"image": image.pk, "alt_text": "", "decorative": False},
                                          "caption": ""})

        with pytest.raises((StructBlockValidationError, ValidationError)):
            self.block.clean(value)


def _render_live_session(request):
    SEEN.append(request)
    return format_html('<section class="live-session">{}</section>', "Пряма трансляція сесії")


SEEN = []
TEST_SLOTS = (
    HomeSlot("live_session", "Пряма трансляція", f"{__name__}._render_live_session"),
    HomeSlot("careless", "Без екранування", f"{__name__}._render_careless"),
    HomeSlot("quiet", "Нічого", f"{__name__}._render_quiet"),
)


def _render_careless(request):
    return "<script>alert(1)</script>"


def _render_quiet(request):
    return None


@pytest.fixture
def registered_slot(monkeypatch):
    """A module's home-page sections, declared the way a module's manifest does, for this test only."""
    home = apps.get_app_config("home")
    monkeypatch.setattr(home, "manifest", replace(home.manifest, home_slots=home.manifest.home_slots + TEST_SLOTS))
    SEEN.clear()
    return SEEN


class TestModuleSlot:
    block = ModuleSlotBlock()

    def test_registered_slot_is_offered_to_editors(self, registered_slot):
        assert ("live_session", "Пряма трансляція") in slots.home_slot_choices()
        assert "live_session" in [choice[0] for choice in self.block.child_blocks["slot"].field.choices]

    def test_renders_a_registered_slot_with_the_request(self, registered_slot, rf):
        request = rf.get("/")

        html = self.block.render(struct_value(self.block, {"slot": "live_session"}), context={"request": request})

        assert '<section class="live-session">Пряма трансляція сесії</section>' in html
        assert registered_slot == [request]

    def test_plain_string_from_a_module_is_escaped(self, registered_slot, rf):
        html = self.block.render(struct_value(self.block, {"slot": "careless"}), context={"request": rf.get("/")})

        assert "<script>" not in html
        assert "&lt;script&gt;" in html

    def test_unknown_slot_renders_nothing(self, registered_slot, rf):
        html = self.block.render(struct_value(self.block, {"slot": "removed_module"}), context={"request": rf.get("/")})

        assert html.strip() == ""

    def test_slot_with_nothing_to_show_renders_nothing(self, registered_slot, rf):
        html = self.block.render(struct_value(self.block, {"slot": "quiet"}), context={"request": rf.get("/")})

        assert html.strip() == ""

    @pytest.mark.django_db
    def test_slot_on_the_home_page(self, registered_slot, client, home_page):
        home_page.sections = [("module", {"slot": "live_session"}), ("module", {"slot": "removed_module"})]
        home_page.save()

        response = client.get("/")

        assert response.status_code == 200
        assert response.content.decode().count("Пряма трансляція сесії") == 1


def test_table_renders_as_an_accessible_html_table():
    from home.blocks import BaseStreamBlock

    table = BaseStreamBlock().child_blocks["table"]
    value = table.to_python({
        "data": [["Набір даних", "Формат"], ["Рішення ради", "CSV, JSON"]],
        "first_row_is_table_header": True, "first_col_is_header": False, "table_caption": "Реєстри",
    })
    html = str(table.render(value))
    assert '<div class="table-wrap">' in html
    assert "<caption>Реєстри</caption>" in html
    assert '<th scope="col"' in html and "Набір даних" in html
    assert "<td" in html and "CSV, JSON" in html
    assert "{'data'" not in html
