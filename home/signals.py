"""Signal receivers of the city site: cached news facets and cached site links follow every change of pages,
categories and links, so visitors see an editor's change on the next request."""
from django.db.models.signals import post_delete, post_save, pre_delete
from django.dispatch import receiver
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from wagtail.images import get_image_model
from wagtail.models import Page, Site
from wagtail.signals import page_published, page_unpublished, post_page_move

from cms import pagecache
from cms.page_api import absolute
from cms.webhooks import emit_event, register_event

from .models import FooterLink, MainMenuItem, NewsCategory, PortalSettings, SocialLink
from .selectors import bump_news_facets_version, bump_site_links_version

SITE_CHANGED = register_event("site.changed", _("Site frame changed (identity, menu, footer, social links)")).code


@receiver(page_published)
@receiver(page_unpublished)
@receiver(post_page_move)  # the cached counts of both indexes change
@receiver(post_delete, sender="wagtailcore.Page")
@receiver(post_save, sender=NewsCategory)
@receiver(post_delete, sender=NewsCategory)
def news_facets_changed(sender, **kwargs):
    bump_news_facets_version()
    if sender is NewsCategory:  # category names show on every article and list: the pages are purged too
        pagecache.purge_all()


# Deleting a page (its links are set to none before the signal) or editing the links, the settings or the sites
# changes the cached links of a site.
@receiver(post_delete, sender="wagtailcore.Page")
@receiver(post_delete, sender=PortalSettings)
@receiver(post_save, sender=MainMenuItem)
@receiver(post_delete, sender=MainMenuItem)
@receiver(post_save, sender=FooterLink)
@receiver(post_delete, sender=FooterLink)
@receiver(post_save, sender=SocialLink)
@receiver(post_delete, sender=SocialLink)
@receiver(post_save, sender=Site)
@receiver(post_delete, sender=Site)
def site_links_changed(sender, **kwargs):
    bump_site_links_version()
    pagecache.purge_all()  # the menu, footer and city identity are on every page


@receiver(post_save, sender=get_image_model())
@receiver(pre_delete, sender=get_image_model())
def coat_of_arms_changed(sender, instance, **kwargs):
    # The coat of arms is cached with the settings and shown on every page; any other image is purged from the
    # pages showing it only (cms.signals, through Wagtail's reference index).
    if PortalSettings.objects.filter(coat_of_arms=instance).exists():
        site_links_changed(sender)


@receiver(post_save, sender=PortalSettings)
def portal_settings_saved(sender, instance, created=False, **kwargs):
    # A site's settings row is created on its first request (nothing of it is cached yet): only edits matter.
    if not created:
        bump_site_links_version()
        pagecache.purge_all()
        # The settings form saves the identity, menu, footer and social links together: one event per save,
        # sent after the commit, when the links are saved too.
        emit_event(event_type=SITE_CHANGED, object_type="wagtailcore.Site", object_id=instance.site_id,
                   url=absolute(reverse("wagtailapi_v3:home_site_frame")), data={"site_id": instance.site_id})


def _is_linked(page) -> bool:
    """Whether a menu or footer link leads to this page or below it (their addresses follow its slug and place)."""
    path = Page.objects.filter(pk=page.pk).values_list("path", flat=True).first() or page.path
    return (MainMenuItem.objects.filter(link_page__path__startswith=path).exists()
            or FooterLink.objects.filter(link_page__path__startswith=path).exists())


@receiver(page_published)
@receiver(page_unpublished)
@receiver(post_page_move)
def linked_page_changed(sender, instance, **kwargs):
    # Publishing may change a slug, unpublishing hides a link, moving changes the addresses below the page.
    if _is_linked(instance):
        bump_site_links_version()
        pagecache.purge_all()
