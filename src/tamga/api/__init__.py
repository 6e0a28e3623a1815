"""The REST API, the live stream and the EPCIS endpoints (FastAPI): ``create_app``."""

from tamga.api.app import Settings, create_app

__all__ = ["Settings", "create_app"]
