"""Forum topics in the "Модерація" menu: the queue, the moderation page, categories, the dashboard panel."""
import pytest
from django.urls import reverse
from wagtail.models import ModelLogEntry

from cms.roles import role_group
from forum.models import ForumCategory, ForumTopic
from tests.confirm import post_confirmed
from tests.factories import UserFactory, activate_totp, login_with_mfa

from .conftest import make_topic


@pytest.fixture
def moderator_client(client, moderator):
    activate_totp(moderator)
    login_with_mfa(client, moderator)
    return client


def test_topics_are_in_the_moderation_menu_waiting_first(moderator_client, forum, category, resident, pending_topic):
    make_topic(forum, category, resident, title="Уже опублікована тема")
    admin_home = moderator_client.get("/admin/").content.decode()
    index = reverse("forum_topic:index")
    assert '"name": "moderation"' in admin_home and index in admin_home
    assert reverse("participation_comment:index") in admin_home  # the same menu as the comments queue
    assert reverse("wagtailsnippets_forum_forumcategory:list") in admin_home
    page = moderator_client.get(index).content.decode()
    assert page.index(pending_topic.title) < page.index("Уже опублікована тема")
    assert f"{index}add/" not in page
    filtered = moderator_client.get(index, {"status": "pending"}).content.decode()
    assert pending_topic.title in filtered and "Уже опублікована тема" not in filtered
    found = moderator_client.get(index, {"q": "опублікована"})
    assert found.status_code == 200
    assert "Уже опублікована тема" in found.content.decode() and pending_topic.title not in found.content.decode()


def test_moderator_publishes_hides_restores_and_closes(moderator_client, pending_topic, moderator):
    url = reverse("forum_topic:edit", args=[pending_topic.pk])
    page = moderator_client.get(url).content.decode()
    assert pending_topic.body[:30] in page and 'value="publish"' in page
    assert moderator_client.post(url, {"action": "publish"}).status_code == 302
    pending_topic.refresh_from_db()
    assert pending_topic.status == ForumTopic.Status.PUBLISHED
    response = moderator_client.post(url, {"action": "hide", "reason": ""})
    assert response.status_code == 200 and "Вкажіть причину" in response.content.decode()
    pending_topic.refresh_from_db()
    assert pending_topic.status == ForumTopic.Status.PUBLISHED
    first, _ = post_confirmed(moderator_client, url, {"action": "hide", "reason": "Образи"})
    page = first.content.decode()  # the confirmation step shows what the author will read
    assert "Модератор приховав вашу тему" in page and "Причина: Образи" in page
    moderator_client.post(url, {"action": "restore"})
    post_confirmed(moderator_client, url, {"action": "close", "reason": "Вирішено"})
    response = moderator_client.post(url, {"action": "publish"})  # not from "closed"
    assert response.status_code == 200 and "не застосовна" in response.content.decode()
    pending_topic.refresh_from_db()
    assert pending_topic.status == ForumTopic.Status.CLOSED
    assert list(ModelLogEntry.objects.order_by("pk").values_list("action", flat=True)) == [
        "forum.topic.publish", "forum.topic.hide", "forum.topic.restore", "forum.topic.close"]
    assert set(ModelLogEntry.objects.values_list("user_id", flat=True)) == {moderator.pk}
    history = moderator_client.get(reverse("forum_topic:history", args=[pending_topic.pk])).content.decode()
    assert "Тему форуму приховано: Образи" in history and "Тему форуму закрито" in history


def test_unknown_action_changes_nothing(moderator_client, pending_topic):
    url = reverse("forum_topic:edit", args=[pending_topic.pk])
    assert moderator_client.post(url, {"action": "delete"}).status_code == 200
    assert ForumTopic.objects.get().status == ForumTopic.Status.PENDING and ModelLogEntry.objects.count() == 0


def test_others_cannot_moderate(client, pending_topic, resident, roles):
    editor = UserFactory()
    editor.groups.add(role_group("press_office"))
    activate_totp(editor)
    login_with_mfa(client, editor)
    assert client.get(reverse("forum_topic:index")).status_code in {302, 403}
    client.post(reverse("forum_topic:edit", args=[pending_topic.pk]), {"action": "publish"})
    client.force_login(resident)
    client.post(reverse("forum_topic:edit", args=[pending_topic.pk]), {"action": "publish"})
    assert ForumTopic.objects.get().status == ForumTopic.Status.PENDING


def test_topics_are_not_added_in_the_admin(moderator_client, forum):
    assert moderator_client.get(reverse("forum_topic:add")).status_code in {302, 403}


def test_moderators_manage_categories(moderator_client):
    add = reverse("wagtailsnippets_forum_forumcategory:add")
    response = moderator_client.post(add, {"name": "Екологія", "slug": "ekolohiia", "description": "", "order": 6})
    assert response.status_code == 302
    assert ForumCategory.objects.get().name == "Екологія"


