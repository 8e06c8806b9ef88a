"""Public pages: the filtered list, a consultation at each stage, answering the questionnaire without JavaScript."""
import pytest
from django.utils import timezone

from consultations.models import ConsultationResponse
from consultations.services import consultation_answer
from participation.models import Comment
from tests.consultations.conftest import DAY, QUESTIONS, make_consultation, options_of, question_ids, valid_choices
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_index_lists_and_filters_by_status_year_and_words(client, consultation_index, open_consultation,
                                                          upcoming_consultation, closed_consultation):
    response = client.get(consultation_index.url)
    assert response.status_code == 200
    html = response.content.decode()
    for page in (open_consultation, upcoming_consultation, closed_consultation):
        assert page.title in html
    assert "dani/csv/" in html and "respondents_count" in html  # open data and its columns are documented

    html = client.get(consultation_index.url, {"status": "open"}).content.decode()
    assert open_consultation.title in html and upcoming_consultation.title not in html
    html = client.get(consultation_index.url, {"status": "closed"}).content.decode()
    assert closed_consultation.title in html and open_consultation.title not in html
    html = client.get(consultation_index.url, {"q": "маршрут"}).content.decode()
    assert upcoming_consultation.title in html and closed_consultation.title not in html
    html = client.get(consultation_index.url, {"year": str(timezone.localtime(open_consultation.start).year + 5)}
                      ).content.decode()
    assert "За цими умовами обговорень не знайдено" in html


def test_search_finds_words_of_the_description(client, consultation_index, open_consultation):
    from wagtail.search.backends import get_search_backend

    page = make_consultation(consultation_index, title="Освітлення парку")
    page.description = [("paragraph", "<p>Пропонуємо встановити ліхтарі вздовж алей.</p>")]
    page.save_revision().publish()
    get_search_backend().add(page)
    html = client.get(consultation_index.url, {"q": "ліхтарі"}).content.decode()
    assert "Освітлення парку" in html and open_consultation.title not in html
    assert client.get(consultation_index.url, {"q": '"\\'}).status_code == 200  # odd characters are no error


@pytest.mark.parametrize("params, message", [
    ({"status": "everything"}, "Виберіть статус зі списку."),
    ({"year": "двадцять"}, "Вкажіть рік чотирма цифрами"),
    ({"year": "99999999999999999999"}, "Вкажіть рік чотирма цифрами"),
    ({"page": "0"}, "Номер сторінки"),
    ({"q": "х" * 201}, "Пошуковий запит задовгий"),
])
def test_bad_filters_get_a_friendly_400(client, consultation_index, params, message):
    response = client.get(consultation_index.url, params)
    assert response.status_code == 400
    assert message in response.content.decode()


def test_a_page_past_the_end_is_a_friendly_404(client, consultation_index, open_consultation):
    response = client.get(consultation_index.url, {"page": "7"})
    assert response.status_code == 404
    assert "У цьому списку немає такої сторінки." in response.content.decode()


def test_index_paginates(client, consultation_index):
    for number in range(12):
        make_consultation(consultation_index, title=f"Обговорення {number}")
    first = client.get(consultation_index.url).content.decode()
    second = client.get(consultation_index.url, {"page": "2"}).content.decode()
    assert first.count('class="consultation-item"') == 10
    assert second.count('class="consultation-item"') == 2


def test_open_consultation_shows_the_form_to_a_verified_resident_and_hides_results(client, open_consultation,
                                                                                   resident, other_resident):
    consultation_answer(consultation=open_consultation, user=other_resident, choices=valid_choices(open_consultation))
    client.force_login(resident)
    html = client.get(open_consultation.url).content.decode()
    assert "Триває" in html
    assert 'name="question-' in html and "Надіслати відповіді" in html
    assert "Результати опитування" not in html and "Голоси" not in html  # no counts before closing


def test_visitors_and_unverified_residents_are_told_what_to_do(client, open_consultation, unverified_resident):
    html = client.get(open_consultation.url).content.decode()
    assert "Увійдіть, щоб відповісти на опитування" in html and 'name="question-' not in html
    client.force_login(unverified_resident)
    html = client.get(open_consultation.url).content.decode()
    assert "Підтвердьте свою електронну адресу" in html and 'name="question-' not in html


def test_answering_through_the_form(client, open_consultation, resident):
    client.force_login(resident)
    ids, options = question_ids(open_consultation), options_of(open_consultation)
    url = open_consultation.url + "vidpovid/"
    response = client.post(url, {f"question-{ids[0]}": options[0][1],
                                 f"question-{ids[1]}": [options[1][0], options[1][1]]})
    assert response.status_code == 302
    assert ConsultationResponse.objects.filter(user=resident).count() == 1
    page = client.get(response["Location"]).content.decode()
    assert "Дякуємо, ваші відповіді враховано" in page
    assert "Ви відповіли на це опитування" in page and 'name="question-' not in page

    again = client.post(url, {f"question-{ids[0]}": options[0][0], f"question-{ids[1]}": options[1][0]},
                        follow=True)
    assert "Ви вже відповіли на це опитування" in again.content.decode()
    assert ConsultationResponse.objects.filter(user=resident).count() == 1


