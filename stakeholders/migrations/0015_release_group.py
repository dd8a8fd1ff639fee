"""The group "Freigabe": staff who release what "Redaktion" changes (the second pair of
eyes, core/release.py). They view and change partners, actors and the fixed pages and
release their changes; they view what belongs to them (groups, contact persons, tags, the
office) and the list of submissions. "Redaktion" sees the submissions too, but releases
nothing. Running it again changes nothing."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

RELEASE_GROUP = "Freigabe"
EDITORIAL_GROUP = "Redaktion"

RELEASE_PERMISSIONS = {
    "partners": ["view_partner", "change_partner", "release_partner"],
    "stakeholders": [
        "view_actor",
        "change_actor",
        "release_actor",
        "view_stakeholdergroup",
        "view_contactperson",
        "view_office",
    ],
    "pages": ["view_page", "change_page", "release_page"],
    "taggit": ["view_tag"],
    "core": ["view_pendingchange"],
}
EDITORIAL_PERMISSIONS = {"core": ["view_pendingchange"]}


def permissions(apps, wanted):
    Permission = apps.get_model("auth", "Permission")
    found = []
    for app_label, codenames in wanted.items():
        found += Permission.objects.filter(
            content_type__app_label=app_label, codename__in=codenames
        )
    return found


def create_release_group(apps, schema_editor):
    # Permissions are normally created after all migrations; make sure they exist now.
    for app_config in apps.get_app_configs():
        original = getattr(app_config, "models_module", None)
        app_config.models_module = original or True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = original
    Group = apps.get_model("auth", "Group")
    release_group, _ = Group.objects.get_or_create(name=RELEASE_GROUP)
    release_group.permissions.add(*permissions(apps, RELEASE_PERMISSIONS))
    editorial_group, _ = Group.objects.get_or_create(name=EDITORIAL_GROUP)
    editorial_group.permissions.add(*permissions(apps, EDITORIAL_PERMISSIONS))


class Migration(migrations.Migration):
    dependencies = [
        ("stakeholders", "0014_release_permission"),
        ("partners", "0010_release_permission"),
        ("pages", "0008_release_permission"),
        ("core", "0002_pendingchange"),
        ("stakeholders", "0004_editorial_group"),
    ]

    operations = [migrations.RunPython(create_release_group, migrations.RunPython.noop)]
