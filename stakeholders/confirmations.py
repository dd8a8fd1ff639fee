"""Partners confirm their entry once a year, without an account.

`manage.py request_confirmations` (run weekly by cron) mails the contact person of each
public entry whose last review is older than REVIEW_INTERVAL_DAYS a link signed with the
site's secret key, valid CONFIRMATION_LINK_DAYS days. The page behind it
(stakeholders/confirmation_views.py) shows the entry as published and offers three
answers:

- "Alles ist aktuell": "zuletzt geprüft" becomes today, and the entry's history records a
  version with the reason CONFIRMED_BY_CONTACT; what the public sees stays as it is.
- "Änderungen vorschlagen": the changed public fields arrive for staff as a pending
  version (core/release.py, `submit` without an account), released or returned on the
  review page; never published directly, whether FOUR_EYES is on or off.
- "nicht mehr zuständig": staff who may change such entries are told by mail to find the
  new contact; the entry stays on the review list.

Which entries take part: each app registers its models in AppConfig.ready()
(`register`); a model has a `live()` and `review_due()` queryset (PartnershipQuerySet),
the generic relation `contacts` (ContactPerson) and `contact_editable_fields`.

The rules of the requests:

- one request per entry per REVIEW_INTERVAL_DAYS, however often the command runs; an
  entry without a contact person with an e-mail address gets none (it stays on the
  staff's review list);
- a request counts as made once the mail server accepted its mail (`sent_at`); a mail
  that could not be sent is logged, and the same request is sent on the next run;
- a contact who answered "nicht mehr zuständig" is not asked about that entry again, and
  that answer does not use up the interval: once staff enter the new contact person, the
  next run asks them.
"""

import datetime
import logging
import smtplib
from dataclasses import dataclass, field

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core import signing
from django.core.mail import EmailMessage
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation

from core import release
from core.history import record_version
from core.reminders import absolute_url, staff_who_may_change
from stakeholders.models import EntryConfirmation, Office

logger = logging.getLogger(__name__)

# Keeps the signatures of these links apart from every other use of SECRET_KEY.
SALT = "stakeholders.confirmations.link"
# The change reason of the version that "Alles ist aktuell" records.
CONFIRMED_BY_CONTACT = "bestätigt durch Ansprechperson"
Answer = EntryConfirmation.Answer

# label → model; a dict, so that registering again (a second ready()) replaces.
MODELS = {}


def register(model):
    """Let the contact persons of `model`'s public entries confirm them once a year."""
    MODELS[model._meta.label_lower] = model
    return model


def interval():
    return datetime.timedelta(days=settings.REVIEW_INTERVAL_DAYS)


def link_lifetime():
    return datetime.timedelta(days=settings.CONFIRMATION_LINK_DAYS)


def how_often():
    """How often the office asks, in words: "einmal im Jahr" for a year."""
    days = settings.REVIEW_INTERVAL_DAYS
    return "einmal im Jahr" if days in (365, 366) else f"alle {days} Tage"


def next_time():
    """When the office asks again, in words: "in einem Jahr" for a year."""
    days = settings.REVIEW_INTERVAL_DAYS
    return "in einem Jahr" if days in (365, 366) else f"in {days} Tagen"


def editable_fields(model):
    """The model fields a contact person may propose to change, in the model's order."""
    return [model._meta.get_field(name) for name in model.contact_editable_fields]


# --- Which entries are due ------------------------------------------------------------------


@dataclass
class Due:
    """An entry to ask about, and whom to ask."""

    entry: object
    contact: object  # a ContactPerson with an e-mail address


@dataclass
class Selection:
    due: list = field(default_factory=list)
    # Review due, but no contact person with an e-mail address (or only ones that said
    # they are no longer responsible): no request; staff review these themselves.
    without_contact: list = field(default_factory=list)


def requests_for(entry):
    content_type = ContentType.objects.get_for_model(type(entry))
    return EntryConfirmation.objects.filter(entry_type=content_type, entry_id=entry.pk)


