"""Open data of the council: /vidkryti-dani/rada/<dataset>.<csv|json>."""
from django.urls import path

from .opendata import dataset_view

app_name = "council_opendata"
urlpatterns = [
    path("<str:name>.<str:extension>", dataset_view, name="dataset"),
]
