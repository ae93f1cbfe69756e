"""Send the verification requests that are due and the reminders (a daily job).

Due: a published fiche with a verification contact that nobody confirmed for
eleven months and that was not asked in that time. --region or --fiche send to
those fiches instead, due or not (a fiche with a working link is skipped).
"""

from django.core.management.base import BaseCommand, CommandError

from initiatives.editorial import verification
from initiatives.models import Initiative, Region


class Command(BaseCommand):
    help = (
        "Send due verification requests to organisations, and the reminders after 10 and 20 days."
    )

    def add_arguments(self, parser):
        parser.add_argument("--region", help="Region code: every fiche serving that region.")
        parser.add_argument("--fiche", help="Slug of one fiche.")
        parser.add_argument(
            "--no-reminders", action="store_true", help="Send no reminders this time."
        )

    def handle(self, *args, region=None, fiche=None, no_reminders=False, **options):
        if region and fiche:
            raise CommandError("Give --region or --fiche, not both.")
        if fiche:
            fiches = verification.verification_candidates().filter(slug=fiche)
            if not Initiative.objects.filter(slug=fiche).exists():
                raise CommandError(f"No fiche with the slug {fiche}.")
            scope = f"fiche {fiche}"
        elif region:
            found = Region.objects.filter(code=region).first()
            if found is None:
                codes = ", ".join(Region.objects.order_by("code").values_list("code", flat=True))
                raise CommandError(f"No region {region}; the codes are: {codes}.")
            fiches = verification.serving_region(Initiative.objects.all(), found)
            scope = f"region {region}"
        else:
            fiches = verification.verification_due()
            scope = "due"
        result = verification.verification_round_send(initiatives=fiches, by=None, scope=scope)
        self.stdout.write(f"Requests sent: {result.sent}")
        for initiative, reason in result.skipped:
            self.stdout.write(f"  skipped {initiative.slug}: {reason}")
        for initiative, error in result.failed:
            self.stderr.write(f"  not sent {initiative.slug}: {error}")
        if not no_reminders:
            self.stdout.write(f"Reminders sent: {verification.verification_reminders_send()}")
        if result.failed:
            raise CommandError(f"{len(result.failed)} request(s) could not be sent.")
