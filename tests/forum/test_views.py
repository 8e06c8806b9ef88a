"""The forum's pages: the list by activity with filters, search and pages; topic pages; the new-topic form."""
import datetime

import pytest
from django.utils import timezone

from forum import services
from forum.models import ForumPage, ForumTopic
from home.models import HomePage
from participation import services as participation_services
from participation.models import Comment, UserSuspension
from tests.confirm import confirmed
from tests.factories import UserFactory

from .conftest import BODY, make_topic


def html(response) -> str:
    return response.content.decode()


def test_page_tree_rules(forum):
    assert ForumPage.parent_page_types == ["home.HomePage"] and ForumPage.subpage_types == []
    assert ForumPage.can_create_at(HomePage.objects.get()) is False  # one forum per home page
    assert forum.url == "/forum/"


def test_list_is_sorted_by_recent_activity(client, forum, category, resident):
    now = timezone.now()
    make_topic(forum, category, resident, title="Стара тема про двір", last_activity_at=now - datetime.timedelta(3))
    make_topic(forum, category, resident, title="Нова тема про двір", last_activity_at=now - datetime.timedelta(1))
    revived = make_topic(forum, category, resident, title="Ожила тема про двір",
                         last_activity_at=now - datetime.timedelta(5))
    participation_services.comment_post(target=revived, author=resident, body="Знову актуально")
    page = html(client.get("/forum/"))
    positions = [page.index(title) for title in ("Ожила тема", "Нова тема", "Стара тема")]
    assert positions == sorted(positions)
    assert "1 коментар" in page


def test_the_public_sees_only_published_and_closed_topics(client, forum, category, resident):
    make_topic(forum, category, resident, title="Опублікована тема")
    make_topic(forum, category, resident, title="Закрита тема форуму", status="closed")
    make_topic(forum, category, resident, title="Тема на модерації", status="pending")
    make_topic(forum, category, resident, title="Прихована тема форуму", status="hidden", hide_reason="Спам")
    page = html(client.get("/forum/"))
    assert "Опублікована тема" in page and "Закрита тема форуму" in page and "Закрито" in page
    assert "Тема на модерації" not in page and "Прихована тема форуму" not in page


def test_filter_by_category_and_search(client, forum, category, other_category, resident):
    make_topic(forum, category, resident, title="Ремонт дитячого майданчика", body="Гойдалки зламані вже рік.")
    make_topic(forum, other_category, resident, title="Автобус до центру", body="Рейси раз на годину у вихідні.")
    page = html(client.get("/forum/", {"category": "transport"}))
    assert "Автобус до центру" in page and "Ремонт дитячого" not in page
    page = html(client.get("/forum/", {"q": "майданчика"}))
    assert "Ремонт дитячого" in page and "Автобус до центру" not in page
    page = html(client.get("/forum/", {"q": "гойдалки"}))  # found in the text, by lemma
    assert "Ремонт дитячого" in page
    page = html(client.get("/forum/", {"q": "метро", "category": "transport"}))
    assert "Немає тем за цими умовами" in page


@pytest.mark.parametrize(("params", "status", "message"), [
    ({"category": "nemaie"}, 400, "Такої категорії форуму немає"),
    ({"page": "abc"}, 400, "Номер сторінки"),
    ({"page": "99"}, 404, "немає такої сторінки"),
    ({"q": "я" * 201}, 400, "задовгий"),
])
def test_bad_filters_get_a_friendly_page(client, forum, category, resident, params, status, message):
    make_topic(forum, category, resident)
    response = client.get("/forum/", params)
    assert response.status_code == status and message in html(response)


def test_pagination_keeps_the_filters(client, forum, category, resident, settings):
    settings.FORUM_TOPICS_PER_PAGE = 2
    for number in range(5):
        make_topic(forum, category, resident, title=f"Тема форуму номер {number}")
    first = html(client.get("/forum/", {"category": category.slug}))
    assert "Знайдено 5 тем" in first and "page=2" in first and f"category={category.slug}" in first
    third = html(client.get("/forum/", {"category": category.slug, "page": 3}))
    assert third.count("Тема форуму номер") == 1


def test_topic_page_with_its_discussion(client, topic, other_resident):
    participation_services.comment_post(target=topic, author=other_resident, body="<script>alert(1)</script> Згоден")
    response = client.get(topic.url)
    page = html(response)
    assert response.status_code == 200
    assert topic.title in page and "discussion__count\">(1)" in page
    assert "&lt;script&gt;" in page and "<script>alert" not in page
    assert "Увійдіть, щоб коментувати" in page


