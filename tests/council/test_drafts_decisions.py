"""Drafts and decisions: the publication rule with holidays, the life cycle, the approval workflow, the registry."""
import datetime

import pytest
from django.contrib.messages import get_messages
from django.contrib.messages.storage.fallback import FallbackStorage
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone
from wagtail.models import Workflow, WorkflowPage, WorkflowState
from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text

from cms.workdays import is_working_day, working_days_before
from sessions.draft_publication import publication_check
from sessions.models import AgendaItem, CalendarDay, DraftDecisionPage, DraftStatus
from sessions.signals import DRAFT_WORKFLOW_NAME
from sessions.wagtail_hooks import warn_about_late_drafts
from tests.factories import login_with_mfa

from .conftest import staff
from .factories import (
    DecisionIndexPageFactory,
    DecisionPageFactory,
    DraftDecisionIndexPageFactory,
    DraftDecisionPageFactory,
    SessionIndexPageFactory,
    SessionPageFactory,
)


# --- working days and the publication rule -------------------------------------------------------------
def test_ten_working_days_skip_weekends(db):
    assert working_days_before(datetime.date(2026, 3, 26), 10) == datetime.date(2026, 3, 12)


def test_ukrainian_public_holidays_are_not_working_days(db):
    # 2021: 3-4 May (Labour Day and Easter observed) and 10 May (Victory Day observed) were days off.
    assert not is_working_day(datetime.date(2021, 5, 10))
    assert working_days_before(datetime.date(2021, 5, 12), 10) == datetime.date(2021, 4, 23)


def test_the_secretariat_corrects_the_calendar(db):
    CalendarDay.objects.create(date=datetime.date(2026, 3, 20), kind=CalendarDay.Kind.DAY_OFF)
    assert working_days_before(datetime.date(2026, 3, 26), 10) == datetime.date(2026, 3, 11)
    CalendarDay.objects.create(date=datetime.date(2026, 3, 14), kind=CalendarDay.Kind.WORKING_DAY)
    assert working_days_before(datetime.date(2026, 3, 26), 10) == datetime.date(2026, 3, 12)


def test_the_term_is_a_setting(db, settings):
    settings.COUNCIL_DRAFT_PUBLICATION_WORKING_DAYS = 15
    assert publication_check(published_on=None, considered_on=datetime.date(2026, 3, 26)).deadline == \
        datetime.date(2026, 3, 5)


@pytest.mark.parametrize(("published_on", "urgent", "ok"), [
    (datetime.date(2026, 3, 12), False, True),   # the last possible day
    (datetime.date(2026, 3, 13), False, False),  # one working day late
    (None, False, False),                        # never published
    (datetime.date(2026, 3, 20), True, True),    # urgent consideration the law allows
])
def test_publication_check(db, published_on, urgent, ok):
    check = publication_check(published_on=published_on, considered_on=datetime.date(2026, 3, 26), urgent=urgent)
    assert check.ok is ok


# --- drafts -----------------------------------------------------------------------------------------------
@pytest.fixture
def drafts_index(home_page):
    return DraftDecisionIndexPageFactory(parent=home_page)


@pytest.fixture
def sessions_index(home_page):
    return SessionIndexPageFactory(parent=home_page)


def session_with(sessions_index, convocation, draft, day=datetime.date(2026, 3, 26)):
    session = SessionPageFactory.build(convocation=convocation,
                                       start=timezone.make_aware(datetime.datetime.combine(day, datetime.time(10))))
    session.agenda_items = [AgendaItem(title=draft.title, draft=draft)]
    sessions_index.add_child(instance=session)
    return session


def test_draft_page_shows_the_rule_per_session_and_the_discussion(client, drafts_index, sessions_index,
                                                                 convocation, resident):
    draft = DraftDecisionPageFactory(parent=drafts_index, publication_date=datetime.date(2026, 3, 13),
                                     explanatory_note="<p>Пояснення.</p>")
    session_with(sessions_index, convocation, draft)
    html = client.get(draft.url).content.decode()
    assert "пізніше, ніж потрібно" in html and "Пояснення." in html
    assert "щонайменше за 10 робочих днів" in html
    assert 'id="discussion' in html or "Обговорення" in html
    assert draft.comments_enabled and not draft.comments_closed
    draft.status = DraftStatus.ON_AGENDA
    assert draft.comments_closed


def test_the_life_cycle_refuses_a_jump_back(drafts_index):
    draft = DraftDecisionPageFactory(parent=drafts_index, status=DraftStatus.ADOPTED)
    draft.status = DraftStatus.PUBLISHED
    with pytest.raises(ValidationError) as error:
        draft.full_clean()
    assert "не може перейти" in str(error.value)