def test_dashboard_shows_the_topics_waiting(moderator_client, pending_topic, client):
    page = moderator_client.get("/admin/").content.decode()
    assert "Теми форуму, що очікують модерації" in page and pending_topic.title in page
    assert "1 тема очікує модерації" in page


def test_dashboard_panel_is_for_moderators_only(client, pending_topic, roles):
    editor = UserFactory()
    editor.groups.add(role_group("press_office"))
    activate_totp(editor)
    login_with_mfa(client, editor)
    page = client.get("/admin/").content.decode()
    assert "Теми форуму, що очікують модерації" not in page


def test_bulk_moderation(moderator_client, forum, category, resident, pending_topic):
    second = make_topic(forum, category, resident, title="Друга тема на модерації", status="pending")
    published = make_topic(forum, category, resident, title="Уже опублікована тема")
    html = moderator_client.get(reverse("forum_topic:index")).content.decode()
    assert 'form="forum-topics-bulk"' in html and 'id="forum-topics-bulk"' in html
    bulk = reverse("forum_topic:bulk")
    moderator_client.post(bulk, {"action": "hide", "reason": "", "ids": [pending_topic.pk, second.pk]})
    assert ForumTopic.objects.filter(status="hidden").count() == 0  # no reason, nothing hidden
    response = moderator_client.post(bulk, {"action": "publish",
                                            "ids": [pending_topic.pk, second.pk, published.pk, "x", "9" * 30]})
    assert response.status_code == 302
    assert set(ForumTopic.objects.values_list("status", flat=True)) == {"published"}
    assert ModelLogEntry.objects.filter(action="forum.topic.publish").count() == 2  # the published one refused
    post_confirmed(moderator_client, bulk, {"action": "close", "ids": [second.pk], "reason": "Вирішено"})
    assert ForumTopic.objects.get(pk=second.pk).status == "closed"


def test_bulk_moderation_needs_the_permission(client, pending_topic, resident):
    client.force_login(resident)
    client.post(reverse("forum_topic:bulk"), {"action": "publish", "ids": [pending_topic.pk]})
    assert ForumTopic.objects.get().status == ForumTopic.Status.PENDING


def test_closing_and_reopening_in_the_admin_tell_the_followers(moderator_client, topic, resident, moderator):
    from participation.models import Notification
    from participation.notifications import follow

    follower = UserFactory()
    follow(follower, topic)
    url = reverse("forum_topic:edit", args=[topic.pk])
    first, done = post_confirmed(moderator_client, url, {"action": "close", "reason": "Ремонт двору завершено"})
    assert "Модератор закрив тему «Темний двір на Садовій»: Ремонт двору завершено" in first.content.decode()
    assert done.status_code == 302
    closed = Notification.objects.filter(title="Модератор закрив тему «Темний двір на Садовій»: Ремонт двору завершено")
    assert sorted(closed.values_list("user_id", flat=True)) == sorted([resident.pk, follower.pk])

    assert post_confirmed(moderator_client, url, {"action": "reopen", "reason": ""})[1].status_code == 302
    reopened = Notification.objects.filter(title="Модератор знову відкрив тему «Темний двір на Садовій»")
    assert sorted(reopened.values_list("user_id", flat=True)) == sorted([resident.pk, follower.pk])
    assert not Notification.objects.filter(user=moderator).exists()
    history = moderator_client.get(reverse("forum_topic:history", args=[topic.pk])).content.decode()
    assert "Тему форуму закрито: Ремонт двору завершено" in history


def test_bulk_close_tells_each_topic_followers_once(moderator_client, forum, category, resident, moderator):
    from participation.models import Notification
    from participation.notifications import follow

    first = make_topic(forum, category, resident, title="Ями на Шевченка")
    second = make_topic(forum, category, resident, title="Сміття біля ринку")
    pending = make_topic(forum, category, resident, title="Тема на модерації", status="pending")
    both, only_second = UserFactory(), UserFactory()
    for user, topics in ((both, [first, second, pending]), (only_second, [second]), (moderator, [first])):
        for followed in topics:
            follow(user, followed)

    first_step, response = post_confirmed(moderator_client, reverse("forum_topic:bulk"), {
        "action": "close", "reason": "Передано до служби міста", "ids": [first.pk, second.pk, pending.pk]})
    assert "Ями на Шевченка" in first_step.content.decode() and "Тема на модерації" in first_step.content.decode()
    assert response.status_code == 302
    notices = Notification.objects.filter(kind="status")
    assert sorted(notices.values_list("user_id", "object_id")) == sorted([
        (both.pk, first.pk), (both.pk, second.pk), (only_second.pk, second.pk)])  # the pending one is refused
    assert notices.get(user=only_second).title == "Модератор закрив тему «Сміття біля ринку»: Передано до служби міста"
    assert set(ForumTopic.objects.values_list("status", flat=True)) == {"closed", "pending"}
