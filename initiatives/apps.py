from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class InitiativesConfig(AppConfig):
    name = "initiatives"
    verbose_name = _("Family support initiatives")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from familysupport import checks  # noqa: F401  (registers the deployment checks)
