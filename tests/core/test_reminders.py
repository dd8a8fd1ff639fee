"""The daily reminder mail (`manage.py send_reminders`, core/reminders.py)."""

import datetime
import email
import email.policy
import io
import logging
import time

import pytest
from django.core import mail
from django.core.management import CommandError, call_command
from django.utils import timezone

from core import release
from core.models import ReminderSent
from core.reminders import reminder_for, send_reminders
from tests.factories import make_actor as make_any_actor
from tests.factories import make_barrier_report, make_entry_report, make_staff
from tests.factories import make_partner as make_any_partner

SITE = "https://backoffice.example.test"


@pytest.fixture(autouse=True)
def site_url(settings):
    settings.SITE_URL = SITE
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"


def make_partner(**fields):
    """A partner whose review is not due (unless a test says so)."""
    return make_any_partner(**{"last_reviewed": today(), **fields})


def make_actor(**fields):
    return make_any_actor(**{"last_reviewed": today(), **fields})


def today():
    return timezone.localdate()


def days(n):
    return today() + datetime.timedelta(days=n)


def staff(group="Redaktion", **fields):
    fields = {"email": f"person{time.monotonic_ns()}@example.test", **fields}
    return make_staff(group=group, **fields)


def mails_to(user):
    return [message for message in mail.outbox if message.to == [user.email]]


@pytest.mark.django_db
def test_the_mail_names_the_follow_ups_assigned_to_the_person_in_german_with_links():
    erika = staff(first_name="Erika", last_name="Muster")
    other = staff()
    overdue = make_partner(
        name="Umweltbundesamt",
        next_step="Leitfaden abstimmen",
        next_step_due=days(-2),
        responsible=erika,
        last_reviewed=today(),
    )
    make_actor(
        name="Stadt Köln",
        next_step="Rückruf „Vergabe“ & Termin",
        next_step_due=days(3),
        responsible=erika,
        last_reviewed=today(),
    )
    make_partner(  # not within the horizon
        name="Viel später", next_step="Anruf", next_step_due=days(60), responsible=erika
    )
    make_partner(  # someone else's
        name="Fremder Schritt", next_step="Anruf", next_step_due=days(1), responsible=other
    )
    call_command("send_reminders", stdout=io.StringIO())
    [message] = mails_to(erika)
    body = message.body
    assert message.subject.startswith("Backoffice newtrade nrw: 2 fällige Aufgaben am ")
    assert body.startswith("Guten Tag Erika Muster,")
    assert f"{days(-2):%d.%m.%Y} Umweltbundesamt: Leitfaden abstimmen – überfällig" in body
    assert f"{days(3):%d.%m.%Y} Stadt Köln: Rückruf „Vergabe“ & Termin\n" in body  # no &amp;
    assert f"{SITE}/admin/partners/partner/{overdue.pk}/change/" in body
    assert f"{SITE}/admin/partners/partner/?zustaendig=mir" in body
    assert "Fällige Schritte: Partner (1)" in body
    assert "Fällige Schritte: Akteure (1)" in body
    assert "Viel später" not in body and "Fremder Schritt" not in body


@pytest.mark.django_db
def test_every_link_in_the_mail_opens_for_the_person(client):
    erika = staff()
    partner = make_partner(next_step="Anruf", next_step_due=days(0), responsible=erika)
    make_entry_report(partner)
    make_barrier_report()
    send_reminders()
    [message] = mails_to(erika)
    links = [line.strip() for line in message.body.splitlines() if SITE in line]
    links = [line[line.index(SITE) :] for line in links]
    assert len(links) >= 6
    client.force_login(erika)
    for link in links:
        response = client.get(link.removeprefix(SITE))
        assert response.status_code == 200, link


@pytest.mark.django_db
def test_reviews_due_of_own_entries_are_named():
    erika = staff()
    make_actor(
        name="Lange nicht geprüft", last_reviewed=datetime.date(2020, 5, 4), responsible=erika
    )
    make_actor(name="Frisch geprüft", last_reviewed=today(), responsible=erika)
    make_actor(name="Nicht meins", last_reviewed=datetime.date(2020, 5, 4))
    send_reminders()
    [message] = mails_to(erika)
    assert "Überprüfung fällig: Akteure (1)" in message.body
    assert "Lange nicht geprüft (zuletzt geprüft am 04.05.2020)" in message.body
    assert "Frisch geprüft" not in message.body and "Nicht meins" not in message.body


@pytest.mark.django_db
def test_releases_and_reports_go_to_those_who_may_handle_them():
    editor = staff("Redaktion")
    releaser = staff("Freigabe")
    entry = make_partner(name="Kompass Nachhaltigkeit", last_reviewed=today())
    entry.teaser = "Ein neuer Kurztext."
    change = release.submit(entry, editor)
    make_entry_report(make_partner(name="Gemeldeter Partner"), problem="Die Adresse stimmt nicht.")
    make_barrier_report(page="/kontakt/", message="Der Kontrast ist zu schwach.")
    send_reminders()
    [to_releaser] = mails_to(releaser)
    assert "Zur Freigabe (1)" in to_releaser.body
    assert "Kompass Nachhaltigkeit (Partner), eingereicht von" in to_releaser.body
    assert f"{SITE}{change.get_admin_url()}" in to_releaser.body
    assert "Meldungen" not in to_releaser.body  # "Freigabe" does not handle reports
    [to_editor] = mails_to(editor)
    assert "Zur Freigabe" not in to_editor.body  # never their own change
    assert "Meldungen zu Einträgen (1)" in to_editor.body
    assert "Die Adresse stimmt nicht." in to_editor.body
    assert "Gemeldete Barrieren (1)" in to_editor.body
    assert "/kontakt/" in to_editor.body
    assert f"{SITE}/admin/pages/barrierreport/?done__exact=0" in to_editor.body


