"""Demo content of e-petitions: the index page, categories and about 25 petitions in every status, with signers
(accounts with unusable passwords, created in bulk), timelines and official answers. Idempotent."""
import datetime
from types import SimpleNamespace

from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.utils import timezone
from wagtail.models import Site

from cms.workdays import add_working_days

from .models import (
    Petition,
    PetitionCategory,
    PetitionIndexPage,
    PetitionSettings,
    PetitionStatusChange,
    Signature,
)
from .services import collection_end

Status = Petition.Status
SIGNERS = 300
CATEGORIES = [("Транспорт", "transport"), ("Благоустрій", "blagoustrii"), ("Освіта", "osvita"),
              ("ЖКГ", "zhkg"), ("Екологія", "ekologiia"), ("Безпека", "bezpeka")]
SURNAMES = ["Коваленко", "Бондаренко", "Ткаченко", "Шевченко", "Кравченко", "Олійник", "Мельник", "Поліщук",
            "Лисенко", "Гончаренко", "Руденко", "Савченко", "Марченко", "Литвиненко", "Кушнір"]
NAMES = ["Олена", "Андрій", "Наталія", "Сергій", "Ірина", "Олександр", "Марія", "Дмитро", "Тетяна", "Іван"]
PATRONYMICS = {"а": ["Петрівна", "Іванівна", "Миколаївна"], "": ["Петрович", "Іванович", "Миколайович"]}
# (title, category slug, status, days since publication, signatures (share of the threshold), outcome)
PETITIONS = [
    ("Облаштувати світлофор на перехресті Соборної та Шевченка", "transport", Status.COLLECTING, 5, 0.35, ""),
    ("Продовжити маршрут автобуса № 7 до мікрорайону Сонячний", "transport", Status.COLLECTING, 12, 0.62, ""),
    ("Встановити укриття на зупинках громадського транспорту", "bezpeka", Status.COLLECTING, 20, 0.88, ""),
    ("Створити велодоріжку вздовж набережної", "transport", Status.COLLECTING, 30, 0.21, ""),
    ("Відновити освітлення у парку Перемоги", "blagoustrii", Status.COLLECTING, 3, 0.08, ""),
    ("Облаштувати інклюзивний дитячий майданчик у сквері Молодіжному", "blagoustrii", Status.COLLECTING, 45, 0.55, ""),
    ("Заборонити вирубку дерев на вулиці Лісовій", "ekologiia", Status.COLLECTING, 60, 0.93, ""),
    ("Відкрити пункт прийому вторинної сировини в кожному районі", "ekologiia", Status.COLLECTING, 80, 0.4, ""),
    ("Збільшити кількість місць у дитячих садках мікрорайону Північний", "osvita", Status.COLLECTING, 25, 0.7, ""),
    ("Встановити пандуси біля всіх шкіл міста", "osvita", Status.CONSIDERATION, 40, 1.0, ""),
    ("Відремонтувати дах будинку культури", "zhkg", Status.CONSIDERATION, 35, 1.0, ""),
    ("Облаштувати безпечний перехід біля ліцею № 3", "bezpeka", Status.CONSIDERATION, 20, 1.0, ""),
    ("Запровадити електронну чергу до дитячих садків", "osvita", Status.ANSWERED, 120, 1.0, "supported"),
    ("Встановити лавки та урни на бульварі Незалежності", "blagoustrii", Status.ANSWERED, 150, 1.0, "supported"),
    ("Перевести вуличне освітлення на LED-лампи", "zhkg", Status.ANSWERED, 170, 1.0, "partly"),
    ("Збудувати новий басейн у центрі міста", "blagoustrii", Status.ANSWERED, 200, 1.0, "not_supported"),
    ("Відкрити нічний рейс тролейбуса до залізничного вокзалу", "transport", Status.ANSWERED, 130, 1.0, "partly"),
    ("Створити зону для вигулу собак у парку Дружби", "blagoustrii", Status.NOT_SUPPORTED, 110, 0.3, ""),
    ("Перейменувати вулицю Садову на вулицю Героїв", "blagoustrii", Status.NOT_SUPPORTED, 140, 0.45, ""),
    ("Встановити камери відеоспостереження у дворах", "bezpeka", Status.NOT_SUPPORTED, 100, 0.12, ""),
    ("Облаштувати громадську вбиральню на Центральному ринку", "zhkg", Status.COLLECTING, 8, 0.15, ""),
    ("Скасувати підвищення тарифів на воду", "zhkg", Status.REJECTED, 0, 0, ""),
    ("Звільнити директора водоканалу", "zhkg", Status.REJECTED, 0, 0, ""),
    ("Висадити алею каштанів уздовж проспекту Миру", "ekologiia", Status.MODERATION, 0, 0, ""),
    ("Облаштувати майданчик для воркауту біля стадіону", "blagoustrii", Status.MODERATION, 0, 0, ""),
    ("Зробити безкоштовний Wi-Fi у центральному парку", "blagoustrii", Status.DRAFT, 0, 0, ""),
]
ANSWERS = {
    "supported": "Виконавчий комітет підтримує петицію. Відповідні зміни заплановано на поточний рік; "
                 "відповідальне управління звітуватиме про виконання на сайті ради.",
    "partly": "Петицію підтримано частково: першу чергу робіт виконають цього року, решту включено "
              "до програми розвитку на наступний рік з огляду на бюджет.",
    "not_supported": "На жаль, петицію не підтримано: на цей рік кошти на такі роботи не передбачені. "
                     "Питання буде розглянуто під час формування бюджету наступного року.",
}
REJECTIONS = {
    "Скасувати підвищення тарифів на воду": ("outside_powers", "Тарифи на воду встановлює НКРЕКП, а не міська рада."),
    "Звільнити директора водоканалу": ("unclear", "Петиція не містить вимоги, яку може виконати рада."),
}


