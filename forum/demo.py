"""Demo forum for `manage.py seed_demo`: «Форум громади», five categories, eight discussed topics, one waiting."""
import datetime

from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType

from cms.text import latin_slug
from participation import notifications
from participation.models import Comment

from .models import ForumCategory, ForumPage, ForumTopic

CATEGORIES = [
    ("Благоустрій", "blahoustrii", "Двори, парки, освітлення, прибирання та зелені зони.", 1),
    ("Транспорт", "transport", "Маршрути, зупинки, дороги, велодоріжки та паркування.", 2),
    ("Освіта", "osvita", "Школи, садочки, гуртки та позашкільна освіта.", 3),
    ("Безпека", "bezpeka", "Укриття, освітлення вулиць, безпека дорожнього руху.", 4),
    ("Інше", "inshe", "Усе, що не підходить до інших розділів.", 5),
]

RESIDENTS = [
    ("oksana.melnyk@svitlohirsk.example", "Мельник Оксана Василівна"),
    ("taras.bondar@svitlohirsk.example", "Бондар Тарас Олегович"),
    ("iryna.savchenko@svitlohirsk.example", "Савченко Ірина Миколаївна"),
    ("mykola.kravets@svitlohirsk.example", "Кравець Микола Петрович"),
]

# (category slug, title, body, days ago, author index, status, [(author index, hours after the topic, text)])
TOPICS = [
    ("blahoustrii", "Дитячий майданчик на вулиці Садовій потребує ремонту",
     "Гойдалки на майданчику біля будинку № 14 на вулиці Садовій розхитані, а пісочниця без піску вже другий рік. "
     "Діти граються серед битого скла. Чи є цей майданчик у плані ремонтів на наступний рік?", 21, 0, "published",
     [(1, 3, "Підтверджую, там ще й лавки поламані. Варто подати проєкт у громадський бюджет."),
      (2, 20, "Ми з сусідами готові допомогти з фарбуванням, якщо місто дасть матеріали."),
      (0, 26, "Дякую! Підготую проєкт до громадського бюджету, хто хоче долучитися — пишіть тут.")]),
    ("transport", "Автобус № 7 у вихідні ходить раз на годину",
     "У суботу й неділю автобус № 7 від мікрорайону Південного до центру ходить лише раз на годину, "
     "а ввечері останній рейс о 19:30. Пропоную збільшити кількість рейсів хоча б до двох на годину.", 14, 1,
     "published",
     [(3, 2, "Особливо незручно людям похилого віку, які їздять до ринку."),
      (0, 30, "Можна зробити опитування, скільки людей їздить у вихідні. Тоді перевізнику буде легше погодитися."),
      (2, 50, "У КП «Міськтранс» казали, що бракує водіїв. Може, варто підняти це питання на комісії?")]),
    ("bezpeka", "Темний перехід біля школи № 3",
     "На пішохідному переході біля школи № 3 на вулиці Шевченка не працює ліхтар. Зранку діти йдуть до школи "
     "ще в темряві, водії їх погано бачать. Прошу встановити освітлення та табличку «Обережно, діти».", 9, 2,
     "published",
     [(1, 1, "Там ще й розмітка стерлася, її майже не видно."),
      (3, 5, "Я писав звернення в КП «Міськсвітло», обіцяли подивитися. Нагадаю їм.")]),
    ("osvita", "Гуртки робототехніки для підлітків",
     "У місті немає жодного безкоштовного гуртка робототехніки для дітей 12–16 років. Чи може Центр "
     "дитячої творчості відкрити такий гурток? Я програміст і готовий вести заняття як волонтер.", 7, 3,
     "published",
     [(0, 4, "Чудова ідея! Мій син точно записався б."),
      (2, 9, "У школі № 1 є клас з комп'ютерами, який стоїть порожній після уроків. Можна домовитися з директором.")]),
    ("blahoustrii", "Сміттєві баки на вулиці Лесі Українки переповнені",
     "Уже третій тиждень сміття на вулиці Лесі Українки вивозять раз на тиждень замість двох. Баки "
     "переповнені, навколо розносить пакети. Хто відповідає за графік вивезення?", 5, 1, "published",
     [(3, 6, "Графік є на сайті КП «Благоустрій», але його не дотримуються."),
      (0, 12, "Можна сфотографувати й надіслати звернення через портал, тоді мають відповісти в строк.")]),
    ("transport", "Велодоріжка до промзони",
     "Багато людей їздять на роботу до промзони велосипедом, але вздовж Заводської дороги немає ні "
     "узбіччя, ні доріжки. Пропоную передбачити велодоріжку під час наступного ремонту дороги.", 4, 2,
     "published",
     [(1, 8, "Підтримую. Зараз їздити там небезпечно, особливо взимку.")]),
    ("inshe", "Де проводити свята громади, поки парк на реконструкції?",
     "Центральний парк закрили на реконструкцію до осені. Пропоную обговорити, де провести День міста: "
     "на площі біля ради чи на стадіоні «Колос».", 30, 0, "closed",
     [(2, 5, "На стадіоні більше місця і є де поставити сцену."),
      (3, 10, "Площа зручніша для людей з центру, але там складно з паркуванням."),
      (1, 24, "Голосую за стадіон.")]),
    ("bezpeka", "Укриття в школі № 5 зачинене ввечері",
     "Під час вечірніх тривог укриття в школі № 5 зачинене, а це найближче укриття для трьох багатоповерхівок. "
     "Чи можна домовитися, щоб ключі були в когось із мешканців або в чергового?", 2, 3, "published",
     [(0, 1, "Та сама проблема з укриттям у ліцеї на Миру."),
      (2, 3, "Варто дізнатися в управлінні освіти, хто відповідальний за доступ ввечері.")]),
]

