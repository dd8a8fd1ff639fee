"""`make bench`: the site's speed at 10,000 and 100,000 demo partners.

For each size (actors: a fifth of the partners) the bench fills a throwaway database
with demo rows (`manage.py demo_data`; a database that already holds exactly these
rows and all migrations is reused, unless --fresh), starts the site as in production
with gunicorn (gunicorn.conf.py, 2 workers) on loopback and measures:

- cached pages against a static file of the same gunicorn, 16 connections: requests
  per second, the ratio to the static file, p50 and p99 latency, errors;
- cold pages: the first request after a content change (a new content version,
  core.page_cache.content_changed()), one at a time, median and max of --cold-runs;
- distinct searches under load: every request a new pair of real words, so that
  every one misses the cache;
- the full download of /partner.csv and /partner.json: time, bytes, and whether it is
  complete (status 200, the transfer ended as announced, every listed partner in it);
- on PostgreSQL, EXPLAIN ANALYZE of the search (`manage.py explain_search`).

It ends with a table per size for the README. PostgreSQL and Redis when
BENCH_DATABASE_URL and REDIS_URL are set (one database per size, named after
BENCH_DATABASE_URL with the size appended), SQLite files in /tmp and the file cache
otherwise:

    make bench                                            # SQLite, file cache
    BENCH_DATABASE_URL=postgres://postgres@127.0.0.1:5432/newtrade_bench \\
        REDIS_URL=redis://127.0.0.1:6379/10 make bench    # newtrade_bench_10000, …
    python -m tests.bench --partners 10000 --seconds 3    # one size, shorter runs
"""

import argparse
import csv
import datetime
import io
import itertools
import json
import os
import random
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import quote

from tests import bench_http as http

ROOT = Path(__file__).resolve().parent.parent

# What the issue asks of each figure (issue 19, "Targets").
TARGETS = {
    "ratio": 0.8,  # cached page against the static file
    "p99": 30,  # ms, cached pages
    "cold page": 50,  # ms, home, lists and group page at 100,000 partners
    "cold sitemap": 100,  # ms, a sitemap section at 100,000 partners
    "searches": 200,  # distinct searches per second at 10,000 partners
    "search database": 20,  # ms of database time per search at 100,000 partners
}
COLD_PAGES = ["home page", "partner list", "group list", "group page"]


def manage(env, *args, capture=False):
    result = subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=env,
        check=True,
        text=True,
        capture_output=capture,
    )
    return result.stdout if capture else None


def shell(env, code):
    """The last line `code` prints in `manage.py shell`, read as JSON."""
    output = manage(env, "shell", "--no-imports", "-c", code, capture=True)
    return json.loads(output.strip().splitlines()[-1])


FACTS = """
import json
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
executor = MigrationExecutor(connection)
facts = {"migrated": not executor.migration_plan(executor.loader.graph.leaf_nodes())}
if facts["migrated"]:
    from partners.models import Partner
    from stakeholders.models import Actor, StakeholderGroup
    groups = StakeholderGroup.objects.with_member_counts().order_by("-public_actor_count")
    partner = Partner.objects.listed().filter(slug__startswith="demo-").order_by("pk").first()
    facts.update(
        demo_partners=Partner.objects.filter(slug__startswith="demo-").count(),
        demo_actors=Actor.objects.filter(slug__startswith="demo-").count(),
        listed=Partner.objects.listed().count(),
        group=groups[0].get_absolute_url(),
        group_actors=groups[0].public_actor_count,
        partner=partner.get_absolute_url() if partner else "/partner/",
    )
print(json.dumps(facts))
"""


def database_url(size, workdir):
    base = os.environ.get("BENCH_DATABASE_URL")
    if base:
        return f"{base}_{size}"
    return f"sqlite:///{workdir / f'bench-{size}.sqlite3'}"


