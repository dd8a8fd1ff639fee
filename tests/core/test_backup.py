"""Export and import of the whole network (core/backup.py): nothing lost, nothing
touched by a bad file."""

import datetime
import json

import pytest
from django.apps import apps
from django.conf import settings
from django.contrib.admin.models import CHANGE, LogEntry
from django.contrib.auth.models import Group, User
from django.contrib.contenttypes.models import ContentType
from django.core import serializers
from django.core.management import CommandError, call_command

from pages.models import BarrierReport, Page
from partners.models import Partner
from stakeholders.models import EntryConfirmation, Proposal
from tests.browser.harness import restore_staff_roles
from tests.factories import SampleNetwork, make_contact, make_entry_report, make_partner


def snapshot():
    """Every row of every model the backup covers, as comparable JSON."""
    rows = {}
    for label in settings.BACKUP_LABELS:
        models = (
            [apps.get_model(label)]
            if "." in label
            else list(apps.get_app_config(label).get_models())
        )
        for model in models:
            rows[model._meta.label] = serializers.serialize(
                "json",
                model._default_manager.order_by("pk"),
                use_natural_foreign_keys=True,
                use_natural_primary_keys=True,
            )
    return rows


@pytest.fixture
def backed_up_network(transactional_db):
    """The sample network with the staff roles, a partner with history, contacts, reports
    and an admin log entry: a row in every kind of table the backup covers."""
    restore_staff_roles()
    network = SampleNetwork()
    editor = User.objects.create_user("redaktion", password="x" * 20, is_staff=True)
    editor.groups.add(Group.objects.get(name="Redaktion"))
    partner = make_partner(name="Mit Geschichte", tags=["Mehrweg", "Kantine"])
    partner._history_user = editor
    partner.teaser = "Zweite Fassung."
    partner.save()
    make_contact(partner, name="Frau Beispiel", role="Leitung")
    make_entry_report(partner)
    EntryConfirmation.objects.create(
        entry=partner, contact_name="Frau Beispiel", email="beispiel@example.org"
    )
    Proposal.objects.create(
        kind=Proposal.Kind.RESOURCE,
        organisation="Beispielverein",
        group=partner.group,
        description="Ein Angebot.",
        contact_name="Herr Beispiel",
        contact_email="herr@example.org",
    )
    LogEntry.objects.create(
        user=editor,
        content_type=ContentType.objects.get_for_model(Partner),
        object_id=str(partner.pk),
        object_repr=partner.name,
        action_flag=CHANGE,
        change_message="Kurztext geändert.",
    )
    return network


def test_export_and_import_lose_nothing(backed_up_network, tmp_path):
    # A time below the millisecond, which Django's own JSON format would cut off.
    reported_at = datetime.datetime(2026, 3, 1, 9, 30, 15, 456, tzinfo=datetime.UTC)
    BarrierReport.objects.create(page="/", message="Kontrast")
    BarrierReport.objects.update(created_at=reported_at)
    Page.objects.filter(slug="impressum").update(body="## Verantwortlich\nNoch offen.")
    versions = Partner.objects.get(name="Mit Geschichte").history.count()
    assert versions >= 2
    before = snapshot()
    empty = [label for label, rows in before.items() if rows == "[]"]
    assert empty == ["pages.SignLanguageVideo"]  # every other table has a row to restore
    export = tmp_path / "netzwerk.json"
    call_command("export_network", str(export))

    Partner.objects.filter(name="Mit Geschichte").delete()
    BarrierReport.objects.all().delete()
    call_command("import_network", str(export), "--replace")

    assert snapshot() == before
    assert BarrierReport.objects.get().created_at == reported_at
    restored = Partner.objects.get(name="Mit Geschichte")
    assert set(restored.tags.names()) == {"Mehrweg", "Kantine"}
    assert restored.history.count() == versions
    assert restored.history.first().history_user == User.objects.get(username="redaktion")
    assert Group.objects.get(name="Redaktion").permissions.exists()


@pytest.mark.django_db
def test_import_needs_confirmation_and_refuses_bad_files(network, tmp_path):
    before = snapshot()
    export = tmp_path / "netzwerk.json"
    call_command("export_network", str(export))
    with pytest.raises(CommandError, match="--replace"):
        call_command("import_network", str(export))
    broken = tmp_path / "kaputt.json"
    broken.write_text("{nicht json", encoding="utf-8")
    with pytest.raises(CommandError, match="not a readable JSON file"):
        call_command("import_network", str(broken), "--replace")
    foreign = tmp_path / "fremd.json"
    foreign.write_text(json.dumps([{"model": "sessions.session", "fields": {}}]))
    with pytest.raises(CommandError, match="does not restore"):
        call_command("import_network", str(foreign), "--replace")
    assert snapshot() == before  # nothing was touched


def test_failed_import_leaves_the_database_as_it_was(backed_up_network, tmp_path):
    before = snapshot()
    bad = tmp_path / "defekt.json"
    bad.write_text(
        json.dumps([{"model": "partners.partner", "pk": 1, "fields": {"name": "ohne Gruppe"}}])
    )
    with pytest.raises(CommandError, match="nothing was changed"):
        call_command("import_network", str(bad), "--replace")
    assert snapshot() == before
