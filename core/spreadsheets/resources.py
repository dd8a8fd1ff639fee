"""How an entry becomes a spreadsheet row and back (django-import-export resources).

Columns carry the German field names staff see in the admin ("Stand der Partnerschaft"),
cells the values as staff read them: choice labels ("im Gespräch"), "ja"/"nein", dates
as 24.12.2026, a person by name, tags and groups by name. Import reads the same, so a
list exported, changed in Excel and imported again changes what was changed.

`EntryResource` adds to import-export's ModelResource what the back office needs:
- a row finds its entry by "Kurzname in der Adresse", else by its name;
- each row is "neu", "geändert" (with the changed columns), "unverändert" or "fehlerhaft"
  (a German message per column); the admin stores nothing unless no row is wrong;
- each entry gets one version in its history, by the importing person, with the file's
  name as the reason, once its tags are set;
- new entries are drafts: an import never publishes or hides anything;
- under four eyes (core/release.py) a change to a public entry by someone who may not
  release waits for release like a change in the form.
"""

import datetime
from copy import deepcopy

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from import_export import fields, resources, widgets
from taggit.models import Tag

from core import history, release
from core.slugs import unique_slug
from core.wording import person_name

DATE_FORMATS = ("%d.%m.%Y", "%d.%m.%y", "%Y-%m-%d")


def text(value):
    return "" if value is None else str(value).strip()


class TextWidget(widgets.Widget):
    """A text as it is; an empty cell is an empty text (never "None")."""

    def clean(self, value, row=None, **kwargs):
        return text(value)

    def render(self, value, obj=None, **kwargs):
        return "" if value is None else str(value)


class ChoiceWidget(widgets.Widget):
    """A choice by its label as staff read it ("im Gespräch"), or by its stored value."""

    def __init__(self, choices):
        super().__init__()
        self.choices = list(choices)

    def clean(self, value, row=None, **kwargs):
        value = text(value)
        if not value:
            return None  # keeps what the entry has; a new entry gets the default
        for stored, label in self.choices:
            if value.casefold() in (str(stored).casefold(), str(label).casefold()):
                return stored
        allowed = ", ".join(f"„{label}“" for stored, label in self.choices if stored)
        raise ValueError(
            _("„%(value)s“ ist hier nicht möglich. Möglich sind: %(allowed)s.")
            % {"value": value, "allowed": allowed}
        )

    def render(self, value, obj=None, **kwargs):
        return str(dict(self.choices).get(value, value or ""))


class YesNoWidget(widgets.Widget):
    """ "ja"/"nein" (also x, 1/0, wahr/falsch, yes/no); an empty cell is "nein"."""

    YES = {"ja", "j", "x", "1", "wahr", "yes", "true"}
    NO = {"nein", "n", "0", "falsch", "no", "false", ""}

    def clean(self, value, row=None, **kwargs):
        if isinstance(value, bool):
            return value
        value = text(value).casefold()
        if value in self.YES:
            return True
        if value in self.NO:
            return False
        raise ValueError(
            _("Bitte „ja“ oder „nein“ schreiben, nicht „%(value)s“.") % {"value": value}
        )

    def render(self, value, obj=None, **kwargs):
        return _("ja") if value else _("nein")


class DateWidget(widgets.Widget):
    """A date as 24.12.2026 (also 24.12.26, 2026-12-24, or an Excel date cell)."""

    def clean(self, value, row=None, **kwargs):
        if isinstance(value, datetime.datetime):
            return value.date()
        if isinstance(value, datetime.date):
            return value
        value = text(value)
        if not value:
            return None
        for date_format in DATE_FORMATS:
            try:
                return datetime.datetime.strptime(value, date_format).date()
            except ValueError:
                continue
        raise ValueError(
            _("„%(value)s“ ist kein Datum. Bitte so schreiben: 24.12.2026.") % {"value": value}
        )

    def render(self, value, obj=None, **kwargs):
        return value.strftime("%d.%m.%Y") if value else ""


class MomentWidget(widgets.Widget):
    """A moment for export only: 01.12.2026 18:30 in the office's time zone."""

    def render(self, value, obj=None, **kwargs):
        return timezone.localtime(value).strftime("%d.%m.%Y %H:%M") if value else ""


