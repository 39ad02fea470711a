"""The shared core of the composition root: settings, clock, brand, keys and the outgoing HTTP client (ADR-0042)."""

from __future__ import annotations

from dependency_injector import containers, providers

from infrastructure.brand import logo_of, print_logo_of
from infrastructure.clock import SystemClock
from infrastructure.deferred import Deferred
from infrastructure.security.aes_sealer import AesGcmSealer
from infrastructure.security.hmac_hasher import HmacSecretHasher
from infrastructure.security.key_ring import KeyRing
from infrastructure.settings import Settings, load_settings

#: outgoing HTTP (MobilePay, SMS, flow webhooks); a command that never calls out never imports httpx
HTTP_CLIENT = Deferred("httpx:AsyncClient")


class Core(containers.DeclarativeContainer):
    """What every context uses; the settings are read from the environment once, when first provided."""

    settings: providers.Provider[Settings] = providers.Singleton(load_settings)
    clock = providers.Singleton(SystemClock)
    brand_logo = providers.Singleton(logo_of, settings)
    print_logo = providers.Singleton(print_logo_of, settings)  # the PNG the PDFs carry (docs/adr/0029)
    key_ring = providers.Singleton(KeyRing, keys=settings.provided.secret_keys)  # every keyed secret (ADR-0036)
    hasher = providers.Singleton(HmacSecretHasher, ring=key_ring)
    sealer = providers.Singleton(AesGcmSealer, ring=key_ring)
    http_client = providers.Singleton(HTTP_CLIENT, timeout=10.0)
