"""The content of the data migrations, for tests whose database was emptied."""

import importlib

from django.apps import apps

initial_network = importlib.import_module("stakeholders.migrations.0002_initial_network")
initial_partners = importlib.import_module("partners.migrations.0002_initial_partners")
editorial_group = importlib.import_module("stakeholders.migrations.0004_editorial_group")
english_groups = importlib.import_module("stakeholders.migrations.0008_english_group_texts")
initial_pages = importlib.import_module("pages.migrations.0002_initial_pages")
editorial_pages = importlib.import_module("pages.migrations.0003_editorial_permissions")


def load():
    initial_network.create_network(apps, schema_editor=None)
    initial_partners.create_partners(apps, schema_editor=None)
    editorial_group.create_editorial_group(apps, schema_editor=None)
    english_groups.add_english_texts(apps, schema_editor=None)
    initial_pages.create_pages(apps, schema_editor=None)
    editorial_pages.grant(apps, schema_editor=None)
