"""What becomes of a proposal from the form "Partner werden" (stakeholders/forms.py):

1. The visitor gets a mail with a signed link (`confirmation_url`), valid
   PROPOSAL_LINK_DAYS days. Opening it changes nothing (mail scanners open links); the
   button on its page confirms the address (`confirm`).
2. A confirmed proposal becomes an unpublished entry, "angebahnt", assigned to nobody,
   with the contact as its contact person and the proposal in its internal notes
   (`make_entry`): an actor, or for a resource a partner. Staff who may change that
   model are told by mail (`notify_staff`).
3. Staff accept it (`accept`: the entry goes on through the normal editing and release)
   or decline it with a message that the proposer receives (`decline`: the entry is
   deleted while nobody has taken it further).
4. `manage.py delete_old_proposals` deletes unconfirmed proposals once their link has
   expired, and every proposal after PROPOSAL_RETENTION_DAYS (`expired_querysets`).

stakeholders knows no app above it: the partner model is looked up by name.
"""

import datetime
import enum
import logging
import re
from dataclasses import dataclass

from django.apps import apps
from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core import signing
from django.core.mail import EmailMessage
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext, gettext_noop

from core import history, release
from core.models import PendingChange
from core.phone import format_phone
from core.reminders import absolute_url, staff_who_may_change
from core.slugs import unique_slug
from core.wording import local_moment
from stakeholders.models import ContactPerson, Office, PartnershipStatus, Proposal

logger = logging.getLogger(__name__)

SALT = "stakeholders.proposals.confirm"
# The change reason of the entry made from a proposal, in its history.
CREATED_REASON = "Vorschlag über das Formular „Partner werden“"
DECLINED_REASON = "Vorschlag abgelehnt"
TEASER_LENGTH = 200  # partners.Partner.teaser

# The message a proposer gets when staff decline, before staff change it: polite, and
# naming no reason, since staff give that themselves if they wish.
DECLINE_DEFAULTS = {
    "de": (
        "vielen Dank für Ihren Vorschlag und Ihr Interesse am Netzwerk von newtrade nrw. "
        "Wir haben ihn sorgfältig geprüft, können ihn aber leider nicht aufnehmen.\n\n"
        "Mit freundlichen Grüßen\n"
        "newtrade nrw – Büro für Nachhaltige Beschaffung"
    ),
    "en": (
        "Thank you for your proposal and your interest in the newtrade nrw network. We "
        "have looked at it carefully but are unfortunately unable to include it.\n\n"
        "Kind regards\n"
        "newtrade nrw – Büro für Nachhaltige Beschaffung"
    ),
}


class ProposalError(Exception):
    """An accept or decline that may not happen; the message is German, for staff."""


# --- Which entry a proposal becomes, and who may handle it ---------------------------------

ENTRY_MODELS = {
    Proposal.Kind.ACTOR: ("stakeholders", "Actor"),
    Proposal.Kind.RESOURCE: ("partners", "Partner"),
}


def entry_model(kind):
    """The model of the entry a proposal of `kind` becomes."""
    return apps.get_model(*ENTRY_MODELS[kind])


def may_handle(user, kind=None):
    """Whether `user` may accept or decline proposals of `kind` (of any kind without
    one): active staff who may change the entries such proposals become."""
    if not (user.is_active and user.is_staff):
        return False
    kinds = [kind] if kind else list(ENTRY_MODELS)
    return any(user.has_perm(change_permission(entry_model(k))) for k in kinds)


def handled_kinds(user):
    return [kind for kind in ENTRY_MODELS if may_handle(user, kind)]


def change_permission(model):
    opts = model._meta
    return f"{opts.app_label}.change_{opts.model_name}"


# --- Querysets: what staff see, what the retention deletes ----------------------------------


def confirmed():
    """Proposals whose address was confirmed: the only ones staff see."""
    return Proposal.objects.filter(confirmed_at__isnull=False)


