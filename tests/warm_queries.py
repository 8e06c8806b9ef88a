"""What a public page costs an anonymous reader once warm: the production configuration (fragments cached, the
whole-page cache off, so the application renders every request), after a first request has started the fragments'
generation and a second has stored them."""
from django.db import connection
from django.test.utils import CaptureQueriesContext


def warm_queries(client, url: str) -> list[str]:
    """The SQL of the third request for ``url`` (each earlier one answered 200)."""
    for _ in range(2):
        response = client.get(url)
        assert response.status_code == 200, (url, response.status_code)
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    return [query["sql"] for query in captured.captured_queries]


def assert_warm_queries(client, urls: dict[str, str], ceilings: dict[str, int]) -> dict[str, int]:
    """The warm query count of each named page, checked against its ceiling (the measured number: a query added
    to any of these pages fails the test, with the queries shown)."""
    counts = {}
    for name, url in urls.items():
        queries = warm_queries(client, url)
        assert len(queries) <= ceilings[name], (name, len(queries), queries)
        counts[name] = len(queries)
    return counts
