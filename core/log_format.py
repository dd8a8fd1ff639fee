"""One JSON object per log line on stdout, so that log collectors can parse it."""

import json
import logging
from datetime import UTC, datetime


class JsonFormatter(logging.Formatter):
    """Time, level, logger and message; for request errors the method, path and status.

    The client's address is never logged (the privacy statement says so).
    """

    def format(self, record):
        entry = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
        }
        request = getattr(record, "request", None)
        if request is not None and hasattr(request, "method"):
            entry["request"] = {"method": request.method, "path": request.path}
            user = getattr(request, "user", None)
            if user is not None and getattr(user, "is_authenticated", False):
                entry["request"]["user_id"] = user.pk
        if (status := getattr(record, "status_code", None)) is not None:
            entry["status"] = status
        if record.exc_info:
            entry["exception"] = self.formatException(record.exc_info)
        return json.dumps(entry, ensure_ascii=False, default=str)