def undecided():
    """Confirmed proposals nobody has accepted or declined yet, newest first."""
    return confirmed().filter(decision=Proposal.Decision.OPEN).order_by("-confirmed_at", "-pk")


def unconfirmed_expired(now=None):
    """Unconfirmed proposals whose link has expired."""
    now = now or timezone.now()
    limit = now - datetime.timedelta(days=settings.PROPOSAL_LINK_DAYS)
    return Proposal.objects.filter(confirmed_at__isnull=True, created_at__lt=limit)


def past_retention(now=None):
    """Every proposal older than the retention period, whatever became of it."""
    now = now or timezone.now()
    limit = now - datetime.timedelta(days=settings.PROPOSAL_RETENTION_DAYS)
    return Proposal.objects.filter(created_at__lt=limit)


def declined_drafts(proposals):
    """Per entry model, the ids of the entries made from `proposals` that were declined and
    deleted: {content type: [entry ids]}. Their versions in the history go with them."""
    rows = proposals.filter(
        decision=Proposal.Decision.DECLINED, entry_type__isnull=False, entry_id__isnull=False
    ).values_list("entry_type", "entry_id")
    drafts = {}
    for type_id, entry_id in rows:
        content_type = ContentType.objects.get_for_id(type_id)
        model = content_type.model_class()
        if model is not None and not model._default_manager.filter(pk=entry_id).exists():
            drafts.setdefault(content_type, []).append(entry_id)
    return drafts


def expired_querysets(now=None):
    """(what, condition, queryset) of everything the retention deletes now, in the order
    it must be deleted: the history of declined drafts while their proposals still name
    them, then the proposals."""
    link_days, retention_days = settings.PROPOSAL_LINK_DAYS, settings.PROPOSAL_RETENTION_DAYS
    old = past_retention(now)
    for content_type, ids in declined_drafts(old).items():
        model = content_type.model_class()
        condition = f"of declined proposals older than {retention_days} days"
        yield (
            f"history versions of {model._meta.model_name} drafts",
            condition,
            model.history.filter(id__in=ids),
        )
        yield (
            "history versions of their contact persons",
            condition,
            ContactPerson.history.filter(content_type=content_type, object_id__in=ids),
        )
    yield (
        "unconfirmed proposals",
        f"whose link expired ({link_days} days)",
        unconfirmed_expired(now),
    )
    yield "proposals", f"older than {retention_days} days", past_retention(now)


# --- The signed link ---------------------------------------------------------------------------


class LinkProblem(enum.Enum):
    """Why a confirmation link does not work; `status` is the HTTP status of its page."""

    TAMPERED = "ungueltig"  # not signed by us, or changed: 400
    GONE = "unbekannt"  # signed, but the proposal is no longer stored: 404
    EXPIRED = "abgelaufen"  # older than PROPOSAL_LINK_DAYS: 410
    USED = "benutzt"  # the address is confirmed already: 410

    @property
    def status(self):
        return {"ungueltig": 400, "unbekannt": 404}.get(self.value, 410)


@dataclass
class LinkCheck:
    proposal: Proposal | None = None
    problem: LinkProblem | None = None

    @property
    def ok(self):
        return self.problem is None


def make_token(proposal):
    """The signed part of the confirmation link: the proposal and its address."""
    return signing.dumps({"p": proposal.pk, "e": proposal.contact_email}, salt=SALT)


def link_days():
    return settings.PROPOSAL_LINK_DAYS


def link_expires_at(proposal):
    return proposal.created_at + datetime.timedelta(days=link_days())


