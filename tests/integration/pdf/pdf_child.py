"""Child process for the renderer's process-level tests; reads a PdfDocument as JSON on stdin.

Modes:
    render OUT [LOGO]
                    render once (with the PNG file LOGO as the dealer's logo), write the PDF to OUT
    signals         render, check the SIGINT/SIGTERM handlers are unchanged and telemetry is off,
                    print "ready", then wait to be terminated
    memory N        render N times, print the RSS growth in MiB as JSON
"""

from __future__ import annotations

import gc
import json
import signal
import sys
import time
from pathlib import Path

import msgspec
import psutil  # type: ignore[import-untyped]

from application.ports.pdf_renderer import PdfDocument
from infrastructure.pdf import BorbPdfRenderer
from infrastructure.pdf.borb_runtime import telemetry_opted_out


def main() -> int:
    doc = msgspec.json.decode(sys.stdin.buffer.read(), type=PdfDocument)
    renderer = BorbPdfRenderer()
    mode = sys.argv[1]
    if mode == "render":
        logo = Path(sys.argv[3]).read_bytes() if len(sys.argv) > 3 else None
        Path(sys.argv[2]).write_bytes(BorbPdfRenderer(logo=logo).render(doc))
        return 0
    if mode == "signals":
        before = signal.getsignal(signal.SIGINT), signal.getsignal(signal.SIGTERM)
        renderer.render(doc)
        after = signal.getsignal(signal.SIGINT), signal.getsignal(signal.SIGTERM)
        if after != before or not telemetry_opted_out():
            return 3
        sys.stdout.write("ready\n")
        sys.stdout.flush()
        time.sleep(60)
        return 4
    if mode == "memory":
        process = psutil.Process()
        for _ in range(5):  # warm-up: fonts, Babel data, borb's lazily imported modules
            renderer.render(doc)
        gc.collect()
        start = process.memory_info().rss
        for _ in range(int(sys.argv[2])):
            renderer.render(doc)
        gc.collect()
        sys.stdout.write(json.dumps({"growth_mib": (process.memory_info().rss - start) / 2**20}) + "\n")
        return 0
    return 2


if __name__ == "__main__":
    raise SystemExit(main())
