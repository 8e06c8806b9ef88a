"""StreamField blocks of the city site; every page body shares BaseStreamBlock."""
import re
from urllib.parse import parse_qs, urlparse

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.blocks import StructBlockValidationError
from wagtail.contrib.table_block.blocks import TableBlock
from wagtail.documents.blocks import DocumentChooserBlock
from wagtail.images.blocks import ImageBlock
from wagtail.snippets.blocks import SnippetChooserBlock

RICH_TEXT_FEATURES = ["h2", "h3", "h4", "bold", "italic", "ol", "ul", "link", "document-link", "hr", "blockquote"]


class HeadingBlock(blocks.StructBlock):
    text = blocks.CharBlock(label=_("Heading text"), max_length=200)
    level = blocks.ChoiceBlock(
        label=_("Level"),
        choices=[("h2", _("Section heading")), ("h3", _("Subsection heading"))],
        default="h2",
        help_text=_("Use section headings first; subsection headings go under them."),
    )

    class Meta:
        icon = "title"
        template = "home/blocks/heading.html"
        label = _("Heading")
        description = _("A heading that structures the page and appears in screen-reader navigation.")
        preview_value = {"text": "Як отримати послугу", "level": "h2"}


class PortalImageBlock(ImageBlock):
    """Wagtail's image-with-alt-text block whose inner chooser is labelled in the editor's language (Wagtail names it
    after the field, «Image», untranslated). Deconstructs as Wagtail's ImageBlock, so migrations are unchanged."""

    def __init__(self, required=True, **kwargs):
        super().__init__(required=required, **kwargs)
        self.child_blocks["image"].label = _("Image")


class FigureBlock(blocks.StructBlock):
    image = PortalImageBlock(
        label=_("Image"),
        help_text=_("Describe the image for people who cannot see it, or mark it as decorative."),
    )
    caption = blocks.CharBlock(label=_("Caption"), required=False, max_length=300)

    class Meta:
        icon = "image"
        template = "home/blocks/figure.html"
        label = _("Image")
        description = _("An image with alternative text and an optional caption.")


class DocumentItemBlock(blocks.StructBlock):
    document = DocumentChooserBlock(label=_("Document"))
    title = blocks.CharBlock(
        label=_("Title shown to visitors"), required=False, max_length=255,
        help_text=_("Leave empty to use the document's own title."),
    )


class DocumentListBlock(blocks.StructBlock):
    heading = blocks.CharBlock(label=_("Heading"), required=False, max_length=200)
    documents = blocks.ListBlock(DocumentItemBlock(), label=_("Documents"), min_num=1)

    class Meta:
        icon = "doc-full"
        template = "home/blocks/document_list.html"
        label = _("Document list")
        description = _("Downloadable documents with their format and size.")


class AccordionItemBlock(blocks.StructBlock):
    title = blocks.CharBlock(label=_("Question or title"), max_length=255)
    body = blocks.RichTextBlock(label=_("Answer or text"), features=RICH_TEXT_FEATURES)


class AccordionBlock(blocks.StructBlock):
    heading = blocks.CharBlock(label=_("Heading"), required=False, max_length=200)
    items = blocks.ListBlock(AccordionItemBlock(), label=_("Sections"), min_num=1)

    class Meta:
        icon = "list-ul"
        template = "home/blocks/accordion.html"
        label = _("Accordion")
        description = _("Sections that open and close, e.g. frequently asked questions.")


class ContactCardBlock(blocks.StructBlock):
    name = blocks.CharBlock(label=_("Name or department"), max_length=255)
    position = blocks.CharBlock(label=_("Position"), required=False, max_length=255)
    phone = blocks.CharBlock(label=_("Phone"), required=False, max_length=50)
    email = blocks.EmailBlock(label=_("E-mail"), required=False)
    address = blocks.CharBlock(label=_("Address"), required=False, max_length=255)
    hours = blocks.CharBlock(label=_("Reception hours"), required=False, max_length=255)

    class Meta:
        icon = "user"
        template = "home/blocks/contact_card.html"
        label = _("Contact card")
        description = _("How to reach a person or a department.")

    def clean(self, value):
        value = super().clean(value)
        if not (value.get("phone") or value.get("email") or value.get("address")):
            raise StructBlockValidationError(
                block_errors={"phone": ValidationError(_("Give at least a phone, an e-mail or an address."))}
            )
        return value


_YOUTUBE_ID = re.compile(r"^[A-Za-z0-9_-]{11}$")


def video_embed_url(url: str) -> str | None:
    """Embed address for YouTube and Vimeo links, computed locally (no oEmbed request)."""
    parsed = urlparse(url)
    host = (parsed.hostname or "").lower().removeprefix("www.").removeprefix("m.")
    video_id = None
    if host == "youtu.be":
        video_id = parsed.path.strip("/").split("/")[0]
    elif host in {"youtube.com", "youtube-nocookie.com"}:
        if parsed.path == "/watch":
            video_id = parse_qs(parsed.query).get("v", [""])[0]
        elif parsed.path.startswith(("/embed/", "/live/", "/shorts/")):
            video_id = parsed.path.split("/")[2]
    if video_id and _YOUTUBE_ID.match(video_id):
        return f"https://www.youtube-nocookie.com/embed/{video_id}"
    if host in {"vimeo.com", "player.vimeo.com"}:
        digits = [part for part in parsed.path.split("/") if part.isdigit()]
        if digits:
            return f"https://player.vimeo.com/video/{digits[0]}"
    return None


