"""ListBalances: each customer record of a person with its balance per currency (PRODUCT §1, §4)."""

from __future__ import annotations

import msgspec

from application.queries.documents.reader import DocumentReader
from application.queries.documents.views import CustomerBalancesView
from domain.documents.customer import normalise_email


class ListBalances(msgspec.Struct, frozen=True, kw_only=True):
    email: str


class ListBalancesHandler:
    """- One entry per customer record whose email is the person's, with a balance per currency it has invoices or
    credit notes in: Σ outstanding of the invoices it is billed for − its unapplied credit.
    """

    def __init__(self, reader: DocumentReader) -> None:
        self._reader = reader

    async def __call__(self, query: ListBalances) -> list[CustomerBalancesView]:
        return await self._reader.balances_for(normalise_email(query.email))
