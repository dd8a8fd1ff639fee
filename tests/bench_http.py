"""The HTTP side of `make bench` (tests/bench.py): requests to the gunicorn it started on
loopback, timed, with bounded counts and durations.

Every request opens its own connection, as the issue measured; bodies are read to the end.
"""

import http.client
import itertools
import statistics
import threading
import time

GZIP = {"Accept-Encoding": "gzip"}


def fetch(port, path, headers=GZIP, timeout=10):
    """Status and body of one GET (the body as sent, compressed when the page is)."""
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
    try:
        connection.request("GET", path, headers=headers)
        response = connection.getresponse()
        return response.status, response.read()
    finally:
        connection.close()


def wait_until_up(port, seconds=60):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            if fetch(port, "/healthz")[0] == 200:
                return
        except OSError:
            pass
        time.sleep(0.2)
    raise SystemExit("gunicorn did not start")


def percentile(values, share):
    values = sorted(values)
    return values[min(len(values) - 1, int(len(values) * share))] if values else float("nan")


def load(port, paths, seconds, concurrency, timeout=30):
    """`concurrency` clients asking one after the other for the next of `paths` (an
    iterator, shared) for `seconds`: requests per second, p50 and p99 in ms, errors."""
    latencies, errors = [], []
    stop = time.monotonic() + seconds
    lock = threading.Lock()

    def client():
        while time.monotonic() < stop:
            with lock:
                path = next(paths)
            started = time.perf_counter()
            try:
                status, _body = fetch(port, path, timeout=timeout)
            except OSError as error:
                errors.append(type(error).__name__)
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
    return {
        "rps": len(latencies) / elapsed,
        "p50": percentile(latencies, 0.5),
        "p99": percentile(latencies, 0.99),
        "errors": len(errors),
        "requests": len(latencies),
    }


def load_one(port, path, seconds, concurrency):
    return load(port, itertools.repeat(path), seconds, concurrency)


def cold(port, path, runs, content_changed, timeout=60):
    """The time of the first request for `path` after each of `runs` content changes,
    one request at a time: median and max in ms, and the statuses that were not 200."""
    times, errors = [], []
    for _run in range(runs):
        content_changed()
        started = time.perf_counter()
        try:
            status, _body = fetch(port, path, timeout=timeout)
        except OSError as error:
            errors.append(type(error).__name__)
            continue
        times.append((time.perf_counter() - started) * 1000)
        if status != 200:
            errors.append(status)
    median = statistics.median(times) if times else float("nan")
    return {"median": median, "max": max(times, default=float("nan")), "errors": errors}


def download(port, path, timeout=300):
    """The whole body of `path`, uncompressed as a plain client asks for it: status,
    seconds, body, and whether the transfer ended as announced (an abort in the middle
    of a chunked or sized body raises IncompleteRead)."""
    started = time.perf_counter()
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
    try:
        connection.request("GET", path)
        response = connection.getresponse()
        try:
            body, ended_cleanly = response.read(), True
        except http.client.IncompleteRead as error:
            body, ended_cleanly = error.partial, False
        return response.status, time.perf_counter() - started, body, ended_cleanly
    finally:
        connection.close()
