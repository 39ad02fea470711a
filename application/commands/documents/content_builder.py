"""Turns an import body into the domain's DocumentContent, collecting every problem with its JSON pointer."""

from __future__ import annotations

from application.commands.documents.document_input import DocumentBody
from domain.documents.content import DocumentContent
from domain.documents.customer import Customer
from domain.documents.errors import InvalidDocument
from domain.documents.values import Line, RelatedRef, Seller, Vehicle


def build_content(body: DocumentBody, *, customer: Customer | None, bill_to: Customer | None) -> DocumentContent:
    """The content of the version the body describes; raises InvalidDocument naming every problem."""
    problems: list[tuple[str, str]] = []
    if customer is None:
        problems.append(("/customer_no", f"unknown customer {body.customer_no}"))
    if body.bill_to_no and bill_to is None:
        problems.append(("/bill_to_no", f"unknown customer {body.bill_to_no}"))
    lines: list[Line] = []
    for index, item in enumerate(body.lines):
        try:
            lines.append(
                Line(
                    description=item.description,
                    quantity=item.quantity,
                    unit_price=item.unit_price,
                    item_no=item.item_no,
                    unit=item.unit,
                    discount_percent=item.discount_percent,
                    discount_amount=item.discount_amount,
                    vat_rate=item.vat_rate,
                )
            )
        except InvalidDocument as exc:
            problems += [(f"/lines/{index}{pointer}", detail) for pointer, detail in exc.errors]
    vehicle: Vehicle | None = None
    if body.vehicle is not None:
        try:
            v = body.vehicle
            vehicle = Vehicle(
                registration_no=v.registration_no,
                vin=v.vin,
                make=v.make,
                model=v.model,
                variant=v.variant,
                first_registration=v.first_registration,
                mileage_km=v.mileage_km,
                colour=v.colour,
            )
        except InvalidDocument as exc:
            problems += exc.errors
    if problems or customer is None:
        raise InvalidDocument(problems[0][1], problems)
    return DocumentContent(
        issue_date=body.issue_date,
        due_date=body.due_date,
        currency=body.currency,
        locale=body.locale,
        seller=Seller(
            name=body.seller.name,
            address=tuple(body.seller.address),
            vat_no=body.seller.vat_no,
            phone=body.seller.phone,
            email=body.seller.email,
            bank=body.seller.bank,
        ),
        customer=customer.as_party(),
        bill_to=bill_to.as_party() if bill_to is not None else None,
        vehicle=vehicle,
        lines=tuple(lines),
        notes=body.notes,
        related=tuple(RelatedRef(type=r.type, number=r.number) for r in body.related),
    )
