"""Admin: tree rules, creating a consultation with its questionnaire through the real form, the checks on
dates, report and questionnaire, the dashboard panel and the results view for editors only."""
import datetime
import io

import pytest
from django.utils import timezone
from wagtail.models import Page
from wagtail.test.utils import WagtailPageTestCase
from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text, streamfield

from cms.roles import role_group
from consultations.models import ConsultationIndexPage, ConsultationPage, ConsultationResponse
from consultations.services import consultation_answer
from home.models import HomePage, NewsIndexPage
from tests.consultations.conftest import DAY, QUESTIONS, make_consultation, valid_choices
from tests.factories import UserFactory, activate_totp, login_with_mfa

pytestmark = pytest.mark.django_db


def admin_datetime(value: datetime.datetime) -> str:
    return timezone.localtime(value).strftime("%Y-%m-%d %H:%M")


@pytest.fixture
def admin_client(client, home_page):
    admin = UserFactory(is_superuser=True, is_staff=True)
    activate_totp(admin)
    login_with_mfa(client, admin)
    return client


def page_data(*, start, end, questions=None, report="", **overrides) -> dict:
    fields = {
        "title": "Сквер на вулиці Липовій", "slug": "skver-lypova",
        "question": "Яким має бути сквер?", "summary": "Реконструкція скверу наступного року.",
        "organiser": "Департамент ЖКГ", "start": admin_datetime(start), "end": admin_datetime(end),
        "description": streamfield([("paragraph", rich_text("<p>Сквер облаштували сорок років тому.</p>"))]),
        "documents": inline_formset([]),
        "questions": inline_formset(questions or []),
        "report_summary": rich_text(report),
        "report_document": "",
        "proposals": inline_formset([]),
        "comments": inline_formset([]),
    }
    fields.update(overrides)
    return nested_form_data(fields)


def question(text, kind, options, *, required=True, pk=None, option_ids=None):
    data = {"text": text, "kind": kind, "required": "on" if required else "",
            "options": inline_formset([{"text": option, **({"id": str(option_ids[n])} if option_ids else {})}
                                       for n, option in enumerate(options)], initial=len(option_ids or []))}
    if pk:
        data["id"] = str(pk)
    return data


def post_new(client, index, data):
    return client.post(f"/admin/pages/add/consultations/consultationpage/{index.pk}/",
                       {**data, "action-publish": "action-publish"})


def test_page_tree_rules():
    assert ConsultationIndexPage.allowed_parent_page_models() == [HomePage]
    assert ConsultationIndexPage.allowed_subpage_models() == [ConsultationPage]
    assert ConsultationPage.allowed_parent_page_models() == [ConsultationIndexPage]
    assert ConsultationPage.allowed_subpage_models() == []
    assert not ConsultationPage.can_create_at(Page()) and not ConsultationIndexPage.can_create_at(NewsIndexPage())


def test_editor_creates_a_consultation_with_a_questionnaire(admin_client, consultation_index):
    now = timezone.now()
    response = post_new(admin_client, consultation_index, page_data(
        start=now - DAY, end=now + 20 * DAY,
        questions=[question("Що головне?", "single", ["Дитячий майданчик", "Тиша"]),
                   question("Що облаштувати?", "multiple", ["Освітлення", "Лавки", "Фонтанчик"], required=False)]))
    assert response.status_code == 302, response.context["form"].errors if response.context else response
    page = ConsultationPage.objects.get(slug="skver-lypova")
    assert page.live and page.status == "open"
    questions = list(page.questions.order_by("sort_order"))
    assert [(q.text, q.kind, q.required, q.options.count()) for q in questions] == [
        ("Що головне?", "single", True, 2), ("Що облаштувати?", "multiple", False, 3)]
    assert admin_client.get(page.url).status_code == 200
    assert admin_client.get(f"/admin/pages/{page.pk}/edit/").status_code == 200


