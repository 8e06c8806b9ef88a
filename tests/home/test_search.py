"""Site search at /poshuk/: every page type, bad input, Ukrainian word forms and apostrophes (PostgreSQL)."""
import pytest
from bs4 import BeautifulSoup

from tests.factories import EventPageFactory, NewsPageFactory, StandardPageFactory

SEARCH_URL = "/poshuk/"


def found(client, query: str) -> list[str]:
    response = client.get(SEARCH_URL, {"q": query})
    assert response.status_code == 200
    soup = BeautifulSoup(response.content, "html.parser")
    return [link.get_text(strip=True) for link in soup.select("ol.news-list li h2 a")]


@pytest.fixture
def searchable(home_page, news_index, event_index):
    return {
        "news": NewsPageFactory(parent=news_index, title="Ремонт водогону на Соборній",
                                lead="Комунальники замінять аварійну ділянку."),
        "page": StandardPageFactory(parent=home_page, title="Благоустрій", intro="",
                                    body=[("paragraph", "<p>У парку встановили світлодіодні ліхтарі.</p>")]),
        "event": EventPageFactory(parent=event_index, title="Ярмарок виробників",
                                  lead="Фермери громади продають мед."),
        "draft": NewsPageFactory(parent=news_index, title="Секретний водогін", live=False),
    }


@pytest.mark.django_db
def test_finds_a_news_article_by_title(client, searchable):
    assert found(client, "водогону") == ["Ремонт водогону на Соборній"]


@pytest.mark.django_db
def test_finds_a_standard_page_by_its_body(client, searchable):
    assert found(client, "ліхтарі") == ["Благоустрій"]


@pytest.mark.django_db
def test_finds_an_event_by_its_lead(client, searchable):
    assert found(client, "мед") == ["Ярмарок виробників"]


@pytest.mark.django_db
def test_drafts_are_not_found(client, searchable):
    assert found(client, "Секретний") == []


@pytest.mark.django_db
def test_result_shows_type_and_summary(client, searchable):
    response = client.get(SEARCH_URL, {"q": "водогону"})

    html = response.content.decode()
    assert "Комунальники замінять аварійну ділянку." in html
    assert f'href="{searchable["news"].url}"' in html


@pytest.mark.django_db
def test_nothing_found_says_so(client, searchable):
    response = client.get(SEARCH_URL, {"q": "космодром"})

    assert response.status_code == 200
    assert found(client, "космодром") == []
    assert 'role="status"' in response.content.decode()


@pytest.mark.django_db
@pytest.mark.parametrize("query", ["", "   "])
def test_empty_query_shows_the_form_and_no_results(client, searchable, query):
    response = client.get(SEARCH_URL, {"q": query})

    assert response.status_code == 200
    html = response.content.decode()
    assert 'id="search-q"' in html
    assert 'class="news-list"' not in html
    assert 'class="error-summary"' not in html


@pytest.mark.django_db
def test_too_long_query_gets_a_friendly_400_page(client, home_page):
    response = client.get(SEARCH_URL, {"q": "водогін " * 30})

    assert response.status_code == 400
    html = response.content.decode()
    assert 'class="error-summary"' in html
    assert 'class="news-list"' not in html


@pytest.mark.django_db
@pytest.mark.parametrize(("query", "expected"), [('"', []), ('водогону"', ["Ремонт водогону на Соборній"]),
                                                 ('"водогону', ["Ремонт водогону на Соборній"])])
def test_double_quotes_do_not_break_the_search(client, searchable, query, expected):
    # An unbalanced quote used to be an FTS5 syntax error on SQLite (500).
    assert found(client, query) == expected


@pytest.mark.django_db
def test_nul_byte_in_the_query_gets_a_friendly_400_page(client, home_page):
    response = client.get(SEARCH_URL, {"q": "водо\x00гін"})

    assert response.status_code == 400
    assert 'class="error-summary"' in response.content.decode()


@pytest.mark.django_db
@pytest.mark.parametrize("page", ["abc", "0"])
def test_bad_page_number_gets_a_friendly_400_page(client, home_page, page):
    response = client.get(SEARCH_URL, {"q": "водогону", "page": page})

    assert response.status_code == 400
    assert 'class="error-summary"' in response.content.decode()


@pytest.mark.django_db
def test_page_beyond_the_results_is_a_friendly_404(client, searchable):
    response = client.get(SEARCH_URL, {"q": "водогону", "page": "5"})

    assert response.status_code == 404
    assert 'class="error-summary"' in response.content.decode()


@pytest.mark.django_db
def test_ukrainian_dictionary_is_installed():
    from cms.search import ukrainian_dictionary_installed

    assert ukrainian_dictionary_installed()


@pytest.mark.django_db
@pytest.mark.parametrize(("text", "query"), [
    ("бюджет", "бюджету"),
    ("бюджету", "бюджет"),
    ("петиція", "петиціями"),
])
def test_ukrainian_word_forms_are_found(client, news_index, text, query):
    NewsPageFactory(parent=news_index, title="Рішення сесії", lead=f"Депутати розглянули {text} громади.")

    assert found(client, query) == ["Рішення сесії"]


@pytest.mark.django_db
def test_word_form_in_the_title_is_found(client, news_index):
    NewsPageFactory(parent=news_index, title="Бюджет громади ухвалено", lead="Сесія завершилася.")

    assert found(client, "бюджету") == ["Бюджет громади ухвалено"]


@pytest.mark.django_db
@pytest.mark.parametrize("written", ["обʼєкт", "об'єкт", "об’єкт"])
@pytest.mark.parametrize("searched", ["обʼєкт", "об'єкт", "об’єкт"])
def test_every_apostrophe_finds_every_other(client, home_page, written, searched):
    StandardPageFactory(parent=home_page, title="Реконструкція", intro="",
                        body=[("paragraph", f"<p>Новий {written} культурної спадщини.</p>")])

    assert found(client, searched) == ["Реконструкція"]
