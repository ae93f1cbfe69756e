"""A real browser (Debian's Chromium through Playwright) against a live test server.

- One Chromium per test module, one fresh context per test: cookies, cache and
  routes never leak from one test to the next. The browser does not outlive its
  module because Playwright's sync API keeps an event loop on the main thread.
- The server is pytest-django's live server on 127.0.0.1, so "nothing leaves
  127.0.0.1" is a plain host check, with WhiteNoise serving the static files as
  in production.
- The real fiches of fixtures/ are loaded once per module, committed so that
  the server's threads see them on PostgreSQL too, and removed when the module
  ends. Tests here take neither `live_server` nor `transactional_db`, whose
  flush after every test would mean loading everything again for each test;
  they run inside the ordinary `django_db` transaction, which leaves the
  module's data alone.
"""

import os
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from initiatives.editorial.fixture_loading import initiatives_load
from initiatives.editorial.reference_data import geography_load, terms_sync
from tests.browser.data import delete_from, next_ids
from tests.browser.pages import LOCAL_HOST

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def pytest_collection_modifyitems(config, items):
    here = Path(__file__).parent
    for item in items:
        if here in Path(item.fspath).parents:
            item.add_marker(pytest.mark.browser)
            # Also makes pytest-django create the test database when only these tests run.
            item.add_marker(pytest.mark.django_db)


@pytest.fixture(scope="module")
def browser():
    if not CHROMIUM.exists():
        pytest.skip(
            f"No Chromium binary found at {CHROMIUM}: the browser tests need Debian's "
            "Chromium (apt-get install chromium)."
        )
    from playwright.sync_api import sync_playwright

    # While Playwright's loop runs on this thread Django would refuse the
    # fixtures' database calls, which are plain synchronous calls all the same.
    previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    try:
        with sync_playwright() as playwright:
            chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
            yield chromium
            chromium.close()
    finally:
        if previous is None:
            del os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"]
        else:
            os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = previous


@pytest.fixture(scope="session")
def family_server(django_db_setup):
    """pytest-django's live server on 127.0.0.1, with WhiteNoise serving the static files.

    Its default static handler looks files up by their source names and cannot
    serve the hashed names of the manifest storage that the pages link to.
    """
    from pytest_django.live_server_helper import LiveServer

    server = LiveServer(LOCAL_HOST, start=False)
    server.thread.static_handler = _through_to_django
    server._live_server_modified_settings.enable()
    server.start()
    yield server
    server.stop()
    server._live_server_modified_settings.disable()


def _through_to_django(application):
    return application


@pytest.fixture(scope="module")
def site_url(browser, family_server, django_db_blocker) -> Iterator[str]:
    """The live server's address, serving the geography and the real fiches.

    The database stays open to the server (and to the tests' fixtures) for the
    whole module; what the module added is deleted when it ends.
    """
    from django.db import connection, connections

    from initiatives.models import Initiative, Municipality, Organisation

    with django_db_blocker.unblock():
        name = str(connection.settings_dict["NAME"])
        assert name.startswith(("test_", "file:memorydb")), f"not a test database: {name}"
        # The session loaded it; a transactional test elsewhere may have flushed it since.
        if not Municipality.objects.exists():
            geography_load()
        terms_sync()
        first_new = next_ids(Initiative, Organisation)
        initiatives_load()
        try:
            yield family_server.url
        finally:
            delete_from(first_new)
            # Django keeps one connection per context, and Playwright's sync API
            # runs this module in a context of its own: close what it opened,
            # or PostgreSQL will not drop the test database at the end.
            connections.close_all()


def keep_local(route) -> None:
    """Let requests to the test server through and fail every other one at once.

    There is no outside network here; failing fast keeps a stray request from
    hanging a test, and page.on("request") still sees it.
    """
    if urlsplit(route.request.url).hostname == LOCAL_HOST:
        route.continue_()
    else:
        route.abort()


@pytest.fixture
def new_context(browser, site_url):
    """Open browser contexts on the live server; all of them close after the test."""
    contexts = []

    def open_context(**options):
        context = browser.new_context(base_url=site_url, **options)
        context.route("**/*", keep_local)
        contexts.append(context)
        return context

    yield open_context
    for context in contexts:
        context.close()


@pytest.fixture
def context(new_context):
    return new_context()


@pytest.fixture
def page(context):
    return context.new_page()