def test_end_before_start_is_refused_with_a_clear_message(admin_client, consultation_index):
    now = timezone.now()
    response = post_new(admin_client, consultation_index, page_data(start=now + 5 * DAY, end=now + 4 * DAY))
    assert response.status_code == 200
    assert "Обговорення має завершитися пізніше, ніж почнеться" in str(response.context["form"].errors["end"])
    assert not ConsultationPage.objects.exists()


def test_report_before_the_end_is_refused(admin_client, consultation_index):
    now = timezone.now()
    response = post_new(admin_client, consultation_index, page_data(start=now - DAY, end=now + DAY,
                                                                    report="<p>Все враховано.</p>"))
    assert response.status_code == 200
    assert "лише після завершення обговорення" in str(response.context["form"].errors["report_summary"])
    assert not ConsultationPage.objects.exists()


def test_question_with_one_option_is_refused(admin_client, consultation_index):
    now = timezone.now()
    response = post_new(admin_client, consultation_index, page_data(
        start=now - DAY, end=now + DAY, questions=[question("Що головне?", "single", ["Тиша"])]))
    assert response.status_code == 200
    assert not ConsultationPage.objects.exists()


def test_answered_questionnaire_keeps_its_options_but_wording_can_be_fixed(admin_client, open_consultation,
                                                                          resident):
    consultation_answer(consultation=open_consultation, user=resident, choices=valid_choices(open_consultation))
    questions = list(open_consultation.questions.order_by("sort_order").prefetch_related("options"))

    def form(*, drop_last_option=False, texts=None):
        items = []
        for number, (text, kind, required, options) in enumerate(QUESTIONS):
            ids = [option.pk for option in questions[number].options.order_by("sort_order")]
            items.append(question((texts or {}).get(number, text), kind, options, required=required,
                                  pk=questions[number].pk, option_ids=ids))
            if drop_last_option and number == 1:
                items[-1]["options"][str(len(options) - 1)]["DELETE"] = "on"
        start, end = open_consultation.start, open_consultation.end
        data = page_data(start=start, end=end, title=open_consultation.title, slug=open_consultation.slug)
        data.update(nested_form_data({"questions": inline_formset(items, initial=len(items))}))
        return data

    url = f"/admin/pages/{open_consultation.pk}/edit/"
    refused = admin_client.post(url, {**form(drop_last_option=True), "action-publish": "action-publish"})
    assert refused.status_code == 200
    assert "Мешканці вже відповіли на опитування" in str(refused.context["form"].non_field_errors())
    assert open_consultation.questions.get(pk=questions[1].pk).options.count() == 3

    fixed = admin_client.post(url, {**form(texts={0: "Що найважливіше у сквері?"}), "action-publish": "action-publish"})
    assert fixed.status_code == 302
    assert open_consultation.questions.get(pk=questions[0].pk).text == "Що найважливіше у сквері?"
    assert ConsultationResponse.objects.get().answers.count() == 3


def test_press_office_may_run_consultations(client, consultation_index, roles):
    editor = UserFactory()
    editor.groups.add(role_group("press_office"))
    from cms.roles import setup_roles

    setup_roles()  # page permissions are given on the index pages that exist
    activate_totp(editor)
    login_with_mfa(client, editor)
    assert client.get(f"/admin/pages/add/consultations/consultationpage/{consultation_index.pk}/").status_code == 200


def test_dashboard_lists_consultations_closing_soon(admin_client, consultation_index):
    now = timezone.now()
    make_consultation(consultation_index, title="Закінчується скоро", end=now + 3 * DAY)
    make_consultation(consultation_index, title="Триває довго", end=now + 40 * DAY)
    make_consultation(consultation_index, title="Вже завершене", start=now - 9 * DAY, end=now - DAY)
    html = admin_client.get("/admin/").content.decode()
    assert "Завершуються протягом 14 днів" in html
    soon, later = html.index("Закінчується скоро"), html.index("Триває довго")
    assert soon < html.index("Інші обговорення, що тривають") < later
    assert "Вже завершене" not in html


