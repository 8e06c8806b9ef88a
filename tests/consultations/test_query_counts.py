"""A consultation costs the same number of queries with 5 and with 100 comments and responses; so do lists."""
import pytest
from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from consultations.models import ConsultationAnswer, ConsultationResponse
from participation.models import Comment
from tests.consultations.conftest import DAY, QUESTIONS, make_consultation, options_of, question_ids

pytestmark = pytest.mark.django_db


def fill(page, size: int) -> None:
    """``size`` comments (half of them replies) and ``size`` questionnaire responses."""
    User = get_user_model()
    users = User.objects.bulk_create([User(username=f"p{page.pk}-{n}", email=f"p{page.pk}-{n}@example.com",
                                           full_name=f"Мешканець {n}") for n in range(size)])
    content_type = ContentType.objects.get_for_model(page)
    roots = Comment.objects.bulk_create([Comment(content_type=content_type, object_id=page.pk, author=users[n],
                                                 body=f"Пропозиція {n}") for n in range(size // 2 or 1)])
    Comment.objects.bulk_create([Comment(content_type=content_type, object_id=page.pk, author=users[n],
                                         parent=roots[n % len(roots)], body=f"Відповідь {n}")
                                 for n in range(size - len(roots))])
    responses = ConsultationResponse.objects.bulk_create([ConsultationResponse(consultation=page, user=user)
                                                          for user in users])
    ids, options = question_ids(page), options_of(page)
    ConsultationAnswer.objects.bulk_create(
        [ConsultationAnswer(response=response, question_id=ids[0], option_id=options[0][n % 3])
         for n, response in enumerate(responses)]
        + [ConsultationAnswer(response=response, question_id=ids[1], option_id=options[1][n % 2])
           for n, response in enumerate(responses)])


def count(client, url) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


@pytest.mark.parametrize("stage", ["open", "closed"])
def test_consultation_page_and_api_detail_cost_the_same_for_5_and_100(consultation_index, resident, stage,
                                                                      django_assert_num_queries):
    now = timezone.now()
    dates = {"start": now - DAY, "end": now + DAY} if stage == "open" else \
        {"start": now - 9 * DAY, "end": now - DAY, "report": "<p>Звіт.</p>"}
    small = make_consultation(consultation_index, title="Мале", questions=QUESTIONS, **dates)
    large = make_consultation(consultation_index, title="Велике", questions=QUESTIONS, **dates)
    fill(small, 5)
    fill(large, 100)
    visitor, logged_in = Client(), Client()
    logged_in.force_login(resident)
    for client in (visitor, logged_in):
        for url in (small.url, f"/api/v3/participation/consultations/{small.pk}/"):
            client.get(url)  # warm the caches (site root, settings)
        expected = count(client, small.url)
        with django_assert_num_queries(expected):
            html = client.get(large.url).content.decode()
        assert html.count('class="comment') >= 100
        if stage == "closed":
            assert "100 мешканців відповіли." in html
        expected = count(client, f"/api/v3/participation/consultations/{small.pk}/")
        with django_assert_num_queries(expected):
            client.get(f"/api/v3/participation/consultations/{large.pk}/")


def test_list_page_api_list_and_open_data_cost_the_same_for_3_and_10(consultation_index, django_assert_num_queries):
    client = Client()
    urls = [consultation_index.url, "/api/v3/participation/consultations/?limit=20",
            consultation_index.url + "dani/csv/", consultation_index.url + "dani/json/"]
    for number in range(3):
        fill(make_consultation(consultation_index, title=f"Перше {number}", questions=QUESTIONS), 3)
    for url in urls:
        client.get(url)
    expected = {url: count(client, url) for url in urls}
    for number in range(7):
        fill(make_consultation(consultation_index, title=f"Друге {number}", questions=QUESTIONS), 3)
    for url in urls:
        with django_assert_num_queries(expected[url]):
            client.get(url)


# Measured, warm (fragments stored): the route (2), the view restrictions once, the index's next status turnover (how
# long the page may be kept), then the list's years, count and rows; a consultation nothing more: its questions with
# options, documents, proposals of the report, the results (respondents, each question's and each option's counts in
# one query) and its discussion (its first page read without a count) are read only when its fragments are rendered
# (test_consultation_page_and_api_detail_cost...).
WARM = {"index": 7, "open": 2, "closed": 2}


def test_warm_pages_cost_at_most_ten_queries_and_the_same_for_5_and_40(settings, consultation_index):
    from tests.warm_queries import assert_warm_queries

    settings.FRAGMENT_CACHE_ENABLED = True
    now = timezone.now()

    def pages(size: int) -> dict[str, str]:
        opened = make_consultation(consultation_index, title=f"Відкрите {size}", questions=QUESTIONS)
        closed = make_consultation(consultation_index, title=f"Закрите {size}", questions=QUESTIONS,
                                   start=now - 9 * DAY, end=now - DAY, report="<p>Звіт.</p>",
                                   proposals=[("Більше лавок", "accepted"), ("Фонтан", "rejected")])
        fill(opened, size)
        fill(closed, size)
        return {"index": consultation_index.url, "open": opened.url, "closed": closed.url}

    few = assert_warm_queries(Client(), pages(5), WARM)
    many = pages(40)

    assert assert_warm_queries(Client(), many, WARM) == few
    assert "40 мешканців відповіли." in Client().get(many["closed"]).content.decode()