PENDING_TOPIC = ("blahoustrii", "Лавки в сквері біля бібліотеки",
                 "У сквері біля центральної бібліотеки лише дві лавки, і ті без спинок. Літом там багато людей "
                 "з дітьми. Пропоную поставити ще кілька лавок і смітники.")


def _residents(command) -> list:
    User = get_user_model()
    people = []
    for email, full_name in RESIDENTS:
        user = User.objects.filter(email=email).first()
        if user is None:
            user = User(username=email.split("@")[0], email=email, full_name=full_name)
            user.set_unusable_password()  # demo voices only: nobody logs in as them
            user.save()
        EmailAddress.objects.get_or_create(user=user, email=email, defaults={"verified": True, "primary": True})
        people.append(user)
    return people


def seed(*, home, command) -> list:
    forum = ForumPage.objects.child_of(home).first()
    if forum is None:
        forum = ForumPage(title="Форум громади", slug="forum",
                          intro="Обговорюйте з сусідами та радою місцеві питання: благоустрій, транспорт, освіту, "
                                "безпеку. Нові теми зʼявляються після перевірки модератором; будьте ввічливими.")
        home.add_child(instance=forum)
        forum.save_revision().publish()
    categories = {}
    for name, slug, description, order in CATEGORIES:
        categories[slug], _created = ForumCategory.objects.get_or_create(
            slug=slug, defaults={"name": name, "description": description, "order": order})
    people = _residents(command)
    existing = set(ForumTopic.objects.filter(forum=forum).values_list("title", flat=True))
    content_type = ContentType.objects.get_for_model(ForumTopic)
    created = 0
    for slug, title, body, days_ago, author, status, comments in TOPICS:
        if title in existing:
            continue
        started = command.now - datetime.timedelta(days=days_ago, hours=command.random.randint(1, 9))
        last = started + datetime.timedelta(hours=max([hours for *_rest, hours, _text in comments], default=0))
        topic = ForumTopic.objects.create(
            forum=forum, category=categories[slug], title=title, slug=latin_slug(title), body=body,
            author=people[author], status=status, created_at=started - datetime.timedelta(hours=2),
            published_at=started, moderated_at=started, last_activity_at=min(last, command.now))
        Comment.objects.bulk_create([  # bulk: the demo's dates are kept as written
            Comment(content_type=content_type, object_id=topic.pk, author=people[who], body=text,
                    created_at=min(started + datetime.timedelta(hours=hours), command.now))
            for who, hours, text in comments
        ])
        created += 1
    slug, title, body = PENDING_TOPIC
    if title not in existing:
        User = get_user_model()
        author = User.objects.filter(email="resident@svitlohirsk.example").first() or people[0]
        pending = ForumTopic.objects.create(
            forum=forum, category=categories[slug], title=title, slug=latin_slug(title), body=body, author=author,
            status=ForumTopic.Status.PENDING, created_at=command.now - datetime.timedelta(hours=3),
            last_activity_at=command.now - datetime.timedelta(hours=3))
        # As forum.services.topic_create does: the demo resident's account shows the topic under "What you follow".
        notifications.follow(author, pending, reason="created")
    command.stdout.write(f"Forum: {ForumTopic.objects.filter(forum=forum).count()} topics ({created} new).")
    return [("Форум", forum)]
