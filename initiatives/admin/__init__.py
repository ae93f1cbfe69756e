"""The Django admin of coordinators and editors, over the editorial services."""

# Importing the modules registers their ModelAdmins.
from initiatives.admin import (  # noqa: F401
    fiche,
    fiche_rows,
    model_admins,
    verification,
    verification_contacts,
)
