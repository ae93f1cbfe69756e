"""The HSDS 3.0 objects the export sends: the subset of each HSDS entity's fields
that the directory fills. Empty fields are left out of the JSON, as HSDS types
them as strings or numbers, never null."""

from typing import Literal

from ninja import Schema
from pydantic import Field


class Taxonomy(Schema):
    id: str
    name: str
    description: str
    uri: str | None = None
    version: str | None = None


class TaxonomyTerm(Schema):
    id: str
    code: str | None = None
    name: str
    description: str
    parent_id: str | None = None
    taxonomy: str | None = None
    taxonomy_id: str | None = None
    language: str | None = None


class Attribute(Schema):
    id: str
    link_id: str
    taxonomy_term_id: str
    link_type: str | None = None
    link_entity: str
    value: str | None = None
    taxonomy_term: TaxonomyTerm | None = None


class Address(Schema):
    id: str
    location_id: str
    address_1: str
    city: str
    state_province: str
    postal_code: str
    country: str
    address_type: Literal["physical", "postal", "virtual"]


class Location(Schema):
    id: str
    location_type: Literal["physical", "postal", "virtual"]
    organization_id: str | None = None
    name: str | None = None
    latitude: float | None = None
    longitude: float | None = None
    addresses: list[Address] | None = None
    attributes: list[Attribute] | None = None


class Phone(Schema):
    id: str
    service_id: str | None = None
    number: str
    type: str | None = None
    description: str | None = None
    attributes: list[Attribute] | None = None


class Contact(Schema):
    id: str
    service_id: str | None = None
    name: str | None = None
    email: str | None = None
    attributes: list[Attribute] | None = None


class Schedule(Schema):
    id: str
    service_id: str | None = None
    freq: Literal["WEEKLY", "MONTHLY"] | None = None
    interval: int | None = None
    byday: str | None = None
    wkst: str | None = None
    description: str | None = None
    opens_at: str | None = None
    closes_at: str | None = None
    attending_type: str | None = None
    notes: str | None = None
    attributes: list[Attribute] | None = None


class CostOption(Schema):
    id: str
    service_id: str | None = None
    option: str | None = None
    currency: str | None = None
    amount: int | None = None


class ServiceArea(Schema):
    id: str
    service_id: str | None = None
    name: str | None = None
    description: str | None = None


class Language(Schema):
    id: str
    service_id: str | None = None
    name: str | None = None
    code: str | None = None


class ServiceAtLocation(Schema):
    id: str
    service_id: str
    location_id: str
    location: Location | None = None


class Organization(Schema):
    id: str
    name: str
    description: str
    website: str | None = None
    legal_status: str | None = None


class Service(Schema):
    id: str
    organization_id: str | None = None
    name: str
    description: str | None = None
    url: str | None = None
    email: str | None = None
    status: Literal["active", "inactive", "defunct", "temporarily closed"]
    interpretation_services: str | None = None
    fees_description: str | None = None
    eligibility_description: str | None = None
    minimum_age: int | None = None
    maximum_age: int | None = None
    assured_date: str | None = None
    alert: str | None = None
    last_modified: str | None = None
    organization: Organization | None = None
    phones: list[Phone] | None = None
    contacts: list[Contact] | None = None
    service_areas: list[ServiceArea] | None = None
    languages: list[Language] | None = None
    service_at_locations: list[ServiceAtLocation] | None = None
    schedules: list[Schedule] | None = None
    cost_options: list[CostOption] | None = None
    attributes: list[Attribute] | None = None


class ServiceBrief(Schema):
    """With `minimal=true`: enough to see what changed."""

    id: str
    last_modified: str | None = None


class OrganizationFull(Organization):
    services: list[Service] | None = None
    locations: list[Location] | None = None
    attributes: list[Attribute] | None = None


class Page(Schema):
    total_items: int
    total_pages: int
    page_number: int
    size: int = Field(description="Number of entities on this page.")
    first_page: bool
    last_page: bool
    empty: bool


class ServicePage(Page):
    contents: list[Service | ServiceBrief]


class OrganizationPage(Page):
    contents: list[OrganizationFull]


class LocationPage(Page):
    contents: list[Location]


class ServiceAtLocationPage(Page):
    contents: list[ServiceAtLocation]


class PhonePage(Page):
    contents: list[Phone]


class ServiceAreaPage(Page):
    contents: list[ServiceArea]


class LanguagePage(Page):
    contents: list[Language]


class TaxonomyPage(Page):
    contents: list[Taxonomy]


class TaxonomyTermPage(Page):
    contents: list[TaxonomyTerm]


class License(Schema):
    name: str = Field(description="SPDX identifier of the licence.")
    title: str
    url: str
    attribution: str = Field(description="The credit to keep with any copy of the data.")


class ApiInfo(Schema):
    version: str = Field(description="HSDS version of this API.")
    profile: str = Field(description="URL of the HSDS profile this API follows.")
    openapi_url: str
    datapackage_url: str
    license: License = Field(description="Terms under which the data may be reused.")
