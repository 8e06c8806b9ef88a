"""Real-browser fixtures: Debian's Chromium driven by Playwright against pytest-django's live server."""
import pytest

CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]


@pytest.fixture
def browser_page(monkeypatch):
    from playwright.sync_api import sync_playwright

    # Playwright's sync API runs an event loop in this thread; the ORM calls the tests make around
    # it are ordinary synchronous calls. Only for these tests: deploy checks must not see it.
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS)
        context = browser.new_context(locale="uk-UA", viewport={"width": 1280, "height": 900})
        context.set_default_timeout(10_000)
        page = context.new_page()
        page.console_errors = []
        page.on("console", lambda message: page.console_errors.append(message.text)
                if message.type == "error" else None)
        page.on("pageerror", lambda error: page.console_errors.append(str(error)))
        yield page
        # The ORM calls a test makes while Playwright runs use a connection of that context; close it here, or
        # dropping the test database finds "1 other session using the database".
        from django.db import connections

        connections.close_all()
        browser.close()


def serious_axe_violations(page) -> list[str]:
    from axe_playwright_python.sync_playwright import Axe

    results = Axe().run(page).response
    return [f"{violation['id']}: {violation['help']} at {[node['target'] for node in violation['nodes']]}"
            for violation in results["violations"] if violation["impact"] in ("serious", "critical")]
