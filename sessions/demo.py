"""Demo council of Світлогірськ: the current convocation, 36 deputies in factions and committees, six districts
covering the city, an address register, sessions with agendas, drafts, decisions and roll-call votes.
Idempotent: everything is looked up by a stable key before it is created."""
import datetime

from django.utils import timezone
from wagtail.models import Page

from cms.text import latin_slug

from .models import (
    AddressRecord,
    Committee,
    CommitteeMembership,
    CommitteePost,
    Convocation,
    DeputyIndexPage,
    DeputyPage,
    DeputyReport,
    ElectoralDistrict,
    Faction,
    FactionPost,
    Gender,
    ReceptionSchedule,
    ReceptionSlot,
)
from .services import department_get_or_create

# The demo city: one box of longitudes and latitudes, cut into a 3 x 2 grid of districts.
CITY_BOX = (34.50, 49.56, 34.62, 49.62)  # west, south, east, north
GRID = (3, 2)
DISTRICT_NAMES = ["Північно-Західний", "Центральний", "Північно-Східний", "Південно-Західний", "Заводський",
                  "Південно-Східний"]
FACTIONS = [
    ("Фракція «Громада Світлогірська»", "Громада", "hromada", "Місцева організація партії «Громада»"),
    ("Фракція «Європейське місто»", "Європейське місто", "yevropeiske-misto",
     "Місцева організація партії «Європейське місто»"),
    ("Фракція «Рідне місто»", "Рідне місто", "ridne-misto", "Місцева організація партії «Рідне місто»"),
    ("Фракція «Нові обличчя»", "Нові обличчя", "novi-oblychchia", "Місцева організація партії «Нові обличчя»"),
]
COMMITTEES = [
    ("Постійна комісія з питань бюджету та фінансів", "biudzhet"),
    ("Постійна комісія з питань житлово-комунального господарства", "zhkh"),
    ("Постійна комісія з питань освіти, культури та молоді", "osvita"),
    ("Постійна комісія з питань регламенту та депутатської етики", "rehlament"),
]
DEPARTMENTS = [
    ("Департамент фінансів", "Фінанси"), ("Управління житлово-комунального господарства", "ЖКГ"),
    ("Управління освіти", "Освіта"), ("Управління культури і туризму", "Культура"),
    ("Управління містобудування та архітектури", "Архітектура"), ("Юридичний відділ", "Юристи"),
    ("Управління економічного розвитку та торгівлі", "Економіка"),
]
FAMILY_NAMES = [
    ("Коваленко", None), ("Бондаренко", None), ("Шевченко", None), ("Мельник", None), ("Ткаченко", None),
    ("Кравченко", None), ("Олійник", None), ("Гончаренко", None), ("Савченко", None), ("Руденко", None),
    ("Петренко", None), ("Іваненко", None), ("Мороз", None), ("Лисенко", None), ("Марченко", None),
    ("Приходько", None), ("Левченко", None), ("Зінченко", None), ("Дорошенко", None), ("Гаврилюк", None),
    ("Кузьменко", None), ("Пономаренко", None), ("Ярошенко", None), ("Сидоренко", None), ("Остапчук", None),
    ("Слободян", None), ("Павлюк", None), ("Юрченко", None), ("Гнатюк", None), ("Ґудзь", None),
    ("Демʼяненко", None), ("Білоус", None), ("Кирилюк", None), ("Тарасенко", None), ("Клименко", None),
    ("Вакуленко", None),
]
MALE = [("Олександр", "Іванович"), ("Сергій", "Петрович"), ("Андрій", "Миколайович"), ("Віктор", "Степанович"),
        ("Юрій", "Васильович"), ("Богдан", "Олегович")]
FEMALE = [("Олена", "Володимирівна"), ("Наталія", "Андріївна"), ("Ірина", "Олександрівна"),
          ("Тетяна", "Сергіївна"), ("Оксана", "Богданівна"), ("Марія", "Іванівна")]
STREETS = ["вул. Соборна", "вул. Шевченка", "вул. Паркова", "вул. Київська", "просп. Незалежності",
           "вул. Садова", "вул. Лесі Українки", "вул. Заводська", "вул. Гоголя", "пров. Тихий", "вул. Ювілейна",
           "вул. Миру"]


def publish(parent: Page, page: Page) -> Page:
    if not page.slug:
        page.slug = latin_slug(page.title)
    parent.add_child(instance=page)
    page.save_revision().publish()
    return page


def district_polygon(index: int) -> dict:
    west, south, east, north = CITY_BOX
    columns, rows = GRID
    column, row = index % columns, index // columns
    width, height = (east - west) / columns, (north - south) / rows
    x0, y1 = west + column * width, north - row * height
    x1, y0 = x0 + width, y1 - height
    ring = [[round(x, 6), round(y, 6)] for x, y in ((x0, y0), (x1, y0), (x1, y1), (x0, y1), (x0, y0))]
    return {"type": "Polygon", "coordinates": [ring]}


def district_centre(district: ElectoralDistrict) -> tuple[float, float]:
    ring = district.boundary["coordinates"][0]
    return (ring[0][0] + ring[1][0]) / 2, (ring[0][1] + ring[2][1]) / 2


