import datetime
import io

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.utils import timezone, translation
from pytest_django.asserts import assertContains

from core import markup
from pages.models import (
    AccessibilityStatement,
    BarrierReport,
    Page,
    SignLanguageVideo,
    validate_video,
)

MP4_HEAD = b"\x00\x00\x00\x18ftypmp42" + b"\x00" * 100
WEBM_HEAD = b"\x1a\x45\xdf\xa3" + b"\x00" * 100


def test_markup_turns_text_into_safe_html():
    html = markup.render(
        "## Titel\nErster Absatz\nmit Umbruch\n\n- Punkt <b>eins</b>\n- https://example.org\n"
        "### Unter\n<script>x</script> info@example.org"
    )
    assert html == (
        "<h2>Titel</h2>\n<p>Erster Absatz<br>mit Umbruch</p>\n"
        '<ul><li>Punkt &lt;b&gt;eins&lt;/b&gt;</li><li><a href="https://example.org">'
        "https://example.org</a></li></ul>\n<h3>Unter</h3>\n"
        "<p>&lt;script&gt;x&lt;/script&gt; "
        '<a href="mailto:info@example.org">info@example.org</a></p>'
    )
    assert markup.render("") == ""
    assert markup.render("Es gibt:\n- eins\n- zwei\nUnd mehr.") == (
        "<p>Es gibt:</p>\n<ul><li>eins</li><li>zwei</li></ul>\n<p>Und mehr.</p>"
    )


@pytest.mark.parametrize(("name", "content"), [("dgs.mp4", MP4_HEAD), ("dgs.webm", WEBM_HEAD)])
def test_mp4_and_webm_videos_are_accepted(settings, name, content):
    settings.SIGN_LANGUAGE_VIDEO_MAX_MB = 1
    validate_video(SimpleUploadedFile(name, content))


def test_video_is_checked_by_content_not_by_name(settings):
    settings.SIGN_LANGUAGE_VIDEO_MAX_MB = 1
    with pytest.raises(ValidationError, match="MP4 oder WebM"):
        validate_video(SimpleUploadedFile("dgs.mp4", b"<html>kein Video</html>" * 10))


def test_oversized_video_is_refused_with_its_size(settings):
    settings.SIGN_LANGUAGE_VIDEO_MAX_MB = 1
    upload = SimpleUploadedFile("dgs.mp4", MP4_HEAD + b"\x00" * (1024 * 1024))
    with translation.override("de"), pytest.raises(ValidationError, match="höchstens 1,0"):
        validate_video(upload)


@pytest.mark.django_db
def test_sign_language_page_offers_the_video_from_our_own_host(client, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    video = SignLanguageVideo.objects.create(
        title="Das Büro in Gebärdensprache",
        file=SimpleUploadedFile("buero.mp4", MP4_HEAD),
        duration=datetime.timedelta(minutes=4, seconds=30),
    )
    response = client.get("/gebaerdensprache/")
    url = f"/gebaerdensprache/video/{video.pk}/"
    assertContains(response, f'<source src="{url}" type="video/mp4">', html=True)
    assertContains(response, f'<a href="{url}" download>Video herunterladen</a>', html=True)
    assertContains(response, f"(MP4, {len(MP4_HEAD)}\xa0Bytes, Laufzeit 4:30 min)")
    served = client.get(url)
    assert served["Content-Type"] == "video/mp4"
    assert b"".join(served.streaming_content) == MP4_HEAD


@pytest.mark.django_db
def test_missing_video_file_answers_404(client, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    video = SignLanguageVideo.objects.create(
        title="Weg", file="gebaerdensprache/fehlt.mp4", duration=datetime.timedelta(minutes=1)
    )
    assert client.get(f"/gebaerdensprache/video/{video.pk}/").status_code == 404


@pytest.mark.django_db
def test_statement_dates_must_be_in_order_and_not_in_the_future():
    statement = AccessibilityStatement.objects.get()
    statement.reviewed_on = statement.written_on - datetime.timedelta(days=1)
    with pytest.raises(ValidationError, match="nicht vor der Erstellung"):
        statement.full_clean()
    statement.reviewed_on = timezone.localdate() + datetime.timedelta(days=1)
    with pytest.raises(ValidationError, match="Zukunft"):
        statement.full_clean()


@pytest.mark.django_db
def test_retention_command_deletes_only_reports_older_than_the_stated_period(settings):
    settings.BARRIER_REPORT_RETENTION_DAYS = 30
    old = BarrierReport.objects.create(page="/", message="alt")
    recent = BarrierReport.objects.create(page="/", message="neu")
    BarrierReport.objects.filter(pk=old.pk).update(
        created_at=timezone.now() - datetime.timedelta(days=31)
    )
    out = io.StringIO()
    call_command("delete_old_barrier_reports", "--dry-run", stdout=out)
    assert "1 barrier reports are older than 30 days." in out.getvalue()
    assert BarrierReport.objects.count() == 2
    call_command("delete_old_barrier_reports", stdout=out)
    assert "Deleted 1 barrier reports older than 30 days." in out.getvalue()
    assert list(BarrierReport.objects.all()) == [recent]


@pytest.mark.django_db
def test_editors_edit_the_fixed_pages_and_handle_reports_but_add_or_delete_none(editor_client):
    report = BarrierReport.objects.create(page="/kontakt/", message="Kontrast zu schwach")
    assert editor_client.get("/admin/pages/page/").status_code == 200
    assert editor_client.get("/admin/pages/page/add/").status_code == 403
    page_url = f"/admin/pages/page/{Page.objects.get(slug='impressum').pk}/change/"
    assert editor_client.get(page_url).status_code == 200
    statement = AccessibilityStatement.objects.get()
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
