from django.conf import settings
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404
from django.urls import reverse_lazy
from django.utils.translation import gettext_lazy as _
from django.views import View
from django.views.generic import TemplateView

from core.forms import PublicForm
from core.views import PageMetaMixin, PreviewMixin, PublicFormView
from pages import notifications
from pages.forms import BarrierReportForm
from pages.models import AccessibilityStatement, Page, SignLanguageVideo


class PageView(PreviewMixin, PageMetaMixin, TemplateView):
    """A fixed page whose text staff edit in the admin; staff also preview a change
    waiting for release here (?vorschau=<id>), under a clear banner."""

    slug = None

    def get_template_names(self):
        return [f"pages/{self.slug}.html"]

    def get_context_data(self, **kwargs):
        page = self.previewed(Page.objects.get_page(self.slug))
        return super().get_context_data(page=page, **kwargs)


class PrivacyView(PageView):
    slug = Page.Slug.PRIVACY
    title = _("Datenschutzerklärung")
    description = _(
        "Welche Daten diese Website verarbeitet: keine Cookies beim Lesen, kein Tracking, "
        "keine Inhalte Dritter."
    )

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            form_sections=PublicForm.privacy_sections(),
            rate_limit_window_minutes=PublicFormView.rate_limit_window // 60,
            review_interval_days=settings.REVIEW_INTERVAL_DAYS,
            confirmation_link_days=settings.CONFIRMATION_LINK_DAYS,
            confirmation_retention_days=max(
                settings.CONFIRMATION_RETENTION_DAYS, settings.REVIEW_INTERVAL_DAYS
            ),
            **kwargs,
        )


class SignLanguageView(PageView):
    slug = Page.Slug.SIGN_LANGUAGE
    title = _("Gebärdensprache")
    description = _("Informationen über newtrade nrw in Deutscher Gebärdensprache.")

    def get_context_data(self, **kwargs):
        return super().get_context_data(videos=SignLanguageVideo.objects.all(), **kwargs)


class SignLanguageVideoFileView(View):
    """The video file itself, from our own host, to watch or to download."""

    def get(self, request, pk):
        video = get_object_or_404(SignLanguageVideo, pk=pk)
        try:
            handle = video.file.open("rb")
        except FileNotFoundError as missing:
            raise Http404("The video file is missing.") from missing
        return FileResponse(handle, content_type=video.content_type)


class AccessibilityStatementView(PageMetaMixin, TemplateView):
    template_name = "pages/barrierefreiheit.html"
    title = _("Erklärung zur Barrierefreiheit")
    description = _(
        "Wie barrierefrei die Website von newtrade nrw ist, was noch fehlt und wie Sie "
        "Barrieren melden."
    )

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            statement=AccessibilityStatement.objects.current(), **kwargs
        )


class BarrierReportView(PageMetaMixin, PublicFormView):
    """The feedback form: stores every report, tells the office and thanks the sender."""

    form_class = BarrierReportForm
    template_name = "pages/barriere_melden.html"
    success_url = reverse_lazy("pages:barriere-gemeldet")
    title = _("Barriere melden")
    description = _(
        "Melden Sie uns Barrieren auf dieser Website: mit einem kurzen Formular, Name und "
        "E-Mail-Adresse freiwillig."
    )

    def get_initial(self):
        # "Barriere melden" links may name the page the visitor came from.
        return {"page": self.request.GET.get("seite", "")[:500]}

    def stored(self, report):
        notifications.notify_office(report, self.request.build_absolute_uri)
