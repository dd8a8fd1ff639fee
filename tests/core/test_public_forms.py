"""The base of every visitor form (core.views.PublicFormView), shown on the form to
report a barrier: the bot trap, the rate limit and the page for an expired token."""

import importlib
import pkgutil

import pytest
from django.core import mail
from django.core.exceptions import ImproperlyConfigured
from django.test import Client
from pytest_django.asserts import assertContains, assertRedirects

from core.forms import PublicForm
from pages.forms import BarrierReportForm
from pages.models import BarrierReport
from partners.forms import EntryReportForm
from tests.factories import BARRIER_FORM

REPORT = BARRIER_FORM


@pytest.mark.django_db
def test_honeypot_reports_are_thanked_but_not_stored(client, settings):
    settings.BARRIER_REPORT_RECIPIENTS = ["barrieren@example.org"]
    response = client.post("/barriere-melden/", {**REPORT, "homepage": "http://spam.example"})
    assertRedirects(response, "/barriere-melden/danke/")
    assert BarrierReport.objects.count() == 0
    assert mail.outbox == []
    client.post("/barriere-melden/", REPORT)
    assert BarrierReport.objects.count() == 1  # without the trap filled in, it is stored


@pytest.mark.django_db
def test_more_than_five_reports_an_hour_from_one_address_are_refused(client):
    for _ in range(5):
        assert client.post("/barriere-melden/", REPORT).status_code == 302
    response = client.post("/barriere-melden/", {**REPORT, "message": "Noch eine Meldung"})
    assert response.status_code == 429
    assertContains(response, "sehr viele Meldungen", status_code=429)
    assertContains(response, "Noch eine Meldung", status_code=429)
    assert BarrierReport.objects.count() == 5
    other = Client(REMOTE_ADDR="203.0.113.9")
    assert other.post("/barriere-melden/", REPORT).status_code == 302


@pytest.mark.django_db
def test_report_without_valid_token_comes_back_with_the_typed_text():
    strict = Client(enforce_csrf_checks=True)
    response = strict.post("/barriere-melden/", REPORT)
    assert response.status_code == 403
    assertContains(response, "Bitte senden Sie das Formular noch einmal", status_code=403)
    assertContains(response, REPORT["message"], status_code=403)
    assertContains(response, 'name="csrfmiddlewaretoken"', status_code=403)
    assert BarrierReport.objects.count() == 0


@pytest.mark.django_db
def test_other_form_without_valid_token_gets_the_sites_own_403_page():
    response = Client(enforce_csrf_checks=True).post("/partner/")
    assertContains(response, "Das Formular konnte nicht gesendet werden", status_code=403)


# --- What each form stores, described in the privacy statement ----------------------------


def project_public_forms():
    """Every PublicForm subclass in the project's own modules, imported one by one."""
    for app in ["core", "stakeholders", "partners", "pages", "newtrade"]:
        package = importlib.import_module(app)
        for module in pkgutil.walk_packages(package.__path__, f"{app}."):
            if not any(part in module.name for part in ["migrations", "settings", "sgi"]):
                importlib.import_module(module.name)
    found, todo = set(), [PublicForm]
    while todo:
        for subclass in todo.pop().__subclasses__():
            found.add(subclass)
            todo.append(subclass)
    return found


@pytest.mark.django_db
def test_privacy_statement_describes_every_form_for_visitors(client):
    forms = project_public_forms()
    assert {BarrierReportForm, EntryReportForm} <= forms
    page = client.get("/datenschutz/").content.decode()
    for form in forms:
        assert f"<h2>{form.privacy_title}</h2>" in page, form
        assert str(form.privacy_text)[:60] in page, form
    assert "Wenn Sie eine Barriere melden" in page
    assert "Sicherheits-Cookie („csrftoken“)" in page


def test_a_form_for_visitors_cannot_leave_out_what_it_stores():
    with pytest.raises(ImproperlyConfigured, match="privacy_title and privacy_text"):

        class SilentForm(PublicForm):
            pass
