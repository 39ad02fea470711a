"""Benchmark the PDF renderer: time per document and per page (median, p95) and file sizes.

Usage: python bench/pdf_render.py [-n RENDERS]

PRODUCT §11 target: a one-page invoice ≤ 100 KB, rendered in ≤ 150 ms on the 2-core machine.
"""

from __future__ import annotations

import argparse
import io
import statistics
import time
from importlib.metadata import version

import pypdf
from _machine import machine_line, percentile

from infrastructure.pdf import BorbPdfRenderer
from tests.adapters.pdf.pdf_samples import invoice, varied_lines


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-n", "--renders", type=int, default=50, help="timed renders per document (default 50)")
    args = parser.parse_args()

    print(machine_line())
    print(f"borb {version('borb')}, fonttools {version('fonttools')}")

    renderer = BorbPdfRenderer()
    started = time.perf_counter()
    renderer.render(invoice(lines=varied_lines(1)))
    print(f"first render (loads fonts): {(time.perf_counter() - started) * 1000:.0f} ms")

    cases = [("one-page invoice, 10 lines", varied_lines(10)), ("multi-page invoice, 135 lines", varied_lines(135))]
    print(f"{'document':32} {'pages':>5} {'bytes':>8} {'median ms':>10} {'p95 ms':>8} {'ms/page':>8} {'p95/page':>9}")
    for label, lines in cases:
        doc = invoice(lines=lines)
        pdf = renderer.render(doc)  # warm-up
        pages = len(pypdf.PdfReader(io.BytesIO(pdf)).pages)
        timings: list[float] = []
        for _ in range(args.renders):
            started = time.perf_counter()
            renderer.render(doc)
            timings.append((time.perf_counter() - started) * 1000)
        median, p95 = statistics.median(timings), percentile(timings, 0.95)
        print(f"{label:32} {pages:5} {len(pdf):8} {median:10.1f} {p95:8.1f} {median / pages:8.1f} {p95 / pages:9.1f}")
    print(f"({args.renders} timed renders each, after one warm-up)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
