"""Admin of the forum, inside the "Модерація" menu: the topics queue, categories, dashboard panel, audit log."""
import django_filters
from django.core.exceptions import PermissionDenied
from django.db.models import Case, IntegerField, Value, When
from django.urls import path
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.ui.components import Component
from wagtail.admin.ui.tables import Column, DateColumn, TitleColumn
from wagtail.admin.views.generic import IndexView
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.log_actions import LogFormatter
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from participation.wagtail_hooks import MODERATION_MENU_HOOK

from . import admin_views, selectors
from .models import ForumCategory, ForumTopic
from .services import MODERATE_PERMISSION


@hooks.register("register_log_actions")
def register_forum_actions(actions):
    actions.register_action("forum.topic.publish", _("Publish forum topic"), _("Forum topic published"))

    @actions.register_action("forum.topic.hide")
    class HideTopic(LogFormatter):
        label = _("Hide forum topic")

        def format_message(self, log_entry):
            reason = (log_entry.data or {}).get("reason", "")
            return _("Forum topic hidden: %(reason)s") % {"reason": reason} if reason else _("Forum topic hidden")

    actions.register_action("forum.topic.restore", _("Restore forum topic"), _("Forum topic restored"))

    @actions.register_action("forum.topic.close")
    class CloseTopic(LogFormatter):
        label = _("Close forum topic")

        def format_message(self, log_entry):
            reason = (log_entry.data or {}).get("reason", "")
            return _("Forum topic closed: %(reason)s") % {"reason": reason} if reason else _("Forum topic closed")

    @actions.register_action("forum.topic.reopen")
    class ReopenTopic(LogFormatter):
        label = _("Reopen forum topic")

        def format_message(self, log_entry):
            reason = (log_entry.data or {}).get("reason", "")
            return _("Forum topic reopened: %(reason)s") % {"reason": reason} if reason else _("Forum topic reopened")


class SelectColumn(Column):
    """A checkbox that belongs to the bulk form below the table (HTML form attribute: no JavaScript needed)."""

    cell_template_name = "forum/admin/select_cell.html"


class TopicIndexView(IndexView):
    # Topics waiting for a moderator first, newest first within each group (a column header re-sorts).
    default_ordering = ["waiting", "-created_at"]

    def get_add_url(self):
        return None  # residents start topics on the site; moderators act on them here

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["can_moderate"] = self.request.user.has_perm(MODERATE_PERMISSION)
        return context

    def get_base_queryset(self):
        # ModelViewSet has no queryset hook of its own: the index view builds it.
        waiting_first = Case(When(status=ForumTopic.Status.PENDING, then=Value(0)), default=Value(1),
                             output_field=IntegerField())
        return ForumTopic.objects.select_related("author", "category").annotate(waiting=waiting_first)


class TopicFilterSet(WagtailFilterSet):
    status = django_filters.ChoiceFilter(label=_("Status"), choices=ForumTopic.Status.choices)
    category = django_filters.ModelChoiceFilter(label=_("Category"), queryset=ForumCategory.objects.all())

    class Meta:
        model = ForumTopic
        fields = ["status", "category"]


class ForumTopicViewSet(ModelViewSet):
    """The topics queue: waiting topics first; "edit" is the moderation page; topics are never added here."""

    model = ForumTopic
    name = "topic"
    url_prefix = "forum/topics"
    url_namespace = "forum_topic"
    icon = "list-ul"
    menu_label = _("Forum topics")
    menu_name = "moderation-forum-topics"
    menu_hook = MODERATION_MENU_HOOK
    menu_order = 3
    filterset_class = TopicFilterSet
    search_fields = ["title", "body"]
    copy_view_enabled = False
    inspect_view_enabled = True
    list_per_page = 50
    index_view_class = TopicIndexView
    index_template_name = "forum/admin/topic_index.html"

    @cached_property
    def list_display(self):
        return [
            SelectColumn("select", label=_("Select")),
            TitleColumn("title", label=_("Topic"), url_name=self.get_url_name("edit")),
            Column("author_name", label=_("Author")),
            Column("category", label=_("Category")),
            Column("get_status_display", label=_("Status")),
            DateColumn("created_at", label=_("Sent"), sort_key="created_at"),
            DateColumn("last_activity_at", label=_("Last activity"), sort_key="last_activity_at"),
        ]

    def get_urlpatterns(self):
        return super().get_urlpatterns() + [path("bulk/", admin_views.bulk_moderate, name="bulk")]

    @property
    def add_view(self):
        def refuse(request):
            raise PermissionDenied  # residents start topics; moderators only act on them

        return refuse

    @property
    def edit_view(self):
        return admin_views.moderate_topic


class ForumCategoryViewSet(SnippetViewSet):
    model = ForumCategory
    icon = "tag"
    menu_label = _("Forum categories")
    menu_name = "moderation-forum-categories"
    menu_hook = MODERATION_MENU_HOOK
    menu_order = 4
    list_display = ["name", "slug", "order"]
    search_fields = ["name"]


@hooks.register("register_admin_viewset")
def register_topics():
    return ForumTopicViewSet()


register_snippet(ForumCategoryViewSet)


class TopicsWaitingPanel(Component):
    name = "forum_topics_waiting"
    template_name = "forum/admin/dashboard_panel.html"
    order = 95  # right after the comments queue (participation.panels)

    def get_context_data(self, parent_context):
        queue = selectors.pending_topics()
        return {"topics": list(queue[:5]), "count": queue.count(), "request": parent_context["request"]}


@hooks.register("construct_homepage_panels")
def add_topics_waiting_panel(request, panels):
    if request.user.has_perm(MODERATE_PERMISSION):
        panels.append(TopicsWaitingPanel())
