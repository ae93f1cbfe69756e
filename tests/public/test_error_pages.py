import pytest

pytestmark = pytest.mark.django_db


def test_unknown_fiche_shows_a_family_friendly_404_in_the_page_language(client):
    response = client.get("/fr/initiatives/test-initiative-that-does-not-exist/")
    assert response.status_code == 404
    assert '<html lang="fr">' in response.text
    assert 'id="quick-exit"' in response.text
    assert "Set-Cookie" not in response.headers


def test_unknown_address_outside_the_language_prefix_is_a_404_without_cookie(client):
    response = client.get("/no-such-page")
    assert response.status_code == 404
    assert "Set-Cookie" not in response.headers


def test_server_error_page_needs_no_database_and_speaks_four_languages():
    from django.template import loader

    html = loader.get_template("500.html").render()
    for lang in ("nl", "fr", "de", "en"):
        assert f'lang="{lang}"' in html
