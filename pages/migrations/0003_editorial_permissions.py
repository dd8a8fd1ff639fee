"""The group "Redaktion" also edits the fixed pages and handles barrier reports."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

PERMISSIONS = [
    "change_page",
    "view_page",
    "change_accessibilitystatement",
    "view_accessibilitystatement",
    "change_barrierreport",
    "view_barrierreport",
    "add_signlanguagevideo",
    "change_signlanguagevideo",
    "view_signlanguagevideo",
]


def grant(apps, schema_editor):
    app_config = apps.get_app_config("pages")
    original = getattr(app_config, "models_module", None)
    app_config.models_module = original or True
    create_permissions(app_config, apps=apps, verbosity=0)
    app_config.models_module = original
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group, _ = Group.objects.get_or_create(name="Redaktion")
    group.permissions.add(
        *Permission.objects.filter(content_type__app_label="pages", codename__in=PERMISSIONS)
    )


class Migration(migrations.Migration):
    dependencies = [
        ("pages", "0002_initial_pages"),
        ("stakeholders", "0004_editorial_group"),
    ]

    operations = [migrations.RunPython(grant, migrations.RunPython.noop)]
