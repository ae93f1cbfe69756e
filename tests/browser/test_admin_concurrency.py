"""Two coordinators edit one fiche at once in two browsers: the second save is
refused with the changes listed and the second person's input kept."""

import pytest
from django.contrib.auth.models import Group, User

from initiatives.models import Initiative
from tests.browser.pages import open_page
from tests.factories import make_initiative

PASSWORD = "test-password-0911-long"
USERNAMES = ("test-coordinator-0911", "test-coordinator-0912")


@pytest.fixture(scope="module")
def fiche(site_url):
    """A committed fiche and two committed coordinators: the live server's own
    connection must see them. The module's cleanup removes the fiche."""
    users = []
    for username in USERNAMES:
        user = User.objects.create_user(username=username, password=PASSWORD, is_staff=True)
        user.groups.add(Group.objects.get_or_create(name="coordinator")[0])
        users.append(user)
    yield make_initiative(name="Test initiative 0911", summary_nl="Testsamenvatting 0911.")
    for user in users:
        user.delete()


def signed_in_page(new_context, username: str, path: str):
    page = new_context().new_page()
    open_page(page, f"/admin/login/?next={path}")
    page.locator("#id_username").fill(username)
    page.locator("#id_password").fill(PASSWORD)
    with page.expect_navigation():
        page.locator("#login-form [type=submit]").click()
    assert page.url.endswith(path), page.url
    return page


def save(page) -> None:
    with page.expect_navigation():
        page.locator("#initiative_form [name=_save]").click()


def test_the_second_of_two_browsers_is_told_and_keeps_its_input(new_context, fiche):
    path = f"/admin/initiatives/initiative/{fiche.pk}/change/"
    first, second = (signed_in_page(new_context, name, path) for name in USERNAMES)

    first.locator("#id_summary_nl").fill("Testsamenvatting 0911, eerste browser.")
    second.locator("#id_summary_nl").fill("Testsamenvatting 0911, tweede browser.")
    save(first)
    save(second)

    conflict = second.locator(".fs-conflict")
    assert conflict.is_visible()
    assert "Someone else saved this fiche while you were editing it" in conflict.inner_text()
    assert "Testsamenvatting 0911, eerste browser." in conflict.inner_text()
    assert second.locator("#id_summary_nl").input_value() == (
        "Testsamenvatting 0911, tweede browser."
    )

    # Having read the changes, the second person saves again on purpose. (The
    # database is read only now: on SQLite a read in the test's transaction would
    # keep the server from writing.)
    save(second)
    assert second.locator(".fs-conflict").count() == 0
    saved = Initiative.objects.get(pk=fiche.pk)
    assert saved.summary_nl == "Testsamenvatting 0911, tweede browser."
    assert saved.version == 3
