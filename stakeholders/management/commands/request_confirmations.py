"""Ask the contact persons of public entries whose review is due to confirm them
(stakeholders/confirmations.py); run weekly by cron. Exits with status 1 if a mail could
not be sent (those requests go out on the next run)."""

from django.core.management.base import BaseCommand, CommandError

from stakeholders.confirmations import send_requests


def describe(due):
    entry, contact = due.entry, due.contact
    return f"{entry._meta.verbose_name} „{entry}“: {contact.name} <{contact.email}>"


class Command(BaseCommand):
    help = (
        "Bittet die Ansprechperson jedes öffentlichen Eintrags, der länger als "
        "REVIEW_INTERVAL_DAYS nicht geprüft wurde, per E-Mail um eine Bestätigung; höchstens "
        "einmal je Eintrag in dieser Zeit."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="Nur auflisten, wer eine Anfrage bekäme; nichts anlegen, nichts senden.",
        )

    def handle(self, *args, dry_run=False, **options):
        outcome = send_requests(dry_run=dry_run)
        verb = "bekäme eine Anfrage" if dry_run else "Anfrage gesendet"
        for due in outcome.sent:
            self.stdout.write(f"{describe(due)} – {verb}")
        for entry in outcome.without_contact:
            self.stdout.write(
                f"{entry._meta.verbose_name} „{entry}“: keine Ansprechperson mit "
                "E-Mail-Adresse, bleibt auf der Liste „Überprüfung fällig“"
            )
        summary = (
            f"{len(outcome.sent)} {'würden gesendet' if dry_run else 'gesendet'}, "
            f"{len(outcome.failed)} fehlgeschlagen, "
            f"{len(outcome.without_contact)} ohne Ansprechperson mit E-Mail-Adresse."
        )
        if outcome.failed:
            names = ", ".join(describe(due) for due in outcome.failed)
            raise CommandError(
                f"{summary} Nicht gesendet (der nächste Lauf versucht es neu): {names}"
            )
        self.stdout.write(summary)
