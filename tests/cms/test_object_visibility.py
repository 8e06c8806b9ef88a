"""The kernel's visibility rules (cms.object_visibility): every discussable type declares one, ids are checked."""
import pytest
from django.apps import apps
from django.core.exceptions import ImproperlyConfigured

from cms.object_visibility import as_id, visible_queryset
from participation.discussion import Discussion


def test_every_discussable_model_has_a_visibility_rule(db):
    models = [model for model in apps.get_models() if issubclass(model, Discussion)]
    assert models
    for model in models:
        visible_queryset(model).exists()  # raises ImproperlyConfigured for a type without a rule


def test_a_model_without_a_rule_is_refused_not_shown(db):
    from participation.models import Comment

    with pytest.raises(ImproperlyConfigured):
        visible_queryset(Comment)


@pytest.mark.parametrize("value", ["abc", "1\x00", "0", "-3", "9" * 20, "²", "", None, True, 2**63])
def test_ids_that_are_not_database_ids_are_none(value):
    assert as_id(value) is None


@pytest.mark.parametrize("value,number", [("17", 17), (17, 17), (" 5 ", 5), (2**63 - 1, 2**63 - 1)])
def test_ids(value, number):
    assert as_id(value) == number
