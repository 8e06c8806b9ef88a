"""Demo content of the directory: the directory page, 12 categories and about 1,500 plausible objects inside the
demo city's bounds, generated offline and deterministically (a fixed seed), imported through the same service as
a real file; the ЦНАП with its services."""
import json
import random

from django.conf import settings

from . import services
from .models import Category, CityObject, DirectoryPage

STREETS = ["вул. Соборна", "вул. Шевченка", "вул. Паркова", "вул. Київська", "просп. Незалежності", "вул. Садова",
           "вул. Лесі Українки", "вул. Заводська", "вул. Гоголя", "пров. Тихий", "вул. Ювілейна", "вул. Миру",
           "вул. Героїв України", "вул. Набережна", "вул. Вишнева", "вул. Молодіжна", "вул. Степова",
           "вул. Івана Франка", "вул. Козацька", "вул. Квіткова", "бульв. Дружби", "вул. Сонячна", "вул. Лісова",
           "вул. Привокзальна"]
WEEKDAYS = ("mon", "tue", "wed", "thu", "fri")
# (name, slug, icon, colour, order, how many, name pattern, owner, department, hours kind)
CATEGORIES = [
    ("Центри надання адміністративних послуг", "tsnap", "office", "#0b4f8a", 1, 4, None, "municipal", None,
     "office"),
    ("Школи", "shkoly", "school", "#1d70b8", 2, 24, "Ліцей № {n}", "municipal", "Управління освіти", "school"),
    ("Дитячі садки", "dytiachi-sadky", "kindergarten", "#4c2c92", 3, 38, "Заклад дошкільної освіти № {n} «{word}»",
     "municipal", "Управління освіти", "kindergarten"),
    ("Аптеки", "apteky", "pharmacy", "#00703c", 4, 96, "Аптека «{word}»", "private", None, "shop"),
    ("Лікарні та поліклініки", "likarni", "health", "#d4351c", 5, 22, "Амбулаторія сімейної медицини № {n}",
     "municipal", None, "clinic"),
    ("Бібліотеки", "biblioteky", "culture", "#6b3d00", 6, 18, "Бібліотека-філія № {n}", "municipal",
     "Управління культури і туризму", "library"),
    ("Заклади культури", "kultura", "culture", "#912b88", 7, 24, "Будинок культури «{word}»", "municipal",
     "Управління культури і туризму", "culture"),
    ("Спортивні обʼєкти", "sport", "sport", "#005a30", 8, 64, "Спортивний майданчик «{word}»", "municipal", None,
     "sport"),
    ("Памʼятки", "pamiatky", "monument", "#505a5f", 9, 70, "Памʼятник «{word}»", "municipal",
     "Управління культури і туризму", None),
    ("Зупинки громадського транспорту", "zupynky", "transport", "#b58840", 10, 520, "Зупинка «{street}»",
     "municipal", "Управління житлово-комунального господарства", None),
    ("Укриття", "ukryttia", "shelter", "#942514", 11, 590, "Укриття № {n}", "municipal",
     "Управління житлово-комунального господарства", "shelter"),
    ("Комунальні підприємства", "komunalni-pidpryiemstva", "utility", "#28a197", 12, 30,
     "КП «{word}»", "municipal", "Управління житлово-комунального господарства", "office"),
]
WORDS = ["Сонечко", "Калинка", "Веселка", "Дзвіночок", "Ромашка", "Барвінок", "Лелека", "Ластівка", "Журавлик",
         "Світанок", "Надія", "Добробут", "Здоровʼя", "Ліки", "Оберіг", "Родина", "Джерело", "Зоряний",
         "Мрія", "Каштан", "Злагода", "Козацький", "Чайка", "Вербиченька", "Соняшник", "Колосок", "Берізка",
         "Ясен", "Дніпро", "Прометей", "Олімп", "Спартак", "Юність", "Парковий", "Шкільний", "Міський"]
HOURS = {
    "office": {**{day: "08:00-17:00" for day in WEEKDAYS[:4]}, "fri": "08:00-16:00", "sat": "08:00-15:00"},
    "school": {day: "08:00-18:00" for day in WEEKDAYS},
    "kindergarten": {day: "07:00-19:00" for day in WEEKDAYS},
    "shop": {**{day: "08:00-21:00" for day in WEEKDAYS}, "sat": "09:00-20:00", "sun": "09:00-18:00"},
    "clinic": {**{day: "08:00-12:00, 12:30-19:00" for day in WEEKDAYS}, "sat": "09:00-14:00"},
    "library": {**{day: "09:00-13:00, 14:00-18:00" for day in ("tue", "wed", "thu", "fri")},
                "sat": "10:00-16:00"},
    "culture": {**{day: "10:00-21:00" for day in ("tue", "wed", "thu", "fri", "sat")}, "sun": "10:00-18:00"},
    "sport": {day: "07:00-22:00" for day in ("mon", "tue", "wed", "thu", "fri", "sat", "sun")},
    "shelter": {day: "00:00-24:00" for day in ("mon", "tue", "wed", "thu", "fri", "sat", "sun")},
    "night": {day: "20:00-08:00" for day in ("mon", "tue", "wed", "thu", "fri", "sat", "sun")},
}
CNAP_SERVICES = [
    "Реєстрація та зняття з реєстрації місця проживання",
    "Оформлення та видача паспорта громадянина України (ID-картки)",
    "Оформлення закордонного паспорта",
    "Державна реєстрація народження дитини (послуга «єМалятко»)",
    "Державна реєстрація речових прав на нерухоме майно",
    "Державна реєстрація юридичних осіб та фізичних осіб — підприємців",
    "Видача витягу з Державного земельного кадастру",
    "Призначення житлової субсидії та пільг",
    "Призначення допомоги при народженні дитини",
    "Видача довідки про взяття на облік внутрішньо переміщеної особи",
    "Реєстрація декларації з лікарем (консультація)",
    "Видача дозволу на порушення обʼєктів благоустрою",
]


