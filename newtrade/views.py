"""Site-wide pages that bring the apps together."""

import logging
import sys

from django.db import DatabaseError, connection
from django.http import JsonResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import requires_csrf_token
from django.views.generic import ListView, TemplateView

from core.forms import SearchForm
from core.views import PageMetaMixin, page_meta
from newtrade.network_map import NetworkMap
from partners.models import Partner
from stakeholders.models import Actor, Office, StakeholderGroup

logger = logging.getLogger(__name__)


class NetworkView(PageMetaMixin, TemplateView):
    """The home page "Das Netzwerk": the groups in their roles and the first partners."""

    template_name = "network.html"
    title = gettext_lazy("Das Netzwerk")
    partners_shown = 12

    def get_context_data(self, **kwargs):
        partners = Partner.objects.listed()
        groups = list(StakeholderGroup.objects.with_member_counts())
        office = Office.objects.current()
        return super().get_context_data(
            office=office,  # read once, for the page and for the picture
            groups=groups,
            network=NetworkMap.from_database(groups, office),
            partners=partners.with_related()[: self.partners_shown],
            partner_count=partners.count(),
            **kwargs,
        )


class NetworkPictureView(TemplateView):
    """The network picture as an SVG file of its own, e.g. to print or to embed."""

    template_name = "network.svg"
    content_type = "image/svg+xml; charset=utf-8"

    def get_context_data(self, **kwargs):
        return super().get_context_data(network=NetworkMap.from_database(), **kwargs)


class SearchView(PageMetaMixin, ListView):
    """Search in the published partners (20 a page) and the public actors."""

    template_name = "search.html"
    context_object_name = "partners"
    paginate_by = 20
    actors_shown = 20

    def get_title(self):
        if self.form.query:
            return _("Suche nach „%(query)s“") % {"query": self.form.query}
        return _("Suche")

    def get_description(self):
        if self.form.query:
            return ""
        return _(
            "Suchen Sie in den Partnerangeboten und bei den Akteuren im Netzwerk von newtrade nrw."
        )

    def get_noindex(self):
        return bool(self.form.query)  # a list of results is no page of its own

    def get_queryset(self):
        self.form = SearchForm(self.request.GET)
        if not self.form.query:
            return Partner.objects.none()
        return Partner.objects.published().with_related().search(self.form.query)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(form=self.form, terms=self.form.terms, **kwargs)
        if self.form.query:
            actors = Actor.objects.public().with_group().search(self.form.query)
            context["actors"] = actors[: self.actors_shown]
            context["actor_count"] = actors.count()
            context["hit_count"] = context["paginator"].count + context["actor_count"]
        else:
            context["tags"] = Partner.objects.listed().tags()
        return context


class RobotsView(TemplateView):
    template_name = "robots.txt"
    content_type = "text/plain; charset=utf-8"


@requires_csrf_token
def page_not_found(request, exception):
    """The 404 page in the site's design."""
    context = page_meta(_("Seite nicht gefunden"), noindex=True)
    return render(request, "404.html", context, status=404)


@requires_csrf_token
def bad_request(request, exception):
    """The 400 page in the site's design, e.g. for a form sent with far too much text."""
    context = page_meta(_("Ungültige Anfrage"), noindex=True)
    return render(request, "400.html", context, status=400)


def server_error(request):
    """The 500 page in the site's design, with the phone number when it can be read.

    When the database is down, visitors get the 503 page instead: the site is
    not broken, only unavailable for a moment.
    """
    if isinstance(sys.exc_info()[1], DatabaseError):
        context = {"office": None, **page_meta(_("Vorübergehend nicht erreichbar"), noindex=True)}
        response = render(request, "503.html", context, status=503)
        response["Retry-After"] = "60"
        return response
    try:
        office = Office.objects.current()
    except DatabaseError:
        office = None
    context = {"office": office, **page_meta(_("Technischer Fehler"), noindex=True)}
    return render(request, "500.html", context, status=500)


@never_cache
def health(request):
    """200 while the database answers, 503 otherwise: for load balancers and monitoring."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
    except DatabaseError:
        logger.exception("Health check: the database does not answer")
        return JsonResponse({"status": "unavailable", "database": False}, status=503)
    return JsonResponse({"status": "ok", "database": True})
