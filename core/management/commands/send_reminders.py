"""Mail each staff member what is due for them today (core/reminders.py); run daily by
cron. Exits with status 1 if a mail could not be sent (those people get it next run)."""

from django.core.management.base import BaseCommand, CommandError

from core.reminders import send_reminders


class Command(BaseCommand):
    help = (
        "Schickt jeder Mitarbeiterin und jedem Mitarbeiter höchstens einmal am Tag eine "
        "E-Mail mit dem, was für sie oder ihn fällig ist."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="Nur auflisten, wer welche Erinnerung bekäme; nichts senden.",
        )

    def handle(self, *args, dry_run=False, **options):
        outcome = send_reminders(dry_run=dry_run)
        for reminder in outcome.sent:
            user = reminder.user
            verb = "bekäme" if dry_run else "erinnert:"
            self.stdout.write(f"{user.get_username()} <{user.email}> {verb} {reminder.count}")
            if dry_run:
                for section in reminder.sections:
                    self.stdout.write(f"  {section.title}: {len(section.items)}")
                    for item in section.items:
                        self.stdout.write(f"    - {item.text}")
        for reminder in outcome.already_sent:
            self.stdout.write(f"{reminder.user.get_username()}: heute schon erinnert")
        summary = (
            f"{len(outcome.sent)} {'würden' if dry_run else ''} erinnert, "
            f"{len(outcome.already_sent)} heute schon erinnert, "
            f"{len(outcome.failed)} fehlgeschlagen."
        ).replace("  ", " ")
        if outcome.failed:
            names = ", ".join(reminder.user.get_username() for reminder in outcome.failed)
            raise CommandError(f"{summary} Nicht erreicht (nächster Lauf versucht es neu): {names}")
        self.stdout.write(summary)
