"""The PDF renderer adapter (borb). Importing this package opts the process out of borb's telemetry."""

from infrastructure.pdf.renderer import BorbPdfRenderer

__all__ = ["BorbPdfRenderer"]
