from tests.browser.harness import desktop_page, live_network

__all__ = ["desktop_page", "live_network"]
