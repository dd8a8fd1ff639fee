"""The public form "Partner werden": an organisation proposes itself as an actor of a group,
or proposes a resource for public buyers (stakeholders/proposals.py does the rest)."""

from django import forms
from django.conf import settings
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _

from core.forms import PublicForm
from core.versions import UnixNewlinesField
from stakeholders.models import Proposal, StakeholderGroup

MAX_LENGTH_MESSAGE = _("Bitte höchstens %(limit_value)d Zeichen.")
# Shorter names in the list of errors above the form than the labels beside the fields.
SUMMARY_LABELS = {"consent": _("Einverständnis")}
EMAIL_INVALID_MESSAGE = _(
    "Bitte geben Sie eine gültige E-Mail-Adresse ein, z. B. name@example.org."
)


class LocalizedGroupField(forms.ModelChoiceField):
    """The groups by their name in the visitor's language (the German one where staff
    gave no English name)."""

    def label_from_instance(self, group):
        name, _language = group.localized("name")
        return name


# What a proposal stores, in the order of the page: what is proposed, then who answers.
PROPOSED_FIELDS = [
    "kind",
    "organisation",
    "group",
    "website",
    "description",
    "contact_name",
    "contact_email",
    "contact_phone",
]


class ProposalForm(PublicForm, forms.ModelForm):
    """What an organisation tells about itself or its resource, and who answers for it."""

    privacy_title = _("Wenn Sie Ihre Organisation oder ein Angebot vorschlagen")
    privacy_text = _(
        "Das Formular „Partner werden“ speichert, was Sie eingeben (Art des Vorschlags, "
        "Organisation, Akteursgruppe, Website, Kurzbeschreibung, Ihren Namen, Ihre "
        "E-Mail-Adresse und, wenn Sie sie angeben, Ihre Telefonnummer), mit dem Zeitpunkt "
        "und der Sprache der Seite. Sie erhalten eine E-Mail mit einem Link, mit dem Sie "
        "Ihre Adresse bestätigen; erst dann sieht das Büro den Vorschlag. Ohne Bestätigung "
        "wird er gelöscht, sobald der Link nach %(link_days)s Tagen abgelaufen ist. Aus "
        "einem bestätigten Vorschlag legt das Büro in seinem geschützten Verwaltungsbereich "
        "einen nicht veröffentlichten Eintrag an, mit Ihnen als Ansprechperson, und prüft "
        "ihn. Ihre Kontaktdaten erscheinen nie auf der Website. Nimmt das Büro den "
        "Vorschlag an, kann es den Eintrag nach dieser Prüfung veröffentlichen; er bleibt "
        "gespeichert, bis das Büro ihn löscht. Lehnt es den Vorschlag ab, schreibt es Ihnen "
        "eine E-Mail und löscht den Eintrag, solange er unveröffentlicht ist und die "
        "Partnerschaft noch als „angebahnt“ gilt. Wir nutzen Ihre Angaben nur, um den "
        "Vorschlag zu prüfen und Ihnen zu antworten. Nach %(retention_days)s Tagen wird "
        "jeder Vorschlag gelöscht, was auch immer aus ihm geworden ist, nach einer "
        "Ablehnung auch die Fassungen des gelöschten Eintrags in der Änderungsgeschichte "
        "des Verwaltungsbereichs."
    )

    consent = forms.BooleanField(
        label=_(
            "Ich bin einverstanden, dass newtrade nrw meine Angaben verarbeitet, wie es die "
            "Datenschutzerklärung beschreibt."
        ),
        # The template shows this text with a link to the privacy statement's section.
        help_text=_("Was mit Ihren Angaben geschieht, steht in der Datenschutzerklärung."),
        error_messages={
            "required": _(
                "Bitte stimmen Sie der Verarbeitung Ihrer Angaben zu; ohne sie können wir "
                "Ihren Vorschlag nicht bearbeiten."
            )
        },
    )
    website = forms.URLField(
        label=_("Website (freiwillig)"),
        required=False,
        max_length=200,
        assume_scheme="https",
        help_text=_("Die Adresse der Website Ihrer Organisation oder Ihres Angebots."),
        error_messages={
            "invalid": _(
                "Bitte geben Sie eine gültige Internetadresse ein, z. B. https://www.example.org."
            ),
            "max_length": MAX_LENGTH_MESSAGE,
        },
        widget=forms.URLInput(attrs={"autocomplete": "url"}),
    )
    description = UnixNewlinesField(
        label=_("Kurzbeschreibung"),
        max_length=2000,
        help_text=_(
            "Was Ihre Organisation oder Ihr Angebot zur nachhaltigen öffentlichen Beschaffung "
            "beiträgt. Höchstens 2000 Zeichen."
        ),
        error_messages={
            "required": _("Bitte beschreiben Sie kurz Ihre Organisation oder Ihr Angebot."),
            "max_length": MAX_LENGTH_MESSAGE,
        },
        widget=forms.Textarea(attrs={"rows": 8, "maxlength": 2000}),
    )

    # The order on the page: what is proposed, then who answers for it, then consent.
    field_order = [*PROPOSED_FIELDS, "consent"]

    class Meta:
        model = Proposal
        fields = PROPOSED_FIELDS
        field_classes = {"group": LocalizedGroupField}
        labels = {
            "kind": _("Was möchten Sie?"),
            "organisation": _("Name der Organisation"),
            "group": _("Akteursgruppe"),
            "contact_name": _("Ihr Name"),
            "contact_email": _("Ihre E-Mail-Adresse"),
            "contact_phone": _("Ihre Telefonnummer (freiwillig)"),
        }
        help_texts = {
            "kind": _(
                "Ein Angebot ist eine Information oder Hilfestellung für öffentliche "
                "Beschaffende, zum Beispiel ein Leitfaden oder eine Beratung."
            ),
            "group": _("Zu welcher Gruppe im Netzwerk Ihre Organisation gehört."),
            "contact_email": _(
                "An diese Adresse schicken wir den Link zum Bestätigen und unsere Antwort."
            ),
            "contact_phone": _("Für Rückfragen, mit Vorwahl."),
        }
        error_messages = {
            "kind": {
                "required": _("Bitte wählen Sie, was Sie vorschlagen möchten."),
                "invalid_choice": _("Bitte wählen Sie eine der beiden Möglichkeiten."),
            },
            "organisation": {
                "required": _("Bitte geben Sie den Namen Ihrer Organisation an."),
                "max_length": MAX_LENGTH_MESSAGE,
            },
            "group": {
                "required": _("Bitte wählen Sie eine Akteursgruppe."),
                "invalid_choice": _(
                    "Diese Akteursgruppe gibt es nicht. Bitte wählen Sie eine aus der Liste."
                ),
            },
            "contact_name": {
                "required": _("Bitte geben Sie Ihren Namen an."),
                "max_length": MAX_LENGTH_MESSAGE,
            },
            "contact_email": {
                "required": _(
                    "Bitte geben Sie Ihre E-Mail-Adresse an; an sie schicken wir den Link "
                    "zum Bestätigen."
                ),
                "invalid": EMAIL_INVALID_MESSAGE,
                "max_length": MAX_LENGTH_MESSAGE,
            },
            "contact_phone": {"max_length": MAX_LENGTH_MESSAGE},
        }
        widgets = {
            "kind": forms.RadioSelect,
            "organisation": forms.TextInput(attrs={"autocomplete": "organization"}),
            "contact_name": forms.TextInput(attrs={"autocomplete": "name"}),
            "contact_email": forms.EmailInput(attrs={"autocomplete": "email"}),
            "contact_phone": forms.TextInput(attrs={"autocomplete": "tel", "type": "tel"}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["group"].queryset = StakeholderGroup.objects.all()
        self.fields["group"].empty_label = _("Bitte wählen")
        # A radio group has no empty choice; the model's blank "" is not one either.
        self.fields["kind"].choices = Proposal.Kind.choices
        # Django links a help text to a single input; each choice of the group names it.
        self.fields["kind"].widget.attrs["aria-describedby"] = "id_kind_helptext"

    @classmethod
    def privacy_values(cls):
        return {
            "link_days": settings.PROPOSAL_LINK_DAYS,
            "retention_days": settings.PROPOSAL_RETENTION_DAYS,
        }

    @classmethod
    def privacy_anchor(cls):
        """The id of this form's section in the privacy statement (templates/pages/
        datenschutz.html gives each section the slug of its title, in the page's language)."""
        return slugify(str(cls.privacy_title))

    def error_links(self):
        """(anchor, label, message) of each field error, for the list above the form: a
        radio group is reached through its first choice."""
        links = []
        for field in self.visible_fields():
            target = field.id_for_label or f"{field.auto_id}_0"
            label = SUMMARY_LABELS.get(field.name, field.label)
            links.extend((target, label, error) for error in field.errors)
        return links
