"""Every public page type renders under its parent."""
import pytest

from tests.factories import NewsPageFactory


@pytest.mark.django_db
def test_news_page_renders(client, news_index):
    article = NewsPageFactory(parent=news_index, title="Бюджет громади")
    response = client.get(article.url)
    assert response.status_code == 200
    assert "Бюджет громади" in response.content.decode()
