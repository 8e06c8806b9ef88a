"""Demo regulatory acts of Світлогірськ: the register, three acts at different stages and this year's plan."""
import datetime

from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model

from cms.text import latin_slug
from participation.models import Comment
from participation.services import comment_post
from sessions.departments import department_get_or_create

from .models import (
    PlanItem,
    Proposal,
    RegulatoryActIndexPage,
    RegulatoryActPage,
    RegulatoryPlanPage,
    TrackingReport,
)
from .services import Status, add_months

COUNCIL = "Світлогірська міська рада"
# The council's city departments (sessions demo has the same names): one list, never a second copy.
DEPARTMENTS = {
    "economy": "Управління економічного розвитку та торгівлі",
    "utilities": "Управління житлово-комунального господарства",
    "architecture": "Управління містобудування та архітектури",
}
NOTICE = (
    "<p>Зауваження та пропозиції до проєкту приймаються в письмовій формі на адресу: вул. Соборна, 1, "
    "м. Світлогірськ, 36000, або на електронну пошту <a href=\"mailto:economy@svitlohirsk.example\">"
    "economy@svitlohirsk.example</a>, а також у формі коментарів на цій сторінці.</p>"
    "<p>Розробник — управління економічного розвитку та торгівлі, тел. +380 532 00 00 15.</p>"
)


def _publish(parent, page):
    if not page.slug:
        page.slug = latin_slug(page.title)
    parent.add_child(instance=page)
    page.save_revision().publish()
    return page


def _resident(email: str, full_name: str):
    User = get_user_model()
    user = User.objects.filter(email=email).first()
    if user is None:
        user = User(username=email.split("@")[0], email=email, full_name=full_name)
        user.set_unusable_password()
        user.save()
    EmailAddress.objects.get_or_create(user=user, email=email, defaults={"verified": True, "primary": True})
    return user


def seed(*, home, command) -> list:
    today = command.now.date()
    departments = {key: department_get_or_create(name=name) for key, name in DEPARTMENTS.items()}
    index = RegulatoryActIndexPage.objects.child_of(home).first() or _publish(home, RegulatoryActIndexPage(
        title="Регуляторні акти", slug="rehuliatorni-akty",
        intro="Проєкти регуляторних актів міської ради та виконавчого комітету, аналіз їх регуляторного впливу, "
              "обговорення з мешканцями й підприємцями, звіти про відстеження результативності.",
        council_authority_name=COUNCIL,
        executive_authority_name="Виконавчий комітет Світлогірської міської ради",
        mayor_authority_name="Світлогірський міський голова", authority_edrpou="04055555",
    ))
    acts = {
        "night": _night_trade(index, departments, today),
        "ads": _outdoor_ads(index, departments, today),
        "kiosks": _temporary_structures(index, departments, today),
    }
    _comments(acts["night"], command)
    _plan(index, departments, acts, today)
    return [("Регуляторні акти", index)]


def _existing(index, slug):
    return RegulatoryActPage.objects.child_of(index).filter(slug=slug).first()


def _night_trade(index, departments, today):
    slug = "rezhym-roboty-zakladiv-torhivli-v-nichnyi-chas"
    page = _existing(index, slug)
    if page:
        return page
    published = today - datetime.timedelta(days=20)
    return _publish(index, RegulatoryActPage(
        title="Про встановлення режиму роботи закладів торгівлі та ресторанного господарства в нічний час",
        slug=slug, kind=RegulatoryActPage.Kind.EXECUTIVE, status=Status.CONSULTATION,
        department=departments["economy"],
        summary="Проєкт встановлює порядок погодження роботи магазинів, кафе й барів з 22:00 до 8:00 та вимоги "
                "щодо тиші й безпеки біля закладів, що працюють уночі.",
        draft_text=[
            ("heading", {"text": "1. Загальні положення", "level": "h2"}),
            ("paragraph", "<p>Суб’єкти господарювання, які мають намір працювати з 22:00 до 8:00, погоджують "
                          "режим роботи з виконавчим комітетом через ЦНАП. Погодження безоплатне і надається "
                          "протягом 10 робочих днів.</p>"),
            ("heading", {"text": "2. Вимоги до закладів", "level": "h2"}),
            ("paragraph", "<p>Заклад у житловому будинку забезпечує дотримання тиші, освітлення входу й "
                          "відеоспостереження; продаж алкогольних напоїв із 23:00 до 8:00 здійснюється лише "
                          "для споживання на місці.</p>"),
        ],
        impact_analysis="<p>Проблема: скарги мешканців на шум біля закладів, що працюють уночі, та відсутність "
                        "прозорої процедури погодження режиму роботи. Альтернативи: залишити чинний стан; "
                        "заборонити роботу вночі; запровадити погодження (обрано). Витрати одного закладу на "
                        "виконання вимог оцінено в 1 200 грн на рік.</p>",
        notice_date=published, notice_text=NOTICE, comment_start=published, comment_end=add_months(published, 1),
    ))


