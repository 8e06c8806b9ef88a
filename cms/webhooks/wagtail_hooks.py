"""Admin of webhooks (Settings \u2192 Webhooks): endpoints staff register and the read-only delivery log."""
import django_filters
from django.core.exceptions import PermissionDenied
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from wagtail import hooks
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.panels import FieldPanel, ObjectList
from wagtail.admin.ui.tables import Column, DateColumn, TitleColumn
from wagtail.admin.views.generic import IndexView
from wagtail.admin.viewsets.model import ModelViewSet

from cms.admin_viewsets import ScopedModelViewSet

from .events import event_choices
from .forms import WebhookEndpointForm
from .models import WebhookDelivery, WebhookEndpoint


class WebhookEndpointViewSet(ModelViewSet):
    model = WebhookEndpoint
    icon = "link-external"
    menu_label = _("Webhook endpoints")
    url_prefix = "webhooks/endpoints"
    url_namespace = "webhooks_endpoint"
    add_to_settings_menu = True
    copy_view_enabled = False
    list_display = ["name", "url", "is_active"]
    edit_handler = ObjectList([
        FieldPanel("name"), FieldPanel("url"), FieldPanel("secret"), FieldPanel("events"), FieldPanel("is_active"),
    ], base_form_class=WebhookEndpointForm)


class DeliveryFilterSet(WagtailFilterSet):
    status = django_filters.ChoiceFilter(label=pgettext_lazy("webhook", "Status"),
                                         choices=WebhookDelivery.Status.choices)
    event_type = django_filters.ChoiceFilter(label=pgettext_lazy("webhook", "Event"), choices=event_choices)

    class Meta:
        model = WebhookDelivery
        fields = ["status", "event_type", "endpoint"]


class DeliveryIndexView(IndexView):
    def get_add_url(self):
        return None  # deliveries are made by events, never by hand


class WebhookDeliveryViewSet(ScopedModelViewSet):
    """The delivery log: every attempt's outcome; rows open the read-only inspect view."""

    model = WebhookDelivery
    icon = "list-ul"
    menu_label = _("Webhook deliveries")
    url_prefix = "webhooks/deliveries"
    url_namespace = "webhooks_delivery"
    add_to_settings_menu = True
    index_view_class = DeliveryIndexView
    filterset_class = DeliveryFilterSet
    copy_view_enabled = False
    inspect_view_enabled = True
    list_per_page = 50
    form_fields = []
    inspect_view_fields = ["endpoint", "event_id", "event_type", "status", "attempts", "response_status", "error",
                           "created_at", "last_attempt_at", "next_attempt_at", "delivered_at", "payload"]

    def base_queryset(self):
        return WebhookDelivery.objects.select_related("endpoint")

    @cached_property
    def list_display(self):
        return [
            TitleColumn("event_type", label=pgettext_lazy("webhook", "Event"), url_name=self.get_url_name("inspect")),
            Column("endpoint", label=pgettext_lazy("webhook", "Endpoint")),
            Column("get_status_display", label=pgettext_lazy("webhook", "Status")),
            Column("attempts", label=pgettext_lazy("webhook", "Attempts")),
            Column("response_status", label=pgettext_lazy("webhook", "Response status")),
            Column("error", label=pgettext_lazy("webhook", "Error")),
            DateColumn("created_at", label=pgettext_lazy("webhook", "Created"), sort_key="created_at"),
        ]

    @property
    def add_view(self):
        def refuse(request):
            raise PermissionDenied

        return refuse

    @property
    def edit_view(self):
        def refuse(request, pk):
            raise PermissionDenied

        return refuse


@hooks.register("register_admin_viewset")
def register_webhooks_admin():
    return [WebhookEndpointViewSet("webhook_endpoint"), WebhookDeliveryViewSet("webhook_delivery")]
