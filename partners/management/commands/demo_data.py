from django.core.management.base import BaseCommand, CommandError

from core.page_cache import content_changed
from partners import demo


class Command(BaseCommand):
    help = (
        "Fill the database with realistic demo partners and actors (slugs start with "
        "'demo-', websites end in '.example'), e.g. for `make bench`. Refuses to touch a "
        "database with real content unless --allow-real-content is given."
    )

    def add_arguments(self, parser):
        parser.add_argument("--partners", type=int, default=1000, help="how many partners to add")
        parser.add_argument("--actors", type=int, default=200, help="how many actors to add")
        parser.add_argument(
            "--allow-real-content",
            action="store_true",
            help="add demo rows although the database holds the office's real entries",
        )
        parser.add_argument("--remove", action="store_true", help="delete all demo rows instead")

    def handle(self, *args, partners, actors, allow_real_content, remove, **options):
        if remove:
            removed = demo.remove()
            content_changed()
            self.stdout.write(f"Removed {removed[0]} demo partners and {removed[1]} demo actors.")
            return
        if partners < 0 or actors < 0:
            raise CommandError("--partners and --actors must not be negative.")
        real = demo.real_content()
        if real and not allow_real_content:
            raise CommandError(
                f"This database holds {real} real partners and actors. Demo data is for a "
                "throwaway database; add --allow-real-content if you really mean it."
            )
        try:
            added = demo.fill(partners, actors)
        except ValueError as error:
            raise CommandError(str(error)) from error
        content_changed()
        self.stdout.write(f"Added {added[0]} demo partners and {added[1]} demo actors.")
