"""Public pages: the registry (filters, Ukrainian search, pagination, bad input), an act at each stage, the plan."""
import datetime

import pytest
from bs4 import BeautifulSoup
from django.db import connection
from django.test.utils import CaptureQueriesContext

from home.models import HomePage
from participation.services import comment_post
from regulatory.models import (
    PlanItem,
    Proposal,
    RegulatoryActIndexPage,
    RegulatoryActPage,
    RegulatoryPlanPage,
    TrackingReport,
)
from regulatory.services import Status
from tests.factories.regulatory import (
    AdoptedActFactory,
    DepartmentFactory,
    RegulatoryActPageFactory,
    RegulatoryPlanPageFactory,
)

pytestmark = pytest.mark.django_db


def titles(response) -> list[str]:
    soup = BeautifulSoup(response.content, "html.parser")
    return [link.get_text(strip=True) for link in soup.select("ul.regulatory-list li h2 a")]


@pytest.fixture
def registry(register):
    economy = DepartmentFactory(name="Управління економіки")
    utilities = DepartmentFactory(name="Управління ЖКГ")
    return {
        "economy": economy, "utilities": utilities,
        "night": RegulatoryActPageFactory(
            parent=register, title="Про режим роботи закладів торгівлі вночі", department=economy,
            kind=RegulatoryActPage.Kind.EXECUTIVE, summary="Погодження роботи магазинів і кафе після 22:00."),
        "ads": RegulatoryActPageFactory(
            parent=register, title="Про правила розміщення зовнішньої реклами", department=utilities,
            status=Status.SUMMARISED, notice_date=datetime.date(2025, 3, 3), comment_start=datetime.date(2025, 3, 3),
            comment_end=datetime.date(2025, 4, 3), summary="Вимоги до вивісок і рекламних щитів у центрі міста."),
        "kiosks": AdoptedActFactory(
            parent=register, title="Про порядок розміщення тимчасових споруд", department=economy,
            effective_date=datetime.date(2024, 6, 1), summary="Паспорти прив’язки кіосків і павільйонів."),
        "draft": RegulatoryActPageFactory(parent=register, title="Неоприлюднена чернетка", live=False),
    }


def test_the_registry_lists_live_acts_newest_first(client, register, registry):
    response = client.get(register.url)
    assert response.status_code == 200
    assert titles(response) == [registry["night"].title, registry["ads"].title, registry["kiosks"].title]
    html = response.content.decode()
    assert "Знайдено 3 регуляторні акти" in html
    assert f'{register.url}opendata/csv/' in html and f'{register.url}opendata/json/' in html


@pytest.mark.parametrize(("params", "expected"), [
    ({"status": Status.SUMMARISED}, ["ads"]),
    ({"kind": "executive"}, ["night"]),
    ({"year": "2025"}, ["ads"]),
    ({"status": Status.TRACKING, "kind": "council"}, ["kiosks"]),
])
def test_registry_filters(client, register, registry, params, expected):
    assert titles(client.get(register.url, params)) == [registry[key].title for key in expected]


def test_registry_filters_by_department(client, register, registry):
    response = client.get(register.url, {"department": registry["utilities"].pk})
    assert titles(response) == [registry["ads"].title]
    # The filter offers the city departments that developed a live act, not every department of the council.
    DepartmentFactory(name="Управління освіти")
    soup = BeautifulSoup(client.get(register.url).content, "html.parser")
    offered = [option.get_text(strip=True) for option in soup.select("#filter-department option") if option["value"]]
    assert sorted(offered) == sorted(["Управління ЖКГ", "Управління економіки"])


def test_registry_search_finds_ukrainian_word_forms(client, register, registry):
    assert titles(client.get(register.url, {"q": "реклама"})) == [registry["ads"].title]
    assert titles(client.get(register.url, {"q": "кіоски"})) == [registry["kiosks"].title]
    assert titles(client.get(register.url, {"q": "тимчасових", "status": Status.CONSULTATION})) == []
    assert titles(client.get(register.url, {"q": "чернетка"})) == []  # drafts are not public


@pytest.mark.parametrize(("params", "message"), [
    ({"status": "secret"}, "Такого статусу регуляторного акта немає."),
    ({"kind": "law"}, "Такого виду акта немає."),
    ({"department": "abc"}, "Такого підрозділу немає."),
    ({"department": "999999999"}, "Такого підрозділу немає."),
    ({"year": "двадцять"}, "Вкажіть рік чотирма цифрами"),
    ({"year": "99999999999999999999"}, "Вкажіть рік"),
    ({"page": "-1"}, "Номер сторінки"),
    ({"q": "я" * 201}, "Пошуковий запит задовгий"),
])
def test_bad_filters_get_a_friendly_400(client, register, registry, params, message):
    response = client.get(register.url, params)
    assert response.status_code == 400
    assert message in response.content.decode()


def test_a_page_past_the_end_is_a_friendly_404(client, register, registry):
    response = client.get(register.url, {"page": "50"})
    assert response.status_code == 404
    assert "У цьому списку немає такої сторінки." in response.content.decode()


