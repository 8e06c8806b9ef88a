"""Signal receivers of the city site: cached news facets follow every change of pages and categories."""
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver
from wagtail.signals import page_published, page_unpublished

from .models import NewsCategory
from .selectors import bump_news_facets_version


@receiver(page_published)
@receiver(page_unpublished)
@receiver(post_delete, sender="wagtailcore.Page")
@receiver(post_save, sender=NewsCategory)
@receiver(post_delete, sender=NewsCategory)
def news_facets_changed(sender, **kwargs):
    bump_news_facets_version()