def _outdoor_ads(index, departments, today):
    slug = "pravyla-rozmishchennia-zovnishnoi-reklamy"
    page = _existing(index, slug)
    if page:
        return page
    published = today - datetime.timedelta(days=75)
    page = RegulatoryActPage(
        title="Про затвердження Правил розміщення зовнішньої реклами в місті Світлогірську",
        slug=slug, kind=RegulatoryActPage.Kind.EXECUTIVE, status=Status.SUMMARISED,
        department=departments["architecture"],
        summary="Нові правила визначають, де й у якому вигляді можна розміщувати рекламні засоби, строк "
                "дозволів і плату за використання місць комунальної власності.",
        draft_text=[("paragraph", "<p>Рекламні засоби в історичному центрі розміщуються лише на фасадах "
                                  "будівель у межах першого поверху; щити площею понад 18 м² у центрі "
                                  "заборонені. Дозвіл видається на 5 років.</p>")],
        impact_analysis="<p>Правила стосуються близько 60 розповсюджувачів реклами. Очікувані надходження до "
                        "бюджету громади — 0,9 млн грн на рік; витрати на приведення засобів у відповідність — "
                        "до 3 000 грн на один засіб.</p>",
        notice_date=published, notice_text=NOTICE, comment_start=published, comment_end=add_months(published, 1),
        proposals_summary="<p>За місяць обговорення надійшло 4 пропозиції від підприємців і громадських "
                          "організацій: одну враховано, одну враховано частково, дві відхилено.</p>",
    )
    page.proposals = [
        Proposal(author="ГО «Спілка підприємців Світлогірська»",
                 text="Подовжити перехідний період для наявних рекламних засобів з 6 до 12 місяців.",
                 decision=Proposal.Decision.ACCEPTED),
        Proposal(author="ТОВ «Міська реклама»",
                 text="Дозволити щити до 18 м² на вулиці Соборній поза межами історичного ареалу.",
                 decision=Proposal.Decision.PARTLY,
                 reason="Дозволено лише на ділянці від вул. Садової до об’їзної дороги, де немає пам’яток."),
        Proposal(author="Мельник Оксана",
                 text="Скасувати плату за місця для соціальної реклами громадських організацій.",
                 decision=Proposal.Decision.REJECTED,
                 reason="Соціальна реклама вже звільнена від плати згідно з п. 4.7 проєкту."),
        Proposal(author="ФОП Гнатюк Р. В.",
                 text="Дозволити світлодіодні екрани на фасадах житлових будинків.",
                 decision=Proposal.Decision.REJECTED,
                 reason="Яскраве освітлення порушує права мешканців на відпочинок у нічний час."),
    ]
    return _publish(index, page)


def _temporary_structures(index, departments, today):
    slug = "poriadok-rozmishchennia-tymchasovykh-sporud"
    page = _existing(index, slug)
    if page:
        return page
    effective = add_months(today, -23)
    adopted = effective - datetime.timedelta(days=10)
    published = add_months(adopted, -3)
    page = RegulatoryActPage(
        title="Про затвердження Порядку розміщення тимчасових споруд для провадження підприємницької діяльності",
        slug=slug, kind=RegulatoryActPage.Kind.COUNCIL, status=Status.TRACKING,
        department=departments["economy"],
        summary="Порядок визначає, як підприємці отримують паспорт прив’язки кіоску чи павільйону, вимоги до "
                "їх вигляду та підстави для демонтажу.",
        draft_text=[("paragraph", "<p>Паспорт прив’язки тимчасової споруди видається відділом містобудування "
                                  "та архітектури на 5 років за заявою, поданою через ЦНАП.</p>")],
        impact_analysis="<p>Порядок стосується 140 тимчасових споруд. Мета — прозорі правила й однаковий "
                        "вигляд споруд у центрі міста.</p>",
        notice_date=published, notice_text=NOTICE, comment_start=published, comment_end=add_months(published, 1),
        proposals_summary="<p>Надійшло дві пропозиції, обидві враховано.</p>",
        decision_number="1187", decision_date=adopted, effective_date=effective,
        decision_title=f"Рішення Світлогірської міської ради від {adopted:%d.%m.%Y} № 1187 «Про затвердження "
                       "Порядку розміщення тимчасових споруд для провадження підприємницької діяльності»",
        decision_url="https://svitlohirsk.example/rishennia/1187",
        bibliographic_citation=f"Вісник Світлогірська. {adopted.year}. № 7. С. 3.",
    )
    page.proposals = [
        Proposal(author="ГО «Спілка підприємців Світлогірська»",
                 text="Дозволити подання заяви онлайн.", decision=Proposal.Decision.ACCEPTED),
        Proposal(author="Ковальчук Ірина", text="Визначити строк розгляду заяви — не більше 10 робочих днів.",
                 decision=Proposal.Decision.ACCEPTED),
    ]
    page.tracking_reports = [
        TrackingReport(kind=TrackingReport.Kind.BASELINE, approved_on=effective - datetime.timedelta(days=3),
                       summary="Розміщено 140 тимчасових споруд, з них 38 — без паспорта прив’язки; середній "
                               "строк видачі паспорта — 24 дні.",
                       citation=f"Вісник Світлогірська. {effective.year}. № 8. С. 5."),
    ]
    return _publish(index, page)


