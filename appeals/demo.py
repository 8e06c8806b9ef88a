"""Demo content of appeals: the city's services with their executors' groups, the catalogue with its routing, the
index page, demo staff (a dispatcher and an executor) and about 60 appeals in every status, public and
confidential, with clarifications, answers and ratings. Written through the services; idempotent."""
import datetime

from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.db.models import F
from wagtail.models import Site

from cms.roles import role_group
from sessions import interface as council

from . import services
from .models import Appeal, AppealEvent, AppealIndexPage, AppealSettings, Category, Service

# (name, short name, EDRPOU, e-mail)
SERVICES = [
    ("КП «Світлогірськводоканал»", "Водоканал", "03361046", "vodokanal@svitlohirsk.example"),
    ("КП «Світлогірськтеплоенерго»", "Теплоенерго", "05474963", "teplo@svitlohirsk.example"),
    ("Управління благоустрою та екології", "Благоустрій", "40156312", "blagoustrii@svitlohirsk.example"),
    ("Управління житлово-комунального господарства", "ЖКГ", "40156329", "zhkg@svitlohirsk.example"),
    ("Відділ транспорту і звʼязку", "Транспорт", "40156335", "transport@svitlohirsk.example"),
    ("Управління освіти", "Освіта", "02142936", "osvita@svitlohirsk.example"),
    ("Управління соціального захисту населення", "Соцзахист", "03192245", "soczakhyst@svitlohirsk.example"),
    ("Центр надання адміністративних послуг", "ЦНАП", "41012788", "cnap@svitlohirsk.example"),
]
# (name, code, description, service short name or None for the dispatchers)
CATEGORIES = [
    ("Водопостачання і водовідведення", "water", "Немає води, протікання, каналізація, люки", "Водоканал"),
    ("Опалення і гаряча вода", "heating", "Холодні батареї, немає гарячої води", "Теплоенерго"),
    ("Дороги і тротуари", "roads", "Ями, розмітка, бордюри, пандуси", "Благоустрій"),
    ("Вуличне освітлення", "lighting", "Не світять ліхтарі у дворах і на вулицях", "Благоустрій"),
    ("Прибирання і вивезення сміття", "waste", "Переповнені контейнери, стихійні звалища", "Благоустрій"),
    ("Зелені насадження", "trees", "Аварійні дерева, обрізка, газони", "Благоустрій"),
    ("Будинки і прибудинкові території", "housing", "Дахи, підʼїзди, ліфти, дитячі майданчики", "ЖКГ"),
    ("Громадський транспорт", "transport", "Маршрути, розклад, зупинки", "Транспорт"),
    ("Освіта", "education", "Школи, дитячі садки, позашкілля", "Освіта"),
    ("Соціальний захист", "social", "Пільги, допомоги, субсидії", "Соцзахист"),
    ("Адміністративні послуги", "services", "Черги, документи, робота ЦНАП", "ЦНАП"),
    ("Інше", "other", "Те, чого немає в інших категоріях", None),
]
STREETS = ["вул. Соборна", "вул. Шевченка", "просп. Миру", "вул. Лісова", "вул. Садова", "бульв. Незалежності",
           "вул. Героїв", "вул. Молодіжна", "вул. Центральна", "вул. Набережна"]
