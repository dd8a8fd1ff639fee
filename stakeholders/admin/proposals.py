"""Proposals from the form "Partner werden" in the back office (stakeholders/proposals.py):
a read-only list of the confirmed ones, and a page per proposal with the buttons "Annehmen"
and "Ablehnen", for staff who may change the entries the proposals become."""

from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied
from django.http import HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from core.admin import titled
from core.phone import format_phone
from stakeholders import proposals
from stakeholders.models import Proposal

OPEN = "offen"


class DecisionFilter(admin.SimpleListFilter):
    title = _("Entscheidung")
    parameter_name = "entscheidung"

    def lookups(self, request, model_admin):
        return [
            (OPEN, _("offen")),
            (Proposal.Decision.ACCEPTED, _("angenommen")),
            (Proposal.Decision.DECLINED, _("abgelehnt")),
        ]

    def queryset(self, request, queryset):
        if self.value() == OPEN:
            return queryset.filter(decision=Proposal.Decision.OPEN)
        if self.value() in (Proposal.Decision.ACCEPTED, Proposal.Decision.DECLINED):
            return queryset.filter(decision=self.value())
        return queryset


class KindFilter(admin.SimpleListFilter):
    title = _("Art")
    parameter_name = "art"

    def lookups(self, request, model_admin):
        return [(Proposal.Kind.ACTOR, _("Akteur")), (Proposal.Kind.RESOURCE, _("Angebot"))]

    def queryset(self, request, queryset):
        if self.value() in Proposal.Kind.values:
            return queryset.filter(kind=self.value())
        return queryset


def moment(value):
    return timezone.localtime(value).strftime("%d.%m.%Y, %H:%M") if value else "—"


