"""Django's default permissions under German names (core.permissions), as a superuser
reads them when giving a group or an account its rights."""

import pytest
from django.contrib.auth.models import Permission
from django.core.management import call_command
from pytest_django.asserts import assertContains, assertNotContains

from tests.factories import make_staff


def name_of(codename):
    return Permission.objects.get(codename=codename).name


@pytest.mark.django_db
def test_default_permissions_have_german_names_after_migrating():
    assert name_of("add_partner") == "Partner: hinzufügen"
    assert name_of("view_barrierreport") == "Gemeldete Barrieren: ansehen"
    assert name_of("delete_historicalpartner") == "Partner (Geschichte): löschen"
    assert not Permission.objects.filter(name__startswith="Can ").exists()


@pytest.mark.django_db
def test_a_permission_created_in_english_is_renamed_by_the_next_migrate():
    Permission.objects.filter(codename="change_actor").update(name="Can change actor")
    call_command("migrate", verbosity=0)
    assert name_of("change_actor") == "Akteure: ändern"


@pytest.mark.django_db
def test_superuser_gives_rights_under_german_names(admin_client):
    user = make_staff(username="neu")
    response = admin_client.get(f"/admin/auth/user/{user.pk}/change/")
    assertContains(response, "Partner: hinzufügen")
    assertNotContains(response, "Can add")
    assertNotContains(response, "historical")
