"""Settings from the PORTAL_* environment variables (PRODUCT §9, §12), validated at start-up."""

from __future__ import annotations

import ipaddress
import os
import secrets
from collections.abc import Mapping
from pathlib import Path
from typing import Annotated, Literal
from urllib.parse import urlsplit

import msgspec
from msgspec import Meta

from domain.identity.rate_limit import RateLimit
from domain.payments.market import market_currency
from domain.shared.errors import DomainError
from infrastructure.brand import BrandProblem, checked_colour, read_print_logo


class SettingsError(Exception):
    """A variable is missing or bad; the message names it, in one line."""


#: the limits a deployment may set (a value outside is refused at start-up, naming its variable)
Port = Annotated[int, Meta(ge=1, le=65_535)]
Minutes = Annotated[int, Meta(ge=1, le=7 * 24 * 60)]  # up to a week
Hours = Annotated[int, Meta(ge=1, le=366 * 24)]  # up to a year
Days = Annotated[int, Meta(ge=1, le=10 * 366)]  # up to ten years
BodyBytes = Annotated[int, Meta(ge=1, le=1024**3)]  # up to 1 GiB


class Settings(msgspec.Struct, frozen=True, kw_only=True):
    """Every PORTAL_* variable, converted and checked once by `load_settings` (nothing is parsed again at use)."""

    env: Literal["embedded", "production"] = "embedded"
    database_url: str = "sqlite+aiosqlite:///var/portal.db"
    broker_url: str | None = None
    base_url: str = "http://127.0.0.1:8000"
    brand_name: str = "Kundeportal"
    brand_logo: str | None = None  # a PNG or SVG file, ≤ 200 KB (PRODUCT §14)
    brand_colour: str | None = None  # #RRGGBB, white text on it ≥ 4.5:1
    support_email: str | None = None
    support_phone: str | None = None
    secret_keys: tuple[tuple[str, bytes], ...] = ()
    smtp_host: str | None = None
    smtp_port: Port = 25
    smtp_username: str | None = None
    smtp_password: str | None = None
    smtp_starttls: bool = False
    mail_from: str = "portal@localhost"
    mobilepay_base_url: str | None = None
    mobilepay_client_id: str | None = None
    mobilepay_client_secret: str | None = None
    mobilepay_subscription_key: str | None = None
    mobilepay_msn: str | None = None
    mobilepay_market: Literal["DK", "FI"] = "DK"
    mobilepay_webhook_secret: str | None = None
    sms_url: str | None = None
    sms_token: str | None = None
    sms_sender: str = "Portal"
    source_url: str | None = None
    trusted_proxies: tuple[str, ...] = ()
    session_idle_minutes: Minutes = 60
    session_max_hours: Hours = 12
    link_ttl_days: Days = 30
    max_body_bytes: BodyBytes = 1024 * 1024
    login_ttl_minutes: Minutes = 10
    limit_login_email: RateLimit = RateLimit.parse("3/10m,10/24h")
    limit_login_ip: RateLimit = RateLimit.parse("20/10m")
    limit_verify_ip: RateLimit = RateLimit.parse("30/10m")
    var_dir: str = "var"

    @property
    def embedded(self) -> bool:
        return self.env == "embedded"

    @property
    def serves_own_source(self) -> bool:
        """Embedded mode without PORTAL_SOURCE_URL: the portal offers its own code at `/source` (AGPL §13)."""
        return self.embedded and not self.source_url

    @property
    def source_link(self) -> str:
        """Where every page and PDF points for the source: PORTAL_SOURCE_URL, else the portal's own `/source`."""
        return self.source_url or self.base_url.rstrip("/") + "/source"

    @property
    def support_contact(self) -> str | None:
        """The dealer's support email and phone as mails print them under the brand (PRODUCT §14), or None."""
        parts = [p for p in (self.support_email, self.support_phone) if p]
        return " · ".join(parts) or None

    @property
    def database_kind(self) -> Literal["postgresql", "sqlite"]:
        """Which database PORTAL_DATABASE_URL names (the composition root picks the live-status adapter by it)."""
        return "postgresql" if self.database_url.startswith(("postgresql", "postgres://")) else "sqlite"

    @property
    def broker_kind(self) -> Literal["stub", "redis", "rabbitmq"]:
        """PORTAL_BROKER_URL's broker; without one (embedded only) dramatiq's in-memory StubBroker."""
        if self.broker_url is None:
            return "stub"
        return "rabbitmq" if self.broker_url.startswith(("amqp://", "amqps://")) else "redis"

    @property
    def mail_transport(self) -> Literal["smtp", "embedded"]:
        """SMTP to PORTAL_SMTP_HOST, else to the embedded SMTP server (embedded mode; production requires a host)."""
        return "smtp" if self.smtp_host else "embedded"

    @property
    def sms_transport(self) -> Literal["gatewayapi", "embedded", "unconfigured"]:
        """GatewayAPI at PORTAL_SMS_URL, else the embedded outbox (`/dev/sms`), else refused (production)."""
        if self.sms_url:
            return "gatewayapi"
        return "embedded" if self.embedded else "unconfigured"

    @property
    def mobilepay_kind(self) -> Literal["vendor", "simulator"]:
        """PORTAL_MOBILEPAY_BASE_URL's API, else (embedded only) the simulator mounted at `/simulator/mobilepay`."""
        return "vendor" if self.mobilepay_base_url else "simulator"

    @property
    def market_currency(self) -> str:
        """The currency of the MobilePay market (PRODUCT §6.1): DK → DKK, FI → EUR; statements default to it."""
        return market_currency(self.mobilepay_market)


