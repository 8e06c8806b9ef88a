"""A discussion costs the same number of queries with 5 and with 100 comments."""
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from participation.models import Comment
from tests.factories import NewsPageFactory, UserFactory


def make_discussion(article, authors, size):
    from django.contrib.contenttypes.models import ContentType

    content_type = ContentType.objects.get_for_model(article)
    roots = Comment.objects.bulk_create([
        Comment(content_type=content_type, object_id=article.pk, author=authors[n % len(authors)], body=f"Корінь {n}")
        for n in range(size // 2)
    ])
    Comment.objects.bulk_create([
        Comment(content_type=content_type, object_id=article.pk, author=authors[n % len(authors)],
                parent=roots[n % len(roots)], body=f"Відповідь {n}")
        for n in range(size - size // 2)
    ])


def count(client, url) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


def test_same_number_of_queries_for_5_and_100_comments(news_index, resident, django_assert_num_queries):
    authors = [UserFactory() for _ in range(5)]
    small = NewsPageFactory(parent=news_index, allow_comments=True)
    large = NewsPageFactory(parent=news_index, allow_comments=True)
    make_discussion(small, authors, 5)
    make_discussion(large, authors, 100)
    for client in (Client(), Client()):
        client.get(small.url)  # warm caches (site root, settings)
        expected = count(client, small.url)
        with django_assert_num_queries(expected):
            response = client.get(large.url)
        assert response.content.decode().count('class="comment') >= 100
    resident_client = Client()
    resident_client.force_login(resident)
    resident_client.get(small.url)
    expected = count(resident_client, small.url)
    with django_assert_num_queries(expected):
        resident_client.get(large.url)


def test_api_list_costs_the_same_for_5_and_100_comments(news_index, django_assert_num_queries):
    authors = [UserFactory() for _ in range(5)]
    small = NewsPageFactory(parent=news_index, allow_comments=True)
    large = NewsPageFactory(parent=news_index, allow_comments=True)
    make_discussion(small, authors, 5)
    make_discussion(large, authors, 100)
    client = Client()
    url = "/api/v3/participation/comments/?target_type=home.newspage&target_id={}&limit=100"
    expected = count(client, url.format(small.pk))
    with django_assert_num_queries(expected):
        assert client.get(url.format(large.pk)).json()["count"] == 50


def test_long_discussions_come_in_pages(news_index, settings):
    settings.PARTICIPATION_THREADS_PER_PAGE = 10
    article = NewsPageFactory(parent=news_index, allow_comments=True)
    make_discussion(article, [UserFactory()], 40)  # 20 threads with one reply each
    client = Client()
    first = client.get(article.url).content.decode()
    assert "Корінь 0<" in first and "Корінь 10<" not in first
    assert "(40)" in first  # the heading counts the whole discussion, not the page
    second = client.get(article.url, {"comments_page": 2}).content.decode()
    assert "Корінь 10<" in second and "Корінь 0<" not in second
    assert 'aria-current="page"><span class="visually-hidden">Сторінка </span>2' in second
    assert client.get(article.url, {"comments_page": "xyz"}).status_code == 200  # falls back to page 1


def test_a_discussion_that_fits_one_page_is_read_without_counting_it(news_index, settings):
    """The first page is read with one thread more than it shows: when that one is missing the list is complete,
    so its length is the count (no COUNT(*)); a longer discussion is counted and paged as before."""
    settings.PARTICIPATION_THREADS_PER_PAGE = 10
    short = NewsPageFactory(parent=news_index, allow_comments=True)
    exact = NewsPageFactory(parent=news_index, allow_comments=True)
    longer = NewsPageFactory(parent=news_index, allow_comments=True)
    make_discussion(short, [UserFactory()], 12)  # 6 threads
    make_discussion(exact, [UserFactory()], 20)  # 10 threads: exactly one page
    make_discussion(longer, [UserFactory()], 22)  # 11 threads: two pages
    client = Client()

    def comment_counts(url, **params) -> tuple[list[str], str]:
        client.get(url, params)
        with CaptureQueriesContext(connection) as captured:
            html = client.get(url, params).content.decode()
        return [query["sql"] for query in captured if "COUNT(" in query["sql"]
                and "participation_comment" in query["sql"]], html

    for page, threads in ((short, 6), (exact, 10)):
        counts, html = comment_counts(page.url)
        assert counts == [] and f"({threads * 2})" in html and 'name="comments_page"' not in html
        assert html.count("Корінь ") == threads and "comments_page=2" not in html
    counts, html = comment_counts(longer.url)
    assert len(counts) == 2 and "(22)" in html and "comments_page=2" in html  # threads for the pages, all comments
    assert html.count("Корінь ") == 10
    counts, html = comment_counts(longer.url, comments_page=2)
    assert "Корінь 10<" in html and html.count("Корінь ") == 1
