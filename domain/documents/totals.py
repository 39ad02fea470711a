"""Document totals of PRODUCT §1: sums of the lines, VAT per rate rounded half-up, total incl. VAT."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

from domain.documents.money import percent_of
from domain.documents.values import Line


@dataclass(frozen=True, slots=True, kw_only=True)
class VatAmount:
    rate: Decimal
    amount: int


@dataclass(frozen=True, slots=True, kw_only=True)
class Totals:
    """The figures of a document; `vat` is ordered by rate, highest first."""

    gross: int
    discount: int
    net: int
    vat: tuple[VatAmount, ...]
    total: int

    @property
    def vat_sum(self) -> int:
        return sum(v.amount for v in self.vat)

    @classmethod
    def of(cls, lines: Iterable[Line]) -> Totals:
        lines = list(lines)
        net_by_rate: dict[Decimal, int] = {}
        for line in lines:
            rate = line.vat_rate.normalize()
            net_by_rate[rate] = net_by_rate.get(rate, 0) + line.net
        vat = tuple(
            VatAmount(rate=rate, amount=percent_of(Decimal(net), rate))
            for rate, net in sorted(net_by_rate.items(), reverse=True)
        )
        net = sum(line.net for line in lines)
        return cls(
            gross=sum(line.gross for line in lines),
            discount=sum(line.discount for line in lines),
            net=net,
            vat=vat,
            total=net + sum(v.amount for v in vat),
        )

    def differences(self, *, gross: int, discount: int, net: int, vat: int, total: int) -> list[tuple[str, str]]:
        """(pointer, detail) for each stated figure that differs from this computed one."""
        stated = {"gross": gross, "discount": discount, "net": net, "vat": vat, "total": total}
        computed = {
            "gross": self.gross,
            "discount": self.discount,
            "net": self.net,
            "vat": self.vat_sum,
            "total": self.total,
        }
        return [
            (f"/totals/{name}", f"stated {stated[name]}, computed {computed[name]}")
            for name in stated
            if stated[name] != computed[name]
        ]
