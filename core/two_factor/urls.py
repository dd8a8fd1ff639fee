"""The second factor's pages, under the back office's address (newtrade/urls.py)."""

from django.urls import path

from core.two_factor import views

app_name = "two_factor"

urlpatterns = [
    path("", views.ManageView.as_view(), name="manage"),
    path("bestaetigen/", views.VerifyView.as_view(), name="verify"),
    path("wiederherstellungscode/", views.RecoveryView.as_view(), name="recovery"),
    path("einrichten/", views.SetupView.as_view(), name="setup"),
    path("einrichten/app/", views.SetupAppView.as_view(), name="setup-app"),
    path("einrichten/passkey/", views.SetupPasskeyView.as_view(), name="setup-passkey"),
    path("wiederherstellungscodes/", views.RecoveryCodesView.as_view(), name="codes"),
    path("zuruecksetzen/<int:user_id>/", views.ResetView.as_view(), name="reset"),
]