def prepare(env, partners, actors, fresh):
    """Migrate and fill the size's database (or reuse it); the facts the bench needs."""
    url = env["DATABASE_URL"]
    if url.startswith("postgres"):
        name = url.rsplit("/", 1)[1]
        server = url.rsplit("/", 1)[0] + "/postgres"
        if fresh:
            subprocess.run(["psql", server, "-qc", f"DROP DATABASE IF EXISTS {name}"], check=True)
        subprocess.run(["psql", server, "-qc", f"CREATE DATABASE {name}"], capture_output=True)
    elif fresh:
        Path(url.removeprefix("sqlite:///")).unlink(missing_ok=True)
    facts = shell(env, FACTS) if not fresh else {}
    if facts.get("migrated") and (facts["demo_partners"], facts["demo_actors"]) == (
        partners,
        actors,
    ):
        print(f"reusing {url}: {partners:,} demo partners, {actors:,} demo actors")
    else:
        started = time.monotonic()
        manage(env, "migrate", "--noinput", "--verbosity", "0")
        manage(env, "demo_data", "--remove")
        manage(
            env,
            "demo_data",
            "--partners",
            str(partners),
            "--actors",
            str(actors),
            "--allow-real-content",
        )
        print(f"filled {url} in {time.monotonic() - started:.0f} s")
    if url.startswith("postgres"):
        # Fresh statistics for the planner, and the visibility map that lets the counts
        # read their indexes alone (autovacuum does both on a server in use).
        subprocess.run(["psql", url, "-qc", "VACUUM ANALYZE"], check=True)
    return shell(env, FACTS)


def start_gunicorn(env, port, workers):
    gunicorn = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "gunicorn",
            "newtrade.wsgi",
            "--config",
            "gunicorn.conf.py",
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            str(workers),
            "--backlog",
            "256",
            "--log-level",
            "warning",
        ],
        cwd=ROOT,
        env=env,
    )
    try:
        http.wait_until_up(port)
    except BaseException:
        stop(gunicorn)
        raise
    return gunicorn


def stop(process):
    process.terminate()
    try:
        process.wait(timeout=20)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


def search_words():
    """Real words of the demo rows, in pairs: each pair a new search."""
    from partners import demo

    words = sorted(
        {
            *demo.KINDS,
            *demo.TOPICS,
            *demo.REGIONS,
            *demo.PLACES,
            *demo.ORGANISATIONS,
            *demo.TAGS,
        }
    )
    pairs = list(itertools.permutations(words, 2))
    random.Random(19).shuffle(pairs)
    return pairs


def load_average():
    one, five, _fifteen = os.getloadavg()
    return f"load {one:.1f} (1 min), {five:.1f} (5 min)"


