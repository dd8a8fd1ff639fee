from django.core.management.base import BaseCommand

from partners.models import Partner
from stakeholders.linkcheck import check_entries
from stakeholders.models import Actor


class Command(BaseCommand):
    help = (
        "Check the websites of all partners and actors (HEAD, GET where needed, redirects "
        "followed) and store the result on each entry. Run it e.g. weekly from cron."
    )

    def add_arguments(self, parser):
        parser.add_argument("--timeout", type=float, default=10, help="seconds per request")
        parser.add_argument("--workers", type=int, default=8, help="requests at the same time")

    def handle(self, *args, timeout, workers, **options):
        entries = [
            *Partner.objects.exclude(website="").select_related("group"),
            *Actor.objects.exclude(website="").select_related("group"),
        ]

        def report(entry, result):
            if options["verbosity"] > 1:
                self.stdout.write(f"{result.status or '-':10} {entry.website}  {result.summary}")

        summary = check_entries(entries, timeout=timeout, workers=max(1, workers), on_result=report)
        self.stdout.write(str(summary))