def select(now=None):
    """The public entries whose review is due and whose contact person may be asked now."""
    now = now or timezone.now()
    today = timezone.localdate(now)
    selection = Selection()
    for label in sorted(MODELS):
        model = MODELS[label]
        requests = EntryConfirmation.objects.filter(
            entry_type=ContentType.objects.get_for_model(model)
        )
        asked = (
            requests.filter(sent_at__gte=now - interval())
            .exclude(answer=Answer.NOT_RESPONSIBLE)
            .values("entry_id")
        )
        declined = {}
        for entry_id, email in requests.filter(answer=Answer.NOT_RESPONSIBLE).values_list(
            "entry_id", "email"
        ):
            declined.setdefault(entry_id, set()).add(email.casefold())
        entries = (
            model.objects.live(now)
            .review_due(today)
            .exclude(pk__in=asked)
            .prefetch_related("contacts")
        )
        for entry in entries:
            contact = contact_to_ask(entry, declined.get(entry.pk, set()))
            if contact is None:
                selection.without_contact.append(entry)
            else:
                selection.due.append(Due(entry, contact))
    return selection


def contact_to_ask(entry, declined=()):
    """The first contact person entered with an e-mail address who has not said they are
    no longer responsible for the entry; None if there is none."""
    contacts = sorted(entry.contacts.all(), key=lambda contact: contact.pk)
    for contact in contacts:
        if contact.email and contact.email.casefold() not in declined:
            return contact
    return None


# --- Sending the requests -------------------------------------------------------------------


@dataclass
class Outcome:
    """What a run did: the requests sent (or, in a dry run, to be sent), those whose mail
    failed (sent on the next run), the entries without a contact e-mail address."""

    sent: list = field(default_factory=list)
    failed: list = field(default_factory=list)
    without_contact: list = field(default_factory=list)


def signed_token(confirmation):
    return signing.dumps(confirmation.pk, salt=SALT)


def link(confirmation):
    """The absolute address of the page that answers `confirmation` (settings.SITE_URL)."""
    with translation.override(settings.LANGUAGE_CODE):
        path = reverse("stakeholders:confirmation", kwargs={"token": signed_token(confirmation)})
    return absolute_url(path)


def valid_until(confirmation):
    """The last day the link works (local date)."""
    start = confirmation.sent_at or timezone.now()
    return timezone.localdate(start + link_lifetime())


def request_for(due):
    """The request for `due`: the earlier one whose mail could not be sent, or a new one.
    The entry's row is locked meanwhile, so two runs at once make one request."""
    entry, contact = due.entry, due.contact
    with transaction.atomic():
        type(entry)._default_manager.select_for_update().filter(pk=entry.pk).first()
        waiting = requests_for(entry).filter(sent_at__isnull=True, answer="").first()
        if waiting is None:
            return EntryConfirmation.objects.create(
                entry=entry, contact_name=contact.name, email=contact.email
            )
        if (waiting.contact_name, waiting.email) != (contact.name, contact.email):
            waiting.contact_name, waiting.email = contact.name, contact.email
            waiting.save(update_fields=["contact_name", "email"])
        return waiting


def request_message(confirmation, entry):
    office = Office.objects.current()
    with translation.override(settings.LANGUAGE_CODE):
        context = {
            "confirmation": confirmation,
            "entry": entry,
            "kind": entry._meta.verbose_name,
            "link": link(confirmation),
            "public_url": absolute_url(entry.get_absolute_url()),
            "valid_until": valid_until(confirmation),
            "link_days": settings.CONFIRMATION_LINK_DAYS,
            "interval": how_often(),
            "office": office,
        }
        body = render_to_string("stakeholders/confirmation_mail.txt", context)
    return EmailMessage(
        f"Ist Ihr Eintrag bei newtrade nrw noch aktuell? „{entry}“"[:150],
        body,
        to=[confirmation.email],
        reply_to=[office.email] if office and office.email else None,
    )


