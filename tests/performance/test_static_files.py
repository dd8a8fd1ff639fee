"""Static files with hashed names, precompressed and cached for a year; pages sent
compressed; a home page that stays light."""

import gzip

import pytest
from django.conf import settings
from django.core.management import call_command
from django.template.loader import render_to_string
from django.test import RequestFactory, override_settings

from partners import demo
from partners.models import Partner

MANIFEST = {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"}


@pytest.fixture(scope="module")
def collected_once(tmp_path_factory):
    root = tmp_path_factory.mktemp("static")
    with override_settings(
        STATIC_ROOT=root, STORAGES={**settings.STORAGES, "staticfiles": MANIFEST}
    ):
        call_command("collectstatic", interactive=False, verbosity=0)
    return root


@pytest.fixture
def collected(settings, collected_once):
    """The static files as collectstatic leaves them for a deployment."""
    settings.STATIC_ROOT = collected_once
    settings.STORAGES = {**settings.STORAGES, "staticfiles": MANIFEST}
    return collected_once


def test_collected_static_files_get_hashed_names_and_compressed_copies(collected, rf):
    hashed = [p.name for p in (collected / "css").glob("site.*.css")]
    assert len(hashed) == 1
    assert (collected / "css" / f"{hashed[0]}.gz").exists()
    assert (collected / "css" / f"{hashed[0]}.br").exists()
    html = render_to_string("404.html", {"office": None}, request=rf.get("/"))
    assert f"/static/css/{hashed[0]}" in html


def test_static_files_are_served_compressed_and_cached_for_a_year(collected):
    from whitenoise.middleware import WhiteNoiseMiddleware

    [stylesheet] = (collected / "css").glob("site.*.css")
    middleware = WhiteNoiseMiddleware(lambda request: None)
    request = RequestFactory().get(
        f"/static/css/{stylesheet.name}", headers={"accept-encoding": "gzip, br"}
    )
    response = middleware(request)
    assert response["Content-Encoding"] == "br"
    assert "max-age=315360000" in response["Cache-Control"]
    assert "immutable" in response["Cache-Control"]


@pytest.mark.django_db
def test_pages_are_sent_compressed(client):
    response = client.get("/", headers={"accept-encoding": "gzip, br"})
    assert response["Content-Encoding"] == "gzip"
    assert b"Das Netzwerk" in gzip.decompress(response.content)


@pytest.mark.django_db
def test_home_page_with_all_it_loads_weighs_at_most_30_kb_compressed(client, collected, network):
    demo.fill(partners=200, actors=50)
    html = client.get("/").content
    html = gzip.decompress(html) if html[:2] == b"\x1f\x8b" else html
    text = html.decode()
    assert text.count('class="card"') == 12  # a full home page
    assert "<script src" not in text and "@font-face" not in text and "<img" not in text
    loaded = [
        path
        for path in collected.rglob("*")
        if path.suffix in {".css", ".svg"} and path.name.count(".") == 2  # hashed originals
    ]
    linked = [path for path in loaded if f"/static/{path.relative_to(collected)}" in text]
    assert {path.suffix for path in linked} == {".css", ".svg"}
    weight = len(gzip.compress(html)) + sum(len(gzip.compress(p.read_bytes())) for p in linked)
    assert weight <= 30 * 1024, weight


@pytest.mark.django_db
def test_the_manifest_is_not_served_but_the_files_it_lists_are(client, collected):
    assert (collected / "staticfiles.json").exists()
    [stylesheet] = (collected / "css").glob("site.*.css")
    assert client.get(f"/static/css/{stylesheet.name}").status_code == 200
    for name in ["staticfiles.json", "staticfiles.json.gz", "staticfiles.json.br"]:
        response = client.get(f"/static/{name}", headers={"accept-encoding": "gzip, br"})
        assert response.status_code == 404, name
        assert "staticfiles.json" not in response.content.decode(errors="replace")


@pytest.mark.django_db
def test_partner_list_with_20_logos_and_all_it_loads_stays_under_100_kb(
    client, collected, settings, tmp_path
):
    from core.images import Logo
    from tests.factories import make_group, make_partner
    from tests.logos import image_bytes, upload

    settings.MEDIA_ROOT = tmp_path
    group = make_group()
    for n in range(20):  # 20 different logos: a browser loads each
        make_partner(
            group=group,
            logo=upload(image_bytes("PNG", (1200, 600), color=(n * 12, 90, 255 - n * 12))),
            logo_alt=f"Logo von Partner {n}",
        )
    html = client.get("/partner/").content
    html = gzip.decompress(html) if html[:2] == b"\x1f\x8b" else html
    text = html.decode()
    assert text.count("<picture") == 20
    linked = [p for p in collected.rglob("*.css") if f"/static/{p.relative_to(collected)}" in text]
    assert linked
    # What a browser on a phone or a desktop screen (1x) loads of each logo: its 160 px WebP;
    # images are sent as they are (already compressed).
    logos = [Logo(partner.logo.name) for partner in Partner.objects.all()]
    copies = [tmp_path / logo.copies("webp")[0][2] for logo in logos]
    assert all(f"/medien/{copy.relative_to(tmp_path)} 160w" in text for copy in copies)
    weight = (
        len(gzip.compress(html))
        + sum(len(gzip.compress(p.read_bytes())) for p in linked)
        + sum(copy.stat().st_size for copy in copies)
    )
    assert weight < 100 * 1024, weight
