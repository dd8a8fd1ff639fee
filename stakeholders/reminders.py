"""What the daily reminder (core/reminders.py) names of actors and partner resources:
the next steps and the reviews that the staff member is responsible for ("zuständig")."""

from django.utils.translation import gettext as _

from core.reminders import Item, Section, changelist_path, may_any


def follow_ups(model, order=10):
    """A source of the next steps of `model` (a Partnership) assigned to the user that are
    due within FOLLOW_UP_HORIZON or overdue."""

    def source(user, today):
        if not may_any(user, model):
            return None
        entries = model.objects.follow_ups_due(today).assigned_to(user)
        items = [
            Item(
                f"{entry.next_step_due:%d.%m.%Y} {entry.name}: {entry.next_step}",
                entry.admin_url,
                overdue=entry.next_step_due < today,
            )
            for entry in entries
        ]
        title = _("Fällige Schritte: %s") % model._meta.verbose_name_plural
        return Section(title, items, changelist_path(model, "zustaendig=mir"), order=order)

    source.__qualname__ = f"follow_ups({model.__name__})"
    return source


def reviews(model, order=30):
    """A source of the entries of `model` assigned to the user that nobody has confirmed
    for REVIEW_INTERVAL_DAYS ("Überprüfung fällig")."""

    def source(user, today):
        if not may_any(user, model):
            return None
        entries = model.objects.review_due(today).assigned_to(user)
        items = [
            Item(
                f"{entry.name} ("
                + (
                    _("zuletzt geprüft am %s") % f"{entry.last_reviewed:%d.%m.%Y}"
                    if entry.last_reviewed
                    else _("noch nie geprüft")
                )
                + ")",
                entry.admin_url,
            )
            for entry in entries
        ]
        title = _("Überprüfung fällig: %s") % model._meta.verbose_name_plural
        return Section(title, items, changelist_path(model, "zustaendig=mir"), order=order)

    source.__qualname__ = f"reviews({model.__name__})"
    return source


def register_sources(model):
    from core.reminders import register

    register(follow_ups(model))
    register(reviews(model))
