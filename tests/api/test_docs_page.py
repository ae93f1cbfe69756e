"""The human-readable API page: every language, no cookie, nothing from other hosts."""

import re

import pytest

from initiatives.search.practitioner_filters import InitiativeFilter

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("lang", ["nl", "fr", "de", "en"])
def test_api_page_is_served_in_every_language_without_cookies(client, lang):
    response = client.get(f"/{lang}/api/")

    assert response.status_code == 200
    assert f'<html lang="{lang}"' in response.text
    assert not response.cookies


def test_api_page_lists_every_filter_parameter_and_links_the_description(client):
    text = client.get("/en/api/").text

    for name in InitiativeFilter.base_filters:
        assert f"<code>{name}</code>" in text, name
    assert "/api/v1/openapi.json" in text
    assert "/api/v1/hsds/datapackage.zip?lang=fr" in text
    assert "<code>helpline</code>" in text


def test_api_page_loads_nothing_from_other_hosts(client):
    text = client.get("/en/api/").text

    # Links to sources are fine; nothing may be loaded from another host.
    assert not re.search(r'<(script|link|img|iframe|source)[^>]+(src|href)="(https?:)?//', text)
    assert re.search(r'<link rel="stylesheet" href="/static/', text)


@pytest.mark.parametrize("lang", ["nl", "fr", "de", "en"])
def test_about_page_links_to_the_api_page(client, lang):
    response = client.get(f"/{lang}/about/")

    assert response.status_code == 200
    assert f'href="/{lang}/api/"' in response.text
