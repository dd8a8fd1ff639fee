import datetime

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone, translation

from pages.models import BarrierReport, validate_video
from tests.factories import MP4_HEAD, WEBM_HEAD, make_barrier_report, make_statement


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
def test_statement_dates_must_be_in_order_and_not_in_the_future():
    statement = make_statement()
    statement.full_clean()  # the factory's dates are valid
    statement.reviewed_on = statement.written_on - datetime.timedelta(days=1)
    with pytest.raises(ValidationError, match="nicht vor der Erstellung"):
        statement.full_clean()
    statement.reviewed_on = timezone.localdate() + datetime.timedelta(days=1)
    with pytest.raises(ValidationError, match="Zukunft"):
        statement.full_clean()


# --- Barrier reports: answering the reporter, the page a report is about -------------------


def received(report, day):
    """The report as if it had come in on `day` (created_at is set on saving)."""
    moment = timezone.make_aware(datetime.datetime.combine(day, datetime.time(10)))
    BarrierReport.objects.filter(pk=report.pk).update(created_at=moment)
    report.refresh_from_db()
    return report


@pytest.mark.django_db
def test_reply_link_has_the_subject_and_quotes_the_report():
    report = make_barrier_report(
        email="erika+barriere@example.org",
        message="Der Kontrast ist zu schwach.\r\n\r\nVor allem im Menü & in der Suche.",
    )
    received(report, datetime.date(2026, 12, 1))
    assert report.reply_url == (
        "mailto:erika%2Bbarriere@example.org"
        "?subject=Ihre%20Meldung%20einer%20Barriere%20vom%2001.12.2026"
        "&body=%0D%0A%0D%0AAm%2001.12.2026%20schrieben%20Sie%3A%0D%0A"
        "%3E%20Der%20Kontrast%20ist%20zu%20schwach.%0D%0A"
        "%3E%0D%0A"
        "%3E%20Vor%20allem%20im%20Men%C3%BC%20%26%20in%20der%20Suche."
    )


@pytest.mark.django_db
def test_report_without_email_has_no_reply_link():
    assert make_barrier_report(email="").reply_url is None


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("page", "link"),
    [
        ("/partner/siegelklarheit/", "/partner/siegelklarheit/"),
        ("  /partner/?q=Siegel  ", "/partner/?q=Siegel"),
        ("https://localhost/barrierefreiheit/", "/barrierefreiheit/"),
        ("http://testserver/partner/", "/partner/"),
        ("Kontakt", None),
        ("Startseite, ganz oben", None),
        ("https://evil.example/partner/", None),
        ("//evil.example/partner/", None),
        ("/\\evil.example/partner/", None),
        ("javascript:alert(1)", None),
        ("/partner/ und die Suche", None),
    ],
)
def test_report_links_its_page_only_on_this_site(page, link):
    assert make_barrier_report(page=page).site_url == link


@pytest.mark.django_db
def test_answer_date_can_be_neither_in_the_future_nor_before_the_report():
    report = received(make_barrier_report(), datetime.date(2026, 1, 10))
    report.answered_on = datetime.date(2026, 1, 10)
    report.full_clean()
    report.answered_on = datetime.date(2026, 1, 9)
    with pytest.raises(ValidationError, match="vor dem Eingang der Meldung"):
        report.full_clean()
    report.answered_on = timezone.localdate() + datetime.timedelta(days=1)
    with pytest.raises(ValidationError, match="Zukunft"):
        report.full_clean()


@pytest.mark.django_db
def test_open_reports_are_those_not_marked_done():
    waiting = make_barrier_report(page="/offen/")
    make_barrier_report(page="/erledigt/", done=True)
    assert list(BarrierReport.objects.open()) == [waiting]
