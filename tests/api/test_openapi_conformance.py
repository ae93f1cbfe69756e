"""Schemathesis reads /api/v1/openapi.json and sends generated requests to every
operation through the WSGI application (no network, a bounded number of
examples): no 5xx, and every response matches the description."""

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from hypothesis import HealthCheck, given, settings

from tests.factories import make_initiative

BRUSSELS, LIEGE = "21004", "62063"


MAX_EXAMPLES = 10


@pytest.fixture
def api_data(db, settings):
    settings.API_RATE_PER_MINUTE = 0
    make_initiative(
        levels=["secondary"],
        forms=["helpline"],
        target_groups=["parents"],
        help_languages=["nl", "fr"],
        phone="+32 0 000 04 01",
        professional_phone="+32 0 000 04 02",
        regions=["BRU"],
        site_in=BRUSSELS,
        age_min=12,
        age_max=25,
        cost="free",
        anonymous=True,
    )
    make_initiative(status="unknown", municipalities=[LIEGE], site_in=LIEGE, country=True)


# A schema cannot list Belgium's places (an unknown place is refused with a 400 that
# says so), nor say that `proximity` needs a `postcode` (its description does):
# generated requests ask for a real place, so that every other value is still
# generated and every check runs, "schema-valid request accepted" included.
PLACE_PARAMETERS = ("where", "postcode")


def with_a_real_place(case):
    query = case.query or {}
    for name in PLACE_PARAMETERS:
        if name in query:
            query[name] = "4000"
    if "proximity" in query:
        query["postcode"] = "4000"
    return case


def check_operation(operation) -> None:
    @given(case=operation.as_strategy().map(with_a_real_place))
    @settings(
        max_examples=MAX_EXAMPLES,
        deadline=None,
        database=None,
        derandomize=True,
        suppress_health_check=list(HealthCheck),
    )
    def check(case):
        # The WSGI transport does not undo gzip (test_open_data_terms checks it).
        case.call_and_validate(headers={"Accept-Encoding": "identity"})

    check()


@pytest.fixture
def wsgi_app():
    """The real WSGI application, kept on the test's database connection: like Django's
    test client, it must not close connections at the end of each request (that would
    end the test transaction on PostgreSQL)."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield get_wsgi_application()
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


def test_api_conforms_to_its_openapi_description(api_data, wsgi_app):
    schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", wsgi_app)
    operations = [result.ok() for result in schema.get_all_operations()]

    assert len(operations) >= 20
    for operation in operations:
        check_operation(operation)
