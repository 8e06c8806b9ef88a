"""Views of the city site: news and events lists with filters, site search, robots.txt."""

from django.conf import settings
from django.core.paginator import EmptyPage
from django.http import HttpResponse
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from cms import pagecache
from cms.pagination import BoundedPaginator

from . import selectors
from .forms import EventFilterForm, NewsFilterForm, SearchForm


def _paginate(request, queryset, page_number, per_page, *, count_key=None):
    """Return (page, error). An out-of-range page is an error, shown on a friendly page. Page numbers are
    bounded (cms.pagination): deep OFFSETs would grow with the archive; the filters reach older entries."""
    paginator = BoundedPaginator(queryset, per_page, count_key=count_key)
    try:
        return paginator.page(page_number or 1), None
    except EmptyPage:
        return None, _("There is no such page in this list.")


def news_index(request, index_page):
    years, categories = selectors.news_years(index_page), selectors.categories_in_use()
    form = NewsFilterForm(request.GET, years=years, categories=categories)
    context = index_page.get_context(request)
    context.update(filter_form=form, years=years, categories=categories)
    status = 200
    if form.is_valid():
        data = form.cleaned_data
        queryset = selectors.filter_news(
            selectors.news_queryset(), index=index_page,
            category=data["category"], tag=data["tag"], month=data["month"], year=data["year"],
        )
        page, error = _paginate(request, queryset, data["page"], settings.NEWS_PER_PAGE,
                                count_key=selectors.news_count_key(index=index_page, category=data["category"],
                                                                   tag=data["tag"], month=data["month"],
                                                                   year=data["year"]))
        if error:
            context["errors"], status = [error], 404
        context.update(news_page=page, active_filters=data)
    else:
        context["errors"] = [message for messages in form.errors.values() for message in messages]
        status = 400
    return TemplateResponse(request, "home/news_index_page.html", context, status=status)


def event_index(request, index_page):
    form = EventFilterForm(request.GET)
    context = index_page.get_context(request)
    context["filter_form"] = form
    status = 200
    if form.is_valid():
        period = form.cleaned_data["period"] or "upcoming"
        # An event that ends moves from the upcoming list to the past one: both are kept until the next such move.
        pagecache.changes_at(request, selectors.next_event_change(index=index_page))
        queryset = (selectors.upcoming_events(index=index_page) if period == "upcoming"
                    else selectors.past_events(index=index_page))
        page, error = _paginate(request, queryset, form.cleaned_data["page"], 20)
        if error:
            context["errors"], status = [error], 404
        context.update(events_page=page, period=period)
    else:
        context["errors"] = [message for messages in form.errors.values() for message in messages]
        status = 400
    return TemplateResponse(request, "home/event_index_page.html", context, status=status)


SEARCH_PER_PAGE = 10


@require_GET
def search(request):
    from cms.search_types import LazySearchResults, search_types, search_version, site_search

    form = SearchForm(request.GET)
    context = {"form": form, "query": "", "results": None, "kind": "", "facets": []}
    status = 200
    if form.is_valid():
        query, kind = form.cleaned_data["q"].strip(), form.cleaned_data["type"]
        context.update(query=query, kind=kind)
        if query:
            page_number = form.cleaned_data["page"] or 1
            # Only the hits up to this page's end are read (each type's best in turn: the order needs no more).
            hits, counts = site_search(query, kind=kind or None, needed=page_number * SEARCH_PER_PAGE)
            types = search_types()
            context["total"] = counts.get(kind, 0) if kind else sum(counts.values())
            context["facets"] = [{"key": key, "label": types[key].label, "count": count}
                                 for key, count in counts.items() if count or key == kind]
            # The list of a page is a cached fragment for anonymous readers (search.html): its hits are built only
            # when it is rendered. Its key: what the hits depend on besides site and language (the fragment's).
            page, error = _paginate(request, LazySearchResults(hits), page_number, SEARCH_PER_PAGE)
            if error:
                context["errors"], status = [error], 404
            else:
                context["results_key"] = f"{search_version()}|{kind}|{page.number}|{query}"
            context["results"] = page
    else:
        context["errors"] = [message for messages in form.errors.values() for message in messages]
        status = 400
    return TemplateResponse(request, "home/search.html", context, status=status)


@require_GET
def robots_txt(request):
    lines = [
        "User-agent: *",
        "Disallow: /admin/",
        "Disallow: /account/",
        "Disallow: /poshuk/",
        f"Sitemap: {request.build_absolute_uri('/sitemap.xml')}",
    ]
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain; charset=utf-8")
