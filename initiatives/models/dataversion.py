from django.db import models
from django.utils.translation import gettext_lazy as _

# Tables whose rows make up the directory that families, practitioners and the API
# see. A write to any of them changes the data version (migration 0010 installs a
# trigger on each). Editorial bookkeeping (working copies, rights, memberships) and
# visitors' suggestions are not shown on any cached page, so they are not watched.
WATCHED_TABLES = (
    "initiatives_region",
    "initiatives_community",
    "initiatives_province",
    "initiatives_municipality",
    "initiatives_municipality_communities",
    "initiatives_locality",
    "initiatives_servicearea",
    "initiatives_organisation",
    "initiatives_term",
    "initiatives_initiative",
    "initiatives_initiative_levels",
    "initiatives_initiative_forms",
    "initiatives_initiative_target_groups",
    "initiatives_initiative_sectors",
    "initiatives_initiative_scale",
    "initiatives_initiative_help_languages",
    "initiatives_initiative_extremism_kinds",
    "initiatives_partner",
    "initiatives_referrallink",
    "initiatives_site",
    "initiatives_contactpoint",
    "initiatives_openinghours",
    "initiatives_source",
)
UNWATCHED_TABLES = (
    "initiatives_dataversion",
    # Derived index of the open-data API, written while answering GET requests
    # (migration 0012 removed its trigger): the fiches it points to are watched.
    "initiatives_hsdsidentifier",
    "initiatives_organisationmembership",
    "initiatives_workingcopy",
    "initiatives_editorialrights",
    "initiatives_suggestion",
    # The verification round is for coordinators only: no page families see shows it.
    "initiatives_verificationcontact",
    "initiatives_verificationround",
    "initiatives_verificationrequest",
    "initiatives_verificationtoken",
    "initiatives_verificationrevision",
)


class DataVersion(models.Model):
    """One row that says which state of the directory the database holds.

    Database triggers (not Django signals, which bulk writes, `update()` and
    restores bypass) give `token` a new random value and set `changed` on every
    write to a watched table. A random token never comes back after a rollback,
    so anything computed from the data can be kept under the token it was
    computed at (`initiatives/caching/versioned.py`).
    """

    token = models.CharField(_("token"), max_length=32)
    changed = models.DateTimeField(_("last change"))

    class Meta:
        verbose_name = _("data version")
        verbose_name_plural = _("data versions")

    def __str__(self) -> str:
        return f"{self.token} ({self.changed:%Y-%m-%d %H:%M:%S})"