def seed(*, home, command) -> list[tuple[str, Page]]:
    convocation, _ = Convocation.objects.get_or_create(
        number=8, defaults={"label": "VIII скликання", "date_from": datetime.date(2020, 11, 26), "is_current": True})
    factions = [Faction.objects.get_or_create(convocation=convocation, slug=slug, defaults={
        "name": name, "short_name": short, "party_name": party})[0] for name, short, slug, party in FACTIONS]
    committees = [Committee.objects.get_or_create(convocation=convocation, slug=slug, defaults={"name": name})[0]
                  for name, slug in COMMITTEES]
    for name, short in DEPARTMENTS:
        department_get_or_create(name=name, defaults={"short_name": short})
    districts = [ElectoralDistrict.objects.get_or_create(number=index + 1, defaults={
        "name": f"{DISTRICT_NAMES[index]} округ", "boundary": district_polygon(index)})[0]
        for index in range(GRID[0] * GRID[1])]
    deputy_index = DeputyIndexPage.objects.child_of(home).first() or publish(home, DeputyIndexPage(
        title="Депутати", slug="deputaty",
        intro="Депутати Світлогірської міської ради VIII скликання: фракції, комісії, округи та графік прийому."))
    deputies = seed_deputies(deputy_index, convocation, factions, committees, districts, command)
    seed_addresses(districts)
    if not any(block.block_type == "module" and block.value["slot"] == "council_session" for block in home.sections):
        home.sections.insert(0, ("module", {"slot": "council_session"}))
        home.save_revision().publish()
    menu = [("Депутати", deputy_index)]
    from .demo_sessions import seed_council_work

    menu += seed_council_work(home=home, command=command, convocation=convocation, deputies=deputies,
                              committees=committees)
    return menu


def seed_deputies(index, convocation, factions, committees, districts, command) -> list[DeputyPage]:
    deputies = []
    # Faction sizes 14 + 10 + 7 + 3 = 34, two deputies outside factions.
    faction_of = [0] * 14 + [1] * 10 + [2] * 7 + [3] * 3 + [None, None]
    for number, (family, _) in enumerate(FAMILY_NAMES, start=1):
        external_id = f"{number:04d}-СВ"
        deputy = DeputyPage.objects.filter(external_id=external_id).first()
        if deputy is None:
            female = number % 3 == 0
            given, patronymic = (FEMALE if female else MALE)[(number // 3 + number) % 6]
            faction = factions[faction_of[number - 1]] if faction_of[number - 1] is not None else None
            first_in_faction = faction is not None and faction_of.index(faction_of[number - 1]) == number - 1
            deputy = publish(index, DeputyPage(
                title=f"{family} {given} {patronymic}", slug=latin_slug(f"{family} {given}"),
                family_name=family, given_name=given, patronymic=patronymic, external_id=external_id,
                voting_identifier=f"dep-{number}", gender=Gender.FEMALE if female else Gender.MALE,
                birth_date=datetime.date(1960 + number % 30, 1 + number % 12, 1 + number % 27),
                party_name=faction.party_name if faction else "Самовисування",
                faction=faction, faction_post=FactionPost.HEAD if first_in_faction else FactionPost.MEMBER,
                district=districts[(number - 1) % len(districts)],
                biography=f"<p>Народився(-лася) у Світлогірську. Депутат міської ради з 2020 року. "
                          f"Працює у сфере {['освіти', 'медицини', 'підприємництва', 'енергетики'][number % 4]}.</p>",
                email=f"deputy{number}@svitlohirsk.example", phone=f"+38050{number:07d}",
                mandate_start=convocation.date_from,
            ))
            deputy.convocations.add(convocation)
            deputy.save_revision().publish()
            committee = committees[(number - 1) % len(committees)]
            post = [CommitteePost.CHAIR, CommitteePost.SECRETARY][(number - 1) // 4] if number <= 8 \
                else CommitteePost.MEMBER
            CommitteeMembership.objects.create(committee=committee, deputy=deputy, post=post,
                                               sort_order=number)
            schedule = ReceptionSchedule.objects.create(
                deputy=deputy, post_code="36000", post_name="Світлогірськ",
                thoroughfare=STREETS[number % len(STREETS)], locator_designator=str(number + 2),
                locator_name="громадська приймальня", restriction="Прийом за попереднім записом телефоном.")
            ReceptionSlot.objects.create(schedule=schedule, day_from=1 + number % 5, time_from=datetime.time(10),
                                         time_to=datetime.time(12))
            DeputyReport.objects.create(deputy=deputy, year=timezone.now().year - 1,
                                        title=f"Звіт депутата {family} за {timezone.now().year - 1} рік",
                                        summary="Прийнято 48 звернень, підтримано ремонт двох дворів.")
        deputies.append(deputy)
    return deputies


def seed_addresses(districts) -> None:
    """Houses along every street in every district: the register «Find my deputy» searches."""
    if AddressRecord.objects.exists():
        return
    records = []
    for district in districts:
        for street_number, street in enumerate(STREETS[:6]):
            for house in range(1, 6):
                number = str(district.number * 10 + house) + ("-А" if house == 5 else "")
                records.append(AddressRecord(
                    uid=f"demo-{district.number}-{street_number}-{house}", post_name="Світлогірськ",
                    thoroughfare=street if street_number < 3 else STREETS[6 + street_number],
                    locator_designator=number, post_code="36000", status="Чинна", district=district))
    for record in records:
        record.save()
