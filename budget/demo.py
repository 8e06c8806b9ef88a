"""Demo content of the participatory budget: districts, a campaign in its voting phase with about 40 admitted
projects in two categories (and a few rejected), and last year's campaign with its ballots, results and the
winners' implementation. Idempotent; written through the models and services like real data."""
import datetime
import random
import uuid
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.utils import timezone

from . import services
from .models import (
    BallotRule,
    BindingRule,
    BudgetBallot,
    BudgetCampaignPage,
    BudgetCategory,
    BudgetCostItem,
    BudgetIndexPage,
    BudgetParticipation,
    BudgetProject,
    BudgetReview,
    District,
    ImplementationUpdate,
    ProjectStatus,
    VoterProfile,
)

DISTRICTS = [("Центральний", "tsentralnyi"), ("Північний", "pivnichnyi"), ("Сонячний", "soniachnyi"),
             ("Заводський", "zavodskyi"), ("Лісовий", "lisovyi")]
CENTRE = (49.5900, 34.5600)  # PORTAL_MAP_CENTER of the demo city
SMALL = [
    "Лавки та урни у сквері біля школи № 5", "Велопарковки біля бібліотек", "Дитячий майданчик на вулиці Лісовій",
    "Книжкові шафи для буккросингу", "Квітники на бульварі Незалежності", "Тренажери в парку Дружби",
    "Пандус до будинку культури", "Освітлення стежки до ліцею № 3", "Майданчик для вигулу собак",
    "Шахові столи в парку Перемоги", "Бювет з питною водою у Сонячному", "Сцена для шкільних концертів",
    "Годівнички й шпаківні в міському саду", "Стенди з історією вулиць", "Тіньові навіси на дитячому майданчику",
    "Сортувальні контейнери у дворах Північного", "Стіл для настільного тенісу у дворі", "Зона відпочинку біля ставка",
    "Мобільний кінотеатр просто неба", "Сенсорна кімната для дітей з інвалідністю",
    "Безпечний перехід з острівцем біля садочка", "Ремонт спортзали гімназії № 2",
]
LARGE = [
    "Реконструкція стадіону на Заводській", "Велодоріжка вздовж набережної", "Скейт-парк у Центральному районі",
    "Інклюзивний парк для всіх поколінь", "Енергоощадне освітлення вулиці Шевченка", "Ремонт тротуарів на Соборній",
    "Укриття у школі № 7", "Критий майданчик для міні-футболу", "Сквер памʼяті на площі Героїв",
    "Громадський простір у бібліотеці для молоді", "Відновлення фонтану в міському саду",
    "Сонячні панелі на даху лікарні", "Ландшафтний парк біля ставка", "Водовідведення на вулиці Садовій",
    "Пішохідна зона на вулиці Ярмарковій", "Дитяча студія робототехніки", "Зупинки з укриттям на маршруті № 7",
    "Модернізація басейну ліцею № 1",
]
PAST = [
    ("Дитячий майданчик у дворі на Миру, 15", 180_000, 100), ("Велодоріжка до залізничного вокзалу", 900_000, 65),
    ("Лавки в парку Перемоги", 90_000, 100), ("Освітлення сквера Молодіжного", 250_000, 40),
    ("Спортивний майданчик гімназії № 4", 600_000, 20), ("Інклюзивна гойдалка в міському саду", 120_000, 100),
    ("Тротуар на вулиці Лісовій", 800_000, 0), ("Пункт прийому вторсировини", 150_000, 0),
    ("Мурал на фасаді школи № 9", 70_000, 0), ("Літній кінотеатр на набережній", 300_000, 0),
    ("Паркова зона відпочинку біля ставка", 1_200_000, 0), ("Світлофор на Соборній", 400_000, 0),
]
DESCRIPTION = ("Мешканці району давно просять {what}. Проєкт передбачає закупівлю та встановлення обладнання, "
               "роботи з благоустрою й подальше утримання за рахунок міського бюджету. Користь отримають діти, "
               "люди старшого віку та всі, хто щодня буває поруч. Після реалізації обʼєкт буде відкритим для "
               "всіх мешканців громади.")
VOTERS_NOW = 420
VOTERS_PAST = 1800


def _authors(rng, count=12):
    User = get_user_model()
    users = list(User.objects.filter(email__startswith="meshkanets").order_by("email")[:count])
    return users or [None]


