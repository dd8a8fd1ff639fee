"""Log lines as JSON (core/log_format.py), with the request's context but no address."""

import json
import logging
import sys

from core.log_format import JsonFormatter


def test_log_lines_are_json_with_request_context_and_no_address(rf):
    request = rf.get("/partner/", REMOTE_ADDR="198.51.100.23")
    try:
        raise ValueError("kaputt")
    except ValueError:
        record = logging.getLogger("django.request").makeRecord(
            "django.request",
            logging.ERROR,
            __file__,
            1,
            "Internal Server Error: %s",
            ("/partner/",),
            sys.exc_info(),
            extra={"request": request, "status_code": 500},
        )
    line = JsonFormatter().format(record)
    entry = json.loads(line)
    assert entry["level"] == "ERROR"
    assert entry["message"] == "Internal Server Error: /partner/"
    assert entry["request"] == {"method": "GET", "path": "/partner/"}
    assert entry["status"] == 500
    assert "ValueError: kaputt" in entry["exception"]
    assert "198.51.100.23" not in line
    assert "\n" not in line