def bench_size(env, partners, options, content_changed, pairs):
    actors = partners // 5
    facts = prepare(env, partners, actors, options.fresh)
    manifest = json.loads((ROOT / "staticfiles" / "staticfiles.json").read_text())
    results = {"partners": partners, "actors": actors, "facts": facts}
    port = http_port()
    results["load before"] = load_average()
    gunicorn = start_gunicorn(env, port, options.workers)
    try:
        group = facts["group"]
        cached_urls = [
            ("static file", "/static/" + manifest["paths"]["css/site.css"]),
            ("home page", "/"),
            ("partner list", "/partner/"),
            ("group page", group),
            ("partner page", facts["partner"]),
        ]
        print(
            f"\n== {partners:,} partners, {actors:,} actors ({facts['listed']:,} listed; "
            f"group page {group}: {facts['group_actors']:,} public actors)"
        )
        print(
            f"   {options.workers} gunicorn workers (gunicorn.conf.py), "
            f"{options.concurrency} connections, {results['load before']}\n"
        )
        print(f"cached, {options.seconds:g} s each")
        print(
            f"  {'':14} {'bytes':>8} {'req/s':>7} {'ratio':>6} {'p50 ms':>7} {'p99 ms':>7} errors"
        )
        results["cached"] = {}
        static_rps = None
        for label, path in cached_urls:
            size = len(http.fetch(port, path)[1])
            http.load_one(port, path, 1, options.concurrency)  # warm up, fill the cache
            result = http.load_one(port, path, options.seconds, options.concurrency)
            static_rps = static_rps or result["rps"]
            result["ratio"] = result["rps"] / static_rps
            results["cached"][label] = result
            print(
                f"  {label:14} {size:8,} {result['rps']:7.0f} {result['ratio']:6.2f} "
                f"{result['p50']:7.1f} {result['p99']:7.1f} {result['errors']:6d}"
            )

        cold_urls = [
            ("home page", "/"),
            ("partner list", "/partner/"),
            ("group list", "/akteure/"),
            ("group page", group),
            ("sitemap index", "/sitemap.xml"),
            ("sitemap section", "/sitemap-partners.xml?p=1"),
            ("search", "/suche/?q=Beschaffung"),
        ]
        print(f"\ncold: the first request after a content change, {options.cold_runs} times each")
        print(f"  {'':16} {'median ms':>9} {'max ms':>8} errors  address")
        results["cold"] = {}
        for label, path in cold_urls:
            result = http.cold(port, path, options.cold_runs, content_changed)
            results["cold"][label] = result
            errors = ", ".join(map(str, result["errors"])) or "0"
            print(f"  {label:16} {result['median']:9.1f} {result['max']:8.1f} {errors:>6}  {path}")

        print(
            f"\ndistinct searches under load: {options.concurrency} connections, "
            f"{options.search_seconds:g} s, every request two other words (/suche/?q=…)"
        )
        queries = (f"/suche/?q={quote(f'{a} {b}')}" for a, b in itertools.cycle(pairs))
        result = http.load(port, queries, options.search_seconds, options.concurrency, 60)
        results["searches"] = result
        print(
            f"  {result['requests']:,} searches, {result['rps']:.1f} /s, p50 "
            f"{result['p50']:.0f} ms, p99 {result['p99']:.0f} ms, {result['errors']} errors"
        )

        print("\nexports, the whole file to one client on loopback")
        results["exports"] = {}
        for path, count_rows in (("/partner.csv", csv_partners), ("/partner.json", json_partners)):
            status, seconds, body, ended_cleanly = http.download(port, path)
            rows = count_rows(body) if ended_cleanly else None
            complete = status == 200 and ended_cleanly and rows == facts["listed"]
            results["exports"][path] = {
                "seconds": seconds,
                "bytes": len(body),
                "complete": complete,
            }
            print(
                f"  {path:14} {seconds:6.1f} s {len(body):12,} bytes  status {status}, "
                f"{rows if rows is not None else 'cut off'} of {facts['listed']:,} partners, "
                f"complete: {'yes' if complete else 'NO'}"
            )
    finally:
        stop(gunicorn)
    results["load after"] = load_average()
    print(f"\n   {results['load after']}")
    results["explain"] = explain_search(env)
    return results


def csv_partners(body):
    try:
        rows = list(csv.reader(io.StringIO(body.decode("utf-8-sig")), delimiter=";"))
    except (UnicodeDecodeError, csv.Error):
        return None
    return len(rows) - 1  # the header


def json_partners(body):
    try:
        return len(json.loads(body)["partners"])
    except (ValueError, KeyError, TypeError):
        return None


def explain_search(env):
    """EXPLAIN ANALYZE of the search page's queries for "Beschaffung" (PostgreSQL only);
    the total database time, or None."""
    if not env["DATABASE_URL"].startswith("postgres"):
        print("\nEXPLAIN ANALYZE of the search: PostgreSQL only")
        return None
    print('\nEXPLAIN ANALYZE of the search page for "Beschaffung" (manage.py explain_search)')
    output = manage(env, "explain_search", "Beschaffung", capture=True)
    for line in output.strip().splitlines():
        # The plans in full; of each query's SQL (one long line) its beginning.
        print(f"  {line[:300]} …" if len(line) > 300 else f"  {line}")
    totals = [line for line in output.splitlines() if line.startswith("== ")]
    try:
        return float(totals[-1].split(": ")[-1].split(" ms")[0])
    except (IndexError, ValueError):
        return None


def http_port():
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def mark(ok):
    return "" if ok else " ✗"


