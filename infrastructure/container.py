"""The composition root: the only module that names concrete adapters (STYLE §5)."""

from __future__ import annotations

import dramatiq
from dependency_injector import containers, providers
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.ext.asyncio import AsyncEngine

from application.commands.automation.handle_portal_event import HandlePortalEvent, HandlePortalEventHandler
from application.commands.documents.upsert_customer import UpsertCustomer, UpsertCustomerHandler
from application.commands.documents.upsert_document import UpsertDocument, UpsertDocumentHandler
from application.commands.documents.withdraw_document import WithdrawDocument, WithdrawDocumentHandler
from application.commands.identity.create_api_key import CreateApiKey, CreateApiKeyHandler
from application.commands.identity.revoke_api_key import RevokeApiKey, RevokeApiKeyHandler
from application.errors import StoreUnavailable
from application.messagebus import MessageBus
from application.policies.reactions import REACTIONS
from application.queries.documents.get_document import GetDocument, GetDocumentHandler
from application.queries.documents.list_balances import ListBalances, ListBalancesHandler
from application.queries.documents.list_documents import ListDocuments, ListDocumentsHandler
from application.queries.identity.authenticate_api_key import AuthenticateApiKey, AuthenticateApiKeyHandler
from application.queries.identity.list_api_keys import ListApiKeys, ListApiKeysHandler
from application.queries.jobs.was_message_handled import WasMessageHandled, WasMessageHandledHandler
from infrastructure.clock import SystemClock
from infrastructure.jobs.broker import make_broker
from infrastructure.jobs.health import BrokerProbe
from infrastructure.jobs.relay import OutboxRelay
from infrastructure.persistence.engine import make_engine, make_session_factory
from infrastructure.persistence.health import DatabaseProbe
from infrastructure.persistence.mappers import start_mappers
from infrastructure.persistence.migrations import upgrade
from infrastructure.persistence.readers.api_keys import SqlAlchemyApiKeyReader
from infrastructure.persistence.readers.documents import SqlAlchemyDocumentReader
from infrastructure.persistence.readers.event_log import SqlAlchemyEventLog
from infrastructure.persistence.readers.inbox import SqlAlchemyInboxReader
from infrastructure.persistence.unit_of_work import SqlAlchemyUnitOfWork
from infrastructure.settings import Settings, load_settings


def _engine(url: str) -> AsyncEngine:
    start_mappers()
    return make_engine(url)


class Container(containers.DeclarativeContainer):
    """Wires settings → adapters → handlers → bus. Tests override single providers (`container.uow.override`)."""

    settings: providers.Provider[Settings] = providers.Singleton(load_settings)
    clock = providers.Singleton(SystemClock)

    engine = providers.Singleton(_engine, settings.provided.database_url)
    session_factory = providers.Singleton(make_session_factory, engine)
    uow = providers.Factory(SqlAlchemyUnitOfWork, session_factory=session_factory, clock=clock)
    document_reader = providers.Factory(SqlAlchemyDocumentReader, session_factory=session_factory)
    api_key_reader = providers.Factory(SqlAlchemyApiKeyReader, session_factory=session_factory)
    database_probe = providers.Factory(DatabaseProbe, engine=engine)

    broker = providers.Singleton(make_broker, settings)
    broker_probe = providers.Factory(BrokerProbe, broker=broker)
    inbox_reader = providers.Factory(SqlAlchemyInboxReader, session_factory=session_factory)
    event_log = providers.Factory(SqlAlchemyEventLog, session_factory=session_factory)
    relay = providers.Factory(OutboxRelay, session_factory=session_factory, broker=broker, clock=clock)

    reactions = providers.Object(REACTIONS)

    handlers = providers.Dict(
        {
            UpsertCustomer: providers.Factory(UpsertCustomerHandler, uow=uow, clock=clock).provider,
            UpsertDocument: providers.Factory(UpsertDocumentHandler, uow=uow, clock=clock).provider,
            WithdrawDocument: providers.Factory(WithdrawDocumentHandler, uow=uow, clock=clock).provider,
            CreateApiKey: providers.Factory(CreateApiKeyHandler, uow=uow, clock=clock).provider,
            RevokeApiKey: providers.Factory(RevokeApiKeyHandler, uow=uow, clock=clock).provider,
            ListDocuments: providers.Factory(ListDocumentsHandler, reader=document_reader, clock=clock).provider,
            GetDocument: providers.Factory(GetDocumentHandler, reader=document_reader, clock=clock).provider,
            ListBalances: providers.Factory(ListBalancesHandler, reader=document_reader).provider,
            AuthenticateApiKey: providers.Factory(AuthenticateApiKeyHandler, reader=api_key_reader).provider,
            ListApiKeys: providers.Factory(ListApiKeysHandler, reader=api_key_reader).provider,
            WasMessageHandled: providers.Factory(WasMessageHandledHandler, reader=inbox_reader).provider,
            HandlePortalEvent: providers.Factory(
                HandlePortalEventHandler, uow=uow, events=event_log, reactions=reactions
            ).provider,
        }
    )
    bus = providers.Singleton(MessageBus, handlers=handlers)


def build_container(settings: Settings | None = None) -> Container:
    """A container for these settings (read from the environment when not given)."""
    container = Container()
    if settings is not None:
        container.settings.override(providers.Object(settings))
    return container


def migrate_database(settings: Settings) -> None:
    """Bring the schema to head (blocking); an unreachable database raises StoreUnavailable."""
    try:
        upgrade(settings.database_url)
    except (SQLAlchemyError, OSError) as exc:
        raise StoreUnavailable(str(exc).splitlines()[0]) from exc


def share_broker(container: Container, broker: dramatiq.Broker) -> None:
    """Make `container` publish to a broker another container created (embedded mode: one StubBroker per process)."""
    container.broker.override(providers.Object(broker))


async def close_container(container: Container) -> None:
    """Release the engine's pooled connections (call on the loop that used them); making an engine connects nothing."""
    engine: AsyncEngine = container.engine()
    await engine.dispose()
    container.engine.reset()
