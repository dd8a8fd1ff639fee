"""Every kind of public page, as an address in a SampleNetwork (tests/factories.py), for
the tests that check all public pages (rendering, head, security headers, axe-core …)."""

from stakeholders.models import Role

PUBLIC_PAGES = {
    "home": lambda network: "/",
    "partner list": lambda network: "/partner/",
    "partners of a group": lambda network: f"/partner/?gruppe={network.partner.group.slug}",
    "partners with a tag": lambda network: "/partner/?tag=recht",
    "partner search in a group": (
        lambda network: f"/partner/?q=Beschaffung&gruppe={network.partner.group.slug}"
    ),
    "partner": lambda network: network.partner.get_absolute_url(),
    "groups": lambda network: "/akteure/",
    "group with members": lambda network: network.actor.group.get_absolute_url(),
    "group without members": lambda network: network.groups[Role.INDIRECT].get_absolute_url(),
    "actor": lambda network: network.actor.get_absolute_url(),
    "contact": lambda network: "/kontakt/",
    "search": lambda network: "/suche/",
    "search results": lambda network: "/suche/?q=Siegel",
}


def public_urls(network):
    """The address of every kind of public page in `network`."""
    return [address(network) for address in PUBLIC_PAGES.values()]