def test_first_publication_stamps_the_date_and_status(drafts_index):
    draft = DraftDecisionPageFactory.build(status=DraftStatus.REGISTERED, publication_date=None, live=False)
    drafts_index.add_child(instance=draft)
    draft.save_revision().publish()
    draft.refresh_from_db()
    assert draft.publication_date == timezone.localdate() and draft.status == DraftStatus.PUBLISHED


def test_the_admin_warns_when_an_agenda_takes_up_a_late_draft(rf, drafts_index, sessions_index, convocation):
    late = DraftDecisionPageFactory(parent=drafts_index, registration_number="77/1",
                                    publication_date=datetime.date(2026, 3, 20))
    session = session_with(sessions_index, convocation, late)
    request = rf.post("/admin/")
    request.session = {}
    request._messages = FallbackStorage(request)
    warn_about_late_drafts(request, session)
    [message] = [str(message) for message in get_messages(request)]
    assert "№ 77/1" in message and "12.03.2026" in message


def test_an_executor_submits_a_draft_and_the_secretariat_approves_it(client, drafts_index, roles):
    from cms.roles import setup_roles

    setup_roles()  # page permissions on the index that now exists
    workflow = Workflow.objects.get(name=DRAFT_WORKFLOW_NAME)
    assert WorkflowPage.objects.get(page=drafts_index).workflow == workflow
    executor = staff("executors")
    login_with_mfa(client, executor)
    url = reverse("wagtailadmin_pages:add", args=["council", "draftdecisionpage", drafts_index.pk])
    data = nested_form_data({
        "title": "Про благоустрій парку", "slug": "pro-blahoustrii-parku", "registration_number": "900/1",
        "status": "registered", "initiator_kind": "executive", "initiator_name": "Управління ЖКГ",
        "summary": "", "text": rich_text("<p>Текст</p>"), "explanatory_note": rich_text(""),
        "attachments": inline_formset([]), "comments": inline_formset([]), "allow_comments": "on",
        "action-submit": "Submit",
    })
    response = client.post(url, data)
    assert response.status_code == 302, response.content.decode()[:3000]
    draft = DraftDecisionPage.objects.get(registration_number="900/1")
    assert not draft.live
    state = WorkflowState.objects.get(base_content_type__model="page", object_id=str(draft.pk))
    assert state.status == WorkflowState.STATUS_IN_PROGRESS
    secretary = staff("council_secretariat")
    client.logout()
    login_with_mfa(client, secretary)
    task_state = state.current_task_state
    approve = reverse("wagtailadmin_pages:workflow_action", args=[draft.pk, "approve", task_state.pk])
    assert client.post(approve, {"comment": ""}).status_code in (200, 302)
    draft.refresh_from_db()
    assert draft.live and draft.publication_date == timezone.localdate()


# --- decisions --------------------------------------------------------------------------------------------
def test_registry_searches_in_ukrainian_and_filters(client, home_page):
    index = DecisionIndexPageFactory(parent=home_page)
    DecisionPageFactory(parent=index, title="Про бюджет громади на 2026 рік", number="10-1/VIII",
                        date=datetime.date(2026, 1, 15), text="<p>Затвердити бюджет громади.</p>")
    DecisionPageFactory(parent=index, title="Про перейменування вулиць", number="11-1/VIII",
                        date=datetime.date(2026, 2, 15), status="repealed", text="<p>Перейменувати вулиці.</p>")
    url = index.url
    html = client.get(url, {"q": "бюджету"}).content.decode()
    assert "Про бюджет громади" in html and "Про перейменування" not in html
    html = client.get(url, {"number": "11-1/VIII"}).content.decode()
    assert "Про перейменування" in html and "Про бюджет громади" not in html
    html = client.get(url, {"date_from": "2026-02-01", "date_to": "2026-02-28"}).content.decode()
    assert "Про перейменування" in html and "Про бюджет громади" not in html
    html = client.get(url, {"status": "in_force"}).content.decode()
    assert "Про бюджет громади" in html and "Про перейменування" not in html
    response = client.get(url, {"date_from": "2026-03-01", "date_to": "2026-01-01"})
    assert response.status_code == 400 and "не може бути пізніше" in response.content.decode()
    assert client.get(url, {"date_from": "вчора"}).status_code == 400


def test_decision_page_shows_its_relations(client, home_page):
    index = DecisionIndexPageFactory(parent=home_page)
    old = DecisionPageFactory(parent=index, number="1-1/VIII", status="amended")
    new = DecisionPageFactory(parent=index, number="2-1/VIII")
    new.amends = [old]
    new.save_revision().publish()
    html = client.get(old.url).content.decode()
    assert "Змінене" in html and "№ 2-1/VIII" in html


