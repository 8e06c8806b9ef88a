"""One transliteration for every slug, the official Ukrainian one (Cabinet of Ministers resolution No. 55 of 2010):
on the server (cms.text) and in the admin's slug fields (the same rules as Wagtail w-slug formatters)."""
import re

import pytest

from cms.text import latin_slug, slug_formatters, transliterate_ukrainian

TRICKY = [
    ("Згорани", "Zghorany"),  # «зг» is «zgh»
    ("Розгон", "Rozghon"),
    ("Їжакевич", "Yizhakevych"), ("Кадіївка", "Kadiivka"),  # ї at the start and inside
    ("Єнакієве", "Yenakiieve"), ("Наталія", "Nataliia"),  # є, я
    ("Юрій", "Yurii"), ("Костюк", "Kostiuk"),  # ю; й at the end
    ("Яготин", "Yahotyn"), ("Знамʼянка", "Znamianka"), ("Знам'янка", "Znamianka"),  # ' is not written
    ("Йосипівка", "Yosypivka"), ("Стрий", "Stryi"),  # й
    ("Львів", "Lviv"), ("Щастя", "Shchastia"), ("Харків", "Kharkiv"), ("Гоща", "Hoshcha"), ("Ґорґани", "Gorgany"),
]


@pytest.mark.parametrize(("ukrainian", "latin"), TRICKY)
def test_the_official_transliteration(ukrainian, latin):
    assert transliterate_ukrainian(ukrainian) == latin


def test_slugs_of_session_titles():
    assert latin_slug("47 сесія міської ради VIII скликання") == "47-sesiia-miskoi-rady-viii-sklykannia"
    assert latin_slug("Про звернення до Верховної Ради") == "pro-zvernennia-do-verkhovnoi-rady"


def run_formatters(text: str) -> str:
    """What Wagtail's w-slug controller does with the formatters before its urlify (JS "$1" is Python "\\1")."""
    for pattern, replace in slug_formatters():
        text = re.sub(pattern, replace.replace("$1", r"\1"), text)
    return text


@pytest.mark.parametrize("text", [word for word, _latin in TRICKY] + [
    "47 сесія міської ради", "Їжа і ягоди: подвірʼя «Юність»", "ЗГОРАНИ Й ЯГОТИН"])
def test_the_admin_formatters_give_the_servers_slug(text):
    assert run_formatters(text).lower() == transliterate_ukrainian(text).lower()
    assert not re.search("[а-яґєіїʼ']", run_formatters(text).lower())


def test_every_admin_page_carries_the_formatters_for_the_slug_fields():
    import json

    from wagtail import hooks
    from wagtail.coreutils import get_js_regex

    from cms.wagtail_hooks import slug_transliteration_js

    assert slug_transliteration_js in hooks.get_hooks("insert_global_admin_js")
    html = str(slug_transliteration_js())
    found = re.search(r'<script id="portal-slug-formatters" type="application/json">(.*?)</script>', html)
    assert json.loads(found.group(1)) == [[get_js_regex(pattern), replace] for pattern, replace in slug_formatters()]
    assert "js/admin-slug.js" in html
