"""What every page tells in its head, the preview of a change waiting for release, the
base of every form for visitors, and the page for a form whose token expired."""

import re

from django.conf import settings
from django.contrib.auth import get_permission_codename
from django.core.files.storage import default_storage
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.utils.cache import add_never_cache_headers, patch_cache_control
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_safe
from django.views.generic import CreateView

from core import images
from core.ratelimit import is_limited

# ?vorschau=<id of a PendingChange> on an entry's public address; the page cache
# (core/page_cache.py) neither serves nor keeps a page asked for with it.
PREVIEW_PARAMETER = "vorschau"
PREVIEW_ID = re.compile(r"[0-9]{1,18}")  # fits every database's big integer


class PageMetaMixin:
    """A page's title, description and whether search engines may index it, for the head
    that base.html declares once. Pages about one object override get_title() and
    get_description(); without a description the head uses the site's own."""

    title = ""
    description = ""
    noindex = False

    def get_title(self):
        return self.title

    def get_description(self):
        return self.description

    def get_noindex(self):
        return self.noindex

    def get_context_data(self, **kwargs):
        kwargs.setdefault("title", self.get_title())
        kwargs.setdefault("description", self.get_description())
        kwargs.setdefault("noindex", self.get_noindex())
        return super().get_context_data(**kwargs)


def may_view(user, obj):
    """Whether `user` is staff (with the second factor used, where it is required) and may
    view or change entries like `obj` in the back office."""
    if not (user.is_authenticated and user.is_staff):
        return False
    if settings.STAFF_2FA and not user.is_verified():
        return False
    opts = obj._meta
    return any(
        user.has_perm(f"{opts.app_label}.{get_permission_codename(action, opts)}")
        for action in ("view", "change")
    )


class PreviewMixin:
    """The version of an entry that waits for release, at the entry's public address with
    ?vorschau=<id>, for staff who may view the entry: the page shows it under a banner
    (templates/includes/_preview_banner.html), is never cached and not indexed. For
    everyone else, and for an id that is not a pending change of this entry, the
    parameter is ignored: the page shows the released version.

    A view calls `previewed(entry)` where it has the entry it shows."""

    pending_change = None

    def previewed(self, entry):
        """`entry`, or its pending version when this request asks for a preview of it."""
        change = self.requested_change(entry)
        if change is None:
            return entry
        self.pending_change = change
        return change.preview()

    def requested_change(self, entry):
        from core.models import PendingChange

        wanted = self.request.GET.get(PREVIEW_PARAMETER, "")
        if not PREVIEW_ID.fullmatch(wanted) or entry.pk is None:
            return None
        if not may_view(self.request.user, entry):
            return None
        previewable = [PendingChange.State.SUBMITTED, PendingChange.State.RETURNED]
        changes = PendingChange.objects.for_object(entry).filter(state__in=previewable)
        return changes.select_related("submitted_by").filter(pk=int(wanted)).first()

    def get_noindex(self):
        return self.pending_change is not None or super().get_noindex()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["preview"] = self.pending_change
        return context

    def render_to_response(self, context, **response_kwargs):
        response = super().render_to_response(context, **response_kwargs)
        if self.pending_change is not None:
            add_never_cache_headers(response)
            patch_cache_control(response, private=True)
        return response


def page_meta(title, description="", noindex=False):
    """The head's context for a page rendered by a plain function view."""
    return {"title": title, "description": description, "noindex": noindex}


class PublicFormView(CreateView):
    """A form for visitors: a bot's trap is thanked and ignored, an address that sends
    more than `rate_limit` forms an hour is refused, everything else is stored."""

    rate_limit = 5
    rate_limit_window = 60 * 60
    # Read and send, nothing else: FormView also answers PUT like POST.
    http_method_names = ["get", "head", "post", "options"]

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


def csrf_failure(request, reason=""):
    """A form sent without a valid security token: explain it on the site's own page.

    A visitor's form (PublicFormView) comes back with what was typed, ready to send again.
    """
    match = request.resolver_match
    view_class = getattr(match.func, "view_class", None) if match else None
    if view_class and issubclass(view_class, PublicFormView):
        view = view_class(**match.func.view_initkwargs)
        view.setup(request, *match.args, **match.kwargs)
        return view.token_expired()
    context = page_meta(_("Formular abgelaufen"), noindex=True)
    return render(request, "403_csrf.html", context, status=403)


@require_safe
def logo_file(request, name):
    """A stored logo or one of its copies (core/images.py), from our own host. The names
    change with the content, so browsers keep the files for a year without asking again."""
    if not images.SERVED_NAME.match(name):
        raise Http404("No such logo.")
    try:
        handle = default_storage.open(f"{images.LOGO_DIR}/{name}", "rb")
    except FileNotFoundError as missing:
        raise Http404("The logo file is missing.") from missing
    response = FileResponse(handle, content_type=images.CONTENT_TYPES[name.rsplit(".", 1)[1]])
    patch_cache_control(response, public=True, max_age=365 * 24 * 60 * 60, immutable=True)
    return response
