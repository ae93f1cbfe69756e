import json
from pathlib import Path

import pytest
from django.test import Client
from jsonschema import Draft202012Validator
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT202012

HSDS_DIR = Path(__file__).parent / "hsds-3.0"


@pytest.fixture
def api_client():
    # A reuser's program: no session, no login, no cookie of its own.
    return Client(HTTP_HOST="127.0.0.1")


def load_hsds_schemas() -> dict[str, dict]:
    return {
        path.name: json.loads(path.read_text(encoding="utf-8"))
        for path in sorted(HSDS_DIR.glob("*.json"))
        if path.name not in ("openapi.json", "datapackage.json")
    }


@pytest.fixture(scope="session")
def hsds_validator():
    """validator("service.json") -> a validator that resolves the other files by name."""
    schemas = load_hsds_schemas()
    registry = Registry().with_resources(
        (name, Resource.from_contents(schema, default_specification=DRAFT202012))
        for name, schema in schemas.items()
    )

    def validator(name: str) -> Draft202012Validator:
        return Draft202012Validator(
            schemas[name], registry=registry, format_checker=Draft202012Validator.FORMAT_CHECKER
        )

    return validator


@pytest.fixture
def unlimited(settings):
    """For tests that read every address many times: no rate limit."""
    settings.API_RATE_PER_MINUTE = 0
