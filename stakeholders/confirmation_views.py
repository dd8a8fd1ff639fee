"""The pages behind the link of a yearly confirmation request (stakeholders/confirmations.py):
the entry as published with three answers, the form for proposed changes, a thank-you
page per answer, and one page for a link that is used, expired or not ours.

Opening a link changes nothing (mail scanners open links too); every answer is a POST.
The pages are never cached and never indexed, and exist in German only, as the mail is.
"""

from django import forms
from django.conf import settings
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import models
from django.forms.models import modelform_factory
from django.shortcuts import redirect, render
from django.urls import translate_url
from django.utils import translation
from django.utils.decorators import method_decorator
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.views import View
from django.views.decorators.cache import never_cache
from django.views.generic.edit import FormMixin

from core import release
from core.forms import DescribedErrorsMixin
from core.versions import UnixNewlinesField
from core.views import PageMetaMixin, PublicFormView
from stakeholders import confirmations

Answer = confirmations.Answer
LANGUAGE = "de"

# What each problem with a link is called in the page's title, and its status code.
PROBLEMS = {
    "invalid": (_("Dieser Link funktioniert nicht"), 404),
    "expired": (_("Dieser Link ist abgelaufen"), 410),
    "used": (_("Dieser Link wurde schon benutzt"), 410),
    "unavailable": (_("Dieser Eintrag ist nicht mehr veröffentlicht"), 404),
}

# The answers given with a button on the first page.
BUTTON_ANSWERS = [Answer.CURRENT, Answer.NOT_RESPONSIBLE]

AUTOCOMPLETE = {"name": "organization", "website": "url", "place": "address-level2"}


def in_german(request):
    """These pages exist in German only: a request under /en/ is sent to the German
    address (a form sent there is answered in German where it was sent)."""
    if translation.get_language() == LANGUAGE:
        return None
    if request.method in ("GET", "HEAD"):
        return redirect(translate_url(request.get_full_path(), LANGUAGE))
    translation.activate(LANGUAGE)
    request.LANGUAGE_CODE = LANGUAGE
    return None


def problem_response(request, problem, typed=()):
    """The page for a link that cannot be answered; nothing was changed. `typed` are the
    values of a proposal sent with it, shown so that nothing typed is lost."""
    title, status = PROBLEMS[problem.kind]
    confirmation = problem.confirmation
    entry = confirmations.entry_of(confirmation) if confirmation is not None else None
    context = {
        "title": title,
        "noindex": True,
        "kind": problem.kind,
        "confirmation": confirmation,
        "entry": entry if entry is not None and entry.is_live else None,
        "entry_name": str(entry) if entry is not None else "",
        "link_days": settings.CONFIRMATION_LINK_DAYS,
        "typed": typed,
    }
    response = render(request, "stakeholders/confirmation_invalid.html", context, status=status)
    response.headers["Cache-Control"] = "no-cache, no-store, must-revalidate, private"
    return response


def published_fields(entry):
    """(label, value, is_address) of each public field a contact may change."""
    rows = []
    for field in confirmations.editable_fields(type(entry)):
        value = field.value_from_object(entry)
        rows.append((field.verbose_name, value, isinstance(field, models.URLField)))
    return rows


class AnswerForm(forms.Form):
    """The answer of a button on the first page."""

    answer = forms.ChoiceField(
        choices=[(answer.value, answer.label) for answer in BUTTON_ANSWERS],
        error_messages={
            "required": _("Bitte wählen Sie eine der Antworten."),
            "invalid_choice": _("Bitte wählen Sie eine der Antworten."),
        },
    )