_PRODUCTION_REQUIRED = (
    "PORTAL_DATABASE_URL",
    "PORTAL_BROKER_URL",
    "PORTAL_BASE_URL",
    "PORTAL_SECRET_KEYS",
    "PORTAL_SMTP_HOST",
    "PORTAL_MAIL_FROM",
    "PORTAL_SOURCE_URL",
    "PORTAL_MOBILEPAY_BASE_URL",
    "PORTAL_MOBILEPAY_CLIENT_ID",
    "PORTAL_MOBILEPAY_CLIENT_SECRET",
    "PORTAL_MOBILEPAY_SUBSCRIPTION_KEY",
    "PORTAL_MOBILEPAY_MSN",
)
_MIN_SECRET_BYTES = 32


def load_settings(environ: Mapping[str, str] | None = None) -> Settings:
    """Read and check every PORTAL_* variable; raise SettingsError naming the first bad one."""
    env = dict(os.environ if environ is None else environ)
    raw: dict[str, object] = {}
    for name in Settings.__struct_fields__:
        value = env.get(f"PORTAL_{name.upper()}")
        if value is not None and value.strip() != "":
            raw[name] = value.strip()
    mode = str(raw.get("env", "embedded"))
    if mode not in ("embedded", "production"):
        raise SettingsError("PORTAL_ENV: must be embedded or production")
    if mode == "production":
        for var in _PRODUCTION_REQUIRED:
            if var.removeprefix("PORTAL_").lower() not in raw:
                raise SettingsError(f"{var}: required in production")
    _parse_texts(raw)
    if mode == "embedded" and "mobilepay_webhook_secret" not in raw:
        raw["mobilepay_webhook_secret"] = _embedded_secret(
            Path(str(raw.get("var_dir", "var"))) / "webhook.secret"
        ).decode()
    raw["secret_keys"] = _secret_keys(raw.get("secret_keys"), mode=mode, var_dir=str(raw.get("var_dir", "var")))
    _check_urls(raw, production=mode == "production")
    _check_brand(raw)
    try:  # lax: the environment's text becomes int and bool here, checked against each field's Meta limits
        return msgspec.convert(raw, Settings, strict=False)
    except msgspec.ValidationError as exc:
        problem, _, where = str(exc).rpartition(" - at `$.")
        problem = problem.split(", got `")[0]  # the value itself is shown instead of its type
        field = where.rstrip("`")
        got = repr(raw.get(field))
        raise SettingsError(f"PORTAL_{field.upper()}: {problem}" + ("" if got in problem else f", got {got}")) from None


def listening_at(settings: Settings, host: str, port: int, environ: Mapping[str, str] | None = None) -> Settings:
    """PRODUCT §9: in embedded mode without PORTAL_BASE_URL, the base URL follows `--host` and `--port`, so mail
    links, the embedded MobilePay simulator and its webhooks reach the server that is actually listening.
    """
    env = os.environ if environ is None else environ
    if not settings.embedded or env.get("PORTAL_BASE_URL", "").strip():
        return settings
    shown = "127.0.0.1" if host in ("", "0.0.0.0") else "[::1]" if host == "::" else host  # noqa: S104 - a name
    if ":" in shown and not shown.startswith("["):
        shown = f"[{shown}]"
    return msgspec.structs.replace(settings, base_url=f"http://{shown}:{port}")


