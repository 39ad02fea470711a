"""Imports every table module so the one MetaData knows them all (for migrations and tests)."""

from __future__ import annotations

from infrastructure.persistence.tables import automation, documents, identity, links, outbox, payments, pdfs
from infrastructure.persistence.tables.metadata import metadata

__all__ = ["automation", "documents", "identity", "links", "metadata", "outbox", "payments", "pdfs"]
