"""Builds the detail view of one document row from its stored content."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import msgspec

from application.ports.pdf_store import fingerprint
from application.queries.documents.views import (
    DocumentDetailView,
    DocumentItemView,
    LineView,
    MoneyView,
    PartyView,
    RelatedView,
    SellerView,
    TotalsView,
    VatView,
    VehicleView,
)
from domain.documents.content import DocumentContent
from domain.documents.values import Party


def detail_view(item: DocumentItemView, row: Any, related: list[RelatedView], money: MoneyView) -> DocumentDetailView:
    content: DocumentContent = row["content"]
    totals = content.totals
    invoice = row["type"] == "invoice"
    return DocumentDetailView(
        **msgspec.structs.asdict(item),
        version=row["version"],
        locale=content.locale,
        lines=[
            LineView(
                item_no=line.item_no,
                description=line.description,
                quantity=_decimal(line.quantity),
                unit=line.unit,
                unit_price=line.unit_price,
                discount_percent=_decimal(line.discount_percent) if line.discount_percent is not None else None,
                discount_amount=line.discount_amount,
                vat_rate=_decimal(line.vat_rate),
                gross=line.gross,
                discount=line.discount,
                net=line.net,
            )
            for line in content.lines
        ],
        totals=TotalsView(
            gross=totals.gross,
            discount=totals.discount,
            net=totals.net,
            vat=[VatView(rate=_decimal(v.rate), amount=v.amount) for v in totals.vat],
            total=totals.total,
        ),
        paid=row["imported_paid"] + row["portal_paid"] if invoice else None,
        seller=msgspec.convert(msgspec.to_builtins(content.seller), SellerView),
        customer=_party(content.customer),
        bill_to=_party(content.bill_to) if content.bill_to is not None else None,
        vehicle=msgspec.convert(msgspec.to_builtins(content.vehicle), VehicleView) if content.vehicle else None,
        notes=content.notes,
        related=related,
        pdf_fingerprint=fingerprint(row["pdf_etag"]),
        **msgspec.structs.asdict(money),
    )


def _party(party: Party) -> PartyView:
    return msgspec.convert(msgspec.to_builtins(party), PartyView)


def _decimal(value: Decimal) -> str:
    """A decimal as the import spells it, without exponent or trailing zeros ("1", "2.5", "25")."""
    return format(value.normalize(), "f")
