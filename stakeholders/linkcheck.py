"""Checking the websites of actors and partners: reachable, redirected or broken.

HEAD first and GET where a server refuses HEAD; redirects are followed and
recorded (a permanent one with its target, so staff can update the link); a
timeout per request; a bounded number of requests at once; a User-Agent that
says who is asking.
"""

import socket
import ssl
import urllib.error
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field

from stakeholders.models import LinkStatus

USER_AGENT = "newtrade-nrw-Linkpruefung/1.0 (Buero fuer Nachhaltige Beschaffung NRW)"
PERMANENT = {301, 308}


@dataclass
class Result:
    status: str  # a LinkStatus value
    code: int | None = None
    error: str = ""
    redirects: list = field(default_factory=list)  # (code, target) in order

    @property
    def permanent_target(self):
        """Where a permanent redirect leads (the last target of the chain), or ""."""
        if any(code in PERMANENT for code, _target in self.redirects):
            return self.redirects[-1][1]
        return ""

    @property
    def summary(self):
        if self.error:
            return self.error
        hops = " → ".join(f"{code} {target}" for code, target in self.redirects)
        return f"{self.code}" + (f" nach {hops}" if hops else "")


class _RecordingRedirects(urllib.request.HTTPRedirectHandler):
    def __init__(self, result):
        self.result = result

    def redirect_request(self, request, fp, code, msg, headers, new_url):
        self.result.redirects.append((code, new_url))
        redirected = super().redirect_request(request, fp, code, msg, headers, new_url)
        if redirected is not None and request.get_method() == "HEAD":
            redirected.method = "HEAD"  # urllib would turn it into a GET
        return redirected


def _request(url, method, timeout, result):
    opener = urllib.request.build_opener(_RecordingRedirects(result))
    request = urllib.request.Request(url, method=method, headers={"User-Agent": USER_AGENT})
    with opener.open(request, timeout=timeout) as response:
        if method == "GET":
            response.read(1024)
        return response.status


def _describe(error):
    reason = getattr(error, "reason", error)
    if isinstance(reason, ssl.SSLError | ssl.CertificateError):
        return "TLS-Fehler: " + (getattr(reason, "verify_message", "") or str(reason))[:150]
    if isinstance(reason, TimeoutError | socket.timeout):
        return "Zeitüberschreitung"
    if isinstance(reason, ConnectionRefusedError):
        return "Verbindung abgelehnt"
    if isinstance(reason, socket.gaierror):
        return "Adresse unbekannt (DNS)"
    return f"Fehler: {reason}"[:200]


def check_url(url, timeout=10):
    """Check one address; never raises."""
    for method in ("HEAD", "GET"):
        result = Result(status=LinkStatus.BROKEN)
        try:
            result.code = _request(url, method, timeout, result)
        except urllib.error.HTTPError as error:
            result.code = error.code
            if method == "HEAD" and error.code in {403, 404, 405, 501}:
                continue  # some servers answer HEAD wrongly: ask again with GET
        except (urllib.error.URLError, OSError, ValueError) as error:
            result.error = _describe(error)
            if method == "HEAD" and not isinstance(
                getattr(error, "reason", error), TimeoutError | socket.timeout
            ):
                continue
            return result
        if result.code and result.code < 400:
            result.status = LinkStatus.REDIRECT if result.redirects else LinkStatus.OK
        return result
    return result


@dataclass
class Summary:
    checked: int = 0
    fine: int = 0
    redirected: int = 0
    broken: int = 0

    def add(self, status):
        self.checked += 1
        if status == LinkStatus.OK:
            self.fine += 1
        elif status == LinkStatus.REDIRECT:
            self.redirected += 1
        else:
            self.broken += 1

    def __str__(self):
        return (
            f"{self.checked} geprüft: {self.fine} in Ordnung, {self.redirected} umgeleitet, "
            f"{self.broken} defekt"
        )


def check_entries(entries, timeout=10, workers=8, on_result=None):
    """Check the websites of `entries` (actors, partners) with at most `workers` at once.

    Each result is stored on its entry as soon as it is known, so a run that is
    interrupted leaves every entry either as it was or fully updated.
    """
    entries = [entry for entry in entries if entry.website]
    summary = Summary()
    with ThreadPoolExecutor(max_workers=workers) as pool:
        futures = {pool.submit(check_url, entry.website, timeout): entry for entry in entries}
        for future, entry in futures.items():
            result = future.result()
            entry.record_link_check(result)
            summary.add(result.status)
            if on_result:
                on_result(entry, result)
    return summary