def _text(title: str) -> str:
    return (f"Просимо міську раду розглянути питання: «{title}». Це питання турбує багатьох мешканців громади, "
            "які щодня стикаються з цією проблемою. Просимо доручити виконавчому комітету підготувати "
            "проєкт рішення та передбачити кошти в міському бюджеті.")


def _full_name(rng) -> str:
    name = rng.choice(NAMES)
    female = name.endswith("а") or name.endswith("я")
    return f"{rng.choice(SURNAMES)} {name} {rng.choice(PATRONYMICS['а' if female else ''])}"


def _signers(command) -> list:
    """Residents who sign in the demo: accounts with unusable passwords, created once, in bulk. Without demo
    accounts (seed_demo --no-users) the signatures carry names only, like those of deleted accounts."""
    User = get_user_model()
    rng = command.random
    if not User.objects.filter(email="resident@svitlohirsk.example").exists():
        return [SimpleNamespace(pk=None, full_name=_full_name(rng), email="") for _ in range(SIGNERS)]
    emails = [f"meshkanets{number:03d}@svitlohirsk.example" for number in range(1, SIGNERS + 1)]
    existing = set(User.objects.filter(email__in=emails).values_list("email", flat=True))
    new_users = []
    for number, email in enumerate(emails, start=1):
        if email not in existing:
            new_users.append(User(username=f"meshkanets{number:03d}", email=email, full_name=_full_name(rng),
                                  password=make_password(None)))
    User.objects.bulk_create(new_users)
    users = list(User.objects.filter(email__in=emails).order_by("email"))
    verified = set(EmailAddress.objects.filter(user__in=users).values_list("user_id", flat=True))
    EmailAddress.objects.bulk_create([EmailAddress(user=user, email=user.email, verified=True, primary=True)
                                      for user in users if user.pk not in verified])
    return users


