"""A local web server that answers the link checker's requests, and its fixtures.

The fixtures are imported by the conftest.py of each folder whose tests check links.
"""

import socket
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest


class Handler(BaseHTTPRequestHandler):
    routes = {
        "/ok": (200, None),
        "/moved": (301, "/ok"),
        "/temporary": (302, "/ok"),
        "/missing": (404, None),
        "/error": (500, None),
    }

    def log_message(self, *args):
        pass

    def answer(self, with_body):
        server = self.server
        with server.lock:
            server.active += 1
            server.most_active = max(server.most_active, server.active)
            server.user_agents.add(self.headers.get("User-Agent"))
        try:
            if self.path == "/slow":
                time.sleep(2)
            if self.path == "/busy":
                time.sleep(0.2)
        finally:
            # Done before answering, so a client's next request never overlaps this one.
            with server.lock:
                server.active -= 1
        if self.path == "/no-head" and self.command == "HEAD":
            code, target = 405, None
        else:
            code, target = self.routes.get(self.path, (200, None))
        self.send_response(code)
        if target:
            self.send_header("Location", target)
        self.send_header("Content-Length", "2")
        self.end_headers()
        if with_body:
            self.wfile.write(b"ok")

    def do_HEAD(self):
        self.answer(with_body=False)

    def do_GET(self):
        self.answer(with_body=True)


def start_server(tls_context=None):
    """A running server on a free local port; `tls_context` makes it answer HTTPS."""
    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.lock, server.active, server.most_active = threading.Lock(), 0, 0
    server.user_agents = set()
    if tls_context is not None:
        server.socket = tls_context.wrap_socket(server.socket, server_side=True)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    scheme = "https" if tls_context is not None else "http"
    server.url = f"{scheme}://127.0.0.1:{server.server_address[1]}"
    return server


@pytest.fixture
def site():
    server = start_server()
    yield server
    server.shutdown()
    server.server_close()


@pytest.fixture
def closed_port():
    """A local port where nothing listens."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]
