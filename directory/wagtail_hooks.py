"""Directory admin: categories (snippets), objects with the map point picker and a map above the list, import and
export, residents' corrections with accept/reject."""
from django.urls import path, reverse
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel, ObjectList, TabbedInterface
from wagtail.admin.ui.tables import BooleanColumn, Column, DateColumn, TitleColumn
from wagtail.admin.views import generic
from wagtail.admin.viewsets.model import ModelViewSetGroup
from wagtail.admin.widgets.button import HeaderButton
from wagtail.snippets.views.snippets import SnippetViewSet

from cms import maps
from cms.admin_viewsets import ScopedModelViewSet

from . import admin_views, hours
from .forms import CityObjectAdminForm
from .models import Category, CityObject, Correction, CorrectionStatus


class CategoryViewSet(SnippetViewSet):
    model = Category
    icon = "folder-open-inverse"
    menu_label = _("Categories (map layers)")
    list_display = ["name", "slug", "parent", "order"]
    search_fields = ["name"]
    ordering = ["order", "name"]


class CityObjectIndexView(generic.IndexView):
    """The list with a map of the objects on the current page of the list."""

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        points = [maps.point_feature(latitude=obj.latitude, longitude=obj.longitude, feature_id=obj.pk,
                                     properties={"title": obj.name, "subtitle": obj.address,
                                                 "url": reverse("directory_object:edit", args=[obj.pk])})
                  for obj in context.get("object_list") or []]
        context["objects_map"] = maps.map_config(layers=[maps.layer(
            layer_id="objects", name=_("Objects on this page"), data=maps.feature_collection(points))]) \
            if points else None
        return context

    @cached_property
    def header_buttons(self):
        buttons = super().header_buttons
        if self.request.user.has_perm(admin_views.IMPORT_PERMISSION):
            buttons.append(HeaderButton(_("Import"), url=reverse("directory_import"), icon_name="upload"))
        buttons.append(HeaderButton(_("Export CSV"), url=reverse("directory_export") + "?format=csv",
                                    icon_name="download"))
        buttons.append(HeaderButton(_("Export XLSX"), url=reverse("directory_export") + "?format=xlsx",
                                    icon_name="download"))
        return buttons


class CityObjectViewSet(ScopedModelViewSet):
    model = CityObject
    name = "object"
    url_prefix = "directory/objects"
    url_namespace = "directory_object"
    icon = "site"
    menu_label = _("City objects")
    menu_name = "directory-objects"
    menu_order = 1
    index_view_class = CityObjectIndexView
    index_template_name = "directory/admin/object_index.html"
    list_filter = ["category", "is_published", "owner_type"]
    search_fields = ["name", "address", "external_id"]
    list_per_page = 50
    copy_view_enabled = False
    inspect_view_enabled = False
    edit_handler = TabbedInterface([
        ObjectList([
            FieldPanel("name"), FieldPanel("category"), FieldPanel("address"), FieldPanel("point"),
            FieldPanel("description"), FieldPanel("services"),
            FieldRowPanel([FieldPanel("owner_type"), FieldPanel("department")]),
            MultiFieldPanel([FieldPanel("phones"), FieldPanel("email"), FieldPanel("website")], heading=_("Contacts")),
            MultiFieldPanel([FieldPanel(f"hours_{day}") for day in hours.DAYS], heading=_("Opening hours")),
            MultiFieldPanel([FieldPanel("is_published"), FieldPanel("last_checked"), FieldPanel("external_id")],
                            heading=_("Publication")),
        ], heading=_("General")),
        ObjectList([
            FieldRowPanel([FieldPanel("ramp"), FieldPanel("lift"), FieldPanel("accessible_toilet")]),
            FieldRowPanel([FieldPanel("parking"), FieldPanel("tactile_guidance")]),
            FieldPanel("accessibility_notes"),
            FieldRowPanel([FieldPanel("accessibility_checked_on"), FieldPanel("accessibility_checked_by")]),
        ], heading=_("Accessibility")),
        ObjectList([InlinePanel("photos", label=_("Photos"))], heading=_("Photos")),
    ], base_form_class=CityObjectAdminForm)

    @cached_property
    def list_display(self):
        return [
            TitleColumn("name", label=_("Name"), url_name=self.get_url_name("edit")),
            Column("category", label=_("Category")),
            Column("address", label=_("Address")),
            BooleanColumn("is_published", label=_("Published")),
            DateColumn("last_checked", label=_("Checked")),
        ]

    def base_queryset(self):
        return CityObject.objects.select_related("category").order_by("name", "pk")


class CorrectionViewSet(ScopedModelViewSet):
    model = Correction
    name = "correction"
    url_prefix = "directory/corrections"
    url_namespace = "directory_correction"
    icon = "help"
    menu_label = _("Corrections from residents")
    menu_name = "directory-corrections"
    menu_order = 3
    list_filter = ["status", "kind"]
    search_fields = ["text"]
    create_view_enabled = False
    copy_view_enabled = False
    inspect_view_enabled = False
    list_per_page = 50
    form_fields = ["staff_note"]  # the edit view is the decision page (admin_views.decide_correction)

    @cached_property
    def list_display(self):
        return [
            TitleColumn("city_object", label=_("Object"), url_name=self.get_url_name("edit")),
            Column("get_kind_display", label=_("What is wrong")),
            Column("text", label=_("Correction")),
            Column("get_status_display", label=_("Status")),
            DateColumn("created_at", label=_("Sent")),
        ]

    def base_queryset(self):
        from django.db.models import Case, IntegerField, Value, When

        pending_first = Case(When(status=CorrectionStatus.PENDING, then=Value(0)), default=Value(1),
                             output_field=IntegerField())
        return Correction.objects.select_related("city_object").order_by(pending_first, "-created_at")

    @property
    def edit_view(self):
        return admin_views.decide_correction


class DirectoryGroup(ModelViewSetGroup):
    menu_label = _("City directory")
    menu_name = "directory"
    menu_icon = "site"
    menu_order = 280
    items = (CityObjectViewSet, CategoryViewSet, CorrectionViewSet)


@hooks.register("register_admin_viewset")
def register_directory():
    return DirectoryGroup()


@hooks.register("register_admin_urls")
def register_directory_urls():
    return [
        path("directory/import/", admin_views.import_objects, name="directory_import"),
        path("directory/export/", admin_views.export_objects, name="directory_export"),
    ]


@hooks.register("register_log_actions")
def register_log_actions(actions):
    actions.register_action("directory.import", _("Import city objects"), _("City objects imported"))
    actions.register_action("directory.correction.accepted", _("Accept a correction"), _("Correction accepted"))
    actions.register_action("directory.correction.rejected", _("Reject a correction"), _("Correction rejected"))
