"""A real browser (Debian's Chromium through Playwright) against a live test server.

One Chromium process serves each test module; each test gets a fresh context,
so cookies, cache and routes never leak from one test to the next. The browser
lives per module rather than per session because Playwright's sync API keeps an
event loop on the main thread, which must not outlive the browser tests.

The live server listens on 127.0.0.1, so "nothing leaves 127.0.0.1" is a plain
host check, and WhiteNoise serves the static files, as in production.

The live server needs a transactional database, which pytest-django empties
after each test: `site_data` loads the geography and the real fiches again, and
each module puts the reference data back when it ends, so later transactional
tests find the database as the session set it up.
"""

import os
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from initiatives.importing import geography_load, initiatives_load, terms_sync

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
LOCAL_HOST = "127.0.0.1"

# pytest-django's live server listens on "localhost" unless told otherwise.
os.environ.setdefault("DJANGO_LIVE_TEST_SERVER_ADDRESS", LOCAL_HOST)


def pytest_collection_modifyitems(config, items):
    here = Path(__file__).parent
    for item in items:
        if here in Path(item.fspath).parents:
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="session")
def live_server(request):
    """pytest-django's live server, with static files served by WhiteNoise.

    Its default static handler looks files up by their source names and cannot
    serve the hashed names of the manifest storage that the pages link to.
    """
    from pytest_django.live_server_helper import LiveServer

    address = request.config.getvalue("liveserver") or os.environ["DJANGO_LIVE_TEST_SERVER_ADDRESS"]
    server = LiveServer(address, start=False)
    server.thread.static_handler = _through_to_django
    server.start()
    yield server
    server.stop()


def _through_to_django(application):
    return application


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


@pytest.fixture(scope="module", autouse=True)
def _restore_reference_data(django_db_blocker):
    """Give the geography and vocabulary back to the tests that run after this module."""
    yield
    with django_db_blocker.unblock():
        geography_load()
        terms_sync()


@pytest.fixture
def site_data(browser, live_server) -> str:
    """The geography and the real fiches of fixtures/, served by the live server."""
    geography_load()
    terms_sync()
    initiatives_load()
    return live_server.url


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
def new_context(browser, site_data):
    """Open browser contexts on the live server; all of them close after the test."""
    contexts = []

    def open_context(**options):
        context = browser.new_context(base_url=site_data, **options)
        context.route("**/*", keep_local)
        contexts.append(context)
        return context

    yield open_context
    for context in contexts:
        context.close()


@pytest.fixture
def context(new_context) -> Iterator:
    return new_context()


@pytest.fixture
def page(context):
    return context.new_page()
