"""Nest the flat HSDS rows the way the HSDS API returns them: a service with its
organization, phones, contacts, areas, languages, locations and taxonomy terms."""

from initiatives.api.hsds.tables import Tables


def by_id(rows: list[dict]) -> dict[str, dict]:
    return {row["id"]: row for row in rows}


class Nester:
    """Nest flat rows the way the HSDS API returns them."""

    def __init__(
        self,
        tables: Tables,
        *,
        terms: dict[str, dict] | None = None,
        organizations: dict[str, dict] | None = None,
    ):
        """`terms` and `organizations` (rows by id) stand in for the tables' own when
        the tables hold only part of the export."""
        self.tables = tables
        self.terms = terms if terms is not None else by_id(tables.rows["taxonomy_terms"])
        self.organizations = (
            organizations if organizations is not None else by_id(tables.rows["organizations"])
        )
        self.addresses = tables.by("addresses", "location_id")
        self.locations = {row["id"]: row for row in tables.rows["locations"]}
        self.children = {
            name: tables.by(name, "service_id")
            for name in (
                "phones",
                "contacts",
                "service_areas",
                "languages",
                "service_at_locations",
                "schedules",
                "cost_options",
            )
        }
        self.attributes = tables.by("attributes", "link_id")
        self.services_of = tables.by("services", "organization_id")
        self.locations_of = tables.by("locations", "organization_id")

    def location(self, row: dict) -> dict:
        return {
            **row,
            "addresses": self.addresses.get(row["id"], []),
            "attributes": self.attribute_list(row["id"]),
        }

    def with_attributes(self, rows: list[dict]) -> list[dict]:
        """Rows with their attributes (the language of a text, when not the export's)."""
        return [{**row, "attributes": self.attribute_list(row["id"])} for row in rows]

    def attribute_list(self, link_id: str) -> list[dict]:
        return [
            {**row, "taxonomy_term": self.terms.get(row["taxonomy_term_id"])}
            for row in self.attributes.get(link_id, [])
        ]

    def service_at_location(self, row: dict) -> dict:
        return {**row, "location": self.location(self.locations[row["location_id"]])}

    def service(self, row: dict) -> dict:
        sid = row["id"]
        organization = self.organizations.get(row["organization_id"])
        return {
            **row,
            "organization": organization,
            "phones": self.with_attributes(self.children["phones"].get(sid, [])),
            "contacts": self.with_attributes(self.children["contacts"].get(sid, [])),
            "schedules": self.with_attributes(self.children["schedules"].get(sid, [])),
            "cost_options": self.children["cost_options"].get(sid, []),
            "service_areas": self.children["service_areas"].get(sid, []),
            "languages": self.children["languages"].get(sid, []),
            "service_at_locations": [
                self.service_at_location(link)
                for link in self.children["service_at_locations"].get(sid, [])
            ],
            "attributes": self.attribute_list(sid),
        }

    def organization(self, row: dict, *, full_services: bool = False) -> dict:
        services = self.services_of.get(row["id"], [])
        return {
            **row,
            "services": [self.service(s) if full_services else s for s in services],
            "locations": [
                self.location(location) for location in self.locations_of.get(row["id"], [])
            ],
            "attributes": self.attribute_list(row["id"]),
        }