def check_link(token):
    """The proposal a link confirms, or why it does not work. Nothing changes here."""
    try:
        data = signing.loads(token, salt=SALT, max_age=datetime.timedelta(days=link_days()))
    except signing.SignatureExpired:
        return LinkCheck(problem=LinkProblem.EXPIRED)
    except signing.BadSignature:
        return LinkCheck(problem=LinkProblem.TAMPERED)
    if not isinstance(data, dict) or not isinstance(data.get("p"), int):
        return LinkCheck(problem=LinkProblem.TAMPERED)
    proposal = Proposal.objects.select_related("group").filter(pk=data["p"]).first()
    if proposal is None:
        return LinkCheck(problem=LinkProblem.GONE)
    if proposal.contact_email != data.get("e"):
        return LinkCheck(problem=LinkProblem.TAMPERED)
    if proposal.confirmed_at is not None:
        return LinkCheck(proposal, LinkProblem.USED)
    if link_expires_at(proposal) < timezone.now():
        return LinkCheck(proposal, LinkProblem.EXPIRED)
    return LinkCheck(proposal)


def confirmation_url(proposal):
    """The link in the mail, in the language the proposal was written in."""
    with translation.override(mail_language(proposal)):
        path = reverse("stakeholders:proposal-confirm", kwargs={"token": make_token(proposal)})
    return absolute_url(path)


def known_language(code):
    """`code` if the site speaks it, else German."""
    codes = {code for code, _name in settings.LANGUAGES}
    return code if code in codes else settings.LANGUAGE_CODE


def mail_language(proposal):
    return known_language(proposal.language)


# --- Mails -------------------------------------------------------------------------------------


def one_line(text, limit=150):
    """A subject: one line (a header may not break), not too long."""
    return " ".join(str(text).split())[:limit]


def office_reply_to():
    """Replies to mails for proposers reach the office, where it has an address."""
    office = Office.objects.current()
    return [office.email] if office and office.email else None


def send_to_proposer(proposal, subject, template, **context):
    """A mail to the proposer in the language of the proposal; raises if it fails."""
    with translation.override(mail_language(proposal)):
        context = {"proposal": proposal, "office": Office.objects.current(), **context}
        body = render_to_string(template, context)
        subject = one_line(gettext(subject) % {"organisation": proposal.organisation})
    EmailMessage(subject, body, to=[proposal.contact_email], reply_to=office_reply_to()).send()


def send_confirmation_request(proposal):
    """The mail with the link that confirms the address; raises if it cannot be sent."""
    send_to_proposer(
        proposal,
        gettext_noop("Bitte bestätigen Sie Ihren Vorschlag „%(organisation)s“"),
        "stakeholders/proposal_confirm_mail.txt",
        link=confirmation_url(proposal),
        link_days=link_days(),
        expires_at=link_expires_at(proposal),
    )


def staff_recipients(model):
    """The addresses of the active staff who may change entries of `model`."""
    return list(dict.fromkeys(user.email for user in staff_who_may_change(model)))


def admin_url(proposal):
    return absolute_url(reverse("admin:stakeholders_proposal_change", args=[proposal.pk]))


def notify_staff(proposal):
    """Tell staff of a confirmed proposal; a mail failure is logged, nothing is lost."""
    model = entry_model(proposal.kind)
    to = staff_recipients(model)
    if not to:
        logger.warning("Nobody on the staff may handle proposal %s", proposal.pk)
        return False
    with translation.override("de"):
        body = render_to_string(
            "stakeholders/proposal_staff_mail.txt",
            {
                "proposal": proposal,
                "kind": entry_kind(proposal),
                "admin_url": admin_url(proposal),
                "phone": format_phone(proposal.contact_phone),
            },
        )
        subject = one_line(f"Neuer Vorschlag „{proposal.organisation}“ ({entry_kind(proposal)})")
    try:
        EmailMessage(subject, body, to=to, reply_to=[proposal.contact_email]).send()
    except Exception:  # the proposal and its entry are stored; the start page lists them
        logger.exception("Could not tell staff about proposal %s by e-mail", proposal.pk)
        return False
    return True


def entry_kind(proposal):
    """What the proposal becomes, in a word: "Akteur" or "Angebot"."""
    return "Akteur" if proposal.kind == Proposal.Kind.ACTOR else "Angebot"


# --- Confirming: the unpublished entry -------------------------------------------------------


