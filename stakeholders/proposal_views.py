"""The pages of "Partner werden": the form, the request to confirm the address, the page
of the link in the mail with its button, and the thanks (stakeholders/proposals.py)."""

import logging
import re

from django.shortcuts import redirect, render
from django.urls import reverse_lazy
from django.utils import translation
from django.utils.decorators import method_decorator
from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _
from django.views import View
from django.views.decorators.cache import never_cache
from django.views.generic import TemplateView

from core.phone import format_phone
from core.views import PageMetaMixin, PublicFormView, page_meta
from stakeholders import proposals
from stakeholders.forms import ProposalForm
from stakeholders.models import Proposal, StakeholderGroup

logger = logging.getLogger(__name__)

MAIL_FAILED = _(
    "Wir konnten Ihnen die E-Mail zum Bestätigen gerade nicht schicken, deshalb ist Ihr "
    "Vorschlag noch nicht gespeichert. Bitte prüfen Sie Ihre E-Mail-Adresse und senden Sie "
    "das Formular noch einmal, oder rufen Sie uns an."
)

# The titles of the page for a link that does not work (the texts are in its template).
BAD_LINK_TITLES = {
    proposals.LinkProblem.TAMPERED: _("Dieser Link ist ungültig"),
    proposals.LinkProblem.GONE: _("Diesen Vorschlag gibt es nicht mehr"),
    proposals.LinkProblem.EXPIRED: _("Dieser Link ist abgelaufen"),
    proposals.LinkProblem.USED: _("Ihr Vorschlag ist schon bestätigt"),
}


class ProposalView(PageMetaMixin, PublicFormView):
    """ "Partner werden": stores the proposal unconfirmed and mails the link to confirm it.
    Links from a group's page or the partner list preselect the group or the kind
    (?gruppe=<slug>, ?art=angebot)."""

    form_class = ProposalForm
    template_name = "stakeholders/proposal_form.html"
    success_url = reverse_lazy("stakeholders:proposal-sent")
    title = _("Partner werden")
    description = _(
        "Schlagen Sie Ihre Organisation als Akteur im Netzwerk von newtrade nrw vor, oder "
        "ein Angebot, das öffentlichen Beschaffenden hilft."
    )
    mail_failed = False

    def get_initial(self):
        initial = {}
        kind = self.request.GET.get("art", "")
        if kind in Proposal.Kind.values:
            initial["kind"] = kind
        group = StakeholderGroup.objects.filter(slug=self.request.GET.get("gruppe", "")[:120])
        if group := group.first():
            initial["group"] = group.pk
        return initial

    def form_valid(self, form):
        form.instance.language = proposals.known_language(translation.get_language())
        response = super().form_valid(form)
        if self.mail_failed:
            form.add_error(None, MAIL_FAILED)
            response = self.form_invalid(form)
            response.status_code = 503
        return response

    def stored(self, proposal):
        """Mail the link; without it the proposal could never be confirmed, so it is
        deleted again and the form comes back with what was typed."""
        try:
            proposals.send_confirmation_request(proposal)
        except Exception:
            logger.exception("Could not send the confirmation link of proposal %s", proposal.pk)
            proposal.delete()
            self.mail_failed = True

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            privacy_anchor=ProposalForm.privacy_anchor(), link_days=proposals.link_days(), **kwargs
        )


class ProposalSentView(PageMetaMixin, TemplateView):
    template_name = "stakeholders/proposal_sent.html"
    title = _("Bitte bestätigen Sie Ihre E-Mail-Adresse")
    noindex = True

    def get_context_data(self, **kwargs):
        return super().get_context_data(link_days=proposals.link_days(), **kwargs)


class ProposalConfirmedView(PageMetaMixin, TemplateView):
    template_name = "stakeholders/proposal_confirmed.html"
    title = _("Vielen Dank, Ihr Vorschlag ist bestätigt")
    noindex = True


@method_decorator(never_cache, name="dispatch")
class ProposalConfirmView(View):
    """The link in the mail. Opening it shows the proposal and the button "Vorschlag
    bestätigen" and changes nothing (mail scanners open links); only the button's POST
    confirms. A link that does not work gets a page that says why, and nothing changes."""

    http_method_names = ["get", "head", "post", "options"]

    def get(self, request, token):
        check = proposals.check_link(token)
        if not check.ok:
            return bad_link(request, check.problem)
        context = {
            **page_meta(_("Vorschlag bestätigen"), noindex=True),
            "proposal": check.proposal,
            "expires_at": proposals.link_expires_at(check.proposal),
            "phone": format_phone(check.proposal.contact_phone),
            "website": breakable(check.proposal.website),
            "email": breakable(check.proposal.contact_email),
        }
        return render(request, "stakeholders/proposal_confirm.html", context)

    def post(self, request, token):
        check = proposals.check_link(token)
        if not check.ok:
            return bad_link(request, check.problem)
        if not proposals.confirm(check.proposal):
            return bad_link(request, proposals.LinkProblem.USED)  # confirmed a moment ago
        return redirect("stakeholders:proposal-confirmed")


def breakable(text):
    """`text` (an address) with a chance to wrap after each "/", ".", "-" and "@", so that
    a long one fits a phone's width; copied, it stays as it was (<wbr> adds nothing)."""
    return mark_safe("<wbr>".join(escape(part) for part in re.split(r"(?<=[/.@-])", text)))


def bad_link(request, problem):
    context = {
        **page_meta(BAD_LINK_TITLES[problem], noindex=True),
        "problem": problem.value,
        "link_days": proposals.link_days(),
    }
    return render(request, "stakeholders/proposal_bad_link.html", context, status=problem.status)
