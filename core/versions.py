"""What the back office shows and checks of versions: values as staff read them, the
conflict of a save with a colleague's, the form of a version and a restore's reason."""

import datetime
from dataclasses import dataclass

from django import forms
from django.db import models
from django.forms.models import model_to_dict
from django.utils import formats, timezone
from django.utils.text import capfirst
from django.utils.translation import gettext

from core import history


class UnixNewlinesField(forms.CharField):
    """A text whose line breaks are stored as "\\n": browsers send "\\r\\n", which would make
    an unchanged text look changed (and record a version for nothing)."""

    def to_python(self, value):
        value = super().to_python(value)
        return value.replace("\r\n", "\n").replace("\r", "\n") if value else value


def display_value(field, value):
    """A form value as staff read it: "ja"/"nein", labels of choices, German dates, "—"."""
    if isinstance(value, bool):
        return gettext("ja") if value else gettext("nein")
    if value is None or value == "" or value == []:
        return "—"
    if isinstance(value, (list, tuple)):
        return ", ".join(
            sorted((getattr(item, "name", str(item)) for item in value), key=str.casefold)
        )
    if isinstance(field, forms.ModelChoiceField) and not isinstance(value, models.Model):
        value = field.queryset.filter(pk=value).first() or value
    elif isinstance(field, forms.ChoiceField):
        value = dict(field.choices).get(value, value)
    if isinstance(value, datetime.datetime):
        return formats.date_format(timezone.localtime(value), "d.m.Y, H:i")
    if isinstance(value, datetime.date):
        return formats.date_format(value, "d.m.Y")
    return str(value)


def person(user):
    return (user.get_full_name() or user.get_username()) if user else gettext("jemand")


@dataclass
class EditConflict:
    """A save of a form opened at version `seen` while the entry is at version `current`."""

    seen: object  # the historical record the form was opened with, if it still exists
    current: object  # the historical record saved since
    by_you: bool  # saved by the same person, in another window

    @classmethod
    def find(cls, obj, seen_token, user):
        if seen_token is None:
            return None
        current = history.latest_version(obj)
        if current is None or str(current.history_id) == seen_token:
            return None
        seen = None
        if seen_token.isdigit():
            pk_name = obj._meta.pk.attname
            seen = type(obj).history.filter(history_id=seen_token, **{pk_name: obj.pk}).first()
        return cls(seen, current, current.history_user == user)

    @property
    def token(self):
        return str(self.current.history_id)

    @property
    def saved_at(self):
        return display_value(None, self.current.history_date)

    @property
    def author(self):
        return (
            gettext("Sie (in einem anderen Fenster)")
            if self.by_you
            else person(self.current.history_user)
        )

    @property
    def message(self):
        values = {"author": person(self.current.history_user), "date": self.saved_at}
        if self.by_you:
            saved = gettext("Sie haben ihn am %(date)s in einem anderen Fenster gespeichert.")
        else:
            saved = gettext("%(author)s hat ihn am %(date)s gespeichert.")
        return " ".join(
            [
                gettext("Dieser Eintrag wurde geändert, während Sie ihn bearbeitet haben:"),
                saved % values,
                gettext(
                    "Ihre Eingaben sind noch nicht gespeichert. Bitte vergleichen Sie unten "
                    "beide Fassungen und entscheiden Sie, welche gelten soll."
                ),
            ]
        )

    def changed_since_seen(self):
        """The names of the fields the colleague's saves changed since the form was opened."""
        if self.seen is None:
            return set()
        names = set(self.current.diff_against(self.seen).changed_fields)
        new, old = (getattr(record, "history_tags", None) for record in (self.current, self.seen))
        if new is not None and old is not None and new != old:
            names.add("tags")
        return names

    def rows(self, form):
        """Field by field where the saved version and what you typed differ."""
        theirs_changed = self.changed_since_seen()
        seen = {}
        if self.seen is not None:
            instance = self.seen.instance
            fields = [field.name for field in instance._meta.concrete_fields]
            seen = {**model_to_dict(instance, fields=fields), **version_initial(self.seen)}
        rows = []
        for name in form.changed_data:
            field = form.fields[name]
            yours = form.cleaned_data[name] if name in form.cleaned_data else form[name].value()
            you_changed = name in seen and field.has_changed(seen[name], form[name].data)
            changed_by = {
                (True, True): gettext("in beiden"),
                (True, False): gettext("in der gespeicherten Fassung"),
                (False, True): gettext("von Ihnen"),
            }.get((name in theirs_changed, you_changed), "—")
            rows.append(
                {
                    "label": capfirst(field.label or name),
                    "theirs": display_value(field, form.get_initial_for_field(field, name)),
                    "yours": display_value(field, yours),
                    "changed_by": changed_by,
                }
            )
        return rows


def version_initial(version):
    """What a restore form shows of `version` beyond its fields (TagsSnapshot: its tags)."""
    return version.form_initial() if hasattr(version, "form_initial") else {}


def version_form(form_class, initial, conflict):
    """`form_class` that shows `initial` (what a version keeps beyond its fields, such as its
    tags) and, for a save over a colleague's change, refuses with the conflict's message."""

    class VersionForm(form_class):
        def __init__(self, *args, **kwargs):
            kwargs["initial"] = {**initial, **(kwargs.get("initial") or {})}
            super().__init__(*args, **kwargs)

        def clean(self):
            cleaned_data = super().clean()
            if conflict is not None:
                raise forms.ValidationError(conflict.message, code="edit_conflict")
            return cleaned_data

    VersionForm.__name__ = form_class.__name__
    return VersionForm


def restore_reason(obj, version, restored):
    """The change reason of a restore: what came back with a deleted entry, or the date of
    the version an existing one went back to."""
    if version is None:
        return None
    if restored is None:
        return gettext("%(restored)s: Fassung vom %(date)s") % {
            "restored": history.RESTORED,
            "date": display_value(None, version.history_date),
        }
    parts = [count_phrase(type(rows[0]), len(rows)) for rows in group_by_model(restored)]
    if hasattr(version, "history_tags") and (count := len(history.tag_names(obj))):
        parts.append(history.tags_phrase(count))
    if not parts:
        return history.RESTORED
    listed = parts[0] if len(parts) == 1 else ", ".join(parts[:-1]) + gettext(" und ") + parts[-1]
    return gettext("%(restored)s mit %(parts)s") % {"restored": history.RESTORED, "parts": listed}


def group_by_model(rows):
    groups = {}
    for row in rows:
        groups.setdefault(type(row), []).append(row)
    return list(groups.values())


def count_phrase(model, count):
    opts = model._meta
    return f"{count} {opts.verbose_name if count == 1 else opts.verbose_name_plural}"