def _project(campaign, category, title, cost, rng, districts, author, status, **fields) -> BudgetProject:
    district = rng.choice(districts + [None])
    project = BudgetProject.objects.create(
        campaign=campaign, category=category, title=title, description=DESCRIPTION.format(what=title.lower()),
        district=district, address=f"вул. {rng.choice(['Соборна', 'Шевченка', 'Лісова', 'Садова', 'Миру'])}, "
                                   f"{rng.randint(1, 120)}",
        latitude=Decimal(str(round(CENTRE[0] + rng.uniform(-0.03, 0.03), 6))),
        longitude=Decimal(str(round(CENTRE[1] + rng.uniform(-0.05, 0.05), 6))),
        author=author, author_name=author.full_name if author else "Коваленко Олена Петрівна", status=status,
        cost=cost, submitted_at=campaign.submission_ends - datetime.timedelta(days=rng.randint(1, 20)),
        decided_at=campaign.voting_starts - datetime.timedelta(days=3), **fields)
    works = cost * 7 // 10
    BudgetCostItem.objects.bulk_create([
        BudgetCostItem(project=project, name="Матеріали та обладнання", quantity=1, unit_price=cost - works,
                       position=0),
        BudgetCostItem(project=project, name="Роботи з встановлення", quantity=1, unit_price=works, position=1)])
    BudgetReview.objects.create(project=project, within_powers=True, on_city_land=True, cost_realistic=True,
                                one_year=True, no_duplicate=status != ProjectStatus.REJECTED,
                                decision="rejected" if status == ProjectStatus.REJECTED else "admitted",
                                comments="Проєкт відповідає Положенню про громадський бюджет.")
    return project


def _ballots(campaign, projects_by_category, count, rng, start, days):
    """Anonymous ballots with popularity skewed like a real vote, and one participation row for each."""
    weights = {pk: rng.random() ** 2 + 0.05 for group in projects_by_category.values() for pk in group}
    ballots, voters = [], []
    categories = {c.pk: c for c in campaign.categories.all()}
    for number in range(count):
        chosen = []
        for category_id, pks in projects_by_category.items():
            limit = categories[category_id].max_projects or 3
            k = rng.randint(0, limit)
            chosen += list(dict.fromkeys(rng.choices(pks, [weights[pk] for pk in pks], k=k)))[:limit]
        if not chosen:
            continue
        day = start + datetime.timedelta(days=rng.randrange(days))
        ballots.append(BudgetBallot(campaign=campaign, channel="online" if number % 9 else "paper", cast_on=day,
                                    project_ids=sorted(chosen)))
        voters.append(BudgetParticipation(
            campaign=campaign, person_key=uuid.uuid4().hex, channel="online" if number % 9 else "paper",
            voted_on=day, age_group=rng.choice(["14-17", "18-29", "30-44", "30-44", "45-59", "60+"]),
            district_id=rng.choice(list(District.objects.values_list("pk", flat=True)) + [None])))
    BudgetBallot.objects.bulk_create(ballots, batch_size=2000)
    BudgetParticipation.objects.bulk_create(voters, batch_size=2000)


