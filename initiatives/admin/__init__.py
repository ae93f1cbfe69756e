"""The Django admin of coordinators and editors, over the editorial services."""

from initiatives.admin import model_admins  # noqa: F401  (registers every ModelAdmin)
