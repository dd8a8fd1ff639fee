"""How the back office words people and moments, in mails, lists and exports."""

from django.utils import timezone


def person_name(user):
    """A staff member as colleagues call them: the full name, else the user name."""
    return user.get_full_name() or user.get_username()


def local_moment(value):
    """A moment as staff here write it: "01.12.2026, 10:00 Uhr"."""
    return timezone.localtime(value).strftime("%d.%m.%Y, %H:%M Uhr")
