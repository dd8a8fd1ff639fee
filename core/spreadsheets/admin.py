"""Spreadsheets in the admin: import with a preview, export of the filtered list.

`SpreadsheetAdminMixin` gives a ModelAdmin with a `resource_class` (core/spreadsheets/
resources.py) three pages and two actions:

- "Aus Tabelle importieren" (…/import/): upload an .xlsx or CSV file; the preview shows
  every row as new, changed (old → new per column), unchanged or wrong (per column, in
  German); the file waits in the cache for an hour under a token only this session knows.
  "Import bestätigen" imports it again for real in one transaction, and only when no row is
  wrong; otherwise nothing is stored.
- "Liste als Excel-Datei" and "Liste als CSV" (…/export/?format=xlsx|csv plus the list's
  filters and search): the list as it is filtered, with German headers and values.
- the actions "Ausgewählte als Excel-Datei / als CSV exportieren".
"""

import copy
import logging
import uuid

from django import forms
from django.conf import settings
from django.contrib import admin, messages
from django.contrib.admin.options import IncorrectLookupParameters
from django.core.cache import cache
from django.core.exceptions import NON_FIELD_ERRORS, PermissionDenied
from django.http import HttpResponse, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from core import page_cache, release
from core.spreadsheets import csv_response, xlsx_bytes
from core.spreadsheets.files import SpreadsheetError, read_upload

logger = logging.getLogger(__name__)

PREVIEW_SECONDS = 60 * 60
SESSION_KEY = "spreadsheet_imports"
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


class ImportForm(forms.Form):
    file = forms.FileField(
        label=gettext_lazy("Tabelle (.xlsx oder .csv)"),
        error_messages={
            "required": gettext_lazy("Bitte wählen Sie eine Datei aus."),
            "empty": gettext_lazy("Die Datei ist leer."),
        },
        widget=forms.ClearableFileInput(attrs={"accept": ".xlsx,.csv"}),
    )


class PreviewRow:
    """One row of the preview as staff read it."""

    LABELS = {
        "new": gettext_lazy("neu"),
        "update": gettext_lazy("geändert"),
        "skip": gettext_lazy("unverändert"),
        "invalid": gettext_lazy("fehlerhaft"),
        "error": gettext_lazy("fehlerhaft"),
    }

    def __init__(self, number, row_result, resource, name):
        self.number = number + 1  # the header is the table's first row
        self.kind = "error" if row_result.import_type == "invalid" else row_result.import_type
        self.label = self.LABELS.get(row_result.import_type, row_result.import_type)
        self.name = name
        self.changes = getattr(row_result, "changes", [])
        self.waits_for_release = getattr(row_result, "waits_for_release", False)
        self.errors = list(row_errors(row_result, resource))


def row_errors(row_result, resource):
    """(column label, message) pairs of a wrong row; the label is "" for the whole row."""
    if row_result.validation_error is not None:
        error = row_result.validation_error
        error_dict = getattr(error, "message_dict", None) or {NON_FIELD_ERRORS: error.messages}
        for attribute, error_messages in error_dict.items():
            label = "" if attribute == NON_FIELD_ERRORS else resource.label(attribute)
            for message in error_messages:
                yield label, message
    for error in row_result.errors:
        exception = error.error
        if isinstance(exception, release.ReleaseError):
            yield "", str(exception)
        else:
            logger.error("Import row failed", exc_info=exception)
            yield (
                "",
                _(
                    "Diese Zeile ließ sich nicht übernehmen (ein technischer Fehler, er ist "
                    "protokolliert). Bitte prüfen Sie ihre Werte oder fragen Sie die Technik."
                ),
            )


