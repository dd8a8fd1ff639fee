from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.contrib.sitemaps import views as sitemap_views
from django.urls import include, path
from django.views.decorators.http import require_safe

from core.sitemaps import SITEMAP_XML
from core.views import logo_file
from newtrade import views
from newtrade.sitemaps import SITEMAPS

# The public site: German at the root, English under /en/.
urlpatterns = i18n_patterns(
    path("", views.NetworkView.as_view(), name="network"),
    path("suche/", views.SearchView.as_view(), name="search"),
    path("netzwerk.svg", views.NetworkPictureView.as_view(), name="network-svg"),
    path("", include("stakeholders.urls")),
    path("", include("partners.urls")),
    path("", include("pages.urls")),
    prefix_default_language=False,
)

# The back office's name in the header and title of pages outside the admin site's views.
BACK_OFFICE = {"site_header": admin.site.site_header, "site_title": admin.site.site_title}

# "Passwort vergessen?" on the back office's log-in page: Django's views and the admin's
# templates; the link in the mail is valid for PASSWORD_RESET_TIMEOUT (a day).
admin_password_reset = [
    path(
        "passwort-vergessen/",
        auth_views.PasswordResetView.as_view(extra_context=BACK_OFFICE),
        name="admin_password_reset",
    ),
    path(
        "passwort-vergessen/gesendet/",
        auth_views.PasswordResetDoneView.as_view(extra_context=BACK_OFFICE),
        name="password_reset_done",
    ),
    path(
        "passwort-neu/<uidb64>/<token>/",
        auth_views.PasswordResetConfirmView.as_view(extra_context=BACK_OFFICE),
        name="password_reset_confirm",
    ),
    path(
        "passwort-neu/fertig/",
        auth_views.PasswordResetCompleteView.as_view(extra_context=BACK_OFFICE),
        name="password_reset_complete",
    ),
]

urlpatterns += [
    # The sitemap index, and its sections in pages of at most 10,000 addresses.
    path(
        "sitemap.xml",
        require_safe(sitemap_views.index),
        {"sitemaps": SITEMAPS, "sitemap_url_name": "sitemap-section"},
        name="sitemap",
    ),
    path(
        "sitemap-<section>.xml",
        require_safe(sitemap_views.sitemap),
        {"sitemaps": SITEMAPS, "template_name": SITEMAP_XML},
        name="sitemap-section",
    ),
    path("robots.txt", views.RobotsView.as_view(), name="robots"),
    path("healthz", views.health, name="health"),
    # Logos and their scaled copies (core/images.py), under MEDIA_URL.
    path(f"{settings.MEDIA_URL.strip('/')}/logos/<str:name>", logo_file, name="logo-file"),
    path(settings.ADMIN_PATH, include(admin_password_reset)),
    # The second factor of every staff account (core/two_factor/) and its passkey endpoints.
    path(f"{settings.ADMIN_PATH}zweiter-faktor/", include("core.two_factor.urls")),
    path(f"{settings.ADMIN_PATH}zweiter-faktor/webauthn/", include("django_otp_webauthn.urls")),
    path(settings.ADMIN_PATH, admin.site.urls),
]

handler400 = "newtrade.views.bad_request"
handler403 = "newtrade.views.permission_denied"
handler404 = "newtrade.views.page_not_found"
handler500 = "newtrade.views.server_error"
