"""The one name validator (cms.names): profile, sign-up, the account API, petitions and signatures all use it."""
import json

import pytest
from django.core.exceptions import ValidationError

from cms.names import clean_full_name, name_errors
from tests.factories import UserFactory

PROFILE_URL = "/account/profile/"
GOOD = ["Шевченко Тарас Григорович", "Квітка-Основʼяненко Григорій", "Мʼякенька Ольга", "Мар'яна Д’Артаньян",
        "Anna Коваль", "Müller Jürgen", "Παπαδόπουλος Γιώργος"]
MIXED = "Ivanов Петро"  # a Latin "I", "v", "a", "n" in a Cyrillic word
BAD = [MIXED, "Iванов Петро", "Шевченко\u202eокнечвеШ Тарас", "Шевченко\u200b Тарас", "Шевченко\x00 Тарас",
       "Шевченко\tТарас\nГригорович\u0007", "=1+1 Тарас", "Шевченко 2 Тарас", "Шевченко -Тарас", "Шевченко Та--рас",
       "Шевченко <script>", "Тарас", "ʼʼ Тарас"]


@pytest.mark.parametrize("name", GOOD)
def test_real_names_in_any_single_script_per_word_pass(name):
    assert clean_full_name(f"  {name} ") == name


@pytest.mark.parametrize("name", BAD)
def test_mixed_scripts_invisible_characters_and_non_letters_are_refused(name):
    with pytest.raises(ValidationError):
        clean_full_name(name)


def test_the_reasons_are_in_ukrainian():
    from django.utils import translation

    with translation.override("uk"):
        assert "алфавіт" in str(name_errors(MIXED)[0])
        assert "невидим" in str(name_errors("Шевченко\u202e Тарас")[0])


@pytest.mark.django_db
@pytest.mark.parametrize("name", [MIXED, "Шевченко\u202e Тарас", "Шевченко\u200d Тарас"])
def test_profile_refuses_an_impersonating_name_and_keeps_the_old_one(client, name):
    resident = UserFactory(full_name="Коваль Ірина")
    client.force_login(resident)
    response = client.post(PROFILE_URL, {"full_name": name})
    assert response.status_code == 200 and response.context["form"].errors["full_name"]
    resident.refresh_from_db()
    assert resident.full_name == "Коваль Ірина"


@pytest.mark.django_db
def test_account_api_refuses_an_impersonating_name_with_a_problem_document(client):
    resident = UserFactory(full_name="Коваль Ірина")
    client.force_login(resident)
    response = client.patch("/api/v3/account/me/", json.dumps({"full_name": MIXED}), content_type="application/json")
    assert response.status_code == 422 and response["Content-Type"] == "application/problem+json"
    assert response.json()["code"] == "invalid_full_name"
    resident.refresh_from_db()
    assert resident.full_name == "Коваль Ірина"


@pytest.mark.django_db
def test_the_user_model_validates_the_name_for_the_admin_forms():
    user = UserFactory.build(full_name=MIXED)
    with pytest.raises(ValidationError) as raised:
        user.full_clean(exclude=["password"])
    assert "full_name" in raised.value.message_dict
