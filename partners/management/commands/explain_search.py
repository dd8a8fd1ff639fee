from django.core.management.base import BaseCommand, CommandError
from django.db import connection

from core.search import explain_search
from partners.models import Partner
from stakeholders.models import Actor

# What the search page (/suche/, newtrade/views.py SearchView) searches, a page of each.
SEARCHED = {
    "partners": lambda: Partner.objects.published().with_related(),
    "actors": lambda: Actor.objects.public().with_group(),
}
PAGE_SIZE = 20


class Command(BaseCommand):
    help = (
        "Print how PostgreSQL answers the search page for each query: EXPLAIN (ANALYZE, "
        "BUFFERS) of every query the first page of partners and of actors sends (the "
        "count and the page), and the database time of each search."
    )

    def add_arguments(self, parser):
        parser.add_argument("queries", nargs="+", help='search queries, e.g. "Beschaffung"')
        parser.add_argument(
            "--summary", action="store_true", help="print only the times, not the plans"
        )

    def handle(self, *args, queries, summary, **options):
        if connection.vendor != "postgresql":
            raise CommandError("EXPLAIN ANALYZE of a search needs PostgreSQL (DATABASE_URL).")
        for query in queries:
            total = 0.0
            for label, queryset in SEARCHED.items():
                for explained in explain_search(queryset(), query, PAGE_SIZE):
                    total += explained.execution_ms
                    self.stdout.write(f"-- {label}, {explained.execution_ms:.1f} ms")
                    if not summary:
                        self.stdout.write(f"{explained.sql}\n{explained.plan}\n")
            self.stdout.write(f"== {query!r}: {total:.1f} ms database time (execution)\n")