PROBLEMS = {
    "water": ["Третій день немає холодної води в будинку {address}. Просимо повідомити, коли відновлять подачу.",
              "Біля будинку {address} з люка витікає вода, взимку утворюється ожеледь на тротуарі."],
    "heating": ["У квартирах будинку {address} холодні батареї, у кімнатах не більше 15 градусів.",
                "Немає гарячої води в будинку {address} вже тиждень, прошу втрутитися."],
    "roads": ["На проїжджій частині біля будинку {address} глибока яма, пошкоджено вже кілька автомобілів.",
              "Тротуар біля будинку {address} зруйнований, людям з колясками не пройти."],
    "lighting": ["Не світять ліхтарі вздовж будинку {address}, ввечері у дворі повна темрява.",
                 "Ліхтар навпроти будинку {address} світить удень і не світить уночі."],
    "waste": ["Контейнери біля будинку {address} не вивозять другий тиждень, сміття розноситься вітром.",
              "За будинком {address} утворилося стихійне звалище будівельного сміття."],
    "trees": ["Аварійне дерево біля будинку {address} нахилилося над дитячим майданчиком.",
              "Прошу обрізати гілки, що лежать на проводах біля будинку {address}."],
    "housing": ["У будинку {address} протікає дах, вода потрапляє до квартир на пʼятому поверсі.",
                "Не працює ліфт у будинку {address} уже місяць, у будинку мешкають люди похилого віку."],
    "transport": ["Автобус № 7 зранку не дотримується розкладу: на зупинці біля будинку {address} чекаємо "
                  "по 40 хвилин.",
                  "Пропоную облаштувати навіс на зупинці біля будинку {address}."],
    "education": ["Пропоную відкрити гурток робототехніки в школі біля будинку {address}.",
                  "У дитячому садку біля будинку {address} не працює опалення в групах."],
    "social": ["Прошу роз'яснити, як оформити субсидію для пенсіонерів, які мешкають за адресою {address}.",
               "Три місяці не можу отримати відповідь щодо пільги на оплату комунальних послуг."],
    "services": ["У ЦНАП велика черга, електронна черга не працює. Пропоную запровадити запис онлайн.",
                 "Пропоную продовжити години роботи ЦНАП у суботу."],
    "other": ["Пропоную встановити стенд з історією міста біля будинку {address}.",
              "Прошу перевірити законність встановлення кіоску біля будинку {address}."],
}
ANSWERS = [
    "Роботи виконано. Дякуємо за звернення: ваша інформація допомогла швидко усунути проблему.",
    "Питання включено до плану робіт на поточний квартал; про виконання повідомимо додатково.",
    "Проведено обстеження на місці. Бригада усунула пошкодження, ситуацію взято на контроль.",
    "Надаємо роз'яснення: порядок та необхідні документи наведено у відповіді; звертайтеся до ЦНАП.",
]
# (status, how many)
PLAN = [(Appeal.Status.REGISTERED, 4), (Appeal.Status.ASSIGNED, 10), (Appeal.Status.IN_PROGRESS, 10),
        (Appeal.Status.EXTENDED, 4), (Appeal.Status.ANSWERED, 10), (Appeal.Status.RATED, 10),
        (Appeal.Status.CLOSED, 12)]


def _account(email: str, full_name: str, password_hash: str, groups) -> object:
    """A demo staff account with the demo resident's password (the one seed_demo prints)."""
    User = get_user_model()
    user = User.objects.filter(email=email).first()
    if user is None:
        user = User.objects.create(username=email.split("@")[0], email=email, full_name=full_name,
                                   password=password_hash)
    EmailAddress.objects.get_or_create(user=user, email=email, defaults={"verified": True, "primary": True})
    user.groups.add(*groups)
    return user


def seed(*, home, command) -> list:
    index = AppealIndexPage.objects.child_of(home).first()
    if index is None:
        index = AppealIndexPage(title="Звернення", slug="zvernennia", intro=(
            "Напишіть службам міста або депутату: звернення реєструється одразу, відповідь надходить протягом "
            "15 днів, а якщо питання потребує вивчення — 30 днів (Закон «Про звернення громадян»)."))
        home.add_child(instance=index)
        index.save_revision().publish()
    site = Site.objects.filter(root_page=home).first()
    if site:
        config = AppealSettings.for_site(site)
        if not config.settlement:
            config.region, config.district, config.community = "Полтавська область", "Кременчуцький район", \
                "Світлогірська"
            config.settlement, config.katottg = "Світлогірськ", "UA53060250010015970"
            config.dispatch_email = "dyspetcher@svitlohirsk.example"
            config.save()
    services_by_name = {}
    for name, short, edrpou, email in SERVICES:
        group, _created = Group.objects.get_or_create(name=f"Служба: {short}")
        services_by_name[short], _created = Service.objects.get_or_create(
            name=name, defaults={"short_name": short, "edrpou": edrpou, "email": email, "group": group})
    categories = []
    for order, (name, slug, description, service) in enumerate(CATEGORIES):
        category, _created = Category.objects.get_or_create(slug=slug, defaults={
            "name": name, "description": description, "sort_order": order,
            "service": services_by_name.get(service)})
        categories.append(category)
    if Appeal.objects.exists():
        return [("Звернення", index)]
    User = get_user_model()
    resident = User.objects.filter(email="resident@svitlohirsk.example").first()
    if resident is None:  # seed_demo --no-users: the demo appeals need their (fictional) authors' accounts
        return [("Звернення", index)]
    dispatcher = _account("dyspetcher@svitlohirsk.example", "Гнатюк Оксана Василівна", resident.password,
                          [role_group("appeals_dispatchers")])
    _account("vodokanal.vykonavets@svitlohirsk.example", "Мороз Ігор Степанович", resident.password,
             [role_group("executors"), services_by_name["Водоканал"].group])
    authors = [resident] + list(User.objects.filter(email__startswith="meshkanets").order_by("email")[:40])
    # Fictional residents: their registration notices and answers are not mailed anywhere.
    with services.without_email():
        created = _appeals(command, categories, authors, dispatcher, services_by_name)
    command.stdout.write(f"Appeals: {created} in every status, public and confidential.")
    return [("Звернення", index)]


