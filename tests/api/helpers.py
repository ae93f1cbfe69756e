"""Helpers shared by the API tests."""


def all_pages(client, url: str, key: str = "results", page_param: str = "page_size") -> list:
    """Every item of a paged list, following the pages."""
    items, page = [], 1
    separator = "&" if "?" in url else "?"
    while True:
        response = client.get(f"{url}{separator}{page_param}=100&page={page}")
        assert response.status_code == 200, response.content
        data = response.json()
        items += data[key]
        last = data.get("pages", data.get("total_pages"))
        if page >= last:
            return items
        page += 1