def confirm(proposal):
    """Confirm the address and make the entry; False if it was confirmed before (the link
    was used already, perhaps a moment ago in another tab). Staff hear of it by mail."""
    with transaction.atomic():
        now = timezone.now()
        updated = Proposal.objects.filter(pk=proposal.pk, confirmed_at__isnull=True).update(
            confirmed_at=now
        )
        if not updated:
            return False
        proposal.confirmed_at = now
        attach_entry(proposal, make_entry(proposal))
    notify_staff(proposal)  # once stored: a mail that fails loses nothing
    return True


def attach_entry(proposal, entry):
    proposal.entry = entry
    proposal.save(update_fields=["entry_type", "entry_id"])


def internal_note(proposal):
    """The proposal as the entry's internal notes say it, in German."""
    with translation.override("de"):
        lines = [
            f"{CREATED_REASON}, eingegangen am {local_moment(proposal.created_at)}, "
            f"E-Mail-Adresse bestätigt am {local_moment(proposal.confirmed_at)}"
            f"{' (auf der englischen Seite)' if mail_language(proposal) == 'en' else ''}.",
            f"Art: {proposal.get_kind_display()}",
            f"Organisation: {proposal.organisation}",
            f"Website: {proposal.website or '(keine angegeben)'}",
            "",
            "Kurzbeschreibung:",
            proposal.description,
        ]
    return "\n".join(lines)


# A sentence ends at ".", "!" or "?" before a space and a capital letter (or the end), but
# not after a short word: "z. B. Kommunen", "Dr. Muster", "Nr. 5" go on.
SENTENCE_END = re.compile(r"(?<=[^\s.!?]{4}[.!?])\s+(?=[A-ZÄÖÜ\"„(])|(?<=[!?])\s+(?=[A-ZÄÖÜ])")


def teaser_from(description, limit=TEASER_LENGTH):
    """A partner's "Kurztext" from the proposer's own words: the first sentence, or the
    text shortened at a word with "…", never anything the proposer did not write."""
    text = " ".join(description.split())
    first = SENTENCE_END.split(text, maxsplit=1)[0]
    if len(first) <= limit:
        return first
    words = first[: limit - 1].split(" ")
    if len(words) > 1:
        words = words[:-1]  # the last one may be cut off
    return " ".join(words).rstrip(",;:–- ") + "…"


def make_entry(proposal):
    """The unpublished entry made from a confirmed proposal, with the proposer as its
    contact person; its history begins with it, under CREATED_REASON."""
    model = entry_model(proposal.kind)
    fields = {
        "name": proposal.organisation,
        "slug": unique_slug(model, proposal.organisation, f"vorschlag-{proposal.pk}"),
        "group": proposal.group,
        "website": proposal.website,
        "description": proposal.description,
        "partnership_status": PartnershipStatus.INITIATED,
        "responsible": None,
        "internal_notes": internal_note(proposal),
        model.visibility_field: False,
    }
    if proposal.kind == Proposal.Kind.RESOURCE:
        fields |= {"teaser": teaser_from(proposal.description), "operator": proposal.organisation}
    entry = model(**fields)
    entry.skip_history_when_saving = True
    entry.save()
    del entry.skip_history_when_saving
    history.record_version(entry, "+", user=None, reason=CREATED_REASON)
    contact = ContactPerson(
        partner_entry=entry,
        name=proposal.contact_name,
        email=proposal.contact_email,
        phone=proposal.contact_phone,
    )
    contact._change_reason = CREATED_REASON
    contact.save()
    return entry


# --- Staff decide ------------------------------------------------------------------------------


def locked(proposal):
    """The proposal as stored now, locked until the decision is saved."""
    current = Proposal.objects.select_for_update().get(pk=proposal.pk)
    if current.confirmed_at is None:
        raise ProposalError(gettext("Dieser Vorschlag ist noch nicht bestätigt."))
    if current.decision:
        raise ProposalError(
            gettext("Über diesen Vorschlag ist schon entschieden: %(decision)s.")
            % {"decision": current.get_decision_display()}
        )
    return current


