import pytest

from tests.factories import make_initiative

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("page", ["2", str(10**20)])
def test_a_page_past_the_end_is_empty_not_an_error(client, page):
    make_initiative(municipalities=["21004"])
    response = client.get("/api/v1/initiatives/", {"page": page})
    assert response.status_code == 200
    body = response.json()
    assert body["results"] == []
    assert body["count"] == 1
