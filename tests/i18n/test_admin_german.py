"""Every word staff read in the back office is German: a walk through every registered
model admin's list and add form, as an administrator and as a member of "Redaktion",
finds none of the English texts that Django and the libraries leave untranslated."""

import re
from html.parser import HTMLParser

import pytest
from axes.models import AccessAttempt
from django.contrib import admin
from django.contrib.auth.models import User
from django.urls import reverse

from tests.factories import SampleNetwork, make_barrier_report, make_entry_report, make_staff

# What staff saw in English before locale/de and core/apps.py supplied German.
ENGLISH = [
    "Axes",
    "Taggit",
    "Simple_History",
    "After you’ve created a user",
    "Password-based authentication",
    "Raw passwords are not stored",
    "Reset password",
    "Enable password-based authentication",
    "Enabled",
    "Disabled",
    "Staff-Account",
    "Mitarbeiter-Status",
    "Clean up expired attempts",
    "Attempt Remaining",
    "Locked Out",
    "| access attempt expiration",  # the model; permission names stay English (DB)
    "Changes",
    "Sessions",
]


class VisibleText(HTMLParser):
    """The text a person reads on a page: its words, titles, labels and button texts."""

    def __init__(self):
        super().__init__()
        self.parts, self.hidden = [], 0

    def handle_starttag(self, tag, attrs):
        self.hidden += tag in ("script", "style")
        attrs = dict(attrs)
        self.parts += [attrs[a] or "" for a in ("title", "alt", "aria-label") if a in attrs]
        if tag in ("input", "button") and attrs.get("type") in ("submit", "button"):
            self.parts.append(attrs.get("value") or "")

    def handle_endtag(self, tag):
        self.hidden -= tag in ("script", "style")

    def handle_data(self, data):
        if not self.hidden:
            self.parts.append(data)


def english_on(response):
    parser = VisibleText()
    parser.feed(response.content.decode())
    text = " ".join(parser.parts)
    return [phrase for phrase in ENGLISH if re.search(rf"(?<!\w){re.escape(phrase)}(?!\w)", text)]


def admin_pages():
    """The start page and every registered model admin's list, add form and first entry."""
    yield reverse("admin:index")
    for model in admin.site._registry:
        info = model._meta.app_label, model._meta.model_name
        yield reverse("admin:app_list", args=[info[0]])
        yield reverse("admin:{}_{}_changelist".format(*info))
        yield reverse("admin:{}_{}_add".format(*info))
        first = model._default_manager.first()
        if first is not None:
            yield reverse("admin:{}_{}_change".format(*info), args=[first.pk])


@pytest.fixture
def back_office(db):
    SampleNetwork()
    make_entry_report()
    make_barrier_report()
    # bulk_create: no post_save, which axes' cache handler (with Redis) does not take.
    AccessAttempt.objects.bulk_create(
        [
            AccessAttempt(
                username="jemand", ip_address="127.0.0.1", user_agent="Test", failures_since_start=1
            )
        ]
    )
    return User.objects.create_superuser("admin", "admin@example.org", "geheim-12345")


@pytest.mark.parametrize("role", ["administrator", "Redaktion"])
def test_no_admin_page_shows_english(client, back_office, role):
    client.force_login(back_office if role == "administrator" else make_staff("Redaktion"))
    found = {}
    for path in admin_pages():
        response = client.get(path)
        if response.status_code == 200:
            found.update({path: english_on(response)} if english_on(response) else {})
    assert found == {}


def test_the_account_pages_are_german(admin_client):
    editor = make_staff("Redaktion")
    for path in [
        reverse("admin:auth_user_add"),
        reverse("admin:auth_user_change", args=[editor.pk]),
        reverse("admin:auth_user_password_change", args=[editor.pk]),
        reverse("admin:auth_user_changelist"),
    ]:
        response = admin_client.get(path)
        assert response.status_code == 200
        assert english_on(response) == [], path
    add_form = admin_client.get(reverse("admin:auth_user_add")).content.decode()
    assert "Nachdem Sie das Konto angelegt haben" in add_form
    assert (
        "Zugang zum Backoffice"
        in admin_client.get(reverse("admin:auth_user_changelist")).content.decode()
    )


def test_a_failed_log_in_is_explained_in_german(client, db):
    response = client.post(reverse("admin:login"), {"username": "niemand", "password": "falsch"})
    assert "Zugangs zum Backoffice" in response.content.decode()
    assert english_on(response) == []


def test_the_apps_without_names_of_their_own_have_german_ones(admin_client):
    from django.apps import apps

    assert str(apps.get_app_config("axes").verbose_name) == "Anmeldeschutz"
    assert str(apps.get_app_config("simple_history").verbose_name) == "Änderungsgeschichte"
    assert "Anmeldeschutz" in admin_client.get(reverse("admin:index")).content.decode()


def test_the_scripts_of_the_admin_speak_german(admin_client):
    """The selection widgets ("Choose all") read their texts from the djangojs catalog."""
    catalog = admin_client.get(reverse("admin:jsi18n")).content.decode()
    assert '"Choose all": "Alle ausw\\u00e4hlen"' in catalog
    assert '"Available %s": "Verf\\u00fcgbare %s"' in catalog
    # Django 5.2's new texts of the two-list selector (groups, permissions), empty in
    # Django's German catalogue, come from the project's locale/de/djangojs.po.
    for english in ["Choose all %s", "Choose selected %s", "Remove all %s", "(click to clear)"]:
        assert f'"{english}": "' in catalog, english
    assert '"Choose all %s": "Alle %s ausw\\u00e4hlen"' in catalog


def test_core_keeps_its_own_config_beside_the_libraries_ones():
    from django.apps import apps

    from core.apps import CoreConfig

    assert type(apps.get_app_config("core")) is CoreConfig
