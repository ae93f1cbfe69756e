from django.contrib.admin.apps import AdminConfig


class DirectoryAdminConfig(AdminConfig):
    """Django's admin, with the site that adds the two-factor rule (familysupport.accounts)."""

    default_site = "familysupport.accounts.DirectoryAdminSite"
