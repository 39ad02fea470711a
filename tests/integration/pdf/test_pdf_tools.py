from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

from infrastructure.pdf import BorbPdfRenderer
from tests.adapters.pdf.pdf_samples import invoice, page_texts, varied_lines

pytestmark = pytest.mark.integration

ROOT = Path(__file__).resolve().parents[3]
ARTIFACTS = ROOT / "artifacts" / "pdf"


def _tool(name: str) -> str:
    path = shutil.which(name)
    if path is None:
        if os.environ.get("CI") == "true":
            pytest.fail(f"{name} is required in CI (apt-get install qpdf poppler-utils)")
        pytest.skip(f"{name} is not installed")
    return path


@pytest.fixture(scope="module")
def multi_page(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("pdf") / "multi-page-invoice.pdf"
    path.write_bytes(
        BorbPdfRenderer(source_url="https://example.org/portal-source").render(invoice(lines=varied_lines(135)))
    )
    return path


@pytest.mark.parametrize("lines", [1, 10, 135])
def test_qpdf_finds_no_structural_errors(tmp_path: Path, lines: int) -> None:
    path = tmp_path / "invoice.pdf"
    path.write_bytes(BorbPdfRenderer().render(invoice(lines=varied_lines(lines))))
    result = subprocess.run([_tool("qpdf"), "--check", str(path)], capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "No syntax or stream encoding errors found" in result.stdout


def test_qpdf_finds_no_structural_errors_with_the_dealer_s_logo(tmp_path: Path) -> None:
    path = tmp_path / "invoice-with-logo.pdf"
    logo = ROOT / "interfaces" / "cli" / "demo_assets" / "nordvej-biler.png"
    path.write_bytes(BorbPdfRenderer(logo=logo.read_bytes()).render(invoice(lines=varied_lines(10))))
    result = subprocess.run([_tool("qpdf"), "--check", str(path)], capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "No syntax or stream encoding errors found" in result.stdout
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(path, ARTIFACTS / path.name)
    subprocess.run(
        [_tool("pdftoppm"), "-png", "-r", "100", "-f", "1", "-l", "1", str(path), str(ARTIFACTS / path.stem)],
        check=True,
    )


def test_pages_one_and_two_are_rendered_to_png_artifacts(multi_page: Path) -> None:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(multi_page, ARTIFACTS / multi_page.name)
    prefix = ARTIFACTS / "multi-page-invoice"
    for old in ARTIFACTS.glob("multi-page-invoice-*.png"):
        old.unlink()
    subprocess.run(
        [_tool("pdftoppm"), "-png", "-r", "100", "-f", "1", "-l", "2", str(multi_page), str(prefix)], check=True
    )
    pngs = sorted(ARTIFACTS.glob("multi-page-invoice-*.png"))
    assert len(pngs) == 2
    for png in pngs:
        assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
        assert png.stat().st_size > 20_000  # a blank A4 page at 100 dpi compresses to a few KB


def test_poppler_extracts_the_same_text_as_pypdf(multi_page: Path) -> None:
    result = subprocess.run(
        [_tool("pdftotext"), "-layout", str(multi_page), "-"], capture_output=True, text=True, check=True
    )
    poppler_pages = [
        " ".join(page.split()) for page in result.stdout.replace("\u00a0", " ").split("\f") if page.strip()
    ]
    pypdf_pages = page_texts(multi_page.read_bytes())
    assert len(poppler_pages) == len(pypdf_pages)
    for number, text in enumerate(poppler_pages, start=1):
        assert f"Side {number} af {len(pypdf_pages)}" in text
        assert "Kildekode: https://example.org/portal-source" in text


def test_pdffonts_lists_only_the_embedded_subsets(multi_page: Path) -> None:
    result = subprocess.run([_tool("pdffonts"), str(multi_page)], capture_output=True, text=True, check=True)
    rows = result.stdout.splitlines()[2:]
    assert len(rows) == 2
    for row in rows:
        name, *_, embedded, subset, unicode_map, _obj, _gen = row.split()
        assert name.startswith(("PRTLAA+", "PRTLAB+"))
        assert (embedded, subset, unicode_map) == ("yes", "yes", "yes")