def seed(*, home, command) -> list:
    rng = random.Random(2027)
    index = BudgetIndexPage.objects.child_of(home).first()
    if index is None:
        index = BudgetIndexPage(title="Громадський бюджет", slug="hromadskyi-biudzhet",
                                intro="Мешканці пропонують проєкти для міста й голосують за них; переможців "
                                      "фінансує міський бюджет.")
        home.add_child(instance=index)
        index.save_revision().publish()
    districts = [District.objects.get_or_create(slug=slug, defaults={"name": name})[0] for name, slug in DISTRICTS]
    resident = get_user_model().objects.filter(email="resident@svitlohirsk.example").first()
    if resident is not None:
        VoterProfile.objects.get_or_create(user=resident, defaults={
            "birth_date": datetime.date(1988, 4, 12), "residency_declared": True, "district": districts[0]})
    if BudgetCampaignPage.objects.child_of(index).exists():
        return [("Громадський бюджет", index)]
    now = timezone.now()
    day = datetime.timedelta(days=1)
    authors = _authors(rng)

    current = BudgetCampaignPage(
        title="Громадський бюджет 2027", slug="2027", year=2027, fund=10_000_000,
        intro="Десять мільйонів гривень на проєкти мешканців: оберіть до трьох малих і до двох великих проєктів.",
        submission_starts=now - 70 * day, submission_ends=now - 40 * day, voting_starts=now - 5 * day,
        voting_ends=now + 20 * day, results_at=now + 25 * day, min_age=14, binding_rule=BindingRule.GREEDY)
    current.categories = [
        BudgetCategory(name="Малі проєкти", slug="mali", share=Decimal(40), min_cost=50_000, max_cost=300_000,
                       ballot_rule=BallotRule.APPROVAL, max_projects=3, sort_order=0),
        BudgetCategory(name="Великі проєкти", slug="velyki", share=Decimal(60), min_cost=300_000,
                       max_cost=1_500_000, ballot_rule=BallotRule.APPROVAL, max_projects=2, sort_order=1)]
    index.add_child(instance=current)
    current.save_revision().publish()
    small, large = current.categories.get(slug="mali"), current.categories.get(slug="velyki")
    by_category = {small.pk: [], large.pk: []}
    for number, title in enumerate(SMALL):
        status = ProjectStatus.REJECTED if number in (7, 15) else ProjectStatus.ADMITTED
        project = _project(current, small, title, rng.randrange(60, 300) * 1000, rng, districts,
                           authors[number % len(authors)], status,
                           rejection_reason="Земельна ділянка не належить громаді." if status == "rejected" else "")
        if status == ProjectStatus.ADMITTED:
            by_category[small.pk].append(project.pk)
    for number, title in enumerate(LARGE):
        status = ProjectStatus.REJECTED if number == 11 else ProjectStatus.ADMITTED
        project = _project(current, large, title, rng.randrange(300, 1500) * 1000, rng, districts,
                           authors[(number + 5) % len(authors)], status,
                           rejection_reason="Вартість перевищує реальні ринкові ціни вдвічі." if status == "rejected"
                           else "")
        if status == ProjectStatus.ADMITTED:
            by_category[large.pk].append(project.pk)
    _ballots(current, by_category, VOTERS_NOW, rng, timezone.localdate() - datetime.timedelta(days=5), 5)

    past = BudgetCampaignPage(
        title="Громадський бюджет 2026", slug="2026", year=2026, fund=4_000_000,
        intro="Минулорічна кампанія: підсумки голосування та хід реалізації проєктів-переможців.",
        submission_starts=now - 400 * day, submission_ends=now - 370 * day, voting_starts=now - 340 * day,
        voting_ends=now - 320 * day, results_at=now - 310 * day, min_age=14, binding_rule=BindingRule.MES,
        decision_date=(now - 300 * day).date())
    past.categories = [BudgetCategory(name="Проєкти", slug="proiekty", share=Decimal(100), min_cost=50_000,
                                      max_cost=1_500_000, ballot_rule=BallotRule.APPROVAL, max_projects=3)]
    index.add_child(instance=past)
    past.save_revision().publish()
    category = past.categories.get()
    pks = [_project(past, category, title, cost, rng, districts, authors[n % len(authors)],
                    ProjectStatus.ADMITTED).pk for n, (title, cost, _progress) in enumerate(PAST)]
    _ballots(past, {category.pk: pks}, VOTERS_PAST, rng, (now - 340 * day).date(), 20)
    services.results_compute(campaign=past, now=now)
    progress = {title: value for title, _cost, value in PAST}
    for project in BudgetProject.objects.filter(campaign=past, status=ProjectStatus.WINNER):
        value = progress.get(project.title) or 30
        steps = [step for step in (20, 60, value) if step <= value]
        for number, step in enumerate(dict.fromkeys(steps)):
            ImplementationUpdate.objects.create(
                project=project, date=(now - (200 - 60 * number) * day).date(), progress=step,
                spent=project.effective_cost * step // 100,
                text={20: "Підписано договір з підрядником, розпочато закупівлю.",
                      60: "Виконано основні роботи, встановлено обладнання."}.get(
                    step, "Обʼєкт відкрито для мешканців."))
        project.progress, project.spent = value, project.effective_cost * value // 100
        project.department = "Управління благоустрою та інфраструктури"
        project.status = ProjectStatus.IMPLEMENTED if value == 100 else ProjectStatus.IMPLEMENTING
        project.save(update_fields=["progress", "spent", "department", "status"])
    return [("Громадський бюджет", index)]