class ProposedChangeForm(DescribedErrorsMixin, forms.ModelForm):
    """The public fields of an entry as its contact person proposes them, checked as the
    admin checks them (the model's validation). Made per model by `proposal_form`."""

    def __init__(self, *args, live=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.live = live

    def clean(self):
        cleaned = super().clean()
        if self.live is not None and not self.errors and not self.changed_names():
            raise ValidationError(
                _(
                    "Sie haben nichts geändert. Wenn alle Angaben stimmen, wählen Sie bitte "
                    "„Alles ist aktuell“."
                ),
                code="unchanged",
            )
        return cleaned

    def changed_names(self):
        """The fields whose proposed value differs from the published one."""
        return [
            name
            for name in self._meta.fields
            if name in self.cleaned_data
            and (self.cleaned_data[name] or "") != (getattr(self.live, name) or "")
        ]

    def _update_errors(self, errors):
        """Only the proposed fields' errors: the others are not the contact's to fix (and
        the form has no field to show them at)."""
        if hasattr(errors, "error_dict"):
            errors = ValidationError(
                {
                    name: messages
                    for name, messages in errors.error_dict.items()
                    if name == NON_FIELD_ERRORS or name in self.fields
                }
            )
            if not errors.error_dict:
                return
        super()._update_errors(errors)

    @property
    def typed(self):
        """(label, value) of what was typed, for a page that cannot store it."""
        return [(self.fields[name].label, self.data.get(name, "")) for name in self._meta.fields]


def proposal_field(db_field, **kwargs):
    """A form field as the admin makes it (https for addresses without a scheme, "\\n"
    line breaks), with German error messages."""
    if isinstance(db_field, models.URLField):
        kwargs["assume_scheme"] = "https"
    if isinstance(db_field, models.TextField):
        kwargs["form_class"] = UnixNewlinesField
        kwargs["widget"] = forms.Textarea(attrs={"rows": 6})
    field = db_field.formfield(**kwargs)
    field.error_messages["required"] = _("Bitte füllen Sie dieses Feld aus.")
    field.error_messages["max_length"] = _(
        "Bitte höchstens %(limit_value)d Zeichen (jetzt sind es %(show_value)d)."
    )
    if isinstance(db_field, models.URLField):
        field.error_messages["invalid"] = _(
            "Bitte geben Sie eine vollständige Adresse ein, z. B. https://www.example.org."
        )
        field.widget.input_type = "url"
    if db_field.name in AUTOCOMPLETE:
        field.widget.attrs["autocomplete"] = AUTOCOMPLETE[db_field.name]
    return field


def proposal_form(model):
    return modelform_factory(
        model,
        form=ProposedChangeForm,
        fields=list(model.contact_editable_fields),
        formfield_callback=proposal_field,
    )


@method_decorator(never_cache, name="dispatch")
class LinkView(PageMetaMixin, PublicFormView):
    """A page of a link that may be answered. A PublicFormView, so that a form sent with
    an expired security token comes back with what was typed (core.views.csrf_failure)."""

    noindex = True
    problem = None

    def setup(self, request, *args, **kwargs):
        super().setup(request, *args, **kwargs)
        self.token = kwargs["token"]
        self.confirmation = self.entry = None
        try:
            self.confirmation, self.entry = confirmations.open_request(self.token)
        except confirmations.LinkProblem as problem:
            self.problem = problem

    def dispatch(self, request, *args, **kwargs):
        if request.method.lower() not in self.http_method_names:
            return self.http_method_not_allowed(request, *args, **kwargs)
        if (sent_to_german := in_german(request)) is not None:
            return sent_to_german
        if self.problem is not None and request.method != "OPTIONS":
            return problem_response(request, self.problem, self.typed_values())
        return super().dispatch(request, *args, **kwargs)

    def typed_values(self):
        return ()

    def get_form_kwargs(self):
        return FormMixin.get_form_kwargs(self)  # a plain form: no `instance`

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            token=self.token,
            confirmation=self.confirmation,
            entry=self.entry,
            kind=self.entry._meta.verbose_name,
            fields=published_fields(self.entry),
            valid_until=confirmations.valid_until(self.confirmation),
            **kwargs,
        )

    def thanks(self):
        return redirect("stakeholders:confirmation-thanks", token=self.token)

    def token_expired(self):
        if self.problem is not None:
            return problem_response(self.request, self.problem, self.typed_values())
        in_german(self.request)
        self.object = None
        # The form again, with what was sent in it and without errors: nothing is stored.
        kwargs = self.get_form_kwargs()
        kwargs.pop("data", None)
        kwargs.pop("files", None)
        kwargs["initial"] = {**kwargs.get("initial", {}), **self.request.POST.dict()}
        form = self.get_form_class()(**kwargs)
        context = self.get_context_data(form=form, token_expired=True)
        return self.render_to_response(context, status=403)


