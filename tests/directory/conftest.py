import pytest

from .factories import CategoryFactory, DirectoryPageFactory


@pytest.fixture
def directory_page(home_page):
    return DirectoryPageFactory(parent=home_page)


@pytest.fixture
def categories(db):
    return {"apteky": CategoryFactory(name="Аптеки", slug="apteky", colour="#00703c"),
            "shkoly": CategoryFactory(name="Школи", slug="shkoly", colour="#1d70b8")}
