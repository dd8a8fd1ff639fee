from tests.browser.harness import desktop_page, live_network
from tests.security.production import production, production_settings

__all__ = ["desktop_page", "live_network", "production", "production_settings"]
