from django.urls import path
from django.utils.translation import gettext_lazy as _
from django.views.generic import TemplateView

from pages import views
from pages.models import Page

app_name = "pages"

urlpatterns = [
    path(
        "barrierefreiheit/",
        views.AccessibilityStatementView.as_view(),
        name="barrierefreiheit",
    ),
    path("barriere-melden/", views.BarrierReportView.as_view(), name="barriere-melden"),
    path(
        "barriere-melden/danke/",
        TemplateView.as_view(
            template_name="pages/barriere_gemeldet.html",
            extra_context={"title": _("Vielen Dank für Ihre Meldung"), "noindex": True},
        ),
        name="barriere-gemeldet",
    ),
    path(
        "leichte-sprache/",
        views.PageView.as_view(
            slug=Page.Slug.EASY_LANGUAGE,
            title=_("Leichte Sprache"),
            description=_(
                "Informationen über newtrade nrw und diese Internet-Seite in Leichter Sprache."
            ),
        ),
        name="leichte-sprache",
    ),
    path("gebaerdensprache/", views.SignLanguageView.as_view(), name="gebaerdensprache"),
    path(
        "gebaerdensprache/video/<int:pk>/",
        views.SignLanguageVideoFileView.as_view(),
        name="video",
    ),
    path(
        "impressum/",
        views.PageView.as_view(slug=Page.Slug.IMPRINT, title=_("Impressum")),
        name="impressum",
    ),
    path("datenschutz/", views.PrivacyView.as_view(), name="datenschutz"),
]
