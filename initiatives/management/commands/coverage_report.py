"""Print, per region, how many municipalities reach a current service in their
language (for monitoring; the same figures as /pro/coverage/)."""

from django.core.management.base import BaseCommand

from initiatives.search import reach as coverage


class Command(BaseCommand):
    help = (
        "Per region: municipalities with a contactable current service in their community's "
        "language, with a radicalisation-specific one, and with a line that answers at night; "
        "then the municipalities with none."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--list", action="store_true", help="Also list the municipalities with none."
        )

    def handle(self, *args, list: bool = False, **options):
        report = coverage.coverage_report()
        total = len(report.municipalities)
        reached = total - len(report.unreached)
        self.stdout.write(
            f"{report.initiatives} current published fiches; "
            f"{reached} of {total} municipalities reach a contactable current service "
            "in their language"
        )
        self.stdout.write("region\tmunicipalities\tcontactable\tspecialised\tgeneral\tnight")
        for region in report.regions:
            counts = region.reached
            self.stdout.write(
                f"{region.code}\t{region.municipalities}\t{counts[coverage.REACH]}\t"
                f"{counts[coverage.SPECIALISED]}\t{counts[coverage.GENERAL]}\t"
                f"{counts[coverage.NIGHT]}"
            )
        if list:
            for municipality in report.unreached:
                self.stdout.write(
                    f"none\t{municipality.code}\t{municipality.label}\t{municipality.region}"
                )