class Preview:
    """What an import would do (or did): rows, counts, ignored columns."""

    def __init__(self, result, resource, headers):
        name_label = resource.label("name")
        self.rows = []
        for number, row_result in enumerate(result.rows, 1):
            values = getattr(row_result, "row_values", {}) or {}
            name = str(values.get(name_label, "") or row_result.object_repr or "")
            self.rows.append(PreviewRow(number, row_result, resource, name))
        self.base_errors = [str(error.error) for error in result.base_errors]
        self.ignored_columns = resource.ignored_columns(headers)
        self.counts = {
            kind: sum(row.kind == kind for row in self.rows)
            for kind in ("new", "update", "skip", "error")
        }
        self.waiting = sum(row.waits_for_release for row in self.rows)

    @property
    def has_errors(self):
        return bool(self.base_errors or self.counts["error"])

    @property
    def changes_anything(self):
        return bool(self.counts["new"] or self.counts["update"])

    def error_summary(self):
        """Why nothing can be stored, and what to do."""
        count = self.counts["error"]
        wrong = ngettext(
            "%(count)d Zeile ist fehlerhaft", "%(count)d Zeilen sind fehlerhaft", count
        ) % {"count": count}
        if self.base_errors:
            wrong = (
                (wrong + _(", und die Tabelle als Ganzes hat einen Fehler"))
                if count
                else _("Die Tabelle als Ganzes hat einen Fehler")
            )
        return _(
            "Nichts wurde gespeichert. %(wrong)s. Bitte korrigieren Sie die Datei und laden "
            "Sie sie unten erneut hoch."
        ) % {"wrong": wrong}

    def summary(self):
        return _("%(new)d neu, %(update)d geändert, %(skip)d unverändert, %(error)d fehlerhaft") % (
            self.counts
        )