def _comments(act, command):
    """Two residents discuss the open draft. Without demo accounts (seed_demo --no-users) nobody comments."""
    if Comment.objects.filter(regulatory_act=act).exists() or not act.comments_open:
        return
    if not get_user_model().objects.filter(email="resident@svitlohirsk.example").exists():
        return
    first = _resident("kovalenko.business@svitlohirsk.example", "Коваленко Тарас Миколайович")
    second = _resident("oliinyk.osbb@svitlohirsk.example", "Олійник Марія Степанівна")
    comment = comment_post(target=act, author=first, body=(
        "Пропоную дозволити роботу до 23:00 без погодження для магазинів біля зупинок громадського транспорту: "
        "люди повертаються з роботи пізно."))
    comment_post(target=act, author=second, parent=comment, body=(
        "Як голова ОСББ підтримую погодження: під нашим будинком бар працює до третьої ночі. Важливо, щоб "
        "вимога про тишу стосувалась і літніх майданчиків."))


def _plan(index, departments, acts, today):
    year = today.year
    if RegulatoryPlanPage.objects.child_of(index).filter(year=year).exists():
        return
    plan = RegulatoryPlanPage(
        title=f"План діяльності з підготовки проєктів регуляторних актів на {year} рік",
        slug=f"plan-{year}", year=year,
        approved_by=f"Рішення виконавчого комітету Світлогірської міської ради від 15.12.{year - 1} № 412",
        intro="План оприлюднено відповідно до статті 7 Закону України «Про засади державної регуляторної "
              "політики у сфері господарської діяльності». Зміни до плану оприлюднюються тут же.",
    )
    plan.items = [
        PlanItem(title="Режим роботи закладів торгівлі та ресторанного господарства в нічний час",
                 legal_act_title="Проєкт рішення виконавчого комітету «Про встановлення режиму роботи закладів "
                                 "торгівлі та ресторанного господарства в нічний час»",
                 kind="executive", objective="Зменшення шуму в житлових кварталах; прозора процедура погодження",
                 department=departments["economy"], deadline=datetime.date(year, 6, 30), act=acts["night"]),
        PlanItem(title="Правила розміщення зовнішньої реклами",
                 legal_act_title="Проєкт рішення виконавчого комітету «Про затвердження Правил розміщення "
                                 "зовнішньої реклами в місті Світлогірську»",
                 kind="executive", project_type=PlanItem.ProjectType.NEW,
                 objective="Упорядкування рекламних засобів; збереження історичного вигляду центру",
                 department=departments["architecture"], deadline=datetime.date(year, 3, 31), act=acts["ads"]),
        PlanItem(title="Зміни до Порядку розміщення тимчасових споруд",
                 legal_act_title="Проєкт рішення міської ради «Про внесення змін до Порядку розміщення тимчасових "
                                 "споруд для провадження підприємницької діяльності»",
                 kind="council", project_type=PlanItem.ProjectType.AMENDMENT,
                 objective="Подання заяв онлайн; скорочення строку видачі паспорта прив’язки",
                 amends_uid=acts["kiosks"].uid, amends_title=acts["kiosks"].title,
                 department=departments["economy"], deadline=datetime.date(year, 9, 30)),
        PlanItem(title="Правила благоустрою території Світлогірської громади",
                 legal_act_title="Проєкт рішення міської ради «Про затвердження Правил благоустрою території "
                                 "Світлогірської міської територіальної громади»",
                 kind="council", objective="Єдині вимоги до утримання прилеглих територій підприємствами",
                 department=departments["utilities"], deadline=datetime.date(year, 12, 31)),
    ]
    _publish(index, plan)
