from django.urls import path
from django.views.decorators.http import require_safe

from partners import feeds, views

app_name = "partners"

urlpatterns = [
    path("partner/", views.PartnerListView.as_view(), name="list"),
    path("partner/<slug:slug>/", views.PartnerDetailView.as_view(), name="detail"),
    path("partner/<slug:slug>/melden/", views.EntryReportView.as_view(), name="report"),
    path(
        "partner/<slug:slug>/melden/danke/",
        views.EntryReportedView.as_view(),
        name="reported",
    ),
    path("partner.json", views.PartnerJSONView.as_view(), name="json"),
    path("partner.csv", views.PartnerCSVView.as_view(), name="csv"),
    path("feeds/partner/", require_safe(feeds.LatestPartnersFeed()), name="feed"),
]
