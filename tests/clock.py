"""A clock that tests move: Django's `timezone.now` stands still at the test's start and
moves only when told (`clock(hours=1)`), for what depends on the time of day, such as
"Veröffentlichen ab/bis" or sessions that end. The fixture `clock` is in tests/conftest.py.
The live server of a browser test runs in the test's process and reads the same clock."""

import datetime

from django.utils import timezone


class Clock:
    def __init__(self, start):
        self.now = start

    def __call__(self, **delta):
        """Move the clock on (or back, with negative values)."""
        self.now += datetime.timedelta(**delta)
        return self.now

    def at(self, **delta):
        """The moment `delta` from now, without moving the clock."""
        return self.now + datetime.timedelta(**delta)


def frozen(monkeypatch):
    """A Clock that stands at this moment; Django's `timezone.now` reads it."""
    clock = Clock(timezone.now().replace(microsecond=0))
    monkeypatch.setattr(timezone, "now", lambda: clock.now)
    return clock