@pytest.mark.django_db
def test_nothing_due_means_no_mail_and_nobody_without_address_or_inactive():
    staff()  # nothing due for them
    no_address = make_staff(email="")
    inactive = staff(is_active=False)
    for user in (no_address, inactive):
        make_partner(next_step="Anruf", next_step_due=days(0), responsible=user)
    outcome = send_reminders()
    assert mail.outbox == []
    assert outcome.sent == [] and outcome.failed == []
    assert not ReminderSent.objects.exists()


@pytest.mark.django_db
def test_at_most_one_mail_a_day_however_often_it_runs():
    erika = staff()
    make_partner(next_step="Anruf", next_step_due=days(0), responsible=erika)
    send_reminders()
    send_reminders()
    call_command("send_reminders", stdout=io.StringIO())
    assert len(mails_to(erika)) == 1
    assert ReminderSent.objects.filter(user=erika, day=today()).count() == 1
    send_reminders(today=days(1))  # the next day
    assert len(mails_to(erika)) == 2


@pytest.mark.django_db
def test_dry_run_lists_who_would_get_what_and_sends_nothing(capsys):
    erika = staff(username="erika")
    make_partner(
        name="Umweltbundesamt", next_step="Anruf", next_step_due=days(0), responsible=erika
    )
    call_command("send_reminders", "--dry-run")
    out = capsys.readouterr().out
    assert f"erika <{erika.email}> bekäme 1" in out
    assert "Fällige Schritte: Partner: 1" in out
    assert "Umweltbundesamt: Anruf" in out
    assert mail.outbox == [] and not ReminderSent.objects.exists()


@pytest.mark.django_db
def test_a_failing_mail_server_is_logged_marks_nothing_and_fails_the_command(monkeypatch, caplog):
    erika = staff(username="erika")
    make_partner(next_step="Anruf", next_step_due=days(0), responsible=erika)

    def refuse(self, *args, **kwargs):
        raise ConnectionRefusedError(111, "Connection refused")

    monkeypatch.setattr("django.core.mail.EmailMessage.send", refuse)
    with (
        caplog.at_level(logging.WARNING, logger="core.reminders"),
        pytest.raises(CommandError, match="Nicht erreicht.*erika"),
    ):
        call_command("send_reminders", stdout=io.StringIO())
    [record] = [r for r in caplog.records if r.name == "core.reminders"]
    assert "erika" in record.getMessage() and "Connection refused" in record.getMessage()
    assert record.exc_info is None  # one line, no traceback
    assert not ReminderSent.objects.exists()


@pytest.mark.django_db
def test_a_user_removed_as_responsible_keeps_the_entry():
    erika = staff()
    partner = make_partner(next_step="Anruf", next_step_due=days(0), responsible=erika)
    erika.delete()
    partner.refresh_from_db()
    assert partner.responsible is None
    assert reminder_for(staff(), today()).sections == []


# --- A real SMTP server on localhost ---------------------------------------------------------


@pytest.mark.django_db
def test_through_a_real_smtp_server_down_then_up_again(smtp_server, caplog):
    erika = staff(username="erika")
    make_partner(
        name="Umweltbundesamt", next_step="Anruf", next_step_due=days(0), responsible=erika
    )
    quiet = io.StringIO()

    # The server is up: the mail arrives, in German, once however often the command runs.
    smtp_server.start()
    call_command("send_reminders", stdout=quiet)
    call_command("send_reminders", stdout=quiet)
    [envelope] = smtp_server.inbox.messages
    assert envelope.rcpt_tos == [erika.email]
    received = email.message_from_bytes(envelope.content, policy=email.policy.default)
    assert (
        str(received["Subject"])
        .strip()
        .startswith("Backoffice newtrade nrw: 1 fällige Aufgabe am ")
    )
    body = received.get_content()
    assert "Umweltbundesamt: Anruf" in body and f"{SITE}/admin/" in body
    assert ReminderSent.objects.filter(user=erika, day=today()).exists()

    # The server is down: the failure is logged, nothing is marked as sent, the command fails.
    smtp_server.stop()
    max_ = staff(username="max")
    make_actor(name="Stadt Köln", next_step="Rückruf", next_step_due=days(1), responsible=max_)
    with (
        caplog.at_level(logging.WARNING, logger="core.reminders"),
        pytest.raises(CommandError, match="max"),
    ):
        call_command("send_reminders", stdout=quiet)
    [record] = [r for r in caplog.records if r.name == "core.reminders"]
    assert "max" in record.getMessage()
    assert not ReminderSent.objects.filter(user=max_).exists()

    # Up again: the next run sends the missed mail, and erika's not a second time.
    smtp_server.start()
    call_command("send_reminders", stdout=quiet)
    assert [envelope.rcpt_tos for envelope in smtp_server.inbox.messages] == [
        [erika.email],
        [max_.email],
    ]
    assert (
        "Stadt Köln: Rückruf"
        in email.message_from_bytes(
            smtp_server.inbox.messages[1].content, policy=email.policy.default
        ).get_content()
    )
    assert ReminderSent.objects.filter(user=max_, day=today()).exists()
