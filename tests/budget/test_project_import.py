"""The commission's import and export of projects through the admin (real HTTP): preview, confirm, each class of bad
row refused with nothing saved, permission, and the export read back by the import."""
import base64
import csv
import io
import re

import pytest
import tablib
from django.core.files.uploadedfile import SimpleUploadedFile

from budget.models import BudgetCostItem, BudgetProject, ProjectStatus
from budget.project_import import COLUMNS
from cms.roles import role_group
from tests.factories import UserFactory, activate_totp, login_with_mfa

from .conftest import DESCRIPTION, make_campaign, make_project

pytestmark = pytest.mark.django_db
URL = "/admin/budget/projects-import/"


def table(rows: list[dict], columns=COLUMNS) -> bytes:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=columns)
    writer.writeheader()
    for row in rows:
        writer.writerow({column: row.get(column, "") for column in columns})
    return buffer.getvalue().encode()


def good_row(**changes) -> dict:
    row = {"uid": "paper-1", "kind": "Малі проєкти", "type": "Центральний", "title": "Сквер біля бібліотеки",
           "description": DESCRIPTION, "creator": "Бондар Олена Василівна", "budgetPlan": "62000.00",
           "costItems": "Лавка|10|5000; Урна|4|3000", "address": "вул. Соборна, 5", "latitude": "49.59",
           "longitude": "34.55", "projectResposible": "Управління благоустрою", "status": "будь-що",
           "count": "999"}
    row.update(changes)
    return row


def preview(client, campaign, data: bytes, name="projects.csv"):
    return client.post(URL, {"step": "preview", "campaign": campaign.pk, "file": SimpleUploadedFile(name, data)})


def confirm(client, campaign, response):
    html = response.content.decode()
    data = re.search(r'name="data" value="([^"]+)"', html).group(1)
    filename = re.search(r'name="filename" value="([^"]+)"', html).group(1)
    return client.post(URL, {"step": "confirm", "campaign": campaign.pk, "data": data, "filename": filename})


@pytest.fixture
def review_campaign(budget_index, district):
    return make_campaign(budget_index, phase="review")


def test_a_good_file_is_previewed_then_imported(client, review_campaign, commission):
    login_with_mfa(client, commission)
    assert client.get(URL).status_code == 200
    response = preview(client, review_campaign, table([good_row()]))
    html = response.content.decode()
    assert response.status_code == 200 and "Сквер біля бібліотеки" in html and "буде створено" in html
    assert not BudgetProject.objects.exists()  # the preview saves nothing
    response = confirm(client, review_campaign, response)
    assert response.status_code == 302
    project = BudgetProject.objects.get()
    assert (project.status, project.cost, project.category.slug, project.district.name, project.author_id) == (
        ProjectStatus.SUBMITTED, 62_000, "mali", "Центральний", None)
    assert (project.author_name, project.external_id, float(project.latitude)) == (
        "Бондар Олена Василівна", "paper-1", 49.59)
    assert [(i.name, i.quantity, i.unit_price) for i in project.cost_items.all()] == [
        ("Лавка", 10, 5000), ("Урна", 4, 3000)]
    # The same file again updates the same project (by its uid from the file), it does not duplicate it.
    renamed = table([good_row(title="Сквер біля бібліотеки №2")])
    confirm(client, review_campaign, preview(client, review_campaign, renamed))
    assert BudgetProject.objects.get().title == "Сквер біля бібліотеки №2"


@pytest.mark.parametrize(("changes", "message"), [
    ({"costItems": "Лавка|10|5000; Урна|4|2000"}, "у сумі дають 58000 грн, але budgetPlan — 62000 грн"),
    ({"budgetPlan": "250000", "costItems": "Лавка|50|5000"}, "мають коштувати від 10 000 до 200 000 грн"),
    ({"kind": "Середні проєкти"}, "Немає категорії «Середні проєкти»"),
    ({"type": "Нагірний"}, "Немає району «Нагірний»"),
    ({"costItems": "Лавка 10 по 5000"}, "«назва|кількість|ціна»"),
    ({"latitude": "50.45", "longitude": "30.52"}, "Точка поза межами міста"),
    ({"budgetPlan": "62000.50", "costItems": ""}, "цілих гривнях"),
    ({"title": ""}, "«title» не заповнено"),
])
def test_each_bad_row_is_refused_in_ukrainian_and_nothing_is_saved(client, review_campaign, commission, changes,
                                                                   message):
    login_with_mfa(client, commission)
    data = table([good_row(uid="ok-1"), good_row(uid="bad-2", **changes)])
    response = preview(client, review_campaign, data)
    html = response.content.decode()
    assert response.status_code == 422
    assert "Рядок 3:" in html and message.lower() in html.lower() and "Рядок 2:" not in html
    # Forcing the confirmation with the same file saves nothing either.
    encoded = base64.b64encode(data).decode()
    response = client.post(URL, {"step": "confirm", "campaign": review_campaign.pk, "data": encoded,
                                 "filename": "projects.csv"})
    assert response.status_code == 422
    assert not BudgetProject.objects.exists() and not BudgetCostItem.objects.exists()


