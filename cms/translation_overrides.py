"""Strings of third-party apps whose Ukrainian wording we override in our own catalogue
(LOCALE_PATHS wins over the apps' catalogues); listed here so that makemessages keeps them."""
from django.utils.translation import gettext_noop

OVERRIDDEN = [
    gettext_noop("Remember Me"),  # allauth: "Запам'ятати Мене" → sentence case, modifier apostrophe
    gettext_noop("Email"),  # Wagtail and django.contrib.auth leave it in English; allauth says "Електронна пошта"
]
