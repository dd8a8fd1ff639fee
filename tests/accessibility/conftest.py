from tests.browser.harness import desktop_page, live_network, phone_page

__all__ = ["desktop_page", "live_network", "phone_page"]
