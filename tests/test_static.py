from django.core.management import call_command
from django.template.loader import render_to_string


def test_collected_static_files_get_hashed_names_and_compressed_copies(settings, tmp_path, rf):
    settings.STATIC_ROOT = tmp_path
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
    }
    call_command("collectstatic", interactive=False, verbosity=0)
    hashed = [p.name for p in (tmp_path / "css").glob("site.*.css")]
    assert len(hashed) == 1
    assert (tmp_path / "css" / f"{hashed[0]}.gz").exists()
    html = render_to_string("404.html", {"office": None}, request=rf.get("/"))
    assert f"/static/css/{hashed[0]}" in html