def summary(all_results, backend, started):
    """The figures of every size as Markdown tables, ready for the README."""
    now = datetime.datetime.now().astimezone()
    print(
        f"\n## Summary ({now:%Y-%m-%d %H:%M %Z}; {backend}; {os.cpu_count()} cores, shared; "
        f"bench took {(time.monotonic() - started) / 60:.1f} min; ✗ = target of issue 19 missed)"
    )
    for results in all_results:
        partners = results["partners"]
        large = partners >= 100_000
        print(
            f"\n### {partners:,} partners, {results['actors']:,} actors "
            f"({results['load before']} before, {results['load after']} after)\n"
        )
        print("| request | req/s | × static | p50 ms | p99 ms | errors |")
        print("| --- | ---: | ---: | ---: | ---: | ---: |")
        for label, result in results["cached"].items():
            ok = label == "static file" or (
                result["ratio"] >= TARGETS["ratio"]
                and result["p99"] < TARGETS["p99"]
                and not result["errors"]
            )
            print(
                f"| cached {label} | {result['rps']:,.0f} | {result['ratio']:.2f}{mark(ok)} | "
                f"{result['p50']:.1f} | {result['p99']:.1f} | {result['errors']} |"
            )
        print("\n| cold, first request after a change | median ms | max ms |")
        print("| --- | ---: | ---: |")
        for label, result in results["cold"].items():
            target = TARGETS["cold sitemap"] if label == "sitemap section" else TARGETS["cold page"]
            checked = label in COLD_PAGES or label == "sitemap section"
            ok = not (large and checked) or result["median"] <= target
            ok = ok and not result["errors"]
            print(f"| {label} | {result['median']:.0f}{mark(ok)} | {result['max']:.0f} |")
        searches = results["searches"]
        ok = (large or searches["rps"] >= TARGETS["searches"]) and not searches["errors"]
        print(
            f"\n- distinct searches under load: {searches['rps']:.1f}/s{mark(ok)}, p50 "
            f"{searches['p50']:.0f} ms, p99 {searches['p99']:.0f} ms, {searches['errors']} errors"
        )
        for path, export in results["exports"].items():
            print(
                f"- `{path}`: {export['seconds']:.1f} s, {export['bytes'] / 1e6:.1f} MB, "
                f"complete: {'yes' if export['complete'] else 'no ✗'}"
            )
        if results["explain"] is not None:
            ok = not large or results["explain"] <= TARGETS["search database"]
            print(
                f'- search "Beschaffung": {results["explain"]:.1f} ms{mark(ok)} of database '
                "time (EXPLAIN ANALYZE, all queries of the first page)"
            )


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--partners", default="10000,100000", help="sizes, comma-separated (actors: a fifth)"
    )
    parser.add_argument("--seconds", type=float, default=5, help="per cached URL")
    parser.add_argument("--search-seconds", type=float, default=10)
    parser.add_argument("--cold-runs", type=int, default=5)
    parser.add_argument("--concurrency", type=int, default=16)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--fresh", action="store_true", help="refill even a matching database")
    options = parser.parse_args()
    sizes = [int(size.replace("_", "")) for size in options.partners.split(",")]

    started = time.monotonic()
    workdir = Path(tempfile.gettempdir()) / "newtrade-bench"
    workdir.mkdir(exist_ok=True)
    cache_dir = workdir / "cache"
    base = {k: v for k, v in os.environ.items() if not k.startswith("DJANGO_")}
    base.update(
        DJANGO_CACHE_DIR=str(cache_dir),
        DJANGO_LOG_LEVEL="WARNING",
        DJANGO_SETTINGS_MODULE="newtrade.settings",
    )
    base.pop("DATABASE_URL", None)
    backend = (
        "PostgreSQL + Redis"
        if os.environ.get("BENCH_DATABASE_URL") and base.get("REDIS_URL")
        else f"{'PostgreSQL' if os.environ.get('BENCH_DATABASE_URL') else 'SQLite'} + "
        f"{'Redis' if base.get('REDIS_URL') else 'file cache'}"
    )
    print(f"bench: {backend}, cache {base.get('REDIS_URL') or cache_dir}")

    # The content changes come from this process, through the cache the site uses
    # (content_changed() touches only the cache, never the database).
    os.environ.update(base, DATABASE_URL=database_url(sizes[0], workdir))
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.core.cache import cache

    from core.page_cache import content_changed

    pairs = search_words()
    manage(
        {**base, "DATABASE_URL": database_url(sizes[0], workdir)},
        "collectstatic",
        "--noinput",
        "--verbosity",
        "0",
    )
    all_results = []
    for partners in sizes:
        env = {**base, "DATABASE_URL": database_url(partners, workdir)}
        shutil.rmtree(cache_dir, ignore_errors=True)
        cache.clear()  # no page of another size
        all_results.append(bench_size(env, partners, options, content_changed, pairs))
    summary(all_results, backend, started)


if __name__ == "__main__":
    main()
