"""The relying party of passkeys and security keys: the host the browser asked for.

Django has already checked that host against ALLOWED_HOSTS (and the scheme comes from
SECURE_PROXY_SSL_HEADER behind the proxy), so a passkey made on www.example.nrw.de
works there and nowhere else, and the local quick start and the tests can use
http://localhost on any port. Browsers refuse passkeys on bare IP addresses such as
127.0.0.1: locally, open the back office on http://localhost:8000/.
"""

from django.http.request import split_domain_port
from django_otp_webauthn import helpers


def relying_party_id(request):
    """The host name of the request, without its port."""
    domain, _port = split_domain_port(request.get_host())
    return domain


class WebAuthnHelper(helpers.WebAuthnHelper):
    def get_allowed_origins(self):
        """Only the origin this request came to: a sign-in relayed through another
        site carries that site's origin and is refused."""
        return [f"{self.request.scheme}://{self.request.get_host()}"]

    def get_credential_display_name(self, user):
        return user.get_full_name() or user.get_username()
