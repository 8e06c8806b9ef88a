"""cms.visibility: one rule for which pages the public may see, in its two SQL shapes."""
import pytest
from wagtail.models import Page, PageViewRestriction

from cms.visibility import live_public_pages, public
from tests.factories import NewsIndexPageFactory, NewsPageFactory

pytestmark = pytest.mark.django_db


def test_both_shapes_of_the_public_rule_leave_out_the_same_pages(home_page):
    open_news = NewsIndexPageFactory(parent=home_page, title="Новини")
    closed_news = NewsIndexPageFactory(parent=home_page, title="Для депутатів", slug="dlia-deputativ")
    shown = NewsPageFactory(parent=open_news, title="Відкрита новина")
    under_restriction = NewsPageFactory(parent=closed_news, title="Закрита новина")
    password_page = NewsPageFactory(parent=open_news, title="Під паролем")
    draft = NewsPageFactory(parent=open_news, title="Чернетка", live=False)
    PageViewRestriction.objects.create(page=closed_news, restriction_type="login")
    PageViewRestriction.objects.create(page=password_page, restriction_type="password", password="секрет")
    # A page whose path starts like a restricted one's without being below it stays public.
    assert not shown.path.startswith(password_page.path)

    in_one_statement = set(live_public_pages(Page.objects.all()).values_list("pk", flat=True))
    per_request = set(public(Page.objects.live()).values_list("pk", flat=True))

    assert in_one_statement == per_request
    assert shown.pk in in_one_statement and home_page.pk in in_one_statement
    assert not {closed_news.pk, under_restriction.pk, password_page.pk, draft.pk} & in_one_statement
