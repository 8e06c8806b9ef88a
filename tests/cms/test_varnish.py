"""Varnish in front of a live portal (deploy/varnish/portal.vcl): an article published in the admin shows on the
home page through Varnish at once, and a logged-in resident is never answered from Varnish's cache."""
import datetime
import gzip
import http.client
import shutil
import socket
import subprocess
import tempfile
import time
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from django.conf import settings as django_settings
from django.utils import timezone
from wagtail.test.utils.form_data import inline_formset, nested_form_data, streamfield

from tests.factories import NewsIndexPageFactory, NewsPageFactory, UserFactory, activate_totp, login_with_mfa

VARNISHD = shutil.which("varnishd") or ("/usr/sbin/varnishd" if Path("/usr/sbin/varnishd").exists() else None)
VCL = Path(django_settings.BASE_DIR) / "deploy" / "varnish" / "portal.vcl"

pytestmark = [
    pytest.mark.skipif(VARNISHD is None, reason="varnishd is not installed (apt-get install varnish)"),
    # The live server answers from another thread: committed rows, the migrations' root page and locale kept.
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture
def varnish(live_server):
    """varnishd with the repository's VCL, its backend pointed at the live server."""
    backend = urlsplit(live_server.url)
    workdir = Path(tempfile.mkdtemp(prefix="portal-varnish-"))
    workdir.chmod(0o755)  # varnishd started as root reads the VCL as its own unprivileged user
    vcl = workdir / "portal.vcl"
    vcl.write_text(VCL.read_text().replace('.port = "8000";', f'.port = "{backend.port}";'))
    port = free_port()
    process = subprocess.Popen(
        [VARNISHD, "-F", "-n", str(workdir / "n"), "-a", f"127.0.0.1:{port}", "-f", str(vcl),
         "-s", "malloc,32m", "-p", "ban_lurker_sleep=0.01"],
        stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
    )
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
                break
            except OSError:
                if process.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError("varnishd did not start: " + process.stdout.read().decode(errors="replace"))
                time.sleep(0.05)
        yield port
    finally:
        process.terminate()
        process.wait(timeout=10)
        shutil.rmtree(workdir, ignore_errors=True)


def through(port: int, path: str, cookies: dict | None = None, accept_gzip: bool = False) -> tuple[int, dict, str]:
    """One GET through Varnish; a gzip-encoded body is unpacked (the headers say it was)."""
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    headers = {"Host": "localhost"}
    if cookies:
        headers["Cookie"] = "; ".join(f"{name}={value}" for name, value in cookies.items())
    if accept_gzip:
        headers["Accept-Encoding"] = "gzip"
    connection.request("GET", path, headers=headers)
    response = connection.getresponse()
    body = response.read()
    connection.close()
    headers = {name.lower(): value for name, value in response.getheaders()}
    if headers.get("content-encoding") == "gzip":
        headers["x-bytes-sent"] = str(len(body))
        body = gzip.decompress(body)
    return response.status, headers, body.decode()


@pytest.fixture
def portal_behind_varnish(settings, varnish, home_page):
    settings.PAGE_CACHE_ENABLED = True
    settings.WAGTAILFRONTENDCACHE = {"varnish": {
        "BACKEND": "wagtail.contrib.frontend_cache.backends.HTTPBackend", "LOCATION": f"http://127.0.0.1:{varnish}",
    }}
    news = NewsIndexPageFactory(parent=home_page)
    NewsPageFactory(parent=news, title="Старий ремонт дороги", date=timezone.now() - datetime.timedelta(days=3))
    return {"port": varnish, "news": news}


def test_article_published_in_the_admin_shows_through_varnish_at_once(client, portal_behind_varnish):
    port = portal_behind_varnish["port"]
    status, headers, body = through(port, "/")
    assert status == 200 and "Старий ремонт дороги" in body
    status, headers, body = through(port, "/")
    assert headers["x-varnish-cache"] == "HIT"  # served by Varnish, the application was not asked

    editor = UserFactory(is_superuser=True, is_staff=True)
    activate_totp(editor)
    login_with_mfa(client, editor)
    news = portal_behind_varnish["news"]
    response = client.post(f"/admin/pages/add/home/newspage/{news.pk}/", nested_form_data({
        "title": "Відкрито новий міст через річку", "slug": "novyi-mist",
        "date": timezone.localtime().strftime("%Y-%m-%d %H:%M"), "lead": "Міст відкрито для руху.",
        "main_image": "", "main_image_alt": "", "body": streamfield([]), "tags": "",
        "related_pages": inline_formset([]), "comments": inline_formset([]), "action-publish": "action-publish",
    }))
    assert response.status_code == 302, response.content.decode()[:3000]

    started = time.monotonic()
    status, headers, body = through(port, "/")
    assert "Відкрито новий міст через річку" in body
    assert time.monotonic() - started < 1
    status, headers, body = through(port, "/novyny/")
    assert "Відкрито новий міст через річку" in body


def test_logged_in_resident_is_never_served_from_varnish(client, portal_behind_varnish):
    port = portal_behind_varnish["port"]
    for _ in range(2):
        through(port, "/")
    assert through(port, "/")[1]["x-varnish-cache"] == "HIT"

    resident = UserFactory(full_name="Оксана Мельник")
    client.force_login(resident)
    session = {django_settings.SESSION_COOKIE_NAME: client.cookies[django_settings.SESSION_COOKIE_NAME].value,
               "csrftoken": "a" * 32}
    for _ in range(3):
        status, headers, body = through(port, "/", cookies=session)
        assert status == 200 and "Мій кабінет" in body and "Увійти" not in body.split("<main", 1)[0]
        assert headers["x-varnish-cache"] != "HIT" and "private" in headers["cache-control"]
    # The resident's page was not stored for anyone else.
    status, headers, body = through(port, "/")
    assert "Мій кабінет" not in body and headers["x-varnish-cache"] == "HIT"
    # The language cookie is a separate copy, the CSRF cookie alone still shares it.
    status, headers, body = through(port, "/", cookies={"django_language": "en", "csrftoken": "b" * 32})
    assert 'lang="en"' in body


def test_public_pages_leave_varnish_compressed_and_personal_pages_do_not(client, portal_behind_varnish):
    port = portal_behind_varnish["port"]
    status, plain_headers, plain = through(port, "/")
    assert status == 200 and "content-encoding" not in plain_headers  # a client that does not accept gzip
    status, headers, body = through(port, "/", accept_gzip=True)
    assert headers["content-encoding"] == "gzip" and headers["x-varnish-cache"] == "HIT"
    assert body == plain  # the same stored copy, unpacked
    assert int(headers["x-bytes-sent"]) * 2 < len(plain.encode())
    status, headers, body = through(port, "/novyny/", accept_gzip=True)  # compressed on its way in (a miss)
    assert headers["content-encoding"] == "gzip" and "Старий ремонт дороги" in body

    # A resident's own page is passed through as the application sent it: never compressed next to a secret.
    resident = UserFactory(full_name="Оксана Мельник")
    client.force_login(resident)
    session = {django_settings.SESSION_COOKIE_NAME: client.cookies[django_settings.SESSION_COOKIE_NAME].value}
    status, headers, body = through(port, "/", cookies=session, accept_gzip=True)
    assert "Мій кабінет" in body and "content-encoding" not in headers
