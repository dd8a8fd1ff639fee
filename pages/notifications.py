"""Telling the office about a new barrier report by e-mail, through Django's mail settings."""

import logging

from django.conf import settings
from django.core.mail import EmailMessage
from django.template.loader import render_to_string

from stakeholders.models import Office

logger = logging.getLogger(__name__)


def recipients():
    """BARRIER_REPORT_RECIPIENTS, or else the office's e-mail address once staff enter it."""
    if settings.BARRIER_REPORT_RECIPIENTS:
        return list(settings.BARRIER_REPORT_RECIPIENTS)
    office = Office.objects.current()
    return [office.email] if office and office.email else []


def notify_office(report, build_url):
    """Send the report to the office; a mail failure is logged, the report stays stored.

    A reply to the mail goes to the visitor when they gave their address (Reply-To)."""
    to = recipients()
    if not to:
        return False
    body = render_to_string(
        "pages/barrier_report_mail.txt",
        {"report": report, "admin_url": build_url(report.get_absolute_url())},
    )
    try:
        EmailMessage(
            f"Gemeldete Barriere: {report.page}"[:150],
            body,
            to=to,
            reply_to=[report.email] if report.email else None,
        ).send()
    except Exception:  # any mail server problem must not lose the report
        logger.exception("Could not send barrier report %s by e-mail", report.pk)
        return False
    return True
