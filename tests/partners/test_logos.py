"""Logos of partners and actors: uploaded in the admin, shown on cards, detail pages and in
JSON-LD, kept in the history, and held back with the rest of a change until its release."""

import json
import re

import pytest
from django.test import Client

from core import images
from core.models import PendingChange
from partners.models import Partner
from stakeholders.models import Actor
from tests.core.conftest import admin_url
from tests.factories import make_actor, make_partner, make_staff
from tests.logos import SVG, image_bytes, upload

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


def with_logo(entry, alt="Logo von Test", decorative=False, **image):
    entry.logo = upload(image_bytes(**image))
    entry.logo_alt, entry.logo_decorative = alt, decorative
    entry.save()
    return entry


def pictures(html):
    return re.findall(r"<picture.*?</picture>", html, re.S)


def test_a_partner_card_and_page_show_the_logo_as_a_picture_with_webp_and_a_fallback(client):
    partner = with_logo(make_partner(), alt="Logo von Test", size=(640, 320))
    logo = partner.logo_image
    [card] = pictures(client.get("/partner/").content.decode())
    assert f'<source type="image/webp" srcset="{logo.webp_srcset}" sizes="160px">' in card
    assert logo.webp_srcset.endswith(".320.webp 320w") and ".160.webp 160w" in logo.webp_srcset
    assert f'src="{logo.src}"' in card and logo.src.endswith(".160.png")
    assert f'srcset="{logo.fallback_srcset}"' in card
    assert 'width="160" height="80"' in card and 'alt="Logo von Test"' in card
    assert 'loading="lazy"' not in card  # the first cards are in view at once
    [page] = pictures(client.get(partner.get_absolute_url()).content.decode())
    assert 'alt="Logo von Test"' in page and 'width="160" height="80"' in page
    assert 'loading="lazy"' not in page


def test_cards_further_down_load_their_logos_lazily(client):
    for n in range(6):
        with_logo(make_partner(order=n, name=f"Partner {n}"), color=(n * 40, 80, 80))
    cards = pictures(client.get("/partner/").content.decode())
    assert ['loading="lazy"' in card for card in cards] == [False] * 4 + [True] * 2


def test_a_decorative_logo_has_an_empty_alt_and_an_entry_without_logo_shows_none(client):
    with_logo(make_partner(), alt="wird nicht gezeigt", decorative=True)
    make_partner()
    html = client.get("/partner/").content.decode()
    [card] = pictures(html)
    assert 'alt=""' in card and "wird nicht gezeigt" not in html


def test_an_actor_page_shows_its_logo(client):
    actor = with_logo(make_actor(), alt="Logo des Akteurs")
    [picture] = pictures(client.get(actor.get_absolute_url()).content.decode())
    assert 'alt="Logo des Akteurs"' in picture and actor.logo_image.src in picture


