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


HSDS_LISTS = (
    "services",
    "organizations",
    "locations",
    "service_at_locations",
    "phones",
    "service_areas",
    "languages",
    "taxonomies",
    "taxonomy_terms",
)


# The parameters that nest the most, on the lists that take them.
FULLEST = {
    "services": "&full=true",
    "organizations": "&full=true&full_service=true",
    "service_at_locations": "&full=true",
}


def strings_in(value) -> list[str]:
    """Every string (keys and values) inside a decoded JSON document."""
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return [s for k, v in value.items() for s in (k, *strings_in(v))]
    if isinstance(value, list):
        return [s for item in value for s in strings_in(item)]
    return []


def hsds_pages(client, table: str, lang: str, extra: str = "") -> list[dict]:
    items, page = [], 1
    while True:
        response = client.get(f"/api/v1/hsds/{table}?lang={lang}&per_page=100&page={page}{extra}")
        assert response.status_code == 200, response.content
        data = response.json()
        items += data["contents"]
        if data["last_page"]:
            return items
        page += 1


def zip_strings(content: bytes) -> list[str]:
    import csv
    import io
    import json
    import zipfile

    found = []
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        for name in archive.namelist():
            text = archive.read(name).decode("utf-8")
            if name.endswith(".json"):
                found += strings_in(json.loads(text))
            else:
                found += [cell for row in csv.reader(io.StringIO(text)) for cell in row]
    return found


def crawl(client, languages=("nl", "fr"), item_languages=None) -> list[str]:
    """Every string every API address sends for the data in the database: the
    directory's documents (all languages in each), every HSDS list and the zip in
    each of `languages`, and the first 25 items of each HSDS list in each of
    `item_languages` (default: `languages`)."""
    found = []
    fiches = all_pages(client, "/api/v1/initiatives/")
    found += strings_in(fiches)
    for fiche in fiches:
        found += strings_in(client.get(f"/api/v1/initiatives/{fiche['slug']}/").json())
    found += strings_in(client.get("/api/v1/vocabulary/").json())
    for lang in languages:
        for table in HSDS_LISTS:
            rows = hsds_pages(client, table, lang, FULLEST.get(table, ""))
            found += strings_in(rows)
            if lang not in (item_languages or languages):
                continue
            for row in rows[:25]:
                response = client.get(f"/api/v1/hsds/{table}/{row['id']}?lang={lang}")
                assert response.status_code == 200, (table, row["id"])
                found += strings_in(response.json())
        found += zip_strings(client.get(f"/api/v1/hsds/datapackage.zip?lang={lang}").getvalue())
    return found