def test_editors_see_results_any_time_others_do_not(client, admin_client, open_consultation, resident, roles):
    consultation_answer(consultation=open_consultation, user=resident, choices=valid_choices(open_consultation))
    url = f"/admin/consultations/{open_consultation.pk}/results/"
    html = admin_client.get(url).content.decode()
    assert "1 мешканець відповів." in html and "Відвідувачі побачать ці результати лише після завершення" in html
    assert "Дитячий майданчик" in html
    assert admin_client.get("/admin/consultations/999999/results/").status_code == 404

    moderator = UserFactory()
    moderator.groups.add(role_group("moderators"))
    activate_totp(moderator)
    client.logout()
    login_with_mfa(client, moderator)
    refused = client.get(url)  # the admin turns a refusal into a redirect with a message
    assert refused.status_code == 302 and refused["Location"] == "/admin/"
    client.logout()
    client.force_login(resident)
    refused = client.get(url)  # a resident is not let into the admin at all
    assert refused.status_code == 302 and "Дитячий майданчик" not in refused.content.decode()


class PreviewTests(WagtailPageTestCase):
    """Editors preview a consultation (its routes included) before publishing it."""

    def test_consultation_and_index_are_previewable_and_render(self):
        from tests.factories import site_with_home_page

        home = site_with_home_page()
        index = ConsultationIndexPage(title="Громадські обговорення", slug="hromadski-obhovorennia")
        home.add_child(instance=index)
        index.save_revision().publish()
        now = timezone.now()
        page = make_consultation(index, questions=QUESTIONS, start=now - 9 * DAY, end=now - DAY,
                                 report="<p>Враховано.</p>")
        admin = UserFactory(is_superuser=True, is_staff=True)
        activate_totp(admin)
        login_with_mfa(self.client, admin)
        questions = [question(q.text, q.kind, [o.text for o in q.options.order_by("sort_order")],
                              required=q.required, pk=q.pk,
                              option_ids=[o.pk for o in q.options.order_by("sort_order")])
                     for q in page.questions.order_by("sort_order")]
        post_data = page_data(start=page.start, end=page.end, title=page.title, slug=page.slug,
                              report="<p>Враховано.</p>")
        post_data.update(nested_form_data({"questions": inline_formset(questions, initial=len(questions))}))
        for target, data in ((page, post_data), (index, nested_form_data({
                "title": index.title, "slug": index.slug, "intro": "Вступ", "comments": inline_formset([])}))):
            url = f"/admin/pages/{target.pk}/edit/preview/"
            self.assertEqual(self.client.post(url, data).json(), {"is_valid": True, "is_available": True})
            preview = self.client.get(url, {"mode": ""})
            self.assertEqual(preview.status_code, 200)
            self.assertContains(preview, target.title)
            self.assertPageIsRenderable(target)


def test_editor_moving_the_end_of_a_closed_consultation_tells_followers_it_is_open_again(
        admin_client, consultation_index, resident, django_capture_on_commit_callbacks):
    from django.core.management import call_command

    from participation.models import Notification
    from participation.notifications import follow

    now = timezone.now()
    page = make_consultation(consultation_index, title="Сквер на вулиці Липовій", slug="skver-lypova",
                             start=now - 20 * DAY, end=now - DAY)
    follow(resident, page)
    url = f"/admin/pages/{page.pk}/edit/"
    new_end = (now + 10 * DAY).replace(second=0, microsecond=0)

    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(url, {**page_data(start=page.start, end=new_end), "action-publish": "1"})
    assert response.status_code == 302, response.context["form"].errors if response.context else response
    notice = Notification.objects.get(user=resident)
    assert notice.kind == "status"
    assert notice.title == ("Обговорення «Сквер на вулиці Липовій» знову відкрите до "
                            f"{timezone.localtime(new_end).strftime('%d.%m.%Y %H:%M')}")

    # Saved again with the same dates, and the command every minute: nothing more.
    assert admin_client.post(url, {**page_data(start=page.start, end=new_end, summary="Уточнено."),
                                   "action-publish": "1"}).status_code == 302
    call_command("update_consultation_statuses", stdout=io.StringIO())
    assert Notification.objects.filter(user=resident).count() == 1
