"""The Django admin of coordinators and editors, over the editorial services."""

# Importing the modules registers their ModelAdmins.
from initiatives.admin import fiche, fiche_rows, model_admins  # noqa: F401
