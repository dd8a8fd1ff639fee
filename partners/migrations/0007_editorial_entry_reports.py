"""The group "Redaktion" handles visitors' reports on entries: it views them and marks
them done (as it already does with barrier reports). Running it again changes nothing."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

PERMISSIONS = ["view_entryreport", "change_entryreport"]


def grant(apps, schema_editor):
    app_config = apps.get_app_config("partners")
    original = getattr(app_config, "models_module", None)
    app_config.models_module = original or True
    create_permissions(app_config, apps=apps, verbosity=0)
    app_config.models_module = original
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group, _ = Group.objects.get_or_create(name="Redaktion")
    group.permissions.add(
        *Permission.objects.filter(content_type__app_label="partners", codename__in=PERMISSIONS)
    )


class Migration(migrations.Migration):
    dependencies = [
        ("partners", "0006_history_tags"),
        ("stakeholders", "0004_editorial_group"),
    ]

    operations = [migrations.RunPython(grant, migrations.RunPython.noop)]
