"""Addresses of the city site outside the page tree: site search and robots.txt (included by cms.urls)."""
from django.urls import path

from . import views

urlpatterns = [
    path("robots.txt", views.robots_txt, name="robots_txt"),
    path("poshuk/", views.search, name="search"),
]