class SpreadsheetAdminMixin:
    """For a ModelAdmin (a ReleaseAdmin) with `resource_class`."""

    resource_class = None
    change_list_template = "admin/spreadsheet_change_list.html"
    import_template = "admin/spreadsheet_import.html"

    # --- URLs and permissions -------------------------------------------------------------

    def get_urls(self):
        opts = self.model._meta
        name = f"{opts.app_label}_{opts.model_name}"
        return [
            path("import/", self.admin_site.admin_view(self.import_view), name=f"{name}_import"),
            path("export/", self.admin_site.admin_view(self.export_view), name=f"{name}_export"),
            *super().get_urls(),
        ]

    def has_import_permission(self, request):
        return self.has_add_permission(request) and self.has_change_permission(request)

    def changelist_view(self, request, extra_context=None):
        extra_context = {
            "has_import_permission": self.has_import_permission(request),
            **(extra_context or {}),
        }
        return super().changelist_view(request, extra_context)

    def make_resource(self, request, file_name=""):
        return self.resource_class(
            user=request.user,
            file_name=file_name,
            release_applies=self.release_applies(request),
            internal_fields=self.release_internal_fields,
        )

    # --- Import ---------------------------------------------------------------------------

    def import_view(self, request):
        if not self.has_import_permission(request):
            raise PermissionDenied
        if request.method == "POST" and "token" in request.POST:
            return self.confirm_import(request)
        form = ImportForm(request.POST or None, request.FILES or None)
        if request.method == "POST" and form.is_valid():
            upload = form.cleaned_data["file"]
            too_big = upload.size > settings.SPREADSHEET_MAX_BYTES
            content = b"" if too_big else b"".join(upload.chunks())
            preview, error = self.run_import(request, upload.name, content, upload.size)
            if error:
                form.add_error("file", error)
            else:
                token = self.keep_upload(request, upload.name, content)
                return self.render_import(request, form, preview, token=token)
        return self.render_import(request, form)

    def run_import(self, request, name, content, size=None, *, dry_run=True):
        """Import `content` (a dry run by default): (Preview, None), or (None, message)."""
        try:
            dataset = read_upload(name, content, size)
        except SpreadsheetError as error:
            return None, str(error)
        resource = self.make_resource(request, name)
        resource.normalise_headers(dataset)
        problems = resource.check_headers(dataset.headers)
        if problems:
            return None, " ".join(problems)
        with page_cache.one_change_for_all():
            result = resource.import_data(
                dataset,
                dry_run=dry_run,
                raise_errors=False,
                use_transactions=True,
                rollback_on_validation_errors=True,
                collect_failed_rows=False,
            )
        return Preview(result, resource, dataset.headers), None

    def keep_upload(self, request, name, content):
        token = uuid.uuid4().hex
        cache.set(f"spreadsheet-import:{token}", content, PREVIEW_SECONDS)
        imports = request.session.get(SESSION_KEY, {})
        imports[token] = {"model": self.model._meta.label, "name": name}
        request.session[SESSION_KEY] = dict(list(imports.items())[-5:])
        return token

    def confirm_import(self, request):
        token = request.POST.get("token", "")
        kept = request.session.get(SESSION_KEY, {}).get(token)
        content = cache.get(f"spreadsheet-import:{token}") if kept else None
        if not kept or kept["model"] != self.model._meta.label or content is None:
            self.message_user(
                request,
                _(
                    "Diese Vorschau ist abgelaufen oder gehört zu einer anderen Sitzung; es "
                    "wurde nichts gespeichert. Bitte laden Sie die Datei erneut hoch."
                ),
                messages.WARNING,
            )
            return HttpResponseRedirect(request.path)
        preview, error = self.run_import(request, kept["name"], content, dry_run=False)
        if error or preview.has_errors:
            self.message_user(
                request,
                _(
                    "Es wurde nichts gespeichert: seit der Vorschau hat sich etwas geändert. "
                    "Bitte prüfen Sie die Vorschau und laden Sie die Datei erneut hoch."
                ),
                messages.ERROR,
            )
            form = ImportForm()
            if error:
                form.errors["file"] = form.error_class([error])
            return self.render_import(request, form, preview)
        cache.delete(f"spreadsheet-import:{token}")
        imports = request.session.get(SESSION_KEY, {})
        imports.pop(token, None)
        request.session[SESSION_KEY] = imports
        message = _("Import aus „%(file)s“ abgeschlossen: %(summary)s.") % {
            "file": kept["name"],
            "summary": preview.summary(),
        }
        if preview.waiting:
            message += " " + ngettext(
                "%(count)d Änderung an einem öffentlichen Eintrag wartet auf Freigabe.",
                "%(count)d Änderungen an öffentlichen Einträgen warten auf Freigabe.",
                preview.waiting,
            ) % {"count": preview.waiting}
        self.message_user(request, message, messages.SUCCESS)
        opts = self.model._meta
        return HttpResponseRedirect(reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist"))

    def render_import(self, request, form, preview=None, token=None):
        opts = self.model._meta
        resource = self.make_resource(request)
        context = {
            **self.admin_site.each_context(request),
            "title": _("%(entries)s aus einer Tabelle importieren")
            % {"entries": opts.verbose_name_plural},
            "opts": opts,
            "form": form,
            "preview": preview,
            "token": token,
            "columns": [
                {
                    "label": field.column_name,
                    "required": field.attribute in resource.required_columns,
                    "export_only": field.readonly,
                }
                for field in resource.get_import_fields()
            ],
            "release_applies": self.release_applies(request),
            "max_size": settings.SPREADSHEET_MAX_BYTES,
        }
        return TemplateResponse(request, self.import_template, context)

    # --- Export ---------------------------------------------------------------------------

    def export_view(self, request):
        """The list as filtered and searched on the page, as .xlsx or CSV."""
        if not self.has_view_permission(request):
            raise PermissionDenied
        params = request.GET.copy()
        file_format = params.pop("format", ["xlsx"])[-1]
        list_request = copy.copy(request)
        list_request.GET = params
        opts = self.model._meta
        try:
            changelist = self.get_changelist_instance(list_request)
        except IncorrectLookupParameters:
            # As the list itself does with a filter it does not know: start afresh.
            self.message_user(
                request,
                _(
                    "Dieser Filter ist unbekannt; bitte filtern Sie die Liste neu und "
                    "exportieren dann."
                ),
                messages.WARNING,
            )
            changelist_url = reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist")
            return HttpResponseRedirect(changelist_url)
        queryset = changelist.get_queryset(list_request)
        return self.export_response(queryset, file_format)

    def export_response(self, queryset, file_format):
        resource = self.resource_class()
        dataset = resource.export(resource.for_export(queryset))
        opts = self.model._meta
        stem = f"{opts.verbose_name_plural}-{timezone.localdate():%Y-%m-%d}".lower()
        if file_format == "csv":
            return csv_response(f"{stem}.csv", dataset.headers, dataset)
        response = HttpResponse(xlsx_bytes(dataset.headers, dataset), content_type=XLSX_TYPE)
        response["Content-Disposition"] = f'attachment; filename="{stem}.xlsx"'
        return response

    @admin.action(
        description=gettext_lazy("Ausgewählte als Excel-Datei exportieren"), permissions=["view"]
    )
    def export_xlsx(self, request, queryset):
        return self.export_response(queryset, "xlsx")

    @admin.action(description=gettext_lazy("Ausgewählte als CSV exportieren"), permissions=["view"])
    def export_csv(self, request, queryset):
        return self.export_response(queryset, "csv")
