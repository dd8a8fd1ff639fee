"""`make bench` (second part): how long the preview of a 5,000-row spreadsheet import takes.

Fills a throwaway database with 2,500 partners, writes an .xlsx of 5,000 rows (2,500
changing those partners, 2,500 new ones, with groups, tags and a responsible person by
name) and posts it to the admin's import page as a Redaktion member would, through
Django's test client: reading the file, the dry run in a transaction that is rolled
back, and the rendered preview. The target is under 30 s on the 2-core machine.

    python -m tests.bench_import                     # SQLite in /tmp
    BENCH_DATABASE_URL=postgres://postgres@127.0.0.1:5432/newtrade_bench_import \\
        python -m tests.bench_import
"""

import argparse
import io
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

TARGET_SECONDS = 30


def configure(workdir):
    url = os.environ.get("BENCH_DATABASE_URL", f"sqlite:///{workdir / 'bench-import.sqlite3'}")
    if url.startswith("postgres"):
        name = url.rsplit("/", 1)[1]
        server = url.rsplit("/", 1)[0] + "/postgres"
        subprocess.run(["psql", server, "-qc", f"DROP DATABASE IF EXISTS {name}"], check=False)
        subprocess.run(["psql", server, "-qc", f"CREATE DATABASE {name}"], check=True)
    else:
        Path(url.removeprefix("sqlite:///")).unlink(missing_ok=True)
    for key in [key for key in os.environ if key.startswith("DJANGO_")]:
        del os.environ[key]
    os.environ.update(
        DATABASE_URL=url,
        DJANGO_CACHE_DIR=str(workdir / "cache"),
        DJANGO_LOG_LEVEL="WARNING",
        DJANGO_SETTINGS_MODULE="newtrade.settings",
    )
    return url


def fill(existing):
    from django.contrib.auth.models import Group, User
    from taggit.models import Tag

    from partners.models import Partner
    from stakeholders.models import StakeholderGroup

    group = StakeholderGroup.objects.order_by("order").first()
    person = User.objects.create_user(
        "bench", password="bench-passwort-12345", is_staff=True, first_name="Bea", last_name="Bank"
    )
    person.groups.add(Group.objects.get(name="Redaktion"))
    tags = [Tag.objects.get_or_create(name=f"Thema {n}", slug=f"thema-{n}")[0] for n in range(20)]
    Partner.objects.bulk_create(
        Partner(
            name=f"Bestand {n}",
            slug=f"bestand-{n}",
            teaser=f"Kurztext {n}.",
            group=group,
            is_published=False,
        )
        for n in range(existing)
    )
    return person, group, tags


def workbook(existing, new, group, tags):
    from openpyxl import Workbook

    book = Workbook(write_only=True)
    sheet = book.create_sheet("Partner")
    sheet.append(
        [
            "Name",
            "Kurzname in der Adresse",
            "Akteursgruppe",
            "Kurztext",
            "Schlagwörter",
            "zuständig",
        ]
    )
    for n in range(existing):
        tag_names = f"{tags[n % 20].name}, {tags[(n + 7) % 20].name}"
        sheet.append(
            [f"Bestand {n}", f"bestand-{n}", group.name, f"Neu {n}.", tag_names, "Bea Bank"]
        )
    for n in range(new):
        sheet.append([f"Neu {n}", "", group.name, f"Ganz neu {n}.", tags[n % 20].name, ""])
    output = io.BytesIO()
    book.save(output)
    return output.getvalue()


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=5_000)
    options = parser.parse_args()
    workdir = Path(tempfile.gettempdir()) / "newtrade-bench-import"
    workdir.mkdir(exist_ok=True)
    url = configure(workdir)

    import django

    django.setup()
    from django.core.management import call_command
    from django.test import Client
    from django.test.utils import setup_test_environment

    setup_test_environment()  # the test client's hosts; nothing else of the test runner
    call_command("migrate", verbosity=0)
    existing = options.rows // 2
    person, group, tags = fill(existing)
    content = workbook(existing, options.rows - existing, group, tags)

    from django.conf import settings

    from tests.two_factor import verify_session

    # `{% static %}` without collectstatic's manifest, as in the tests.
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    client = Client()
    client.force_login(person)
    verify_session(client, person)

    upload = io.BytesIO(content)
    upload.name = "bench.xlsx"
    started = time.perf_counter()
    response = client.post("/admin/partners/partner/import/", {"file": upload})
    seconds = time.perf_counter() - started
    body = response.content.decode()
    summary = body[body.find("Vorschau: ") : body.find("</h2>", body.find("Vorschau: "))]
    print(f"database: {url}")
    print(f"file: {options.rows:,} rows, {len(content) / 1024:.0f} KB .xlsx")
    print(f"status {response.status_code}, {summary}")
    print(f"preview: {seconds:.1f} s (target < {TARGET_SECONDS} s), page {len(body) / 1024:.0f} KB")
    ok = response.status_code == 200 and "0 fehlerhaft" in summary and seconds < TARGET_SECONDS
    print("OK" if ok else "MISSED")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