def test_decision_page_reads_all_four_relations_at_once_and_leaves_out_unpublished_ones(client, home_page,
                                                                                       django_assert_max_num_queries):
    from bs4 import BeautifulSoup

    index = DecisionIndexPageFactory(parent=home_page)
    decision = DecisionPageFactory(parent=index, number="10-1/VIII", date=datetime.date(2026, 3, 1))
    amended = DecisionPageFactory(parent=index, number="1-1/VIII", date=datetime.date(2025, 1, 1))
    repealed = DecisionPageFactory(parent=index, number="2-1/VIII", date=datetime.date(2025, 2, 1))
    hidden = DecisionPageFactory(parent=index, number="3-1/VIII", date=datetime.date(2025, 3, 1))
    decision.amends = [amended, hidden]
    decision.repeals = [repealed]
    decision.save_revision().publish()
    amending = DecisionPageFactory(parent=index, number="20-1/VIII", date=datetime.date(2026, 5, 1))
    amending.amends = [decision]
    amending.save_revision().publish()
    repealing = DecisionPageFactory(parent=index, number="30-1/VIII", date=datetime.date(2026, 6, 1))
    repealing.repeals = [decision]
    repealing.save_revision().publish()
    hidden.unpublish()
    client.get(decision.url)

    with django_assert_max_num_queries(9) as captured:
        html = client.get(decision.url).content.decode()

    items = [item.get_text(" ", strip=True) for item in BeautifulSoup(html, "html.parser").select(
        "section[aria-labelledby=relations-title] li")]
    assert items == ["Змінює: № 1-1/VIII", "Скасовує: № 2-1/VIII", "Змінене рішенням: № 20-1/VIII",
                     "Скасоване рішенням: № 30-1/VIII"]
    assert len([query for query in captured if "council_decisionpage_amends" in query["sql"]]) == 1


def test_a_decisions_unpublished_revision_shows_the_relations_chosen_in_the_editor(client, home_page):
    """A revision is rendered from the editor's choices kept in memory (modelcluster), not from the database."""
    from tests.factories import UserFactory, activate_totp, login_with_mfa

    admin = UserFactory(is_superuser=True, is_staff=True)
    activate_totp(admin)
    login_with_mfa(client, admin)
    index = DecisionIndexPageFactory(parent=home_page)
    decision = DecisionPageFactory(parent=index, number="10-1/VIII")
    chosen = DecisionPageFactory(parent=index, number="1-1/VIII")
    decision.amends = [chosen]
    revision = decision.save_revision()

    response = client.get(f"/admin/pages/{decision.pk}/revisions/{revision.pk}/view/")

    assert response.status_code == 200
    assert "Змінює" in response.content.decode() and "№ 1-1/VIII" in response.content.decode()


def test_followers_hear_about_each_published_status_change(drafts_index, resident, django_capture_on_commit_callbacks):
    from participation.models import Notification
    from participation.notifications import follow

    draft = DraftDecisionPageFactory(parent=drafts_index, status=DraftStatus.PUBLISHED)
    draft.save_revision().publish()
    follow(resident, draft)
    draft.status = DraftStatus.ON_AGENDA
    with django_capture_on_commit_callbacks(execute=True):
        draft.save_revision().publish()
        draft.save_revision().publish()  # published again without a change: nothing new
    [notification] = Notification.objects.filter(user=resident)
    assert "У порядку денному" in notification.title and draft.registration_number in notification.title


def test_the_secretariat_dashboard_lists_drafts_of_coming_sessions_with_their_term(client, drafts_index,
                                                                                   sessions_index, convocation,
                                                                                   roles):
    late = DraftDecisionPageFactory(parent=drafts_index, registration_number="88/1",
                                    publication_date=timezone.localdate())
    session_with(sessions_index, convocation, late, day=timezone.localdate() + datetime.timedelta(days=7))
    login_with_mfa(client, staff("council_secretariat"))
    html = client.get(reverse("wagtailadmin_home")).content.decode()
    assert "№ 88/1" in html and "оприлюднено із запізненням" in html
    client.logout()
    login_with_mfa(client, staff("press_office"))
    assert "№ 88/1" not in client.get(reverse("wagtailadmin_home")).content.decode()


def test_followers_hear_of_a_status_change_in_ukrainian_whatever_the_editors_language(drafts_index):
    from django.utils import translation

    from participation.models import Notification
    from participation.notifications import follow
    from tests.factories import UserFactory

    draft = DraftDecisionPageFactory(parent=drafts_index, registration_number="12/3", status=DraftStatus.PUBLISHED)
    draft.save_revision().publish()  # the first publication: no one follows yet
    resident = UserFactory()
    follow(resident, draft)
    draft.status = DraftStatus.ON_AGENDA
    with translation.override("en"):  # an editor whose admin speaks English
        draft.save_revision().publish()
    titles = list(Notification.objects.filter(user=resident).values_list("title", flat=True))
    assert titles == ["Проєкт рішення № 12/3: У порядку денному"]
