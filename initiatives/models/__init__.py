from initiatives.models.geography import (
    Community,
    Locality,
    Municipality,
    Province,
    Region,
    ServiceArea,
    fold,
)
from initiatives.models.initiative import (
    COVERAGE_COMMUNITY,
    COVERAGE_COUNTRY,
    COVERAGE_MUNICIPALITY,
    COVERAGE_PROVINCE_OR_REGION,
    ContactPoint,
    Initiative,
    InitiativeQuerySet,
    Site,
    Source,
    Term,
)
from initiatives.models.organisation import Organisation

__all__ = [
    "COVERAGE_COMMUNITY",
    "COVERAGE_COUNTRY",
    "COVERAGE_MUNICIPALITY",
    "COVERAGE_PROVINCE_OR_REGION",
    "Community",
    "ContactPoint",
    "Initiative",
    "InitiativeQuerySet",
    "Locality",
    "Municipality",
    "Organisation",
    "Province",
    "Region",
    "ServiceArea",
    "Site",
    "Source",
    "Term",
    "fold",
]