@admin.register(Proposal)
class ProposalAdmin(admin.ModelAdmin):
    """Confirmed proposals only: an unconfirmed one may be a stranger's typing and is
    deleted once its link expires. Nobody adds or edits a proposal; staff decide."""

    list_display = ["received", "organisation", "kind_column", "group", "decision_column"]
    list_filter = [DecisionFilter, KindFilter, titled("group", _("Akteursgruppe"))]
    search_fields = ["organisation", "contact_name", "contact_email", "description"]
    list_select_related = ["group", "decided_by"]
    ordering = ["-confirmed_at", "-pk"]
    review_template = "stakeholders/proposal_review.html"

    @admin.display(description=_("eingegangen"), ordering="created_at")
    def received(self, proposal):
        return moment(proposal.created_at)

    @admin.display(description=_("Art"), ordering="kind")
    def kind_column(self, proposal):
        return proposals.entry_kind(proposal)

    @admin.display(description=_("Entscheidung"), ordering="decision")
    def decision_column(self, proposal):
        return proposal.get_decision_display()

    # --- Who sees what ---------------------------------------------------------------------

    def get_queryset(self, request):
        kinds = proposals.handled_kinds(request.user)
        return super().get_queryset(request).filter(confirmed_at__isnull=False, kind__in=kinds)

    def has_module_permission(self, request):
        return proposals.may_handle(request.user)

    def has_view_permission(self, request, obj=None):
        return proposals.may_handle(request.user, obj.kind if obj else None)

    def has_change_permission(self, request, obj=None):
        return False  # nothing to edit: staff decide with the buttons of the proposal's page

    def changelist_view(self, request, extra_context=None):
        context = {"title": gettext("Vorschläge aus „Partner werden“"), **(extra_context or {})}
        return super().changelist_view(request, context)

    def has_add_permission(self, request):
        return False  # proposals come from the public form only

    # --- The proposal's page -----------------------------------------------------------------

    def change_view(self, request, object_id, form_url="", extra_context=None):
        if not self.has_view_permission(request):
            raise PermissionDenied
        proposal = self.get_object(request, unquote(object_id))
        if proposal is None:  # unknown, unconfirmed, or of a kind this user may not decide
            return self._get_obj_does_not_exist_redirect(request, self.opts, object_id)
        message, message_error = proposals.default_decline_message(proposal), None
        if request.method == "POST":
            if "_accept" in request.POST:
                return self.accept(request, proposal)
            if "_decline" in request.POST:
                message = request.POST.get("message", "")
                response, message_error = self.decline(request, proposal, message)
                if response is not None:
                    return response
        return self.review_response(request, proposal, message, message_error)

    def accept(self, request, proposal):
        try:
            entry = proposals.accept(proposal, request.user)
        except proposals.ProposalError as error:
            self.message_user(request, str(error), messages.ERROR)
            return HttpResponseRedirect(request.path)
        text = gettext(
            "Der Vorschlag „%(organisation)s“ ist angenommen. Hier ist sein Eintrag, noch "
            "nicht veröffentlicht. %(next)s"
        ) % {
            "organisation": proposal.organisation,
            "next": proposals.release_hint(request.user, type(entry)),
        }
        self.log_change(request, proposal, gettext("Vorschlag angenommen"))
        self.message_user(request, text, messages.SUCCESS)
        return HttpResponseRedirect(entry.admin_url)

    def decline(self, request, proposal, message):
        """(redirect, None) once declined or when it may not be; (None, error) to show the
        page again with the typed message and the error beside it."""
        try:
            outcome = proposals.decline(proposal, request.user, message)
        except proposals.ProposalError as error:
            proposal.refresh_from_db()
            if proposal.decision:  # decided meanwhile, perhaps by a colleague
                self.message_user(request, str(error), messages.ERROR)
                return HttpResponseRedirect(request.path), None
            return None, str(error)  # no message, or the mail could not be sent
        self.log_change(request, proposal, gettext("Vorschlag abgelehnt"))
        self.message_user(request, declined_message(proposal, outcome), messages.SUCCESS)
        return HttpResponseRedirect(self.next_page(request)), None

    def next_page(self, request):
        """After a decision: the proposals still open, or the start page once none is."""
        if not self.get_queryset(request).filter(decision=Proposal.Decision.OPEN).exists():
            return reverse("admin:index")
        changelist = reverse("admin:stakeholders_proposal_changelist")
        return f"{changelist}?{urlencode({'entscheidung': OPEN})}"

    def review_response(self, request, proposal, message, message_error=None):
        entry = proposals.entry_of(proposal)
        context = {
            **self.admin_site.each_context(request),
            "title": gettext("Vorschlag: %(organisation)s") % {"organisation": proposal},
            "subtitle": None,
            "opts": self.opts,
            "proposal": proposal,
            "kind": proposals.entry_kind(proposal),
            "phone": format_phone(proposal.contact_phone),
            "entry": entry,
            "entry_kept_because": proposals.kept_because(entry) if entry else "",
            "message": message,
            "message_error": message_error,
            "release_hint": proposals.release_hint(
                request.user, proposals.entry_model(proposal.kind)
            ),
        }
        return TemplateResponse(request, self.review_template, context)


def declined_message(proposal, outcome):
    text = gettext(
        "Der Vorschlag „%(organisation)s“ ist abgelehnt; die Nachricht ist an %(name)s "
        "(%(email)s) gesendet."
    ) % {
        "organisation": proposal.organisation,
        "name": proposal.contact_name,
        "email": proposal.contact_email,
    }
    if outcome.deleted:
        return (
            text
            + " "
            + gettext(
                "Der unveröffentlichte Eintrag „%(entry)s“ ist gelöscht; unter „Zuletzt gelöscht“ "
                "auf der Startseite lässt er sich wiederherstellen."
            )
            % {"entry": outcome.entry_name}
        )
    if outcome.entry_name:
        return (
            text
            + " "
            + gettext("Der Eintrag „%(entry)s“ bleibt erhalten, weil %(reason)s.")
            % {"entry": outcome.entry_name, "reason": outcome.kept_because}
        )
    return text