def _appeals(command, categories, authors, dispatcher, services_by_name) -> int:
    rng, now = command.random, command.now
    deputies = council.active_deputies()[:3]
    west, south, east, north = 34.50, 49.56, 34.62, 49.62
    created = 0
    for status, count in PLAN:
        for number in range(count):
            category = rng.choice(categories[:-1] if status != Appeal.Status.REGISTERED else categories[-1:])
            street = rng.choice(STREETS)
            address = f"{street}, {rng.randint(1, 120)}"
            text = rng.choice(PROBLEMS[category.slug]).format(address=address)
            age = {Appeal.Status.REGISTERED: 2, Appeal.Status.ASSIGNED: 6, Appeal.Status.IN_PROGRESS: 12,
                   Appeal.Status.EXTENDED: 32}.get(status, 40 + number * 4)
            received = now - datetime.timedelta(days=age + rng.randint(0, 5), hours=rng.randint(1, 9))
            deputy = deputies[number % len(deputies)] if deputies and number % 5 == 4 else None
            point = {}
            if category.slug not in ("social", "services"):
                point = {"latitude": f"{rng.uniform(south + 0.005, north - 0.005):.6f}",
                         "longitude": f"{rng.uniform(west + 0.005, east - 0.005):.6f}"}
            appeal = services.appeal_submit(
                author=authors[(created * 7) % len(authors)], kind=rng.choice(list(Appeal.Kind.values)),
                category=category, text=text, is_public=number % 4 != 3, address=address,
                deputy_id=deputy.id if deputy else None, now=received, **point)
            _advance(appeal, status, received, rng, dispatcher)
            created += 1
    return created


def _advance(appeal, status, received, rng, dispatcher) -> None:
    """Walk the appeal through the life cycle to ``status`` with the services, then date the steps plausibly."""
    Status = Appeal.Status
    steps = [Status.IN_PROGRESS, Status.EXTENDED, Status.ANSWERED, Status.RATED, Status.CLOSED]
    if status in (Status.REGISTERED, Status.ASSIGNED):
        return
    author = appeal.author
    target = steps.index(status) if status in steps else -1
    needs_study = rng.random() < 0.4 or status == Status.EXTENDED
    services.appeal_start(appeal=appeal, by=dispatcher, needs_study=needs_study)
    if rng.random() < 0.3 and author is not None:
        services.appeal_request_clarification(appeal=appeal, by=dispatcher,
                                              question="Уточніть, будь ласка, номер підʼїзду та зручний час огляду.")
        services.appeal_clarify(appeal=appeal, author=author, answer="Другий підʼїзд, будь-який день після 17:00.")
    if status == Status.EXTENDED:
        services.appeal_extend(appeal=appeal, by=dispatcher, until=appeal.received_on + datetime.timedelta(days=45),
                               reason="Потрібне комісійне обстеження та кошторис робіт.")
    if target >= steps.index(Status.ANSWERED):
        services.appeal_answer(appeal=appeal, by=dispatcher, text=rng.choice(ANSWERS),
                               now=received + datetime.timedelta(days=rng.randint(3, 28)))
    if target >= steps.index(Status.RATED) and author is not None:
        satisfied = rng.random() < 0.7
        services.appeal_rate(appeal=appeal, author=author, satisfied=satisfied,
                             comment="" if satisfied else "Проблему вирішено лише частково.")
    if target >= steps.index(Status.CLOSED):
        services.appeal_close(appeal=appeal, by=dispatcher)
    # The steps took days, not the instant of seeding: the work steps fall between receipt and the answer, the
    # rating two days after the answer and the closing two days after that.
    appeal.refresh_from_db()
    answered = appeal.answered_at
    events = list(AppealEvent.objects.filter(appeal=appeal).order_by("pk"))[3:]
    work = [event for event in events if event.kind not in ("answered", "rated") and event.to_status != "closed"]
    span = ((answered or received + datetime.timedelta(days=8)) - received) / (len(work) + 1)
    for position, event in enumerate(work, start=1):
        AppealEvent.objects.filter(pk=event.pk).update(at=received + span * position)
    if answered:
        AppealEvent.objects.filter(appeal=appeal, kind="answered").update(at=answered)
        AppealEvent.objects.filter(appeal=appeal, kind="rated").update(at=answered + datetime.timedelta(days=2))
        AppealEvent.objects.filter(appeal=appeal, to_status="closed").update(at=answered + datetime.timedelta(days=4))
        Appeal.objects.filter(pk=appeal.pk, rated_at__isnull=False).update(rated_at=F("answered_at")
                                                                           + datetime.timedelta(days=2))
