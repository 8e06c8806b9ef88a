"""Addresses of the discussion forms (mounted at /uchast/komentari/ by cms.urls)."""
from django.urls import path

from . import views

app_name = "participation"
urlpatterns = [
    path("", views.post_comment, name="comment_post"),
    path("<int:pk>/redaguvaty/", views.edit_comment, name="comment_edit"),
    path("<int:pk>/vydalyty/", views.delete_comment, name="comment_delete"),
    path("<int:pk>/skarga/", views.report_comment, name="comment_report"),
]