class VideoBlock(blocks.StructBlock):
    url = blocks.URLBlock(
        label=_("Video address"),
        help_text=_("A YouTube or Vimeo link, or a link to a video file or another site."),
    )
    title = blocks.CharBlock(
        label=_("Video title"), max_length=255,
        help_text=_("Says what the video is; read by screen readers and shown on the play button."),
    )
    transcript = blocks.RichTextBlock(
        label=_("Transcript or summary"), required=False, features=["bold", "italic", "link", "ul"]
    )

    class Meta:
        icon = "media"
        template = "home/blocks/video.html"
        label = _("Video")
        description = _("A video that loads only when the visitor presses play.")

    def get_context(self, value, parent_context=None):
        context = super().get_context(value, parent_context)
        context["embed_url"] = video_embed_url(value["url"])
        return context


class BaseStreamBlock(blocks.StreamBlock):
    """The body of every editorial page."""

    heading = HeadingBlock()
    paragraph = blocks.RichTextBlock(
        label=_("Text"), features=RICH_TEXT_FEATURES, icon="pilcrow",
        description=_("Paragraphs, lists and links."),
        preview_value="<p>Текст рішення набирає чинності з дня оприлюднення.</p>",
    )
    image = FigureBlock()
    documents = DocumentListBlock()
    table = TableBlock(
        label=_("Table"),
        table_options={"startRows": 3, "startCols": 3, "colHeaders": False, "rowHeaders": False},
        description=_("A simple table; use the first row as headers."),
        template="home/blocks/table.html",
    )
    accordion = AccordionBlock()
    contact = ContactCardBlock()
    video = VideoBlock()

    class Meta:
        block_counts = {}


class QuickLinkBlock(blocks.StructBlock):
    title = blocks.CharBlock(label=_("Title"), max_length=100)
    description = blocks.CharBlock(label=_("Short description"), required=False, max_length=200)
    page = blocks.PageChooserBlock(label=_("Page on this site"), required=False)
    url = blocks.URLBlock(label=_("Or an external address"), required=False)

    class Meta:
        icon = "link"
        label = _("Quick link")

    def clean(self, value):
        value = super().clean(value)
        if bool(value.get("page")) == bool(value.get("url")):
            raise StructBlockValidationError(
                block_errors={"url": ValidationError(_("Choose a page or give an address (one of the two)."))}
            )
        return value


class NewsFeedBlock(blocks.StructBlock):
    title = blocks.CharBlock(label=_("Section title"), max_length=100, default="Новини")
    count = blocks.IntegerBlock(label=_("How many news items"), min_value=1, max_value=12, default=6)
    category = SnippetChooserBlock("home.NewsCategory", label=_("Only this category"), required=False)

    class Meta:
        icon = "doc-full-inverse"
        template = "home/blocks/news_feed.html"
        label = _("Latest news")
        description = _("The newest articles, optionally of one category.")


class AnnouncementsBlock(blocks.StructBlock):
    title = blocks.CharBlock(label=_("Section title"), max_length=100, default="Оголошення")
    count = blocks.IntegerBlock(label=_("How many announcements"), min_value=1, max_value=10, default=4)

    class Meta:
        icon = "warning"
        template = "home/blocks/announcements.html"
        label = _("Official announcements")
        description = _("News marked as official announcements, newest first.")


class QuickLinksBlock(blocks.StructBlock):
    title = blocks.CharBlock(label=_("Section title"), max_length=100, default="Послуги")
    links = blocks.ListBlock(QuickLinkBlock(), label=_("Links"), min_num=1, max_num=12)

    class Meta:
        icon = "link"
        template = "home/blocks/quick_links.html"
        label = _("Quick links to services")
        description = _("Large links to the services residents need most.")


class EventsBlock(blocks.StructBlock):
    title = blocks.CharBlock(label=_("Section title"), max_length=100, default="Події")
    count = blocks.IntegerBlock(label=_("How many events"), min_value=1, max_value=10, default=3)

    class Meta:
        icon = "date"
        template = "home/blocks/events.html"
        label = _("Upcoming events")
        description = _("The next events from the calendar.")


def module_slot_choices():
    from cms.slots import home_slot_choices

    return home_slot_choices()


class ModuleSlotBlock(blocks.StructBlock):
    slot = blocks.ChoiceBlock(
        label=_("Module"), choices=module_slot_choices,
        help_text=_("What a portal module shows here, e.g. the live session or active petitions."),
    )

    class Meta:
        icon = "placeholder"
        template = "home/blocks/module_slot.html"
        label = _("Module section")
        description = _("A section filled by a portal module (sessions, petitions, budget, consultations).")

    def get_context(self, value, parent_context=None):
        from cms.slots import render_home_slot

        context = super().get_context(value, parent_context)
        request = (parent_context or {}).get("request")
        context["slot_html"] = render_home_slot(value["slot"], request)
        return context


class HomeSectionsBlock(blocks.StreamBlock):
    news = NewsFeedBlock()
    announcements = AnnouncementsBlock()
    quick_links = QuickLinksBlock()
    events = EventsBlock()
    module = ModuleSlotBlock()
    text = blocks.RichTextBlock(label=_("Text"), features=RICH_TEXT_FEATURES, icon="pilcrow")
