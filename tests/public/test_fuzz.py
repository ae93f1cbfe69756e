"""Whatever a family, a bot or a typo sends to the search, the answer is never a 5xx."""

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from initiatives.vocabulary import NEEDS, HelpLanguage
from tests.factories import make_initiative

pytestmark = pytest.mark.django_db

PLACES = ["4000", "Liège", "Luik", "Halle", "1000", "Eupen", "Sankt Vith", "9999", ""]
text = st.text(max_size=120)
where = st.one_of(
    st.sampled_from(PLACES), text, st.from_regex(r"\d{1,6}( \w{0,10})?", fullmatch=True)
)
need = st.one_of(st.sampled_from(["", *NEEDS]), text)
help_lang = st.one_of(st.sampled_from(["", *HelpLanguage.values]), text)
page = st.one_of(st.none(), st.sampled_from(["1", "2", "0", "-1", "last", "99999"]), text)


@pytest.fixture
def some_fiches(db):
    make_initiative(country=True, forms=["helpline"], levels=["tertiary"], help_languages=["fr"])
    make_initiative(communities=["flemish"], forms=["group"], levels=["primary"])
    make_initiative(municipalities=["62063"], site_in="62063", levels=["secondary"])


@settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(where=where, need=need, help_lang=help_lang, page=page)
def test_search_never_answers_5xx(client, some_fiches, where, need, help_lang, page):
    params = {"where": where, "need": need, "help_lang": help_lang}
    if page is not None:
        params["page"] = page
    response = client.get("/nl/search/", params)

    assert response.status_code in (200, 302, 400), response.status_code
    assert not response.cookies


@settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(q=text)
def test_place_suggestions_never_answer_5xx(client, q):
    response = client.get("/fr/places/", {"q": q})

    assert response.status_code == 200
