from django.urls import path
from django.utils.translation import gettext_lazy as _
from django.views.generic import TemplateView

from stakeholders import views

app_name = "stakeholders"

urlpatterns = [
    path("akteure/", views.GroupListView.as_view(), name="list"),
    path("akteure/<slug:slug>/", views.GroupDetailView.as_view(), name="detail"),
    path(
        "akteure/<slug:group_slug>/<slug:slug>/",
        views.ActorDetailView.as_view(),
        name="actor",
    ),
    path(
        "kontakt/",
        TemplateView.as_view(
            template_name="stakeholders/contact.html",
            extra_context={
                "title": _("Kontakt"),
                "description": _(
                    "So erreichen Sie newtrade nrw, das Büro für Nachhaltige Beschaffung: "
                    "Telefon und Anschrift."
                ),
            },
        ),
        name="contact",
    ),
    path("kontakt.vcf", views.OfficeVCardView.as_view(), name="vcard"),
]
