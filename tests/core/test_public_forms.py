"""The base of every visitor form (core.views.PublicFormView), shown on the form to
report a barrier: the bot trap, the rate limit and the page for an expired token."""

import pytest
from django.core import mail
from django.test import Client
from pytest_django.asserts import assertContains, assertRedirects

from pages.models import BarrierReport
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
