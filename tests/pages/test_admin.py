import pytest
from pytest_django.asserts import assertContains

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