def _point(rng: random.Random) -> tuple[float, float]:
    south, west, north, east = settings.PORTAL_CITY_BOUNDS
    # The demo city's built-up area: the middle of the configured box.
    lat = rng.uniform(south + (north - south) * 0.22, north - (north - south) * 0.22)
    lon = rng.uniform(west + (east - west) * 0.2, east - (east - west) * 0.2)
    return round(lat, 6), round(lon, 6)


def _yes_no(rng: random.Random, probability: float) -> str:
    roll = rng.random()
    return "" if roll > 0.9 else ("так" if roll < probability * 0.9 else "ні")


def demo_features() -> list[dict]:
    """About 1,500 GeoJSON features, the same on every run (seeded generator, no network)."""
    rng = random.Random(1500)
    features = []
    for _name, slug, _icon, _colour, _order, count, pattern, owner, department, hours_kind in CATEGORIES:
        for n in range(1, count + 1):
            street = rng.choice(STREETS)
            house = f"{rng.randint(1, 180)}{rng.choice(['', '', '', '-А', '-Б'])}"
            lat, lon = _point(rng)
            if slug == "tsnap":
                title = "Центр надання адміністративних послуг" if n == 1 else f"Віддалене робоче місце ЦНАП № {n - 1}"
            else:
                title = pattern.format(n=n, word=rng.choice(WORDS), street=f"{street.split(' ', 1)[1]}, {house}")
            kind = "night" if slug == "apteky" and n % 12 == 0 else hours_kind
            properties = {
                "external_id": f"demo-{slug}-{n:04d}", "name": title, "category": slug,
                "address": f"{street}, {house}", "owner_type": owner, "department": department or "",
                "phones": f"+380 5366 {rng.randint(2, 7)}-{rng.randint(10, 99)}-{rng.randint(10, 99)}"
                if slug not in ("zupynky", "pamiatky") else "",
                "ramp": _yes_no(rng, 0.6), "lift": _yes_no(rng, 0.15), "accessible_toilet": _yes_no(rng, 0.3),
                "parking": _yes_no(rng, 0.35), "tactile_guidance": _yes_no(rng, 0.1),
                "last_checked": f"2026-{rng.randint(1, 11):02d}-{rng.randint(1, 28):02d}",
            }
            if slug in ("zupynky", "pamiatky"):
                for key in ("lift", "accessible_toilet", "parking"):
                    properties[key] = ""
            if rng.random() < 0.4 and properties["ramp"]:
                properties["accessibility_checked_on"] = f"2025-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
                properties["accessibility_checked_by"] = "Управління містобудування та архітектури"
            if kind:
                for day, text in HOURS[kind].items():
                    properties[f"hours_{day}"] = text
            if slug == "tsnap":
                properties.update(
                    email="cnap@svitlohirsk.example", website="https://svitlohirsk.example/cnap",
                    description="Адміністративні послуги міської ради, державних органів і Пенсійного фонду в "
                                "одному місці. Запис у чергу — на сайті або за телефоном.",
                    services="\n".join(CNAP_SERVICES if n == 1 else CNAP_SERVICES[:5]),
                    ramp="так", accessible_toilet="так", parking="так",
                    tactile_guidance="так" if n == 1 else "ні",
                    accessibility_notes="Вхід з пандусом з боку площі, кнопка виклику працівника біля дверей.")
            features.append({"type": "Feature", "geometry": {"type": "Point", "coordinates": [lon, lat]},
                             "properties": properties})
    return features


def seed(*, home, command) -> list:
    page = DirectoryPage.objects.child_of(home).first()
    if page is None:
        page = DirectoryPage(title="Мапа міста", slug="mapa",
                             intro="Установи, аптеки, школи, укриття, зупинки та інші обʼєкти міста з графіком "
                                   "роботи і даними про доступність для людей з інвалідністю.")
        home.add_child(instance=page)
        page.save_revision().publish()
    for name, slug, icon, colour, order, *_rest in CATEGORIES:
        Category.objects.get_or_create(slug=slug, defaults={"name": name, "icon": icon, "colour": colour,
                                                            "order": order})
    if not CityObject.objects.filter(external_id__startswith="demo-").exists():
        features = demo_features()
        from sessions.departments import Department

        known = set(Department.objects.values_list("name", flat=True))
        for feature in features:
            if feature["properties"]["department"] not in known:
                feature["properties"]["department"] = ""
        services.directory_import(data=json.dumps({"type": "FeatureCollection", "features": features},
                                                  ensure_ascii=False).encode(), filename="demo.geojson")
    return [("Мапа міста", page)]
