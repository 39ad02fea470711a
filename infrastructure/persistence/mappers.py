"""Imperative mapping of the domain's aggregates onto the tables; the domain never imports SQLAlchemy."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Table
from sqlalchemy.orm import registry, relationship

from domain.automation.flow import Flow
from domain.automation.run import FlowRun
from domain.documents.customer import Customer
from domain.documents.model import Document
from domain.identity.api_key import ApiKey
from domain.identity.challenge import LoginChallenge
from domain.identity.session import CustomerSession
from domain.links.model import DocumentLink
from domain.payments.allocation import Allocation
from domain.payments.model import Payment
from infrastructure.persistence.tables.automation import flow_runs, flows
from infrastructure.persistence.tables.documents import customers, documents
from infrastructure.persistence.tables.identity import api_keys, customer_sessions, login_challenges
from infrastructure.persistence.tables.links import document_links
from infrastructure.persistence.tables.payments import payment_allocations, payments

mapper_registry = registry()
_mapped: list[type[Any]] = []


def _private(table: Table, *public: str) -> dict[str, Any]:
    """Map each column to `_column` on the aggregate, except the public ones (its identity)."""
    return {
        (name if name in public else f"_{name}"): column for name, column in table.c.items() if name != "lock_version"
    }


def start_mappers() -> None:
    """Map every aggregate once per process; calling it again does nothing."""
    if _mapped:
        return
    mapper_registry.map_imperatively(Allocation, payment_allocations, properties=_private(payment_allocations))
    children: dict[type[Any], dict[str, Any]] = {
        Payment: {
            "_allocations": relationship(
                Allocation,
                order_by=payment_allocations.c.position,
                cascade="all, delete-orphan",
                lazy="selectin",
            )
        }
    }
    for cls, table, public in (
        (Document, documents, ("id",)),
        (Customer, customers, ("customer_no",)),
        (ApiKey, api_keys, ("id",)),
        (LoginChallenge, login_challenges, ("id",)),
        (CustomerSession, customer_sessions, ("id_hash",)),
        (DocumentLink, document_links, ("id",)),
        (Payment, payments, ("id",)),
        (Flow, flows, ("name",)),
        (FlowRun, flow_runs, ("id",)),
    ):
        mapper_registry.map_imperatively(
            cls,
            table,
            properties={**_private(table, *public), **children.get(cls, {})},
            version_id_col=table.c.lock_version,
        )
        _mapped.append(cls)
