"""Site search covers every public object type each module declares (news, pages, sessions, drafts, decisions,
deputies, petitions, forum topics, consultations, regulatory acts): each result shows its type, number and date,
the list mixes the types, a filter narrows it to one, hidden objects are never found, queries stay bounded."""
import datetime

import pytest
from bs4 import BeautifulSoup
from django.utils import timezone

from cms.search_types import search_types
from forum.models import ForumCategory, ForumPage
from petitions.models import Petition, PetitionCategory, PetitionIndexPage
from tests.council.factories import (
    DecisionIndexPageFactory,
    DecisionPageFactory,
    DraftDecisionIndexPageFactory,
    DraftDecisionPageFactory,
)
from tests.factories import NewsPageFactory, UserFactory
from tests.forum.conftest import make_topic
from tests.petitions.conftest import make_petition

pytestmark = pytest.mark.django_db
SEARCH_URL = "/poshuk/"


def test_every_public_object_type_is_declared():
    assert set(search_types()) == {"news", "events", "pages", "decisions", "drafts", "sessions", "deputies",
                                   "petitions", "forum", "consultations", "regulatory",
                                   # the modules that declare a simple search entry in their manifest
                                   "appeals", "budget", "directory"}


@pytest.fixture
def budget_everywhere(home_page, news_index):
    author = UserFactory()
    NewsPageFactory(parent=news_index, title="Бюджет громади ухвалено", lead="Сесія ухвалила бюджет.")
    decisions = DecisionIndexPageFactory(parent=home_page)
    DecisionPageFactory(parent=decisions, title="Про бюджет громади на 2027 рік", number="1500-46/VIII",
                        date=datetime.date(2026, 11, 20))
    drafts = DraftDecisionIndexPageFactory(parent=home_page)
    for number in range(12):  # many look-alike drafts must not fill page one
        DraftDecisionPageFactory(parent=drafts, title=f"Про зміни до бюджету громади ({number})",
                                 registration_number=f"{700 + number}/1")
    index = PetitionIndexPage(title="Петиції", slug="petytsii", intro="", rules="")
    home_page.add_child(instance=index)
    index.save_revision().publish()
    category = PetitionCategory.objects.create(name="Бюджет", slug="biudzhet")
    public = make_petition(author=author, category=category, title="Збільшити бюджет на ремонт доріг")
    make_petition(author=author, category=category, title="Чернетка про бюджет", status=Petition.Status.DRAFT)
    forum = ForumPage(title="Форум", slug="forum", intro="")
    home_page.add_child(instance=forum)
    forum.save_revision().publish()
    forum_category = ForumCategory.objects.create(name="Фінанси", slug="finansy", order=1)
    make_topic(forum, forum_category, author, title="Як читати бюджет громади", published_at=timezone.now(),
               last_activity_at=timezone.now())
    make_topic(forum, forum_category, author, title="Прихована тема про бюджет", status="hidden")
    return {"petition": public}


def results(client, **params):
    response = client.get(SEARCH_URL, params)
    assert response.status_code == 200
    soup = BeautifulSoup(response.content, "html.parser")
    return [(item.select_one("h2 a").get_text(strip=True), item.select_one(".meta").get_text(" ", strip=True))
            for item in soup.select("ol.news-list li")]


def test_one_search_finds_every_type_with_its_number_and_date(client, budget_everywhere,
                                                              django_assert_max_num_queries):
    with django_assert_max_num_queries(50):  # two per type (search, count) and the shared look-ups
        found = results(client, q="бюджету")
    titles = [title for title, _meta in found]
    assert "Бюджет громади ухвалено" in titles and "Про бюджет громади на 2027 рік" in titles
    assert "Збільшити бюджет на ремонт доріг" in titles and "Як читати бюджет громади" in titles
    assert "Чернетка про бюджет" not in titles and "Прихована тема про бюджет" not in titles
    meta = dict(found)
    assert meta["Про бюджет громади на 2027 рік"] == "Рішення · № 1500-46/VIII · 20 листопада 2026"
    assert meta["Збільшити бюджет на ремонт доріг"].startswith(
        f"Петиція · № {budget_everywhere['petition'].pk} · ")
    # page one mixes the types instead of ten look-alike drafts: each type's best comes first, in turn
    kinds = [meta.split(" · ")[0] for _title, meta in found]
    assert len(found) == 10 and len(set(kinds[:5])) == 5 and kinds.count("Проєкт рішення") < 10


def test_the_type_filter_narrows_the_results_and_counts_each_type(client, budget_everywhere):
    html = client.get(SEARCH_URL, {"q": "бюджету"}).content.decode()
    assert "type=drafts" in html and "(12)" in html and "type=petitions" in html
    found = results(client, q="бюджету", type="petitions")
    assert [title for title, _meta in found] == ["Збільшити бюджет на ремонт доріг"]
    assert len(results(client, q="бюджету", type="drafts")) == 10  # page one of 12
    assert len(results(client, q="бюджету", type="drafts", page=2)) == 2


def test_an_unknown_type_is_a_clear_400(client, budget_everywhere):
    response = client.get(SEARCH_URL, {"q": "бюджету", "type": "secret"})
    assert response.status_code == 400 and "Немає такого типу результатів" in response.content.decode()
