"""The one parametrisation of the database-backed contract suites: a container on the fakes, on SQLite and on
PostgreSQL. On the fakes, every port a suite asks the container for is a fake from tests/fakes.py over one
in-memory store, so a suite runs the same assertions on each."""

from __future__ import annotations

import pytest
from dependency_injector import providers

from infrastructure.container import Container
from infrastructure.persistence.mappers import start_mappers
from tests.fakes import (
    FakeApiKeyReader,
    FakeCustomerDirectory,
    FakeDocumentReader,
    FakeEventFeedReader,
    FakeEventLog,
    FakeFlowReader,
    FakeInboxReader,
    FakeLinkReader,
    FakePaymentReader,
    FakePdfStore,
    FakeRateLimiter,
    FakeRetentionStore,
    FakeSessionReader,
    FakeSmsGateway,
    FakeStaffDocumentReader,
    FakeStatementReader,
    FakeStatusBroadcaster,
)

STORES = {"fake": "fake_container", "sqlite": "sqlite_container", "postgresql": "pg_container"}


@pytest.fixture(params=list(STORES))
def store(request: pytest.FixtureRequest) -> Container:
    container: Container = request.getfixturevalue(STORES[request.param])
    if request.param == "fake":
        _install_fakes(container)
    else:
        start_mappers()  # as a process's first engine does: aggregates made before it would not be mapped
    return container


@pytest.fixture(params=["sqlite", "postgresql"])
def database(request: pytest.FixtureRequest) -> Container:
    """`store` on the databases alone: for rows that only infrastructure writes (the outbox relay's marks of a sent
    row, the mail ledger's claims), which no fake holds."""
    container: Container = request.getfixturevalue(STORES[request.param])
    start_mappers()
    return container


def _install_fakes(container: Container) -> None:
    state = container.fake_store  # type: ignore[attr-defined]
    pdfs = FakePdfStore()
    container.pdf_store.override(providers.Object(pdfs))
    container.document_reader.override(providers.Object(FakeDocumentReader(state, pdfs)))
    container.documents.staff_document_reader.override(providers.Object(FakeStaffDocumentReader(state, pdfs)))
    container.statement_reader.override(providers.Object(FakeStatementReader(state)))
    container.identity.session_reader.override(providers.Object(FakeSessionReader(state)))
    container.customer_directory.override(providers.Object(FakeCustomerDirectory(state)))
    container.identity.api_key_reader.override(providers.Object(FakeApiKeyReader(state)))
    container.links.link_reader.override(providers.Object(FakeLinkReader(state)))
    container.jobs.inbox_reader.override(providers.Object(FakeInboxReader(state)))
    container.automation.flow_reader.override(providers.Object(FakeFlowReader(state)))
    container.payment_reader.override(providers.Object(FakePaymentReader(state)))
    container.identity.rate_limiter.override(providers.Object(FakeRateLimiter(state)))
    container.operations.retention_store.override(providers.Object(FakeRetentionStore(state)))
    container.event_log.override(providers.Object(FakeEventLog(state)))
    container.automation.event_feed_reader.override(providers.Object(FakeEventFeedReader(state)))
    container.automation.sms_outbox.override(providers.Object(FakeSmsGateway()))
    container.status_broadcaster.override(providers.Object(FakeStatusBroadcaster()))
