from initiatives.models.contacts import ContactPoint, OpeningHours, Site
from initiatives.models.dataversion import DataVersion
from initiatives.models.editorial import EditorialRights, OrganisationMembership, WorkingCopy
from initiatives.models.fiche_rows import Partner, ReferralLink, Source
from initiatives.models.geography import (
    Community,
    Locality,
    Municipality,
    Province,
    Region,
    ServiceArea,
    fold,
)
from initiatives.models.hsds import HsdsIdentifier
from initiatives.models.initiative import CONFIRMATION_STALE_AFTER_DAYS, Initiative
from initiatives.models.matching import (
    COVERAGE_COMMUNITY,
    COVERAGE_COUNTRY,
    COVERAGE_MUNICIPALITY,
    COVERAGE_PROVINCE_OR_REGION,
    InitiativeQuerySet,
)
from initiatives.models.organisation import Organisation
from initiatives.models.suggestion import Suggestion
from initiatives.models.terms import Term
from initiatives.models.verification import (
    VerificationContact,
    VerificationRequest,
    VerificationRevision,
    VerificationRound,
    VerificationToken,
)

__all__ = [
    "CONFIRMATION_STALE_AFTER_DAYS",
    "COVERAGE_COMMUNITY",
    "COVERAGE_COUNTRY",
    "COVERAGE_MUNICIPALITY",
    "COVERAGE_PROVINCE_OR_REGION",
    "Community",
    "ContactPoint",
    "DataVersion",
    "EditorialRights",
    "HsdsIdentifier",
    "Initiative",
    "InitiativeQuerySet",
    "Locality",
    "Municipality",
    "OpeningHours",
    "Organisation",
    "OrganisationMembership",
    "Partner",
    "Province",
    "ReferralLink",
    "Region",
    "ServiceArea",
    "Site",
    "Source",
    "Suggestion",
    "Term",
    "VerificationContact",
    "VerificationRequest",
    "VerificationRevision",
    "VerificationRound",
    "VerificationToken",
    "WorkingCopy",
    "fold",
]
