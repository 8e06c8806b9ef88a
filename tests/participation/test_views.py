"""The discussion on a news page: what each visitor sees, and the HTML forms (no JavaScript needed)."""
import datetime

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from participation import services
from participation.discussion import PRE_MODERATION
from participation.models import Comment, Report
from tests.confirm import confirmed
from tests.factories import NewsPageFactory

POST_URL = "/uchast/komentari/"


def form_data(article, body, parent=None):
    data = {"target_type": "home.newspage", "target_id": article.pk, "body": body}
    if parent:
        data["parent"] = parent.pk
    return data


def page_html(client, article) -> str:
    response = client.get(article.url)
    assert response.status_code == 200
    return response.content.decode()


def test_anonymous_visitor_sees_comments_and_a_login_link(client, article, resident):
    services.comment_post(target=article, author=resident, body="Добра новина")
    html = page_html(client, article)
    assert "Добра новина" in html and resident.public_name in html
    assert resident.email not in html
    assert "Увійдіть, щоб коментувати" in html
    assert 'name="body"' not in html


def test_no_discussion_when_the_article_has_comments_off(client, news_index):
    article = NewsPageFactory(parent=news_index, allow_comments=False)
    assert 'id="discussion"' not in page_html(client, article)


def test_unverified_resident_is_asked_to_confirm_the_email(client, article, unverified_resident):
    client.force_login(unverified_resident)
    html = page_html(client, article)
    assert "Підтвердьте свою адресу електронної пошти" in html and 'name="body"' not in html


def test_verified_resident_posts_and_replies_through_the_forms(client, article, resident, other_resident):
    client.force_login(resident)
    assert 'name="body"' in page_html(client, article)
    response = client.post(POST_URL, form_data(article, "Перший коментар"))
    comment = Comment.objects.get()
    assert response.status_code == 302 and response["Location"].endswith(f"#comment-{comment.pk}")
    client.force_login(other_resident)
    client.post(POST_URL, form_data(article, "Відповідь", parent=comment))
    reply = Comment.objects.get(parent=comment)
    html = page_html(client, article)
    assert "Перший коментар" in html and "Відповідь" in html and f'id="comment-{reply.pk}"' in html


def test_script_is_rendered_inert(client, article, resident):
    services.comment_post(target=article, author=resident, body='<script>alert("x")</script> <b>жирний</b>\nрядок')
    html = page_html(client, article)
    assert '<script>alert("x")</script>' not in html
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in html
    assert "&lt;b&gt;жирний&lt;/b&gt;<br>рядок" in html
    assert Comment.objects.get().body.startswith("<script>")  # stored as typed


def test_links_are_nofollow(client, article, resident):
    services.comment_post(target=article, author=resident, body="Дивіться https://example.com/plan")
    assert 'href="https://example.com/plan" rel="nofollow"' in page_html(client, article)


@pytest.mark.parametrize(("body", "message"), [
    ("", "Напишіть коментар"),
    ("я" * 2001, "2000"),
    (" ".join(f"https://example.com/{n}" for n in range(4)), "посилан"),
])
def test_bad_input_redirects_with_a_ukrainian_message_and_keeps_the_text(client, article, resident, body, message):
    client.force_login(resident)
    response = client.post(POST_URL, form_data(article, body), follow=True)
    assert response.status_code == 200
    assert not Comment.objects.exists()
    html = response.content.decode()
    assert message in html
    if body:
        assert body[:50] in html  # what was typed is back in the form


def test_unverified_post_is_refused_without_saving(client, article, unverified_resident):
    client.force_login(unverified_resident)
    response = client.post(POST_URL, form_data(article, "Привіт"), follow=True)
    assert response.status_code == 200 and not Comment.objects.exists()
    assert "Підтвердьте" in response.content.decode()


def test_anonymous_post_goes_to_login(client, article):
    response = client.post(POST_URL, form_data(article, "Привіт"))
    assert response.status_code == 302 and "/account/login/" in response["Location"]
    assert not Comment.objects.exists()


def test_unknown_target_is_not_a_500(client, resident):
    client.force_login(resident)
    for data in [{"target_type": "home.nothing", "target_id": 1, "body": "x"},
                 {"target_type": "cms.user", "target_id": resident.pk, "body": "x"},
                 {"target_type": "home.newspage", "target_id": 2**70, "body": "x"},
                 {"body": "x"}]:
        assert client.post(POST_URL, data).status_code == 302
    assert not Comment.objects.exists()


def test_post_without_csrf_token_is_refused(article, resident):
    client = Client(enforce_csrf_checks=True)
    client.force_login(resident)
    assert client.post(POST_URL, form_data(article, "Привіт")).status_code == 403
    assert not Comment.objects.exists()


def test_closed_discussion_shows_the_note_and_no_form(client, article, resident, monkeypatch):
    services.comment_post(target=article, author=resident, body="Встиг")
    monkeypatch.setattr(type(article), "comments_closed", property(lambda self: True))
    client.force_login(resident)
    html = page_html(client, article)
    assert "Обговорення закрито" in html and "Встиг" in html and 'name="body"' not in html


def test_pending_comment_is_visible_only_to_its_author(client, article, resident, other_resident, monkeypatch):
    monkeypatch.setattr(type(article), "comment_moderation", PRE_MODERATION)
    client.force_login(resident)
    response = client.post(POST_URL, form_data(article, "Чекаю схвалення"), follow=True)
    html = response.content.decode()
    assert "після перевірки модератором" in html
    assert "Чекаю схвалення" in html and "Очікує модерації" in html
    client.force_login(other_resident)
    assert "Чекаю схвалення" not in page_html(client, article)
    assert "Чекаю схвалення" not in page_html(Client(), article)