def record_decision(proposal, decision, user, message=""):
    proposal.decision = decision
    proposal.decided_by = user
    proposal.decided_at = timezone.now()
    proposal.decline_message = message
    proposal.save(update_fields=["decision", "decided_by", "decided_at", "decline_message"])


def entry_of(proposal):
    """The proposal's entry, if it still exists, without keeping it on the proposal (its
    entry_type and entry_id stay after the entry is deleted: the retention needs them)."""
    if proposal.entry_type_id is None or proposal.entry_id is None:
        return None
    model = ContentType.objects.get_for_id(proposal.entry_type_id).model_class()
    return model._default_manager.filter(pk=proposal.entry_id).first() if model else None


def accept(proposal, user):
    """Accept the proposal; returns its entry, which goes on through the normal editing
    and release. An entry deleted in the meantime is made anew from the proposal."""
    with transaction.atomic():
        current = locked(proposal)
        entry = entry_of(current)
        if entry is None:
            entry = make_entry(current)
            attach_entry(current, entry)
        record_decision(current, Proposal.Decision.ACCEPTED, user)
    proposal.refresh_from_db()
    return entry


def kept_because(entry):
    """Why declining keeps the entry ("" if it is deleted): someone took it further."""
    if entry.is_visible:
        return gettext("er ist schon veröffentlicht")
    if entry.partnership_status != PartnershipStatus.INITIATED:
        return gettext("sein Stand nicht mehr „angebahnt“, sondern „%(status)s“ ist") % {
            "status": entry.get_partnership_status_display()
        }
    if PendingChange.objects.open().for_object(entry).exists():
        return gettext("er ist zur Freigabe eingereicht")
    return ""


@dataclass
class Declined:
    entry_name: str = ""
    deleted: bool = False
    kept_because: str = ""


def decline(proposal, user, message):
    """Decline with `message`, mailed to the proposer, and delete the unpublished entry
    while nobody has taken it further (through its history, which records the deletion).
    A mail that cannot be sent changes nothing and raises ProposalError."""
    message = message.replace("\r\n", "\n").strip()
    if not message:
        raise ProposalError(gettext("Bitte schreiben Sie eine Nachricht an die Ansprechperson."))
    outcome = Declined()
    with transaction.atomic():
        current = locked(proposal)
        entry = entry_of(current)
        if entry is not None:
            outcome.entry_name = str(entry)
            outcome.kept_because = kept_because(entry)
            if not outcome.kept_because:
                entry._history_user = user
                entry._change_reason = DECLINED_REASON
                entry.delete()
                outcome.deleted = True
        record_decision(current, Proposal.Decision.DECLINED, user, message)
        try:
            send_to_proposer(
                current,
                gettext_noop("Ihr Vorschlag „%(organisation)s“ für das Netzwerk von newtrade nrw"),
                "stakeholders/proposal_declined_mail.txt",
                message=message,
            )
        except Exception as error:  # nothing is saved: staff try again later
            logger.exception("Could not send the decline of proposal %s", proposal.pk)
            raise ProposalError(
                gettext(
                    "Die Nachricht konnte nicht gesendet werden, deshalb ist nichts geändert. "
                    "Bitte versuchen Sie es später noch einmal."
                )
            ) from error
    proposal.refresh_from_db()
    return outcome


def default_decline_message(proposal):
    return DECLINE_DEFAULTS.get(mail_language(proposal), DECLINE_DEFAULTS["de"])


def release_hint(user, model):
    """How an accepted entry goes on for `user`: through a release or directly."""
    if release.four_eyes_on() and not release.may_release(user, model):
        return gettext(
            "Bearbeiten Sie ihn und reichen Sie ihn mit „Zur Freigabe einreichen“ ein; "
            "veröffentlicht wird er nach der Freigabe durch eine zweite Person."
        )
    return gettext("Bearbeiten Sie ihn und veröffentlichen Sie ihn, wenn er fertig ist.")