# A mail server that cannot be reached fails every further mail too: the run stops there.
# A refused recipient or message fails only that one mail.
ONE_MAIL_FAILED = (
    smtplib.SMTPRecipientsRefused,
    smtplib.SMTPSenderRefused,
    smtplib.SMTPDataError,
)


def send_requests(now=None, *, dry_run=False):
    """Ask the contact person of each due entry to confirm it; returns an Outcome. With
    `dry_run`, nothing is made or sent: `Outcome.sent` lists the Due ones."""
    selection = select(now)
    outcome = Outcome(without_contact=selection.without_contact)
    if dry_run:
        outcome.sent = selection.due
        return outcome
    pending = list(selection.due)
    while pending:
        due = pending.pop(0)
        confirmation = request_for(due)
        with transaction.atomic():
            # Locked while its mail goes out: a second run at the same time skips it.
            claimed = (
                EntryConfirmation.objects.select_for_update(skip_locked=True)
                .filter(pk=confirmation.pk, sent_at__isnull=True)
                .first()
            )
            if claimed is None:
                continue  # sent meanwhile by another run
            claimed.sent_at = timezone.now()  # the link is valid from now
            try:
                request_message(claimed, due.entry).send()
            except (smtplib.SMTPException, OSError) as error:
                stops = not isinstance(error, ONE_MAIL_FAILED)
                logger.warning(
                    "Could not send confirmation request %s (%s %s): %s: %s%s",
                    claimed.pk,
                    type(due.entry).__name__,
                    due.entry.pk,
                    type(error).__name__,
                    error,
                    f"; {len(pending)} more left for the next run" if stops and pending else "",
                )
                outcome.failed.append(due)
                if stops:
                    outcome.failed.extend(pending)
                    break
                continue
            claimed.save(update_fields=["sent_at"])
        outcome.sent.append(due)
    return outcome


# --- Reading a link ---------------------------------------------------------------------


class LinkProblem(Exception):
    """Why a link cannot be answered: "invalid" (tampered, incomplete or unknown),
    "expired", "used" (already answered) or "unavailable" (the entry is no longer
    public). `confirmation` is the request where it is known."""

    def __init__(self, kind, confirmation=None):
        super().__init__(kind)
        self.kind = kind
        self.confirmation = confirmation


def read(token):
    """The request a link names, answered or not; LinkProblem for a link that is not
    ours, has been changed, or is older than CONFIRMATION_LINK_DAYS."""
    try:
        pk = signing.loads(token, salt=SALT, max_age=link_lifetime())
    except signing.SignatureExpired as error:
        raise LinkProblem("expired") from error
    except (signing.BadSignature, ValueError, TypeError) as error:
        raise LinkProblem("invalid") from error
    if not isinstance(pk, int) or isinstance(pk, bool):
        raise LinkProblem("invalid")
    confirmation = EntryConfirmation.objects.select_related("entry_type").filter(pk=pk).first()
    if confirmation is None:
        raise LinkProblem("invalid")
    started = confirmation.sent_at or confirmation.created_at
    if timezone.now() - started > link_lifetime():
        raise LinkProblem("expired", confirmation)
    return confirmation


def entry_of(confirmation):
    """The entry a request is about, or None once it is deleted or its app left."""
    model = confirmation.entry_type.model_class()
    if model is None or model._meta.label_lower not in MODELS:
        return None
    return model._default_manager.filter(pk=confirmation.entry_id).first()


def open_request(token):
    """(request, entry) for a link that may be answered now, else LinkProblem."""
    confirmation = read(token)
    if confirmation.answer:
        raise LinkProblem("used", confirmation)
    entry = entry_of(confirmation)
    if entry is None or not entry.is_live:
        raise LinkProblem("unavailable", confirmation)
    return confirmation, entry


# --- The answers ----------------------------------------------------------------------------


def locked_open(confirmation):
    """The request again, locked for the answer; LinkProblem if it was answered meanwhile
    (a second tab, a double click)."""
    locked = EntryConfirmation.objects.select_for_update().get(pk=confirmation.pk)
    if locked.answer:
        raise LinkProblem("used", locked)
    return locked


