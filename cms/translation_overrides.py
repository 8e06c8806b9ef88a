"""Strings of third-party apps whose Ukrainian wording we override, or that their Ukrainian catalogue lacks, in our own
catalogue (LOCALE_PATHS wins over the apps' catalogues); listed here so that makemessages keeps them."""
from django.utils.translation import gettext_noop, ngettext_lazy

OVERRIDDEN = [
    gettext_noop("Remember Me"),  # allauth: "Запам'ятати Мене" → sentence case, modifier apostrophe
    gettext_noop("Email"),  # Wagtail and django.contrib.auth leave it in English; allauth says "Електронна пошта"
]

# Wagtail 8.0's Ukrainian catalogue misses the strings added since 6.x, so the dashboard, the sidebar and the
# keyboard-shortcuts dialog that every editor sees showed English inside a Ukrainian admin.
WAGTAIL_MISSING = [
    # dashboard
    gettext_noop("Search all pages…"),
    gettext_noop("Your pages and snippets in a workflow"),
    gettext_noop("Privacy and access"),
    gettext_noop("Wagtail %(current_version)s editor guide"),
    gettext_noop("Edit account avatar"),
    gettext_noop("Default avatar"),
    gettext_noop("Sidebar"),
    gettext_noop("JavaScript is required to use Wagtail, but it is currently disabled.<br /> Here are the "
                 "<a href=\"https://www.enable-javascript.com/\" target=\"_blank\" rel=\"noreferrer\">instructions "
                 "how to enable JavaScript in your web browser</a>."),
    # sidebar: reports, settings and help menus
    gettext_noop("Aging pages"),
    gettext_noop("Page types usage"),
    gettext_noop("API tokens"),
    gettext_noop("What's new in Wagtail %(version)s"),
    gettext_noop("Editor Guide"),
    gettext_noop("Shortcuts"),
    # keyboard-shortcuts dialog and editor chrome
    gettext_noop("Close dialog"),
    gettext_noop("account"),
    gettext_noop("Keyboard shortcuts are currently enabled; manage your %(account_link)s to disable them."),
    gettext_noop("Keyboard shortcuts are currently disabled; manage your %(account_link)s to enable them."),
    gettext_noop("Section"),
    gettext_noop("Keyboard shortcut"),
    gettext_noop("Application"),
    gettext_noop("Show keyboard shortcuts"),
    gettext_noop("Toggle sidebar"),
    gettext_noop("Toggle minimap"),
    gettext_noop("Toggle section"),
    gettext_noop("Toggle comments"),
    gettext_noop("Minimap"),
    gettext_noop("Close modal dialogs (like this one)"),
    gettext_noop("Save changes"),
    gettext_noop("Add or show comments"),
    gettext_noop("Text editing"),
    gettext_noop("Cut"),
    gettext_noop("Paste"),
    gettext_noop("Paste and match style"),
    gettext_noop("Paste without formatting"),
    gettext_noop("Text formatting"),
    gettext_noop("Insert or edit a link"),
    gettext_noop("Monospace (code)"),
    gettext_noop("Strike-through"),
    gettext_noop("Enable custom keyboard shortcuts specific to Wagtail."),
    # the dashboard's site summary (pages, images, documents)
    ngettext_lazy("%(total)s Page <span class=\"w-sr-only\">created in %(site_name)s</span>",
                  "%(total)s Pages <span class=\"w-sr-only\">created in %(site_name)s</span>", "total"),
    ngettext_lazy("%(total)s Image <span class=\"w-sr-only\">created in %(site_name)s</span>",
                  "%(total)s Images <span class=\"w-sr-only\">created in %(site_name)s</span>", "total"),
    ngettext_lazy("%(total)s Document <span class=\"w-sr-only\">created in %(site_name)s</span>",
                  "%(total)s Documents <span class=\"w-sr-only\">created in %(site_name)s</span>", "total"),
]