def test_refused_files_and_phases(client, budget_index, review_campaign, commission):
    login_with_mfa(client, commission)
    response = preview(client, review_campaign, table([good_row()], columns=["uid", "title"]))
    assert response.status_code == 422 and "немає колонок" in response.content.decode()
    response = preview(client, review_campaign, b"\x00\x01garbage", name="projects.xlsx")
    assert response.status_code == 422
    duplicate = table([good_row(), good_row()])
    assert "вже є в рядку 2" in preview(client, review_campaign, duplicate).content.decode()
    voting = make_campaign(budget_index, phase="voting", year=2028)
    response = preview(client, voting, table([good_row()]))
    assert response.status_code == 422  # not offered: the ballot is fixed once voting starts
    other = make_project(voting, voting.categories.get(slug="mali"))
    response = preview(client, review_campaign, table([good_row(uid=other.uid)]))
    assert "іншої кампанії" in response.content.decode()
    assert BudgetProject.objects.count() == 1


def test_only_the_commission_imports_and_exports(client, review_campaign, resident, roles):
    data = table([good_row()])
    moderator = UserFactory()
    moderator.groups.add(role_group("moderators"))
    activate_totp(moderator)
    login_with_mfa(client, moderator)
    assert client.get(URL).status_code in (302, 403)
    assert preview(client, review_campaign, data).status_code in (302, 403)
    assert client.get("/admin/budget/export/projects.csv").status_code in (302, 403)
    client.force_login(resident)
    assert preview(client, review_campaign, data).status_code in (302, 403)
    assert not BudgetProject.objects.exists()


def test_export_then_import_round_trip(client, review_campaign, commission, district):
    small = review_campaign.categories.get(slug="mali")
    authored = make_project(review_campaign, small, status=ProjectStatus.SUBMITTED, title="=HYPERLINK(\"x\")-сквер",
                            district=district, address="вул. Миру, 1")
    other = make_project(review_campaign, review_campaign.categories.get(slug="velyki"), cost=300_000,
                         status=ProjectStatus.ADMITTED)
    login_with_mfa(client, commission)
    export = client.get(f"/admin/budget/export/projects.csv?campaign={review_campaign.pk}")
    text = export.content.decode()
    assert export.status_code == 200 and text.splitlines()[0] == "\ufeff" + ",".join(COLUMNS)
    assert "'=HYPERLINK" in text  # formula-safe
    response = preview(client, review_campaign, export.content)
    assert response.status_code == 200 and response.content.decode().count("<td>без змін</td>") == 2
    # Edit the spreadsheet: a new breakdown for one project; the import updates it and keeps its status.
    rows = list(csv.DictReader(io.StringIO(text.lstrip("\ufeff"))))
    rows[1]["costItems"], rows[1]["budgetPlan"] = "Тренажер|3|110000", "330000"
    response = preview(client, review_campaign, table(rows))
    assert "budgetPlan" in response.content.decode()
    assert confirm(client, review_campaign, response).status_code == 302
    authored.refresh_from_db()
    other.refresh_from_db()
    assert authored.title == "=HYPERLINK(\"x\")-сквер" and authored.author_name == authored.author.full_name
    assert (other.cost, other.status) == (330_000, ProjectStatus.ADMITTED)
    assert BudgetProject.objects.count() == 2
    # XLSX both ways.
    export = client.get(f"/admin/budget/export/projects.xlsx?campaign={review_campaign.pk}")
    assert tablib.Dataset().load(export.content, format="xlsx").headers == COLUMNS
    response = preview(client, review_campaign, export.content, name="projects.xlsx")
    assert response.status_code == 200 and response.content.decode().count("<td>без змін</td>") == 2
