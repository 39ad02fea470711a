"""The composition root by context (ADR-0042): root names reach every context; adapters chosen by the settings."""

from __future__ import annotations

from pathlib import Path

import msgspec
import pytest
from dependency_injector import providers

from application.commands.automation.apply_flows import ApplyFlows
from application.commands.documents.upsert_document import UpsertDocument
from application.commands.identity.request_login import RequestLogin
from application.commands.links.share_document_link import ShareDocumentLink
from application.commands.payments.start_payment import StartPayment
from infrastructure.container import build_container, one_handler_each
from infrastructure.sms.embedded_outbox import EmbeddedSmsOutbox
from infrastructure.sms.unconfigured import UnconfiguredSmsGateway
from tests.conftest import make_settings
from tests.fakes import FakeUnitOfWork

pytestmark = pytest.mark.unit


def test_overriding_a_root_name_reaches_the_handlers_of_every_context(tmp_path: Path) -> None:
    container = build_container(make_settings(tmp_path))
    fake = FakeUnitOfWork()
    container.uow.override(providers.Object(fake))
    handlers = container.handlers()
    for message in (RequestLogin, UpsertDocument, ShareDocumentLink, StartPayment, ApplyFlows):
        assert handlers[message]().uow is fake, message.__name__
    container.uow.reset_override()
    assert handlers[RequestLogin]().uow is not fake


def test_the_root_names_are_the_sub_containers_own_providers(tmp_path: Path) -> None:
    container = build_container(make_settings(tmp_path))
    assert container.uow is container.database.uow
    assert container.login_policy is container.identity.login_policy
    assert container.broker is container.jobs.broker


def test_a_message_wired_in_two_contexts_stops_the_start() -> None:
    with pytest.raises(RuntimeError, match="wired twice: \\['int'\\]"):
        one_handler_each({int: "a"}, {str: "b"}, {int: "c"})


def test_the_settings_choose_the_embedded_or_production_adapters(tmp_path: Path) -> None:
    embedded = build_container(make_settings(tmp_path))
    assert isinstance(embedded.sms_gateway(), EmbeddedSmsOutbox)
    assert embedded.status_broadcaster() is embedded.status_hub()  # SQLite: one process, the hub broadcasts
    assert embedded.simulator() is not None

    production = build_container()
    settings = msgspec.structs.replace(
        make_settings(tmp_path), env="production", mobilepay_base_url="https://api.vendor.example"
    )
    production.settings.override(providers.Object(settings))
    assert isinstance(production.sms_gateway(), UnconfiguredSmsGateway)
    assert production.simulator() is None
    assert settings.mail_transport == "embedded"
    assert msgspec.structs.replace(settings, smtp_host="mail.example").mail_transport == "smtp"
    assert msgspec.structs.replace(settings, broker_url="amqp://mq").broker_kind == "rabbitmq"
    assert msgspec.structs.replace(settings, broker_url="redis://cache").broker_kind == "redis"
    assert settings.broker_kind == "stub"
