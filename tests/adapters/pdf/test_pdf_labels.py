"""The PDFs' fixed words, read from the one catalog (the formats are tested with the formatter, ADR-0040)."""

from __future__ import annotations

import pytest

from application.ports.pdf_renderer import PdfLocale
from infrastructure.pdf.labels import LABELS, Labels

pytestmark = pytest.mark.adapter


@pytest.mark.parametrize("locale", ["da", "en"])
def test_every_label_is_filled_in_and_placeholders_match(locale: PdfLocale) -> None:
    labels = LABELS[locale]
    for field in Labels.__dataclass_fields__:
        assert getattr(labels, field), field
    assert set(labels.titles) == set(labels.numbers) == {"quote", "order", "invoice", "credit_note"}
    assert labels.page_of.format(page=2, pages=3) in {"Side 2 af 3", "Page 2 of 3"}
    assert "{bank}" in labels.bank_transfer
    assert "{number}" in labels.bank_transfer