def mark_answered(confirmation, answer):
    confirmation.answer = answer
    confirmation.answered_at = timezone.now()
    confirmation.save(update_fields=["answer", "answered_at"])


def confirm_current(confirmation, entry):
    """ "Alles ist aktuell": "zuletzt geprüft" becomes today, recorded in the history with
    CONFIRMED_BY_CONTACT; nothing the public reads changes (its "Stand" aside)."""
    with transaction.atomic():
        confirmation = locked_open(confirmation)
        entry = type(entry)._default_manager.select_for_update().get(pk=entry.pk)
        entry.last_reviewed = timezone.localdate()
        entry.skip_history_when_saving = True  # recorded below, with its reason
        entry.save(update_fields=["last_reviewed"])
        del entry.skip_history_when_saving
        entry._history_user = None  # the contact person, not whoever is signed in here
        record_version(entry, user=None, reason=CONFIRMED_BY_CONTACT)
        mark_answered(confirmation, Answer.CURRENT)
    return confirmation


def contact_label(confirmation):
    """How a pending change names the contact person: "Name <address>"."""
    return f"{confirmation.contact_name} <{confirmation.email}>"


def propose_changes(confirmation, entry, values):
    """ "Änderungen vorschlagen": the proposed public fields (`values`, already validated
    like the admin) as a pending change without an account, which marks the entry as
    reviewed once it is released. Raises release.ReleaseError while another change of
    the entry waits for release; then nothing is stored."""
    model = type(entry)
    with transaction.atomic():
        confirmation = locked_open(confirmation)
        live = model._default_manager.get(pk=entry.pk)
        proposed = model._default_manager.get(pk=entry.pk)
        for name, value in values.items():
            setattr(proposed, name, value)
        proposed.last_reviewed = timezone.localdate()
        names = [*model.contact_editable_fields, "last_reviewed"]
        data = {name: release.stored_value(proposed, model._meta.get_field(name)) for name in names}
        change = release.submit(data, None, obj=live, contact=contact_label(confirmation))
        mark_answered(confirmation, Answer.CHANGES)
    return change


def not_responsible(confirmation, entry):
    """ "Ich bin nicht mehr zuständig": the answer is recorded and staff are told by mail;
    the entry stays on the review list."""
    with transaction.atomic():
        confirmation = locked_open(confirmation)
        mark_answered(confirmation, Answer.NOT_RESPONSIBLE)
    tell_staff_to_find_new_contact(confirmation, entry)
    return confirmation


def tell_staff_to_find_new_contact(confirmation, entry):
    """Mail the staff who may change the entry; a mail failure is logged (the answer is
    stored and shown in the back office's list of requests either way)."""
    to = [user.email for user in staff_who_may_change(type(entry))]
    if not to:
        logger.warning(
            "Nobody to tell about the answer to confirmation request %s", confirmation.pk
        )
        return False
    with translation.override(settings.LANGUAGE_CODE):
        context = {
            "confirmation": confirmation,
            "entry": entry,
            "kind": entry._meta.verbose_name,
            "admin_url": absolute_url(entry.admin_url),
            "list_url": absolute_url(
                reverse("admin:stakeholders_entryconfirmation_changelist")
                + f"?answer__exact={Answer.NOT_RESPONSIBLE}"
            ),
            "answered_at": timezone.localtime(confirmation.answered_at),
        }
        body = render_to_string("stakeholders/confirmation_staff_mail.txt", context)
    try:
        EmailMessage(
            f"Neue Ansprechperson gesucht: „{entry}“"[:150],
            body,
            to=to,
            reply_to=[confirmation.email],
        ).send()
    except (smtplib.SMTPException, OSError) as error:
        logger.warning(
            "Could not tell staff about confirmation request %s: %s: %s",
            confirmation.pk,
            type(error).__name__,
            error,
        )
        return False
    return True
