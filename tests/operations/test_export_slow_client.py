"""The open-data exports reach a slow client whole: gunicorn, started with the project's
gunicorn.conf.py, keeps writing a download for longer than its worker timeout, a
download never ends short after its 200, and a slow download holds up no other request.

gunicorn serves the test database filled with demo partners, with two workers of one
thread each and a worker timeout of two seconds. The clients take a small receive
buffer and stop reading for several timeouts once a download has begun, as a slow or
stalled line does: the export is larger than what the sockets' buffers hold, so the
thread is left waiting to write for all that time. Then they read the rest and check
that everything came.
"""

import csv
import http.client
import io
import json
import socket
import sqlite3
import subprocess
import sys
import time

import pytest
from django.db import connection

from partners import demo
from partners.models import OPEN_DATA_FIELDS, Partner
from tests.factories import make_group
from tests.subprocesses import ROOT, clean_environment, wait_for_port

# gunicorn's worker timeout here, in seconds; the client stops reading for three times that.
WORKER_TIMEOUT = 2
STALL = 3 * WORKER_TIMEOUT
# Enough partners for a CSV of about 5 MB, well above what the server's send buffer
# (up to 4 MB on Linux) and the client's receive buffer hold together.
PARTNERS = 8_000
RECEIVE_BUFFER = 4096


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def database_url_for_gunicorn(folder):
    """The test database's address for another process. PostgreSQL's is shared as it is;
    SQLite's test database lives in this process's memory, so it is copied to a file."""
    settings = connection.settings_dict
    if connection.vendor == "postgresql":
        return (
            f"postgres://{settings['USER']}:{settings['PASSWORD']}@{settings['HOST']}:"
            f"{settings['PORT']}/{settings['NAME']}"
        )
    path = folder / "db.sqlite3"
    connection.ensure_connection()
    copy = sqlite3.connect(path)
    try:
        connection.connection.backup(copy)
    finally:
        copy.close()
    return f"sqlite:///{path}"


@pytest.fixture
def listed_slugs(transactional_db):
    """The slugs of the listed partners, in the order the exports give them."""
    make_group()
    demo.fill(PARTNERS, 0)
    return list(Partner.objects.listed().order_by("pk").values_list("slug", flat=True))


@pytest.fixture
def gunicorn(listed_slugs, tmp_path):
    """gunicorn as `make run` starts it (gunicorn.conf.py), with two workers of one thread
    each and a short timeout."""
    port = free_port()
    log = tmp_path / "gunicorn.log"
    env = clean_environment(
        DATABASE_URL=database_url_for_gunicorn(tmp_path),
        DJANGO_CACHE_DIR=str(tmp_path / "cache"),
        DJANGO_LOG_LEVEL="WARNING",
        GUNICORN_THREADS="1",
    )
    command = [sys.executable, "-m", "gunicorn", "newtrade.wsgi", "--config", "gunicorn.conf.py"]
    command += ["--bind", f"127.0.0.1:{port}", "--workers", "2"]
    command += ["--timeout", str(WORKER_TIMEOUT), "--no-control-socket"]
    with log.open("w") as output:
        server = subprocess.Popen(command, cwd=ROOT, env=env, stdout=output, stderr=output)
    try:  # stopped also when it did not start: it would hold the test database
        wait_for_port(port, server, log.read_text)
        yield port, log
    finally:
        server.terminate()
        try:
            server.wait(timeout=10)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()


class SlowDownload:
    """A GET over HTTP/1.1 from a client with a small receive buffer (set before it
    connects, so that the window it offers stays small) that reads the first bytes, and
    the rest only when told to."""

    def __init__(self, port, path):
        self.path = path
        self.sock = socket.socket()
        self.sock.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, RECEIVE_BUFFER)
        self.sock.settimeout(10)
        self.sock.connect(("127.0.0.1", port))
        request = f"GET {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n"
        self.sock.sendall(request.encode())

    def begin(self):
        """Read the status line, the headers and the first bytes."""
        self.response = http.client.HTTPResponse(self.sock, method="GET")
        self.response.begin()
        self.body = bytearray(self.response.read(RECEIVE_BUFFER))
        return self.response.status

    def finish(self):
        """Read the rest; fails if the download ends before the body does."""
        try:
            while piece := self.response.read(65536):
                self.body += piece
        except (http.client.IncompleteRead, ValueError) as error:  # cut in a chunk or between
            received = len(self.body) + len(getattr(error, "partial", b""))
            pytest.fail(f"{self.path} ended short after {received} bytes")
        finally:
            self.response.close()
            self.sock.close()
        return self.body


def health(port):
    """The status of /healthz. A worker that took the request while its only thread is
    stalled would answer it after the downloads, that is never: the timeout ends the wait."""
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
    try:
        connection.request("GET", "/healthz")
        return connection.getresponse().status
    finally:
        connection.close()


def test_slow_downloads_end_complete_and_hold_up_no_other_request(gunicorn, listed_slugs):
    port, log = gunicorn
    downloads = [SlowDownload(port, "/partner.csv")]
    assert downloads[0].begin() == 200
    # The only thread of one worker now waits to write; the other worker answers.
    assert [health(port) for _ in range(10)] == [200] * 10
    downloads.append(SlowDownload(port, "/partner.json"))
    assert downloads[1].begin() == 200
    time.sleep(STALL)  # both clients read nothing
    csv_body, json_body = (download.finish() for download in downloads)

    assert len(csv_body) > 4_000_000  # more than the sockets hold: gunicorn had to wait
    rows = list(csv.reader(io.StringIO(csv_body.decode("utf-8-sig")), delimiter=";"))
    assert rows[0] == OPEN_DATA_FIELDS
    assert all(len(row) == len(OPEN_DATA_FIELDS) for row in rows[1:])
    assert [row[1] for row in rows[1:]] == listed_slugs

    document = json.loads(json_body)
    assert document["fields"] == OPEN_DATA_FIELDS
    assert [partner["slug"] for partner in document["partners"]] == listed_slugs
    assert "WORKER TIMEOUT" not in log.read_text()