def test_old_or_missing_slugs_lead_to_the_topic(client, topic):
    for address in (f"/forum/{topic.pk}/", f"/forum/{topic.pk}-stara-nazva/"):
        response = client.get(address)
        assert response.status_code == 301 and response["Location"].endswith(topic.get_relative_path())
    assert client.get(f"/forum/{topic.pk + 1000}/").status_code == 404
    assert client.get("/forum/99999999999999999999/").status_code == 404


def test_pending_topic_is_seen_by_its_author_and_moderators_only(client, pending_topic, resident, other_resident,
                                                                  moderator):
    assert client.get(pending_topic.url).status_code == 404
    client.force_login(other_resident)
    assert client.get(pending_topic.url).status_code == 404
    client.force_login(resident)
    page = html(client.get(pending_topic.url))
    assert "Очікує модерації" in page and "Цю тему бачите лише ви та модератори" in page
    assert "Обговорення" not in page  # no discussion before publication
    listing = html(client.get("/forum/"))
    assert "Ваші теми, яких ще немає на форумі" in listing and pending_topic.title in listing
    client.force_login(moderator)
    page = html(client.get(pending_topic.url))
    assert "відвідувачі її не бачать" in page and "Модерувати цю тему" in page


def test_hidden_topic_shows_its_author_the_reason(client, topic, resident, moderator):
    confirmed(services.topic_hide, topic=topic, moderator=moderator, reason="Реклама послуг")
    assert client.get(topic.url).status_code == 404
    client.force_login(resident)
    page = html(client.get(topic.url))
    assert "Модератор приховав цю тему" in page and "Реклама послуг" in page


def test_closed_topic_is_read_only_with_a_note(client, topic, moderator, other_resident):
    participation_services.comment_post(target=topic, author=other_resident, body="Перший коментар")
    confirmed(services.topic_close, topic=topic, moderator=moderator, reason="Питання вирішено")
    client.force_login(other_resident)
    page = html(client.get(topic.url))
    assert "Модератор закрив цю тему" in page and "Перший коментар" in page
    assert "Опублікувати коментар" not in page
    response = client.post("/uchast/komentari/", {"target_type": "forum.forumtopic", "target_id": topic.pk,
                                                  "body": "Ще один"})
    assert response.status_code == 302
    assert Comment.objects.count() == 1


def test_resident_comments_on_a_topic_without_javascript(client, topic, other_resident):
    client.force_login(other_resident)
    assert "Опублікувати коментар" in html(client.get(topic.url))
    response = client.post("/uchast/komentari/", {"target_type": "forum.forumtopic", "target_id": topic.pk,
                                                  "body": "Підтримую ідею"})
    assert response.status_code == 302 and response["Location"].startswith(topic.url)
    assert Comment.objects.get().body == "Підтримую ідею"
    assert "Підтримую ідею" in html(client.get(topic.url))


# --- the new-topic form ----------------------------------------------------------------------------------


def test_the_form_needs_a_login(client, forum):
    response = client.get("/forum/nova-tema/")
    assert response.status_code == 302 and "/account/login/" in response["Location"]
    assert client.post("/forum/nova-tema/", {"title": "Темна вулиця", "body": BODY}).status_code == 302
    assert ForumTopic.objects.count() == 0


def test_resident_starts_a_topic(client, forum, category, resident):
    client.force_login(resident)
    page = html(client.get("/forum/nova-tema/"))
    assert "Надіслати на модерацію" in page and "Від 5 до 150 символів" in page and "Від 20 до 5000" in page
    response = client.post("/forum/nova-tema/", {"category": category.pk, "title": "Темна вулиця Садова",
                                                 "body": BODY}, follow=True)
    topic = ForumTopic.objects.get()
    assert response.redirect_chain[-1][0] == topic.url
    page = html(response)
    assert "після перевірки модератором" in page and "Очікує модерації" in page
    assert topic.status == ForumTopic.Status.PENDING and topic.author == resident


@pytest.mark.parametrize(("data", "message"), [
    ({"title": "", "body": BODY}, "Напишіть назву теми"),
    ({"title": "я" * 151, "body": BODY}, "не більше 150 символів; у цій — 151"),
    ({"title": "Темна вулиця", "body": ""}, "Опишіть питання"),
    ({"title": "Темна вулиця", "body": "ю" * 5001}, "не більше 5000 символів; у цьому — 5001"),
    ({"title": "Темна вулиця", "body": BODY, "category": ""}, "Оберіть категорію форуму"),
    ({"title": "Темна вулиця", "body": BODY, "category": "999999"}, "Оберіть категорію форуму"),
    ({"title": "Темна вулиця", "body": BODY, "category": "abc"}, "Оберіть категорію форуму"),
])
def test_bad_input_keeps_the_text_and_saves_nothing(client, forum, category, resident, data, message):
    client.force_login(resident)
    response = client.post("/forum/nova-tema/", {"category": category.pk, **data})
    page = html(response)
    assert response.status_code == 422 and message in page
    assert ForumTopic.objects.count() == 0
    if data["body"]:
        assert data["body"][:50] in page  # what was typed is still in the form