@pytest.mark.parametrize("case", ["missing_required", "two_for_single", "not_a_number", "foreign_option"])
def test_invalid_form_answers_keep_the_choices_and_save_nothing(client, open_consultation, closed_consultation,
                                                               resident, case):
    client.force_login(resident)
    ids, options = question_ids(open_consultation), options_of(open_consultation)
    data = {
        "missing_required": {f"question-{ids[0]}": options[0][0]},
        "two_for_single": {f"question-{ids[0]}": options[0][:2], f"question-{ids[1]}": options[1][0]},
        "not_a_number": {f"question-{ids[0]}": "перший", f"question-{ids[1]}": options[1][0]},
        "foreign_option": {f"question-{ids[0]}": options_of(closed_consultation)[0][0],
                           f"question-{ids[1]}": options[1][0]},
    }[case]
    response = client.post(open_consultation.url + "vidpovid/", data)
    assert response.status_code == 422
    html = response.content.decode()
    assert "error-summary" in html and "Вибирайте" in html or "Виберіть" in html
    if case == "missing_required":
        assert f'value="{options[0][0]}" checked' in html  # what was chosen stays chosen
    assert ConsultationResponse.objects.count() == 0


def test_answering_a_closed_or_upcoming_consultation_is_refused(client, closed_consultation, upcoming_consultation,
                                                                resident):
    client.force_login(resident)
    for page in (closed_consultation, upcoming_consultation):
        ids, options = question_ids(page), options_of(page)
        response = client.post(page.url + "vidpovid/", {f"question-{ids[0]}": options[0][0],
                                                        f"question-{ids[1]}": options[1][0]}, follow=True)
        assert "Відповіді на опитування приймаються лише під час обговорення." in response.content.decode()
    assert ConsultationResponse.objects.count() == 0


def test_answering_needs_a_login_and_a_post(client, open_consultation):
    response = client.post(open_consultation.url + "vidpovid/", {})
    assert response.status_code == 302 and "/account/login/" in response["Location"]
    assert client.get(open_consultation.url + "vidpovid/").status_code == 405


def test_closed_consultation_shows_results_and_a_read_only_discussion(client, consultation_index, resident):
    now = timezone.now()
    page = make_consultation(consultation_index, start=now - 5 * DAY, end=now - DAY, questions=QUESTIONS)
    for user in (UserFactory(), UserFactory()):
        consultation_answer(consultation=page, user=user, choices=valid_choices(page), now=now - 2 * DAY)
    client.force_login(resident)
    html = client.get(page.url).content.decode()
    assert "Результати опитування" in html and "2 мешканці відповіли." in html
    assert "100,0%" in html or "100.0%" in html
    assert "Обговорення завершилося" in html
    assert 'name="body"' not in html  # no comment form


def test_comments_are_refused_once_closed_and_before_opening(client, closed_consultation, upcoming_consultation,
                                                             resident):
    client.force_login(resident)
    for page in (closed_consultation, upcoming_consultation):
        response = client.post("/uchast/komentari/", {"target_type": "consultations.consultationpage",
                                                      "target_id": page.pk, "body": "Моя пропозиція"}, follow=True)
        assert response.status_code == 200
        assert Comment.objects.count() == 0
    api = client.post("/api/v3/participation/comments/", {"target_type": "consultations.consultationpage",
                                                          "target_id": closed_consultation.pk, "body": "Пропоную"},
                      content_type="application/json")
    assert api.status_code == 403 and api.json()["code"] == "discussion_closed"


def test_comments_are_published_while_open(client, open_consultation, resident):
    client.force_login(resident)
    client.post("/uchast/komentari/", {"target_type": "consultations.consultationpage",
                                       "target_id": open_consultation.pk, "body": "Потрібне освітлення"})
    assert Comment.objects.get().status == Comment.Status.PUBLISHED
    assert "Потрібне освітлення" in client.get(open_consultation.url).content.decode()


def test_upcoming_consultation_says_when_it_opens(client, upcoming_consultation):
    html = client.get(upcoming_consultation.url).content.decode()
    assert "Незабаром" in html and "Опитування розпочнеться" in html and "Обговорення розпочнеться" in html


def test_report_with_proposals_is_shown_after_closing(client, consultation_index):
    now = timezone.now()
    page = make_consultation(consultation_index, start=now - 5 * DAY, end=now - DAY,
                             report="<p>Враховано освітлення.</p>",
                             proposals=[("Поставити ліхтарі", "accepted"), ("Прибрати лавки", "rejected")])
    html = client.get(page.url).content.decode()
    assert "Звіт оприлюднено" in html and "Підсумковий звіт" in html
    assert "Поставити ліхтарі" in html and "Враховано" in html and "Відхилено" in html
