"""Logos (core/images.py): checked by their content, stored under their content's name,
scaled once on save, and served from our own host with immutable cache headers."""

import io

import pytest
from django.core.exceptions import ValidationError
from django.core.files.storage import default_storage
from django.db.models.fields.files import FieldFile
from PIL import Image

from core import images
from tests.logos import SVG, image_bytes, png_claiming, upload

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


def stored_files(root):
    return (
        sorted(path.name for path in (root / "logos").glob("*"))
        if (root / "logos").exists()
        else []
    )


@pytest.mark.parametrize(("fmt", "ext"), [("PNG", "png"), ("JPEG", "jpg"), ("WEBP", "webp")])
def test_png_jpeg_and_webp_are_stored_with_their_copies(media, fmt, ext):
    data = image_bytes(fmt, (640, 320))
    name = images.store_logo(data)
    logo = images.Logo(name)
    assert name.startswith("logos/") and name.endswith(f"-640x320.{ext}")
    fallback = {"png": "PNG", "jpg": "JPEG", "webp": "PNG"}[ext]
    made = {}
    for width, _height, copy in logo.all_copies():
        with Image.open(media / copy) as image:
            made[copy.rsplit(".", 1)[1], width] = (image.format, image.size)
    assert made == {
        ("webp", 160): ("WEBP", (160, 80)),
        ("webp", 320): ("WEBP", (320, 160)),
        (logo.fallback_ext, 160): (fallback, (160, 80)),
        (logo.fallback_ext, 320): (fallback, (320, 160)),
    }
    assert (media / name).read_bytes() == data


def test_a_small_logo_is_never_enlarged_and_the_same_logo_is_stored_once(media):
    data = image_bytes("PNG", (120, 60))
    assert images.store_logo(data) == images.store_logo(data)
    logo = images.Logo(images.store_logo(data))
    assert [(w, h) for w, h, _name in logo.copies("webp")] == [(120, 60)]
    assert len(stored_files(media)) == 3  # the original, one WebP and one PNG copy


def test_a_transparent_png_keeps_its_transparency_in_the_copies(media):
    name = images.store_logo(image_bytes("PNG", (400, 200), mode="RGBA"))
    for _w, _h, copy in images.Logo(name).all_copies():
        with Image.open(media / copy) as image:
            assert image.mode == "RGBA"


def test_a_rotated_jpeg_is_stored_upright(media):
    image = Image.new("RGB", (300, 100), "green")
    exif = image.getexif()
    exif[0x0112] = 6  # "rotate 90° clockwise to show"
    out = io.BytesIO()
    image.save(out, "JPEG", exif=exif)
    logo = images.Logo(images.store_logo(out.getvalue()))
    assert (logo.width, logo.height) == (100, 300)
    assert logo.copies("jpg")[0][:2] == (100, 300)


REFUSALS = [
    (SVG, "SVG-Grafiken werden nicht angenommen"),
    (image_bytes("GIF", (100, 50)), "Das Format GIF wird nicht angenommen."),
    (b"Dies ist eine Textdatei und kein Bild.\n", "Die Datei ist kein lesbares Bild."),
    (image_bytes("PNG", (6001, 10)), "6001 × 10 Pixel groß, erlaubt sind höchstens 6000 × 6000"),
    (image_bytes("PNG", (10, 6001)), "10 × 6001 Pixel groß"),
    (image_bytes("PNG", (100, 50)) + b"\0" * (5 * 1024 * 1024), "größer als 5 MB"),
    (png_claiming(30000, 30000), "zu viele Bildpunkte"),
    (png_claiming(10000, 10000), "zu viele Bildpunkte"),
    (image_bytes("PNG", (400, 200))[:300], "kein lesbares Bild"),
]


@pytest.mark.parametrize(("data", "reason"), REFUSALS)
def test_anything_but_a_png_jpeg_or_webp_within_the_limits_is_refused_in_german(
    media, data, reason
):
    field_file = FieldFile(None, images.LogoField(name="logo"), "logo.png")
    field_file.file, field_file._committed = upload(data), False
    with pytest.raises(ValidationError) as refused:
        images.validate_logo(field_file)
    [message] = refused.value.messages
    assert reason in message
    assert message.endswith("Bitte laden Sie ein Logo als PNG, JPEG oder WebP hoch.")
    assert stored_files(media) == []


def test_the_file_view_serves_copies_with_immutable_cache_headers(client, media):
    logo = images.Logo(images.store_logo(image_bytes("PNG")))
    width, _height, copy = logo.copies("webp")[0]
    response = client.get(logo.url(copy))
    assert response.status_code == 200
    assert response["Content-Type"] == "image/webp"
    cache = response["Cache-Control"]
    assert "immutable" in cache and "max-age=31536000" in cache and "public" in cache
    assert b"".join(response.streaming_content) == (media / copy).read_bytes()
    assert logo.url(copy).startswith("/medien/logos/")


@pytest.mark.parametrize(
    "name",
    [
        "../settings.py",
        "..%2Fsecret.png",
        "notahash-1x1.png",
        "0123456789abcdef0123-10x10.gif",
        "0123456789abcdef0123-10x10.png",  # well-formed but not stored
    ],
)
def test_the_file_view_serves_nothing_else(client, name):
    assert client.get(f"/medien/logos/{name}").status_code == 404


def test_the_file_view_only_reads(client, media):
    logo = images.Logo(images.store_logo(image_bytes("PNG")))
    assert client.post(logo.src).status_code == 405
    assert default_storage.exists(logo.name)
