"""The list filters of the fiche admin: by vocabulary term, by verification need and
by working copy."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from initiatives.editorial import services
from initiatives.models import Term


class TermDimensionFilter(admin.SimpleListFilter):
    """A list filter per vocabulary dimension of the fiche."""

    field_name = ""
    dimension = ""

    def lookups(self, request, model_admin):
        return [(t.code, t.label) for t in Term.objects.filter(dimension=self.dimension)]

    def queryset(self, request, queryset):
        if self.value():
            return queryset.filter(
                **{
                    f"{self.field_name}__code": self.value(),
                    f"{self.field_name}__dimension": self.dimension,
                }
            )
        return queryset


def term_filter(field_name: str, dimension: str, title):
    return type(
        f"{field_name.title()}Filter",
        (TermDimensionFilter,),
        {
            "field_name": field_name,
            "dimension": dimension,
            "title": title,
            "parameter_name": dimension,
        },
    )


class VerificationFilter(admin.SimpleListFilter):
    title = _("verification")
    parameter_name = "verification"

    def lookups(self, request, model_admin):
        return [("needed", _("needs verification"))]

    def queryset(self, request, queryset):
        if self.value() == "needed":
            return services.needing_verification(queryset)
        return queryset


class WorkingCopyFilter(admin.SimpleListFilter):
    title = _("working copies")
    parameter_name = "copies"

    def lookups(self, request, model_admin):
        return [("only", _("working copies only")), ("none", _("without working copies"))]

    def queryset(self, request, queryset):
        if self.value() == "only":
            return queryset.filter(copy_of__isnull=False)
        if self.value() == "none":
            return queryset.filter(copy_of__isnull=True)
        return queryset
