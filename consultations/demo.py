"""Demo consultations of Світлогірськ: one upcoming, one open with a questionnaire and comments, one closed
with results, comments and its final report. Idempotent: existing pages are left as they are."""
import datetime

from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.core.files.base import ContentFile
from django.utils import timezone
from wagtail.documents import get_document_model

from cms.text import latin_slug
from participation.models import Comment

from .models import (
    ConsultationIndexPage,
    ConsultationPage,
    ConsultationProposal,
    ConsultationQuestion,
    QuestionOption,
)
from .services import consultation_answer

INDEX_SLUG = "hromadski-obhovorennia"
DEMO_RESIDENTS = [
    "Бондаренко Оксана", "Ткаченко Дмитро", "Кравчук Ірина", "Олійник Сергій", "Мельник Наталія",
    "Савченко Юрій", "Руденко Олена", "Гончаренко Віктор", "Лисенко Марія", "Марченко Богдан",
    "Поліщук Тетяна", "Литвиненко Андрій", "Кузьменко Людмила", "Харченко Олег", "Павленко Вікторія",
    "Левченко Роман", "Клименко Світлана", "Мороз Іван", "Зінченко Анна", "Романенко Петро",
    "Іваненко Галина", "Петренко Максим", "Сидоренко Віра", "Коваль Тарас",
]

UPCOMING = {
    "title": "Новий маршрут автобуса № 12 до мікрорайону Сонячний",
    "question": "Якою має бути схема руху нового автобусного маршруту № 12?",
    "summary": "Виконавчий комітет пропонує відкрити маршрут від залізничного вокзалу до мікрорайону Сонячний. "
               "Перш ніж затвердити схему руху та розклад, запрошуємо мешканців висловити думку.",
    "organiser": "Управління транспорту та зв'язку",
    "body": "<p>Мікрорайон Сонячний забудовується найшвидше в місті, а прямого сполучення з центром досі немає. "
            "Пропонується два варіанти траси: через вулицю Соборну або через проспект Незалежності. "
            "Інтервал руху — 15 хвилин у години пік і 25 хвилин в інший час.</p>",
    "start_days": 5, "end_days": 35,
}

OPEN = {
    "title": "Благоустрій скверу на вулиці Липовій",
    "question": "Яким має стати сквер на вулиці Липовій після реконструкції?",
    "summary": "Наступного року місто планує реконструкцію скверу площею 0,8 га. Ваші відповіді й коментарі "
               "лягнуть в основу технічного завдання для проєктувальників.",
    "organiser": "Департамент житлово-комунального господарства",
    "body": "<p>Сквер на вулиці Липовій облаштували понад сорок років тому. Доріжки зруйновані, освітлення "
            "немає, дитячий майданчик демонтовано через аварійний стан. На реконструкцію в бюджеті передбачено "
            "4,2 мільйона гривень.</p><p>Просимо відповісти на три короткі запитання та залишити пропозиції в "
            "коментарях. Після завершення обговорення департамент оприлюднить звіт про враховані пропозиції.</p>",
    "start_days": -10, "end_days": 20,
    "questions": [
        ("Що має стати головним у сквері?", "single", True,
         ["Дитячий майданчик", "Зона тихого відпочинку", "Спортивний майданчик", "Майданчик для вигулу собак"]),
        ("Що потрібно облаштувати в першу чергу?", "multiple", True,
         ["Освітлення", "Лавки та смітники", "Питний фонтанчик", "Велопарковку", "Громадську вбиральню"]),
        ("Як часто ви буваєте у сквері?", "single", False,
         ["Щодня", "Кілька разів на тиждень", "Рідко", "Майже ніколи"]),
    ],
    "comments": [
        ("Прошу залишити старі липи: саме вони дали назву вулиці. Нові доріжки можна прокласти між ними.",
         "Повністю підтримую, дерева — найцінніше, що є у сквері."),
        ("Дуже потрібне освітлення вздовж доріжки до зупинки: взимку ввечері там небезпечно.", None),
        ("Майданчик для собак краще зробити окремо, ближче до гаражів, щоб не заважав дітям.", None),
    ],
    "responses": 14,
}

