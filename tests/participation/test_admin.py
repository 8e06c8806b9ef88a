"""The moderation queue in the Wagtail admin: moderators see it, act on comments and suspend authors."""
import pytest
from django.urls import reverse
from wagtail.models import ModelLogEntry

from cms.roles import role_group
from participation import services
from participation.models import Comment, UserSuspension
from tests.confirm import post_confirmed
from tests.factories import UserFactory, activate_totp, login_with_mfa


@pytest.fixture
def moderator_client(client, moderator):
    activate_totp(moderator)
    login_with_mfa(client, moderator)
    return client


def test_moderators_see_the_queue_with_filters(moderator_client, article, resident, other_resident):
    reported = services.comment_post(target=article, author=resident, body="Скаржаться")
    services.comment_post(target=article, author=other_resident, body="Спокійний")
    services.comment_report(comment=reported, reporter=other_resident, reason="abuse")
    index = reverse("participation_comment:index")
    response = moderator_client.get(index)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Скаржаться" in html and "Спокійний" in html
    html = moderator_client.get(index, {"reported": "true"}).content.decode()
    assert "Скаржаться" in html and "Спокійний" not in html
    html = moderator_client.get(index, {"status": "hidden"}).content.decode()
    assert "Скаржаться" not in html
    admin_home = moderator_client.get("/admin/").content.decode()
    assert index in admin_home and '"name": "moderation"' in admin_home  # the "Модерація" menu
    assert "Модерація".encode("unicode_escape").decode() in admin_home


def test_moderator_hides_restores_and_suspends(moderator_client, article, resident, moderator):
    comment = services.comment_post(target=article, author=resident, body="Грубість")
    url = reverse("participation_comment:edit", args=[comment.pk])
    assert moderator_client.get(url).status_code == 200
    response = moderator_client.post(url, {"action": "hide", "reason": ""})
    assert response.status_code == 200  # the reason is required: stays on the page with the message
    comment.refresh_from_db()
    assert comment.status == Comment.Status.PUBLISHED
    first, done = post_confirmed(moderator_client, url, {"action": "hide", "reason": "Образи"})
    assert "Причина: Образи" in first.content.decode() and done.status_code == 302
    comment.refresh_from_db()
    assert comment.status == Comment.Status.HIDDEN and comment.hide_reason == "Образи"
    moderator_client.post(url, {"action": "restore"})
    comment.refresh_from_db()
    assert comment.status == Comment.Status.PUBLISHED
    moderator_client.post(url, {"action": "suspend", "reason": "Систематичні образи", "days": "7"})
    suspension = UserSuspension.objects.get(user=resident)
    assert suspension.moderator == moderator
    assert list(ModelLogEntry.objects.order_by("pk").values_list("action", flat=True)) == [
        "participation.comment.hide", "participation.comment.restore", "participation.user.suspend"]
    history = moderator_client.get(reverse("participation_comment:history", args=[comment.pk]))
    assert history.status_code == 200 and "Коментар приховано" in history.content.decode()


def test_residents_and_other_staff_cannot_moderate(client, article, resident, other_resident, roles):
    from cms.roles import role_group
    from tests.factories import UserFactory

    comment = services.comment_post(target=article, author=resident, body="Текст")
    editor = UserFactory()
    editor.groups.add(role_group("press_office"))
    activate_totp(editor)
    login_with_mfa(client, editor)
    url = reverse("participation_comment:edit", args=[comment.pk])
    assert client.get(reverse("participation_comment:index")).status_code in {302, 403}
    client.post(url, {"action": "hide", "reason": "Бо так"})
    comment.refresh_from_db()
    assert comment.status == Comment.Status.PUBLISHED


def test_comments_are_not_added_in_the_admin(moderator_client):
    assert moderator_client.get(reverse("participation_comment:add")).status_code in {302, 403}


def test_moderators_role_has_the_permissions(moderator):
    assert moderator.has_perm("participation.moderate_comment")
    assert moderator.has_perm("participation.view_comment")


def test_bulk_moderation(moderator_client, article, resident, other_resident):
    first = services.comment_post(target=article, author=resident, body="Перший")
    second = services.comment_post(target=article, author=other_resident, body="Другий")
    index = reverse("participation_comment:index")
    html = moderator_client.get(index).content.decode()
    assert 'form="moderation-bulk"' in html and 'id="moderation-bulk"' in html
    bulk = reverse("participation_comment:bulk")
    moderator_client.post(bulk, {"action": "hide", "reason": "", "ids": [first.pk, second.pk]})
    assert set(Comment.objects.values_list("status", flat=True)) == {Comment.Status.PUBLISHED}  # no reason
    shown = moderator_client.post(bulk, {"action": "hide", "reason": "Спам", "ids": [first.pk, second.pk]})
    assert shown.status_code == 200 and set(Comment.objects.values_list("hide_reason", flat=True)) == {""}
    _, response = post_confirmed(moderator_client, bulk, {"action": "hide", "reason": "Спам",
                                                          "ids": [first.pk, second.pk]})
    assert response.status_code == 302
    assert set(Comment.objects.values_list("hide_reason", flat=True)) == {"Спам"}
    moderator_client.post(bulk, {"action": "restore", "ids": [first.pk, "x", "9" * 30]})
    first.refresh_from_db()
    second.refresh_from_db()
    assert first.status == Comment.Status.PUBLISHED and second.status == Comment.Status.HIDDEN
    assert ModelLogEntry.objects.filter(action="participation.comment.hide").count() == 2


def test_bulk_moderation_needs_the_permission(client, article, resident, other_resident):
    comment = services.comment_post(target=article, author=resident, body="Текст")
    client.force_login(other_resident)
    client.post(reverse("participation_comment:bulk"), {"action": "hide", "reason": "Спам", "ids": [comment.pk]})
    comment.refresh_from_db()
    assert comment.status == Comment.Status.PUBLISHED


def test_queue_offers_no_add_button_even_to_a_superuser(client, home_page):
    from tests.factories import UserFactory, activate_totp, login_with_mfa

    admin = UserFactory(is_superuser=True, is_staff=True)
    activate_totp(admin)
    login_with_mfa(client, admin)
    response = client.get("/admin/participation/comments/")
    assert response.status_code == 200
    assert "/admin/participation/comments/add/" not in response.content.decode()


def test_dashboard_panel_shows_what_waits_for_moderators_only(moderator_client, client, article, resident,
                                                              other_resident, roles):
    reported = services.comment_post(target=article, author=resident, body="Образливий текст")
    services.comment_report(comment=reported, reporter=other_resident, reason="abuse")
    html = moderator_client.get("/admin/").content.decode()
    assert 'id="moderation-queue-section"' in html and "Образливий текст" in html
    assert "1 поскаржений коментар" in html and "0 коментарів очікують схвалення" in html
    press = UserFactory(is_staff=True)
    press.groups.add(role_group("press_office"))
    activate_totp(press)
    login_with_mfa(client, press)
    assert 'id="moderation-queue-section"' not in client.get("/admin/").content.decode()
