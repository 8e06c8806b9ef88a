"""Staff register webhook endpoints and read the delivery log in the Wagtail admin (Settings)."""
import pytest

from cms.webhooks.models import WebhookDelivery, WebhookEndpoint
from tests.factories import UserFactory, activate_totp, login_with_mfa

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(client, home_page):
    admin = UserFactory(is_superuser=True, is_staff=True)
    activate_totp(admin)
    login_with_mfa(client, admin)
    return client


def endpoint_data(**overrides):
    data = {"name": "Фронтенд міста", "url": "https://front.example.org/hooks/", "secret": "x" * 40,
            "events": ["page.published", "page.deleted"], "is_active": "on"}
    data.update(overrides)
    return data


def test_staff_register_an_endpoint_with_the_events_it_wants(admin_client):
    form = admin_client.get("/admin/webhooks/endpoints/new/").content.decode()
    assert 'value="page.published"' in form and "Сторінку опубліковано" in form  # the registry, in Ukrainian

    response = admin_client.post("/admin/webhooks/endpoints/new/", endpoint_data())

    assert response.status_code == 302
    endpoint = WebhookEndpoint.objects.get()
    assert endpoint.events == ["page.published", "page.deleted"]
    assert endpoint.url == "https://front.example.org/hooks/" and endpoint.is_active


@pytest.mark.parametrize(("field", "value", "message"), [
    ("url", "ftp://front.example.org/", "Введіть коректний URL"),
    ("secret", "short", "не менш ніж 16 символів"),
    ("events", ["page.exploded"], "page.exploded"),
    ("events", [], "Виберіть принаймні одну подію."),
])
def test_a_bad_endpoint_is_refused_with_a_message_and_nothing_saved(admin_client, field, value, message):
    response = admin_client.post("/admin/webhooks/endpoints/new/", endpoint_data(**{field: value}))

    assert response.status_code == 200
    assert message in response.content.decode()
    assert not WebhookEndpoint.objects.exists()


def test_the_delivery_log_lists_deliveries_in_few_queries_and_shows_one(admin_client, django_assert_max_num_queries):
    endpoint = WebhookEndpoint.objects.create(name="Фронтенд", url="https://front.example.org/", secret="s" * 32,
                                              events=["page.published"])
    for number in range(30):
        WebhookDelivery.objects.create(endpoint=endpoint, event_type="page.published", status="failed", attempts=6,
                                       error="HTTP 500", response_status=500,
                                       payload={"type": "page.published", "object": {"id": number}})
    admin_client.get("/admin/webhooks/deliveries/")  # warm the per-process caches (menus, permissions)

    with django_assert_max_num_queries(25):
        response = admin_client.get("/admin/webhooks/deliveries/?status=failed")

    html = response.content.decode()
    assert response.status_code == 200
    assert html.count("HTTP 500") == 30 and "Не вдалося" in html
    delivery = WebhookDelivery.objects.first()
    detail = admin_client.get(f"/admin/webhooks/deliveries/inspect/{delivery.pk}/")
    assert detail.status_code == 200 and "HTTP 500" in detail.content.decode()


def test_deliveries_cannot_be_made_or_edited_by_hand(admin_client):
    endpoint = WebhookEndpoint.objects.create(name="Фронтенд", url="https://front.example.org/", secret="s" * 32)
    delivery = WebhookDelivery.objects.create(endpoint=endpoint, event_type="page.published", payload={})

    # Wagtail's refusal: back to the dashboard with the no-permission message.
    for response in (admin_client.get("/admin/webhooks/deliveries/new/"),
                     admin_client.post(f"/admin/webhooks/deliveries/edit/{delivery.pk}/", {"status": "delivered"})):
        assert (response.status_code, response.url) == (302, "/admin/")
    delivery.refresh_from_db()
    assert delivery.status == "pending"


def test_editors_without_the_permission_see_no_webhooks(client, home_page, roles):
    from cms.roles import role_group

    editor = UserFactory()
    editor.groups.add(role_group("site_editors"))
    activate_totp(editor)
    login_with_mfa(client, editor)

    response = client.get("/admin/webhooks/endpoints/")
    assert (response.status_code, response.url) == (302, "/admin/")  # Wagtail's refusal
    assert b"webhooks/endpoints" not in client.get("/admin/").content
