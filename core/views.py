"""The base of every form for visitors, and the page for a form whose token expired."""

from django.shortcuts import redirect, render
from django.utils.translation import gettext_lazy as _
from django.views.generic import CreateView

from core.ratelimit import is_limited


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
    return render(request, "403_csrf.html", status=403)
