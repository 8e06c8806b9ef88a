"""Admin of discussions: the moderation queue ("Модерація"), suspensions, and the audit-log actions."""
import django_filters
from django.core.exceptions import PermissionDenied
from django.urls import path
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.ui.tables import Column, DateColumn, TitleColumn
from wagtail.admin.views.generic import IndexView
from wagtail.admin.viewsets.model import ModelViewSet, ModelViewSetGroup
from wagtail.log_actions import LogFormatter

from cms.admin_viewsets import ScopedModelViewSet

from . import admin_views
from .models import Comment, UserSuspension
from .panels import moderation_panels
from .services import MODERATE_PERMISSION

MODERATION_MENU_HOOK = "register_moderation_menu_item"


@hooks.register("register_log_actions")
def register_participation_actions(actions):
    actions.register_action("participation.comment.approve", _("Approve comment"), _("Comment approved"))

    @actions.register_action("participation.comment.hide")
    class HideComment(LogFormatter):
        label = _("Hide comment")

        def format_message(self, log_entry):
            reason = (log_entry.data or {}).get("reason", "")
            return _("Comment hidden: %(reason)s") % {"reason": reason} if reason else _("Comment hidden")

    actions.register_action("participation.comment.restore", _("Restore comment"), _("Comment restored"))

    @actions.register_action("participation.user.suspend")
    class SuspendUser(LogFormatter):
        label = _("Suspend user")

        def format_message(self, log_entry):
            data = log_entry.data or {}
            return _("User suspended until %(until)s: %(reason)s") % {
                "until": (data.get("until") or "")[:16].replace("T", " "), "reason": data.get("reason", "")}


class SelectColumn(Column):
    """A checkbox that belongs to the bulk form below the table (HTML form attribute: no JavaScript needed)."""

    cell_template_name = "participation/admin/select_cell.html"


class CommentIndexView(IndexView):
    def get_add_url(self):
        return None  # no "Add" button: residents write comments, moderators act on them

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["can_moderate"] = self.request.user.has_perm(MODERATE_PERMISSION)
        return context

    def get_base_queryset(self):
        # The viewset has no queryset hook in Wagtail 8: reported comments first, authors joined.
        return Comment.objects.select_related("author").order_by("-open_reports", "-created_at")


class CommentFilterSet(WagtailFilterSet):
    status = django_filters.ChoiceFilter(label=_("Status"), choices=Comment.Status.choices)
    reported = django_filters.BooleanFilter(label=_("Has open reports"), method="filter_reported")

    class Meta:
        model = Comment
        fields = ["status", "reported", "is_deleted"]

    def filter_reported(self, queryset, name, value):
        return queryset.filter(open_reports__gt=0) if value else queryset.filter(open_reports=0)


class CommentViewSet(ModelViewSet):
    """The queue: "edit" is the moderation page, so every row opens it; comments are never added here."""

    model = Comment
    name = "comment"
    url_prefix = "participation/comments"
    url_namespace = "participation_comment"
    icon = "comment"
    menu_label = _("Comments")
    menu_name = "moderation-comments"
    filterset_class = CommentFilterSet
    search_fields = ["body"]
    copy_view_enabled = False
    inspect_view_enabled = True
    list_per_page = 50

    index_view_class = CommentIndexView
    index_template_name = "participation/admin/comment_index.html"

    @cached_property
    def list_display(self):
        return [
            SelectColumn("select", label=_("Select")),
            TitleColumn("excerpt", label=_("Comment"), url_name=self.get_url_name("edit")),
            Column("author_name", label=_("Author")),
            Column("get_status_display", label=_("Status")),
            Column("open_reports", label=_("Open reports"), sort_key="open_reports"),
            DateColumn("created_at", label=_("Posted"), sort_key="created_at"),
        ]

    def get_urlpatterns(self):
        return super().get_urlpatterns() + [path("bulk/", admin_views.bulk_moderate, name="bulk")]

    @property
    def add_view(self):
        def refuse(request):
            raise PermissionDenied  # residents write comments; moderators only act on them

        return refuse

    @property
    def edit_view(self):
        return admin_views.moderate_comment


class SuspensionViewSet(ScopedModelViewSet):
    model = UserSuspension
    name = "suspension"
    url_prefix = "participation/suspensions"
    url_namespace = "participation_suspension"
    icon = "warning"
    menu_label = _("Suspensions")
    menu_name = "moderation-suspensions"
    list_display = ["user", "starts_at", "until", "reason", "moderator"]
    form_fields = ["until", "reason"]
    copy_view_enabled = False
    inspect_view_enabled = True

    def base_queryset(self):
        return UserSuspension.objects.select_related("user", "moderator")


class ModerationGroup(ModelViewSetGroup):
    menu_label = _("Moderation")
    menu_name = "moderation"  # a Latin name for the menu item's id (the label is Ukrainian)
    menu_icon = "comment"
    menu_order = 250
    items = (CommentViewSet, SuspensionViewSet)
    # Other modules (e.g. the forum's topics) add their queues to this menu through this hook.
    submenu_hook = MODERATION_MENU_HOOK


@hooks.register("register_admin_viewset")
def register_moderation():
    return ModerationGroup()



hooks.register("construct_homepage_panels", moderation_panels)
