"""Public pages of the directory: the list with filters and the map, an object's page, a resident's correction."""
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.paginator import EmptyPage, Paginator
from django.db.models import Count, Q
from django.http import Http404
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.translation import gettext as _

from cms import maps, pagecache

from . import selectors, services
from .forms import CorrectionForm, DirectoryFilterForm
from .models import ACCESSIBILITY_FEATURES, Category


def _form_errors(form) -> list[str]:
    return [message for messages_ in form.errors.values() for message in messages_]


GEOJSON_URL = "/api/v3/directory/geojson/"


def _map_config(page, request, categories_with_counts) -> dict:
    """One switchable, clustered layer per category that has objects; all share one GeoJSON request."""
    url = GEOJSON_URL
    page_url = page.get_url(request)
    layers = [maps.layer(layer_id=category.slug, name=f"{category.name} ({category.object_count})", url=url,
                         colour=category.colour, cluster=True, switchable=True, only=("category", category.slug),
                         url_template=f"{page_url}{{id}}/")
              for category in categories_with_counts if category.object_count]
    return maps.map_config(layers=layers)


def directory_index(request, page):
    form = DirectoryFilterForm(request.GET)
    context = page.get_context(request)
    categories = list(Category.objects.select_related("parent").annotate(
        object_count=Count("city_objects", filter=Q(city_objects__is_published=True))).order_by("order", "name"))
    form.offer("category", [(category.slug, category.name) for category in categories if category.object_count],
               empty_label=_("All categories"))
    context.update(filter_form=form, categories=categories, map_config=_map_config(page, request, categories),
                   accessibility_features=ACCESSIBILITY_FEATURES)
    status = 200
    if form.is_valid():
        data = form.cleaned_data
        category = next((item for item in categories if item.slug == data["category"]), None)
        if data["category"] and category is None:
            context["errors"], status = [_("There is no such category.")], 400
        else:
            queryset = selectors.filter_objects(selectors.objects_for_list(), q=data["q"], category=category,
                                                features=data["features"])
            now = timezone.now()
            if data["open_now"]:
                # Who is listed changes when any of them opens or closes: the page is kept until then.
                queryset, changes_at = selectors.only_open(queryset, at=now)
                pagecache.changes_at(request, changes_at)
            near = data["lat"] is not None
            if near:
                queryset = selectors.order_by_distance(queryset, latitude=data["lat"], longitude=data["lon"])
            paginator = Paginator(queryset, settings.DIRECTORY_PER_PAGE)
            try:
                results = paginator.page(data["page"] or 1)
            except EmptyPage:
                results, status = None, 404
                context["errors"] = [_("There is no such page in this list.")]
            if results is not None:
                for obj in results.object_list:
                    obj.open_now = obj.is_open_at(now)
                    pagecache.changes_at(request, obj.open_changes_at(now))  # its badge «Open now» / «Closed now»
                    if near:
                        obj.distance = selectors.distance_km(lat1=data["lat"], lon1=data["lon"],
                                                             lat2=obj.latitude, lon2=obj.longitude)
            context.update(results=results, near=near)
    else:
        context["errors"], status = _form_errors(form), 400
    return TemplateResponse(request, "directory/directory_page.html", context, status=status)


def _published_or_404(pk: int):
    found = selectors.objects_for_list().select_related("department").filter(pk=pk).first()
    if found is None:
        raise Http404
    return found


def object_detail(request, page, pk: int):
    city_object = _published_or_404(pk)
    now = timezone.now()
    pagecache.changes_at(request, city_object.open_changes_at(now))  # «Open now» turns over at an opening or closing
    photos = list(city_object.photos.select_related("image").prefetch_related("image__renditions"))
    point = maps.point_feature(latitude=city_object.latitude, longitude=city_object.longitude,
                               properties={"title": city_object.name, "subtitle": city_object.address})
    context = page.get_context(request)
    context.update(
        city_object=city_object, photos=photos, open_now=city_object.is_open_at(now),
        map_config=maps.map_config(layers=[maps.layer(layer_id="object", name=city_object.category.name,
                                                      data=maps.feature_collection([point]),
                                                      colour=city_object.category.colour)],
                                   center=(city_object.latitude, city_object.longitude), zoom=16, fit=False),
    )
    return TemplateResponse(request, "directory/object_page.html", context)


def correction_create(request, page, pk: int):
    city_object = _published_or_404(pk)
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    form = CorrectionForm(request.POST or None)
    context = page.get_context(request)
    context.update(city_object=city_object, form=form)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                services.correction_suggest(city_object=city_object, user=request.user,
                                            kind=form.cleaned_data["kind"], text=form.cleaned_data["text"],
                                            ip_address=request.META.get("REMOTE_ADDR"))
            except services.DirectoryError as error:
                context["errors"], status = [error.message], error.status
            else:
                messages.success(request, _("Thank you: staff will check your correction."))
                return redirect(page.object_url(city_object, request))
        else:
            context["errors"], status = _form_errors(form), 400
    return TemplateResponse(request, "directory/correction_form.html", context, status=status)
