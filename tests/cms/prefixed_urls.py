"""The whole portal mounted under a path prefix, as an including urlconf or a proxy path would (tests only)."""
from django.urls import include, path

urlpatterns = [path("misto/", include("cms.urls"))]