def test_the_registry_paginates(client, register, settings):
    for number in range(25):
        RegulatoryActPageFactory(parent=register, title=f"Акт {number:02d}")
    first, second = client.get(register.url), client.get(register.url, {"page": 2})
    assert len(titles(first)) == 20 and len(titles(second)) == 5
    assert 'rel="next"' in first.content.decode()


def test_registry_queries_do_not_grow_with_the_number_of_acts(client, register):
    department = DepartmentFactory()

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert client.get(register.url).status_code == 200
        return len(captured)

    for number in range(3):
        RegulatoryActPageFactory(parent=register, department=department, title=f"Акт {number}")
    queries()  # the first request warms per-process caches (site, settings, content types)
    few = queries()
    for number in range(3, 18):
        RegulatoryActPageFactory(parent=register, department=DepartmentFactory(), title=f"Акт {number}")
    assert queries() == few
    assert few <= 30


def test_an_act_open_for_comments(client, register, resident):
    act = RegulatoryActPageFactory(parent=register, notice_text="<p>Пропозиції — на economy@example.com.</p>")
    comment_post(target=act, author=resident, body="Пропоную дозволити роботу до 23:00.")
    client.force_login(resident)
    html = client.get(act.url).content.decode()
    assert "Повідомлення про оприлюднення" in html and "economy@example.com" in html
    assert "Пропоную дозволити роботу до 23:00." in html
    assert 'name="body"' in html  # the comment form
    assert "Залишилося" in html


def test_after_the_period_the_discussion_is_read_only_and_the_proposals_are_shown(client, register, resident):
    act = RegulatoryActPageFactory(parent=register, status=Status.SUMMARISED, notice_date=datetime.date(2025, 3, 3),
                                   comment_start=datetime.date(2025, 3, 3), comment_end=datetime.date(2025, 4, 3))
    act.proposals = [
        Proposal(author="ГО «Підприємці міста»", text="Подовжити перехідний період.", decision="accepted"),
        Proposal(author="ТОВ «Реклама»", text="Дозволити великі щити.", decision="rejected",
                 reason="Суперечить охоронним зонам."),
    ]
    act.save()
    client.force_login(resident)
    html = client.get(act.url).content.decode()
    assert "Строк обговорення завершився" in html
    assert 'name="body"' not in html
    assert "Узагальнення зауважень і пропозицій" in html
    assert "Враховано" in html and "Відхилено" in html and "Суперечить охоронним зонам." in html


def test_an_adopted_act_links_the_decision_and_shows_tracking(client, register, home_page):
    act = AdoptedActFactory(parent=register, effective_date=datetime.date(2024, 6, 1),
                            decision_page=home_page, decision_url="https://example.com/rishennia/7")
    act.tracking_reports = [TrackingReport(kind="baseline", approved_on=datetime.date(2024, 5, 20),
                                           url="https://example.com/zvit", summary="Базові показники зібрано.")]
    act.save()
    html = client.get(act.url).content.decode()
    assert 'href="/"' in html  # the chosen page wins over the external address
    assert "Відстеження результативності" in html
    assert "затверджено 20.05.2024" in html and 'href="https://example.com/zvit"' in html
    assert "з 01.06.2025 до 01.06.2026" in html and "до 01.06.2029" in html
    act.decision_page = None
    act.save()
    assert 'href="https://example.com/rishennia/7"' in client.get(act.url).content.decode()


def test_the_plan_page_lists_its_rows_with_their_status(client, register):
    act = RegulatoryActPageFactory(parent=register, title="Про режим роботи")
    plan = RegulatoryPlanPageFactory(parent=register, year=2026)
    department = DepartmentFactory(name="Управління економіки")
    PlanItem.objects.create(plan=plan, sort_order=0, title="Режим роботи закладів", legal_act_title="Проєкт рішення",
                            objective="Тиша вночі", department=department, deadline=datetime.date(2026, 6, 30),
                            act=act)
    PlanItem.objects.create(plan=plan, sort_order=1, title="Правила благоустрою", legal_act_title="Проєкт рішення",
                            objective="Чистота", department=department, deadline=datetime.date(2026, 12, 31))
    response = client.get(plan.url)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Режим роботи закладів" in html and "Проєкт оприлюднено для обговорення" in html
    assert "Правила благоустрою" in html and "Заплановано" in html
    assert "30.06.2026" in html
    assert plan.title in client.get(register.url).content.decode()  # the registry links the plans


def test_page_tree_rules():
    assert RegulatoryActIndexPage.parent_page_types == ["home.HomePage"]
    assert RegulatoryActPage.allowed_parent_page_models() == [RegulatoryActIndexPage]
    assert RegulatoryPlanPage.allowed_parent_page_models() == [RegulatoryActIndexPage]
    assert set(RegulatoryActIndexPage.allowed_subpage_models()) == {RegulatoryActPage, RegulatoryPlanPage}
    assert RegulatoryActIndexPage in HomePage.allowed_subpage_models()
    assert RegulatoryActPage.allowed_subpage_models() == []