def test_unverified_and_suspended_residents_are_told_why(client, forum, category, unverified_resident, resident,
                                                         moderator):
    client.force_login(unverified_resident)
    page = html(client.get("/forum/nova-tema/"))
    assert "Підтвердьте свою адресу" in page and "Надіслати на модерацію" not in page
    response = client.post("/forum/nova-tema/", {"category": category.pk, "title": "Темна вулиця", "body": BODY})
    assert response.status_code == 422 and "Підтвердьте свою адресу" in html(response)
    UserSuspension.objects.create(user=resident, moderator=moderator, reason="Образи",
                                  until=timezone.now() + datetime.timedelta(days=2))
    client.force_login(resident)
    page = html(client.get("/forum/nova-tema/"))
    assert "не може створювати теми до" in page and "Надіслати на модерацію" not in page
    response = client.post("/forum/nova-tema/", {"category": category.pk, "title": "Темна вулиця", "body": BODY})
    assert response.status_code == 422
    assert ForumTopic.objects.count() == 0


def test_rate_limited_resident_gets_the_message(client, forum, category, settings):
    settings.FORUM_TOPIC_RATE_LIMIT = (1, 3600)
    author = UserFactory()
    client.force_login(author)
    client.post("/forum/nova-tema/", {"category": category.pk, "title": "Перша тема", "body": BODY})
    response = client.post("/forum/nova-tema/", {"category": category.pk, "title": "Друга тема", "body": BODY})
    assert response.status_code == 422 and "щонайбільше 1 теми на годину" in html(response)
    assert ForumTopic.objects.count() == 1


def test_public_topics_are_in_the_sitemap(client, forum, category, resident):
    shown = make_topic(forum, category, resident, title="Опублікована тема")
    hidden = make_topic(forum, category, resident, title="Тема на модерації", status="pending")
    sitemap = client.get("/sitemap.xml").content.decode()
    assert f"/forum/{shown.pk}-{shown.slug}/" in sitemap and f"/forum/{hidden.pk}-" not in sitemap


def test_personal_data_export_has_own_topics_only(client, forum, category, resident, other_resident):
    import json

    mine = make_topic(forum, category, resident, title="Моя тема форуму", status="pending")
    make_topic(forum, category, other_resident, title="Чужа тема форуму")
    client.force_login(resident)
    data = json.loads(client.post("/account/export/").content.decode())
    assert [(item["id"], item["title"], item["status"]) for item in data["forum_topics"]] == [
        (mine.pk, "Моя тема форуму", "pending")]


def test_deleting_the_account_keeps_the_topic(client, topic, resident):
    resident.delete()
    topic.refresh_from_db()
    assert topic.author is None
    assert "Колишній користувач" in html(client.get(topic.url))


@pytest.mark.parametrize("query", ["' OR 1=1 --", "!!!", "&|:*", "«двір» -сміття", "зʼїзд обʼєкт"])
def test_any_search_text_is_safe(client, forum, category, resident, query):
    make_topic(forum, category, resident)
    assert client.get("/forum/", {"q": query}).status_code == 200
    assert client.get("/api/v3/participation/forum/topics/", {"q": query}).status_code == 200


def test_a_null_character_is_a_friendly_error(client, forum):
    assert client.get("/forum/", {"q": "двір\x00"}).status_code == 400
    assert client.get("/api/v3/participation/forum/topics/", {"q": "двір\x00"}).status_code in {200, 400}


def test_search_finds_words_with_any_apostrophe(client, forum, category, resident):
    make_topic(forum, category, resident, title="Обʼїзна дорога біля школи", body="Текст про обʼїзну дорогу довкола.")
    make_topic(forum, category, resident, title="Пам'ятник на площі", body="Пам’ятник потребує реставрації давно.")
    for query in ("обʼїзна", "об'їзна", "об’їзна"):
        assert "Обʼїзна дорога" in html(client.get("/forum/", {"q": query})), query
    for query in ("памʼятник", "пам'ятник", "пам’ятник"):
        assert "Пам&#x27;ятник на площі" in html(client.get("/forum/", {"q": query})), query
