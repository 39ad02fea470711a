from __future__ import annotations

import pytest

from infrastructure.pdf import BorbPdfRenderer


@pytest.fixture(scope="session")
def renderer() -> BorbPdfRenderer:
    return BorbPdfRenderer()