CLOSED = {
    "title": "Велодоріжки на проспекті Незалежності",
    "question": "Чи облаштовувати велодоріжки на проспекті Незалежності і якою має бути їхня конфігурація?",
    "summary": "Обговорення схеми велодоріжок на проспекті Незалежності від площі Героїв до парку Перемоги "
               "завершено. Результати опитування та звіт про враховані пропозиції оприлюднено.",
    "organiser": "Управління транспорту та зв'язку",
    "body": "<p>Проєкт передбачав двосторонню велодоріжку завширшки 2,5 метра за рахунок крайньої смуги "
            "руху або смуги паркування. Обговорення тривало місяць; мешканці залишили коментарі та відповіли "
            "на опитування.</p>",
    "start_days": -70, "end_days": -40,
    "questions": [
        ("Чи підтримуєте ви облаштування велодоріжок на проспекті?", "single", True,
         ["Так", "Так, але з іншою конфігурацією", "Ні"]),
        ("За рахунок чого облаштувати велодоріжку?", "single", True,
         ["Смуги паркування", "Крайньої смуги руху", "Частини тротуару"]),
        ("Що ще потрібно велосипедистам?", "multiple", False,
         ["Велопарковки біля зупинок", "Безпечні перехрестя", "Освітлення", "Велопрокат"]),
    ],
    "comments": [
        ("Нарешті! Щодня їжджу на роботу велосипедом, і проспект — найнебезпечніша ділянка.",
         "Так само, особливо біля ринку, де машини паркуються на узбіччі."),
        ("Смугу руху забирати не можна: проспект і так стоїть у заторах у години пік.",
         "Тому й пропонують забрати смугу паркування, а не руху."),
        ("Просимо подумати про безпечні переходи біля школи № 7 — там багато дітей на самокатах.", None),
    ],
    "responses": 24,
    "report": "<p>За результатами громадського обговорення управління транспорту та зв'язку рекомендує "
              "облаштувати двосторонню велодоріжку за рахунок смуги паркування. Опитування підтримали "
              "більшість учасників; у коментарях мешканці звернули увагу на безпеку перехресть і переходів "
              "біля шкіл.</p><p>Схему з урахуванням пропозицій буде винесено на засідання виконавчого "
              "комітету наступного місяця.</p>",
    "proposals": [
        ("Облаштувати велодоріжку за рахунок смуги паркування, а не смуги руху.", "опитування та коментарі",
         "accepted", "Підтримано більшістю учасників; пропускна здатність проспекту зберігається."),
        ("Облаштувати безпечні переходи біля школи № 7.", "коментар на порталі", "accepted",
         "Острівці безпеки та підвищені переходи включено до проєкту."),
        ("Встановити велопарковки біля всіх зупинок громадського транспорту.", "опитування", "partly",
         "Велопарковки встановлять біля шести найбільших зупинок; решту — після оцінки попиту."),
        ("Облаштувати велодоріжку на тротуарі.", "коментар на порталі", "rejected",
         "Ширина тротуару не дозволяє безпечно розділити пішоходів і велосипедистів."),
    ],
}


def _residents(command) -> list:
    """Demo residents with verified e-mails and unusable passwords (they only fill the demo with answers)."""
    User = get_user_model()
    residents = []
    for number, name in enumerate(DEMO_RESIDENTS, start=1):
        email = f"meshkanets{number:02d}@svitlohirsk.example"
        user = User.objects.filter(email=email).first()
        if user is None:
            user = User(username=f"meshkanets{number:02d}", email=email, full_name=name)
            user.set_unusable_password()
            user.save()
            EmailAddress.objects.create(user=user, email=email, verified=True, primary=True)
        residents.append(user)
    return residents


def _document(title: str, text: str):
    Document = get_document_model()
    document = Document.objects.filter(title=title).first()
    if document is None:
        document = Document(title=title)
        document.file.save(f"{latin_slug(title)}.txt", ContentFile(text.encode()), save=False)
        document.save()
    return document


