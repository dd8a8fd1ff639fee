"""403, 404, 500 and 503 inside the back office keep its frame, speak German and lead
back; outside it visitors get the site's own error pages."""

import pytest
from django.core.exceptions import PermissionDenied
from django.db import OperationalError
from django.test import Client, RequestFactory
from django.urls import path
from pytest_django.asserts import assertContains, assertNotContains

from newtrade import urls as project_urls
from newtrade import views


def forbidden(request):
    raise PermissionDenied


def broken(request):
    raise ValueError("kaputt")


def database_down(request):
    raise OperationalError("no connection")


# The project's URLs and error handlers, with three views that fail on purpose.
urlpatterns = [
    path("admin/verboten/", forbidden),
    path("admin/kaputt/", broken),
    path("admin/datenbank-weg/", database_down),
    path("kaputt/", broken),
    *project_urls.urlpatterns,
]
handler400 = project_urls.handler400
handler403 = project_urls.handler403
handler404 = project_urls.handler404
handler500 = project_urls.handler500


def assert_back_office_frame(response, status, title):
    assert response.status_code == status
    html = response.content.decode()
    assert '<html lang="de"' in html
    assert 'id="header"' in html
    assert "newtrade nrw – Backoffice" in html
    assert f"<h1>{title}</h1>" in html
    assert '<a href="/admin/">Zur Startseite des Backoffice</a>' in html
    for english in ["Forbidden", "Not Found", "Server Error", "Page not found"]:
        assert english not in html


@pytest.mark.django_db
def test_an_editor_refused_a_page_stays_in_the_back_office(editor_client):
    response = editor_client.get(
        "/admin/auth/user/1/change/",
        headers={"referer": "http://testserver/admin/partners/partner/"},
    )
    assert_back_office_frame(response, 403, "Keine Berechtigung")
    assertContains(response, "Ihre Rolle darf sie nicht öffnen", status_code=403)
    assertContains(
        response,
        '<a href="http://testserver/admin/partners/partner/">Zurück zur vorigen Seite</a>',
        status_code=403,
    )
    assertContains(response, 'id="nav-sidebar"', status_code=403)  # the editor's navigation


@pytest.mark.django_db
def test_the_way_back_leads_only_to_the_back_office_itself(editor_client):
    for referer in ["https://elsewhere.example/admin/", "http://testserver/partner/"]:
        response = editor_client.get("/admin/auth/group/", headers={"referer": referer})
        assert_back_office_frame(response, 403, "Keine Berechtigung")
        assertNotContains(response, "Zurück zur vorigen Seite", status_code=403)


@pytest.mark.django_db
def test_an_unknown_back_office_address_is_a_404_in_the_frame(editor_client):
    response = editor_client.get("/admin/gibt-es-nicht/")
    assert_back_office_frame(response, 404, "Seite nicht gefunden")
    assertContains(response, "Diese Seite gibt es im Backoffice nicht.", status_code=404)


@pytest.mark.django_db
def test_a_missing_entry_leads_back_to_its_list_with_a_message(editor_client):
    response = editor_client.get("/admin/partners/partner/999999/change/", follow=True)
    assert response.redirect_chain[-1] == ("/admin/", 302)
    assertContains(response, "existiert nicht")


@pytest.mark.django_db
def test_anonymous_visitors_are_sent_to_the_log_in_not_told_what_exists(client):
    response = client.get("/admin/gibt-es-nicht/")
    assert response.status_code == 302
    assert response["Location"].startswith("/admin/login/")


@pytest.mark.django_db
@pytest.mark.urls(__name__)
def test_a_refusal_for_an_anonymous_visitor_has_the_frame_without_user_tools(client):
    response = client.get("/admin/verboten/")
    assert_back_office_frame(response, 403, "Keine Berechtigung")
    assertNotContains(response, 'id="user-tools"', status_code=403)


@pytest.mark.django_db
@pytest.mark.urls(__name__)
def test_an_error_in_the_back_office_is_a_500_in_its_frame(editor):
    client = Client(raise_request_exception=False)
    client.force_login(editor)
    response = client.get("/admin/kaputt/")
    assert_back_office_frame(response, 500, "Technischer Fehler")
    assertContains(
        response, "Bitte versuchen Sie es in einigen Minuten noch einmal.", status_code=500
    )


@pytest.mark.django_db
@pytest.mark.urls(__name__)
def test_the_database_down_in_the_back_office_is_a_503_in_its_frame(editor):
    client = Client(raise_request_exception=False)
    client.force_login(editor)
    response = client.get("/admin/datenbank-weg/")
    assert_back_office_frame(response, 503, "Vorübergehend nicht erreichbar")
    assert response["Retry-After"] == "60"


def test_the_back_office_500_page_needs_no_database():
    """No `db` mark: any query here would fail the test."""
    request = RequestFactory().get("/admin/partners/partner/")
    response = views.server_error(request)
    assert_back_office_frame(response, 500, "Technischer Fehler")


@pytest.mark.django_db
@pytest.mark.urls(__name__)
def test_errors_outside_the_back_office_keep_the_site_design(client):
    response = Client(raise_request_exception=False).get("/kaputt/")
    assert response.status_code == 500
    assertContains(response, "Hier ist etwas schiefgegangen", status_code=500)
    assertNotContains(response, 'id="header"', status_code=500)
    assertContains(client.get("/gibt-es-nicht/"), "Diese Seite gibt es nicht", status_code=404)


@pytest.mark.django_db
def test_a_refusal_on_the_public_site_is_german(rf):
    response = views.permission_denied(rf.get("/partner/"), PermissionDenied())
    assert response.status_code == 403
    assert "Kein Zugriff" in response.content.decode()
    assert 'id="header"' not in response.content.decode()
