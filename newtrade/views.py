"""Site-wide pages that bring the apps together."""

import logging
import sys

from django.contrib import admin
from django.core.exceptions import DisallowedHost
from django.db import DatabaseError, connection
from django.http import HttpResponse, JsonResponse
from django.shortcuts import render
from django.template import loader
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import requires_csrf_token
from django.views.decorators.http import require_safe
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
        groups = list(StakeholderGroup.objects.with_member_counts())
        office = Office.objects.current()
        return super().get_context_data(
            office=office,  # read once, for the page and for the picture
            groups=groups,
            network=NetworkMap.from_database(groups, office),
            partners=Partner.objects.listed().with_related()[: self.partners_shown],
            # Every partner belongs to a group: the groups' counts add up to all of them.
            partner_count=sum(group.published_partner_count for group in groups),
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


# --- Error pages ----------------------------------------------------------------
# Inside the back office an error keeps its frame (header, navigation, German text and
# a way back); elsewhere visitors get the error pages in the site's design.

ADMIN_ERRORS = {
    403: (
        gettext_lazy("Keine Berechtigung"),
        gettext_lazy(
            "Diese Seite gehört nicht zu Ihren Aufgaben im Backoffice: Ihre Rolle darf sie "
            "nicht öffnen. Brauchen Sie den Zugang, wenden Sie sich an eine Administratorin "
            "oder einen Administrator des Büros."
        ),
    ),
    404: (
        gettext_lazy("Seite nicht gefunden"),
        gettext_lazy(
            "Diese Seite gibt es im Backoffice nicht. Die Adresse ist vielleicht falsch "
            "geschrieben, oder der Eintrag wurde gelöscht."
        ),
    ),
    500: (
        gettext_lazy("Technischer Fehler"),
        gettext_lazy(
            "Wegen eines technischen Fehlers kann diese Seite gerade nicht angezeigt werden. "
            "Der Fehler ist protokolliert. Bitte versuchen Sie es in einigen Minuten noch einmal."
        ),
    ),
    503: (
        gettext_lazy("Vorübergehend nicht erreichbar"),
        gettext_lazy(
            "Die Datenbank antwortet gerade nicht. Ihre gespeicherten Einträge sind davon nicht "
            "betroffen. Bitte versuchen Sie es in einer Minute noch einmal."
        ),
    ),
}


def in_back_office(request):
    return request.path.startswith(reverse("admin:index"))


def previous_back_office_page(request):
    """The page the link was followed from, if it is one of the back office's own."""
    referer = request.headers.get("referer", "")
    try:
        host = request.get_host()
    except DisallowedHost:  # a host we do not serve has no page of ours to go back to
        return ""
    same_site = url_has_allowed_host_and_scheme(
        referer, allowed_hosts={host}, require_https=request.is_secure()
    )
    if not same_site or referer == request.build_absolute_uri():
        return ""
    path = referer.split(host, 1)[-1]
    return referer if path.startswith(reverse("admin:index")) else ""


def back_office_error(request, status):
    """An error page inside the back office's frame, with its navigation for the
    signed-in staff member and links back to the start page and the previous page."""
    title, message = ADMIN_ERRORS[status]
    try:
        context = admin.site.each_context(request)
    except DatabaseError:
        context = {"site_header": admin.site.site_header, "site_title": admin.site.site_title}
    context.update(title=title, message=message, back=previous_back_office_page(request))
    return render(request, "admin/error.html", context, status=status)


def back_office_server_error(status):
    """The back office's 500 or 503 page: rendered without the request's context
    (no session, user or database), so it shows even when they are what failed."""
    title, message = ADMIN_ERRORS[status]
    context = {
        "site_header": admin.site.site_header,
        "site_title": admin.site.site_title,
        "site_url": "/",
        "title": title,
        "message": message,
    }
    return loader.render_to_string("admin/error.html", context)


@requires_csrf_token
def permission_denied(request, exception):
    """403 in the site's design, or in the back office's frame there."""
    if in_back_office(request):
        return back_office_error(request, 403)
    return render(request, "403.html", page_meta(_("Kein Zugriff"), noindex=True), status=403)


@requires_csrf_token
def page_not_found(request, exception):
    """The 404 page in the site's design, or in the back office's frame there."""
    if in_back_office(request):
        return back_office_error(request, 404)
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
    not broken, only unavailable for a moment. Inside the back office both keep
    its frame.
    """
    database_down = isinstance(sys.exc_info()[1], DatabaseError)
    if in_back_office(request):
        status = 503 if database_down else 500
        response = HttpResponse(back_office_server_error(status), status=status)
        if database_down:
            response["Retry-After"] = "60"
        return response
    if database_down:
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


@require_safe
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
