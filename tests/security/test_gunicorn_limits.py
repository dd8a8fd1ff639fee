"""Over-long request lines and headers end at gunicorn (gunicorn.conf.py) with a short,
plain answer that names the limit, and a request just inside the limits reaches the site."""

import socket
import subprocess
import sys

import pytest

from tests.subprocesses import ROOT, clean_environment, wait_for_port


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture(scope="module")
def gunicorn(tmp_path_factory):
    """gunicorn as `make run` starts it, on an empty SQLite file: nothing here needs rows."""
    folder = tmp_path_factory.mktemp("gunicorn")
    port = free_port()
    env = clean_environment(
        DATABASE_URL=f"sqlite:///{folder / 'db.sqlite3'}",
        DJANGO_CACHE_DIR=str(folder / "cache"),
        DJANGO_LOG_LEVEL="WARNING",
    )
    server = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "newtrade.wsgi", "--config", "gunicorn.conf.py"]
        + ["--bind", f"127.0.0.1:{port}", "--workers", "1"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    wait_for_port(port, server, server.stderr.read)
    yield port
    server.terminate()
    server.wait(timeout=10)


def send(port, request):
    """Send raw bytes and return (status line, headers and body) of the answer."""
    with socket.create_connection(("127.0.0.1", port), timeout=10) as sock:
        sock.sendall(request)
        answer = b""
        while chunk := sock.recv(65536):
            answer += chunk
    head, _, body = answer.partition(b"\r\n\r\n")
    return head.split(b"\r\n")[0].decode(), head.decode(), body.decode()


def get(path, *headers):
    lines = [f"GET {path} HTTP/1.1", "Host: 127.0.0.1", "Connection: close", *headers]
    return ("\r\n".join(lines) + "\r\n\r\n").encode()


def test_a_request_line_within_the_limit_reaches_the_site(gunicorn):
    status, _, body = send(gunicorn, get("/healthz?" + "a" * 4000))
    assert status == "HTTP/1.1 200 OK"
    assert '"status": "ok"' in body


def test_an_over_long_request_line_gets_414_naming_the_limit(gunicorn):
    status, head, body = send(gunicorn, get("/suche/?q=" + "a" * 5000))
    assert status == "HTTP/1.1 414 URI Too Long"
    assert "Request Line is too large" in body and "4094" in body
    assert len(body) < 300
    assert "Traceback" not in body


def test_an_over_long_header_gets_431(gunicorn):
    status, _, body = send(gunicorn, get("/", "X-Long: " + "b" * 9000))
    assert status == "HTTP/1.1 431 Request Header Fields Too Large"
    assert len(body) < 300


def test_too_many_headers_get_431(gunicorn):
    status, _, _ = send(gunicorn, get("/", *(f"X-Header-{n}: x" for n in range(120))))
    assert status == "HTTP/1.1 431 Request Header Fields Too Large"


def test_a_header_within_the_limit_reaches_the_site(gunicorn):
    status, _, _ = send(gunicorn, get("/healthz", "X-Long: " + "b" * 8000))
    assert status == "HTTP/1.1 200 OK"
