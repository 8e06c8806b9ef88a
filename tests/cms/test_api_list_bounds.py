"""Every list of the API (Wagtail's own and each app's) refuses an out-of-range offset or limit with a problem
document, never a 500 from the database."""
import json

import pytest
from wagtail.models import APIToken

from cms.api import PROBLEM_JSON, api
from tests.factories import UserFactory

# A value for each path parameter of a list; the query is refused before the view looks the object up.
PATH_VALUES = {"type": "wagtailcore.page"}


def _list_urls() -> list[str]:
    """GET operations of the API object that take both offset and limit: the paginated lists."""
    urls = []
    for path, operations in api.get_openapi_schema()["paths"].items():
        operation = operations.get("get")
        if not operation:
            continue
        parameters = operation.get("parameters", [])
        if {"offset", "limit"} <= {parameter["name"] for parameter in parameters if parameter["in"] == "query"}:
            for parameter in parameters:
                if parameter["in"] == "path":
                    path = path.replace("{" + parameter["name"] + "}", PATH_VALUES.get(parameter["name"], "1"))
            urls.append(path)
    return urls


LIST_URLS = _list_urls()
BAD_QUERIES = ["offset=100000000000000000000", "offset=-1", "limit=100000000000000000000", "limit=0", "limit=abc"]


def test_lists_are_discovered():
    # Wagtail's pages endpoint and the lists of each app; a discovery that finds nothing would test nothing.
    for expected in ("/api/v3/pages/", "/api/v3/images/", "/api/v3/home/news/", "/api/v3/petitions/",
                     "/api/v3/participation/forum/topics/", "/api/v3/participation/consultations/",
                     "/api/v3/council/districts/"):
        assert expected in LIST_URLS
    assert len(LIST_URLS) >= 25


@pytest.mark.django_db
@pytest.mark.parametrize("query", BAD_QUERIES)
@pytest.mark.parametrize("url", LIST_URLS)
def test_out_of_range_offset_or_limit_is_a_problem_document(client, home_page, url, query):
    # A superuser's token reaches every list (revisions, redirects, sites need one), so the query itself is judged.
    _, token = APIToken.create_token(user=UserFactory(is_superuser=True, is_staff=True), name="перевірка")
    response = client.get(f"{url}?{query}", HTTP_AUTHORIZATION=f"Bearer {token}")

    assert response.status_code in (400, 422), (response.status_code, response.content[:300])
    assert response["Content-Type"].startswith(PROBLEM_JSON)
    body = json.loads(response.content)
    assert body["status"] == response.status_code
    assert body["code"] in ("invalid_query", "validation_failed")
    assert body["detail"]
