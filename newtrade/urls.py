from django.contrib import admin
from django.urls import include, path

from newtrade.views import NetworkView

urlpatterns = [
    path("", NetworkView.as_view(), name="network"),
    path("", include("stakeholders.urls")),
    path("partner/", include("partners.urls")),
    path("admin/", admin.site.urls),
]

handler500 = "newtrade.views.server_error"
