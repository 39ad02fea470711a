"""The invoices a person still has to pay, overdue first: the list's "to pay" group and the pay page for several."""

from __future__ import annotations

from application.messagebus import MessageBus
from application.queries.documents.list_documents import ListDocuments
from application.queries.documents.views import DocumentItemView, DocumentPage


async def open_invoices(bus: MessageBus, email: str, *, limit: int) -> list[DocumentItemView]:
    """Up to `limit` invoices with something outstanding, overdue ones first (PRODUCT §13)."""
    found: list[DocumentItemView] = []
    for status in ("overdue", "open"):
        if len(found) < limit:
            page: DocumentPage = await bus.handle(ListDocuments(email=email, status=status, limit=limit - len(found)))
            found += page.items
    return found
