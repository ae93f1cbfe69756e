"""List, per coordinator, the fiches that need verification (for a periodic job).

With --mail each coordinator who has an e-mail address receives their list.
"""

from django.conf import settings
from django.core.mail import send_mail
from django.core.management.base import BaseCommand

from initiatives.editorial import services


class Command(BaseCommand):
    help = (
        "List per coordinator the fiches nobody confirmed for a year or citing an unreachable "
        "source."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--mail", action="store_true", help="E-mail each coordinator their list."
        )

    def handle(self, *args, mail: bool = False, **options):
        report = services.stale_fiches_by_coordinator()
        if not report:
            self.stdout.write("No coordinator accounts.")
        for coordinator, fiches in report.items():
            lines = [self._line(fiche) for fiche in fiches]
            self.stdout.write(f"{coordinator.get_username()}: {len(fiches)} fiche(s) to verify")
            for line in lines:
                self.stdout.write(f"  {line}")
            if mail and fiches and coordinator.email:
                send_mail(
                    subject=f"{len(fiches)} fiche(s) to verify",
                    message="\n".join(lines) + "\n",
                    from_email=getattr(settings, "DEFAULT_FROM_EMAIL", None),
                    recipient_list=[coordinator.email],
                )
        return None

    @staticmethod
    def _line(fiche) -> str:
        if fiche.confirmed_on:
            return f"{fiche.slug} (confirmed {fiche.confirmed_on.isoformat()})"
        return f"{fiche.slug} (never confirmed)"
