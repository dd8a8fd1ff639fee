from tests.stakeholders.link_server import site

__all__ = ["site"]
