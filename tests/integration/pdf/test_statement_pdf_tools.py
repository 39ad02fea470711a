"""The statement of account's PDF against the PDF tools (PRODUCT §13): qpdf finds no error, poppler reads the same
pages; the statement of a demo customer is rendered to PNG as an artifact (`artifacts/pdf/`)."""

from __future__ import annotations

import datetime as dt
import os
import shutil
import subprocess
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import msgspec
import pytest
from dependency_injector import providers

from application.commands.documents.document_input import DocumentBody
from application.commands.documents.upsert_customer import UpsertCustomer
from application.commands.documents.upsert_document import UpsertDocument
from application.queries.documents.get_statement_pdf import GetStaffStatementPdf, StatementPdfView
from domain.shared.clock import business_date
from infrastructure.container import Container, build_container, close_container
from infrastructure.pdf import BorbPdfRenderer
from interfaces.cli.demo_data import CUSTOMERS, documents
from tests.adapters.pdf.pdf_samples import page_texts, statement, statement_items
from tests.conftest import make_settings

pytestmark = pytest.mark.integration

ARTIFACTS = Path(__file__).resolve().parents[3] / "artifacts" / "pdf"
NOW = dt.datetime(2026, 12, 4, 9, 0, tzinfo=dt.UTC)


def _tool(name: str) -> str:
    path = shutil.which(name)
    if path is None:
        if os.environ.get("CI") == "true":
            pytest.fail(f"{name} is required in CI (apt-get install qpdf poppler-utils)")
        pytest.skip(f"{name} is not installed")
    return path


@pytest.mark.parametrize("items", [0, 1, 100])
def test_qpdf_finds_no_structural_errors(tmp_path: Path, items: int) -> None:
    path = tmp_path / "statement.pdf"
    path.write_bytes(BorbPdfRenderer(source_url="https://example.org/src").render_statement(
        statement(items=statement_items(items))
    ))  # fmt: skip
    result = subprocess.run([_tool("qpdf"), "--check", str(path)], capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "No syntax or stream encoding errors found" in result.stdout


@pytest.fixture
async def demo(sqlite_url: str, tmp_path: Path, clock: Any) -> AsyncIterator[Container]:
    """The demo's brand, customers and documents (`portal demo`) on SQLite, on the fixed day NOW."""
    clock.set(NOW)
    container = build_container(make_settings(tmp_path, database_url=sqlite_url, brand_name="Nordvej Biler"))
    container.clock.override(providers.Object(clock))
    bus = container.bus()
    for record in CUSTOMERS:
        await bus.handle(msgspec.convert(record, UpsertCustomer))
    for record in documents(business_date(NOW)):
        body = msgspec.convert(record, DocumentBody)
        await bus.handle(UpsertDocument(type=record["type"], number=record["number"], body=body))
    yield container
    await close_container(container)


async def test_a_demo_customer_s_statement_is_rendered_to_png_and_read_back_by_poppler(demo: Container) -> None:
    view: StatementPdfView = await demo.bus().handle(GetStaffStatementPdf(customer_no="C-2001"))
    assert view.filename == "Statement-C-2001-2026-12-04.pdf"
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    pdf = ARTIFACTS / view.filename
    pdf.write_bytes(view.content)
    for old in ARTIFACTS.glob("statement-C-2001-*.png"):
        old.unlink()
    prefix = ARTIFACTS / "statement-C-2001"
    subprocess.run([_tool("pdftoppm"), "-png", "-r", "100", "-f", "1", "-l", "1", str(pdf), str(prefix)], check=True)
    (png,) = ARTIFACTS.glob("statement-C-2001-*.png")
    assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert png.stat().st_size > 20_000  # a blank A4 page at 100 dpi compresses to a few KB
    checked = subprocess.run([_tool("qpdf"), "--check", str(pdf)], capture_output=True, text=True, check=False)
    assert checked.returncode == 0, checked.stdout
    poppler = subprocess.run([_tool("pdftotext"), str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    flat = " ".join(poppler.replace("\u00a0", " ").split())
    for number in ("INV-10022", "INV-10023", "INV-10024"):  # what C-2001 pays: its own invoice and two billed to it
        assert number in flat
        assert number in " ".join(page_texts(view.content))
    assert "Kontoudtog" in flat and "Saldo pr. 4. dec. 2026" in flat and "Nordvej Biler" in flat
