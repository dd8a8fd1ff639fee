import datetime

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone, translation

from pages.models import validate_video
from tests.factories import MP4_HEAD, WEBM_HEAD, make_statement


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
