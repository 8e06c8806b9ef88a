import re
import pytest
from tests.home.test_search import test_every_apostrophe_finds_every_other as inner

@pytest.mark.postgres
@pytest.mark.django_db
@pytest.mark.parametrize("written", ["обʼєкт", "об'єкт", "об’єкт"])
@pytest.mark.parametrize("searched", ["обʼєкт", "об'єкт", "об’єкт"])
def test_mut(client, home_page, written, searched, monkeypatch):
    import cms.search
    monkeypatch.setattr(cms.search, "_APOSTROPHES", re.compile("(?!x)x"))
    inner(client, home_page, written, searched)
