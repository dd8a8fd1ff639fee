"""What every page tells in its head, the base of every form for visitors, and the page
for a form whose token expired."""

from django.shortcuts import redirect, render
from django.utils.translation import gettext_lazy as _
from django.views.generic import CreateView

from core.ratelimit import is_limited


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
