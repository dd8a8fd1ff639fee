from django.conf import settings
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse_lazy
from django.utils.translation import gettext_lazy as _
from django.views import View
from django.views.generic import CreateView, TemplateView

from pages import notifications
from pages.forms import BarrierReportForm
from pages.models import AccessibilityStatement, Page, SignLanguageVideo
from pages.ratelimit import is_limited


class PageView(TemplateView):
    """A fixed page whose text staff edit in the admin."""

    slug = None

    def get_template_names(self):
        return [f"pages/{self.slug}.html"]

    def get_context_data(self, **kwargs):
        return super().get_context_data(page=Page.objects.get_page(self.slug), **kwargs)


class PrivacyView(PageView):
    slug = Page.Slug.PRIVACY

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            retention_days=settings.BARRIER_REPORT_RETENTION_DAYS,
            rate_limit_window_minutes=BarrierReportView.rate_limit_window // 60,
            **kwargs,
        )


class SignLanguageView(PageView):
    slug = Page.Slug.SIGN_LANGUAGE

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


class AccessibilityStatementView(TemplateView):
    template_name = "pages/barrierefreiheit.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            statement=AccessibilityStatement.objects.current(), **kwargs
        )


class PublicFormView(CreateView):
    """A form for visitors: a bot's trap is thanked and ignored, an address that sends
    more than `rate_limit` forms an hour is refused, everything else is stored."""

    rate_limit = 5
    rate_limit_window = 60 * 60

    def form_valid(self, form):
        if form.is_spam:
            self.object = form.instance  # thanked like anyone else, but never saved
            return redirect(self.get_success_url())
        if is_limited(self.request, type(self).__name__, self.rate_limit, self.rate_limit_window):
            form.add_error(
                None,
                _(
                    "Sie haben in kurzer Zeit sehr viele Meldungen geschickt. Bitte versuchen "
                    "Sie es in einer Stunde noch einmal oder rufen Sie uns an."
                ),
            )
            response = self.form_invalid(form)
            response.status_code = 429
            return response
        self.object = form.save()
        self.stored(self.object)
        return redirect(self.get_success_url())

    def stored(self, obj):
        """What happens after a form was stored; nothing by default."""

    def token_expired(self):
        """The form again, with what the visitor typed, when its CSRF token was refused."""
        self.object = None
        form = self.get_form_class()(initial=self.request.POST.dict())
        context = self.get_context_data(form=form, token_expired=True)
        return self.render_to_response(context, status=403)


class BarrierReportView(PublicFormView):
    """The feedback form: stores every report, tells the office and thanks the sender."""

    form_class = BarrierReportForm
    template_name = "pages/barriere_melden.html"
    success_url = reverse_lazy("pages:barriere-gemeldet")

    def get_initial(self):
        # "Barriere melden" links may name the page the visitor came from.
        return {"page": self.request.GET.get("seite", "")[:500]}

    def stored(self, report):
        notifications.notify_office(report, self.request.build_absolute_uri)