def require_sms(settings: Settings) -> None:
    """Production needs the SMS variables once a flow uses `sms` (PRODUCT §9); SettingsError names the first missing."""
    if settings.embedded:
        return
    for name in ("sms_url", "sms_token"):
        if not getattr(settings, name):
            raise SettingsError(f"PORTAL_{name.upper()}: required in production once a flow uses sms")


def _parse_texts(raw: dict[str, object]) -> None:
    """The variables whose text has a grammar of its own (msgspec converts the plain ints, bools and choices)."""
    for name in ("limit_login_email", "limit_login_ip", "limit_verify_ip"):
        if name in raw:
            raw[name] = _rate_limit(name, str(raw[name]))
    if "trusted_proxies" in raw:
        raw["trusted_proxies"] = _trusted_proxies(str(raw["trusted_proxies"]))


def _check_brand(raw: dict[str, object]) -> None:
    """PRODUCT §14: a colour white text can be read on, and a logo that is a PNG or SVG of at most 200 KB (and the
    PNG the PDFs carry for it readable, docs/adr/0029).
    """
    try:
        if "brand_colour" in raw:
            raw["brand_colour"] = checked_colour(str(raw["brand_colour"]))
    except BrandProblem as exc:
        raise SettingsError(f"PORTAL_BRAND_COLOUR: {exc}") from None
    try:
        if "brand_logo" in raw:
            read_print_logo(str(raw["brand_logo"]))
    except BrandProblem as exc:
        raise SettingsError(f"PORTAL_BRAND_LOGO: {exc}") from None


def _trusted_proxies(value: str) -> tuple[str, ...]:
    """IP addresses or CIDR networks, comma-separated; anything else is refused at start-up, never ignored."""
    entries = tuple(p.strip() for p in value.split(",") if p.strip())
    for entry in entries:
        try:
            ipaddress.ip_network(entry, strict=False)
        except ValueError:
            raise SettingsError(f"PORTAL_TRUSTED_PROXIES: not an IP address or network: {entry!r}") from None
    return entries


def _check_urls(raw: dict[str, object], *, production: bool) -> None:
    _check_url("base_url", str(raw.get("base_url", "http://127.0.0.1:8000")), https=production)
    for name in ("source_url", "mobilepay_base_url", "sms_url"):
        if name in raw:
            _check_url(name, str(raw[name]), https=False)
    if "broker_url" in raw and not str(raw["broker_url"]).startswith(("redis://", "rediss://", "amqp://", "amqps://")):
        raise SettingsError("PORTAL_BROKER_URL: must be a redis:// or amqp:// URL")
    if "database_url" in raw and not str(raw["database_url"]).startswith(("postgresql", "postgres://", "sqlite")):
        raise SettingsError("PORTAL_DATABASE_URL: must be a postgresql:// or sqlite:// URL")


def _rate_limit(name: str, value: str) -> RateLimit:
    try:
        return RateLimit.parse(value)
    except DomainError as exc:
        raise SettingsError(f"PORTAL_{name.upper()}: {exc}") from None


def _check_url(name: str, value: str, *, https: bool) -> None:
    parts = urlsplit(value)
    allowed = ("https",) if https else ("http", "https")
    if parts.scheme not in allowed or not parts.netloc:
        raise SettingsError(f"PORTAL_{name.upper()}: must be an {' or '.join(allowed)} URL, got {value!r}")


def _secret_keys(value: object, *, mode: str, var_dir: str) -> tuple[tuple[str, bytes], ...]:
    if value is None:
        if mode == "production":
            raise SettingsError("PORTAL_SECRET_KEYS: required in production")
        return (("local", _embedded_secret(Path(var_dir) / "secret.key")),)
    keys: list[tuple[str, bytes]] = []
    for part in str(value).split(","):
        kid, sep, secret = part.strip().partition(":")
        if not sep or not kid or len(secret.encode()) < _MIN_SECRET_BYTES:
            raise SettingsError("PORTAL_SECRET_KEYS: each entry must be kid:secret with a secret of at least 32 bytes")
        if "." in kid or kid in dict(keys):
            raise SettingsError(f"PORTAL_SECRET_KEYS: key ids must be distinct and without '.', got {kid!r}")
        keys.append((kid, secret.encode()))
    return tuple(keys)


def _embedded_secret(path: Path) -> bytes:
    """The embedded mode's signing key, generated once into ./var/ and kept."""
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(secrets.token_urlsafe(48))
        path.chmod(0o600)
    return path.read_text().strip().encode()
