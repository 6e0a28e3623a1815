"""The settings' pydantic-settings model (``tamga.settings`` holds its defaults and reads it).

A module of its own so that importing ``tamga.settings`` costs no pydantic-settings (about
0.15 s): a command given ``--db`` never reads the environment's settings.
"""

from __future__ import annotations

from pathlib import Path

from pydantic import field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

from tamga.settings import DEFAULT_DB_PATH, DEFAULT_MAX_BODY, HOME_COUNTRY


class Settings(BaseSettings):
    """The service's settings: the store, the country, the API's limits, the statistics."""

    model_config = SettingsConfigDict(env_prefix="TAMGA_", frozen=True, extra="ignore")

    #: store URL: SQLite file (the default) or ``postgresql://...``
    database_url: str = f"sqlite:///{DEFAULT_DB_PATH}"
    #: ISO 3166-1 alpha-2 code of the country that keeps the ledger
    home_country: str = HOME_COUNTRY
    #: where statistics panels live
    stats_dir: Path = Path("var") / "stats"
    #: a YAML file merged over the risk rules' defaults
    risk_config: Path | None = None
    #: request bodies larger than this are refused before they are read
    max_body: int = DEFAULT_MAX_BODY
    #: seconds between store polls on a live stream
    stream_interval: float = 0.2
    #: the dashboard's session cookie is ``Secure`` (browsers keep it on https and on localhost);
    #: ``TAMGA_SECURE_COOKIE=false`` only to serve plain HTTP beyond localhost on purpose
    secure_cookie: bool = True
    #: bearer token for commands that talk to a running service (``simulate live --to``)
    token: str | None = None

    @field_validator("home_country")
    @classmethod
    def _alpha2(cls, value: str) -> str:
        if len(value) != 2 or not value.isalpha():
            raise ValueError("home_country is an ISO 3166-1 alpha-2 code such as KZ")
        return value.upper()