class ConfirmationView(LinkView):
    """The entry as published, and the three answers."""

    template_name = "stakeholders/confirmation_choice.html"
    form_class = AnswerForm

    def get_title(self):
        return gettext("Ist Ihr Eintrag „%(name)s“ noch aktuell?") % {"name": self.entry}

    def form_valid(self, form):
        answer = form.cleaned_data["answer"]
        try:
            if answer == Answer.CURRENT:
                confirmations.confirm_current(self.confirmation, self.entry)
            else:
                confirmations.not_responsible(self.confirmation, self.entry)
        except confirmations.LinkProblem as problem:
            return problem_response(self.request, problem)
        return self.thanks()

    def form_invalid(self, form):
        response = super().form_invalid(form)
        response.status_code = 400
        return response


class ProposalView(LinkView):
    """The public fields in a form, prefilled as published; a valid proposal becomes a
    pending change for staff."""

    template_name = "stakeholders/confirmation_form.html"

    def get_title(self):
        return gettext("Änderungen vorschlagen: %(name)s") % {"name": self.entry}

    def get_form_class(self):
        return proposal_form(type(self.entry))

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        model = type(self.entry)
        # A copy of the published entry: the form checks the proposal on it, never saves.
        kwargs["instance"] = model._default_manager.get(pk=self.entry.pk)
        kwargs["live"] = self.entry
        return kwargs

    def typed_values(self):
        if self.request.method != "POST":
            return ()
        model = self.problem_model()
        if model is None:
            return ()
        return [
            (field.verbose_name, self.request.POST.get(field.name, ""))
            for field in confirmations.editable_fields(model)
            if self.request.POST.get(field.name, "").strip()
        ]

    def problem_model(self):
        if self.entry is not None:
            return type(self.entry)
        confirmation = self.problem.confirmation if self.problem else None
        if confirmation is None:
            return None
        model = confirmation.entry_type.model_class()
        return model if model is not None and hasattr(model, "contact_editable_fields") else None

    def form_valid(self, form):
        values = {name: form.cleaned_data[name] for name in form._meta.fields}
        try:
            confirmations.propose_changes(self.confirmation, self.entry, values)
        except confirmations.LinkProblem as problem:
            return problem_response(self.request, problem, form.typed)
        except release.ReleaseError:
            form.add_error(
                None,
                gettext(
                    "Zu diesem Eintrag prüft das Büro gerade eine andere Änderung, deshalb "
                    "können wir Ihren Vorschlag im Moment nicht annehmen. Ihre Eingaben stehen "
                    "unten. Bitte senden Sie sie in einigen Tagen noch einmal (der Link gilt "
                    "bis zum %(date)s) oder melden Sie sich bei uns."
                )
                % {"date": confirmations.valid_until(self.confirmation).strftime("%d.%m.%Y")},
            )
            response = self.form_invalid(form)
            response.status_code = 409
            return response
        return self.thanks()


@method_decorator(never_cache, name="dispatch")
class ThanksView(View):
    """After an answer: thanks, and what happens next."""

    http_method_names = ["get", "head", "options"]

    def get(self, request, token):
        if (sent_to_german := in_german(request)) is not None:
            return sent_to_german
        try:
            confirmation = confirmations.read(token)
        except confirmations.LinkProblem as problem:
            return problem_response(request, problem)
        if not confirmation.answer:
            return redirect("stakeholders:confirmation", token=token)
        entry = confirmations.entry_of(confirmation)
        context = {
            "title": str(THANKS_TITLES[confirmation.answer]),
            "noindex": True,
            "confirmation": confirmation,
            "entry": entry if entry is not None and entry.is_live else None,
            "entry_name": str(entry) if entry is not None else "",
            "again": confirmations.next_time(),
        }
        return render(request, "stakeholders/confirmation_thanks.html", context)


THANKS_TITLES = {
    Answer.CURRENT: _("Vielen Dank für Ihre Bestätigung"),
    Answer.CHANGES: _("Vielen Dank für Ihren Vorschlag"),
    Answer.NOT_RESPONSIBLE: _("Vielen Dank für Ihre Nachricht"),
}
