"""Addresses of residents' participation: the comment forms, following, the notification centre, unsubscribing.
Included at the site's root by the kernel (cms.urls, from the manifest in apps.py)."""
from django.urls import include, path

from . import views

comment_patterns = ([
    path("", views.post_comment, name="comment_post"),
    path("<int:pk>/redaguvaty/", views.edit_comment, name="comment_edit"),
    path("<int:pk>/vydalyty/", views.delete_comment, name="comment_delete"),
    path("<int:pk>/skarga/", views.report_comment, name="comment_report"),
], "participation")

urlpatterns = [
    path("account/notifications/", views.notification_centre, name="notifications"),
    path("uchast/komentari/", include(comment_patterns)),
    path("uchast/stezhyty/", views.follow_toggle, name="follow"),
    path("uchast/vidpysatysia/<str:token>/", views.unsubscribe, name="notifications_unsubscribe"),
]