def _consultation(index, spec, now, *, document=None) -> ConsultationPage:
    existing = ConsultationPage.objects.child_of(index).filter(title=spec["title"]).first()
    if existing:
        return existing
    start = timezone.localtime(now + datetime.timedelta(days=spec["start_days"])).replace(
        hour=9, minute=0, second=0, microsecond=0)
    end = timezone.localtime(now + datetime.timedelta(days=spec["end_days"])).replace(
        hour=18, minute=0, second=0, microsecond=0)
    page = ConsultationPage(
        title=spec["title"], slug=latin_slug(spec["title"]), question=spec["question"], summary=spec["summary"],
        organiser=spec["organiser"], start=start, end=end, description=[("paragraph", spec["body"])],
        report_summary=spec.get("report", ""),
    )
    for number, (text, kind, required, options) in enumerate(spec.get("questions", [])):
        question = ConsultationQuestion(text=text, kind=kind, required=required, sort_order=number)
        question.options = [QuestionOption(text=option, sort_order=position)
                            for position, option in enumerate(options)]
        page.questions.add(question)
    for number, (proposal, source, decision, reason) in enumerate(spec.get("proposals", [])):
        page.proposals.add(ConsultationProposal(proposal=proposal, source=source, decision=decision, reason=reason,
                                                sort_order=number))
    if document is not None:
        page.documents.add(page.documents.model(document=document))
    index.add_child(instance=page)
    page.save_revision().publish()
    return page


def _discuss(page, spec, residents, rng) -> None:
    content_type = ContentType.objects.get_for_model(page)
    span = (min(page.end, page.start + datetime.timedelta(days=30)) - page.start).total_seconds()
    for number, (text, reply) in enumerate(spec["comments"]):
        created = page.start + datetime.timedelta(seconds=span * (number + 1) / 8)
        root = Comment.objects.create(content_type=content_type, object_id=page.pk, author=residents[number],
                                      body=text, created_at=created)
        if reply:
            Comment.objects.create(content_type=content_type, object_id=page.pk, parent=root,
                                   author=residents[number + 5], body=reply,
                                   created_at=created + datetime.timedelta(hours=rng.randint(2, 30)))


def _answer(page, spec, residents, rng, now) -> None:
    questions = list(page.questions.prefetch_related("options").order_by("sort_order"))
    moment = page.start + datetime.timedelta(hours=3)
    for resident in residents[:spec["responses"]]:
        choices = {}
        for question in questions:
            options = [option.pk for option in question.options.order_by("sort_order")]
            weights = list(range(len(options), 0, -1))  # the first options are the popular ones
            if question.kind == ConsultationQuestion.Kind.SINGLE:
                choices[question.pk] = rng.choices(options, weights=weights)
            else:
                choices[question.pk] = sorted(set(rng.choices(options, weights=weights, k=rng.randint(1, 3))))
        consultation_answer(consultation=page, user=resident, choices=choices, now=min(moment, now))
        moment += datetime.timedelta(hours=rng.randint(3, 20))


def seed(*, home, command) -> list:
    now = command.now
    rng = command.random
    index = ConsultationIndexPage.objects.child_of(home).filter(slug=INDEX_SLUG).first()
    if index is None:
        index = ConsultationIndexPage(
            title="Громадські обговорення", slug=INDEX_SLUG,
            intro="Міська рада радиться з мешканцями перед важливими рішеннями. Читайте матеріали, "
                  "коментуйте та відповідайте на короткі опитування, поки обговорення триває; після "
                  "завершення тут публікуються результати та звіт про враховані пропозиції.")
        home.add_child(instance=index)
        index.save_revision().publish()
    residents = _residents(command)
    _consultation(index, UPCOMING, now)
    fresh = not ConsultationPage.objects.child_of(index).filter(title=OPEN["title"]).exists()
    open_page = _consultation(index, OPEN, now, document=_document(
        "Схема існуючого стану скверу на вулиці Липовій",
        "Схема існуючого стану скверу: доріжки, зелені насадження, місця для майданчиків."))
    if fresh:
        _discuss(open_page, OPEN, residents, rng)
        _answer(open_page, OPEN, residents, rng, now)
    fresh = not ConsultationPage.objects.child_of(index).filter(title=CLOSED["title"]).exists()
    closed_page = _consultation(index, CLOSED, now, document=_document(
        "Схема велодоріжок на проспекті Незалежності",
        "Схема велодоріжок: ділянка від площі Героїв до парку Перемоги, ширина 2,5 м."))
    if fresh:  # answers dated while it was open (the service checks the status at that moment)
        _discuss(closed_page, CLOSED, residents, rng)
        _answer(closed_page, CLOSED, residents, rng, now)
    command.stdout.write(f"Consultations: {ConsultationPage.objects.child_of(index).count()}")
    return [("Обговорення", index)]
