"""Admin template tags: the sidebar names the signed-in person by their full name (Wagtail's own sidebar shows
``first_name`` or the username, which the portal generates and nobody recognises)."""
from django import template
from django.urls import reverse
from django.utils.html import json_script
from django.utils.translation import gettext_lazy as _
from wagtail.admin.menu import admin_menu
from wagtail.admin.search import admin_search_areas
from wagtail.admin.telepath import JSContext
from wagtail.admin.ui import sidebar
from wagtail.admin.utils import get_user_display_name

register = template.Library()


class NamedMainMenuModule(sidebar.MainMenuModule):
    """Wagtail's main menu module (telepath finds its adapter through the class's MRO) with the account shown
    under the same display name as the rest of the admin (the dashboard, "edited by" columns)."""

    def js_args(self):
        menu_items, account_items, account = super().js_args()
        return [menu_items, account_items, {**account, "name": get_user_display_name(self.user)}]


@register.simple_tag(takes_context=True)
def portal_sidebar_props(context):
    """Wagtail 8's ``sidebar_props`` tag, with NamedMainMenuModule (the tag offers no hook for the name)."""
    request = context["request"]
    search_areas = admin_search_areas.search_items_for_request(request)
    account_menu = [
        sidebar.LinkMenuItem("account", _("Account"), reverse("wagtailadmin_account"), icon_name="user"),
        sidebar.ActionMenuItem("logout", _("Log out"), reverse("wagtailadmin_logout"), icon_name="logout"),
    ]
    modules = [
        sidebar.WagtailBrandingModule(),
        sidebar.SearchModule(search_areas[0]) if search_areas else None,
        NamedMainMenuModule(admin_menu.render_component(request), account_menu, request.user),
    ]
    return json_script({"modules": JSContext().pack([module for module in modules if module is not None])},
                       element_id="wagtail-sidebar-props")
