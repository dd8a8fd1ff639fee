import datetime

import pytest
from django.utils import timezone
from pytest_django.asserts import assertContains, assertNotContains, assertRedirects

from tests.factories import make_barrier_report, make_page, make_statement


@pytest.mark.django_db
def test_editors_edit_the_fixed_pages_and_handle_reports_but_add_or_delete_none(editor_client):
    report = make_barrier_report()
    page = make_page("impressum")
    statement = make_statement()
    assert editor_client.get("/admin/pages/page/").status_code == 200
    assert editor_client.get("/admin/pages/page/add/").status_code == 403
    assert editor_client.get(f"/admin/pages/page/{page.pk}/change/").status_code == 200
    delete_url = f"/admin/pages/accessibilitystatement/{statement.pk}/delete/"
    assert editor_client.get(delete_url).status_code == 403
    response = editor_client.post(
        "/admin/pages/barrierreport/",
        {"action": "mark_done", "_selected_action": [report.pk]},
        follow=True,
    )
    assertContains(response, "1 Meldung erledigt.")
    report.refresh_from_db()
    assert report.done
    assert editor_client.get("/admin/pages/barrierreport/add/").status_code == 403
    assert editor_client.get("/admin/pages/signlanguagevideo/add/").status_code == 200


@pytest.mark.django_db
def test_reporter_address_is_a_reply_link_in_list_and_form(editor_client):
    report = make_barrier_report(email="erika@example.org", message="Zu wenig Kontrast.")
    day = report.received_on
    href = (
        f"mailto:erika@example.org?subject=Ihre%20Meldung%20einer%20Barriere%20vom%20{day}"
        f"&amp;body=%0D%0A%0D%0AAm%20{day}%20schrieben%20Sie%3A%0D%0A"
        "%3E%20Zu%20wenig%20Kontrast."
    )
    link = f'<a href="{href}">erika@example.org</a>'
    assertContains(editor_client.get("/admin/pages/barrierreport/"), link)
    change = editor_client.get(f"/admin/pages/barrierreport/{report.pk}/change/")
    assertContains(change, link)
    without = make_barrier_report(email="")
    change = editor_client.get(f"/admin/pages/barrierreport/{without.pk}/change/")
    assertNotContains(change, "mailto:")
    assertContains(change, '<div class="readonly">—</div>', html=True)


@pytest.mark.django_db
def test_staff_note_when_they_answered(editor_client):
    report = make_barrier_report(email="erika@example.org")
    url = f"/admin/pages/barrierreport/{report.pk}/change/"
    assertContains(editor_client.get(url), '<label for="id_answered_on">Beantwortet am:</label>')
    today = timezone.localdate()
    data = {"answered_on": today.strftime("%d.%m.%Y"), "done": "on", "staff_notes": "Erledigt."}
    assertRedirects(editor_client.post(url, data), "/admin/pages/barrierreport/")
    report.refresh_from_db()
    assert (report.answered_on, report.done) == (today, True)
    future = (today + datetime.timedelta(days=2)).strftime("%d.%m.%Y")
    response = editor_client.post(url, {**data, "answered_on": future})
    assertContains(response, "Dieses Datum liegt in der Zukunft.")
    report.refresh_from_db()
    assert report.answered_on == today


@pytest.mark.django_db
def test_view_on_site_opens_the_reported_page_not_the_admin(editor_client):
    report = make_barrier_report(page="/partner/siegelklarheit/")
    change = editor_client.get(f"/admin/pages/barrierreport/{report.pk}/change/")
    assertContains(change, '<a href="/partner/siegelklarheit/" class="viewsitelink">')
    for page in ["Kontakt", "https://evil.example/"]:
        other = make_barrier_report(page=page)
        change = editor_client.get(f"/admin/pages/barrierreport/{other.pk}/change/")
        assertNotContains(change, "viewsitelink")
