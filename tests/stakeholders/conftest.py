from tests.stakeholders.link_server import closed_port, site

__all__ = ["closed_port", "site"]
