"""Small readers for the family pages' HTML, shared by the public tests."""

import re

RESULT = re.compile(r'<li class="result" id="result-([a-z0-9-]+)"')
GROUP = re.compile(r'<section class="result-group" data-group="(\d)"')


def result_slugs(response) -> list[str]:
    """Slugs of the results in the order the page shows them."""
    return RESULT.findall(response.content.decode())


def group_codes(response) -> list[int]:
    return [int(code) for code in GROUP.findall(response.content.decode())]


def search(client, lang: str = "nl", **params):
    return client.get(f"/{lang}/search/", params)