def test_hidden_comment_author_sees_the_reason_others_a_placeholder(client, article, resident, other_resident,
                                                                     moderator):
    comment = services.comment_post(target=article, author=resident, body="Грубе слово")
    confirmed(services.comment_hide, comment=comment, moderator=moderator, reason="Образи")
    client.force_login(resident)
    html = page_html(client, article)
    assert "Грубе слово" in html and "Образи" in html
    for viewer in (other_resident, None):
        visitor = Client()
        if viewer:
            visitor.force_login(viewer)
        html = page_html(visitor, article)
        assert "Грубе слово" not in html and "Коментар приховано модератором" in html


def test_tombstone_keeps_the_thread_readable(client, article, resident, other_resident):
    root = services.comment_post(target=article, author=resident, body="Видалю згодом")
    services.comment_post(target=article, author=other_resident, body="Відповідь лишається", parent=root)
    client.force_login(resident)
    assert client.get(reverse("participation:comment_delete", args=[root.pk])).status_code == 200
    client.post(reverse("participation:comment_delete", args=[root.pk]))
    html = page_html(Client(), article)
    assert "Коментар видалено автором" in html and "Видалю згодом" not in html
    assert "Відповідь лишається" in html


def test_former_user_in_the_thread(client, article, resident):
    services.comment_post(target=article, author=resident, body="Текст лишається")
    resident.delete()
    html = page_html(client, article)
    assert "Колишній користувач" in html and "Текст лишається" in html


def test_edit_form_within_the_window_and_refusal_after(client, article, resident):
    comment = services.comment_post(target=article, author=resident, body="Перша версія")
    client.force_login(resident)
    url = reverse("participation:comment_edit", args=[comment.pk])
    assert client.get(url).status_code == 200
    response = client.post(url, {"body": "я" * 2001})
    assert response.status_code == 422 and "2000" in response.content.decode()
    client.post(url, {"body": "Друга версія"})
    comment.refresh_from_db()
    assert comment.body == "Друга версія"
    Comment.objects.filter(pk=comment.pk).update(created_at=timezone.now() - datetime.timedelta(minutes=20))
    response = client.post(url, {"body": "Третя версія"})
    assert response.status_code == 422 and "15" in response.content.decode()
    comment.refresh_from_db()
    assert comment.body == "Друга версія"


def test_report_form(client, article, resident, other_resident):
    comment = services.comment_post(target=article, author=resident, body="Реклама")
    client.force_login(other_resident)
    url = reverse("participation:comment_report", args=[comment.pk])
    assert client.get(url).status_code == 200
    assert client.post(url, {"reason": "nonsense"}).status_code == 422
    response = client.post(url, {"reason": "spam", "text": "Продає щось"}, follow=True)
    assert "Модератор розгляне" in response.content.decode()
    response = client.post(url, {"reason": "spam"}, follow=True)
    assert response.status_code == 200 and "Ви вже поскаржилися" in response.content.decode()
    assert Report.objects.count() == 1


def test_other_residents_cannot_edit_or_delete(client, article, resident, other_resident):
    comment = services.comment_post(target=article, author=resident, body="Моє")
    client.force_login(other_resident)
    client.post(reverse("participation:comment_edit", args=[comment.pk]), {"body": "Чуже"})
    client.post(reverse("participation:comment_delete", args=[comment.pk]))
    comment.refresh_from_db()
    assert comment.body == "Моє" and not comment.is_deleted


def test_missing_comment_is_a_404(client, resident):
    client.force_login(resident)
    assert client.get(reverse("participation:comment_edit", args=[999999])).status_code == 404


def test_editors_switch_comments_on_in_the_settings_tab():
    from home.models import NewsPage

    field = NewsPage._meta.get_field("allow_comments")
    assert field.default is False
    assert "allow_comments" in [getattr(panel, "field_name", None) for panel in NewsPage.settings_panels]
    assert NewsPage.comment_moderation == "post"


def test_discussion_follows_the_chosen_language(client, article, resident, settings):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    html = page_html(client, article)
    assert "Log in to comment" in html
    client.force_login(resident)
    html = page_html(client, article)
    assert "Plain text, up to 2000 characters" in html


def test_empty_report_form_is_refused_with_an_error_and_saves_nothing(client, article, resident, other_resident):
    comment = services.comment_post(target=article, author=resident, body="Текст")
    client.force_login(other_resident)
    response = client.post(f"{POST_URL}{comment.pk}/skarga/", {})
    assert response.status_code == 422
    assert response.context["form"].errors["reason"]
    assert not Report.objects.exists()


def test_empty_edit_form_keeps_the_comment(client, article, resident):
    comment = services.comment_post(target=article, author=resident, body="Початковий текст")
    client.force_login(resident)
    response = client.post(f"{POST_URL}{comment.pk}/redaguvaty/", {})
    assert response.status_code == 422
    comment.refresh_from_db()
    assert comment.body == "Початковий текст"


def test_delete_confirmation_only_for_the_author(client, article, resident, other_resident):
    comment = services.comment_post(target=article, author=resident, body="Мій коментар")
    client.force_login(other_resident)
    assert client.get(f"{POST_URL}{comment.pk}/vydalyty/").status_code == 302
    client.force_login(resident)
    assert client.get(f"{POST_URL}{comment.pk}/vydalyty/").status_code == 200
