"""`make bench`: throughput and latency of the main pages against a filled database.

Fills a throwaway database with demo partners and actors, starts the site with
gunicorn on loopback and measures, one URL after the other, requests per second
and latency (p50, p99) at a fixed number of concurrent connections, for the
home page, the partner list, a search, a partner page and a static file of
similar size served by the same gunicorn. Each page's throughput is printed as
a ratio to the static file's.

    make bench                                   # SQLite in /tmp, file cache
    BENCH_DATABASE_URL=postgres://postgres@127.0.0.1:5432/newtrade_bench \\
        REDIS_URL=redis://127.0.0.1:6379/1 make bench
"""

import argparse
import gzip
import http.client
import json
import os
import re
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def manage(env, *args):
    subprocess.run([sys.executable, "manage.py", *args], cwd=ROOT, env=env, check=True)


def fetch(port, path):
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    try:
        connection.request("GET", path, headers={"Accept-Encoding": "gzip"})
        response = connection.getresponse()
        body = response.read()
        return response.status, body
    finally:
        connection.close()


def wait_until_up(port, seconds=30):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            if fetch(port, "/healthz")[0] == 200:
                return
        except OSError:
            time.sleep(0.2)
    raise SystemExit("gunicorn did not start")


def measure(port, path, seconds, concurrency):
    """Requests per second, latencies in ms and the number of errors for one URL."""
    latencies, errors = [], []
    stop = time.monotonic() + seconds

    def client():
        while time.monotonic() < stop:
            started = time.perf_counter()
            try:
                status, _body = fetch(port, path)
            except OSError as error:
                errors.append(str(error))
                continue
            latencies.append((time.perf_counter() - started) * 1000)
            if status != 200:
                errors.append(status)

    threads = [threading.Thread(target=client) for _ in range(concurrency)]
    began = time.monotonic()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.monotonic() - began
    latencies.sort()
    return {
        "rps": len(latencies) / elapsed,
        "p50": statistics.median(latencies),
        "p99": latencies[min(len(latencies) - 1, int(len(latencies) * 0.99))],
        "errors": len(errors),
        "requests": len(latencies),
    }


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--partners", type=int, default=10_000)
    parser.add_argument("--actors", type=int, default=2_000)
    parser.add_argument("--seconds", type=float, default=5)
    parser.add_argument("--concurrency", type=int, default=16)
    parser.add_argument("--workers", type=int, default=4)
    options = parser.parse_args()

    workdir = Path(tempfile.gettempdir()) / "newtrade-bench"
    workdir.mkdir(exist_ok=True)
    env = {k: v for k, v in os.environ.items() if not k.startswith("DJANGO_")}
    env.update(
        DATABASE_URL=os.environ.get(
            "BENCH_DATABASE_URL", f"sqlite:///{workdir / 'newtrade-bench.sqlite3'}"
        ),
        DJANGO_CACHE_DIR=str(workdir / "cache"),
        DJANGO_LOG_LEVEL="WARNING",
        DJANGO_SETTINGS_MODULE="newtrade.settings",
    )
    if env["DATABASE_URL"].startswith("postgres"):
        name = env["DATABASE_URL"].rsplit("/", 1)[1]
        server = env["DATABASE_URL"].rsplit("/", 1)[0] + "/postgres"
        subprocess.run(["psql", server, "-qc", f"CREATE DATABASE {name}"], capture_output=True)
    print(f"database: {env['DATABASE_URL']}  cache: {env.get('REDIS_URL') or 'files'}")
    manage(env, "migrate", "--noinput", "--verbosity", "0")
    manage(env, "demo_data", "--remove")
    manage(
        env,
        "demo_data",
        "--partners",
        str(options.partners),
        "--actors",
        str(options.actors),
        "--allow-real-content",
    )
    manage(env, "collectstatic", "--noinput", "--verbosity", "0")

    port = free_port()
    gunicorn = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "gunicorn",
            "newtrade.wsgi",
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            str(options.workers),
            "--backlog",
            "256",
        ],
        cwd=ROOT,
        env=env,
    )
    try:
        wait_until_up(port)
        manifest = json.loads((ROOT / "staticfiles" / "staticfiles.json").read_text())
        stylesheet = "/static/" + manifest["paths"]["css/site.css"]
        listing = gzip.decompress(fetch(port, "/partner/")[1]).decode()
        partner = re.search(r'href="(/partner/demo-[^"]+/)"', listing).group(1)
        urls = [
            ("static file", stylesheet),
            ("home page", "/"),
            ("partner list", "/partner/"),
            ("search", "/partner/?q=Textilien"),
            ("partner page", partner),
        ]
        print(
            f"{options.partners} partners, {options.actors} actors, {options.workers} gunicorn "
            f"workers, {options.concurrency} connections, {options.seconds:g} s per URL\n"
        )
        print(f"{'':14} {'bytes':>7} {'req/s':>8} {'ratio':>6} {'p50 ms':>7} {'p99 ms':>7} errors")
        static_rps = None
        for label, path in urls:
            size = len(fetch(port, path)[1])
            measure(port, path, 1, options.concurrency)  # warm up, fill the cache
            result = measure(port, path, options.seconds, options.concurrency)
            static_rps = static_rps or result["rps"]
            print(
                f"{label:14} {size:7d} {result['rps']:8.0f} {result['rps'] / static_rps:6.2f} "
                f"{result['p50']:7.1f} {result['p99']:7.1f} {result['errors']:6d}"
            )
    finally:
        gunicorn.terminate()
        gunicorn.wait(timeout=10)


if __name__ == "__main__":
    main()
