"""The group "Redaktion": office staff who grow the network.

They may add, change and view groups, actors, contact persons, partners, tags
and the office data, and see their history; they may not delete anything and
may not manage users. Running it again changes nothing.
"""

from django.contrib.auth.management import create_permissions
from django.db import migrations

EDITORIAL_GROUP = "Redaktion"

MODELS = [
    ("stakeholders", "stakeholdergroup"),
    ("stakeholders", "actor"),
    ("stakeholders", "contactperson"),
    ("stakeholders", "office"),
    ("partners", "partner"),
    ("taggit", "tag"),
]
ACTIONS = ["add", "change", "view"]


def create_editorial_group(apps, schema_editor):
    # Permissions are normally created after all migrations; make sure they exist now.
    for app_config in apps.get_app_configs():
        original = getattr(app_config, "models_module", None)
        app_config.models_module = original or True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = original

    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group, _ = Group.objects.get_or_create(name=EDITORIAL_GROUP)
    codenames = [f"{action}_{model}" for _, model in MODELS for action in ACTIONS]
    apps_labels = {app for app, _ in MODELS}
    permissions = Permission.objects.filter(
        content_type__app_label__in=apps_labels, codename__in=codenames
    )
    group.permissions.add(*permissions)


class Migration(migrations.Migration):
    dependencies = [
        ("stakeholders", "0003_partnership_and_history"),
        ("partners", "0003_partnership_and_history"),
        ("taggit", "0006_rename_taggeditem_content_type_object_id_taggit_tagg_content_8fc721_idx"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(create_editorial_group, migrations.RunPython.noop)]
