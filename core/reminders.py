"""The daily reminder mail (`manage.py send_reminders`): each staff member gets one mail
a day with what is due or overdue for them, with links into the back office.

core knows no app above it: each app registers the sources of what is due in its
AppConfig.ready() (`register`); a source is a function `(user, today)` that returns a
`Section` or None (nothing due, or nothing the user may handle).

A reminder counts as sent (`ReminderSent`) only once the mail server accepted it; a mail
server that cannot be reached is logged, one line per person, and that person gets the
mail on the next run.
"""

import logging
import smtplib
from dataclasses import dataclass, field

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import EmailMessage
from django.template.loader import render_to_string
from django.utils import timezone

logger = logging.getLogger(__name__)

# name → source; a dict, so that registering again (a second ready()) replaces.
SOURCES = {}


@dataclass
class Item:
    """One thing to do: what it is (one line) and the back office page (a path) for it."""

    text: str
    path: str
    overdue: bool = False

    @property
    def url(self):
        return absolute_url(self.path)


@dataclass
class Section:
    """Things of one kind, e.g. "Fällige Schritte", with the list that shows them all."""

    title: str
    items: list
    list_path: str = ""
    order: int = 50  # sections sort by this, then by title

    @property
    def list_url(self):
        return absolute_url(self.list_path) if self.list_path else ""


@dataclass
class Reminder:
    user: object
    sections: list = field(default_factory=list)

    @property
    def count(self):
        return sum(len(section.items) for section in self.sections)


@dataclass
class Outcome:
    """What a run did: whom it mailed, whom it skipped as already reminded today, whose
    mail failed (those are retried next time)."""

    sent: list = field(default_factory=list)
    already_sent: list = field(default_factory=list)
    failed: list = field(default_factory=list)


def register(source):
    """Add a source of what is due, under its qualified name; usable as a decorator."""
    SOURCES[f"{source.__module__}.{source.__qualname__}"] = source
    return source


def absolute_url(path):
    """A path as a link that works in a mail: SITE_URL in front, never the host a request
    named."""
    return f"{settings.SITE_URL.rstrip('/')}{path}"


def may_any(user, model, actions=("view", "change")):
    """Whether `user` holds one of the permissions for `actions` on `model`."""
    opts = model._meta
    return any(user.has_perm(f"{opts.app_label}.{action}_{opts.model_name}") for action in actions)


def recipients():
    """Active staff members with an e-mail address, in a stable order."""
    return (
        get_user_model()
        .objects.filter(is_active=True, is_staff=True)
        .exclude(email="")
        .order_by("pk")
    )


def staff_who_may_change(model):
    """The active staff members with an e-mail address who may change entries of `model`:
    whom a mail about such an entry goes to."""
    return [user for user in recipients() if may_any(user, model, ("change",))]


def reminder_for(user, today=None):
    """What is due for `user` on `today`, from every registered source."""
    today = today or timezone.localdate()
    sections = [section for source in SOURCES.values() if (section := source(user, today))]
    sections = [section for section in sections if section.items]
    return Reminder(user, sorted(sections, key=lambda section: (section.order, section.title)))


def reminders(today=None):
    """(user, Reminder) for every recipient with something due, not yet reminded today."""
    from core.models import ReminderSent

    today = today or timezone.localdate()
    done = set(ReminderSent.objects.on(today).values_list("user_id", flat=True))
    for user in recipients():
        reminder = reminder_for(user, today)
        if reminder.sections:
            yield reminder, user.pk in done


def message(reminder, today):
    context = {
        "user": reminder.user,
        "name": reminder.user.get_full_name() or reminder.user.get_username(),
        "reminder": reminder,
        "today": today,
        "start_url": absolute_url("/admin/"),
    }
    return EmailMessage(
        f"Backoffice newtrade nrw: {reminder.count} fällige Aufgabe"
        f"{'' if reminder.count == 1 else 'n'} am {today:%d.%m.%Y}",
        render_to_string("core/reminder_mail.txt", context),
        to=[reminder.user.email],
    )


def send_reminders(today=None, *, dry_run=False):
    """Mail each recipient what is due for them, once a day; returns an Outcome. With
    `dry_run`, nothing is sent or recorded: `Outcome.sent` lists who would get a mail."""
    from core.models import ReminderSent

    today = today or timezone.localdate()
    outcome = Outcome()
    for reminder, already in reminders(today):
        if already:
            outcome.already_sent.append(reminder)
            continue
        if dry_run:
            outcome.sent.append(reminder)
            continue
        try:
            message(reminder, today).send()
        except (smtplib.SMTPException, OSError) as error:
            logger.warning(
                "Could not send the reminder to user %s (%s): %s: %s",
                reminder.user.pk,
                reminder.user.get_username(),
                type(error).__name__,
                error,
            )
            outcome.failed.append(reminder)
            continue
        ReminderSent.objects.get_or_create(user=reminder.user, day=today)
        outcome.sent.append(reminder)
    return outcome


# --- Sources core can name itself ------------------------------------------------------------


def shorten(text, limit=80):
    text = " ".join(str(text).split())
    return text if len(text) <= limit else f"{text[: limit - 1].rstrip()}…"


def changelist_path(model, query=""):
    from django.urls import reverse

    opts = model._meta
    path = reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist")
    return f"{path}?{query}" if query else path


def pending_releases(user, today):
    """Changes waiting for a release `user` may give (never their own), oldest first."""
    from core.models import PendingChange

    changes = list(
        PendingChange.objects.reviewable_by(user).with_related().order_by("submitted_at")
    )
    items = [
        Item(
            f"{change.entry_name} ({change.kind}), eingereicht von {change.submitter_name()} "
            f"am {timezone.localtime(change.submitted_at):%d.%m.%Y}",
            change.get_admin_url(),
            overdue=change.is_overdue,
        )
        for change in changes
    ]
    return Section("Zur Freigabe", items, changelist_path(PendingChange), order=20)


def open_reports(model, order=40):
    """A source of the open visitor reports of `model` (a VisitorReport), for staff who
    may change them (mark them done)."""

    def source(user, today):
        if not may_any(user, model, ("change",)):
            return None
        reports = model.objects.open().order_by("created_at")
        items = [
            Item(
                f"{report}: {shorten(getattr(report, model.text_field))}", report.get_absolute_url()
            )
            for report in reports
        ]
        title = str(model._meta.verbose_name_plural)
        return Section(title, items, changelist_path(model, "done__exact=0"), order=order)

    source.__qualname__ = f"open_reports({model.__name__})"
    return source
