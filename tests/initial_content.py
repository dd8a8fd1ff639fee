"""The content of the data migrations: loaded for the tests of that content, and
removed from the test database, so that every other test builds its own data."""

import importlib

from django.apps import apps

initial_network = importlib.import_module("stakeholders.migrations.0002_initial_network")
initial_partners = importlib.import_module("partners.migrations.0002_initial_partners")
editorial_group = importlib.import_module("stakeholders.migrations.0004_editorial_group")
english_groups = importlib.import_module("stakeholders.migrations.0008_english_group_texts")
initial_pages = importlib.import_module("pages.migrations.0002_initial_pages")
editorial_pages = importlib.import_module("pages.migrations.0003_editorial_permissions")
editorial_reports = importlib.import_module("partners.migrations.0007_editorial_entry_reports")
release_group = importlib.import_module("stakeholders.migrations.0015_release_group")

# What the data migrations create, in an order that deletes without breaking a
# protected foreign key. The staff roles (auth groups) stay: they are setup, not content.
CONTENT_MODELS = [
    "partners.Partner",
    "stakeholders.ContactPerson",
    "stakeholders.Actor",
    "stakeholders.StakeholderGroup",
    "stakeholders.Office",
    "taggit.Tag",
    "pages.Page",
    "pages.AccessibilityStatement",
]


def load():
    initial_network.create_network(apps, schema_editor=None)
    initial_partners.create_partners(apps, schema_editor=None)
    english_groups.add_english_texts(apps, schema_editor=None)
    initial_pages.create_pages(apps, schema_editor=None)
    load_staff_roles()


def load_staff_roles():
    """The staff roles of the data migrations (a live server's database loses them after
    each test)."""
    editorial_group.create_editorial_group(apps, schema_editor=None)
    editorial_pages.grant(apps, schema_editor=None)
    editorial_reports.grant(apps, schema_editor=None)
    release_group.create_release_group(apps, schema_editor=None)


def remove():
    """Delete the initial content and its history."""
    for label in CONTENT_MODELS:
        model = apps.get_model(label)
        model._default_manager.all().delete()
    for label in CONTENT_MODELS:
        model = apps.get_model(label)
        if history := getattr(model, "history", None):
            history.all().delete()