class ByNameWidget(widgets.Widget):
    """A related row by its name, case-insensitively; the names are read once per import."""

    def __init__(self, queryset, name_field="name"):
        super().__init__()
        self.queryset = queryset
        self.name_field = name_field
        self._by_name = None

    def by_name(self):
        if self._by_name is None:
            self._by_name = {
                str(getattr(obj, self.name_field)).casefold(): obj for obj in self.queryset.all()
            }
        return self._by_name

    def clean(self, value, row=None, **kwargs):
        value = text(value)
        if not value:
            return None
        found = self.by_name().get(value.casefold())
        if found is None:
            known = ", ".join(f"„{name}“" for name in self.names())
            raise ValueError(
                _("„%(value)s“ gibt es nicht. Vorhanden: %(known)s.")
                % {"value": value, "known": known or "–"}
            )
        return found

    def names(self):
        return sorted(
            (str(getattr(obj, self.name_field)) for obj in self.by_name().values()),
            key=str.casefold,
        )

    def render(self, value, obj=None, **kwargs):
        return "" if value is None else str(getattr(value, self.name_field))


class StaffWidget(ByNameWidget):
    """A staff member ("zuständig") by full name or user name."""

    def __init__(self):
        super().__init__(get_user_model().objects.filter(is_staff=True))

    def by_name(self):
        if self._by_name is None:
            people = {}
            for person in self.queryset.order_by("pk"):
                people.setdefault(person.get_username().casefold(), person)
                if full_name := person.get_full_name():
                    people.setdefault(full_name.casefold(), person)
            self._by_name = people
        return self._by_name

    def names(self):
        return sorted({person_name(person) for person in self.by_name().values()})

    def render(self, value, obj=None, **kwargs):
        return "" if value is None else person_name(value)


class TagsWidget(widgets.Widget):
    """Tags as "Blauer Engel, Umweltkriterien": known tags by name, whatever the case
    (and then spelt as they are); a name not known yet becomes a new tag."""

    _known = None

    def known(self):
        if self._known is None:
            self._known = {
                name.casefold(): name for name in Tag.objects.values_list("name", flat=True)
            }
        return self._known

    def clean(self, value, row=None, **kwargs):
        names = [name.strip() for name in text(value).replace(";", ",").split(",")]
        return release.sorted_names(
            self.known().get(name.casefold(), name) for name in names if name
        )

    def render(self, value, obj=None, **kwargs):
        if value is None:
            return ""
        return ", ".join(release.sorted_names(tag.name for tag in value.all()))


class TagsField(fields.Field):
    """The tags: kept on the instance until it is saved (taggit needs its primary key)."""

    def save(self, instance, row, is_m2m=False, **kwargs):
        instance._imported_tags = self.clean(row, **kwargs)

    def export(self, instance, **kwargs):
        if hasattr(instance, "_imported_tags"):
            return ", ".join(instance._imported_tags)
        if instance.pk is None:
            return ""
        return super().export(instance, **kwargs)


def column(attribute, label, widget=None, readonly=False, field_class=fields.Field):
    return field_class(
        attribute=attribute,
        column_name=str(label),
        widget=widget or TextWidget(),
        readonly=readonly,
    )


