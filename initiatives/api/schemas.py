"""The shapes of the directory's own JSON documents; the OpenAPI description is
generated from these classes.

Language: every text a fiche stores per language is sent with all its
translations, `{"nl": …, "fr": …, "de": …, "en": …}`, with "" where a
translation is missing. One URL per resource, whatever language the reuser
shows, and nothing is lost.
"""

from datetime import date, datetime
from typing import Literal

from ninja import Schema
from pydantic import Field

from initiatives.vocabulary import (
    ContactKind,
    Cost,
    Extremism,
    Form,
    HelpLanguage,
    Level,
    Mandate,
    OrgType,
    Scale,
    Sector,
    Sharing,
    Status,
    TargetGroup,
)


class Translated(Schema):
    """One text in the four languages; "" where there is no translation."""

    nl: str
    fr: str
    de: str
    en: str


class ParameterError(Schema):
    parameter: str = Field(description="The query or path parameter that was refused.")
    message: str


class Error(Schema):
    detail: str
    errors: list[ParameterError] = Field(
        default_factory=list, description="One entry per refused parameter."
    )


class OrganisationOut(Schema):
    key: str = Field(description="Stable identifier of the organisation.")
    name: Translated
    name_is_label: bool = Field(
        description="True when the name is a description written by the directory, "
        "not the organisation's official name."
    )
    orgtype: OrgType | None
    legal_form: str
    website: str | None


class AreaOut(Schema):
    scope: Literal["country", "community", "region", "province", "municipality"]
    code: str = Field(
        description="BE for the country; the community, region or ISO 3166-2 province "
        "code; the REFNIS (NIS) code of a municipality."
    )
    name: Translated


class MunicipalityOut(Schema):
    nis: str = Field(description="REFNIS (NIS) code.")
    name: Translated


class SiteOut(Schema):
    municipality: MunicipalityOut
    address_public: bool = Field(
        description="False for services that protect their location: then only the "
        "municipality is given."
    )
    street: str | None = None
    postcode: str | None = None
    label: Translated | None = None
    lat: float | None = None
    lon: float | None = None


class ContactOut(Schema):
    kind: ContactKind
    value: str
    href: str = Field(description="tel:, mailto: or web link.")
    label: Translated
    hours: Translated
    as_of: str = Field(description="Year or date of the source that gave this contact.")


class SourceOut(Schema):
    url: str
    supports: str = Field(description="What the source confirms.")


class PartnerOut(Schema):
    name: str
    role: Translated
    source: str | None


class EvaluationOut(Schema):
    evaluated: bool | None = Field(description="null when no source says it.")
    by: str | None
    year: int | None
    report: str | None = Field(description="Address of the evaluation report.")


class TrainingOut(Schema):
    audience: Translated = Field(description="For which professionals.")
    format: Translated
    next_dates: Translated


class ReferralOut(Schema):
    """The facts that decide a referral (the directory's own extension: HSDS 3 has no
    place for most of them). null, [] or "" where no source says it: not known, never no."""

    extremism_kinds: list[Extremism]
    partners: list[PartnerOut] = Field(description="Organisations that co-run the offer.")
    refers_to: list[str] = Field(description="Slugs of published fiches it refers families to.")
    receives_from: list[str] = Field(
        description="Slugs of published fiches it receives families from."
    )
    referral_needed: bool | None = Field(description="A referral by a professional is needed.")
    waiting_time: Translated = Field(description="Waiting time as a source states it.")
    capacity: Translated
    professional_secrecy: bool | None
    shares_with_security_cell: Sharing | None = Field(
        description="Shares information with the local integral security cell (LIVC-R / CSIL-R)."
    )
    shares_with_police: Sharing | None
    asks_consent: bool | None = Field(description="Asks the family's consent before sharing.")
    information_sharing: Translated
    evaluation: EvaluationOut
    intercultural_mediation: bool | None
    training: TrainingOut = Field(description="For training offers: as a source states it.")


class InitiativeOut(Schema):
    slug: str = Field(description="Stable identifier, also used in the site's addresses.")
    url: str = Field(description="This document in the API.")
    pages: Translated = Field(description="The fiche on the site, per interface language.")
    name: Translated
    name_is_label: bool
    summary: Translated
    description: Translated
    family_text: Translated = Field(description="What families read about it, in plain words.")
    confidentiality: Translated = Field(description="What happens with what families say.")
    organisation: OrganisationOut | None
    levels: list[Level]
    levels_inferred: bool = Field(description="True when the directory inferred the levels.")
    forms: list[Form]
    forms_inferred: bool
    target_groups: list[TargetGroup] = Field(description="Filter parameter: `for`.")
    age_min: int | None
    age_max: int | None
    sectors: list[Sector]
    scale: list[Scale]
    help_languages: list[HelpLanguage]
    mandate: Mandate | None
    cost: Cost | None
    anonymous: bool | None = Field(description="null when no source says it.")
    status: Status
    years_active: str
    service_area: list[AreaOut]
    sites: list[SiteOut]
    contacts: list[ContactOut]
    sources: list[SourceOut]
    referral: ReferralOut = Field(description="What decides a referral (extension).")
    source_date: date | None = Field(
        description="Date of the newest public source used; not a check by anyone."
    )
    source_date_precision: Literal["day", "month", "year"]
    confirmed_on: date | None = Field(
        description=(
            "Day the organisation or a coordinator confirmed the fiche; null when nobody did."
        )
    )
    confirmed_by: Literal["organisation", "coordinator"] | None
    updated: datetime


class InitiativePage(Schema):
    count: int = Field(description="Number of fiches that match, on all pages.")
    page: int
    page_size: int
    pages: int
    next: str | None
    previous: str | None
    results: list[InitiativeOut]


class TermOut(Schema):
    code: str
    label: Translated


class DimensionOut(Schema):
    code: str
    parameter: str | None = Field(
        description="The query parameter of /initiatives/ that filters on it, if any."
    )
    label: Translated
    terms: list[TermOut]


class NeedOut(Schema):
    code: str
    label: Translated
    levels: list[Level]
    forms: list[Form]
    helplines_first: bool


class VocabularyOut(Schema):
    dimensions: list[DimensionOut]
    needs: list[NeedOut] = Field(description="Family situations and the codes they match.")


class PlaceNames(Schema):
    nl: str
    fr: str
    de: str


class PlaceOut(Schema):
    postcode: str
    name: PlaceNames
    municipality: str = Field(description="REFNIS (NIS) code.")


class SuggestionOut(Schema):
    postcode: str
    name: PlaceNames


class MatchOut(Schema):
    postcode: str
    municipality: str
    municipality_name: PlaceNames
    province: str | None
    region: str
    communities: list[str]
    lat: float
    lon: float


class PlacesOut(Schema):
    query: str
    match: MatchOut | None = Field(
        description="The place `where=` with this query would search around, if it is one."
    )
    choices: list[PlaceOut] = Field(description="Several places carry this name: pick one.")
    did_you_mean: list[str]
    suggestions: list[SuggestionOut] = Field(
        description="Places whose name or postal code starts so."
    )