def seed(*, home, command) -> list:
    index = PetitionIndexPage.objects.child_of(home).first()
    if index is None:
        index = PetitionIndexPage(
            title="Електронні петиції", slug="petytsii",
            intro="Петиція до міської ради: зберіть 250 підписів за 90 днів, і рада розгляне її протягом "
                  "10 робочих днів (Закон «Про звернення громадян», ст. 23-1).",
            rules="Петиція має стосуватися повноважень міської ради, містити чітку вимогу та не закликати "
                  "до ворожнечі чи незаконних дій. Одна людина підписує петицію один раз; підпис не можна "
                  "відкликати.")
        home.add_child(instance=index)
        index.save_revision().publish()
    site = Site.objects.filter(root_page=home).first()
    if site:
        config = PetitionSettings.for_site(site)
        if not config.appeals_email:
            config.appeals_email = "zvernennia@svitlohirsk.example"
            config.authority_code = "04057093"
            config.authority_katottg = "UA12020010000012345"
            config.save()
    categories = {slug: PetitionCategory.objects.get_or_create(slug=slug, defaults={"name": name})[0]
                  for name, slug in CATEGORIES}
    if Petition.objects.exists():
        return [("Петиції", index)]
    signers = _signers(command)
    User = get_user_model()
    resident = User.objects.filter(email="resident@svitlohirsk.example").first()
    threshold = 250
    now = command.now
    created = 0
    for number, (title, category, status, days, share, outcome) in enumerate(PETITIONS):
        author = resident if resident and number % 4 == 0 else signers[number]
        published = now - datetime.timedelta(days=days, hours=command.random.randint(1, 20))
        submitted = published - datetime.timedelta(days=1)
        petition = Petition(title=title, text=_text(title), category=categories[category],
                            author=author if author.pk else None,
                            author_name=author.full_name, status=status, created_at=submitted,
                            submitted_at=None if status == Status.DRAFT else submitted,
                            publication_due=add_working_days(timezone.localdate(submitted), 2))
        timeline = [] if status == Status.DRAFT else [(Status.DRAFT, Status.MODERATION, submitted, "")]
        if status in (Status.COLLECTING, Status.CONSIDERATION, Status.ANSWERED, Status.NOT_SUPPORTED):
            petition.published_at = published
            petition.collection_ends_at = collection_end(published, 90)
            petition.signature_threshold = threshold
            timeline.append((Status.MODERATION, Status.COLLECTING, published, ""))
        count = min(threshold, int(threshold * share))
        if status in (Status.CONSIDERATION, Status.ANSWERED):
            reached = published + datetime.timedelta(days=max(1, days // 3))
            petition.threshold_reached_at = reached
            petition.response_due = add_working_days(timezone.localdate(reached), 10)
            timeline.append((Status.COLLECTING, Status.CONSIDERATION, reached,
                             f"Набрано потрібну кількість: {threshold} підписів"))
        if status == Status.ANSWERED:
            answered = petition.threshold_reached_at + datetime.timedelta(days=7)
            petition.answer_text, petition.answer_outcome = ANSWERS[outcome], outcome
            petition.answered_at = petition.closed_at = answered
            timeline.append((Status.CONSIDERATION, Status.ANSWERED, answered, ""))
        if status == Status.NOT_SUPPORTED:
            petition.collection_ends_at = published + datetime.timedelta(days=90)
            petition.closed_at = petition.collection_ends_at
            timeline.append((Status.COLLECTING, Status.NOT_SUPPORTED, petition.closed_at,
                             f"Збір завершено: {count} із {threshold} підписів"))
        if status == Status.REJECTED:
            petition.rejection_reason, petition.rejection_text = REJECTIONS[title]
            petition.closed_at = submitted + datetime.timedelta(days=1)
            timeline.append((Status.MODERATION, Status.REJECTED, petition.closed_at, ""))
        petition.signature_count = count
        petition.save()
        PetitionStatusChange.objects.bulk_create([
            PetitionStatusChange(petition=petition, from_status=old, to_status=new, at=at, note=note)
            for old, new, at, note in timeline])
        others = [user for user in command.random.sample(signers, min(len(signers), count + 1)) if user is not author]
        chosen = ([author] + others[:max(0, count - 1)]) if count else []
        ended = petition.threshold_reached_at or petition.closed_at or now
        span = max(1, (min(now, ended) - published).total_seconds())
        Signature.objects.bulk_create([
            Signature(petition=petition, user=user if user.pk else None, name=user.full_name, email=user.email,
                      email_domain=user.email.rpartition("@")[2], created_at=published + datetime.timedelta(
                          seconds=span * position / max(1, len(chosen))))
            for position, user in enumerate(chosen)])
        if count != len(chosen):
            Petition.objects.filter(pk=petition.pk).update(signature_count=len(chosen))
        created += 1
    command.stdout.write(f"Petitions: {created} in every status, {Signature.objects.count()} signatures.")
    return [("Петиції", index)]