def json_ld(html):
    blocks = re.findall(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
    return [json.loads(block) for block in blocks]


def test_json_ld_names_the_logo_by_its_absolute_url(client):
    partner = with_logo(make_partner(), size=(640, 320))
    actor = with_logo(make_actor(), size=(1000, 200))
    [data, _crumbs] = json_ld(client.get(partner.get_absolute_url()).content.decode())
    assert data["logo"] == f"http://testserver{partner.logo_image.largest_url}"
    assert data["logo"].endswith(".320.png")
    [data, _crumbs] = json_ld(client.get(actor.get_absolute_url()).content.decode())
    assert data["logo"] == f"http://testserver{actor.logo_image.largest_url}"
    assert client.get(data["logo"].removeprefix("http://testserver")).status_code == 200
    assert "logo" not in json_ld(client.get(make_partner().get_absolute_url()).content.decode())[0]


# --- The admin -------------------------------------------------------------------------------


def admin_post(client, entry, **changes):
    from tests.core.conftest import browser_form

    url = admin_url(entry)
    return client.post(url, browser_form(client.get(url), **changes), follow=True)


def test_the_admin_has_a_logo_fieldset_with_help_texts_and_a_preview(admin_client):
    partner = with_logo(make_partner(), alt="Logo von Test")
    html = admin_client.get(admin_url(partner)).content.decode()
    assert "<h2" in html and ">Logo</h2>" in html
    assert "PNG, JPEG oder WebP, höchstens 5 MB und 6000 × 6000 Pixel" in html
    assert "Alternativtext" in html and "dekorativ" in html
    assert (
        f'<img src="{partner.logo_image.src}" width="160" height="80" alt="Logo von Test"' in html
    )
    actor_html = admin_client.get(admin_url(make_actor())).content.decode()
    assert ">Logo</h2>" in actor_html and "kein Logo" in actor_html


@pytest.mark.parametrize("model", [Partner, Actor])
def test_an_uploaded_logo_is_stored_with_its_copies_and_shown(admin_client, client, media, model):
    entry = make_partner() if model is Partner else make_actor()
    response = admin_post(
        admin_client,
        entry,
        logo=upload(image_bytes("JPEG", (800, 400)), "logo.jpg"),
        logo_alt="Logo von Test",
    )
    assert response.status_code == 200 and "errornote" not in response.content.decode()
    entry.refresh_from_db()
    logo = entry.logo_image
    assert (logo.width, logo.height, logo.ext) == (800, 400, "jpg")
    assert all((media / name).exists() for _w, _h, name in logo.all_copies())
    assert logo.src in client.get(entry.get_absolute_url()).content.decode()
    assert entry.history.first().logo == entry.logo.name  # the history row keeps the name


REFUSED = [
    (SVG, "logo.svg", "SVG-Grafiken werden nicht angenommen"),
    (image_bytes("GIF", (100, 50)), "logo.gif", "Das Format GIF wird nicht angenommen."),
    (b"kein Bild", "logo.png", "Die Datei ist kein lesbares Bild."),
    (image_bytes("PNG", (6001, 10)), "breit.png", "erlaubt sind höchstens 6000 × 6000"),
]


@pytest.mark.parametrize(("data", "name", "reason"), REFUSED)
def test_a_refused_upload_says_why_in_german_and_stores_nothing(
    admin_client, media, data, name, reason
):
    partner = make_partner(teaser="Bleibt.")
    response = admin_post(
        admin_client, partner, logo=upload(data, name), logo_alt="Logo", teaser="Geändert."
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert reason in html and "Bitte laden Sie ein Logo als PNG, JPEG oder WebP hoch." in html
    partner.refresh_from_db()
    assert not partner.logo and partner.teaser == "Bleibt."
    assert not (media / "logos").exists()


def test_a_logo_needs_an_alternative_text_unless_it_is_decorative(admin_client):
    partner = make_partner()
    html = admin_post(
        admin_client, partner, logo=upload(image_bytes()), logo_alt=""
    ).content.decode()
    assert "Bitte beschreiben Sie das Logo in einem Alternativtext" in html
    partner.refresh_from_db()
    assert not partner.logo
    admin_post(admin_client, partner, logo=upload(image_bytes()), logo_alt="", logo_decorative="on")
    partner.refresh_from_db()
    assert partner.logo and partner.logo_decorative and partner.logo_alt_text == ""


# --- The second pair of eyes -----------------------------------------------------------------


def test_a_new_logo_of_a_public_partner_waits_for_release(settings, client):
    settings.FOUR_EYES = True
    author, releaser = make_staff("Redaktion"), make_staff("Freigabe")
    partner = with_logo(make_partner(), alt="Altes Logo", color=(200, 0, 0))
    old = partner.logo.name
    editor = Client()
    editor.force_login(author)
    response = admin_post(
        editor, partner, logo=upload(image_bytes(color=(0, 0, 200))), logo_alt="Neues Logo"
    )
    assert "warten auf Freigabe" in response.content.decode()
    partner.refresh_from_db()
    assert partner.logo.name == old  # the live row keeps the released logo
    change = PendingChange.objects.for_object(partner).get()
    new = change.data["logo"]
    assert new != old and images.Logo.from_name(new) is not None  # only the name is kept
    assert all(
        images.default_storage.exists(name) for _w, _h, name in images.Logo(new).all_copies()
    )
    public = client.get(partner.get_absolute_url()).content.decode()
    assert images.Logo(old).src in public and images.Logo(new).src not in public
    assert "Altes Logo" in public
    change.release(releaser)
    partner.refresh_from_db()
    assert partner.logo.name == new and partner.logo_alt == "Neues Logo"
    public = client.get(partner.get_absolute_url()).content.decode()
    assert images.Logo(new).src in public and "Neues Logo" in public
