"""Property-based tests over the whole site: whatever arrives in a URL, a form or
a header, the answer is never a 5xx and never shows a traceback; refused input
is answered with 400 (or 404/405/429 where that is what it is) or a form error.

Each test draws a bounded number of examples, so the suite stays fast.
This is the one fuzz suite: it sweeps every route, then looks closer at the
family search, the place suggestions and the practitioner filters.
"""

from urllib.parse import quote

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from initiatives.vocabulary import NEEDS, HelpLanguage
from tests.factories import make_initiative
from tests.test_security import every_site_path

pytestmark = pytest.mark.django_db

FUZZ = settings(
    max_examples=50,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
LIEGE = "62063"

# Every query parameter some page or the API reads, plus a few nobody reads.
PARAMETERS = [
    "where",
    "need",
    "help_lang",
    "page",
    "q",
    "level",
    "form",
    "for",
    "sector",
    "scale",
    "orgtype",
    "mandate",
    "cost",
    "status",
    "anonymous",
    "region",
    "province",
    "sort",
    "ids",
    "lang",
    "page_size",
    "per_page",
    "search",
    "taxonomy_term_id",
    "taxonomy_id",
    "postcode",
    "minimal_service",
    "full_service",
    "format",
    "next",
    "callback",
    "id",
    "slug",
    "x",
]
NASTY = [
    "",
    " ",
    "0",
    "-1",
    "1e999",
    "NaN",
    "99999999999999999999",
    "true",
    "unknown",
    "%",
    "%%",
    "\x00",
    "a\x00b",
    "' OR 1=1 --",
    '"; DROP TABLE x; --',
    "<script>alert(1)</script>",
    "{{ 7*7 }}",
    "{% debug %}",
    "../../etc/passwd",
    "\\",
    ":*",
    "&",
    "!",
    "|",
    "(",
    ")",
    "liège",
    "LIÈGE",
    "Sint-Jans-Molenbeek",
    "4000",
    "1000,2000",
    "secondary",
    "helpline",
    "BE-WLG",
    "WAL",
    "nl",
    "fr",
    "name",
    "distance",
    "verified",
    "\u202e",
    "\ufeff",
    "🙂",
    "x" * 2000,
]
VALUES = st.one_of(
    st.sampled_from(NASTY),
    st.sampled_from(["", *NEEDS, *HelpLanguage.values]),
    st.text(max_size=60),
    st.text(alphabet=st.characters(codec="utf-8"), max_size=300),
)
QUERIES = st.lists(
    st.tuples(st.one_of(st.sampled_from(PARAMETERS), st.text(max_size=12)), VALUES),
    max_size=8,
)
TRACEBACK_MARKERS = (
    "Traceback (most recent call last)",
    'File "/',
    "Exception Value",
    "django.db.utils",
    "psycopg.",
    "sqlite3.",
    "IntegrityError",
    "DataError",
    "ProgrammingError",
    "TemplateSyntaxError",
    "NoReverseMatch",
    "KeyError",
    "AttributeError",
)
SAFE_STATUSES = {200, 204, 301, 302, 304, 400, 403, 404, 405, 410, 422, 429}


@pytest.fixture
def fiches(db):
    make_initiative(
        country=True,
        forms=["helpline"],
        levels=["tertiary"],
        help_languages=["fr"],
        phone="+32 0 000 00 31",
    )
    make_initiative(
        communities=["flemish"],
        forms=["group"],
        levels=["primary"],
        help_languages=["nl"],
        site_in="23088",
    )
    return make_initiative(
        municipalities=[LIEGE],
        site_in=LIEGE,
        levels=["secondary"],
        forms=["individual"],
        phone="+32 0 000 00 32",
        professional_phone="+32 0 000 00 33",
    )


def body(response) -> str:
    if getattr(response, "streaming", False):
        content = b"".join(response.streaming_content)
    else:
        content = response.content
    return content.decode("utf-8", errors="replace")


def assert_handled(response, what: str) -> None:
    assert response.status_code in SAFE_STATUSES, f"{response.status_code} for {what}"
    text = body(response)
    for marker in TRACEBACK_MARKERS:
        assert marker not in text, f"{marker!r} in the answer to {what}"


def as_data(query) -> dict[str, list[str]]:
    data: dict[str, list[str]] = {}
    for name, value in query:
        data.setdefault(name, []).append(value)
    return data


def site_routes(slug: str) -> list[str]:
    return [p for p in every_site_path(slug) if p not in ("/api/v1/hsds/datapackage.zip",)]


# ------------------------------------------------------------------ query strings


@FUZZ
@given(data=st.data(), query=QUERIES)
def test_every_route_survives_any_query_string_anonymously(client, fiches, data, query):
    path = data.draw(st.sampled_from(site_routes(fiches.slug)))
    response = client.get(path, as_data(query))
    assert_handled(response, f"GET {path} {query!r}")


@FUZZ
@given(data=st.data(), query=QUERIES)
def test_every_route_survives_any_query_string_for_a_practitioner(
    practitioner_client, fiches, data, query
):
    path = data.draw(st.sampled_from(site_routes(fiches.slug)))
    response = practitioner_client.get(path, as_data(query))
    assert_handled(response, f"GET {path} {query!r}")


@FUZZ
@given(query=QUERIES)
def test_the_open_data_list_refuses_bad_parameters_with_400(client, fiches, query):
    response = client.get("/api/v1/initiatives/", as_data(query))
    assert_handled(response, f"API {query!r}")
    assert response.status_code in (200, 400, 429)


@FUZZ
@given(
    ids=st.lists(st.one_of(st.sampled_from(NASTY), st.text(max_size=80)), max_size=8),
    joined=st.booleans(),
)
def test_compare_takes_any_ids(practitioner_client, fiches, ids, joined):
    query = {"ids": ",".join(ids)} if joined else {"ids": ids}
    response = practitioner_client.get("/nl/pro/compare/", query)
    assert_handled(response, f"compare {ids!r}")
    assert response.status_code in (200, 400)


PLACES = ["4000", "Liège", "Luik", "Halle", "1000", "Eupen", "Sankt Vith", "9999", ""]
WHERE = st.one_of(
    VALUES, st.sampled_from(PLACES), st.from_regex(r"\d{1,6}( \w{0,10})?", fullmatch=True)
)
PAGE = st.one_of(st.none(), st.sampled_from(["1", "2", "0", "-1", "last", "99999"]), VALUES)


@FUZZ
@given(where=WHERE, need=VALUES, help_lang=VALUES, page=PAGE)
def test_a_refused_family_search_is_a_400_that_says_what_to_do(
    client, fiches, where, need, help_lang, page
):
    query = {"where": where, "need": need, "help_lang": help_lang}
    if page is not None:
        query["page"] = page
    response = client.get("/en/search/", query)
    assert_handled(response, f"search {query!r}")
    assert response.status_code in (200, 302, 400)
    assert not response.cookies
    if response.status_code == 400:
        assert "There is a problem" in response.text


@FUZZ
@given(q=VALUES)
def test_place_suggestions_answer_any_text_with_a_list(client, fiches, q):
    response = client.get("/fr/places/", {"q": q})
    assert_handled(response, f"places {q!r}")
    assert response.status_code == 200
    assert isinstance(response.json()["places"], list)


PRO_FILTERED = ["/en/pro/", "/fr/pro/export.csv", "/en/pro/export.json", "/en/pro/compare/"]


@FUZZ
@given(path=st.sampled_from(PRO_FILTERED), query=QUERIES)
def test_the_practitioner_filters_refuse_bad_parameters_with_400(
    practitioner_client, fiches, path, query
):
    response = practitioner_client.get(path, as_data(query))
    assert_handled(response, f"GET {path} {query!r}")
    assert response.status_code in (200, 400)


# ------------------------------------------------------------------ paths


SEGMENTS = st.one_of(st.sampled_from(NASTY), st.text(min_size=1, max_size=200))
PATH_TEMPLATES = [
    "/nl/initiatives/{}/",
    "/fr/initiatives/{}/suggest/",
    "/nl/pro/initiatives/{}/",
    "/nl/pro/initiatives/{}/referral/",
    "/api/v1/initiatives/{}/",
    "/api/v1/hsds/services/{}",
    "/api/v1/hsds/organizations/{}",
    "/{}/",
    "/{}/search/?where=4000",
    "/admin/{}/",
]


@FUZZ
@given(template=st.sampled_from(PATH_TEMPLATES), segment=SEGMENTS)
def test_any_path_segment_is_a_clean_4xx_or_a_page(practitioner_client, fiches, template, segment):
    path = template.format(quote(segment, safe=""))
    response = practitioner_client.get(path)
    assert_handled(response, f"GET {path}")


# ------------------------------------------------------------------ forms


FORM_FIELDS = st.dictionaries(
    st.one_of(
        st.sampled_from(
            [
                "message",
                "email",
                "website",
                "username",
                "password",
                "otp_token",
                "next",
                "csrfmiddlewaretoken",
            ]
        ),
        st.text(max_size=12),
    ),
    VALUES,
    max_size=6,
)


@FUZZ
@given(fields=FORM_FIELDS)
def test_the_suggestion_form_answers_any_post_with_a_form_error_or_a_thank_you(
    client, fiches, fields
):
    path = f"/en/initiatives/{fiches.slug}/suggest/"
    response = client.post(path, fields)
    assert_handled(response, f"POST {path} {fields!r}")
    assert response.status_code in (200, 302, 400, 429)
    if response.status_code in (200, 400):
        assert "There is a problem" in response.text


@pytest.mark.parametrize(
    "path", ["/en/accounts/login/", "/admin/login/?next=/admin/"], ids=["practitioner", "admin"]
)
@FUZZ
@given(fields=FORM_FIELDS)
def test_the_sign_in_pages_answer_any_post(client, fiches, fields, settings, path):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    response = client.post(path, fields)
    assert_handled(response, f"POST {path} {fields!r}")
    assert response.status_code in (200, 302, 400, 429)


@FUZZ
@given(
    path=st.sampled_from(
        ["/nl/search/?where=4000", "/nl/", "/api/v1/initiatives/", "/nl/places/?q=lie"]
    ),
    method=st.sampled_from(["post", "put", "patch", "delete"]),
    fields=FORM_FIELDS,
)
def test_read_only_pages_refuse_writes(client, fiches, path, method, fields):
    response = getattr(client, method)(path, fields)
    assert_handled(response, f"{method.upper()} {path}")
    assert response.status_code in (403, 405)


# ------------------------------------------------------------------ headers


HEADER_VALUES = st.one_of(
    st.sampled_from(NASTY),
    st.text(alphabet=st.characters(min_codepoint=32, max_codepoint=126), max_size=120),
)


@FUZZ
@given(
    accept_language=HEADER_VALUES,
    if_none_match=HEADER_VALUES,
    if_modified_since=HEADER_VALUES,
    forwarded=HEADER_VALUES,
)
def test_odd_request_headers_are_handled(
    client, fiches, accept_language, if_none_match, if_modified_since, forwarded
):
    headers = {
        "HTTP_ACCEPT_LANGUAGE": accept_language,
        "HTTP_IF_NONE_MATCH": if_none_match,
        "HTTP_IF_MODIFIED_SINCE": if_modified_since,
        "HTTP_X_FORWARDED_FOR": forwarded,
    }
    for path in ("/", f"/nl/initiatives/{fiches.slug}/", "/api/v1/initiatives/"):
        response = client.get(path, **headers)
        assert_handled(response, f"GET {path} with {headers!r}")
