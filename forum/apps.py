"""The community forum: residents' topics on local issues, pre-moderated, discussed with the shared comments."""
from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from cms.modules import Api, CachedPages, Grant, Manifest


class ForumConfig(AppConfig):
    name = "forum"
    verbose_name = _("Forum")
    manifest = Manifest(
        search_types="forum.search_types.SEARCH_TYPES",
        api=(Api("/participation/forum/", "forum.api.router"),),
        roles={"moderators": Grant(models=(
            "forum.view_forumtopic", "forum.change_forumtopic", "forum.moderate_forumtopic", "forum.add_forumcategory",
            "forum.change_forumcategory", "forum.delete_forumcategory", "forum.view_forumcategory"))},
        # The forum's list and each topic's page show its topics and categories (a topic published, hidden, closed).
        cached_pages=(CachedPages(models=("forum.ForumTopic", "forum.ForumCategory"),
                                  addresses="forum.selectors.cached_addresses"),),
        personal_data=("forum.exporters.export_forum_topics",),
        demo="forum.demo.seed",
    )

    def ready(self):
        from . import signals  # noqa: F401  (a comment moves its topic up)
