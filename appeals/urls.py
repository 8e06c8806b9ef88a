"""Addresses of appeals outside the page tree: Open311 GeoReport v2 (photos are served by cms.uploads)."""
from django.urls import path

from . import open311

urlpatterns = [
    path("open311/v2/discovery.<str:fmt>", open311.discovery, name="open311_discovery"),
    path("open311/v2/services.<str:fmt>", open311.service_list, name="open311_services"),
    path("open311/v2/services/<slug:code>.<str:fmt>", open311.service_definition, name="open311_service"),
    path("open311/v2/requests.<str:fmt>", open311.requests_view, name="open311_requests"),
    path("open311/v2/requests/<str:request_id>.<str:fmt>", open311.request_detail, name="open311_request"),
]
