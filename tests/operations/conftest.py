from tests.browser.harness import live_network

__all__ = ["live_network"]
