from django.urls import path
from django.utils.translation import gettext_lazy as _
from django.views.generic import TemplateView

from stakeholders import confirmation_views, proposal_views, views

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
    # The yearly confirmation of an entry by its contact person (stakeholders/confirmations.py)
    path(
        "eintrag-bestaetigen/<str:token>/",
        confirmation_views.ConfirmationView.as_view(),
        name="confirmation",
    ),
    path(
        "eintrag-bestaetigen/<str:token>/aendern/",
        confirmation_views.ProposalView.as_view(),
        name="confirmation-change",
    ),
    path(
        "eintrag-bestaetigen/<str:token>/danke/",
        confirmation_views.ThanksView.as_view(),
        name="confirmation-thanks",
    ),
    # "Partner werden" (stakeholders/proposals.py)
    path("mitmachen/", proposal_views.ProposalView.as_view(), name="propose"),
    path("mitmachen/gesendet/", proposal_views.ProposalSentView.as_view(), name="proposal-sent"),
    path(
        "mitmachen/bestaetigen/<str:token>/",
        proposal_views.ProposalConfirmView.as_view(),
        name="proposal-confirm",
    ),
    path(
        "mitmachen/bestaetigt/",
        proposal_views.ProposalConfirmedView.as_view(),
        name="proposal-confirmed",
    ),
]
