"""The content of the data migrations, for tests whose database was emptied."""

import importlib

from django.apps import apps

initial_network = importlib.import_module("stakeholders.migrations.0002_initial_network")
initial_partners = importlib.import_module("partners.migrations.0002_initial_partners")
editorial_group = importlib.import_module("stakeholders.migrations.0004_editorial_group")


def load():
    initial_network.create_network(apps, schema_editor=None)
    initial_partners.create_partners(apps, schema_editor=None)
    editorial_group.create_editorial_group(apps, schema_editor=None)
