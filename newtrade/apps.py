from django.contrib.admin.apps import AdminConfig


class NewtradeAdminConfig(AdminConfig):
    default_site = "newtrade.admin.NewtradeAdminSite"