class EntryResource(resources.ModelResource):
    """See the module's docstring. Subclasses declare their columns and `Meta.fields`."""

    # The columns an uploaded table must have.
    required_columns = ("name",)

    def __init__(self, user=None, file_name="", release_applies=False, internal_fields=()):
        super().__init__()
        self.user = user
        self.file_name = file_name
        self.release_applies = release_applies
        self.internal_fields = tuple(internal_fields)
        self.reason = _("Import aus „%(file)s“") % {"file": file_name} if file_name else ""
        self.submitted = set()  # the pks whose public changes wait for release

    class Meta:
        skip_unchanged = True
        report_skipped = True
        skip_diff = True
        clean_model_instances = True
        use_transactions = True
        store_instance = True
        store_row_values = True

    # --- Columns --------------------------------------------------------------------------

    def column_names(self):
        return {field.attribute: field.column_name for field in self.get_import_fields()}

    def label(self, attribute):
        return self.column_names().get(attribute) or attribute

    def check_headers(self, headers):
        """The German reasons why a table does not fit, or []: it needs the required
        columns; a foreign spreadsheet has none of ours at all."""
        present = {header.casefold() for header in headers if header}
        missing = [
            self.label(name)
            for name in self.required_columns
            if self.label(name).casefold() not in present
        ]
        if not missing:
            return []
        details = _(
            "es fehlt die Spalte %(missing)s. Gefunden: %(found)s. Erwartet werden die Spalten "
            "%(expected)s; am einfachsten exportieren Sie die Liste und füllen diese Datei aus."
        ) % {
            "missing": ", ".join(f"„{name}“" for name in missing),
            "found": ", ".join(f"„{header}“" for header in headers if header) or "–",
            "expected": ", ".join(f"„{name}“" for name in self.column_names().values()),
        }
        known = {name.casefold() for name in self.column_names().values()}
        if present & known:
            return [_("Diese Tabelle passt nicht: %(details)s") % {"details": details}]
        return [
            _(
                "Keine Spalte dieser Tabelle ist bekannt; sie stammt wohl nicht aus dem "
                "Backoffice. %(details)s"
            )
            % {"details": capfirst(details)}
        ]

    def ignored_columns(self, headers):
        """The headers of the table that no import column reads (unknown or export-only)."""
        imported = {
            field.column_name.casefold() for field in self.get_import_fields() if not field.readonly
        }
        return [header for header in headers if header and header.casefold() not in imported]

    def normalise_headers(self, dataset):
        """Headers matched whatever their case or spacing ("name " is "Name")."""
        by_casefold = {name.casefold(): name for name in self.column_names().values()}
        dataset.headers = [
            by_casefold.get(str(header).strip().casefold(), str(header).strip())
            for header in dataset.headers
        ]

    def for_export(self, queryset):
        """`queryset` with what the columns read, in as few queries as possible."""
        return queryset

    # --- Finding the entry --------------------------------------------------------------

    def before_import(self, dataset, **kwargs):
        """The entries the rows name, read in two queries rather than one per row."""
        model = self._meta.model
        slugs, names = set(), set()
        for row in dataset.dict:
            if slug := text(row.get(self.label("slug"))):
                slugs.add(slug)
            elif name := text(row.get(self.label("name"))):
                names.add(name.casefold())
        manager = model._default_manager
        self._by_slug = {entry.slug: entry for entry in manager.filter(slug__in=slugs)}
        self._by_name = {}
        for entry in manager.annotate(lower_name=Lower("name")).filter(lower_name__in=names):
            self._by_name.setdefault(entry.name.casefold(), []).append(entry)
        self._found = set()

    def get_instance(self, instance_loader, row):
        slug = text(row.get(self.label("slug")))
        name = text(row.get(self.label("name"))).casefold()
        if slug:
            entry = self._by_slug.get(slug)
        else:
            matches = self._by_name.get(name, []) if name else []
            entry = matches[0] if len(matches) == 1 else None
        if entry is None:
            return None
        if entry.pk in self._found:  # a second row for the same entry: as stored by now
            return type(entry)._default_manager.get(pk=entry.pk)
        self._found.add(entry.pk)
        return entry

    def _check_import_id_fields(self, headers):
        """Rows are found by slug or name (get_instance); no id column is required."""

    def init_instance(self, row=None):
        instance = super().init_instance(row)
        setattr(instance, self._meta.model.visibility_field, False)  # a draft
        return instance

    def before_save_instance(self, instance, row, **kwargs):
        if not instance.slug:
            instance.slug = unique_slug(self._meta.model, instance.name)

    def validate_instance(self, instance, import_validation_errors=None, validate_unique=True):
        """Errors under the column labels; the slug is made on save when the row has none."""
        errors = dict(import_validation_errors or {})
        exclude = [*errors] if instance.slug else [*errors, "slug"]
        # A related row set by a column was found by its name, so it exists: Django's
        # check would ask the database once per row and field.
        exclude += [
            field.name
            for field in instance._meta.concrete_fields
            if field.many_to_one and getattr(instance, field.attname) is not None
        ]
        try:
            instance.full_clean(exclude=exclude)
        except ValidationError as error:
            errors = error.update_error_dict(errors)
        if errors:
            raise ValidationError(errors)

    # --- Changed or unchanged -----------------------------------------------------------

    def changes(self, original, instance):
        """(column label, old value, new value) of each column the row changes."""
        changes = []
        for field in self.get_import_fields():
            if field.readonly or field.column_name not in self._row_columns:
                continue
            old, new = field.export(original), field.export(instance)
            if old != new:
                changes.append((field.column_name, old, new))
        return changes

    def import_row(self, row, instance_loader, **kwargs):
        self._row_columns = set(row)
        self._original, self._changes = None, []
        return super().import_row(row, instance_loader, **kwargs)

    def after_init_instance(self, instance, new, row, **kwargs):
        """The entry as stored, to compare the row with (import-export's own diff, which
        renders every column twice, is off: `Meta.skip_diff`), with its tag names when
        the row has tags."""
        if new:
            return
        self._original = deepcopy(instance)
        tags_column = self.column_names().get("tags")
        if tags_column and tags_column in row:
            names = release.sorted_names(instance.tags.names())
            self._original._imported_tags = instance._stored_tags = names

    def skip_row(self, instance, original, row, import_validation_errors=None):
        """Unchanged rows are skipped; the changes are taken here, before a release holds
        back the public values (core.release.hold_back)."""
        if import_validation_errors or self._original is None:
            return False
        self._changes = self.changes(self._original, instance)
        return not self._changes

    def after_import_row(self, row, row_result, **kwargs):
        instance = row_result.instance
        if row_result.is_update():
            row_result.changes = self._changes
        row_result.waits_for_release = instance is not None and instance.pk in self.submitted

    # --- Saving: one version per entry; public changes may wait for release ---------------

    def save_instance(self, instance, is_create, row, **kwargs):
        self.before_save_instance(instance, row, **kwargs)
        tags = getattr(instance, "_imported_tags", None)
        if not is_create and self.release_applies:
            live = type(instance)._default_manager.get(pk=instance.pk)
            if release.is_public(live):
                if release.hold_back(instance, live, self.user, self.internal_fields, tags):
                    self.submitted.add(instance.pk)
                tags = None  # the live entry keeps its tags until the release
        instance.skip_history_when_saving = True
        instance._change_reason = self.reason
        instance.save(force_insert=is_create)
        stored = getattr(instance, "_stored_tags", None)
        if stored is None and tags is not None:
            stored = instance.tags.names() if not is_create else []
        if tags is not None and not same_names(stored, tags):
            set_tags(instance, tags_by_name(tags))
        del instance.skip_history_when_saving
        history.record_version(
            instance, "+" if is_create else "~", user=self.user, reason=self.reason
        )

    def save_m2m(self, instance, row, **kwargs):
        """The tags are set in save_instance, before the version is recorded."""


def same_names(a, b):
    return release.sorted_names(a) == release.sorted_names(b)


def set_tags(instance, tags):
    """Give `instance` exactly `tags` in two statements on taggit's table (taggit's own
    `set()` takes several per tag). Its m2m signals are not sent: the version is recorded
    right after, and the import renews the page cache once at its end."""
    through = type(instance).tags.through
    wanted = {tag.pk for tag in tags}
    rows = through.objects.filter(content_object=instance)
    rows.exclude(tag_id__in=wanted).delete()
    have = set(rows.values_list("tag_id", flat=True))
    through.objects.bulk_create(
        through(content_object=instance, tag_id=pk) for pk in sorted(wanted - have)
    )


def tags_by_name(names):
    """The tags named `names`: existing ones whatever the case, new ones created."""
    existing = {}
    query = Q()
    for name in names:
        query |= Q(name__iexact=name)
    if names:
        for tag in Tag.objects.filter(query):
            existing[tag.name.casefold()] = tag
    tags = []
    for name in names:
        tag = existing.get(name.casefold())
        if tag is None:
            tag = Tag.objects.create(name=name, slug=unique_slug(Tag, name, "schlagwort"))
            existing[name.casefold()] = tag
        tags.append(tag)
    return tags
