from django.db import models
from django.utils.translation import gettext_lazy as _


class HsdsIdentifier(models.Model):
    """Which fiche or organisation an HSDS id of the open-data API belongs to.

    HSDS ids are name-based UUIDs (version 5) of stable keys: they cannot be turned
    back into the key. Without this index, `/api/v1/hsds/<table>/<id>` would hash
    every fiche to find one. Derived data, kept by the API itself
    (`initiatives/api/hsds/id_index.py`): a row may be stale (a deleted site, a fiche
    no longer published), so the API always checks what it finds against the fiche.
    The links are plain keys, without a database constraint: deleting a fiche never
    waits for this index, and an admin never sees its rows.
    """

    id = models.UUIDField(primary_key=True)
    table = models.CharField(_("HSDS table"), max_length=24)
    initiative = models.ForeignKey(
        "initiatives.Initiative",
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        null=True,
        related_name="+",
        verbose_name=_("initiative"),
    )
    organisation = models.ForeignKey(
        "initiatives.Organisation",
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        null=True,
        related_name="+",
        verbose_name=_("organisation"),
    )
    # The fiche's `updated` when its ids were derived: a fiche edited since is indexed again.
    updated = models.DateTimeField(_("fiche updated"), db_index=True)

    class Meta:
        verbose_name = _("HSDS identifier")
        verbose_name_plural = _("HSDS identifiers")
        indexes = [
            models.Index(fields=["initiative", "updated"], name="hsds_id_initiative_updated")
        ]

    def __str__(self) -> str:
        return f"{self.table} {self.id}"
