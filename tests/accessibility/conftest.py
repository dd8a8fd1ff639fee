from tests.browser.admin_harness import admin_network, editor_page
from tests.browser.harness import desktop_page, live_network, phone_page

__all__ = ["admin_network", "desktop_page", "editor_page", "live_network", "phone_page"]
